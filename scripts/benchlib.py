"""Shared plumbing of the benchmark scripts: Chromium launch flags, a local server for the
built site, and a bare-Pyodide baseline in Node (how fast this machine boots Pyodide at all).
"""

from __future__ import annotations

import functools
import http.server
import statistics
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f})"
