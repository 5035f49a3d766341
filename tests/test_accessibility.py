"""WCAG 2.1 AA checks with axe-core (npm, vendored via node_modules) on the served site."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/", "/kernaanbevelingen/", "/inleiding/", "/aanbevelingen/", "/begrippen/", "/links/",
    "/over-deze-webversie/", "/interventies/", "/interventies/vipp-sd/", "/interventies/voorzorg/",
    *(f"/hoofdstuk-{n}/" for n in range(1, 7)),
    *(f"/bijlage-{n}/" for n in range(1, 5)),
]
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
  });
  return result.violations.map(v => `${v.id} (${v.impact}): ` +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def axe_violations(page: Page) -> list[str]:
    # Evaluated by the browser's debugging protocol: an inline <script> (add_script_tag)
    # would be refused by the site's Content-Security-Policy, as it should be.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_violations(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    assert axe_violations(page) == []
