#!/usr/bin/env python3
"""Side-by-side boot benchmark of the tools in headless Chromium (a script, not a test).

    .venv/bin/python scripts/benchmark_boot.py [--site DIR] [--runs 7] [--throttled-runs 3]
                                               [--clicks 30]
                                               [--modes cold warm throttled 4g slow4g]

One server (sitegen/publish/serving.py: precompressed files and `_headers`, as `build.py
serve`), one run, the cases alternating within each round (the order rotates between rounds), so the
machine's noise hits every case alike:

    bare loadPyodide()             the baseline: web/bench/, a module worker that only runs
                                   loadPyodide() from the same runtime on the same server
    LSVG / Interventiewijzer, normal boot     the tool with its snapshot missing (runtime.mjs
                                              names one that is not there: the worker falls
                                              back to the normal boot)
    LSVG / Interventiewijzer, snapshot boot   the tool as built

Times are the pages' own performance marks from navigation start: 'bare-ready', 'lsvg-ready'
(Python ready) and 'finder-rendered' (the filtered URL's cards shown: the first usable
result). Modes: cold (a new browser context per load: empty HTTP and code cache, a first
visit), warm (one persistent profile, every case primed once, a new tab per load),
throttled (cold, with Chromium's network emulation: 10 Mbit/s down, 40 ms latency), 4g (cold,
9 Mbit/s, 150 ms, CPU 4x) and slow4g (cold, 1.6 Mbit/s, 150 ms, CPU 4x). CPU throttling
(CDP Emulation.setCPUThrottlingRate) slows the page's main thread only: Chromium refuses it
for workers ('Operation is only supported for pages, not workers'), so Python's own work in
the worker runs at this machine's speed. Service workers are blocked in these (HTTP cache
only); first-visit bytes are the bodies the server sent per load, as encoded on the wire.
Then: where the time of the LSVG's snapshot boot goes (the worker's marks, `lsvg:<step>`,
from navigation start; cold and warm medians), input to result on each tool (both boots),
and the first-visit bytes of content pages, their own load and with the service worker's
background precache.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchlib import CHROMIUM, CHROMIUM_ARGS, ROOT, built_site
from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from sitegen.publish import headers, serving

BENCH = ROOT / "web" / "bench"  # the baseline page, served at /bench/
FILTER = "#leeftijd-jaren=2&leeftijd-maanden=3&situatie=adoptie-pleeg"
THROTTLES = {  # CDP Network.emulateNetworkConditions, and the CPU slowdown of the page
    "throttled": ({"offline": False, "latency": 40, "downloadThroughput": 10e6 / 8,
                   "uploadThroughput": 10e6 / 8}, 1, "10 Mbit/s and 40 ms"),
    "4g": ({"offline": False, "latency": 150, "downloadThroughput": 9e6 / 8,
            "uploadThroughput": 9e6 / 8}, 4, "4G: 9 Mbit/s, 150 ms, CPU 4x (page)"),
    "slow4g": ({"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8,
                "uploadThroughput": 0.75e6 / 8}, 4, "slow 4G: 1.6 Mbit/s, 150 ms, CPU 4x (page)"),
}
TIMEOUT_S = 180
NORMAL: dict[str, tuple[int, bytes]] = {}  # the snapshot refused (404): set in main()
SERVED: dict[str, tuple[int, bytes]] = {}  # always served: the baseline page (bench_files)
STEPS = ("worker-started", "page-loaded", "pyodide-imported", "wasm-fetched", "snapshot-fetched",
         "snapshot-decoded", "wasm-compiled", "wasm-instantiated", "snapshot-restored",
         "pyodide-loaded", "wheel-loaded", "widgets-imported")

# Click an LSVG answer; resolve with ms to the result updated by Python (data-total).
LSVG_CLICK = """([name, value, expected]) => new Promise((resolve) => {
  const box = document.querySelector('[data-lsvg-result]');
  const input = document.querySelector(`input[name="${name}"][value="${value}"]`);
  const observer = new MutationObserver(() => {
    if (box.dataset.total !== expected) return;
    observer.disconnect();
    resolve(performance.now() - start);
  });
  observer.observe(box, {attributes: true, attributeFilter: ['data-total']});
  const start = performance.now();
  input.click();
})"""
# Click a situation in the Interventiewijzer; resolve with ms to the card list updated.
FINDER_CLICK = """(value) => new Promise((resolve) => {
  const list = document.querySelector('[data-finder-state]');  // both tiers
  const input = document.querySelector(`input[name="situatie"][value="${value}"]`);
  const observer = new MutationObserver(() => {
    observer.disconnect();
    resolve(performance.now() - start);
  });
  // the callback runs once the render task is over: the whole update is in
  observer.observe(list, {childList: true, subtree: true});
  const start = performance.now();
  input.click();
})"""


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    mark: str  # the performance mark that ends the measurement
    boot: str | None  # the data-pyodide-boot the page must report (None: the baseline)

    @property
    def overrides(self) -> dict[str, tuple[int, bytes]]:
        return NORMAL if self.boot == "normal" else {}


CASES = [
    Case("bare loadPyodide()", "/bench/", "bare-ready", None),
    Case("LSVG, normal boot", "/hulpmiddelen/lsvg/", "lsvg-ready", "normal"),
    Case("LSVG, snapshot boot", "/hulpmiddelen/lsvg/", "lsvg-ready", "snapshot"),
    Case("Interventiewijzer, normal boot", "/hulpmiddelen/interventiewijzer/" + FILTER,
         "finder-rendered", "normal"),
    Case("Interventiewijzer, snapshot boot", "/hulpmiddelen/interventiewijzer/" + FILTER,
         "finder-rendered", "snapshot"),
]


@dataclass
class Samples:
    ms: list[float] = field(default_factory=list)
    mb: list[float] = field(default_factory=list)


def wait_until(page: Page, script: str, timeout_s: float = TIMEOUT_S) -> None:
    """Poll `script` (wait_for_function needs eval, which the site's CSP refuses)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if page.evaluate(script):
                return
        except PlaywrightError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"not within {timeout_s} s: {script}")
        time.sleep(0.05)


