"""WCAG 2.2 AA with axe-core (npm, vendored via node_modules) on the served site.

Every page type is audited with WCAG 2.0/2.1 A and AA, 2.2 AA (target size and the like)
and axe's best practices, at desktop width and at 390 px, in a settled state (the tools
after Pyodide has loaded). Two states a page-load scan never sees are audited too: the
navigation drawer open on a phone, and the search open with results.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => `${v.id} (${v.impact}): ` +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# One page of every type: audited at both widths.
PAGE_TYPES = {
    "home": "/",
    "chapter": "/hoofdstuk-5/",
    "kernaanbevelingen": "/kernaanbevelingen/",
    "appendix with the LSVG": "/bijlage-4/",
    "intervention": "/interventies/vipp-sd/",
    "LSVG calculator": "/hulpmiddelen/lsvg/",
    "Interventiewijzer": "/hulpmiddelen/interventiewijzer/#leeftijd-jaren=3&situatie=adoptie-pleeg",
    "parent page": "/ouders/welke-hulp/",
    "links": "/links/",
    "werkkaart": "/werkkaarten/stappenplan/",
    "whole guideline in print": "/volledige-richtlijn/",
    "not found": "/404.html",
    "short link": "/r/aanbeveling-1-9-2/",
}
# The other content pages: desktop width.
OTHER_PAGES = [
    "/inleiding/", "/aanbevelingen/", "/begrippen/", "/over-deze-webversie/", "/colofon/",
    "/interventies/", "/interventies/voorzorg/",
    *(f"/hoofdstuk-{n}/" for n in (1, 2, 3, 4, 6)),
    *(f"/bijlage-{n}/" for n in (1, 2, 3)),
    "/werkkaarten/interventies/", "/werkkaarten/ouders/",
]


def axe_violations(page: Page) -> list[str]:
    # Evaluated by the browser's debugging protocol: an inline <script> (add_script_tag)
    # would be refused by the site's Content-Security-Policy, as it should be.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE, TAGS)


@pytest.fixture(scope="module")
def audit(browser: Browser) -> Iterator[Page]:
    """One page for all audits of this module (a new context per audit costs more than the
    audit on this machine)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


def settle(page: Page, base_url: str, path: str) -> None:
    page.unroute("**/r/**")
    if path.startswith("/r/"):
        # A short link forwards at once (meta refresh): audit the page it shows first.
        def without_refresh(route: Route) -> None:
            body = route.fetch().text()
            route.fulfill(
                body=body.replace('http-equiv="refresh"', 'data-refresh="off"'),
                content_type="text/html",
            )

        page.route("**/r/**", without_refresh)
    page.set_viewport_size(DESKTOP)
    page.goto(base_url + path)
    if path.startswith("/hulpmiddelen/"):
        expect(page.locator("html")).to_have_attribute(
            "data-pyodide", "ready", timeout=60_000
        )
        page.wait_for_timeout(300)  # the first answer is drawn after 'ready'


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_has_no_violations_on_desktop_and_phone(
    audit: Page, base_url: str, path: str
) -> None:
    settle(audit, base_url, path)
    assert axe_violations(audit) == [], "1280 px"
    audit.set_viewport_size(PHONE)
    audit.wait_for_timeout(300)
    assert axe_violations(audit) == [], "390 px"


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_other_page_has_no_violations(audit: Page, base_url: str, path: str) -> None:
    settle(audit, base_url, path)
    assert axe_violations(audit) == []


def test_open_navigation_drawer_on_a_phone(audit: Page, base_url: str) -> None:
    settle(audit, base_url, "/hoofdstuk-5/")
    audit.set_viewport_size(PHONE)
    menu = audit.get_by_role("button", name="Navigatie")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(audit.locator(".md-sidebar--primary")).to_be_visible()
    audit.wait_for_timeout(400)  # the drawer slides in
    assert axe_violations(audit) == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_open_search_with_results(audit: Page, base_url: str, viewport: dict) -> None:
    settle(audit, base_url, "/hoofdstuk-1/")
    audit.set_viewport_size(viewport)
    if viewport is PHONE:
        audit.locator('label.md-header__button[for="__search"]').click()
    else:
        audit.locator("input.md-search__input").click()
    audit.locator("input.md-search__input").press_sequentially("hechting", delay=30)
    expect(audit.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    assert axe_violations(audit) == []
