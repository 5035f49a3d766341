"""Werkkaarten: generated from data/ and content/, a page each, one A4 side in print (two at
most, and then the card says so), with the guideline's name, revision, short link and the
date of printing."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from sitegen.data.loading import load
from sitegen.links import plain_text
from tests.conftest import ROOT, run_build
from tests.html import content, normalize, plain_markdown, soup, visible_text

DATA = load(ROOT / "data")
CARDS = {card.id: card for card in DATA.guideline.werkkaarten}
DUTCH_MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
]


def squeeze(text: str) -> str:
    """Compare text regardless of the whitespace inline elements (<abbr>, <a>) add."""
    return re.sub(r"\s+", "", text)


def card_text(site: Path, card_id: str) -> str:
    return squeeze(visible_text(content(card_page(site, card_id)), footnote_marks=False))


def card_page(site: Path, card_id: str) -> Path:
    return site / "werkkaarten" / card_id / "index.html"


def test_the_guideline_has_the_four_cards_the_practice_needs() -> None:
    assert [c.content for c in CARDS.values()] == [
        "stappenplan", "interventies", "kernaanbevelingen", "secties"
    ]


@pytest.mark.parametrize("card_id", CARDS)
def test_card_page_names_guideline_revision_short_link_and_print_date(
    site: Path, links: list[dict], card_id: str
) -> None:
    page = content(card_page(site, card_id))
    meta = page.select_one(".werkkaart__meta")
    text = visible_text(meta)
    assert DATA.guideline.title in text and DATA.guideline.revision_label in text
    short = f"/r/werkkaart-{card_id}/"
    assert short in text
    assert page.select_one("[data-print-date]") is not None
    target = next(t for t in links if t["id"] == f"werkkaart-{card_id}")
    assert target == {
        "id": f"werkkaart-{card_id}", "kind": "werkkaart", "title": CARDS[card_id].title,
        "url": f"/werkkaarten/{card_id}/#werkkaart-{card_id}",
    }
    redirect = soup(site / "r" / f"werkkaart-{card_id}" / "index.html")
    assert redirect.find("link", rel="canonical")["href"] == "../.." + target["url"]
    assert "[^" not in text and "{{" not in text


def test_stappenplan_card_has_every_step_who_and_the_lsvg_tool(site: Path) -> None:
    text = card_text(site, "stappenplan")
    plan = DATA.stappenplan
    assert plan is not None and len(plan.steps) == 3  # the source has 3 steps (4.4)
    for step in plan.steps:
        for part in (f"Stap {step.number}", step.title, step.who, step.summary):
            assert squeeze(plain_markdown(part)) in text, part
    # the outcomes of the screening (stap 2c), the referral and the DSM-5 check (stap 3d)
    on_card = [(s.number, p) for s in plan.steps for p in s.parts if p.on_card]
    assert [(n, p.label) for n, p in on_card] == [(2, "c"), (3, "d")]
    for _, part in on_card:
        assert squeeze(plain_markdown(part.text)) in text
        for item in part.items:
            assert squeeze(plain_markdown(item.text)) in text, item.text
    # the site's own lines say so: the summaries and the LSVG's link to the calculator
    assert squeeze("Toegevoegd in deze webversie: de korte omschrijving onder elke stap, en bij "
                   "de LSVG de link om de lijst online in te vullen en te scoren.") in text
    lsvg = next(i for i in DATA.instruments if i.tool)
    assert squeeze(f"{lsvg.name} (online invullen en scoren: /hulpmiddelen/lsvg/)") in text


def test_interventions_card_condenses_tables_situations_and_harm(site: Path) -> None:
    text = card_text(site, "interventies")
    for table in DATA.guideline.tables:
        assert squeeze(plain_markdown(table.label)) in text
        rows = [
            (iv, row) for iv in DATA.interventions for row in iv.tables
            if row.table == table.number
        ]
        assert rows
        for iv, row in rows:
            assert squeeze(plain_markdown(row.doelgroep)) in text, iv.id
            assert squeeze(plain_markdown(row.erkenning)) in text, iv.id
    for situation in DATA.situations:
        listed = []
        for iv in DATA.interventions:
            if situation.id not in iv.situations:
                continue
            # the age in the source's words, and whether the finder needs the situation
            role = ""
            if any(situation.id in r.any_of for r in iv.requires):
                role = "; voorwaarde"
            elif any(situation.id in st.any_of for st in iv.wider):
                role = "; apart"
            listed.append(f"{iv.name} ({plain_markdown(iv.age.wording)}{role}")
        if listed:
            line = squeeze(f"{situation.label}: ")
            for entry in listed:
                assert squeeze(entry) in text.split(line, 1)[1], (situation.id, entry)
            assert line + squeeze(listed[0]) in text
    assert squeeze("Toegevoegd in deze webversie:") in text
    for approach in DATA.harmful_approaches:
        assert squeeze(f"{approach.name}: {plain_markdown(approach.description)}") in text


def test_kernaanbevelingen_card_keeps_text_and_footnotes(site: Path) -> None:
    page = content(card_page(site, "kernaanbevelingen"))
    text = card_text(site, "kernaanbevelingen")
    for k in DATA.kernaanbevelingen:
        assert squeeze(plain_markdown(k.text)) in text, k.id
    # the source's footnotes 1 and 2 come along, with their own numbers
    notes = page.select("div.footnote li")
    assert [li["value"] for li in notes] == ["1", "2"]


def test_parents_card_places_the_parents_sections_word_for_word(site: Path) -> None:
    card = CARDS["ouders"]
    page = content(card_page(site, "ouders"))
    sections = page.select("section.werkkaart__section")
    assert len(sections) == len(card.sections)
    for section, ref in zip(sections, card.sections, strict=True):
        source_page, _, anchor = ref.partition("#")
        source = content(site / source_page.removesuffix("index.md").removesuffix(".md")
                         / "index.html")
        heading = source.find(id=anchor)
        body = [heading]
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h1", "h2") or sibling.find(["h1", "h2"]):
                break  # the next section, or the page's 'Waar staat dit in de richtlijn?'

            body.append(sibling)
        expected = normalize(" ".join(visible_text(e) for e in body))
        got = normalize(" ".join(visible_text(e) for e in section.find_all(recursive=False)
                                 if "werkkaart__more" not in (e.get("class") or [])))
        assert got == expected, ref
        back = section.select_one(".werkkaart__more a")["href"]
        assert back.endswith(f"#{anchor}")


def test_a_section_that_is_not_there_fails_the_build_naming_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    config = yaml.safe_load((data / "guideline.yml").read_text(encoding="utf-8"))
    card = next(c for c in config["werkkaarten"] if c["id"] == "ouders")
    card["sections"][1] = "ouders/welke-hulp.md#ouders-bestaat-niet"
    (data / "guideline.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    result = run_build("--data", str(data), "--site", str(tmp_path / "site"))
    assert result.returncode == 1
    assert (
        "data/guideline.yml: werkkaart 'ouders', veld 'sections': content/ouders/welke-hulp.md "
        "heeft geen kop met id 'ouders-bestaat-niet'"
    ) in result.stderr
    assert not (tmp_path / "site").exists()


# --- in print: Chromium's page.pdf, A4 ------------------------------------------------------


@pytest.fixture(scope="module")
def printer(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def printed(page: Page, url: str) -> list[str]:
    """The text of each A4 page of `url` printed by Chromium (print media)."""
    page.emulate_media(media="screen")
    page.goto(url)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.browser
@pytest.mark.parametrize("card_id", CARDS)
def test_card_prints_on_its_a4_sides_with_short_link_revision_and_date(
    printer: Page, base_url: str, card_id: str
) -> None:
    card = CARDS[card_id]
    pages = printed(printer, f"{base_url}/werkkaarten/{card_id}/")
    assert 1 <= len(pages) <= card.pages, f"{card_id}: {len(pages)} A4 sides"
    for number, text in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in text  # a card of two says so
    first = re.sub(r"\s+", " ", pages[0])
    assert f"{base_url}/r/werkkaart-{card_id}/" in first
    assert DATA.guideline.revision_label in first
    assert plain_text(card.title) in first
    today = date.today()
    assert f"Geprint op {today.day} {DUTCH_MONTHS[today.month - 1]} {today.year}" in first


@pytest.mark.browser
def test_a_guideline_page_prints_its_revision_and_date(printer: Page, base_url: str) -> None:
    pages = printed(printer, f"{base_url}/kernaanbevelingen/")
    first = re.sub(r"\s+", " ", pages[0])
    today = date.today()
    assert f"Laatst herzien: {DATA.guideline.revision} · Geprint op {today.day} " in first
    assert f"Pagina 1 van {len(pages)}" in pages[0]
