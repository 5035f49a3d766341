"""The renderers that turn the generated docs folder into a site: MkDocs (mkdocs-material,
the default) and, optionally, Zensical, the theme's announced successor (Material for MkDocs
reaches end of life on 2027-05-05). Both read the same configuration; the generator's own
work (data, templates, links) happens before, so the renderer can be swapped.

Each runner takes the work folder holding docs/ and returns the built site folder in it and
the folder of the whole guideline in print (None where the renderer has no print-site plugin).
"""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from sitegen.data.models.guideline import Guideline
from sitegen.exceptions import BuildError
from sitegen.publish.headers import THEME_TEMPLATES
from sitegen.publish.processes import die_with_parent
from sitegen.renderer.site_config import write_config, write_merged_config

Rendered = tuple[Path, str | None]  # the site folder, the print page's folder in it


def run_mkdocs(
    guideline: Guideline, work: Path, prepare: Callable[[MkDocsConfig], None] | None = None
) -> Rendered:
    """MkDocs in this process (strict: a warning fails the build). `prepare` gets the loaded
    configuration before the build (`build.py serve` keeps what it needs for previews:
    sitegen/renderer/preview.py)."""
    config_file = write_config(guideline, work / "docs", work / "site", work / "mkdocs.yml")
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(config_file=str(config_file), strict=True)
        if prepare is not None:
            prepare(config)
        mkdocs_build(config)
    except MkDocsException as exc:
        raise BuildError(f"MkDocs kon de site niet bouwen: {exc}") from None
    finally:
        logger.removeHandler(handler)
    printed = config.plugins.get("print-site")
    if printed is None or not printed.config.get("enabled"):
        return work / "site", None
    return work / "site", printed.config["print_page_basename"]


def run_zensical(guideline: Guideline, work: Path) -> Rendered:
    """Zensical (PyPI `zensical`, a Rust program with a Python CLI) in a subprocess, strict.

    It writes its site even when it aborts, so it only ever builds inside `work`. It drops
    MkDocs plugins it does not know, print-site among them: no print page.
    """
    program = Path(sys.executable).with_name("zensical")
    if not program.exists():
        raise BuildError(
            "Zensical is niet geïnstalleerd (pip install zensical); de standaard is --renderer "
            "mkdocs"
        )
    config_file = write_merged_config(guideline, work)
    result = subprocess.run(
        [str(program), "build", "--strict", "-f", str(config_file)],
        cwd=work, capture_output=True, text=True, check=False,
        preexec_fn=die_with_parent,  # no orphan renderer when the build is killed
    )
    if result.returncode != 0:
        raise BuildError(
            f"Zensical kon de site niet bouwen (exit {result.returncode}):\n"
            + (result.stdout + result.stderr).strip()[-3000:]
        )
    return work / "site", None


def theme_templates(renderer: str) -> tuple[Path, ...]:
    """The folders of the templates a renderer's theme writes pages from (its own and
    overrides/): the only source of inline scripts the site's policy allows
    (sitegen/publish/headers.py)."""
    if renderer == "zensical":
        spec = importlib.util.find_spec("zensical")
        if spec is None or spec.origin is None:
            raise BuildError("Zensical is niet geïnstalleerd (pip install zensical)")
        return (Path(spec.origin).parent / "templates", THEME_TEMPLATES[-1])
    return THEME_TEMPLATES


RENDERERS: dict[str, Callable[..., Rendered]] = {
    "mkdocs": run_mkdocs,
    "zensical": run_zensical,
}
