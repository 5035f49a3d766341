"""The renderers that turn the generated docs folder into a site: MkDocs (mkdocs-material,
the default) and, optionally, Zensical, the theme's announced successor (Material for MkDocs
reaches end of life on 2027-05-05). Both read the same configuration; the generator's own
work (data, templates, links) happens before, so the renderer can be swapped.

Each runner takes the work folder holding docs/ and returns the built site folder in it and
the folder of the whole guideline in print (None where the renderer has no print-site plugin).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from sitegen.data.models.guideline import Guideline
from sitegen.exceptions import BuildError
from sitegen.publish.headers import THEME_TEMPLATES
from sitegen.publish.processes import die_with_parent
from sitegen.renderer.site_config import ROOT, write_config, write_merged_config

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
        make_env = config.theme.get_env
        config.theme.get_env = lambda: theme_environment(make_env)  # type: ignore[method-assign]
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


# Compiled theme templates: MkDocs compiles mkdocs-material's 85 templates in every build
# (0.35 s), and the print-site and search plugins make environments of their own and compile
# them again. Jinja's own bytecode cache keeps the code per template with the checksum of its
# source; a folder per key (what Jinja's code generation reads from the environment) beside
# those of the content templates, whose clean-up (sitegen/pages/templating.py: entries not
# written for 30 days go) covers it.
THEME_BYTECODE = ROOT / ".cache" / "jinja"


@functools.cache
def _theme_bytecode_cache(key: str) -> jinja2.FileSystemBytecodeCache:
    folder = THEME_BYTECODE / f"theme-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def theme_bytecode_cache(env: jinja2.Environment) -> jinja2.FileSystemBytecodeCache:
    """The bytecode cache for a theme environment like `env`."""
    compiles_by = (
        type(env).__name__, sorted(env.extensions), env.block_start_string,
        env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
        env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
        env.keep_trailing_newline, repr(env.autoescape), env.optimized, env.is_async,
        env.finalize is not None, getattr(env, "newstyle_gettext", None),
    )
    return _theme_bytecode_cache(f"{jinja2.__version__} {compiles_by!r}")


def theme_environment(make_env: Callable[[], jinja2.Environment]) -> jinja2.Environment:
    """The theme's environment as MkDocs makes it (`make_env`; MkDocs, the print-site and
    the search plugin each make one), with its compiled templates cached
    (`theme_bytecode_cache`) and its files listed without hidden folders (`_visible_files`)."""
    env = make_env()
    env.bytecode_cache = theme_bytecode_cache(env)
    if isinstance(env.loader, jinja2.FileSystemLoader):
        env.loader.list_templates = functools.partial(  # type: ignore[method-assign]
            _visible_files, env.loader
        )
    return env


def _visible_files(loader: jinja2.FileSystemLoader) -> list[str]:
    """Jinja's FileSystemLoader.list_templates (3.1), without descending into folders whose
    name starts with '.'. Its one caller, MkDocs listing the theme's static files to copy,
    drops every path with such a part ('.*', '*/.*'), but only after mkdocs-material's
    `.icons/` (14,000 files) had been listed and matched against its 20 patterns one by one:
    0.05 s of every build (tests/test_theme_overrides.py keeps the list the same)."""
    found = set()
    for searchpath in loader.searchpath:
        for folder, folders, files in os.walk(searchpath, followlinks=loader.followlinks):
            folders[:] = [name for name in folders if not name.startswith(".")]
            for name in files:
                template = os.path.join(folder, name)[len(searchpath):].strip(os.sep)
                template = template.replace(os.sep, "/")
                found.add(template[2:] if template[:2] == "./" else template)
    return sorted(found)


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
