#!/usr/bin/env python3
"""Benchmark the Interventiewijzer in headless Chromium (a script, not a test).

    .venv/bin/python scripts/benchmark_finder.py                 build the site, then measure
    .venv/bin/python scripts/benchmark_finder.py --site DIR      measure an already built site

Measures, as medians over several runs:
  - a filtered URL (/hulpmiddelen/interventiewijzer/#leeftijd-jaren=2&...) opened -> its
    cards rendered from Python's answer (the page's performance mark 'finder-rendered',
    from navigation start), cold (a fresh browser profile each run: nothing cached) and warm
    (one persistent profile: HTTP and code cache primed); with 'Python ready' for scale;
  - once ready, an input change (a situation checkbox clicked) -> the card list updated
    (MutationObserver on the list), and -> the next animation frame after that;
  - the time Python itself takes per question in the worker (reported by the worker);
  - for scale: bare `loadPyodide()` in Node on the same machine (no browser, no page).
Target (issue): an input change updates the results in under 50 ms once ready.
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

PATH = "/hulpmiddelen/interventiewijzer/"
FILTERED = PATH + "#leeftijd-jaren=2&leeftijd-maanden=3&situatie=adoptie-pleeg"
TIMEOUT_MS = 60_000

# Click a checkbox; resolve with [ms to the list changed, ms to the next frame after it].
CLICK = """(value) => new Promise((resolve) => {
  const list = document.querySelector('[data-finder-state]');  // both tiers
  const input = document.querySelector(`input[name="situatie"][value="${value}"]`);
  let start = 0;
  const observer = new MutationObserver(() => {
    observer.disconnect();
    const updated = performance.now() - start;
    requestAnimationFrame(() => resolve([updated, performance.now() - start]));
  });
  observer.observe(list, {childList: true, subtree: true});
  start = performance.now();
  input.click();
})"""


def rendered_ms(page: Page, url: str) -> tuple[float, float]:
    """Open a filtered URL; ms from navigation start to its cards rendered, and to ready."""
    page.goto("about:blank")  # the state is in the fragment: the same URL would not reload
    page.goto(url)
    page.wait_for_function(
        "performance.getEntriesByName('finder-rendered').length > 0 "
        "|| document.documentElement.dataset.pyodide === 'failed'",
        timeout=TIMEOUT_MS,
    )
    if page.evaluate("document.documentElement.dataset.pyodide") != "ready":
        raise SystemExit("Pyodide did not load on the Interventiewijzer")
    count = page.evaluate("document.querySelectorAll('[data-intervention-id]').length")
    if count == 0:
        raise SystemExit("the filtered URL rendered no cards")
    rendered = page.evaluate("performance.getEntriesByName('finder-rendered')[0].startTime")
    ready = page.evaluate("performance.getEntriesByName('finder-ready')[0].startTime")
    return rendered, ready


def change_ms(page: Page, clicks: int) -> tuple[list[float], list[float]]:
    """Toggle a situation on and off: every click asks Python again and re-renders."""
    updated: list[float] = []
    painted: list[float] = []
    for _ in range(clicks):
        a, b = page.evaluate(CLICK, "ernstige-gedragsproblemen")
        updated.append(a)
        painted.append(b)
    return updated, painted


def python_ms(page: Page, calls: int) -> list[float]:
    """Python's own time per question, measured in the worker (message field `ms`)."""
    return page.evaluate(
        """async (calls) => {
          const worker = new Worker(
            new URL('../../assets/widgets/worker.mjs', location.href), {type: 'module'});
          await new Promise((ok) => worker.addEventListener('message', function on(e) {
            if (e.data.type === 'ready') { worker.removeEventListener('message', on); ok(); }
          }));
          const out = [];
          for (let i = 0; i < calls; i++) {
            const query = `leeftijd-jaren=${i % 19}&situatie=adoptie-pleeg`;
            out.push(await new Promise((ok) => {
              worker.addEventListener('message', (e) => ok(e.data.ms), {once: true});
              worker.postMessage({type: 'call', seq: i, widget: 'finder', call: 'find',
                                  request: {query}});
            }));
          }
          worker.terminate();
          return out;
        }""",
        calls,
    )


def main() -> None:
    args = arguments(__doc__, "changes")
    with tempfile.TemporaryDirectory(prefix="finder-bench-") as tmp:
        site = built_site(args.site, Path(tmp))
        with serve(site) as base, sync_playwright() as p:
            url = base + FILTERED
            cold = cold_runs(p, url, args.runs, rendered_ms)
            with warm_page(p, Path(tmp) / "profile", url, rendered_ms) as page:
                warm = [rendered_ms(page, url) for _ in range(args.runs)]
                updated, painted = change_ms(page, args.clicks)
                in_python = python_ms(page, args.clicks)

    baseline = node_baseline_ms(3)
    print(machine("Interventiewijzer"))
    print(f"  filtered URL -> cards, cold cache ({args.runs} runs): {median([r for r, _ in cold])}")
    print(f"    (of which Python ready at:                {median([r for _, r in cold])})")
    print(f"  filtered URL -> cards, warm cache ({args.runs} runs): {median([r for r, _ in warm])}")
    print(f"    (of which Python ready at:                {median([r for _, r in warm])})")
    print(f"  input change -> cards updated ({args.clicks}):      {median(updated, 1)}")
    print(f"  input change -> next frame ({args.clicks}):         {median(painted, 1)}")
    print(f"  Python per question, in the worker ({args.clicks}): {median(in_python, 1)}")
    print(f"  for scale, bare loadPyodide() in Node (3 runs):  {median(baseline)}")


if __name__ == "__main__":
    main()
