"""The Interventiewijzer (/hulpmiddelen/interventiewijzer/) in Chromium: Python (Pyodide)
finds, ranks and words; the page fills its <template>s with Python's answer. The expected
cards are what widgets.finder gives in CPython.

The tests with Python share one browser context and page (one Pyodide boot, then reloads
from the context's cache), to keep the suite fast.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from sitegen.data.loading import load
from tests.conftest import ROOT
from tests.html import page_file, soup
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser

DATA = load(ROOT / "data")
assert DATA.finder is not None
TEXTS = DATA.finder.texts
PATH = "/hulpmiddelen/interventiewijzer/"
READY_MS = 60_000  # about 3 s on an idle 2-core machine; generous for a loaded CI
TIER = '[data-finder-list="{}"] > [data-intervention-id]'


def expected(finder: ModuleType, **request: Any) -> dict[str, Any]:
    reply = json.loads(finder.find_json(json.dumps(request)))
    assert reply["ok"], reply
    return reply["result"]


def shown(page: Page, tier: int) -> list[str]:
    return page.locator(TIER.format(tier)).evaluate_all(
        "els => els.map(e => e.dataset.interventionId)"
    )


def expect_cards(page: Page, finder: ModuleType, **request: Any) -> dict[str, Any]:
    """The page shows exactly what CPython's widgets.finder gives, in the same order."""
    result = expected(finder, **request)
    expect(page.locator("[data-finder-summary]")).to_have_text(result["summary"])
    expect(page.locator("[data-finder-state]")).to_have_attribute("data-finder-state", "ready")
    assert shown(page, 1) == [c["id"] for c in result["tier1"]]
    assert shown(page, 2) == [c["id"] for c in result["tier2"]]
    return result


def state_of(page: Page) -> dict[str, list[str]]:
    """The choices in the page's address: after '#', never in the query."""
    url = urlsplit(page.url)
    assert url.query == "", url
    return parse_qs(url.fragment)


# --- static HTML -----------------------------------------------------------------------------


def test_form_precondition_tiers_and_warning_are_in_the_static_html(site: Path) -> None:
    doc = soup(site / "hulpmiddelen" / "interventiewijzer" / "index.html")
    form = doc.select_one("form[data-finder-form]")
    assert form is not None
    legends = [f.legend.get_text(" ", strip=True) for f in form.select("fieldset")]
    assert legends[:2] == ["Leeftijd van de jeugdige", "Situatie (geen, één of meer)"]
    for field in form.select("input, select"):
        assert doc.select_one(f"label[for={field['id']}]") is not None, field
    boxes = form.select('input[type=checkbox][name="situatie"]')
    # the situations the guideline names most first (data/situations.yml `frequent`), the
    # others folded under 'Meer situaties', each group in the data's order
    in_order = [s for s in DATA.situations if s.frequent]
    folded = [s for s in DATA.situations if not s.frequent]
    assert in_order and folded
    assert [b["value"] for b in boxes] == [s.id for s in in_order + folded]
    for box, situation in zip(boxes, in_order + folded, strict=True):
        assert box.find_parent("label").get_text(strip=True) == situation.label
        assert (box.find_parent("details") is not None) is (not situation.frequent)
    more = form.select_one("details[data-finder-more]")
    assert more.summary.get_text(strip=True) == f"Meer situaties ({len(folded)})"
    assert not more.has_attr("open")
    options = [o["value"] for o in form.select('select[name="erkenning"] option')]
    assert options == ["", *(lv.id for lv in DATA.finder.recognition_levels[:-1])]
    assert "hekje" in form.select_one(".finder-privacy").get_text()

    results = doc.select_one("[data-finder-state]")
    precondition = results.select_one("[data-finder-precondition]")
    assert not precondition.has_attr("hidden")
    assert TEXTS.precondition_title in precondition.get_text()
    assert DATA.statement("conclusie-5-6-1").text.split()[0] in precondition.get_text()
    assert precondition.select_one('a[href="../../hoofdstuk-5/#conclusie-5-6-1"]')
    tiers = results.select("[data-finder-tier]")
    assert [t.h3.get_text(" ", strip=True).rstrip("¶").strip() for t in tiers] == [
        TEXTS.tier1_heading, TEXTS.tier2_heading
    ]
    # the precondition comes before any result
    order = [el for el in results.find_all(True) if el.has_attr("data-finder-precondition")
             or el.has_attr("data-finder-list")]
    assert order[0].has_attr("data-finder-precondition")
    for tier in ("1", "2"):
        assert not results.select_one(f'[data-finder-list="{tier}"]').select("li")
    for group in DATA.finder.age_groups:
        text = results.select_one(f'[data-finder-group="{group.id}"]')
        assert text is not None and text.has_attr("hidden")
    templates = {t["data-finder-template"] for t in doc.select("template[data-finder-template]")}
    assert templates == {"card", "line", "note", "ref", "message"}

    failed = doc.select_one('[data-finder-when="failed"]')
    hrefs = [a["href"] for a in failed.select("a[href]")]
    for n in (1, 2, 3):
        assert f"../../hoofdstuk-5/#tabel-{n}" in hrefs
    harmful = doc.select_one(".finder-harmful").get_text(" ")
    for approach in DATA.harmful_approaches:
        assert approach.name in harmful
    advice = doc.select_one("[data-finder-advice]")
    assert advice.has_attr("hidden") and TEXTS.advice_title in advice.get_text()
    assert advice.select_one('a[href="../../hoofdstuk-5/#aanbeveling-5-7-4"]') is not None