def load(context: BrowserContext, server: serving.InstrumentedServer, case: Case,
         throttle: str | None) -> tuple[float, float, Page]:
    """One load in a new tab: (ms to the case's mark, MB sent, the page)."""
    page = context.new_page()
    if throttle:
        conditions, cpu, _ = THROTTLES[throttle]
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", conditions)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    serve_only(server, case.overrides)
    server.sent.clear()
    page.goto(server.url + case.path)
    wait_until(page, f"performance.getEntriesByName('{case.mark}').length > 0"
                     " || document.documentElement.dataset.pyodide === 'failed'")
    data = page.evaluate("({...document.documentElement.dataset})")
    if data.get("pyodide") != "ready":
        raise SystemExit(f"{case.name}: Python did not load ({data})")
    if case.boot is not None and data.get("pyodideBoot") != case.boot:
        raise SystemExit(f"{case.name}: booted {data.get('pyodideBoot')!r} ({data})")
    ms = page.evaluate(f"performance.getEntriesByName('{case.mark}')[0].startTime")
    time.sleep(0.3)  # late responses (e.g. the wheel of a normal boot) finish
    return ms, sum(server.sent.values()) / 1e6, page


def serve_only(server: serving.InstrumentedServer,
               overrides: dict[str, tuple[int, bytes]]) -> None:
    server.overrides.clear()
    server.overrides.update({**SERVED, **overrides})


def rounds(runs: int) -> list[list[Case]]:
    return [CASES[i % len(CASES):] + CASES[: i % len(CASES)] for i in range(runs)]


def steps(page: Page) -> dict[str, float]:
    """The worker's boot steps of the LSVG (`lsvg:<step>` marks), ms from navigation start."""
    marks = page.evaluate("performance.getEntriesByType('mark').map(m => [m.name, m.startTime])")
    return {name.split(":", 1)[1]: ms for name, ms in marks if name.startswith("lsvg:")}


# mode ("cold", "warm", a throttle) -> the LSVG snapshot boot's steps of each load
TRACE: dict[str, list[dict[str, float]]] = {}


