"""The Interventiewijzer (/hulpmiddelen/interventiewijzer/) in Chromium: Python (Pyodide)
finds and ranks, JS shows. The expected cards are what widgets.finder gives in CPython.

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

from sitegen.loading import load
from tests.conftest import ROOT
from tests.html import soup
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser

DATA = load(ROOT / "data")
PATH = "/hulpmiddelen/interventiewijzer/"
READY_MS = 60_000  # about 3 s on an idle 2-core machine; generous for a loaded CI
CARDS = "[data-finder-results] [data-intervention-id]"


def expected(finder: ModuleType, **request: Any) -> dict[str, Any]:
    reply = json.loads(finder.find_json(json.dumps(request)))
    assert reply["ok"], reply
    return reply["result"]


def expect_cards(page: Page, finder: ModuleType, **request: Any) -> dict[str, Any]:
    """The page shows exactly what CPython's widgets.finder gives, in the same order."""
    result = expected(finder, **request)
    expect(page.locator("[data-finder-summary]")).to_have_text(result["summary"])
    expect(page.locator("[data-finder-state]")).to_have_attribute("data-finder-state", "ready")
    shown = page.locator(CARDS).evaluate_all("els => els.map(e => e.dataset.interventionId)")
    assert shown == [m["id"] for m in result["matches"]]
    return result


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# --- static HTML -----------------------------------------------------------------------------


def test_form_results_and_warning_are_in_the_static_html(site: Path) -> None:
    doc = soup(site / "hulpmiddelen" / "interventiewijzer" / "index.html")
    form = doc.select_one("form[data-finder-form]")
    assert form is not None and form["method"] == "get"
    legends = [f.legend.get_text(" ", strip=True) for f in form.select("fieldset")]
    assert legends[:2] == ["Leeftijd van de jeugdige", "Situatie (geen, één of meer)"]
    for field in form.select("input, select"):
        assert doc.select_one(f"label[for={field['id']}]") is not None, field
    assert form.select_one('input[name="leeftijd-jaren"][type=number]')
    assert form.select_one('input[name="leeftijd-maanden"][type=number]')
    assert form.select_one('input[type=checkbox][name="prenataal"][value="ja"]')
    boxes = form.select('input[type=checkbox][name="situatie"]')
    assert [b["value"] for b in boxes] == [s.id for s in DATA.situations]
    for box, situation in zip(boxes, DATA.situations, strict=True):
        assert box.find_parent("label").get_text(strip=True) == situation.label
    options = [o["value"] for o in form.select('select[name="erkenning"] option')]
    assert options[0] == "" and len(options) == 6  # 'all' plus every level but 'niet erkend'
    results = doc.select_one("ol[data-finder-results]")
    assert results is not None and not results.select("li")  # filled by Python only
    assert doc.select_one("[data-finder-summary]")["aria-live"] == "polite"
    assert doc.select_one("[data-finder-status]")["role"] == "status"
    failed = doc.select_one('[data-finder-when="failed"]')
    hrefs = [a["href"] for a in failed.select("a[href]")]
    for n in (1, 2, 3):
        assert f"../../hoofdstuk-5/#tabel-{n}" in hrefs
    harmful = doc.select_one(".finder-harmful").get_text(" ")
    for approach in DATA.harmful_approaches:
        assert approach.name in harmful
    advice = doc.select_one("[data-finder-advice]")
    assert advice.has_attr("hidden")
    assert advice.select_one('a[href="../../hoofdstuk-5/#aanbeveling-5-7-4"]') is not None


def test_the_finder_is_linked_and_shares_the_lsvg_worker(site: Path) -> None:
    chapter = soup(site / "hoofdstuk-5" / "index.html")
    par = chapter.find(id="par-5-2")
    first = par.find_next("p")
    assert first.select_one('a[href$="hulpmiddelen/interventiewijzer/"]') is not None
    overview = soup(site / "interventies" / "index.html")
    assert overview.select_one('article a[href$="hulpmiddelen/interventiewijzer/"]') is not None
    nav = [a["href"] for a in chapter.select("nav a[href]")]
    assert any(h.endswith("hulpmiddelen/interventiewijzer/") for h in nav)
    # one shared loader: both tool pages start the same client and worker
    for page in ("interventiewijzer", "lsvg"):
        doc = soup(site / "hulpmiddelen" / page / "index.html")
        assert doc.select_one('link[rel=modulepreload][href*="assets/widgets/client.mjs"]')
    assert (site / "assets" / "widgets" / "worker.mjs").is_file()
    assert not list(site.rglob("lsvg-worker.mjs"))
    loading = sorted(
        str(path.relative_to(site))
        for path in site.rglob("*.html")
        if soup(path).select('script[src*="finder"], link[href*="widgets/client"]')
    )
    assert loading == ["hulpmiddelen/interventiewijzer/index.html", "hulpmiddelen/lsvg/index.html"]
    links = soup(site / "links" / "index.html")
    section = links.find(id="gefilterde-interventiewijzer")
    assert section is not None
    examples = [
        a["href"] for a in section.find_all_next("a", href=re.compile("interventiewijzer/\\?"))
    ]
    assert len(examples) == 2


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


