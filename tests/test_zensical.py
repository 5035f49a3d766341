"""Zensical, the announced successor of mkdocs-material, as a second renderer.

`build.py --renderer zensical` builds the same docs folder with Zensical (PyPI `zensical`,
pinned in the test extra). MkDocs stays the default; this proves that a switch would keep
every published anchor, the search and both tools. What Zensical 0.0.73 does differently
(English search UI without Dutch stemming, raw-HTML links resolved against the Markdown
file) is listed in the README.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import run_build, served
from tests.test_browser_lsvg import answer, expect_result

READY_MS = 60_000


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("zensical") / "site"
    result = run_build("--renderer", "zensical", "--site", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    with served(zensical_site) as url:
        yield url


def test_every_links_json_anchor_is_in_the_zensical_build(zensical_site: Path) -> None:
    targets = json.loads((zensical_site / "links.json").read_text("utf-8"))["targets"]
    assert len(targets) > 200
    missing = []
    for target in targets:
        page, _, anchor = target["url"].partition("#")
        html = (zensical_site / page.lstrip("/") / "index.html").read_text("utf-8")
        if f'id="{anchor}"' not in html:
            missing.append(target["id"])
    assert not missing


def test_the_zensical_search_index_holds_every_chapter(zensical_site: Path) -> None:
    items = json.loads((zensical_site / "search.json").read_text("utf-8"))["items"]
    locations = {item["location"].split("#")[0] for item in items}
    for chapter in range(1, 7):
        assert f"hoofdstuk-{chapter}/" in locations


@pytest.mark.browser
def test_zensical_search_finds_a_chapter(page: Page, zensical_url: str) -> None:
    requests: list[str] = []
    page.context.on("request", lambda r: requests.append(r.url))
    page.goto(zensical_url + "/")
    page.locator("button.md-search__button").click()
    box = page.get_by_role("combobox")  # Zensical's search lives in an open shadow root
    box.press_sequentially("gehecht", delay=30)
    options = page.get_by_role("option")
    expect(options.first).to_be_visible(timeout=10_000)
    hrefs = options.evaluate_all("els => els.map(a => a.getAttribute('href') || '')")
    assert any("hoofdstuk-1/" in h for h in hrefs), hrefs
    assert all(u.startswith(zensical_url) or u.startswith("data:") for u in requests)


@pytest.mark.browser
def test_both_tools_answer_in_the_zensical_build(page: Page, zensical_url: str) -> None:
    requests: list[str] = []
    page.context.on("request", lambda r: requests.append(r.url))
    page.goto(zensical_url + "/hulpmiddelen/lsvg/")
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    answer(page, [1, 1, 1, 1, 1, 1, 1, 1])
    expect_result(page, "8", "geen-aanwijzingen")
    page.goto(zensical_url + "/hulpmiddelen/interventiewijzer/?leeftijd-jaren=3")
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    expect(page.locator("[data-intervention-id]").first).to_be_visible(timeout=READY_MS)
    foreign = [u for u in requests if not re.match(re.escape(zensical_url) + "|data:|blob:", u)]
    assert not foreign
