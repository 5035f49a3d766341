"""The one Jinja2 set-up of the generator, shared by every page renderer.

Output is Markdown (no autoescaping: data text is Markdown too, and holds no HTML:
sitegen/data/safe_text.py). Comments are written `<#-- ... --#>`, so that `{#id}` stays Markdown's
attribute syntax for heading ids.

Content pages are templates too, and a page could reach Python through any object it is given
(`cycler.__init__.__globals__.os`). So every template runs in Jinja's immutable sandbox: no
attribute starting with '_', no call of an unsafe or data-changing method, no change to a list
or dict. A page that tries fails the build with its file and line
(`sitegen.pages.content.template_problem`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from sitegen.data.models.base import ListItem
from sitegen.links import plain_text, slug

ROOT = Path(__file__).resolve().parents[2]
# The generator's own templates, each beside the code that renders it: the blocks of the
# pages and the tools' blocks. Template names are unique across these folders.
TEMPLATES = (ROOT / "sitegen" / "pages" / "blocks", ROOT / "sitegen" / "tools")
SETTINGS: dict[str, Any] = {
    "undefined": StrictUndefined,
    "autoescape": False,
    "comment_start_string": "<#--",
    "comment_end_string": "--#>",
    "keep_trailing_newline": True,
}
# Compiled templates (content pages are templates too): compiling them took about 0.12 s of
# every build. Jinja's own cache stores the code per template name with the checksum of its
# source, and compiles a changed template again; the folder is named after what else the
# code depends on (Jinja, the environment and its settings). Entries are per template file,
# so builds from temporary content folders (the tests) add some: those not written for
# UNUSED_DAYS go.
BYTECODE_CACHE = ROOT / ".cache" / "jinja"
UNUSED_DAYS = 30


def _bytecode_cache() -> FileSystemBytecodeCache:
    key = f"{jinja2.__version__} {ImmutableSandboxedEnvironment.__name__} "
    key += repr(sorted(SETTINGS.items()))
    folder = BYTECODE_CACHE / hashlib.sha256(key.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    limit = time.time() - UNUSED_DAYS * 86400
    for entry in BYTECODE_CACHE.glob("*/*"):
        with contextlib.suppress(OSError):  # a concurrent build may be at it too
            if entry.stat().st_mtime < limit:
                entry.unlink()
    return FileSystemBytecodeCache(str(folder))


class NoLinksLoader(FileSystemLoader):
    """FileSystemLoader that loads only real files inside its folders: no part of a
    template's path may be a symbolic link (`{% include "map/geheim.txt" %}` through a linked
    folder would inline a file from anywhere), and nothing but a regular file is read."""

    def get_source(self, environment: Environment, template: str) -> Any:
        pieces = split_template_path(template)
        for root in self.searchpath:
            current = root
            for piece in pieces:
                current = os.path.join(current, piece)
                try:
                    mode = os.lstat(current).st_mode
                except OSError:
                    break  # not in this folder: the next one, or TemplateNotFound below
                if stat.S_ISLNK(mode):
                    raise SecurityError(
                        f"'{template}' loopt via de symbolische link {current}; pagina's en "
                        "sjablonen laden alleen echte bestanden uit content/ en "
                        "sitegen/"
                    )
            else:
                if not stat.S_ISREG(mode):
                    raise SecurityError(f"'{template}' is geen gewoon bestand")
                break
        return super().get_source(environment, template)


def template_environment(*paths: Path) -> Environment:
    """An environment loading from `paths`, with the filters the shared macros use."""
    env = ImmutableSandboxedEnvironment(
        loader=NoLinksLoader([str(p) for p in paths]),
        bytecode_cache=_bytecode_cache(),
        **SETTINGS,
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

