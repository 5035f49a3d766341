"""Tool pages on slow and absent lines (issue 19, 'Slow and absent lines'; web/widgets/).

Throttled by Chromium itself (CDP `Network.emulateNetworkConditions`; `Emulation.
setCPUThrottlingRate` slows the page's main thread only: Chromium refuses it for a worker,
'Operation is only supported for pages, not workers'), served as a host sends the site:
- a first visit on slow 4G shows how far the download is ('… van … MB') and never the
  failure text before Python is ready (the watchdog judges progress, not a fixed time);
- a blocked wasm on 4G still ends `failed` within the limit of tests/test_browser_worker.py;
- offline before a tool's first use: one message (the offline panel), not the failure text
  beside it, and what still works;
- every page says what is stored for use without internet and offers to store the tools.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from sitegen.publish import serving
from tests.test_browser_worker import LIMIT_MS, REPORTED_WITHIN_S, timed
from tests.test_offline import controlled, with_sw

pytestmark = pytest.mark.browser

LSVG = "/hulpmiddelen/lsvg/"
FINDER = "/hulpmiddelen/interventiewijzer/"
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8,
           "uploadThroughput": 0.75e6 / 8}
FOUR_G = {"offline": False, "latency": 70, "downloadThroughput": 9e6 / 8,
          "uploadThroughput": 9e6 / 8}
LOADS_WITHIN_S = 120  # the bound for slow 4G
# Records what the page showed, from its first parse on (an init script: the site's CSP
# does not apply to it).
WATCH = """
window.__seen = {states: [], progress: [], failedBeforeReady: false};
document.addEventListener("DOMContentLoaded", () => {
  const root = document.documentElement;
  const seen = window.__seen;
  const check = () => {
    const state = root.dataset.pyodide;
    if (state && seen.states[seen.states.length - 1] !== state) seen.states.push(state);
    const failed = document.querySelector('[data-lsvg-when="failed"]');
    if (failed && !failed.hidden && !seen.states.includes("ready")) seen.failedBeforeReady = true;
    const line = document.querySelector("[data-tool-progress]");
    const text = line && !line.hidden ? line.textContent : "";
    if (text && seen.progress[seen.progress.length - 1] !== text) seen.progress.push(text);
  };
  new MutationObserver(check).observe(root, {attributes: true, childList: true, subtree: true,
                                             characterData: true});
  check();
});
"""


def throttled(context: BrowserContext, conditions: dict[str, object]) -> Page:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", conditions)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    return page


def test_a_first_visit_on_slow_4g_shows_progress_and_never_the_failure(
    browser: Browser, host: serving.InstrumentedServer
) -> None:
    context = browser.new_context(service_workers="block")
    context.add_init_script(WATCH)
    page = throttled(context, SLOW_4G)
    started = time.monotonic()
    page.goto(host.url + LSVG, timeout=LOADS_WITHIN_S * 1000)
    expect(page.locator("html")).to_have_attribute(
        "data-pyodide", re.compile("ready|failed"), timeout=LOADS_WITHIN_S * 1000)
    elapsed = time.monotonic() - started
    seen = page.evaluate("window.__seen")
    boot = {"pyodideBoot": page.locator("html").get_attribute("data-pyodide-boot")}
    fallback = page.locator("html").get_attribute("data-pyodide-fallback") or ""
    context.close()
    assert seen["states"] == ["loading", "ready"], (seen, f"{elapsed:.0f} s")
    assert not seen["failedBeforeReady"], seen
    downloads = [t for t in seen["progress"] if re.search(r"\d+,\d van \d+,\d MB", t)]
    assert len(downloads) >= 3, seen["progress"]  # it moved, in Dutch, with the total
    assert any("wordt gestart" in t for t in seen["progress"]), seen["progress"]
    # a first visit on a line this slow boots the normal way: fewer bytes (worker.mjs)
    assert boot == {"pyodideBoot": "normal"} and fallback.startswith("slow line ("), fallback
    print(f"slow 4G first visit: ready after {elapsed:.1f} s; {seen['progress'][-2]}")


def test_a_blocked_wasm_on_4g_still_fails_at_once(
    browser: Browser, host: serving.InstrumentedServer
) -> None:
    context = browser.new_context(service_workers="block")
    blocked = timed(context, "**/*.wasm", lambda route: route.abort())
    page = throttled(context, FOUR_G)
    page.goto(host.url + LSVG)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "failed", timeout=LIMIT_MS)
    elapsed = time.monotonic() - blocked[0]
    assert elapsed < REPORTED_WITHIN_S, f"{elapsed:.1f} s"
    expect(page.locator('[data-lsvg-when="failed"]')).to_contain_text("kan in deze browser niet")
    context.close()


def test_offline_before_first_use_shows_one_message(
    browser: Browser, host: serving.InstrumentedServer
) -> None:
    context, _ = with_sw(browser, host.url)
    page = context.new_page()
    page.goto(host.url + "/")
    controlled(page)
    context.set_offline(True)
    for path, failed, still_works in (
        (LSVG, '[data-lsvg-when="failed"]', "Print papieren versie"),
        (FINDER, '[data-finder-when="failed"]', "tabel 1"),
    ):
        page.goto(host.url + path)
        html = page.locator("html")
        expect(html).to_have_attribute("data-pyodide", "failed", timeout=30_000)
        expect(html).to_have_attribute("data-pyodide-failure", "offline")
        message = page.locator('[data-tool-offline][data-state="offline-missing"]')
        expect(message).to_contain_text("U bent offline")
        expect(message).to_contain_text("één keer met internet")
        block = page.locator(failed)
        expect(block).to_contain_text(still_works)  # what still works is shown
        expect(block.get_by_text("kan in deze browser niet laden")).to_be_hidden()
        expect(block.get_by_text("geblokkeerd")).to_be_hidden()  # not the wrong reason
    context.close()


def test_every_page_offers_offline_use_and_says_what_is_stored(
    browser: Browser, host: serving.InstrumentedServer
) -> None:
    context, _ = with_sw(browser, host.url)
    page = context.new_page()
    page.goto(host.url + "/hoofdstuk-1/")
    status = page.locator("[data-offline-status]")
    for part in ("werkkaarten", "ouders"):
        expect(status.locator(f'[data-part="{part}"][data-stored="true"]')).to_contain_text(
            "klaar voor gebruik zonder internet", timeout=60_000)
    tools = status.locator('[data-part="tools"]')
    expect(tools).to_have_attribute("data-stored", "false")
    button = status.get_by_role("button", name=re.compile(
        r"^Klaarmaken voor gebruik zonder internet \(ongeveer \d+(,\d)? MB; doe dit op wifi\)$"))
    expect(button).to_be_visible()
    button.click()
    expect(tools).to_have_attribute("data-stored", "true", timeout=60_000)
    expect(tools).to_contain_text("De rekenhulpen: klaar voor gebruik zonder internet")
    expect(button).to_be_hidden()
    context.set_offline(True)
    page.goto(host.url + LSVG)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=60_000)
    expect(page.locator('[data-offline-status] [data-part="tools"]')).to_have_attribute(
        "data-stored", "true")
    context.close()
