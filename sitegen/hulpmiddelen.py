"""Publish the 'Hulpmiddelen' (tools) into the docs folder: the LSVG calculator and the
Interventiewijzer.

    docs/hulpmiddelen/lsvg.md        the LSVG page with the static form (sitegen/lsvg_page.py)
    docs/hulpmiddelen/interventiewijzer.md
                                     the Interventiewijzer (sitegen/finder_page.py)
    docs/assets/widgets/             the shared Pyodide worker and its page-side client
    docs/assets/lsvg/, assets/finder/
                                     each page's own scripts and styles (all from web/)
    docs/pyodide/                    Pyodide's core runtime (from node_modules/pyodide), the
                                     widget wheel and the site-local pyodide-lock.json

MkDocs copies everything into the site; only the tool pages refer to these files, so no other
page loads Pyodide.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sitegen.finder_page import PAGE as FINDER_PAGE
from sitegen.finder_page import render_finder_page
from sitegen.loading import GuidelineData
from sitegen.lsvg_page import PAGE, render_lsvg_page
from sitegen.widget_package import ROOT, build_widget_dist, copy_runtime

WEB = ROOT / "web"
# docs/assets/<folder>/ <- files of web/
ASSETS: dict[str, tuple[str, ...]] = {
    "widgets": ("widgets-worker.mjs", "widgets-client.mjs"),
    "lsvg": ("lsvg-page.mjs", "lsvg-nomodule.js", "lsvg.css"),
    "finder": ("finder-page.mjs", "finder-nomodule.js", "finder.css"),
}


def publish_hulpmiddelen(data: GuidelineData, docs_dir: Path) -> None:
    if data.lsvg is None:
        raise ValueError("data/lsvg.yml ontbreekt: nodig voor de rekenhulp LSVG")
    pyodide_dir = docs_dir / "pyodide"
    copy_runtime(pyodide_dir)
    dist = build_widget_dist(data, pyodide_dir)

    # One version for all tool assets: a page and the shared worker it starts always match.
    version = hashlib.sha256(dist.wheel.parent.name.encode())
    for folder, names in ASSETS.items():
        assets = docs_dir / "assets" / folder
        assets.mkdir(parents=True, exist_ok=True)
        for name in names:
            source = WEB / name
            shutil.copyfile(source, assets / name)
            version.update(source.read_bytes())
    asset_version = version.hexdigest()[:12]

    instrument = next((i for i in data.instruments if i.id == "lsvg"), None)
    pages = {
        PAGE: render_lsvg_page(data.lsvg, instrument, asset_version),
        FINDER_PAGE: render_finder_page(data, asset_version),
    }
    for path, text in pages.items():
        page = docs_dir / path
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
