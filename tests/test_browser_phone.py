"""The site and both tools on a phone, in Chromium (390 x 844 and 320 px wide, touch).

- No page type scrolls sideways; the wide tables of chapter 5 read as one card per
  intervention below about 700 px and say that they scroll where they still do.
- The Interventiewijzer: its first card is in the first screen after 'Toon interventies';
  its counts stay in view under the form; a card shows its essentials first and the source's
  words (exactly Python's quotes, checked at their anchors by tests/test_quotes.py) one tap
  deeper.
- The LSVG: the form first; a running total and what Python settles stay in view; unanswered
  items are links; leaving asks first; links open beside the page.
- 'Kopieer samenvatting' copies Python's text; nothing typed appears in any request.

One phone context for the module: each tool boots Python once, later pages use its cache.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from types import ModuleType

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, expect

from sitegen.data.loading import load
from tests.conftest import ROOT
from tests.test_accessibility import PAGE_TYPES

pytestmark = pytest.mark.browser

DATA = load(ROOT / "data")
assert DATA.lsvg is not None
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
READY_MS = 60_000
# Every page type, and the pages whose tables the theme does not wrap in its scroll box.
PAGES = {
    **PAGE_TYPES,
    "balansmodel": "/bijlage-2/",
    "list of corrections": "/over-deze-webversie/",
    "werkkaart with tables": "/werkkaarten/interventies/",
    "LSVG, every item answered": "/hulpmiddelen/lsvg/",
}
TYPED = "Geheim-voorbeeld-4711"  # typed into the LSVG's notes


@pytest.fixture(scope="module")
def phone(
    browser: Browser, browser_context_args: dict, base_url: str
) -> Iterator[tuple[BrowserContext, list[Request]]]:
    context = browser.new_context(
        **{**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    requests: list[Request] = []
    context.on("request", lambda request: requests.append(request))  # pages and workers
    yield context, requests
    context.close()


@pytest.fixture
def ppage(phone: tuple[BrowserContext, list[Request]]) -> Iterator[Page]:
    page = phone[0].new_page()
    yield page
    if not page.is_closed():
        page.close()


def ready(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)


def sideways(page: Page) -> int:
    """How far the page scrolls sideways (0: not at all)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def without_refresh(route: Route) -> None:
    """A short link forwards at once (meta refresh): measure the page it shows first."""
    body = route.fetch().text()
    route.fulfill(body=body.replace('http-equiv="refresh"', 'data-refresh="off"'),
                  content_type="text/html")


def answer(page: Page, scores: dict[int, int]) -> None:
    for number, score in scores.items():
        page.locator(f'#lsvg-vraag-{number} input[value="{score}"]').check()


# --- no page wider than the phone --------------------------------------------------------


def test_no_page_scrolls_sideways_at_320_and_390_px(ppage: Page, base_url: str) -> None:
    page = ppage
    page.route("**/r/**", without_refresh)
    wide = []
    for name, path in PAGES.items():
        page.set_viewport_size(PHONE)
        page.goto(base_url + path)
        if path.startswith("/hulpmiddelen/"):
            ready(page)
            if "lsvg" in path and "answered" in name:
                answer(page, dict.fromkeys(range(1, 9), 5))
                expect(page.locator("[data-lsvg-result]")).to_have_attribute("data-total", "40")
            elif "lsvg" not in path:
                expect(page.locator("[data-intervention-id]").first).to_be_attached()
        for viewport in (PHONE, NARROW):
            page.set_viewport_size(viewport)
            if sideways(page) > 0:
                wide.append(f"{name} ({path}) at {viewport['width']} px: {sideways(page)} px")
    assert not wide, "\n".join(wide)
    # the check can fail: one element wider than the screen is found
    page.evaluate("() => { document.querySelector('article p').style.width = '600px'; }")
    assert sideways(page) > 0


def test_the_tables_of_chapter_5_read_as_cards_on_a_phone(ppage: Page, base_url: str) -> None:
    page = ppage
    page.goto(base_url + "/hoofdstuk-5/")
    rows = page.locator(".intervention-table tbody > tr[data-intervention-id]")
    assert rows.count() > 15
    page.set_viewport_size(PHONE)
    shown = page.evaluate("""() => {
      const row = document.querySelector('.intervention-table tbody > tr[data-intervention-id]');
      const cells = [...row.querySelectorAll('td')];
      return {row: getComputedStyle(row).display,
              labels: cells.map(td => getComputedStyle(td, '::before').content),
              wraps: [...document.querySelectorAll('.intervention-table .md-typeset__scrollwrap')]
                .map(w => w.scrollWidth - w.clientWidth)};
    }""")
    assert shown["row"] == "block"
    assert shown["labels"] == ['"Doel"', '"Doelgroep"', '"Erkenningsniveau"', '"Onderzoek"']
    assert shown["wraps"] and set(shown["wraps"]) == {0}  # nothing left to scroll
    # wider, where a table still scrolls inside its box, its caption says so
    page.set_viewport_size({"width": 1280, "height": 800})
    # Chromium evaluates scroll-state queries after a frame's layout: read them a few frames on
    hints = page.evaluate("""async () => {
      for (let i = 0; i < 3; i++) await new Promise((done) => requestAnimationFrame(done));
      return [...document.querySelectorAll('.intervention-table')].map(t => {
        const wrap = t.querySelector('.md-typeset__scrollwrap');
        return [wrap.scrollWidth > wrap.clientWidth,
                getComputedStyle(t.querySelector('caption'), '::after').content];
      });
    }""")
    assert any(scrolls for scrolls, _ in hints)
    for scrolls, hint in hints:
        assert ("schuif opzij" in hint) is scrolls, hints


