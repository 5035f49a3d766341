"""Which files of content/ a build reads and publishes: Markdown pages and the asset types the
guideline declares (`content_assets` in data/guideline.yml), nothing else.

Everything in content/ that is not a page is copied into the site as it is, so what may be
there is decided here, once, for every reader of the folder (the renderer, the placements of
blocks, the client version):

- a symbolic link is refused, file or folder: it would publish whatever it points at (the
  build's environment through /proc/self/environ, /etc/passwd, a file outside the project);
- a file of any other type is refused (a `.js` would run on the site's own origin, which the
  Content-Security-Policy allows as 'self'), and so is anything that is not a regular file;
- editor leftovers (`begrippen.md~`, `#begrippen.md#`, `.begrippen.md.swp`) and hidden files
  and folders are skipped: they are never published (MkDocs skips hidden names too), and an
  editor open during `make serve` must not fail every rebuild.

The walk never follows a link, so nothing it returns resolves outside content/.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from pathlib import Path

from sitegen.exceptions import BuildError

PAGE_SUFFIX = ".md"
# Backup and lock files of vim, emacs, nano, gedit and kate.
EDITOR_LEFTOVERS = ("*~", "#*#", ".#*", ".*.sw?", "*.swp", "*.bak", "*.orig", "*.tmp")


def is_leftover(name: str) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in EDITOR_LEFTOVERS)


def _walk(content_dir: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(relative path, lstat) of every published candidate, links refused on the way."""
    stack = [Path()]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(content_dir / folder), key=lambda e: e.name)
        except OSError as exc:
            raise BuildError(f"content/{folder.as_posix()}: kan de map niet lezen: "
                             f"{exc.strerror}") from None
        for entry in entries:
            rel = (folder / entry.name).as_posix()
            if entry.name.startswith(".") or is_leftover(entry.name):
                continue
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                raise BuildError(
                    f"content/{rel}: is een symbolische link (naar {os.readlink(entry.path)}); "
                    "content/ mag alleen echte bestanden bevatten: een link publiceert wat hij "
                    "aanwijst. Kopieer het bestand of verwijder de link."
                )
            if stat.S_ISDIR(info.st_mode):
                stack.append(folder / entry.name)
            elif stat.S_ISREG(info.st_mode):
                yield rel, info
            else:
                raise BuildError(f"content/{rel}: is geen gewoon bestand of map")


def pages(content_dir: Path) -> list[str]:
    """Every Markdown page of content/, as sorted relative paths ('ouders/index.md')."""
    return sorted(rel for rel, _ in _walk(content_dir) if rel.endswith(PAGE_SUFFIX))


def files(content_dir: Path, asset_types: Iterable[str]) -> list[str]:
    """Every file of content/ the build publishes: its pages and its assets of the declared
    types (file suffixes without the dot); BuildError for any other file."""
    allowed = {PAGE_SUFFIX, *(f".{t}" for t in asset_types)}
    out = []
    for rel, _ in _walk(content_dir):
        suffix = Path(rel).suffix.lower()
        # a page is exactly '.md' (a '.MD' would be copied as it is: its source published)
        if suffix not in allowed or (suffix == PAGE_SUFFIX and not rel.endswith(PAGE_SUFFIX)):
            declared = ", ".join(sorted(allowed))
            raise BuildError(
                f"content/{rel}: dit soort bestand hoort niet in content/ (toegestaan: "
                f"{declared}; andere afbeeldingen of documenten: voeg het type toe aan "
                "'content_assets' in data/guideline.yml). Scripts en stijlen horen in web/."
            )
        out.append(rel)
    return sorted(out)
