"""Package the widgets for the browser: data JSON -> wheel -> site-local pyodide-lock.json.

    validated models --(sitegen.tools.<tool>.widget_data)--> widgets/<tool>.json
    widgets/*.py + *.json --(python -m build, flit_core)--> guideline_widgets-*.whl
    node_modules/pyodide/pyodide-lock.json + wheel --(pyodide lockfile add-wheels)-->
        pyodide-lock.json listing exactly what the site serves

The widget code is staged in a temporary folder together with the generated JSON, so the
source tree never holds generated files. `pyodide build` cannot work offline (it downloads a
cross-build environment), so the pure-Python wheel is built with the standard tools instead,
as `pyodide build` would for a pure-Python package.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.exceptions import BuildError

ROOT = Path(__file__).resolve().parents[2]
WIDGETS_SRC = ROOT / "widgets"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"

DIST_NAME = "guideline-widgets"  # the name loadPackage() asks for (web/widgets/worker.mjs)
VERSION = "1.0.0"
# The core runtime the browser needs; the lock file is replaced by the site-local one.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01: same input, same wheel, same sha256

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


def _run(cmd: list[str], cwd: Path, what: str, env: dict[str, str] | None = None) -> None:
    # cwd is a temporary folder on purpose: `python -m build` run from the repository root
    # would import the project's own build.py instead of the `build` package.
    result = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BuildError(f"{what} is mislukt:\n{result.stdout}\n{result.stderr}".strip())


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
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="widgets-wheel-") as tmp:
        stage = Path(tmp)
        _stage(payloads, stage)
        dist = stage / "dist"
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        _run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
            stage,
            "Het bouwen van de widget-wheel (python -m build)",
            env,
        )
        (wheel,) = dist.glob("*.whl")
        target = out_dir / wheel.name
        shutil.copyfile(wheel, target)
    return target


def write_lockfile(wheels: list[Path], out_dir: Path) -> Path:
    """A pyodide-lock.json for out_dir: Pyodide's lock info plus only the given wheels.

    The npm lock file lists some 350 packages this site does not serve; they are left out so
    the lock file lists exactly what is there (and stays small). The wheels must be in out_dir.
    """
    source = PYODIDE_NPM / "pyodide-lock.json"
    if not source.exists():
        raise BuildError(f"{source} ontbreekt: voer eerst `npm ci` uit (make setup).")
    info = json.loads(source.read_text(encoding="utf-8"))["info"]
    output = out_dir / "pyodide-lock.json"
    with tempfile.TemporaryDirectory(prefix="widgets-lock-") as tmp:
        base = Path(tmp) / "base-lock.json"
        base.write_text(json.dumps({"info": info, "packages": {}}), encoding="utf-8")
        _run(
            [
                sys.executable, "-m", "pyodide_cli", "lockfile", "add-wheels",
                "--input", str(base), "--output", str(output),
                "--base-path", str(out_dir), *(str(w) for w in wheels),
            ],
            Path(tmp),
            "pyodide lockfile add-wheels",
        )
    return output


def copy_runtime(out_dir: Path) -> None:
    """Copy Pyodide's core runtime from node_modules (npm package `pyodide`) into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        source = PYODIDE_NPM / name
        if not source.exists():
            raise BuildError(f"{source} ontbreekt: voer eerst `npm ci` uit (make setup).")
        shutil.copyfile(source, out_dir / name)


def build_widget_dist(payloads: Mapping[str, Mapping[str, Any]], out_dir: Path) -> WidgetDist:
    """Wheel plus site-local lock file in out_dir (without the runtime: see copy_runtime).

    `payloads`: file name inside widgets/ -> JSON object (sitegen.tools.widget_files).

    The wheel goes into a folder named after its own sha256 (widgets-<digest>/), so a changed
    wheel gets a new address and a browser never pairs a cached old wheel with a new lock file.
    """
    with tempfile.TemporaryDirectory(prefix="widgets-dist-") as tmp:
        built = build_wheel(payloads, Path(tmp))
        digest = hashlib.sha256(built.read_bytes()).hexdigest()[:12]
        folder = out_dir / f"widgets-{digest}"
        folder.mkdir(parents=True, exist_ok=True)
        wheel = folder / built.name
        shutil.copyfile(built, wheel)
    return WidgetDist(wheel=wheel, lockfile=write_lockfile([wheel], out_dir))