# --- the Interventiewijzer at a glance ----------------------------------------------------


def test_the_finder_answers_in_the_first_screen(
    ppage: Page, base_url: str, finder_widget: ModuleType
) -> None:
    page = ppage
    page.set_viewport_size(PHONE)
    page.goto(base_url + "/hulpmiddelen/interventiewijzer/")
    ready(page)
    # no bar before a choice: its counts would say nothing yet, and it would stand over the
    # form's first fields as the page opens
    expect(page.locator("[data-finder-state]")).to_have_attribute("data-finder-state", "ready")
    expect(page.locator("[data-finder-jump]")).to_be_hidden()
    page.get_by_label("Jaren", exact=True).fill("3")
    page.get_by_role("checkbox", name="Adoptie- of pleegkind").check()
    reply = json.loads(finder_widget.find_json(json.dumps(
        {"age_months": 36, "situations": ["adoptie-pleeg"]}
    )))["result"]
    n1, n2 = len(reply["tier1"]), len(reply["tier2"])
    # under the form, the counts stay in view while the choices are made
    jump = page.locator("[data-finder-jump]")
    expect(jump).to_have_text(re.compile(rf"^{n1} aanbevolen, {n2} apart genoemd\s+Naar de lijst$"))
    page.get_by_role("checkbox", name="Ouder met een eetstoornis").scroll_into_view_if_needed()
    expect(jump).to_be_in_viewport()
    box = jump.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"] + 1

    page.get_by_role("button", name="Toon interventies").click()
    first = page.locator('[data-finder-list="1"] > [data-intervention-id]').first
    expect(first).to_have_attribute("data-intervention-id", reply["tier1"][0]["id"])
    expect(page.locator("#resultaten")).to_be_focused()
    top = first.bounding_box()
    assert top is not None and 0 <= top["y"] < PHONE["height"] - 100, top  # its title shows
    expect(first.get_by_role("heading")).to_be_in_viewport()

    # the first view: name, age, recognition as the guideline of its revision gives it, form,
    # why it fits; the source's words one tap deeper, exactly what Python quotes
    card = reply["tier1"][0]
    label = f"Erkenning volgens de richtlijn ({DATA.guideline.revision})"
    facts = first.locator(".finder-card__facts")
    expect(facts).to_contain_text(card["glance"]["age"])
    expect(facts.locator("dt")).to_contain_text(["Leeftijd", label, "Vorm"])
    expect(facts).to_contain_text(card["recognition"])
    expect(facts).to_contain_text(card["glance"]["form"])
    expect(first.locator(".finder-card__fit")).to_have_text(card["glance"]["fit"])
    more = first.locator("details.finder-card__more")
    expect(more).not_to_have_attribute("open", "")
    assert more.locator("q.finder-quote").all_text_contents() == [
        line["quote"] for line in card["why"] if line["quote"] is not None
    ]
    height = first.bounding_box()["height"]
    assert height < 420, height  # at a glance: the quotes are folded
    more.locator("summary").click()
    expect(more.locator("q.finder-quote").first).to_be_visible()
    for listed in reply["tier2"]:  # set apart: the reason's label at first sight
        expect(page.locator(f'[data-finder-list="2"] > [data-intervention-id="{listed["id"]}"] '
                            ".finder-card__fit")).to_have_text(listed["glance"]["fit"])

    # back at the form, the bar leads to the list as well
    page.evaluate("scrollTo(0, 0)")
    page.get_by_role("checkbox", name="Mishandeling, verwaarlozing of huiselijk geweld in het "
                                       "gezin (nu of vroeger)").scroll_into_view_if_needed()
    jump.get_by_role("button").click()
    expect(page.locator("#resultaten")).to_be_focused()
    expect(first.get_by_role("heading")).to_be_in_viewport()

    # 'Kopieer samenvatting': Python's text for these choices, whole addresses of this site
    page.get_by_role("button", name="Kopieer samenvatting").click()
    expect(page.locator("[data-finder-summary-copied]")).to_contain_text("gekopieerd")
    expected = json.loads(finder_widget.summary_json(json.dumps(
        {"query": "leeftijd-jaren=3&situatie=adoptie-pleeg", "base": base_url + "/"}
    )))["result"]["text"]
    assert page.evaluate("navigator.clipboard.readText()") == expected


# --- the LSVG in a conversation -----------------------------------------------------------