def run_cold(p: Playwright, server: serving.InstrumentedServer, runs: int,
             throttle: str | None) -> dict[str, Samples]:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    out = {c.name: Samples() for c in CASES}
    for order in rounds(runs):
        for case in order:
            context = browser.new_context(service_workers="block")
            ms, mb, page = load(context, server, case, throttle)
            if case.name in ("LSVG, snapshot boot", "LSVG, normal boot"):
                mode = f"{throttle or 'cold'}{'' if 'snapshot' in case.name else ', normal'}"
                TRACE.setdefault(mode, []).append({**steps(page), "ready": ms})
            context.close()
            out[case.name].ms.append(ms)
            out[case.name].mb.append(mb)
    browser.close()
    return out


def run_warm(p: Playwright, server: serving.InstrumentedServer, runs: int, profile: Path,
             clicks: int) -> tuple[dict[str, Samples], dict[str, list[float]]]:
    context = p.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, service_workers="block")
    for case in CASES:  # prime the HTTP cache and V8's code cache
        load(context, server, case, throttle=None)[2].close()
    time.sleep(1)
    out = {c.name: Samples() for c in CASES}
    for order in rounds(runs):
        for case in order:
            ms, mb, page = load(context, server, case, throttle=None)
            if case.name == "LSVG, snapshot boot":
                TRACE.setdefault("warm", []).append({**steps(page), "ready": ms})
            page.close()
            out[case.name].ms.append(ms)
            out[case.name].mb.append(mb)
    inputs = {}
    for case in CASES:
        if case.boot:
            page = load(context, server, case, throttle=None)[2]
            inputs[case.name] = input_ms(page, case, clicks)
    context.close()
    return out, inputs


def input_ms(page: Page, case: Case, clicks: int) -> list[float]:
    """ms from an input change to the result updated by Python, `clicks` times."""
    out = []
    if case.mark.startswith("lsvg"):
        for number in range(1, 9):
            page.check(f'input[name="lsvg-{number}"][value="1"]')
        wait_until(page, "document.querySelector('[data-lsvg-result]').dataset.total === '8'")
        for i in range(clicks):
            value = 2 if i % 2 == 0 else 1
            out.append(page.evaluate(LSVG_CLICK, ["lsvg-8", str(value), str(7 + value)]))
    else:
        out = [page.evaluate(FINDER_CLICK, "ernstige-gedragsproblemen") for _ in range(clicks)]
    page.close()
    return out


def content_bytes(p: Playwright, server: serving.InstrumentedServer,
                  paths: list[str]) -> list[tuple[str, float, float]]:
    """First visit of content pages: (path, KB of the page's own load, KB with the service
    worker's background precache)."""
    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    out = []
    serve_only(server, {})
    for path in paths:
        sizes = []
        for workers in ("block", "allow"):
            context = browser.new_context(service_workers=workers)
            page = context.new_page()
            server.sent.clear()
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            if workers == "allow":
                wait_until(page, "navigator.serviceWorker.controller !== null")
                time.sleep(0.5)
            sizes.append(sum(server.sent.values()) / 1e3)
            context.close()
        out.append((path, sizes[0], sizes[1]))
    browser.close()
    return out


def table(title: str, results: dict[str, Samples], digits: int = 2) -> list[str]:
    base = statistics.median(results[CASES[0].name].ms)
    lines = [f"\n{title}\n", "| case | median | range | x bare | MB sent per load |",
             "| --- | --- | --- | --- | --- |"]
    for name, s in results.items():
        med = statistics.median(s.ms)
        lines.append(
            f"| {name} | {med / 1000:.{digits}f} s | {min(s.ms) / 1000:.{digits}f}-"
            f"{max(s.ms) / 1000:.{digits}f} s | {med / base:.2f} | {statistics.median(s.mb):.2f} |")
    return lines


def trace_table() -> list[str]:
    order = [f"{m}{kind}" for kind in ("", ", normal") for m in ("cold", "warm", *THROTTLES)]
    modes = [m for m in order if m in TRACE]
    lines = ["\nWhere the LSVG's boot spends its time: the worker's steps, median ms from "
             "navigation start (the snapshot boot, and the normal boot where it says so; cold "
             "and warm on loopback)\n", f"| step | {' | '.join(modes)} |",
             f"| --- | {' | '.join('---' for _ in modes)} |"]
    for step in (*STEPS, "ready"):
        cells = []
        for mode in modes:
            values = [t[step] for t in TRACE[mode] if step in t]
            cells.append(f"{statistics.median(values):.0f}" if values else "–")
        lines.append(f"| {step} | {' | '.join(cells)} |")
    return lines