def test_the_script_builds_no_markup() -> None:
    """Cards are the page's <template>s; the script only fills in text and links."""
    script = (ROOT / "web" / "finder" / "finder.mjs").read_text(encoding="utf-8")
    assert "createElement" not in script and "innerHTML" not in script
    assert "insertAdjacentHTML" not in script and "outerHTML" not in script


def test_the_finder_is_linked_and_shares_the_lsvg_worker(site: Path) -> None:
    chapter = soup(site / "hoofdstuk-5" / "index.html")
    par = chapter.find(id="par-5-2")
    first = par.find_next("p")
    assert first.select_one('a[href$="hulpmiddelen/interventiewijzer/"]') is not None
    overview = soup(site / "interventies" / "index.html")
    assert overview.select_one('article a[href$="hulpmiddelen/interventiewijzer/"]') is not None
    for page in ("interventiewijzer", "lsvg"):
        doc = soup(site / "hulpmiddelen" / page / "index.html")
        # the worker starts from the head, before the stylesheets (overrides/main.html)
        early = doc.select('script[type=module][async][src*="assets/widgets/client.mjs"]')
        assert len(early) == 1 and early[0]["fetchpriority"] == "high"
        assert early[0].parent.name == "head"
        assert early[0].find_previous("link", rel="stylesheet") is None
    assert (site / "assets" / "widgets" / "worker.mjs").is_file()
    loading = sorted(
        str(path.relative_to(site))
        for path in site.rglob("*.html")
        if soup(path).select('script[src*="finder"], script[src*="widgets/client"]')
    )
    assert loading == ["hulpmiddelen/interventiewijzer/index.html", "hulpmiddelen/lsvg/index.html"]
    links = soup(site / "links" / "index.html")
    section = links.find(id="gefilterde-interventiewijzer")
    assert section is not None
    examples = [
        a["href"]
        for a in section.find_all_next("a", href=re.compile("interventiewijzer/#leeftijd"))
    ]
    assert len(examples) == len(DATA.guideline.tools.finder.examples)
    assert not section.find_all_next("a", href=re.compile(r"interventiewijzer/\?"))


# --- with Python: one context and page for the module ---------------------------------------


@pytest.fixture(scope="module")
def recorded() -> list[Request]:
    return []


