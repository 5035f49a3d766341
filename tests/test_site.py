"""Assertions on the real HTML of one site build (fixture `site`)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from sitegen.loading import load
from tests.conftest import ROOT
from tests.html import content, normalize, page_file, plain_markdown, soup, visible_text

DATA = load(ROOT / "data")
PAGES = [
    "", "kernaanbevelingen/", "inleiding/", "aanbevelingen/", "begrippen/",
    "over-deze-webversie/", "interventies/",
    *(f"hoofdstuk-{n}/" for n in range(1, 7)),
    *(f"bijlage-{n}/" for n in range(1, 5)),
]
KINDS = {
    "kernaanbeveling", "aanbeveling", "conclusie", "paragraaf", "interventie", "instrument",
    "lsvg-item", "stap", "tabelrij",
}


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("page", PAGES)
def test_page_exists_with_title(site: Path, page: str) -> None:
    path = site / page / "index.html"
    assert path.exists(), page
    assert content(path).find("h1") is not None


def test_links_json_is_well_formed(links: list[dict[str, str]]) -> None:
    ids = [t["id"] for t in links]
    assert len(ids) == len(set(ids)), "ids in links.json must be unique"
    for target in links:
        assert set(target) == {"id", "kind", "title", "url"}
        assert target["kind"] in KINDS
        assert target["url"].startswith("/") and target["url"].endswith("#" + target["id"])
        assert target["title"].strip()


def test_links_json_covers_the_foundation_ids(links: list[dict[str, str]]) -> None:
    by_kind: dict[str, set[str]] = {}
    for t in links:
        by_kind.setdefault(t["kind"], set()).add(t["id"])
    assert {f"kernaanbeveling-{n}" for n in range(1, 11)} == by_kind["kernaanbeveling"]
    assert {f"conclusie-1-8-{n}" for n in range(1, 9)} <= by_kind["conclusie"]
    assert {f"aanbeveling-1-9-{n}" for n in range(1, 7)} <= by_kind["aanbeveling"]
    assert {f"par-1-{n}" for n in range(1, 10)} <= by_kind["paragraaf"]
    assert len(by_kind["aanbeveling"]) == 30
    assert len(by_kind["conclusie"]) == 21


def test_every_link_target_is_an_anchor_on_its_page(site: Path, links: list[dict]) -> None:
    for target in links:
        path = page_file(site, target["url"])
        assert path.exists(), target
        anchor = urlsplit(target["url"]).fragment
        assert soup(path).find(id=anchor) is not None, target


def _statement_text(site: Path, kind: str, entry_id: str) -> str:
    url = next(t["url"] for t in _links(site) if t["id"] == entry_id)
    element = soup(page_file(site, url)).find(id=entry_id)
    assert element is not None and element.get("data-kind") == kind
    return visible_text(element, footnote_marks=False)


def _links(site: Path) -> list[dict[str, str]]:
    import json

    return json.loads((site / "links.json").read_text(encoding="utf-8"))["targets"]


@pytest.mark.parametrize(
    ("kind", "entries"),
    [
        ("kernaanbeveling", DATA.kernaanbevelingen),
        ("aanbeveling", DATA.recommendations),
        ("conclusie", DATA.conclusions),
    ],
)
def test_statements_are_on_their_page_with_their_text(site: Path, kind: str, entries) -> None:
    for entry in entries:
        text = _squeeze(_statement_text(site, kind, entry.id))
        assert _squeeze(plain_markdown(entry.text)) in text, entry.id
        for block in entry.blocks:
            for item in block.items:
                assert _squeeze(plain_markdown(item.text)) in text, entry.id


def _squeeze(text: str) -> str:
    """Compare text regardless of the whitespace inline elements (<abbr>, <a>) add."""
    return re.sub(r"\s+", "", text)


def test_kernaanbevelingen_link_to_their_recommendations(site: Path) -> None:
    page = site / "kernaanbevelingen" / "index.html"
    for k in DATA.kernaanbevelingen:
        element = soup(page).find(id=k.id)
        hrefs = {a["href"] for a in element.select(".statement__related a")}
        for source in k.sources:
            assert any(h.endswith("#" + source) for h in hrefs), (k.id, source)


def test_home_page_leads_to_kernaanbevelingen_and_chapter_1(site: Path) -> None:
    article = content(site / "index.html")
    hrefs = {a["href"] for a in article.find_all("a")}
    assert "kernaanbevelingen/" in hrefs
    assert any(h.startswith("hoofdstuk-1/") for h in hrefs)
    text = visible_text(article)
    for audience in ("professionals", "ouders", "trainers"):
        assert audience in text


def test_recommendation_numbered_lists_stay_lists(site: Path) -> None:
    page = content(site / "inleiding" / "index.html")
    werkwijze = page.find(id="werkwijze")
    assert werkwijze is not None
    assert len(werkwijze.find_next("ol").find_all("li", recursive=False)) == 7


def test_footnotes_are_real_footnotes(site: Path) -> None:
    page = content(site / "hoofdstuk-1" / "index.html")
    refs = page.select("sup[id^=fnref] a.footnote-ref")
    notes = page.select("div.footnote li[id^=fn]")
    assert refs and len(notes) >= 4


RESOURCE_ATTRS = {
    "script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
    "video": "src", "embed": "src", "object": "data", "link": "href",
}


def _is_third_party(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip(), re.IGNORECASE))


def test_no_page_loads_anything_from_another_origin(site: Path) -> None:
    offenders = []
    for path in html_pages(site):
        doc = soup(path)
        for tag, attr in RESOURCE_ATTRS.items():
            for el in doc.find_all(tag):
                url = el.get(attr)
                if tag == "link" and not set(el.get("rel", [])) & {
                    "stylesheet", "preload", "icon", "modulepreload", "manifest", "prefetch"
                }:
                    continue
                if url and _is_third_party(url):
                    offenders.append(f"{path.relative_to(site)}: <{tag} {attr}={url}>")
        for el in doc.select("[style]"):
            if re.search(r"url\(\s*['\"]?(https?:)?//", el["style"]):
                offenders.append(f"{path.relative_to(site)}: style {el['style']}")
    for css in site.rglob("*.css"):
        for match in re.finditer(r"(@import|url\()\s*['\"]?((https?:)?//[^'\")]+)", css.read_text()):
            offenders.append(f"{css.relative_to(site)}: {match.group(2)}")
    assert not offenders, "\n".join(offenders)


ARTEFACTS = [
    (re.compile(r"pagina \d+"), "page header"),
    (re.compile("\ufffd"), "replacement character"),
    (re.compile(r"/ richtlijn /"), "page header"),
    # a word broken at a line end: 'gehecht- heid' (but not 'adoptie- en pleegouders')
    (re.compile(r"\b[a-zà-ÿ]{2,}- (?!(en|of|tot|en/of|noch|dan)\b)[a-zà-ÿ]{2,}"), "hyphenation"),
    # a footnote digit glued to a word: 'zij1', 'ouders2'
    (re.compile(r"\b[a-zà-ÿ]{2,}\d{1,2}\b"), "glued footnote"),
]


def test_no_pdf_artefacts_in_any_page(site: Path) -> None:
    found = []
    for path in html_pages(site):
        article = soup(path).select_one("article.md-content__inner")
        if article is None:
            continue
        article = BeautifulSoup(str(article), "html.parser")
        for quoted in article.select("table.corrections"):  # quotes the PDF on purpose
            quoted.extract()
        text = normalize(visible_text(article))
        for pattern, what in ARTEFACTS:
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(site)}: {what}: …{text[max(0, match.start()-30):match.end()+30]}…")
    assert not found, "\n".join(found)
