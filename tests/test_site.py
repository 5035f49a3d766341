"""Assertions on the real HTML of one site build (fixture `site`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from sitegen.data.loading import load
from tests.conftest import ROOT
from tests.html import content, normalize, page_file, plain_markdown, soup, visible_text

DATA = load(ROOT / "data")
PAGES = [
    "",
    "kernaanbevelingen/",
    "inleiding/",
    "aanbevelingen/",
    "begrippen/",
    "over-deze-webversie/",
    "interventies/",
    *(f"hoofdstuk-{n}/" for n in range(1, 7)),
    *(f"bijlage-{n}/" for n in range(1, 5)),
]
KINDS = {
    "kernaanbeveling",
    "aanbeveling",
    "conclusie",
    "paragraaf",
    "interventie",
    "instrument",
    "lsvg-item",
    "stap",
    "tabelrij",
    "hulpmiddel",
    "tabel",
    "toelichting",
    "bronopmerking",
    "werkkaart",
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
    assert {f"kernaanbevelingen/#{k.id}" for k in DATA.kernaanbevelingen} <= hrefs
    assert any(h.startswith("hoofdstuk-1/") for h in hrefs)
    # the tasks of professionals, parents and trainers: tests/test_home.py


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
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
    "link": "href",
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
                    "stylesheet",
                    "preload",
                    "icon",
                    "modulepreload",
                    "manifest",
                    "prefetch",
                }:
                    continue
                if url and _is_third_party(url):
                    offenders.append(f"{path.relative_to(site)}: <{tag} {attr}={url}>")
        for el in doc.select("[style]"):
            if re.search(r"url\(\s*['\"]?(https?:)?//", el["style"]):
                offenders.append(f"{path.relative_to(site)}: style {el['style']}")
    for css in site.rglob("*.css"):
        for match in re.finditer(
            r"(@import|url\()\s*['\"]?((https?:)?//[^'\")]+)", css.read_text()
        ):
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
                context = text[max(0, match.start() - 30) : match.end() + 30]
                found.append(f"{path.relative_to(site)}: {what}: …{context}…")
    assert not found, "\n".join(found)


INTERVENTION_IDS = {
    "vipp-sd",
    "basic-trust",
    "k-vht",
    "shantala",
    "ouder-baby",
    "voorzorg",
    "pcit",
    "pipa",
    "nika",
    "mbt-k",
    "itgg",
    "vht-4-12",
    "sherborne",
    "theraplay",
    "differentiatietherapie",
    "fasetherapie",
    "mbt-a",
    "ddp",
}


def test_the_18_interventions_each_have_a_page(site: Path) -> None:
    assert {iv.id for iv in DATA.interventions} == INTERVENTION_IDS
    for iv in DATA.interventions:
        page = site / "interventies" / iv.id / "index.html"
        assert page.exists(), iv.id
        assert soup(page).find(id=iv.id) is not None
        text = visible_text(content(page))
        assert _squeeze(plain_markdown(iv.doel)) in _squeeze(text), iv.id


def test_every_table_row_is_rendered_from_the_data(site: Path) -> None:
    chapter = soup(site / "hoofdstuk-5" / "index.html")
    for iv in DATA.interventions:
        for row in iv.tables:
            tr = chapter.find(id=f"tabel-{row.table}-{iv.id}")
            assert tr is not None and tr.find_parent(id=f"tabel-{row.table}"), (iv.id, row.table)
            cells = [_squeeze(visible_text(td, footnote_marks=False)) for td in tr.find_all("td")]
            expected = [row.doel, row.doelgroep, row.erkenning, row.onderzoek]
            assert cells == [_squeeze(plain_markdown(t)) for t in expected], (iv.id, row.table)
    for number in (1, 2, 3):
        header = [
            th.get_text(strip=True) for th in chapter.find(id=f"tabel-{number}").select("thead th")
        ]
        assert header == ["Interventie", "Doel", "Doelgroep", "Erkenningsniveau", "Onderzoek"]


def test_harmful_approaches_are_a_warning_in_5_6(site: Path) -> None:
    chapter = soup(site / "hoofdstuk-5" / "index.html")
    warning = chapter.find(id="niet-effectief-of-schadelijk")
    assert warning is not None and "danger" in warning["class"]
    for approach in DATA.harmful_approaches:
        assert warning.find(id=f"schadelijk-{approach.id}") is not None


def test_bijlage_4_has_the_eight_lsvg_items_and_the_vervolgstappen(site: Path) -> None:
    page = soup(site / "bijlage-4" / "index.html")
    assert DATA.lsvg is not None
    for item in DATA.lsvg.items:
        section = page.find(id=item.id)
        assert section is not None
        text = _squeeze(visible_text(section))
        assert _squeeze(plain_markdown(item.normaal)) in text
        assert _squeeze(plain_markdown(item.verstoord)) in text
    for steps in DATA.lsvg.vervolgstappen:
        assert page.find(id=f"lsvg-band-{steps.id}") is not None
    normering = page.find(id="lsvg-normering").find_next("ul")
    lines = [_squeeze(li.get_text()) for li in normering.find_all("li")]
    assert lines == [_squeeze(b.norm_text) for b in DATA.lsvg.bands if b.norm_text]
    assert "8 tot en met 10" not in visible_text(content(site / "bijlage-4" / "index.html"))


def test_glossary_terms_get_tooltips(site: Path) -> None:
    page = content(site / "hoofdstuk-1" / "index.html")
    titles = {a.get_text(): a["title"] for a in page.find_all("abbr")}
    assert "RAD" in titles and titles["RAD"]
    glossary = soup(site / "begrippen" / "index.html")
    assert len(glossary.select("dl.glossary dt")) == len(DATA.glossary)


def test_all_recommendations_page_lists_30_with_audience(site: Path) -> None:
    page = content(site / "aanbevelingen" / "index.html")
    statements = page.select(".statement--aanbeveling")
    assert len(statements) == 30
    for element in statements:
        assert element.get("id") is None  # the canonical anchor lives in the chapter
        assert "Voor:" in element.select_one(".statement__meta").get_text()
        assert element.select_one("a.statement__anchor")["href"].startswith("../hoofdstuk-")


def test_stappenplan_is_rendered_as_diagram_and_steps(site: Path) -> None:
    page = soup(site / "hoofdstuk-4" / "index.html")
    diagram = page.select_one("ol.stappenplan-diagram")
    assert diagram is not None and len(diagram.find_all("li")) == 3
    for n in (1, 2, 3):
        assert page.find(id=f"stap-{n}") is not None


def test_no_link_points_at_a_markdown_source_file(site: Path) -> None:
    """Raw-HTML links escape MkDocs' link rewriting; they must not survive as '*.md'."""
    bad = [
        f"{path.relative_to(site)}: {a['href']}"
        for path in html_pages(site)
        for a in soup(path).find_all("a", href=True)
        if re.search(r"\.md($|#)", a["href"]) and not _is_third_party(a["href"])
    ]
    assert not bad, "\n".join(bad)