def test_set_age_and_situations_and_see_the_right_cards(
    fpage: Page, base_url: str, finder_widget: ModuleType
) -> None:
    page = fpage
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    # a link with a wrong parameter: Python points it out, and the form still works
    page.goto(base_url + PATH + "?situatie=pleegkind")
    expect(page.locator("html")).to_have_attribute("data-pyodide", re.compile("loading|ready"))
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    expect(page.get_by_role("status")).to_contain_text("klaar")
    expect(page.locator("[data-finder-summary]")).to_contain_text("onbekende situatie 'pleegkind'")
    expect(page.locator(CARDS)).to_have_count(0)
    page.get_by_label("Jaren", exact=True).fill("2")
    assert any("/assets/widgets/worker.mjs" in url for url in workers), workers

    page.get_by_label("Maanden", exact=True).fill("3")
    page.get_by_role("checkbox", name="Adoptie- of pleegkind").check()
    result = expect_cards(page, finder_widget, age_months=27, situations=["adoptie-pleeg"])
    assert query_of(page) == {
        "leeftijd-jaren": ["2"], "leeftijd-maanden": ["3"], "situatie": ["adoptie-pleeg"]
    }
    message = page.locator("[data-finder-message]")
    expect(message).to_have_text(result["message"])

    vipp = page.locator('[data-intervention-id="vipp-sd"]')
    expect(vipp.get_by_role("heading", name="VIPP-SD")).to_be_visible()
    expect(vipp).to_contain_text("Effectief volgens sterke aanwijzingen")
    expect(vipp).to_contain_text("Bedoeld voor uw situatie")
    expect(vipp).to_contain_text("Leeftijd past: 0 t/m 6 jaar")
    expect(vipp).to_contain_text("Bedoeld voor: adoptie- of pleegkind")
    expect(vipp).to_contain_text(DATA.interventions[0].doelgroep)
    hrefs = vipp.locator("a").evaluate_all("els => els.map(a => a.href)")
    assert base_url + "/interventies/vipp-sd/" in hrefs
    assert base_url + "/hoofdstuk-5/#tabel-1-vipp-sd" in hrefs
    assert base_url + "/hoofdstuk-5/#tabel-2-vipp-sd" in hrefs
    basic = page.locator('[data-intervention-id="basic-trust"]')
    expect(basic).to_contain_text("de methode is erkend tot 12 jaar")
    nika = page.locator('[data-intervention-id="nika"]')
    expect(nika).to_contain_text("Specifieke risicogroep")
    expect(nika).to_contain_text("Bedoeld voor een specifieke risicogroep: mishandeling")

    # keyboard only: a teenager with borderline traits
    jaren = page.get_by_label("Jaren", exact=True)
    jaren.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("15")
    page.keyboard.press("Tab")  # months
    page.keyboard.press("Backspace")
    expect(page.get_by_label("Maanden", exact=True)).to_have_value("")
    page.get_by_role("checkbox", name="Adoptie- of pleegkind").focus()
    page.keyboard.press("Space")  # unchecks
    page.get_by_role("checkbox", name="Jongere met borderline kenmerken").focus()
    page.keyboard.press("Space")
    expect_cards(page, finder_widget, age_months=180, situations=["borderline-kenmerken"])
    mbt_a = page.locator(CARDS).first
    expect(mbt_a).to_have_attribute("data-intervention-id", "mbt-a")
    expect(mbt_a).to_contain_text("bedoeld voor jongeren van 13-18 jaar met borderline kenmerken")
    jaren.focus()
    page.keyboard.press("Enter")  # submits: 'Toon interventies' takes the focus to the list
    expect(page.locator("#resultaten")).to_be_focused()

    # nothing fits at twenty: the guideline's advice
    jaren.fill("20")
    result = expect_cards(page, finder_widget, age_months=240, situations=["borderline-kenmerken"])
    assert result["matches"] == []
    advice = page.locator("[data-finder-advice]")
    expect(advice).to_be_visible()
    expect(advice.get_by_role("link", name="Aanbeveling 5.7.4").first).to_have_attribute(
        "href", "../../hoofdstuk-5/#aanbeveling-5-7-4"
    )

    # not yet born, with and without an age
    page.get_by_role("checkbox", name="Nog niet geboren (zwangerschap)").check()
    expect(page.locator("[data-finder-state]")).to_have_attribute("data-finder-state", "error")
    expect(page.locator("[data-finder-summary]")).to_contain_text("nog niet geboren")
    expect(page.locator(CARDS)).to_have_count(0)
    jaren.fill("")
    expect_cards(page, finder_widget, prenatal=True, situations=["borderline-kenmerken"])
    expect(page.locator(CARDS)).to_have_count(1)
    expect(advice).to_be_hidden()

    # minimum level, then clear everything
    page.get_by_role("checkbox", name="Nog niet geboren (zwangerschap)").uncheck()
    page.get_by_label("Ten minste").select_option("effectief-eerste-aanwijzingen")
    expect_cards(
        page, finder_widget, situations=["borderline-kenmerken"],
        min_level="effectief-eerste-aanwijzingen",
    )
    page.get_by_role("button", name="Wis alle keuzes").click()
    expect_cards(page, finder_widget)
    assert urlsplit(page.url).query == ""
    ids = page.locator(CARDS).evaluate_all("els => els.map(e => e.dataset.interventionId)")
    harmful = {a.id for a in DATA.harmful_approaches}
    assert len(ids) == len(DATA.interventions) and not harmful & set(ids)
    assert axe_violations(page) == []  # WCAG 2.1 AA, with every card on the page


