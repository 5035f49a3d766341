"""The version for parents (content/ouders/): plain Dutch at B1 level, linked both ways.

Readability is measured with textstat in Dutch (`set_lang("nl")`): words per sentence and the
Flesch reading ease with Douma's constants. Run `pytest -s tests/test_ouders.py` (or `-rA`) to
see the figures per page.

What is measured is the article as a parent reads it: the page's own text, without the generated
'Waar staat dit in de richtlijn?' section (`.ouders-bronnen`) and without the permalink signs of
the headings. Every heading, paragraph, list item and table cell counts as (the end of) a
sentence, because a reader reads it as one; textstat itself only ends sentences at . ! and ?.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import textstat
from bs4 import BeautifulSoup

from sitegen.data.loading import load
from sitegen.exceptions import BuildError
from sitegen.pages.blocks import client_version
from tests.conftest import ROOT
from tests.html import content, normalize, soup

CONTENT = ROOT / "content"
PARENT_DIR = CONTENT / "ouders"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
PARAGRAPH_ID = re.compile(r"^par-\d+-\d+$")
GENERATED_IDS = {"ouders-bronnen"}  # written by the generator on every parent page

MAX_WORDS_PER_SENTENCE = 15
MIN_FLESCH_DOUMA = 60

BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, td, th, dt, dd, figcaption, summary"
MARK = "\u2029"  # paragraph separator: never in the text itself

PARENT_PAGES = sorted(p.stem for p in PARENT_DIR.glob("*.md"))
CONTENT_PAGES = [p for p in PARENT_PAGES if p != "index"]


def front_matter(page: str) -> dict:
    text = (PARENT_DIR / f"{page}.md").read_text(encoding="utf-8")
    assert FRONT_MATTER.match(text), f"content/ouders/{page}.md has no front matter"
    return client_version.front_matter(text, f"content/ouders/{page}.md")


def built(site: Path, page: str) -> Path:
    return site / "ouders" / ("" if page == "index" else page) / "index.html"


def url_of(page: str) -> str:
    return "ouders/" if page == "index" else f"ouders/{page}/"


def reading_text(article: BeautifulSoup) -> str:
    """The text a parent reads, one sentence end per block (see the module docstring)."""
    article = BeautifulSoup(str(article), "html.parser")  # a copy: soups are cached
    for hidden in article.select(
        "script, style, svg, template, .ouders-bronnen, .headerlink, .md-source-file"
    ):
        hidden.extract()
    for block in article.select(BLOCKS):
        block.insert(0, MARK)
        block.append(MARK)
    sentences = []
    for chunk in article.get_text(" ").split(MARK):
        chunk = re.sub(r" ([.,;:!?)])", r"\1", normalize(chunk))
        if chunk:
            sentences.append(chunk if chunk[-1] in ".!?" else chunk + ".")
    return " ".join(sentences)


def readability(text: str) -> tuple[float, float]:
    textstat.set_lang("nl")
    words_per_sentence = textstat.lexicon_count(text) / textstat.sentence_count(text)
    return words_per_sentence, textstat.flesch_reading_ease(text)


# --- readability ------------------------------------------------------------------------


def test_parent_pages_exist() -> None:
    assert "index" in PARENT_PAGES
    assert len(CONTENT_PAGES) >= 7, PARENT_PAGES


@pytest.mark.parametrize("page", PARENT_PAGES)
def test_parent_page_is_b1(site: Path, page: str) -> None:
    text = reading_text(content(built(site, page)))
    words_per_sentence, flesch = readability(text)
    words = textstat.lexicon_count(text)
    print(
        f"\nouders/{page}: {words} woorden, {words_per_sentence:.1f} woorden per zin, "
        f"Flesch-Douma {flesch:.1f}"
    )
    assert words >= 100, f"ouders/{page}: too little text measured ({words} words)"
    assert words_per_sentence <= MAX_WORDS_PER_SENTENCE, (page, words_per_sentence)
    assert flesch >= MIN_FLESCH_DOUMA, (page, flesch)


def test_readability_summary(site: Path) -> None:
    """One table of all figures (shown with -s or -rA)."""
    lines = [f"{'pagina':40} {'woorden':>7} {'w/zin':>6} {'Flesch-Douma':>12}"]
    for page in PARENT_PAGES:
        text = reading_text(content(built(site, page)))
        wps, flesch = readability(text)
        words = textstat.lexicon_count(text)
        lines.append(f"ouders/{page:33} {words:7d} {wps:6.1f} {flesch:12.1f}")
    print("\n" + "\n".join(lines))
    assert len(lines) == len(PARENT_PAGES) + 1


def test_reading_text_ends_blocks_and_skips_sources() -> None:
    html = (
        '<article><h2 id="x">Kop zonder punt<a class="headerlink" href="#x">¶</a></h2>'
        "<ul><li>eerste punt<ul><li>binnenste punt</li></ul></li></ul><p>Een zin.</p>"
        '<div class="ouders-bronnen"><p>Hoofdstuk 1 en nog veel meer woorden hier</p></div>'
        "</article>"
    )
    text = reading_text(BeautifulSoup(html, "html.parser"))
    assert text == "Kop zonder punt. eerste punt. binnenste punt. Een zin."


# --- front matter and the links both ways -----------------------------------------------


@pytest.mark.parametrize("page", PARENT_PAGES)
def test_front_matter(page: str) -> None:
    meta = front_matter(page)
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    based_on = meta.get("based_on")
    assert isinstance(based_on, list) and based_on, f"ouders/{page}: based_on is empty"
    assert all(PARAGRAPH_ID.match(i) for i in based_on), based_on
    assert len(set(based_on)) == len(based_on), based_on
    body = FRONT_MATTER.sub("", (PARENT_DIR / f"{page}.md").read_text(encoding="utf-8"))
    assert body.lstrip().startswith(f"# {meta['title']}"), f"ouders/{page}: starts with '# title'"
    assert "{{" not in body and "{%" not in body, f"ouders/{page}: no Jinja calls in parent pages"


def professional_anchors(site: Path) -> dict[str, Path]:
    """par-N-M id -> the built professional page that has it."""
    found: dict[str, Path] = {}
    for path in site.glob("*/index.html"):
        if path.parent.name == "ouders":
            continue
        for element in soup(path).select("[id^=par-]"):
            found[element["id"]] = path
    return found


@pytest.mark.parametrize("page", PARENT_PAGES)
def test_based_on_links_both_ways(site: Path, page: str) -> None:
    anchors = professional_anchors(site)
    parent_html = content(built(site, page))
    sources = parent_html.select_one(".ouders-bronnen")
    assert sources is not None, f"ouders/{page}: no 'Waar staat dit in de richtlijn?' section"
    source_hrefs = [a.get("href", "") for a in sources.select("a[href]")]
    for anchor in front_matter(page)["based_on"]:
        assert anchor in anchors, f"ouders/{page}: based_on '{anchor}' is not an anchor"
        assert any(h.endswith(f"#{anchor}") for h in source_hrefs), (page, anchor, source_hrefs)
        heading = content(anchors[anchor]).select_one(f"#{anchor}")
        backlinks = []
        for sibling in heading.find_next_siblings():
            if sibling.name in {"h1", "h2"}:
                break
            backlinks += [a.get("href", "") for a in sibling.select(".ouders-link a[href]")]
            if "ouders-link" in (sibling.get("class") or []):
                backlinks += [a.get("href", "") for a in sibling.select("a[href]")]
        assert any(h.rstrip("/").endswith(url_of(page).rstrip("/")) for h in backlinks), (
            f"{anchors[anchor].parent.name}#{anchor} has no 'Lees de versie voor ouders' link "
            f"to ouders/{page}: {backlinks}"
        )


def test_parent_heading_ids_are_prefixed_and_unique() -> None:
    professional = set()
    for path in CONTENT.glob("*.md"):
        professional |= set(re.findall(r"\{#([a-z0-9-]+)\}", path.read_text(encoding="utf-8")))
    seen: dict[str, str] = {}
    for page in PARENT_PAGES:
        text = (PARENT_DIR / f"{page}.md").read_text(encoding="utf-8")
        for anchor in re.findall(r"\{#([a-z0-9-]+)\}", text):
            assert anchor.startswith("ouders-"), f"ouders/{page}: id '{anchor}' needs 'ouders-'"
            assert anchor not in GENERATED_IDS, f"ouders/{page}: '{anchor}' is the generator's"
            assert anchor not in professional, f"ouders/{page}: '{anchor}' is used by the guideline"
            assert anchor not in seen, f"'{anchor}' in ouders/{page} and ouders/{seen[anchor]}"
            seen[anchor] = page


# --- overview, scripts, search -----------------------------------------------------------


def test_overview_links_every_parent_page(site: Path) -> None:
    hrefs = [a.get("href", "") for a in content(built(site, "index")).select("a[href]")]
    for page in CONTENT_PAGES:
        assert any(h.rstrip("/").endswith(page) for h in hrefs), f"overview misses {page}: {hrefs}"


def test_parent_pages_are_in_the_navigation(site: Path) -> None:
    nav = soup(built(site, "index")).select_one("nav.md-nav--primary")
    hrefs = [a.get("href", "") for a in nav.select("a[href]")]
    for page in CONTENT_PAGES:
        assert any(h.rstrip("/").endswith(f"ouders/{page}") or h.rstrip("/").endswith(page)
                   for h in hrefs), page


@pytest.mark.parametrize("page", PARENT_PAGES)
def test_parent_page_loads_no_pyodide(site: Path, page: str) -> None:
    html = soup(built(site, page))
    sources = [s.get("src", "") for s in html.select("script[src]")]
    assert not [s for s in sources if "pyodide" in s.lower() or "worker" in s.lower()], sources
    inline = " ".join(s.get_text() for s in html.select("script:not([src])")).lower()
    assert "pyodide" not in inline and "new worker" not in inline
    assert not html.select("link[href*=pyodide], link[href*=wasm]")


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_parent_page_uses_the_word_hechting(page: str) -> None:
    """The search is asked for 'hechting': the Dutch stemmer does not reduce 'gehechtheid' to it."""
    text = (PARENT_DIR / f"{page}.md").read_text(encoding="utf-8").lower()
    assert re.search(r"\bhechting\b", text), f"ouders/{page} never says 'hechting'"


def test_search_index_has_parent_pages_with_hechting(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["nl"]
    hits = {
        doc["location"].split("#")[0]
        for doc in index["docs"]
        if doc["location"].startswith("ouders/")
        and re.search(r"\b(hechting|gehechtheid)\b", (doc["title"] + " " + doc["text"]).lower())
    }
    expected = {url_of(p) for p in CONTENT_PAGES}
    assert expected <= hits, sorted(expected - hits)


def test_front_matter_with_a_key_twice_fails_naming_file_and_line(tmp_path: Path) -> None:
    """Front matter goes through the same strict YAML loader as data/."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    page = copy / "ouders" / "welke-hulp.md"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith("title:")
    lines.insert(3, "title: Een tweede titel\n")
    page.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        client_version.collect(copy, load(ROOT / "data").guideline.client_version)
    assert str(err.value).startswith(
        "content/ouders/welke-hulp.md, regel 4: de sleutel 'title' staat twee keer in dezelfde "
        "mapping (eerst op regel 2)"
    ), str(err.value)


