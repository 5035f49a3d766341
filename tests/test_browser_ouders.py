"""The parents' version in the browser: found by search, linked both ways, printable, no Pyodide."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.test_accessibility import axe_violations
from tests.test_browser import record_requests
from tests.test_ouders import CONTENT_PAGES, PARENT_PAGES, url_of

pytestmark = pytest.mark.browser


def test_search_for_hechting_shows_parent_pages(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_role("textbox", name=re.compile("zoek", re.I)).first.click()
    page.locator("input.md-search__input").press_sequentially("hechting", delay=30)
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("/ouders/" in h for h in hrefs), hrefs


@pytest.mark.parametrize("path", ["/" + url_of(p) for p in PARENT_PAGES])
def test_parent_page_loads_no_pyodide_or_worker(page: Page, base_url: str, path: str) -> None:
    requests = record_requests(page)
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert requests
    assert not [u for u in requests if "pyodide" in u or u.endswith(".wasm")], requests
    # The only worker is the theme's own search; no widget worker, no Pyodide.
    others = [w.url for w in page.workers if "/assets/javascripts/workers/search." not in w.url]
    assert not others, others
    assert all(u.startswith(base_url) or u.startswith(("data:", "blob:")) for u in requests)


def test_parent_page_prints_its_text(page: Page, base_url: str) -> None:
    page.goto(base_url + "/ouders/welke-hulp/")
    page.emulate_media(media="print")
    article = page.locator("article.md-content__inner")
    expect(article.locator("h1")).to_have_text(re.compile("Welke hulp is er"))
    expect(article.locator("#ouders-hulp-niet")).to_be_visible()
    expect(article.locator(".ouders-bronnen")).to_be_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_overview_reaches_every_parent_page(page: Page, base_url: str) -> None:
    page.goto(base_url + "/ouders/")
    article = page.locator("article.md-content__inner")
    for name in CONTENT_PAGES:
        expect(article.locator(f"a[href$='{name}/']").first).to_be_visible()


def test_back_and_forth_between_guideline_and_parent_page(page: Page, base_url: str) -> None:
    page.goto(base_url + "/hoofdstuk-1/#par-1-2")
    link = page.locator("#par-1-2 ~ .ouders-link a", has_text="Wat is hechting?").first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r"/ouders/wat-is-hechting/$"))
    back = page.locator(".ouders-bronnen a[href$='#par-1-2']")
    expect(back).to_be_visible()
    back.click()
    page.wait_for_url(re.compile(r"/hoofdstuk-1/#par-1-2$"))
    expect(page.locator("#par-1-2")).to_be_in_viewport()


@pytest.mark.parametrize("path", ["/" + url_of(p) for p in PARENT_PAGES])
def test_parent_page_has_no_wcag_violations(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    assert axe_violations(page) == []