def test_the_lsvg_keeps_the_score_in_view_and_the_answers_safe(
    ppage: Page, base_url: str, lsvg_widget: ModuleType
) -> None:
    page = ppage
    page.set_viewport_size(PHONE)
    page.goto(base_url + "/hulpmiddelen/lsvg/")
    ready(page)
    # the form first: the conditions of use folded under one line
    conditions = page.locator("details.lsvg-conditions")
    expect(conditions).not_to_have_attribute("open", "")
    assert conditions.locator("summary").bounding_box()["height"] < 80
    item_1 = page.locator("#lsvg-vraag-1").bounding_box()
    assert item_1 is not None and item_1["y"] < 1.2 * PHONE["height"], item_1

    answer(page, {1: 1, 2: 1, 3: 1})
    result = page.locator("[data-lsvg-result]")
    expect(result).to_have_attribute("data-answered", "3")
    running = page.locator("[data-lsvg-running]")
    expect(running).to_be_in_viewport()  # while item 3 is answered
    view = lsvg_widget.outlook([1, 1, 1, None, None, None, None, None])
    assert view.band is None
    expect(running).to_contain_text("3 van 8 gescoord")
    expect(running).to_contain_text(f"totaal tot nu: {view.sum}")
    expect(running).to_contain_text(f"eindtotaal {view.low} tot en met {view.high}")
    open_message = result.locator('[data-lsvg-outlook="open"]')
    expect(open_message).to_contain_text("3 van 8 gescoord: de uitkomst staat nog niet vast")
    expect(open_message.locator("a")).to_have_text([str(n) for n in view.could_change])
    expect(result).to_have_attribute("data-settled", "")

    answer(page, {1: 5, 2: 5, 3: 5})  # 15 with five items open: 20 or more, settled
    view = lsvg_widget.outlook([5, 5, 5, None, None, None, None, None])
    band = next(b for b in DATA.lsvg.bands if b.id == view.band)
    expect(result).to_have_attribute("data-settled", band.id)
    settled = result.locator('[data-lsvg-outlook="settled"]')
    expect(settled).to_contain_text("3 van 8 gescoord: uitkomst staat vast")
    expect(settled).to_contain_text(band.label)
    expect(running).to_contain_text("uitkomst staat vast")
    expect(result).to_have_attribute("data-total", "")  # no total before all eight
    links = settled.locator("a")
    expect(links).to_have_text(["4", "5", "6", "7", "8"])
    assert links.evaluate_all("els => els.map(a => a.getAttribute('href'))") == [
        f"#lsvg-vraag-{n}" for n in range(4, 9)
    ]
    links.nth(2).click()  # to item 6
    expect(page.locator("#lsvg-vraag-6 legend")).to_be_in_viewport()

    # links to other pages open beside this one, and say so to screen readers
    note = page.locator("#lsvg-nieuw-tabblad")
    expect(note).to_have_text("opent in een nieuw tabblad")
    outward = page.locator("article a[href]:not(.headerlink):not([href^='#'])")
    assert outward.count() > 10
    for link in outward.all():
        assert link.get_attribute("target") == "_blank", link.get_attribute("href")
        assert "noopener" in (link.get_attribute("rel") or "")
        assert "lsvg-nieuw-tabblad" in (link.get_attribute("aria-describedby") or "").split()
    assert page.locator("a[href^='#'][target]").count() == 0

    # 'Kopieer samenvatting': Python's text, with the notes typed here
    page.locator("#lsvg-2-notities").fill(TYPED)
    page.get_by_role("button", name="Kopieer samenvatting").click()
    expect(page.locator("[data-lsvg-copied]")).to_contain_text("gekopieerd")
    notes = ["", TYPED, "", "", "", "", "", ""]
    expected = json.loads(lsvg_widget.summary_json(json.dumps(
        {"scores": [5, 5, 5, None, None, None, None, None], "notes": notes, "base": base_url + "/"}
    )))["result"]["text"]
    assert page.evaluate("navigator.clipboard.readText()") == expected

    # with answers, leaving or reloading asks first
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == ["beforeunload"]


def test_without_answers_leaving_does_not_ask(ppage: Page, base_url: str) -> None:
    page = ppage
    page.goto(base_url + "/hulpmiddelen/lsvg/")
    ready(page)
    page.locator("article h1").click()  # a user gesture, which a beforeunload dialog needs
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == []


def test_nothing_typed_appears_in_any_request(
    phone: tuple[BrowserContext, list[Request]], base_url: str
) -> None:
    """Over every page of this module: the notes, the age and the situations typed or ticked
    stayed in the browser (the finder's choices live after '#', never sent)."""
    requests = phone[1]
    assert any("/pyodide/" in r.url for r in requests)  # the tools' own files were fetched
    foreign = [r.url for r in requests if not r.url.startswith((base_url, "data:", "blob:"))]
    assert not foreign, foreign
    carrying = [
        r.url for r in requests
        if TYPED in r.url or "situatie=" in r.url or "leeftijd-" in r.url
        or TYPED in (r.post_data or "")
    ]
    assert not carrying, carrying
    assert {r.method for r in requests} == {"GET"}
