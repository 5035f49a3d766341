"""The LSVG calculator (/hulpmiddelen/lsvg/) in Chromium: Python (Pyodide) scores, JS shows."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Request, expect
from pypdf import PdfReader

from sitegen.data.loading import load
from tests.conftest import ROOT
from tests.html import soup
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser

DATA = load(ROOT / "data")
assert DATA.lsvg is not None
LSVG = DATA.lsvg
BANDS = {b.id: b for b in LSVG.bands}
PATH = "/hulpmiddelen/lsvg/"
READY_MS = 60_000  # about 3 s on an idle 2-core machine; generous for a loaded CI


def open_ready(page: Page, base_url: str) -> None:
    page.goto(base_url + PATH)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)


def group(page: Page, number: int):
    item = LSVG.items[number - 1]
    return page.get_by_role("group", name=f"{number}. {item.title}")


def answer(page: Page, scores: list[int]) -> None:
    for number, score in enumerate(scores, start=1):
        label = LSVG.scale[score - 1].label
        group(page, number).get_by_role("radio", name=f"{score} {label}").check()


def expect_result(page: Page, total: str, band: str) -> None:
    result = page.locator("[data-lsvg-result]")
    expect(result).to_have_attribute("data-total", total)
    expect(result).to_have_attribute("data-band", band)


def record_requests(context: BrowserContext) -> list[Request]:
    requests: list[Request] = []

    def on_request(request: Request) -> None:
        requests.append(request)

    context.on("request", on_request)  # pages and their workers
    return requests


# --- static HTML ---------------------------------------------------------------------------


def test_form_is_in_the_static_html_from_the_data(site: Path) -> None:
    doc = soup(site / "hulpmiddelen" / "lsvg" / "index.html")
    form = doc.select_one("form[data-lsvg-form]")
    assert form is not None
    fieldsets = form.select("fieldset")
    assert len(fieldsets) == len(LSVG.items) == 8
    for fieldset, item in zip(fieldsets, LSVG.items, strict=True):
        assert fieldset.legend.get_text(strip=True) == f"{item.number}. {item.title}"
        text = fieldset.get_text(" ")
        assert "Normaal" in text and "Verstoord" in text
        radios = fieldset.select("input[type=radio]")
        assert [r["name"] for r in radios] == [f"lsvg-{item.number}"] * 5
        assert [r["value"] for r in radios] == ["1", "2", "3", "4", "5"]
        for radio, point in zip(radios, LSVG.scale, strict=True):
            assert point.label in radio.find_parent("label").get_text(" ")
        notes = fieldset.select_one("textarea")
        assert fieldset.select_one(f"label[for={notes['id']}]") is not None
    result = doc.select_one("[data-lsvg-result]")
    assert result["aria-live"] == "polite"
    assert result["data-total"] == "" and result["data-band"] == ""
    # no range the source does not give (the old page said '8 tot en met 10')
    page = doc.select_one("article").get_text(" ")
    assert "8 tot en met 10" not in page and "Over de grens bij 10" not in page
    ten = doc.select_one('[data-lsvg-band-text="totaalscore-10"]')
    assert ten.select_one('[data-source-note="bronopmerking-lsvg-totaalscore-10"]')
    assert "lager of gelijk aan 10" in ten.get_text(" ")
    assert ten.select_one(".lsvg-band__norm") is None  # no normering line: the source has none


def test_the_conditions_of_use_are_on_the_page_in_the_sources_words(site: Path) -> None:
    doc = soup(site / "hulpmiddelen" / "lsvg" / "index.html")
    box = doc.select_one("#voorwaarden")
    assert box is not None
    text = " ".join(box.get_text(" ").split())
    for condition in LSVG.conditions:  # each with links to where it stands
        for quote in re.findall(r"«([^»]+)»", condition.text):
            assert " ".join(DATA.as_shown(quote).split()) in text, quote
    hrefs = [a["href"] for a in box.select("a[href]")]
    for anchor in ("stap-2", "stap-1", "lsvg-afname", "lsvg-training", "lsvg-normering"):
        assert any(h.endswith("#" + anchor) for h in hrefs), anchor
    assert "gedragswetenschapper" in text and "kennis van de gehechtheidstheorie" in text
    for note in LSVG.condition_notes:
        assert box.select_one(f'[data-source-note="{note}"]') is not None


def test_only_the_lsvg_page_loads_its_scripts(site: Path) -> None:
    loading = sorted(
        str(path.relative_to(site))
        for path in site.rglob("*.html")
        if soup(path).select('script[src*="lsvg"], script[src*="pyodide"]')
    )
    assert loading == ["hulpmiddelen/lsvg/index.html"]
    lock = (site / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8")
    assert '"guideline-widgets"' in lock
    assert list((site / "pyodide").glob("widgets-*/guideline_widgets-*.whl"))


def test_bijlage_4_stap_2_and_the_instrument_link_to_the_calculator(site: Path) -> None:
    def links_to_tool(element) -> bool:
        return element is not None and any(
            a["href"].rstrip("/").endswith("hulpmiddelen/lsvg") for a in element.select("a[href]")
        )

    bijlage = soup(site / "bijlage-4" / "index.html").select_one("article")
    chapter = soup(site / "hoofdstuk-4" / "index.html")
    assert links_to_tool(bijlage), "bijlage 4"
    assert links_to_tool(chapter.find(id="stap-2")), "stap 2 of the stappenplan"
    assert links_to_tool(chapter.find(id="lsvg")), "the LSVG in the instruments of 4.2"


# --- with Python ---------------------------------------------------------------------------


def test_fill_in_see_total_band_and_text_then_change_and_clear(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + PATH)
    expect(page.locator("html")).to_have_attribute("data-pyodide", re.compile("loading|ready"))
    expect(page.locator("form[data-lsvg-form]")).to_be_visible()  # usable at once
    answer(page, [3, 3])  # before Python is ready: answered, scored once it is
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    # the tool's own status (the offline panel beside it may have a status of its own)
    expect(page.locator("[data-lsvg-status]")).to_contain_text("klaar")
    result = page.locator("[data-lsvg-result]")
    expect(result).to_have_attribute("data-answered", "2")
    expect(result).to_contain_text("Beantwoord: 2 van 8")
    expect_result(page, "", "")

    answer(page, [3, 3, 3, 3, 2, 2, 2, 2])  # 20
    expect_result(page, "20", "verstoord")
    band = BANDS["verstoord"]
    expect(result).to_contain_text("Totaalscore: 20")
    expect(result).to_contain_text(band.label)
    expect(result).to_contain_text(LSVG.steps_of(band).heading)
    expect(page.locator('[data-lsvg-band-text="niet-optimaal"]')).to_be_hidden()

    answer(page, [2, 2, 1, 1, 1, 1, 1, 2])  # 11: a change updates the result
    expect_result(page, "11", "niet-optimaal")
    expect(result).to_contain_text(BANDS["niet-optimaal"].label)
    expect(page.locator('[data-lsvg-band-text="verstoord"]')).to_be_hidden()

    group(page, 8).get_by_role("radio", name=re.compile("^1 ")).check()  # 10
    expect_result(page, "10", "totaalscore-10")
    ten = page.locator('[data-lsvg-band-text="totaalscore-10"]')
    expect(ten).to_be_visible()
    expect(ten).to_contain_text("Bronopmerking: Een totaalscore van precies 10")
    expect(ten).to_contain_text("Bij een totaalscore lager of gelijk aan 10:")
    expect(ten.locator(".lsvg-band__norm")).to_have_count(0)
    expect(result).not_to_contain_text("8 tot en met 10")
    group(page, 1).get_by_role("radio", name=re.compile("^1 ")).check()  # 9
    expect_result(page, "9", "geen-aanwijzingen")
    expect(result).to_contain_text("Bij een totaalscore onder de 10")

    page.get_by_label("Argumenten en concrete voorbeelden").first.fill("Zoekt troost bij mama.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Wissen").click()
    expect_result(page, "", "")
    expect(result).to_have_attribute("data-answered", "0")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    expect(page.get_by_label("Argumenten en concrete voorbeelden").first).to_have_value("")


def test_keyboard_only(page: Page, base_url: str) -> None:
    open_ready(page, base_url)
    page.locator("#lsvg-vraag-1 input").first.focus()
    page.keyboard.press("Space")  # 1
    page.keyboard.press("ArrowRight")  # 2
    page.keyboard.press("ArrowRight")  # 3
    expect(group(page, 1).get_by_role("radio", name=re.compile("^3 "))).to_be_checked()
    page.keyboard.press("Tab")  # the notes of item 1
    page.keyboard.type("Met het toetsenbord")
    expect(page.locator("#lsvg-1-notities")).to_have_value("Met het toetsenbord")
    for number in range(2, 9):
        page.keyboard.press("Tab")  # into the next group: its first radio
        if number > 2:
            page.keyboard.press("Tab")
        expect(group(page, number).get_by_role("radio").first).to_be_focused()
        page.keyboard.press("Space")
    expect_result(page, "10", "totaalscore-10")  # 3 + 7 x 1
    assert axe_violations(page) == []


def test_print_view_is_the_short_report(page: Page, base_url: str, site: Path) -> None:
    open_ready(page, base_url)
    answer(page, [5, 4, 3, 2, 1, 2, 3, 4])  # 24
    page.locator("#lsvg-3-notities").fill("Vraagt nooit om hulp.\nVoorbeeld: valt en huilt alleen.")
    expect_result(page, "24", "verstoord")
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.get_by_role("button", name="Print verslag").click()
    assert page.evaluate("window.printed") == 1

    page.emulate_media(media="print")
    report = page.locator("[data-lsvg-report]")
    expect(report).to_be_visible()
    expect(page.locator("form[data-lsvg-form]")).to_be_hidden()
    expect(page.get_by_role("button", name="Print verslag")).to_be_hidden()
    expect(report).to_contain_text(re.compile(r"Geprint op \d{1,2} \w+ \d{4}"))
    # the guideline's title, revision and address (data/guideline.yml), the report's short link
    guideline = DATA.guideline
    for text in (guideline.title, guideline.revision_label, guideline.citation.url):
        expect(report.locator(".lsvg-report__guideline")).to_contain_text(text)
    short = report.locator(".lsvg-report__guideline [data-full-url]")
    expect(short).to_have_text(re.compile(r"^http://127\.0\.0\.1:\d+/r/rekenhulp-lsvg/$"))
    assert (site / "r" / "rekenhulp-lsvg" / "index.html").is_file()
    # lines to fill in by hand, blank: nothing typed on the page is stored or printed there
    expect(report.locator(".lsvg-report__lines dt")).to_have_text([
        "Initialen of leeftijd van de jeugdige",
        "Besproken met (ouder, verzorger of vaste begeleider)",
        "Gedragswetenschapper",
        "Datum van het gesprek",
        "Handtekening gedragswetenschapper",
    ])
    assert report.locator(".lsvg-report__lines dd").all_inner_texts() == [""] * 5
    line = report.locator(".lsvg-report__lines dd").first.bounding_box()
    assert line is not None and line["width"] > 200  # a line to write on
    row = report.locator('[data-lsvg-report-item="3"]')
    expect(row).to_contain_text(f"3 {LSVG.scale[2].label}")
    expect(row).to_contain_text("Voorbeeld: valt en huilt alleen.")
    expect(report.locator('[data-lsvg-report-item="1"]')).to_contain_text(LSVG.scale[4].label)
    result = page.locator("[data-lsvg-result]")
    expect(result).to_be_visible()
    expect(result).to_contain_text("Totaalscore: 24")
    expect(result).to_contain_text(LSVG.steps_of(BANDS["verstoord"]).steps[0][:40])
    expect(page.locator(".lsvg-caveats")).to_be_visible()
    expect(page.locator("[data-lsvg-running]")).to_be_hidden()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    for words in ("Handtekening gedragswetenschapper", "Datum van het gesprek",
                  guideline.revision_label, "Totaalscore: 24", "Vraagt nooit om hulp."):
        assert words in text, words
    assert "Naar de uitkomst" not in text and "Kopieer samenvatting" not in text


def test_no_request_leaves_the_origin_and_nothing_is_stored(
    page: Page, context: BrowserContext, base_url: str
) -> None:
    requests = record_requests(context)
    open_ready(page, base_url)
    answer(page, [1, 1, 1, 1, 1, 1, 1, 1])
    page.locator("#lsvg-1-notities").fill("Geheim-voorbeeld-123")
    expect_result(page, "8", "geen-aanwijzingen")
    page.wait_for_load_state("networkidle")
    urls = [r.url for r in requests]
    assert any(u.endswith("/pyodide.asm.wasm") for u in urls)  # the worker's requests count
    assert any("/pyodide/snapshot-" in u for u in urls)  # the snapshot boot, not the wheel
    foreign = [u for u in urls if not u.startswith((base_url, "data:", "blob:"))]
    assert not foreign, foreign
    assert all(r.method == "GET" for r in requests)
    assert not [u for u in urls if "lsvg-1" in u or "Geheim" in u]
    stored = page.evaluate(
        """() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage),
                                 document.cookie])"""
    )
    assert "Geheim" not in stored and "lsvg-1" not in stored


def test_other_pages_do_not_load_pyodide(page: Page, context: BrowserContext, base_url: str):
    requests = record_requests(context)
    for path in ("/", "/bijlage-4/", "/hoofdstuk-4/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    assert not [r.url for r in requests if "pyodide" in r.url or "lsvg-" in r.url]


# --- without Python ------------------------------------------------------------------------


@pytest.mark.parametrize("blocked", ["**/pyodide/**", "**/*.wasm"])
def test_blocked_pyodide_says_so_and_offers_paper_version_without_a_score(
    page: Page, context: BrowserContext, base_url: str, blocked: str
) -> None:
    context.route(blocked, lambda route: route.abort())
    page.goto(base_url + PATH)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "failed", timeout=READY_MS)
    failed = page.locator('[data-lsvg-when="failed"]')
    expect(failed).to_be_visible()
    expect(failed).to_contain_text("kan in deze browser niet laden")
    expect(failed.get_by_role("button", name="Print papieren versie")).to_be_visible()
    expect(failed.get_by_role("link", name="bijlage 4")).to_be_visible()
    expect(page.get_by_role("button", name="Print verslag")).to_be_hidden()

    answer(page, [5, 5, 5, 5, 5, 5, 5, 5])
    result = page.locator("[data-lsvg-result]")
    expect(result).to_contain_text("Geen score")
    expect_result(page, "", "")
    expect(result.locator('[data-lsvg-out="total"]')).to_have_text("–")
    expect(result.locator("[data-lsvg-band-text]:visible")).to_have_count(0)

    page.emulate_media(media="print")  # the paper version: the whole list and every band
    expect(page.locator("form[data-lsvg-form]")).to_be_visible()
    expect(page.locator("[data-lsvg-band-text]:visible")).to_have_count(len(LSVG.bands))
    expect(page.locator("[data-lsvg-report]")).to_be_hidden()
    page.emulate_media(media="screen")
    assert axe_violations(page) == []