@pytest.fixture(scope="module")
def finder_context(browser: Browser, recorded: list[Request]) -> Iterator[BrowserContext]:
    context = browser.new_context()
    context.on("request", lambda request: recorded.append(request))  # pages and workers
    yield context
    context.close()


@pytest.fixture(scope="module")
def fpage(finder_context: BrowserContext) -> Iterator[Page]:
    page = finder_context.new_page()
    yield page
    page.close()


def ready(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)


def test_choose_and_see_both_tiers_with_their_sources(
    fpage: Page, base_url: str, site: Path, finder_widget: ModuleType
) -> None:
    page = fpage
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    # a link with a wrong parameter: Python points it out, and the form still works
    page.goto(base_url + PATH + "#situatie=pleegkind")
    expect(page.locator("html")).to_have_attribute("data-pyodide", re.compile("loading|ready"))
    ready(page)
    # the tool's own status (the offline panel beside it may have a status of its own)
    expect(page.locator("[data-finder-status]")).to_contain_text("klaar")
    expect(page.locator("[data-finder-summary]")).to_contain_text("onbekende situatie 'pleegkind'")
    expect(page.locator("[data-intervention-id]")).to_have_count(0)
    expect(page.locator("[data-finder-precondition]")).to_be_visible()
    page.get_by_label("Jaren", exact=True).fill("2")
    # the worker starts from the page's head (overrides/main.html): by the time the event
    # is read it may be listed by the page only
    workers += [worker.url for worker in page.workers]
    assert any("/assets/widgets/worker.mjs" in url for url in workers), workers

    page.get_by_label("Maanden", exact=True).fill("0")
    page.get_by_role("checkbox", name="Adoptie- of pleegkind").check()
    expect(page.get_by_role("checkbox", name="Vroeggeboorte of een moeilijke start")).to_be_hidden()
    page.locator("details[data-finder-more] > summary").click()  # folded: one tap opens them
    page.get_by_role("checkbox", name="Vroeggeboorte of een moeilijke start").check()
    result = expect_cards(
        page, finder_widget, age_months=24, situations=["adoptie-pleeg", "vroeggeboorte"]
    )
    assert state_of(page) == {
        "leeftijd-jaren": ["2"], "leeftijd-maanden": ["0"],
        "situatie": ["adoptie-pleeg", "vroeggeboorte"],
    }
    # the precondition above the results, both tier headings, the group's explanation
    expect(page.locator("[data-finder-precondition]")).to_contain_text("Conclusie 5.6.1")
    expect(page.get_by_role("heading", name=TEXTS.tier1_heading)).to_be_visible()
    expect(page.get_by_role("heading", name=TEXTS.tier2_heading)).to_be_visible()
    expect(page.locator('[data-finder-group="jong"]')).to_be_visible()
    expect(page.locator('[data-finder-group="ouder"]')).to_be_hidden()

    vipp = page.locator('[data-finder-list="1"] > [data-intervention-id="vipp-sd"]')
    expect(vipp.get_by_role("heading", name="VIPP-SD")).to_be_visible()
    expect(vipp).to_contain_text("DEJ: Effectief volgens sterke aanwijzingen.")
    expect(vipp).to_contain_text("Leeftijd volgens de richtlijn: van nul tot en met zes jaar")
    expect(vipp).to_contain_text("Ook genoemd voor adoptie- of pleegkind")
    expect(vipp.locator(".finder-card__reason")).to_have_count(0)
    sherborne = page.locator('[data-finder-list="2"] > [data-intervention-id="sherborne"]')
    card = next(c for c in result["tier2"] if c["id"] == "sherborne")
    expect(sherborne).to_contain_text(f"Waarom apart: {card['reason']['label']}.")
    expect(sherborne).to_contain_text(card["reason"]["text"])
    expect(sherborne).to_contain_text(
        "Past bij adoptie- of pleegkind of vroeggeboorte of een moeilijke start"
    )
    expect(sherborne).to_contain_text("Niet in de DEJ opgenomen.")
    ddp = page.locator('[data-intervention-id="ddp"]')
    expect(ddp.locator(".source-note").filter(has_text="Bronopmerking: Wordt DDP")).to_have_count(1)
    # and the difference of kernaanbeveling 8 and its row (review of issue 17)
    expect(ddp.locator(".source-note").filter(has_text="ook buiten de doelgroep")).to_have_count(1)

    # every link of every card resolves to an anchor of the built site, but for the note on
    # the recognition, which names the databank's owner (guideline.yml, recognition_note)
    note = page.locator("[data-finder-list] .finder-card__recognition-note a")
    expect(note.first).to_have_attribute("href", "https://www.nji.nl")
    hrefs = page.locator(
        "[data-finder-list] a[href]:not(.finder-card__recognition-note a)"
    ).evaluate_all("els => els.map(a => a.href)")
    assert len(hrefs) > 30
    for href in set(hrefs):
        assert href.startswith(base_url), href
        url = urlsplit(href[len(base_url):])
        doc = soup(page_file(site, url.path))
        assert not url.fragment or doc.find(id=url.fragment) is not None, href
    assert base_url + "/hoofdstuk-5/#tabel-1-vipp-sd" in hrefs
    assert base_url + "/hoofdstuk-5/#aanbeveling-5-7-2" in hrefs
    assert base_url + "/over-deze-webversie/#bronopmerking-ddp-kjp" in hrefs

    # six years: the other wordings of the seven-year split
    page.get_by_label("Jaren", exact=True).fill("6")
    expect_cards(page, finder_widget, age_months=72, situations=["adoptie-pleeg", "vroeggeboorte"])
    expect(page.locator("[data-finder-notes] .source-note")).to_contain_text(
        "De grens tussen jonge en oudere kinderen"
    )

    # keyboard only: a teenager with borderline traits, no recognised intervention
    jaren = page.get_by_label("Jaren", exact=True)
    jaren.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("15")
    page.keyboard.press("Tab")  # months
    page.keyboard.press("Backspace")
    expect(page.get_by_label("Maanden", exact=True)).to_have_value("")
    for name in ("Adoptie- of pleegkind", "Vroeggeboorte of een moeilijke start"):
        page.get_by_role("checkbox", name=name).focus()
        page.keyboard.press("Space")  # unchecks
    page.get_by_role("checkbox", name="Jongere met borderline kenmerken").focus()
    page.keyboard.press("Space")
    result = expect_cards(page, finder_widget, age_months=180, situations=["borderline-kenmerken"])
    assert shown(page, 1) == ["mbt-a"]
    expect(page.locator('[data-finder-group="ouder"]')).to_be_visible()
    advice = page.locator("[data-finder-advice]")
    expect(advice).to_be_visible()  # MBT-A is not recognised in the DEJ
    expect(advice.get_by_role("link", name="Aanbeveling 5.7.4").first).to_have_attribute(
        "href", "../../hoofdstuk-5/#aanbeveling-5-7-4"
    )
    jaren.focus()
    page.keyboard.press("Enter")  # submits: 'Toon interventies' takes the focus to the list
    expect(page.locator("#resultaten")).to_be_focused()

    # nothing at twenty: tier 1 says so
    jaren.fill("20")
    expect_cards(page, finder_widget, age_months=240, situations=["borderline-kenmerken"])
    expect(page.locator('[data-finder-empty="1"]')).to_have_text(TEXTS.tier1_empty)
    expect(page.locator('[data-finder-empty="2"]')).to_be_visible()

    # not yet born, with and without an age
    page.get_by_role("checkbox", name="Nog niet geboren (zwangerschap)").check()
    expect(page.locator("[data-finder-state]")).to_have_attribute("data-finder-state", "error")
    expect(page.locator("[data-finder-summary]")).to_contain_text("nog niet geboren")
    expect(page.locator("[data-intervention-id]")).to_have_count(0)
    jaren.fill("")
    page.get_by_role(
        "checkbox", name="Jonge aanstaande moeder (zwanger) uit een hoog-risicogroep"
    ).check()
    expect_cards(
        page, finder_widget, prenatal=True,
        situations=["zwanger-hoog-risico", "borderline-kenmerken"],
    )
    assert shown(page, 1) == ["voorzorg"]

    # no age: nothing recommended, the page asks for an age
    page.get_by_role("checkbox", name="Nog niet geboren (zwangerschap)").uncheck()
    result = expect_cards(
        page, finder_widget, situations=["zwanger-hoog-risico", "borderline-kenmerken"]
    )
    expect(page.locator("[data-finder-messages]")).to_contain_text(TEXTS.no_age)
    assert shown(page, 1) == [] and shown(page, 2)

    # a child in an institution without parents: aanbeveling 5.7.7
    page.get_by_role("button", name="Wis alle keuzes").click()
    expect_cards(page, finder_widget)
    assert urlsplit(page.url).fragment == ""
    jaren.fill("9")
    page.get_by_role(
        "checkbox", name="Kind in een instelling waar geen ouders (meer) beschikbaar zijn"
    ).check()
    expect_cards(page, finder_widget, age_months=108, situations=["instelling-zonder-ouders"])
    expect(page.locator('[data-finder-statement="aanbeveling-5-7-7"]')).to_be_visible()
    # issue 17: a treatment says who indicates it; a card set apart because its row is narrower
    # shows the row's words and the bronopmerking
    theraplay = page.locator('[data-finder-list="1"] > [data-intervention-id="theraplay"]')
    theraplay.locator("details.finder-card__more > summary").click()  # the sources: one tap
    indication = theraplay.locator(".finder-card__indication")
    expect(indication).to_contain_text("Wie de behandeling aanbiedt of indiceert")
    expect(indication).to_contain_text("door een gedragswetenschapper die gespecialiseerd is")
    expect(indication.get_by_role("link", name="Stap 3").first).to_be_visible()
    expect(theraplay.locator(".finder-card__narrower")).to_have_count(0)
    mbt_k = page.locator('[data-finder-list="2"] > [data-intervention-id="mbt-k"]')
    expect(mbt_k.locator(".finder-card__narrower")).to_contain_text(
        "Doelgroep volgens tabel 2: Ouders van pleeg- of adoptiekinderen en jongeren 5-12 jaar"
    )
    mbt_k.locator("details.finder-card__more > summary").click()
    kjp_note = mbt_k.locator(".source-note", has_text="Wordt MBT-K door het KJP vermeld?")
    expect(kjp_note).to_be_visible()
    harmful = {a.id for a in DATA.harmful_approaches}
    assert not harmful & set(shown(page, 1) + shown(page, 2))
    assert axe_violations(page) == []  # WCAG 2.1 AA, with cards in both tiers on the page


