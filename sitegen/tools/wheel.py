"""Package the widgets for the browser: data JSON -> wheel -> site-local pyodide-lock.json.

    validated models --(sitegen.tools.<tool>.widget_data)--> widgets/<tool>.json
    widgets/*.py + *.json --(flit_core, in-process)--> guideline_widgets-*.whl
    node_modules/pyodide/pyodide-lock.json + wheel --(pyodide_lock)-->
        pyodide-lock.json listing exactly what the site serves

The widget code is staged in a temporary folder together with the generated JSON, so the
source tree never holds generated files. `pyodide build` cannot work offline (it downloads a
cross-build environment), so the pure-Python wheel is built with flit_core instead, as
`pyodide build` would for a pure-Python package.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flit_core.wheel import WheelBuilder

from sitegen.exceptions import BuildError
from sitegen.publish import site_dir

ROOT = Path(__file__).resolve().parents[2]
WIDGETS_SRC = ROOT / "widgets"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
LOCKFILE_CACHE = ROOT / ".cache" / "lockfiles"  # written lock files by their inputs
LOCKFILES_KEPT = 20  # a few KB each; one per version of the widgets' data

DIST_NAME = "guideline-widgets"  # the name loadPackage() asks for (web/widgets/worker.mjs)
VERSION = "1.0.0"
# The core runtime the browser needs; the lock file is replaced by the site-local one.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
WHEEL_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # as SOURCE_DATE_EPOCH=315532800: a reproducible wheel

PYPROJECT = """\
[build-system]
requires = ["flit_core>=3.9,<5"]
build-backend = "flit_core.buildapi"

[project]
name = "{name}"
version = "{version}"
description = "Interactive tools of a guideline site (pure Python, data generated from data/)"
requires-python = ">=3.12"

[tool.flit.module]
name = "widgets"
"""


@dataclass(frozen=True)
class WidgetDist:
    wheel: Path
    lockfile: Path  # site-local pyodide-lock.json; the wheel is in widgets-<digest>/ beside it
    package: str = DIST_NAME


def _stage(payloads: Mapping[str, Mapping[str, Any]], stage: Path) -> None:
    """Copy the widget sources into `stage` and write the generated data beside them."""
    package = stage / "widgets"
    package.mkdir(parents=True)
    for source in sorted(WIDGETS_SRC.glob("*.py")):
        shutil.copyfile(source, package / source.name)
    for name, payload in sorted(payloads.items()):
        text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        (package / name).write_text(text, encoding="utf-8")
    (stage / "pyproject.toml").write_text(
        PYPROJECT.format(name=DIST_NAME, version=VERSION), encoding="utf-8"
    )


def build_wheel(payloads: Mapping[str, Mapping[str, Any]], out_dir: Path) -> Path:
    """Build the pure-Python widget wheel (with the generated JSON files inside) into out_dir.

    `payloads`: file name inside widgets/ -> JSON object, as given by sitegen.tools.widget_files.
    flit_core's builder runs in this process (what `python -m build` would run in a
    subprocess, some 0.6 s slower), with a fixed timestamp: same input, same bytes.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="widgets-wheel-") as tmp:
        stage = Path(tmp)
        _stage(payloads, stage)
        partial = out_dir / "wheel.partial"
        with partial.open("w+b") as fh:
            builder = WheelBuilder.from_ini_path(stage / "pyproject.toml", fh)
            builder.source_time_stamp = WHEEL_TIMESTAMP
            builder.build()
        target = out_dir / builder.wheel_filename
        partial.replace(target)
    return target


