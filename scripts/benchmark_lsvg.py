#!/usr/bin/env python3
"""Benchmark the LSVG calculator in headless Chromium (a script, not a test).

    .venv/bin/python scripts/benchmark_lsvg.py                 build the site, then measure
    .venv/bin/python scripts/benchmark_lsvg.py --site DIR      measure an already built site

Measures, as medians over several runs:
  - navigation start -> <html data-pyodide="ready">, cold (a fresh browser profile each run:
    nothing cached) and warm (one persistent profile, HTTP and code cache primed);
  - click on an answer -> result element updated by Python (data-total changed), and -> the
    next animation frame after that (what the user sees).
  - for scale: bare `loadPyodide()` in Node on the same machine (no browser, no page).
Targets (issue): ready within 3 s cold on a 2-core machine; result within 50 ms of a click.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchlib import (
    arguments,
    built_site,
    cold_runs,
    machine,
    median,
    node_baseline_ms,
    serve,
    warm_page,
)
from playwright.sync_api import Page, sync_playwright

PATH = "/hulpmiddelen/lsvg/"
READY_TIMEOUT_MS = 60_000

# Click an answer and resolve with [ms to data-total updated, ms to the next frame after it].
CLICK = """([name, value, expected]) => new Promise((resolve) => {
  const box = document.querySelector('[data-lsvg-result]');
  const input = document.querySelector(`input[name="${name}"][value="${value}"]`);
  let start = 0;
  const observer = new MutationObserver(() => {
    if (box.dataset.total !== expected) return;
    observer.disconnect();
    const updated = performance.now() - start;
    requestAnimationFrame(() => resolve([updated, performance.now() - start]));
  });
  observer.observe(box, {attributes: true, attributeFilter: ['data-total']});
  start = performance.now();
  input.click();
})"""


def ready_ms(page: Page, url: str) -> float:
    """Load the page; ms from navigation start to data-pyodide="ready" (page's own mark)."""
    page.goto(url)
    page.wait_for_function(
        "document.documentElement.dataset.pyodide !== 'loading'", timeout=READY_TIMEOUT_MS
    )
    state = page.evaluate("document.documentElement.dataset.pyodide")
    if state != "ready":
        raise SystemExit(f"Pyodide did not load (data-pyodide={state!r})")
    return page.evaluate("performance.getEntriesByName('lsvg-ready')[0].startTime")


def click_ms(page: Page, clicks: int) -> tuple[list[float], list[float]]:
    """Answer items 1-7 with 1, then toggle item 8 between 1 and 2: every click re-scores."""
    for number in range(1, 8):
        page.check(f'input[name="lsvg-{number}"][value="1"]')
    page.check('input[name="lsvg-8"][value="1"]')
    page.wait_for_function("document.querySelector('[data-lsvg-result]').dataset.total === '8'")
    updated: list[float] = []
    painted: list[float] = []
    for i in range(clicks):
        value = 2 if i % 2 == 0 else 1
        a, b = page.evaluate(CLICK, ["lsvg-8", str(value), str(7 + value)])
        updated.append(a)
        painted.append(b)
    return updated, painted


def main() -> None:
    args = arguments(__doc__, "clicks")
    with tempfile.TemporaryDirectory(prefix="lsvg-bench-") as tmp:
        site = built_site(args.site, Path(tmp))
        with serve(site) as base, sync_playwright() as p:
            url = base + PATH
            cold = cold_runs(p, url, args.runs, ready_ms)
            with warm_page(p, Path(tmp) / "profile", url, ready_ms) as page:
                warm = [ready_ms(page, url) for _ in range(args.runs)]
                updated, painted = click_ms(page, args.clicks)

    baseline = node_baseline_ms(3)
    print(machine("LSVG calculator"))
    print(f"  ready, cold cache ({args.runs} runs):   {median(cold)}")
    print(f"  ready, warm cache ({args.runs} runs):   {median(warm)}")
    print(f"  click -> result updated ({args.clicks}): {median(updated)}")
    print(f"  click -> next frame ({args.clicks}):     {median(painted)}")
    print(f"  for scale, bare loadPyodide() in Node (3 runs): {median(baseline)}")


if __name__ == "__main__":
    main()
