"""Shared plumbing of the scripts that drive Chromium (benchmarks, Lighthouse, `make pdf`):
Chromium launch flags, the built site, and a local server that sends it as a host would.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.publish import serving
from sitegen.renderer import preview

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


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """`site` on a loopback port with its `_headers` and precompressed files (as `build.py
    serve` and a real host send it); yields the base URL."""
    with serving.instrumented(site) as server:
        yield server.url


def whole_site(site: Path) -> Path:
    """`site`, unless it holds a preview of `build.py serve` (sitegen/renderer/preview.py), which is
    not the site a host gets."""
    if preview.is_preview(site):
        raise SystemExit(
            f"{site} is een voorbeeld van build.py serve ({preview.MARKER}), niet de volledige "
            "site; bouw die eerst: make build (of build.py --site ...)"
        )
    return site


def built_site(site: Path | None, tmp: Path) -> Path:
    """The site to measure: the one given (never a preview), or a fresh build into `tmp`."""
    if site is not None:
        return whole_site(site)
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
