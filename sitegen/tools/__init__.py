"""The interactive tools of a guideline site: one module per tool, named after the tool's code
name, which is also its widget (widgets/<name>.py) and its browser folder (web/<name>/).

    lsvg     the LSVG calculator               {{ lsvg_tool() }}
    finder   the Interventiewijzer             {{ finder_tool() }}

data/guideline.yml (`tools`) says which tools a guideline has and on which content page each
is placed. For those tools `publish` writes into the docs folder:

    docs/pyodide/            the widget wheel (with each tool's JSON, generated from data/)
                             and the site-local pyodide-lock.json; `place_runtime` adds
                             Pyodide's core runtime (node_modules/pyodide) to the built site
    docs/assets/widgets/     the shared Pyodide worker and its page-side client (web/widgets/)
    docs/assets/<name>/      each tool's own script and style (web/<name>/)

MkDocs copies all of it into the site; only tool pages refer to these files, so no other page
loads Pyodide.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from sitegen.links import LinkTarget
from sitegen.loading import GuidelineData
from sitegen.tools import finder, lsvg
from sitegen.tools.context import ToolContext
from sitegen.tools.wheel import ROOT, build_widget_dist, place_runtime

WEB = ROOT / "web"
WORKER_FOLDER = "widgets"  # web/widgets/: the worker and client every tool page shares
RUNTIME_FOLDER = "pyodide"  # site folder of the runtime, the wheel and the lock file

TOOLS: dict[str, ModuleType] = {lsvg.NAME: lsvg, finder.NAME: finder}


def enabled(data: GuidelineData) -> list[str]:
    """Code names of the tools this guideline has, in a fixed order."""
    return [name for name in TOOLS if getattr(data.guideline.tools, name) is not None]


def widget_files(
    data: GuidelineData, targets: list[LinkTarget], placed: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    """Every generated data file of the widget wheel: file name -> JSON object. `targets`:
    the link targets of the guideline's pages (a tool's data links to them); `placed`: the
    content page of each data block."""
    return {
        TOOLS[name].DATA_FILE: TOOLS[name].widget_data(data, targets, placed)
        for name in enabled(data)
    }


def blocks(data: GuidelineData) -> dict[str, Callable[[ToolContext], str]]:
    """Content-page calls that place a tool: '<name>_tool' -> render function."""
    return {
        f"{name}_tool": (lambda ctx, module=TOOLS[name]: module.render(data, ctx))
        for name in enabled(data)
    }


def pages(data: GuidelineData) -> dict[str, str]:
    """Content page of each enabled tool: code name -> content path."""
    return {name: getattr(data.guideline.tools, name).page for name in enabled(data)}


def publish(
    data: GuidelineData, docs_dir: Path, targets: list[LinkTarget], placed: Mapping[str, str]
) -> str:
    """Wheel, lock file and browser assets of the enabled tools; returns the asset version.

    One version for all tool assets, from the wheel and every script: a page and the shared
    worker it starts always match, and a new build is never served from an old cache.
    """
    names = enabled(data)
    if not names:
        return ""
    dist = build_widget_dist(widget_files(data, targets, placed), docs_dir / RUNTIME_FOLDER)
    version = hashlib.sha256(dist.wheel.parent.name.encode())
    for folder in (WORKER_FOLDER, *names):
        for source in sorted((WEB / folder).iterdir()):
            target = docs_dir / "assets" / folder / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            version.update(source.read_bytes())
    return version.hexdigest()[:12]


def place_runtime_in(data: GuidelineData, site_dir: Path) -> None:
    """After MkDocs: Pyodide's runtime into the built site, if the guideline has tools."""
    if enabled(data):
        place_runtime(site_dir / RUNTIME_FOLDER)