def test_the_state_lives_in_the_fragment_and_survives_reload_and_scrolling(
    fpage: Page, base_url: str, finder_widget: ModuleType
) -> None:
    page = fpage
    state = (
        "leeftijd-jaren=9&situatie=ernstige-gehechtheidsproblemen"
        "&situatie=adoptie-pleeg&erkenning=goed-onderbouwd"
    )
    request = {
        "age_months": 108,
        "situations": ["adoptie-pleeg", "ernstige-gehechtheidsproblemen"],
        "min_level": "goed-onderbouwd",
    }
    for step in ("open", "reload", "scroll"):
        if step == "open":
            page.goto(base_url + PATH + "#" + state)
            expect(page.get_by_label("Jaren", exact=True)).to_have_value("9")  # at once
        elif step == "reload":
            page.reload()
        else:  # the theme writes the heading in view into the fragment; the choices stay
            heading = page.get_by_role("heading", name="Zo werkt de Interventiewijzer")
            heading.scroll_into_view_if_needed()
            page.wait_for_timeout(1_000)
            page.mouse.wheel(0, -20_000)
            page.wait_for_timeout(1_000)
        ready(page)
        expect(page.get_by_label("Jaren", exact=True)).to_have_value("9")
        expect(page.get_by_label("Maanden", exact=True)).to_have_value("")
        expect(page.get_by_role("checkbox", name="Adoptie- of pleegkind")).to_be_checked()
        expect(page.get_by_role("checkbox", name="Ernstige gehechtheidsproblemen")).to_be_checked()
        expect(page.get_by_role("checkbox", name="Ouder met een eetstoornis")).not_to_be_checked()
        expect(page.get_by_label("Ten minste")).to_have_value("goed-onderbouwd")
        result = expect_cards(page, finder_widget, **request)
        assert shown(page, 1) == ["basic-trust", "vht-4-12"]
        assert result["below_level"] > 0
        expect(page.locator("[data-finder-messages]")).to_contain_text("lager erkenningsniveau")
        # the address holds the state as Python read it (situations in the data's order)
        as_read = finder_widget.parse_state(state)[1]
        assert parse_qs(urlsplit(page.url).fragment) == parse_qs(as_read), step
    # a link to a heading of the page (the table of contents) scrolls there, the choices stay
    page.locator('nav.md-nav--secondary a[href="#zo-werkt-het"]:visible').first.click()
    expect(page.get_by_role("heading", name="Zo werkt de Interventiewijzer")).to_be_in_viewport()
    expect(page).to_have_url(re.compile("#leeftijd-jaren=9&"))
    # a link edited by hand in the address bar
    page.evaluate("() => { location.hash = 'leeftijd-jaren=1'; }")
    expect_cards(page, finder_widget, age_months=12)
    expect(page.get_by_label("Jaren", exact=True)).to_have_value("1")