# --- no claim stronger than the guideline's evidence -------------------------------------------

# Words that claim proof or certainty; allowed only for an intervention whose DEJ level is the
# strongest ('effectief volgens sterke aanwijzingen'), and there too this version avoids them.
STRONG_CLAIM = re.compile(
    r"\b(bewezen|bewijs dat|werkt altijd|helpt altijd|werkt zeker|zeker weten|garantie|"
    r"gegarandeerd|gaat zeker)\b",
    re.IGNORECASE,
)


def overclaims(article: BeautifulSoup, data) -> list[str]:
    """Blocks of a parent page that name an intervention below the strongest level of evidence
    and claim proof or certainty about it."""
    ranks = {lv.id: n for n, lv in enumerate(data.finder.recognition_levels)}
    found = []
    for block in article.select("p, li, td, dd"):
        text = normalize(block.get_text(" "))
        claims = STRONG_CLAIM.findall(text)
        if not claims:
            continue
        weaker = [
            iv.name for iv in data.interventions
            if iv.name in text and ranks[iv.recognition.level] > 0
        ]
        if weaker:
            found.append(f"{weaker} {claims}: {text[:100]}")
    return found


def test_the_claim_check_finds_the_old_sentence() -> None:
    from sitegen.data.loading import load

    data = load(ROOT / "data")
    old = BeautifulSoup(
        "<ul><li><strong>Basic Trustmethode</strong>: voor ouders van kinderen van 2 tot en met "
        "12 jaar. Het is bewezen dat deze hulp werkt.</li><li><strong>VIPP-SD</strong>: Het is "
        "bewezen dat deze hulp werkt.</li></ul>",
        "html.parser",
    )
    assert len(overclaims(old, data)) == 1  # Basic Trust: 'eerste aanwijzingen' only


