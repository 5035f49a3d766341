#!/usr/bin/env python3
"""Compare two built sites file by file: every file, byte for byte.

    .venv/bin/python scripts/compare_sites.py SITE_A SITE_B [--allow GLOB ...]

Lists each file that is only in one of them or differs, and exits 1 if any does. A build
of the same sources with the same caches is byte-identical (the build writes no date, time,
random value or absolute path into the site; tested 2026-12-02: two builds, one with empty
caches, did not differ by a byte), so by default nothing may differ. `--allow GLOB` (a path
relative to the site, fnmatch-style, repeatable) names files allowed to differ, for a build
stamp should one appear; they are listed apart and do not fail the comparison.

Used to show that a change of the generator's code changed nothing a reader gets
(issue 22: the layout of sitegen/).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import sys
from fnmatch import fnmatchcase
from pathlib import Path


def files(site: Path) -> dict[str, Path]:
    """Every file of the site (hidden ones too), by its path relative to the site; a
    symbolic link is compared by its target's text, not followed."""
    found: dict[str, Path] = {}
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        for name in (*names, *(d for d in dirs if (Path(folder) / d).is_symlink())):
            path = Path(folder) / name
            found[path.relative_to(site).as_posix()] = path
    return found


def same(a: Path, b: Path) -> bool:
    if a.is_symlink() or b.is_symlink():
        return a.is_symlink() and b.is_symlink() and os.readlink(a) == os.readlink(b)
    return filecmp.cmp(a, b, shallow=False)


def compare(site_a: Path, site_b: Path, allowed: list[str]) -> int:
    a, b = files(site_a), files(site_b)
    only_a = sorted(a.keys() - b.keys())
    only_b = sorted(b.keys() - a.keys())
    differing = sorted(p for p in a.keys() & b.keys() if not same(a[p], b[p]))
    stamps = [p for p in differing if any(fnmatchcase(p, g) for g in allowed)]
    failing = [p for p in differing if p not in stamps]
    print(f"{len(a.keys() & b.keys())} files in both, {len(only_a)} only in {site_a}, "
          f"{len(only_b)} only in {site_b}, {len(differing)} differing "
          f"({len(stamps)} allowed by --allow)")
    for title, paths in ((f"only in {site_a}", only_a), (f"only in {site_b}", only_b),
                         ("differ", failing), ("differ (allowed)", stamps)):
        for path in paths:
            print(f"  {title}: {path}")
    return 1 if only_a or only_b or failing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site_a", type=Path)
    parser.add_argument("site_b", type=Path)
    parser.add_argument("--allow", action="append", default=[], metavar="GLOB",
                        help="a file allowed to differ (a build stamp), relative to the site")
    args = parser.parse_args(argv)
    for site in (args.site_a, args.site_b):
        if not site.is_dir():
            parser.error(f"{site}: not a folder")
    return compare(args.site_a, args.site_b, args.allow)


if __name__ == "__main__":
    sys.exit(main())
