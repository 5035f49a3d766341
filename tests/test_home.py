"""Finding one's way in: the home page by task, chapters that open with their advice, and who
stands behind the site (colofon, footer, the recognition note, the print button).

Everything shown comes from data/guideline.yml; the fixture guideline gets its own."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, expect

from sitegen.data.loading import load
from sitegen.links import page_url, plain_text
from sitegen.renderer.site_config import print_page_url
from tests.conftest import FIXTURE, ROOT
from tests.html import content, normalize, soup, visible_text

DATA = load(ROOT / "data")
GUIDELINE = DATA.guideline


def heading_text(element: BeautifulSoup) -> str:
    """A heading's text without its permalink (¶)."""
    return normalize("".join(element.find_all(string=True, recursive=False)))


def target_url(link: object) -> str:
    """The site URL a PageLink of guideline.yml should lead to."""
    if link.print:  # type: ignore[attr-defined]
        url = print_page_url()
        assert url is not None
        return url
    page, _, anchor = link.page.partition("#")  # type: ignore[attr-defined]
    return page_url(page) + (f"#{anchor}" if anchor else "")


def resolves(site: Path, from_url: str, href: str) -> str:
    """The site URL `href` (relative, on the page `from_url`) leads to; fails if no page or
    anchor is there."""
    absolute = urlsplit(urljoin("http://site" + from_url, href))
    path = absolute.path
    file = site / path.lstrip("/") / "index.html"
    assert file.is_file(), f"{href} on {from_url}: no page {path}"
    if absolute.fragment:
        assert soup(file).find(id=absolute.fragment) is not None, f"{href}: no #{absolute.fragment}"
    return path + (f"#{absolute.fragment}" if absolute.fragment else "")


# --- the home page ------------------------------------------------------------------------


def test_home_page_has_each_task_of_the_data_with_its_links(site: Path) -> None:
    article = content(site / "index.html")
    cards = article.select(".home-tasks .home-task")
    assert [heading_text(c.select_one(".home-task__title")) for c in cards] == [
        plain_text(t.title) for t in GUIDELINE.home.tasks
    ]
    for card, task in zip(cards, GUIDELINE.home.tasks, strict=True):
        links = card.select(".home-task__links a[href]")
        assert [normalize(a.get_text()) for a in links] == [plain_text(k.text) for k in task.links]
        for a, link in zip(links, task.links, strict=True):
            assert resolves(site, "/", a["href"]) == target_url(link), task.title
    # the targets the issue asked for, each one click from the home page
    reached = {target_url(k) for t in GUIDELINE.home.tasks for k in t.links}
    assert {
        "/hulpmiddelen/lsvg/", "/hulpmiddelen/interventiewijzer/", "/ouders/", "/links/",
        "/werkkaarten/stappenplan/", "/volledige-richtlijn/",
    } <= reached
    # then the kernaanbevelingen, each linked to its place
    items = article.select(".kern-list > li")
    assert [i["value"] for i in items] == [str(k.number) for k in DATA.kernaanbevelingen]
    for item, k in zip(items, DATA.kernaanbevelingen, strict=True):
        assert resolves(site, "/", item.a["href"]) == f"/kernaanbevelingen/#{k.id}"
    # the ids trainers already link to stay
    assert {"start-waar-beginnen", "start-over-de-richtlijn"} <= {
        e["id"] for e in article.select("[id]")
    }


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_every_task_target_is_a_visible_link_on_desktop_and_phone(
    browser: Browser, base_url: str, width: int
) -> None:
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    page.goto(base_url + "/")
    for task in GUIDELINE.home.tasks:
        card = page.locator(".home-task", has=page.get_by_role("heading", name=task.title))
        for link in task.links:
            anchor = card.get_by_role("link", name=plain_text(link.text), exact=True)
            expect(anchor).to_be_visible()
            href = anchor.evaluate("a => a.href")
            assert href == base_url + target_url(link), (task.title, href)
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, f"the home page scrolls sideways by {overflow} px at {width} px"
    # one click: the parents' version
    page.locator(".home-task").get_by_role("link", name="Versie voor ouders en verzorgers").click()
    page.wait_for_url(base_url + "/ouders/")
    context.close()


# --- chapters open with their advice ------------------------------------------------------


def test_every_chapter_with_recommendations_opens_with_them(site: Path) -> None:
    boxes = 0
    for chapter in GUIDELINE.chapters:
        url = page_url(chapter.page)
        article = content(site / url.strip("/") / "index.html")
        recs = [r for r in DATA.recommendations if GUIDELINE.chapter(r.paragraph) == chapter]
        box = article.select_one(".chapter-advice")
        if not recs:
            assert box is None, url
            continue
        boxes += 1
        # right at the top: the first thing after the chapter's heading
        opening = article.select_one(".chapter-opening")
        assert article.find("h1").find_next_sibling() is opening, url
        assert normalize(box.select_one(".chapter-advice__title").get_text()) == (
            "Aanbevelingen in dit hoofdstuk")
        items = box.select(".chapter-advice__list > li")
        assert len(items) == len(recs), url
        for item, rec in zip(items, recs, strict=True):
            assert resolves(site, url, item.a["href"]) == f"{url}#{rec.id}"
            number = normalize(item.select_one(".chapter-advice__number").get_text())
            assert number.startswith(f"{rec.paragraph}.{rec.number}"), (url, number)
            text = visible_text(item)
            assert plain_text(rec.text).split()[0] in text  # its first words
            assert "voor " in text  # its audience
    assert boxes >= 4