@pytest.mark.parametrize("page", PARENT_PAGES)
def test_no_parent_page_claims_more_than_the_evidence(site: Path, page: str) -> None:
    from sitegen.data.loading import load

    data = load(ROOT / "data")
    article = content(built(site, page))
    assert not overclaims(article, data), page
    if page == "welke-hulp":  # the page that names them all is checked, not skipped
        names = [iv.name for iv in data.interventions if iv.name in article.get_text(" ")]
        assert len(names) >= 15, names


@pytest.mark.parametrize("page", PARENT_PAGES)
def test_no_raw_footnote_reference_on_a_parent_page(site: Path, page: str) -> None:
    article = content(built(site, page))
    assert "[^" not in article.get_text(" ")
    assert not re.search(r"gehechtheid\d", article.get_text(" "))


def test_where_a_worried_parent_goes_first(site: Path) -> None:
    """Only routes the guideline names; the Veilig Thuis number is marked as an addition."""
    page = content(built(site, "later-en-steun"))
    heading = page.find(id="ouders-zorgen")
    assert heading is not None
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling.get_text(" "))
    section = normalize(" ".join(parts))
    guideline = " ".join(
        normalize(content(path).get_text(" "))
        for path in sorted(site.glob("hoofdstuk-*/index.html"))
    )
    for route in ("wijkteam", "JGZ", "huisarts", "Veilig Thuis", "gedragswetenschapper"):
        assert route in section and route in guideline, route
    for other in ("consultatiebureau", "CJG", "112", "jeugdarts"):
        pattern = re.compile(rf"\b{other}\b")
        assert not pattern.search(section) and not pattern.search(guideline), other
    assert "0800-2000" in section and "0800-2000" not in guideline
    assert "staat niet in de richtlijn" in section
    start = content(built(site, "index"))
    assert start.select_one('a[href$="later-en-steun/#ouders-zorgen"]') is not None