def test_an_old_query_link_is_restored_and_moved_to_the_fragment(
    fpage: Page, base_url: str, finder_widget: ModuleType
) -> None:
    page = fpage
    page.goto(base_url + PATH + "?leeftijd-jaren=3&situatie=adoptie-pleeg#resultaten")
    ready(page)
    expect_cards(page, finder_widget, age_months=36, situations=["adoptie-pleeg"])
    assert state_of(page) == {"leeftijd-jaren": ["3"], "situatie": ["adoptie-pleeg"]}
    expect(page.get_by_role("checkbox", name="Adoptie- of pleegkind")).to_be_checked()
    page.reload()  # the reload sends nothing of the choices to the server
    ready(page)
    expect_cards(page, finder_widget, age_months=36, situations=["adoptie-pleeg"])


def test_a_repeated_or_long_parameter_gives_a_dutch_message_and_no_list(
    fpage: Page, base_url: str
) -> None:
    page = fpage
    page.goto(base_url + PATH + "#leeftijd-jaren=3&leeftijd-jaren=15")
    ready(page)
    summary = page.locator("[data-finder-summary]")
    expect(summary).to_have_text(
        "Controleer de keuzes: de link noemt 'leeftijd-jaren' 2 keer; geef die keuze één keer"
    )
    expect(page.locator("[data-intervention-id]")).to_have_count(0)
    expect(page.get_by_label("Jaren", exact=True)).to_have_value("")  # no guess either
    page.goto(base_url + PATH + "#situatie=" + "x" * 5_000)
    ready(page)
    expect(summary).to_contain_text("onbekende situatie '" + "x" * 32 + "…'")
    assert "x" * 33 not in summary.inner_text()
    expect(page.locator("[data-intervention-id]")).to_have_count(0)
    page.goto(base_url + PATH + "#leeftijd-jaren=" + "9" * 4300)
    ready(page)
    expect(summary).to_contain_text("Leeftijd in jaren is te groot")