# --- the order of the tables and the source notes ---------------------------------------------

SOURCE_TABLE_ORDER = {  # the rows of tables 1-3 as the PDF prints them
    1: ["vipp-sd", "basic-trust", "k-vht", "shantala"],
    2: ["vipp-sd", "ouder-baby", "basic-trust", "voorzorg", "pcit", "pipa", "nika", "mbt-k"],
    3: ["basic-trust", "itgg", "vht-4-12", "sherborne", "theraplay", "differentiatietherapie",
        "fasetherapie", "mbt-a", "ddp"],
}


@pytest.mark.parametrize("number", sorted(SOURCE_TABLE_ORDER))
def test_table_rows_are_in_the_order_of_the_source(site: Path, number: int) -> None:
    table = soup(site / "hoofdstuk-5" / "index.html").find(id=f"tabel-{number}")
    rows = [tr["data-intervention-id"] for tr in table.select("tr[data-intervention-id]")]
    assert rows == SOURCE_TABLE_ORDER[number]


def test_every_source_note_stands_beside_its_anchors_and_in_the_list(site: Path) -> None:
    targets = {t["id"]: t["url"] for t in _links(site)}
    about = soup(site / "over-deze-webversie" / "index.html")
    assert len(DATA.source_notes) >= 20
    for note in DATA.source_notes:
        entry = about.find(id=note.id)
        assert entry is not None and entry.get("data-kind") == "bronopmerking", note.id
        hrefs = [a["href"] for a in entry.select(".source-note-entry__places a")]
        for anchor in note.anchors:
            assert any(h.endswith("#" + anchor) for h in hrefs), (note.id, anchor)
            element = soup(page_file(site, targets[anchor])).find(id=anchor)
            if element.name in {"h2", "h3"}:  # placed in the section the heading opens
                section = element.find_all_next(attrs={"data-source-note": note.id}, limit=1)
                assert section, (note.id, anchor)
                heading = section[0].find_previous(["h2"])
                assert heading.get("id") == anchor or element.name == "h3", (note.id, anchor)
            elif element.name == "tr":
                row = element.find_next_sibling("tr")
                assert row.select_one(f'[data-source-note="{note.id}"]'), (note.id, anchor)
            elif element.name == "h1":  # an intervention page
                page = soup(page_file(site, targets[anchor]))
                assert page.select_one(f'[data-source-note="{note.id}"]'), (note.id, anchor)
            else:
                assert element.select_one(f'[data-source-note="{note.id}"]'), (note.id, anchor)
        for iv in note.interventions:
            page = soup(site / "interventies" / iv / "index.html")
            assert page.select_one(f'[data-source-note="{note.id}"]'), (note.id, iv)


