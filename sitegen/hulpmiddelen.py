"""Publish the 'Hulpmiddelen' (tools) into the docs folder: today the LSVG calculator.

    docs/hulpmiddelen/lsvg.md        the page with the static form (sitegen/lsvg_page.py)
    docs/assets/lsvg/                its scripts and styles (from web/)
    docs/pyodide/                    Pyodide's core runtime (from node_modules/pyodide), the
                                     widget wheel and the site-local pyodide-lock.json

MkDocs copies everything into the site; only the LSVG page refers to these files, so no other
page loads Pyodide.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sitegen.loading import GuidelineData
from sitegen.lsvg_page import PAGE, render_lsvg_page
from sitegen.widget_package import ROOT, build_widget_dist, copy_runtime

WEB = ROOT / "web"
WEB_FILES = ("lsvg-page.mjs", "lsvg-worker.mjs", "lsvg-nomodule.js", "lsvg.css")


def publish_hulpmiddelen(data: GuidelineData, docs_dir: Path) -> None:
    if data.lsvg is None:
        raise ValueError("data/lsvg.yml ontbreekt: nodig voor de rekenhulp LSVG")
    pyodide_dir = docs_dir / "pyodide"
    copy_runtime(pyodide_dir)
    dist = build_widget_dist(data.lsvg, pyodide_dir)

    assets = docs_dir / "assets" / "lsvg"
    assets.mkdir(parents=True, exist_ok=True)
    version = hashlib.sha256(dist.wheel.parent.name.encode())
    for name in WEB_FILES:
        source = WEB / name
        shutil.copyfile(source, assets / name)
        version.update(source.read_bytes())

    instrument = next((i for i in data.instruments if i.id == "lsvg"), None)
    page = docs_dir / PAGE
    page.parent.mkdir(parents=True, exist_ok=True)
    text = render_lsvg_page(data.lsvg, instrument, version.hexdigest()[:12])
    page.write_text(text, encoding="utf-8")