def test_a_filtered_url_is_restored_and_survives_a_reload(
    fpage: Page, base_url: str, finder_widget: ModuleType
) -> None:
    page = fpage
    url = (
        base_url + PATH + "?leeftijd-jaren=9&situatie=ernstige-gehechtheidsproblemen"
        "&situatie=adoptie-pleeg&erkenning=goed-onderbouwd#resultaten"
    )
    request = {
        "age_months": 108,
        "situations": ["adoptie-pleeg", "ernstige-gehechtheidsproblemen"],
        "min_level": "goed-onderbouwd",
    }
    for reload in (False, True):
        if reload:
            page.reload()
            expect(page.locator("html")).to_have_attribute(
                "data-pyodide", "ready", timeout=READY_MS
            )
        else:
            page.goto(url)  # the form is restored at once, before Python is ready
            expect(page.get_by_label("Jaren", exact=True)).to_have_value("9")
            state = page.locator("html").get_attribute("data-pyodide")
            assert state in ("loading", "ready")
            expect(page.locator("html")).to_have_attribute(
                "data-pyodide", "ready", timeout=READY_MS
            )
        expect(page.get_by_label("Jaren", exact=True)).to_have_value("9")
        expect(page.get_by_label("Maanden", exact=True)).to_have_value("")
        expect(page.get_by_role("checkbox", name="Adoptie- of pleegkind")).to_be_checked()
        expect(page.get_by_role("checkbox", name="Ernstige gehechtheidsproblemen")).to_be_checked()
        expect(page.get_by_role("checkbox", name="Ouder met een eetstoornis")).not_to_be_checked()
        expect(page.get_by_label("Ten minste")).to_have_value("goed-onderbouwd")
        result = expect_cards(page, finder_widget, **request)
        assert [m["id"] for m in result["matches"]] == ["basic-trust", "itgg", "vht-4-12"]
        expect(page.locator("[data-finder-message]")).to_contain_text("lager erkenningsniveau")


def test_no_request_leaves_the_origin(
    fpage: Page, base_url: str, recorded: list[Request]
) -> None:
    fpage.wait_for_load_state("networkidle")
    urls = [r.url for r in recorded]
    assert any(u.endswith("/pyodide.asm.wasm") for u in urls)  # the worker's requests count
    assert any("/pyodide/snapshot-" in u for u in urls)  # the snapshot boot, not the wheel
    foreign = [u for u in urls if not u.startswith((base_url, "data:", "blob:"))]
    assert not foreign, foreign
    assert all(r.method == "GET" for r in recorded)
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
    page.goto(base_url + PATH + "?leeftijd-jaren=3")
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
    expect(page.locator(CARDS)).to_have_count(0)
    expect(page.get_by_label("Jaren", exact=True)).to_have_value("3")  # the form still works