def test_the_contradictions_of_the_source_are_kept_with_a_note(site: Path) -> None:
    """Conclusie 5.6.3 keeps 'tot ongeveer twaalf zeven jaar' (no silent fix)."""
    conclusion = soup(site / "hoofdstuk-5" / "index.html").find(id="conclusie-5-6-3")
    text = visible_text(conclusion)
    assert "(tot ongeveer twaalf zeven jaar)" in text
    assert conclusion.select_one('[data-source-note="bronopmerking-twaalf-zeven"]')
    assert not [c for c in DATA.corrections if "twaalf zeven" in c.original]
    about = visible_text(content(site / "over-deze-webversie" / "index.html"))
    assert "tot ongeveer twaalf jaar" not in about


def test_no_heading_carries_a_footnote_into_the_toc_or_search(site: Path) -> None:
    for path in (ROOT / "content").rglob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                assert "[^" not in line, f"{path.relative_to(ROOT)}: {line}"
    chapter = soup(site / "hoofdstuk-1" / "index.html")
    heading = chapter.find(id="par-1-3")
    assert not heading.select("sup")
    toc = [a.get_text(" ", strip=True) for a in chapter.select("nav.md-nav--secondary a")]
    assert "1.3 Verschillende vormen van onveilige gehechtheid" in toc
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [d["title"] for d in index["docs"] if d["location"] == "hoofdstuk-1/#par-1-3"]
    assert titles == ["1.3 Verschillende vormen van onveilige gehechtheid"]
    assert chapter.find(id="par-1-3").find_next("p").select_one("sup a.footnote-ref")


def test_the_about_page_says_what_the_web_version_adds(site: Path) -> None:
    about = content(site / "over-deze-webversie" / "index.html")
    text = visible_text(about)
    assert "De inhoud is niet veranderd" in text
    added = " ".join(about.find(id="wat-toegevoegd").find_next("ul").get_text(" ").split())
    for words in ("Voor:", "Interventiewijzer", "rekenhulp LSVG", "ouders", "Veilig Thuis",
                  "0800-2000", "Bronopmerkingen", "kernaanbeveling"):
        assert words in added, words
    hrefs = {a["href"] for a in about.find(id="wat-toegevoegd").find_next("ul").select("a")}
    for target in ("kernaanbevelingen/", "hulpmiddelen/interventiewijzer/", "hulpmiddelen/lsvg/",
                   "ouders/", "#bronopmerkingen"):
        assert any(h.endswith(target) for h in hrefs), target


def test_no_markdown_attribute_or_wrapped_caption_is_left_in_any_page(site: Path) -> None:
    """md_in_html must process every block; a <caption> inside <p> loses the table's name."""
    offenders = []
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        if "markdown=" in text or re.search(r"<p>\s*<caption", text):
            offenders.append(str(path.relative_to(site)))
    assert offenders == []
    chapter = soup(site / "hoofdstuk-5" / "index.html")
    captions = [t.find("caption", recursive=False) for t in chapter.select("#tabel-1 table")]
    assert captions and captions[0].get_text().startswith("Tabel 1. ")


@pytest.mark.parametrize(
    "page", ["", "hoofdstuk-1/", "ouders/welke-hulp/", "interventies/vipp-sd/"]
)
def test_every_guideline_page_shows_when_it_was_last_revised(site: Path, page: str) -> None:
    line = content(site / page / "index.html").select_one(".page-revision")
    assert line is not None
    assert visible_text(line).startswith(f"Laatst herzien: {DATA.guideline.revision}")
    assert line.select_one(".page-revision__printed [data-print-date]") is not None


def test_no_published_file_names_the_build_machine(site: Path) -> None:
    """The snapshot published the build's absolute path (Emscripten's `_=` and
    sys.executable took Node's path of web/build/snapshot.mjs): built in a home folder, the
    user name. Every published file is searched, binary ones too (.br and .gz are
    compressions of files searched already)."""
    machine = {str(ROOT), str(site.parent)}
    home = Path.home()
    if ROOT.is_relative_to(home) and str(home) != "/":
        machine |= {str(home), f"/{home.name}/"}  # the user name, as a folder of a path
    found = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix not in (".br", ".gz"):
            data = path.read_bytes()
            found += [(path.relative_to(site).as_posix(), m) for m in machine
                      if m.encode() in data]
    assert found == []
