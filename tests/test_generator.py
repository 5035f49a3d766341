"""The generator knows no guideline: everything guideline-specific lives in data/ and content/.

A second, invented guideline (tests/fixtures/voorbeeldrichtlijn/) is built by the same
build.py and checked like the real one: links.json, anchors, navigation and search.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sitegen.data.loading import load
from tests.conftest import FIXTURE, ROOT, served
from tests.html import soup

GENERATOR = [
    ROOT / "build.py",
    ROOT / "mkdocs.yml",
    *(ROOT / "sitegen").rglob("*.py"),
    *(ROOT / "sitegen").rglob("*.j2"),
    *(ROOT / "overrides").rglob("*.html"),
    *(p for p in (ROOT / "web").rglob("*") if p.is_file() and p.suffix != ".png"),
]
# Words every guideline of the series shares; they say nothing about this one.
SERIES_WORDS = {"richtlijn", "voor", "en", "jeugdhulp", "jeugdbescherming"}


def guideline_phrases(data_dir: Path) -> set[str]:
    """The words of the guideline's title that set it apart, and its chapter, appendix and
    table titles: none of them may occur in the generator."""
    guideline = load(data_dir).guideline
    words = {w for w in re.findall(r"\w+", guideline.title.lower()) if w not in SERIES_WORDS}
    titles = {
        part.title.lower()
        for part in (*guideline.chapters, *guideline.appendices, *guideline.tables)
    }
    return words | titles


def test_the_generator_names_no_guideline() -> None:
    phrases = guideline_phrases(ROOT / "data")
    assert "gehechtheid" in phrases and "prognose" in phrases  # the check checks something
    found = []
    for path in GENERATOR:
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8").lower())
        found += [f"{path.relative_to(ROOT)}: {p!r}" for p in phrases if p in text]
    assert not found, "guideline-specific text in the generator:\n" + "\n".join(found)


# --- a second guideline, built by the same code ----------------------------------------------


def test_fixture_is_not_the_real_guideline() -> None:
    assert guideline_phrases(FIXTURE / "data").isdisjoint({"gehechtheid", "prognose"})


def test_fixture_links_json_names_the_fixture_and_its_anchors_exist(fixture_site: Path) -> None:
    payload = json.loads((fixture_site / "links.json").read_text(encoding="utf-8"))
    assert payload["guideline"].startswith("Testrichtlijn Voorbeeldklachten")
    assert payload["revision"] == "2031"
    ids = {t["id"] for t in payload["targets"]}
    assert ids == {
        "kernaanbeveling-1", "kernaanbeveling-2",
        "conclusie-1-1-1", "conclusie-1-1-2",
        "aanbeveling-1-2-1", "aanbeveling-2-2-1", "aanbeveling-2-2-2",
        "par-1-1", "par-1-2", "par-2-1", "par-2-2",
        "tabel-1", "tabel-1-praatplan", "tabel-1-tekenplan",
        "praatplan", "tekenplan",
        "test-start", "colofon-richtlijn", "colofon-webversie",  # home, its own colofon
    }
    for target in payload["targets"]:
        page, _, anchor = target["url"].partition("#")
        html = soup(fixture_site / page.lstrip("/") / "index.html")
        assert html.find(id=anchor) is not None, target
    assert (fixture_site / "r" / "aanbeveling-2-2-1" / "index.html").is_file()


def test_fixture_navigation_and_name_come_from_its_guideline_yml(fixture_site: Path) -> None:
    home = soup(fixture_site / "index.html")
    assert home.title is not None and "Testrichtlijn Voorbeeldklachten" in home.title.text
    nav = [a.get_text(" ", strip=True) for a in home.select("nav.md-nav--primary a.md-nav__link")]
    chapters = [t for t in nav if t.startswith("Hoofdstuk")]
    assert chapters == ["Hoofdstuk 1. Omschrijving", "Hoofdstuk 2. Aanpak"], nav
    table = soup(fixture_site / "hoofdstuk-2" / "index.html").find(id="tabel-1")
    assert "Tabel 1. Voorbeeldaanpakken voor kinderen" in table.get_text(" ")
    meta = home.find("meta", attrs={"name": "citation_title"})
    assert meta["content"].startswith("Testrichtlijn Voorbeeldklachten")


def test_fixture_has_no_tools_and_loads_no_python(fixture_site: Path) -> None:
    assert not (fixture_site / "pyodide").exists()
    assert not (fixture_site / "assets" / "widgets").exists()
    assert not list(fixture_site.rglob("*.whl"))


def test_fixture_search_index_holds_its_text(fixture_site: Path) -> None:
    index = json.loads((fixture_site / "search" / "search_index.json").read_text("utf-8"))
    found = [d["location"] for d in index["docs"] if "kwartelkoning" in d["text"]]
    assert found == ["hoofdstuk-1/#par-1-1"]


@pytest.mark.browser
def test_fixture_search_finds_its_text_in_the_browser(page: Page, fixture_site: Path) -> None:
    with served(fixture_site) as url:
        page.goto(url + "/")
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("kwartelkoning", delay=30)
        results = page.locator(".md-search-result__item a")
        expect(results.first).to_be_visible(timeout=10_000)
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        assert hrefs and all("/hoofdstuk-1/" in h for h in hrefs), hrefs