def test_chapters_point_to_their_tools_at_the_top(site: Path) -> None:
    for chapter in (c for c in GUIDELINE.chapters if c.opens_with):
        url = page_url(chapter.page)
        tools = content(site / url.strip("/") / "index.html").select(
            ".chapter-opening__tools a[href]")
        assert [resolves(site, url, a["href"]) for a in tools] == [
            target_url(k) for k in chapter.opens_with
        ]
    chapter_5 = content(site / "hoofdstuk-5" / "index.html").select_one(".chapter-opening")
    assert chapter_5.select_one('a[href$="hulpmiddelen/interventiewijzer/"]') is not None


# --- who stands behind it -----------------------------------------------------------------


def _colophon_text(site: Path, page: str) -> str:
    return visible_text(content(site / page_url(page).strip("/") / "index.html"))


def test_the_colofon_states_the_facts_of_the_data(site: Path) -> None:
    c = GUIDELINE.colophon
    assert c is not None
    text = _colophon_text(site, c.page)
    facts = [*c.authors, c.publisher, c.official, *c.web_version, c.report_errors]
    for fact in facts:
        assert normalize(plain_text(DATA.as_shown(fact.text))) in text, fact.text[:60]
    article = content(site / page_url(c.page).strip("/") / "index.html")
    assert article.select_one(f'a[href="{c.official.url}"]') is not None
    assert GUIDELINE.title in text and GUIDELINE.revision_label in text
    # each fact's source links to where the guideline says it
    for fact in facts:
        for source in fact.sources:
            assert article.select_one(f'a[href$="#{source.anchor}"]') is not None, source.anchor
    # nothing invented: no address to report errors, so it says there is none
    assert "geen adres om fouten te melden" in text


def test_every_page_has_the_footer_with_the_official_source_and_the_colofon(site: Path) -> None:
    c = GUIDELINE.colophon
    assert c is not None
    for path in (site / "index.html", site / "hoofdstuk-5" / "index.html",
                 site / "ouders" / "welke-hulp" / "index.html"):
        footer = soup(path).select_one(".md-footer .md-copyright")
        assert "Made with" not in footer.get_text(), path
        assert footer.select_one(f'a[href="{c.official.url}"]') is not None, path
        colofon = footer.find("a", string=c.title)
        from_url = "/" + str(path.parent.relative_to(site)).strip(".") + "/"
        assert resolves(site, from_url.replace("//", "/"), colofon["href"]) == page_url(c.page)


def test_the_fixture_guideline_has_its_own_tasks_and_colofon(fixture_site: Path) -> None:
    fixture = load(FIXTURE / "data").guideline
    assert fixture.colophon is not None and fixture.home.tasks
    titles = [heading_text(h) for h in
              content(fixture_site / "index.html").select(".home-task__title")]
    assert titles == [t.title for t in fixture.home.tasks]
    text = _colophon_text(fixture_site, fixture.colophon.page)
    assert fixture.colophon.report_errors.text in text and fixture.title in text
    assert GUIDELINE.colophon is not None
    assert GUIDELINE.colophon.official.link_text not in text  # nothing of the real guideline
    footer = soup(fixture_site / "index.html").select_one(".md-copyright")
    assert footer.find("a", string=fixture.colophon.title) is not None


def test_every_intervention_page_and_finder_card_notes_whose_recognition_it_is(
    site: Path,
) -> None:
    note = GUIDELINE.recognition_note
    assert note is not None
    expected = normalize(plain_text(note.text))
    for iv in DATA.interventions:
        article = content(site / "interventies" / iv.id / "index.html")
        p = article.select_one(".recognition-note")
        assert p is not None and expected in normalize(p.get_text()), iv.id
        assert p.a["href"] == note.url and "2019" in p.get_text()
    # the finder fills a copy of its card template per intervention: the note is in it
    finder = soup(site / "hulpmiddelen" / "interventiewijzer" / "index.html")
    template = finder.select_one('template[data-finder-template="card"]')
    card = BeautifulSoup(template.decode_contents(), "html.parser")
    p = card.select_one(".finder-card__recognition-note")
    assert p is not None and expected in normalize(p.get_text()) and p.a["href"] == note.url


@pytest.mark.browser
def test_the_print_page_has_a_visible_print_button(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    url = print_page_url()
    assert url is not None
    page.goto(base_url + url)
    button = page.get_by_role("button", name="Print of bewaar als PDF")
    expect(button).to_be_visible()
    page.evaluate("window.print = () => { document.body.dataset.printed = 'ja'; }")
    button.click()
    expect(page.locator("body")).to_have_attribute("data-printed", "ja")
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    context.close()