def test_the_form_shows_a_link_as_python_reads_it(
    fpage: Page, base_url: str, finder_widget: ModuleType
) -> None:
    """One reading of a link, Python's: the form shows the choices the answer is for (it
    showed an empty age beside results for 3 years), and what Python cannot read is said."""
    page = fpage
    years = page.get_by_label("Jaren", exact=True)
    page.goto(base_url + PATH + "#leeftijd-jaren=+3")  # opened
    ready(page)
    expect_cards(page, finder_widget, age_months=36)
    expect(years).to_have_value("3")
    expect(page).to_have_url(re.compile("#leeftijd-jaren=3$"))
    page.goto(base_url + PATH + "#situatie=%20adoptie-pleeg")  # the fragment changed
    expect_cards(page, finder_widget, situations=["adoptie-pleeg"])
    expect(page.get_by_role("checkbox", name="Adoptie- of pleegkind")).to_be_checked()
    expect(years).to_have_value("")
    assert state_of(page) == {"situatie": ["adoptie-pleeg"]}
    page.goto(base_url + PATH + "#prenataal=JA")
    expect_cards(page, finder_widget, prenatal=True)
    expect(page.get_by_role("checkbox", name="Nog niet geboren (zwangerschap)")).to_be_checked()
    page.get_by_role("checkbox", name="Nog niet geboren (zwangerschap)").uncheck()
    summary = page.locator("[data-finder-summary]")
    for typed in ("3e", "--3"):
        years.fill(typed)
        expect(summary).to_have_text(
            f"Controleer de keuzes: Leeftijd in jaren moet een heel getal van 0 of meer zijn, "
            f"niet '{typed}'"
        )
        expect(page.locator("[data-intervention-id]")).to_have_count(0)


