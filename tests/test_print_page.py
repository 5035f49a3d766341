"""The whole guideline as one printable page (/volledige-richtlijn/, mkdocs-print-site-plugin
repaired by sitegen/publish/print_page.py): reading order, anchors, links, table of contents and
footnotes numbered as in the source."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs_print_site_plugin.exclude import exclude

from sitegen.data.loading import load
from sitegen.renderer.site_config import print_excluded
from tests.conftest import ROOT
from tests.html import soup

DATA = load(ROOT / "data")
EXCLUDED = print_excluded(DATA.guideline)


def is_printed(url: str) -> bool:
    """Whether the page of a site URL is in the print page (the plugin's own test)."""
    path = url.partition("#")[0].strip("/")
    candidates = [f"{path}.md", f"{path}/index.md"] if path else ["index.md"]
    return not any(exclude(c, EXCLUDED) for c in candidates)


@pytest.fixture(scope="module")
def printed(site: Path) -> BeautifulSoup:
    return soup(site / "volledige-richtlijn" / "index.html")


def test_every_id_of_a_printed_page_is_an_anchor_exactly_once(
    printed: BeautifulSoup, links: list[dict]
) -> None:
    ids = Counter(e["id"] for e in printed.select("[id]"))
    targets = [t for t in links if is_printed(t["url"])]
    kinds = Counter(t["kind"] for t in targets)
    # everything a trainer links to in the guideline text, and the intervention pages
    assert {"aanbeveling", "conclusie", "kernaanbeveling", "paragraaf", "interventie",
            "instrument", "lsvg-item", "stap", "tabelrij"} <= set(kinds)
    assert kinds["aanbeveling"] == 30 and kinds["interventie"] == len(DATA.interventions)
    wrong = {t["id"]: ids[t["id"]] for t in targets if ids[t["id"]] != 1}
    assert not wrong, wrong
    assert not [t["id"] for t in links if not is_printed(t["url"]) and ids[t["id"]]]


def test_no_id_twice_and_every_internal_link_resolves(printed: BeautifulSoup) -> None:
    ids = Counter(e["id"] for e in printed.select("[id]"))
    assert [i for i, n in ids.items() if n > 1] == []
    broken = [a["href"] for a in printed.select('a[href^="#"]') if a["href"][1:] not in ids]
    assert broken == []


def test_links_to_pages_left_out_lead_to_the_web_page(site: Path, printed: BeautifulSoup) -> None:
    body = printed.select_one("#print-site-page")
    web = [a["href"] for a in body.select('a[href^="../"]')]
    assert any(h.startswith("../ouders/") for h in web)  # 'Lees de versie voor ouders'
    for href in web:
        target = (site / "volledige-richtlijn" / href.partition("#")[0]).resolve()
        assert (target / "index.html").is_file() or target.is_file(), href


def test_reading_order_with_table_of_contents_and_no_empty_sections(
    printed: BeautifulSoup,
) -> None:
    toc = printed.select_one("#print-page-toc nav")
    assert toc is not None and toc.get("aria-label") == "Inhoud"
    entries = [a.get_text(" ", strip=True) for a in toc.select("a")]
    chapters = [c.label for c in DATA.guideline.chapters]
    appendices = [a.label for a in DATA.guideline.appendices]
    assert [e for e in entries if e in chapters] == chapters
    assert [e for e in entries if e in appendices] == appendices
    assert entries[0] == "Kernaanbevelingen"
    # the intervention pages follow the chapter with the tables
    first_iv = DATA.interventions[0].full_name
    assert entries.index(first_iv) == entries.index(chapters[4]) + 2
    for section in printed.select("section.md-section"):
        children = [c.name for c in section.find_all(recursive=False)]
        assert set(children) - {"h1"}, section["id"]
    for excluded in ("Rekenhulp LSVG", "Linken naar deze richtlijn", "Alle aanbevelingen"):
        assert excluded not in entries
    # no script builds it: it is in the HTML; the plugin's inline script and style are gone
    assert not [s for s in printed.select("script") if "generate_toc" in s.get_text()]
    assert not printed.select("#print-site-page style")


def test_cover_names_the_guideline_revision_and_what_is_left_out(printed: BeautifulSoup) -> None:
    cover = printed.select_one("#print-site-cover-page")
    text = cover.get_text(" ", strip=True)
    assert DATA.guideline.title in text and DATA.guideline.revision_label in text
    assert cover.select_one("[data-print-date]") is not None
    for exclusion in DATA.guideline.print.exclude:
        assert exclusion.what in text and exclusion.reason in text


def test_footnotes_keep_the_source_numbers(site: Path, printed: BeautifulSoup) -> None:
    chapter = soup(site / "hoofdstuk-1" / "index.html")
    assert [a.get_text() for a in chapter.select("a.footnote-ref")] == ["5", "6", "7", "8"]
    assert [li["value"] for li in chapter.select("div.footnote li")] == ["5", "6", "7", "8"]
    numbers = [int(a.get_text()) for a in printed.select("#print-site-page a.footnote-ref")]
    assert numbers == list(range(1, 11))  # the source numbers them 1-10 through the text
