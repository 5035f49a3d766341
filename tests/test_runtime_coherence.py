"""A page, its worker and its Python come from one build, and the runtime caches keep only
good files (issue 18, items 5 and 6; web/widgets/worker.mjs, web/build/service-worker.mjs).

- After a rebuild with changed LSVG bands, a page served by the old service worker answers
  with the old Python (the band its own text describes), never the new one. (Before: the lock
  file and the snapshot manifest were fetched network-first, so the old page ran the new
  wheel: total 15 came out 'verstoord' beside the old text '16 of hoger'.)
- A worker whose runtime.mjs is of another build than its page refuses to start (`stale`),
  and the page reloads.
- An HTML page sent with status 200 for pyodide.asm.wasm is not stored by the service worker,
  the tool fails at once, and once the host is right again, the next load works. (Before: the
  cache-first route stored it, and every reload failed.) A wasm that passes that check but
  fails to boot is evicted, from the HTTP cache too.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Worker, expect

from sitegen.publish import serving
from sitegen.publish.offline import runtime_caches
from sitegen.tools import RUNTIME_FOLDER
from sitegen.tools.wheel import runtime_folder
from tests.conftest import ROOT, run_build
from tests.test_browser_lsvg import answer, expect_result
from tests.test_offline import cached_urls, controlled, with_sw

pytestmark = pytest.mark.browser

READY_MS = 60_000
LSVG = "/hulpmiddelen/lsvg/"
FIFTEEN = [2, 2, 2, 2, 2, 2, 2, 1]  # total 15: 'niet-optimaal' now, 'verstoord' in the new data


@pytest.fixture(scope="module")
def published(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A copy of the built site, served on its own (a test publishes a new build into it)."""
    folder = tmp_path_factory.mktemp("coherence") / "site"
    shutil.copytree(site, folder)
    with serving.instrumented(folder) as server:
        yield folder, server.url


def changed_bands(data: Path) -> None:
    """data/lsvg.yml with the 'verstoord' band from 15 instead of 16."""
    lsvg = data / "lsvg.yml"
    text = lsvg.read_text(encoding="utf-8")
    old = "    min_total: 11\n    max_total: 15\n"
    assert old in text and "    min_total: 16\n" in text
    text = text.replace(old, "    min_total: 11\n    max_total: 14\n")
    lsvg.write_text(text.replace("    min_total: 16\n", "    min_total: 15\n"), "utf-8")


def test_a_page_of_the_old_build_never_answers_with_the_new_python(
    browser: Browser, published: tuple[Path, str], tmp_path: Path
) -> None:
    folder, base = published
    context, _ = with_sw(browser, base)
    page = context.new_page()
    page.goto(base + LSVG)
    controlled(page)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    expect(page.locator('[data-tool-offline][data-state="cached"]')).to_be_visible(
        timeout=READY_MS
    )
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    changed_bands(data)
    result = run_build("--data", str(data), "--site", str(folder))
    assert result.returncode == 0, result.stderr
    for _ in range(2):  # several reloads: the old page stays until 'Nu vernieuwen'
        page.reload()
        expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
        answer(page, FIFTEEN)
        expect_result(page, "15", "niet-optimaal")  # the old Python, as the old text says
    expect(page.locator("[data-sw-update]")).to_contain_text("nieuwe versie")
    context.close()


def test_a_worker_of_another_build_than_its_page_refuses_and_the_page_reloads(
    browser: Browser, host: serving.InstrumentedServer, site: Path
) -> None:
    """No service worker: the page is this build's, but its worker finds a runtime.mjs of
    another build (published in between): it says `stale`, and the page reloads once."""
    runtime = (site / "assets/widgets/runtime.mjs").read_text(encoding="utf-8")
    other = runtime.replace('export const BUILD = "', 'export const BUILD = "0ther', 1)
    host.overrides["/assets/widgets/runtime.mjs"] = (200, other.encode())
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    page.goto(host.url + LSVG)
    html = page.locator("html")
    # reloaded once, then (runtime.mjs still of the other build) failed, not answered
    expect(html).to_have_attribute("data-pyodide", "failed", timeout=READY_MS)
    assert len([u for u in navigations if u.endswith(LSVG)]) == 2, navigations
    host.overrides.clear()
    page.reload()
    expect(html).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    context.close()


