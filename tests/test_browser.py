"""Browser tests: Debian's Chromium via Playwright against the served site."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Request, expect

pytestmark = pytest.mark.browser


def record_requests(page: Page) -> list[str]:
    urls: list[str] = []

    def on_request(request: Request) -> None:
        urls.append(request.url)

    page.on("request", on_request)
    page.context.on("request", on_request)  # also requests of workers
    return urls


def test_search_finds_chapter_1_in_dutch(page: Page, base_url: str) -> None:
    requests = record_requests(page)
    page.goto(base_url + "/")
    page.get_by_role("textbox", name=re.compile("zoek", re.I)).first.click()
    page.locator("input.md-search__input").press_sequentially("gehecht", delay=30)
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("hoofdstuk-1/" in h for h in hrefs), hrefs
    assert all(u.startswith(base_url) or u.startswith(("data:", "blob:")) for u in requests), [
        u for u in requests if not u.startswith(base_url)
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/kernaanbevelingen/",
        "/hoofdstuk-1/",
        "/hoofdstuk-4/",
        "/hoofdstuk-5/",
        "/bijlage-4/",
        "/interventies/vipp-sd/",
    ],
)
def test_pages_make_only_same_origin_requests(page: Page, base_url: str, path: str) -> None:
    requests = record_requests(page)
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    foreign = [
        u for u in requests if not u.startswith(base_url) and not u.startswith(("data:", "blob:"))
    ]
    assert requests and not foreign, foreign


def test_linked_recommendation_is_visible_and_highlighted(page: Page, base_url: str) -> None:
    page.goto(base_url + "/hoofdstuk-1/#aanbeveling-1-9-2")
    target = page.locator("#aanbeveling-1-9-2")
    expect(target).to_be_in_viewport()
    outline = target.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
