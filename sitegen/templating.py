"""The one Jinja2 set-up of the generator, shared by every page renderer.

Output is Markdown (no autoescaping: data text is Markdown too, and holds no HTML:
sitegen/safe_text.py). Comments are written `<#-- ... --#>`, so that `{#id}` stays Markdown's
attribute syntax for heading ids.

Content pages are templates too, and a page could reach Python through any object it is given
(`cycler.__init__.__globals__.os`). So every template runs in Jinja's immutable sandbox: no
attribute starting with '_', no call of an unsafe or data-changing method, no change to a list
or dict. A page that tries fails the build with its file and line
(`sitegen.rendering.template_problem`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from sitegen.links import plain_text
from sitegen.models import ListItem

TEMPLATES = Path(__file__).parent / "templates"


def template_environment(*paths: Path) -> Environment:
    """An environment loading from `paths`, with the filters the shared macros use."""
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(p) for p in paths]),
        undefined=StrictUndefined,
        autoescape=False,
        comment_start_string="<#--",
        comment_end_string="--#>",
        keep_trailing_newline=True,
    )
    env.filters["paragraphs"] = _paragraphs
    env.filters["slug"] = slug
    env.filters["as_item"] = lambda text: ListItem(text=text)
    env.filters["groupby_runs"] = _runs_by_presence
    env.filters["plain"] = plain_text
    return env


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _runs_by_presence(items: Iterable[Any], attribute: str) -> list[tuple[bool, list[Any]]]:
    """Split a sequence into consecutive runs of items with and without `attribute` set.

    Steps mix unlabelled paragraphs with lettered parts (a., b., ...); only the lettered
    runs become an <ol type="a">, so the letters stay those of the source.
    """
    runs: list[tuple[bool, list[Any]]] = []
    for item in items:
        present = bool(getattr(item, attribute))
        if runs and runs[-1][0] == present:
            runs[-1][1].append(item)
        else:
            runs.append((present, [item]))
    return runs


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