def test_no_request_leaves_the_origin_or_carries_the_choices(
    fpage: Page, base_url: str, recorded: list[Request]
) -> None:
    fpage.wait_for_load_state("networkidle")
    urls = [r.url for r in recorded]
    assert any(u.endswith("/pyodide.asm.wasm") for u in urls)  # the worker's requests count
    assert any("/pyodide/snapshot-" in u for u in urls)  # the snapshot boot, not the wheel
    foreign = [u for u in urls if not u.startswith((base_url, "data:", "blob:"))]
    assert not foreign, foreign
    assert all(r.method == "GET" for r in recorded)
    # only the old query link (opened on purpose) put choices into a request
    carrying = [u for u in urls if "situatie" in u or "leeftijd" in u]
    assert carrying == [base_url + PATH + "?leeftijd-jaren=3&situatie=adoptie-pleeg"], carrying
    stored = fpage.evaluate(
        "() => JSON.stringify([Object.keys(localStorage), Object.keys(sessionStorage), "
        "document.cookie])"
    )
    assert stored == '[[],[],""]'


# --- without Python --------------------------------------------------------------------------


def test_blocked_pyodide_says_so_and_links_the_tables(
    page: Page, context: BrowserContext, base_url: str
) -> None:
    context.route("**/*.wasm", lambda route: route.abort())
    page.goto(base_url + PATH + "#leeftijd-jaren=3")
    expect(page.locator("html")).to_have_attribute("data-pyodide", "failed", timeout=READY_MS)
    failed = page.locator('[data-finder-when="failed"]')
    expect(failed).to_be_visible()
    expect(failed).to_contain_text("kan in deze browser niet laden")
    for n in (1, 2, 3):
        expect(failed.get_by_role("link", name=f"tabel {n}")).to_have_attribute(
            "href", f"../../hoofdstuk-5/#tabel-{n}"
        )
    expect(page.locator("[data-finder-state]")).to_have_attribute(
        "data-finder-state", "unavailable"
    )
    expect(page.locator("[data-finder-summary]")).to_contain_text("Geen lijst")
    expect(page.locator("[data-intervention-id]")).to_have_count(0)
    expect(page.get_by_label("Jaren", exact=True)).to_have_value("3")  # the form still works