def test_a_bad_runtime_response_is_not_stored_and_the_next_load_works(
    browser: Browser, host: serving.InstrumentedServer
) -> None:
    wasm = f"/{RUNTIME_FOLDER}/{runtime_folder()}/pyodide.asm.wasm"
    context, _ = with_sw(browser, host.url)
    page = context.new_page()
    page.goto(host.url + "/")
    controlled(page)
    host.overrides[wasm] = (200, b"<!doctype html><title>Onderhoud</title><p>Even geduld.")
    page.goto(host.url + LSVG)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "failed", timeout=10_000)
    stored = [u for urls in cached_urls(page).values() for u in urls]
    assert not [u for u in stored if u.endswith(wasm)]
    host.overrides.clear()
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    answer(page, FIFTEEN)
    expect_result(page, "15", "niet-optimaal")
    stored = [u for urls in cached_urls(page).values() for u in urls]
    assert [u for u in stored if u.endswith(wasm)]  # the good one is kept
    context.close()


def test_a_runtime_that_failed_to_boot_is_evicted(
    browser: Browser, host: serving.InstrumentedServer
) -> None:
    """A wasm that looks like one (its magic number) but does not compile is stored by the
    cache-first route; once it fails to boot, it leaves the caches, and the next load fetches
    it past the HTTP cache too (which would keep it a year): it works once the host does.
    A bad copy stored after the removal (the service worker puts a response once it has
    handed it over) is passed over as well. (Before: Pyodide's normal boot, tried after the
    failure, fetched the wasm once more and the cache-first route stored it again; under
    load the next load then failed from that copy, 3 runs in 8.)"""
    wasm = f"/{RUNTIME_FOLDER}/{runtime_folder()}/pyodide.asm.wasm"
    context, _ = with_sw(browser, host.url)
    page = context.new_page()
    page.goto(host.url + "/")
    controlled(page)
    host.overrides[wasm] = (200, b"\0asm\x01\0\0\0" + b"\xff" * 4096)
    page.goto(host.url + LSVG)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "failed", timeout=10_000)
    deadline = time.monotonic() + 10
    while [u for urls in cached_urls(page).values() for u in urls if u.endswith(wasm)]:
        assert time.monotonic() < deadline, "the wasm that failed is still stored"
        time.sleep(0.2)
    bad = host.overrides[wasm][1]
    runtime_cache = runtime_caches()[0]
    # what a put that lands after the removal leaves: the bad copy in the runtime cache
    page.evaluate(
        """async ([name, url, bytes]) => {
          await (await caches.open(name)).put(url, new Response(new Uint8Array(bytes), {
            headers: {"content-type": "application/wasm"}}));
        }""",
        [runtime_cache, host.url + wasm, list(bad)],
    )
    assert host.url + wasm in cached_urls(page)[runtime_cache]
    host.overrides.clear()
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    answer(page, FIFTEEN)
    expect_result(page, "15", "niet-optimaal")
    stored = [u for urls in cached_urls(page).values() for u in urls if u.endswith(wasm)]
    assert stored  # the good one replaced the bad copy
    context.close()


@pytest.mark.parametrize("path", [LSVG, "/hulpmiddelen/interventiewijzer/"])
def test_a_page_served_by_the_service_worker_boots_python_once(
    browser: Browser, host: serving.InstrumentedServer, path: str
) -> None:
    """A module the service worker serves from its precache has the stored response's URL,
    without the page's ?v= query. (Before: the tool's import of client.mjs by that URL made a
    second instance, which started a second worker, and neither knew the page's build.)"""
    context, _ = with_sw(browser, host.url)
    page = context.new_page()
    page.goto(host.url + "/")
    controlled(page)
    workers: list[Worker] = []
    page.on("worker", lambda worker: workers.append(worker))
    page.goto(host.url + path)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
    ours = [w for w in workers if "/assets/widgets/worker.mjs" in w.url]
    assert len(ours) == 1, [w.url for w in workers]
    src = page.locator('script[type="module"][src*="/widgets/client.mjs"]').get_attribute("src")
    version = parse_qs(urlsplit(src or "").query)["v"][0]
    assert ours[0].evaluate("self.name") == version  # the stale check knows the page's build
    context.close()
