"""Shared plumbing of the benchmark scripts: Chromium launch flags, a local server for the
built site, and a bare-Pyodide baseline in Node (how fast this machine boots Pyodide at all).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, Playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NODE_BASELINE = """
import { loadPyodide } from "pyodide";
const start = performance.now();
await loadPyodide();
console.log(performance.now() - start);
"""


def node_baseline_ms(runs: int) -> list[float]:
    """Bare loadPyodide() in Node: how fast this machine boots Pyodide at all."""
    out = []
    for _ in range(runs):
        result = subprocess.run(
            ["node", "--input-type=module", "-e", NODE_BASELINE],
            cwd=ROOT,  # resolves `pyodide` from node_modules
            capture_output=True,
            text=True,
            check=True,
        )
        out.append(float(result.stdout.strip().splitlines()[-1]))
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def median(values: list[float], digits: int = 0) -> str:
    m, lo, hi = statistics.median(values), min(values), max(values)
    return f"{m:.{digits}f} ms (min {lo:.{digits}f}, max {hi:.{digits}f})"


def arguments(doc: str, clicks: str) -> argparse.Namespace:
    """The options every benchmark takes; `clicks` says what is timed after loading."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--runs", type=int, default=5, help="page loads per case (default 5)")
    parser.add_argument("--clicks", type=int, default=30, help=f"{clicks} to time (default 30)")
    return parser.parse_args()


def built_site(site: Path | None, tmp: Path) -> Path:
    """The site to measure: the one given, or a fresh build into `tmp`."""
    if site is not None:
        return site
    site = tmp / "site"
    build = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--site", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:
        raise SystemExit(f"build failed:\n{build.stdout}\n{build.stderr}")
    return site


def cold_runs[T](p: Playwright, url: str, runs: int, measure: Callable[[Page, str], T]) -> list[T]:
    """`measure` on `url` in a new browser context (empty cache) each run."""
    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    out = []
    for _ in range(runs):
        context = browser.new_context()
        out.append(measure(context.new_page(), url))
        context.close()
    browser.close()
    return out


@contextmanager
def warm_page[T](
    p: Playwright, profile: Path, url: str, measure: Callable[[Page, str], T]
) -> Iterator[Page]:
    """A page in a persistent profile, primed once (HTTP and compiled-code cache)."""
    context = p.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )
    try:
        page = context.new_page()
        measure(page, url)
        time.sleep(1)
        yield page
    finally:
        context.close()


def machine(name: str) -> str:
    load = os.getloadavg()[0]
    return f"{name}, headless Chromium, {os.cpu_count()} cores, load average {load:.1f}; medians:"