def write_lockfile(wheels: list[Path], out_dir: Path) -> Path:
    """A pyodide-lock.json for out_dir: Pyodide's lock info plus only the given wheels.

    The npm lock file lists some 350 packages this site does not serve; they are left out so
    the lock file lists exactly what is there (and stays small). The wheels must be in out_dir.
    Written by pyodide_lock, the library behind `pyodide lockfile add-wheels`.
    """
    source = PYODIDE_NPM / "pyodide-lock.json"
    if not source.exists():
        raise BuildError(f"{source} ontbreekt: voer eerst `npm ci` uit (make setup).")
    output = site_dir.output(out_dir / "pyodide-lock.json")
    # The same inputs give the same file: kept in .cache/ by them, so that a build whose
    # widgets did not change skips pyodide_lock (and importing it and its attrs/cattrs).
    key = hashlib.sha256(source.read_bytes())
    key.update(importlib.metadata.version("pyodide-lock").encode())
    for wheel in wheels:
        key.update(wheel.relative_to(out_dir).as_posix().encode() + b"\0" + wheel.read_bytes())
    cached = LOCKFILE_CACHE / f"{key.hexdigest()[:32]}.json"
    if cached.is_file():
        site_dir.copy_file(cached, output)
        os.utime(cached)  # used now: kept
        return output
    from pyodide_lock import PyodideLockSpec  # only on a cache miss
    from pyodide_lock.utils import add_wheels_to_spec

    info = json.loads(source.read_text(encoding="utf-8"))["info"]
    base = PyodideLockSpec.from_dict({"info": info, "packages": {}})
    add_wheels_to_spec(base, wheels, base_path=out_dir).to_json(output)
    LOCKFILE_CACHE.mkdir(parents=True, exist_ok=True)
    # written whole, then renamed: a concurrent build never reads half an entry
    with tempfile.NamedTemporaryFile(dir=LOCKFILE_CACHE, prefix=".tmp-", delete=False) as tmp:
        tmp.write(output.read_bytes())
    os.replace(tmp.name, cached)
    entries = sorted(LOCKFILE_CACHE.glob("*.json"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-LOCKFILES_KEPT]:
        old.unlink(missing_ok=True)
    return output


def _runtime_sources() -> list[Path]:
    sources = [PYODIDE_NPM / name for name in RUNTIME_FILES]
    for source in sources:
        if not source.exists():
            raise BuildError(f"{source} ontbreekt: voer eerst `npm ci` uit (make setup).")
    return sources


@functools.cache  # 14 MB to hash; the runtime does not change during a build
def runtime_folder() -> str:
    """Name of the site folder of this Pyodide runtime: `runtime-<sha256 of its files>`.

    The runtime's own file names carry no version, so the folder does: everything in it can
    be cached forever (`immutable`), and a new Pyodide gets new URLs, never a mix of old and
    new files. (The files' hash rather than Pyodide's BUILD_ID: that is only known after
    booting it, and the hash also covers pyodide.mjs.)
    """
    digest = hashlib.sha256()
    for source in _runtime_sources():
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return f"runtime-{digest.hexdigest()[:12]}"


def pyodide_version() -> str:
    """The npm package's version (node_modules/pyodide/package.json)."""
    package = json.loads((PYODIDE_NPM / "package.json").read_text(encoding="utf-8"))
    return str(package["version"])


def place_runtime(out_dir: Path) -> None:
    """Pyodide's core runtime from node_modules (npm package `pyodide`) into out_dir.

    Files of their own (a reflink or a copy: site_dir.copy_file), never hard links: an
    in-place edit of a published file (vim, `>>`, `rsync --inplace`) must not change
    node_modules and with it every later build. Placed into the built site after MkDocs,
    which would otherwise copy it once more.
    """
    for source in _runtime_sources():
        site_dir.copy_file(source, out_dir / source.name)


def build_widget_dist(payloads: Mapping[str, Mapping[str, Any]], out_dir: Path) -> WidgetDist:
    """Wheel plus site-local lock file in out_dir (without the runtime: see place_runtime).

    `payloads`: file name inside widgets/ -> JSON object (sitegen.tools.widget_files).

    The wheel goes into a folder named after its own sha256 (widgets-<digest>/), so a changed
    wheel gets a new address and a browser never pairs a cached old wheel with a new lock file.
    """
    with tempfile.TemporaryDirectory(prefix="widgets-dist-") as tmp:
        built = build_wheel(payloads, Path(tmp))
        digest = hashlib.sha256(built.read_bytes()).hexdigest()[:12]
        wheel = site_dir.copy_file(built, out_dir / f"widgets-{digest}" / built.name)
    return WidgetDist(wheel=wheel, lockfile=write_lockfile([wheel], out_dir))