def chromium_version() -> str:
    result = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "?"


def bench_files() -> dict[str, tuple[int, bytes]]:
    """The baseline page, served at /bench/ beside the site (web/bench/)."""
    files = {f"/bench/{f.name}": (200, f.read_bytes()) for f in BENCH.iterdir()}
    return {**files, "/bench/": files["/bench/index.html"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--runs", type=int, default=7, help="loads per case, cold and warm")
    parser.add_argument("--throttled-runs", type=int, default=3)
    parser.add_argument("--clicks", type=int, default=30, help="input changes timed per case")
    parser.add_argument("--cases", nargs="+", metavar="WORD",
                        help="only the cases whose name has one of these words (the bare "
                             "baseline always runs), e.g. 'snapshot' for a site of an older "
                             "build, whose normal boot cannot be forced this way")
    parser.add_argument("--modes", nargs="+", default=["cold", "warm", "4g", "slow4g"],
                        choices=["cold", "warm", *THROTTLES])
    args = parser.parse_args()
    if args.cases:
        CASES[1:] = [c for c in CASES[1:] if any(w in c.name for w in args.cases)]
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    load_before = os.getloadavg()
    # The baseline's worker compiles WebAssembly: it gets the tools' worker policy.
    worker_policy = headers.policy_text({**headers.worker_policy(), **headers.HEADER_ONLY})
    extra = [("/bench/bare-worker.mjs", {"Content-Security-Policy": worker_policy})]
    with tempfile.TemporaryDirectory(prefix="boot-bench-") as tmp:
        site = built_site(args.site, Path(tmp))
        SERVED.update(bench_files())
        # The snapshot of runtime.mjs (revalidated on every load, unlike the immutable
        # snapshot itself) renamed to one that is not there: the worker falls back.
        manifest = json.loads((site / "pyodide" / "snapshot.json").read_text(encoding="utf-8"))
        module = (site / "assets/widgets/runtime.mjs").read_text(encoding="utf-8")
        NORMAL["/assets/widgets/runtime.mjs"] = (200, module.replace(
            f'"url": "{manifest["snapshot"]["url"]}"', '"url": "snapshot-0-not-there.bin"',
        ).encode())
        with serving.instrumented(site, extra) as server, sync_playwright() as p:
            lines: list[str] = []
            if "cold" in args.modes:
                lines += table(f"Cold (new context per load), loopback, {args.runs} rounds",
                               run_cold(p, server, args.runs, throttle=None))
            if "warm" in args.modes:
                warm, inputs = run_warm(p, server, args.runs, Path(tmp) / "profile",
                                        args.clicks)
                lines += table(f"Warm (persistent profile, primed), loopback, {args.runs} "
                               "rounds", warm)
                lines += [f"\nInput change -> result updated by Python ({args.clicks} each)\n",
                          "| case | median | range |", "| --- | --- | --- |"]
                lines += [f"| {name} | {statistics.median(ms):.1f} ms | {min(ms):.1f}-"
                          f"{max(ms):.1f} ms |" for name, ms in inputs.items()]
            for mode, (_, _, label) in THROTTLES.items():
                if mode in args.modes:
                    lines += table(f"Cold, throttled ({label}), {args.throttled_runs} rounds: "
                                   "first visit to a usable result",
                                   run_cold(p, server, args.throttled_runs, throttle=mode), 1)
            if TRACE:
                lines += trace_table()
            pages = content_bytes(p, server, ["/", "/hoofdstuk-5/", "/ouders/"])
            lines += ["\nFirst visit of a content page (KB sent, compressed)\n",
                      "| page | own load | with the background precache |", "| --- | --- | --- |"]
            lines += [f"| {path} | {own:.0f} | {total:.0f} |" for path, own, total in pages]
    load_after = os.getloadavg()
    print(f"{started}, {platform.node()}, {os.cpu_count()} cores, {chromium_version()}, "
          f"headless; load average (1/5/15 min) {'/'.join(f'{x:.1f}' for x in load_before)} "
          f"before, {'/'.join(f'{x:.1f}' for x in load_after)} after")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
