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
