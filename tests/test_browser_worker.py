"""The shared widget worker (web/widgets/worker.mjs) reports a broken Python runtime at once.

Pyodide itself never settles loadPyodide() when its wasm cannot be fetched or compiled; the
page's 30 s watchdog is only for a boot that stalls without any error. A blocked, missing or
corrupt pyodide.asm.wasm must give the page's Dutch failure message within 5 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from sitegen.publish import headers

pytestmark = pytest.mark.browser

REPORTED_WITHIN_S = 5  # from the moment the runtime breaks, not from the page's first byte
LIMIT_MS = 30_000  # to wait at most: a page on a busy 2-core machine may take seconds to start


def timed(context: BrowserContext, pattern: str, handler: Callable[[Route], None]) -> list[float]:
    """Route `pattern` to `handler`; the list gets the moment each matching request was
    answered, so a test times the report from the break itself."""
    moments: list[float] = []

    def handle(route: Route) -> None:
        handler(route)
        moments.append(time.monotonic())

    context.route(pattern, handle)
    return moments


TOOLS = {  # page -> its Dutch failure message
    "/hulpmiddelen/lsvg/": '[data-lsvg-when="failed"]',
    "/hulpmiddelen/interventiewijzer/": '[data-finder-when="failed"]',
}
BREAKS: dict[str, Callable[[Route], None]] = {
    "blocked": lambda route: route.abort(),
    "missing": lambda route: route.fulfill(status=404, body="niet gevonden"),
    "corrupt": lambda route: route.fulfill(
        status=200, body=b"\0asm-not-really", content_type="application/wasm"
    ),
}


@pytest.mark.parametrize("how", BREAKS)
@pytest.mark.parametrize("path", TOOLS)
def test_broken_wasm_is_reported_within_5_s(
    page: Page, context: BrowserContext, base_url: str, path: str, how: str
) -> None:
    broken = timed(context, "**/*.wasm", BREAKS[how])  # also the worker's requests
    page.goto(base_url + path)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "failed", timeout=LIMIT_MS)
    elapsed = time.monotonic() - broken[0]
    assert elapsed < REPORTED_WITHIN_S, f"{elapsed:.1f} s"
    message = page.locator(TOOLS[path])
    expect(message).to_be_visible()
    expect(message).to_contain_text("kan in deze browser niet laden")


@pytest.mark.parametrize("path", TOOLS)
def test_a_host_policy_without_webassembly_is_reported_within_5_s(
    page: Page, context: BrowserContext, base_url: str, path: str
) -> None:
    """A host that sends the pages' policy with the worker script too (README, 'Hosting the
    site'): WebAssembly is refused, and the page says so at once."""
    page_policy = headers.policy_text(headers.page_policy([]))

    def strict_worker(route: Route) -> None:
        response = route.fetch()
        route.fulfill(
            response=response,
            headers={**response.headers, "content-security-policy": page_policy},
        )

    served = timed(context, "**/" + headers.WORKER_SCRIPT + "*", strict_worker)
    page.goto(base_url + path)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "failed", timeout=LIMIT_MS)
    elapsed = time.monotonic() - served[0]
    assert elapsed < REPORTED_WITHIN_S, f"{elapsed:.1f} s"
    expect(page.locator(TOOLS[path])).to_be_visible()


# The page's load event, held back by an image that is answered only when the test says so.
HOLD_LOAD = """document.addEventListener('DOMContentLoaded', () => {
  const image = new Image();
  image.alt = '';
  image.src = '/held-by-the-test.png';
  document.body.append(image);
});"""
MARKS = """() => Object.fromEntries(performance.getEntriesByType('mark')
  .filter((mark) => mark.name.startsWith('lsvg:')).map((mark) => [mark.name, mark.startTime]))"""


def held_load(page: Page, context: BrowserContext) -> tuple[list[Route], list[str]]:
    """Hold the LSVG page's load event; return the held image's route and the .wasm requests."""
    held: list[Route] = []
    wasm: list[str] = []
    context.route("**/held-by-the-test.png", lambda route: held.append(route))
    context.on("request", lambda r: r.url.endswith(".wasm") and wasm.append(r.url))
    page.add_init_script(HOLD_LOAD)
    return held, wasm


def test_python_boots_after_the_page_has_loaded_but_downloads_before(
    page: Page, context: BrowserContext, base_url: str
) -> None:
    """worker.mjs pageLoaded: the wasm is requested at once, the work on the CPU waits for the
    page's load event (on 2 cores it competed with the page's own scripts)."""
    held, wasm = held_load(page, context)
    page.goto(base_url + "/hulpmiddelen/lsvg/", wait_until="domcontentloaded")
    for _ in range(100):  # the worker's request, well within its 3 s limit
        if wasm and held:
            break
        page.wait_for_timeout(20)
    assert wasm and held
    assert page.evaluate("document.readyState") != "complete"
    assert page.locator("html").get_attribute("data-pyodide") == "loading"
    held[0].fulfill(status=204)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=LIMIT_MS)
    load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
    marks = page.evaluate(MARKS)
    assert marks["lsvg:page-loaded"] >= load - 5  # two clocks: the worker's and the page's
    assert marks["lsvg:pyodide-imported"] >= marks["lsvg:page-loaded"]
    assert marks["lsvg:wasm-compiled"] >= marks["lsvg:page-loaded"]


def test_a_page_whose_load_event_never_comes_still_gets_python(
    page: Page, context: BrowserContext, base_url: str
) -> None:
    """The wait for the load event ends after 3 s (worker.mjs LOAD_WAIT_MS)."""
    held_load(page, context)
    page.goto(base_url + "/hulpmiddelen/lsvg/", wait_until="domcontentloaded")
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=LIMIT_MS)
    assert page.evaluate("document.readyState") != "complete"
    marks = page.evaluate(MARKS)
    waited = marks["lsvg:page-loaded"] - marks["lsvg:worker-started"]
    assert 2_500 <= waited <= 4_000, f"{waited:.0f} ms"