# --- a screening outcome is not a diagnosis (stap 2c; 4.1) -------------------------------------

# A main clause that says a child has or has no (attachment) problem or disorder: what only a
# diagnosis can say. Stap 2c speaks of the suspicion being (not, partly) confirmed, and 4.1
# leaves the diagnosis to a specialist after it.
AS_DIAGNOSIS = re.compile(
    r"^(?:er is|je kind heeft|het kind heeft|jouw kind heeft)\s+(?:\w+\s+)?(?:geen|een)\s+"
    r"(?:\w+\s+)?(?:probleem|problemen|hechtingsprobleem|hechtingsstoornis|stoornis)\b",
    re.IGNORECASE,
)


def diagnoses(text: str) -> list[str]:
    """Sentences of a parent page's reading text that state an outcome as a diagnosis."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return [s for s in sentences if AS_DIAGNOSIS.match(s) and not s.endswith("?")]


def test_the_diagnosis_check_finds_the_old_outcomes() -> None:
    old = (
        "Na de screening zijn er drie uitkomsten mogelijk. Er is geen probleem met hechting. "
        "Er is misschien een probleem met hechting. Er is een probleem met hechting. Dan volgt "
        "stap 3. Het betekent nog niet dat er een probleem is. Is er een probleem?"
    )
    assert len(diagnoses(old)) == 3


@pytest.mark.parametrize("page", PARENT_PAGES)
def test_no_parent_page_states_a_screening_outcome_as_a_diagnosis(site: Path, page: str) -> None:
    assert not diagnoses(reading_text(content(built(site, page)))), page


def test_the_screening_outcomes_are_those_of_stap_2c(site: Path) -> None:
    page = content(built(site, "hoe-onderzoeken-professionals"))
    heading = page.find(id="ouders-onderzoek-uitkomst")
    assert heading is not None
    outcomes = [normalize(li.get_text(" ")) for li in heading.find_next("ul").select("li")]
    assert [o.split(".")[0] for o in outcomes] == [
        "Het vermoeden wordt niet bevestigd",
        "Het vermoeden wordt gedeeltelijk bevestigd",
        "Het vermoeden wordt bevestigd",
    ]
