"""The output folder (`--site`): which folders a build may replace, the lock, the swap.

A build only ever replaces what a build made. `check_target` accepts an absent folder, an
empty one, or one holding a previous build (the marker file `.sitegen-build` that every build
writes), and refuses the project itself, a folder above it or above a source folder, a folder
inside a source folder, and any folder with sources in it (a `.git`, Markdown, YAML, Python).

`building` holds a lock next to the target (`.<name>.lock`, `fcntl.flock`) for the whole
build, so a second build into the same folder waits for the first; it yields a work folder
beside the target (same file system), and `swap_in` exchanges the new site with the old one
in one step. The old site is removed only after the swap, together with the work folder, so
neither a crash nor a concurrent build ever leaves a half site or no site at all.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitegen.exceptions import BuildError

MARKER = ".sitegen-build"  # in every built site: a folder that holds one may be replaced
MARKER_CONTENT = {"generator": "sitegen", "format": 1}
WORK_MARKER = ".sitegen-work"  # in every work folder: a stale one may be removed
LOCK_TIMEOUT_S = 30 * 60  # a build takes about a minute: a lock held this long is a stuck build
# What a source tree holds and a built site never does: a folder with any of these is no
# previous build, whatever marker it holds.
SOURCE_NAMES = {".git", ".hg", ".svn", "mkdocs.yml", "pyproject.toml", "build.py"}
SOURCE_SUFFIXES = {".md", ".yml", ".yaml", ".py", ".j2"}
# The generator's own folders: a site inside one of them would be read or shipped as source.
GENERATOR_FOLDERS = ("sitegen", "web", "widgets", "overrides", "tests", "scripts", ".git")


def _within(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _source_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.name in SOURCE_NAMES or (path.suffix in SOURCE_SUFFIXES and path.is_file()):
            yield path


def is_previous_build(folder: Path) -> bool:
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8")) == MARKER_CONTENT
    except (OSError, ValueError):
        return _is_unmarked_build(folder)


def _is_unmarked_build(folder: Path) -> bool:
    """A site built before builds carried MARKER: its links.json and search index. (So an
    existing site/ is replaced once more, and marked from then on.)"""
    try:
        links = json.loads((folder / "links.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(links, dict)
        and {"version", "guideline", "revision", "targets"} <= links.keys()
        and (folder / "search" / "search_index.json").is_file()
    )


def check_target(site: Path, project: Path, inputs: Iterable[Path]) -> None:
    """Raise a BuildError unless `site` may be replaced by a new build.

    `project` is the generator's folder (build.py, sitegen/, web/, ...), `inputs` the folders
    a build reads (data, content). All paths are resolved.
    """
    inputs = list(inputs)
    for source in (project, *inputs):
        if _within(source, site):
            what = "de projectmap" if source == project else "de bronmap"
            where = f"dat is {what} {source} zelf" if source == site else (
                f"daarin ligt {what} {source}"
            )
            raise BuildError(
                f"--site {site}: {where}; de build zou die vervangen. Kies een eigen map "
                "voor de site, bijvoorbeeld site/."
            )
    generator = [project / name for name in GENERATOR_FOLDERS]
    for folder in (*inputs, *generator):
        if _within(site, folder):
            raise BuildError(
                f"--site {site}: ligt in de bronmap {folder}. Kies een map buiten de bronnen "
                "(content/, data/ en de generator), bijvoorbeeld site/."
            )
    if not site.exists() and not site.is_symlink():
        return
    if not site.is_dir():
        raise BuildError(f"--site {site}: is een bestand, geen map.")
    if not any(site.iterdir()):
        return
    found = next(_source_files(site), None)
    if found is not None:
        raise BuildError(
            f"--site {site}: bevat bronbestanden (bijvoorbeeld {found}); de build vervangt "
            "alleen een lege map of een eerdere build. Kies een andere map."
        )
    if not is_previous_build(site):
        raise BuildError(
            f"--site {site}: de map is niet leeg en bevat geen eerdere build (geen {MARKER}); "
            "de build vervangt alleen een lege map of een eerdere build. Kies een andere map, "
            "of maak deze map zelf leeg."
        )


def _wait_for_lock(handle: int, site: Path) -> None:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    print(
        f"Er loopt al een build naar {site}; deze build wacht tot die klaar is.",
        file=sys.stderr,
        flush=True,
    )
    deadline = time.monotonic() + LOCK_TIMEOUT_S
    while True:
        time.sleep(0.2)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise BuildError(
                    f"--site {site}: een andere build houdt "
                    f"{lock_path(site)} al {LOCK_TIMEOUT_S // 60} minuten vast. "
                    "Staat er nog een build aan? Stop die en probeer het opnieuw."
                ) from None


def lock_path(site: Path) -> Path:
    return site.parent / f".{site.name}.lock"


def _remove_stale_work(site: Path) -> None:
    """Work folders a killed build left behind (only ours: they hold WORK_MARKER). Called
    with the lock held, so no running build owns them."""
    for folder in site.parent.glob(f".{site.name}.build-*"):
        if (folder / WORK_MARKER).is_file():
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def building(site: Path) -> Iterator[Path]:
    """Hold the target's lock and yield a fresh work folder beside the target.

    The work folder (and whatever it holds after the swap: the old site) is removed on exit,
    also when the build fails.
    """
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock_path(site), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BuildError(f"--site {site}: kan de map niet aanmaken: {exc}") from None
    try:
        _wait_for_lock(handle, site)
        _remove_stale_work(site)
        work = Path(tempfile.mkdtemp(prefix=f".{site.name}.build-", dir=site.parent))
        try:
            (work / WORK_MARKER).write_text("", encoding="utf-8")
            yield work
        finally:
            shutil.rmtree(work, ignore_errors=True)
    finally:
        os.close(handle)  # releases the lock; the lock file itself stays (deleting it races)


def mark(new_site: Path) -> None:
    (new_site / MARKER).write_text(json.dumps(MARKER_CONTENT) + "\n", encoding="utf-8")


# Linux renameat2(2) with RENAME_EXCHANGE swaps two paths in one atomic step, directories
# included: at every moment the target is either the whole old site or the whole new one.
# os.replace cannot do that for a non-empty directory (it must be moved away first). A symlink
# flip (site -> site.<hash>) would be atomic too, but it changes what `site` is for every host,
# rsync and `make serve`, and the first switch from a real folder is not atomic. Python has no
# wrapper, so it is called through ctypes. Where it is missing (not Linux, an old C library, a
# file system without it), the fallback is two os.replace calls: still under the lock, so no
# other build can interleave; only a reader may, for an instant, find no site.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 1 << 1


def _exchange(a: Path, b: Path) -> bool:
    """Swap a and b atomically; False when this system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(new_site: Path, site: Path, work: Path) -> None:
    """Put `new_site` (inside `work`) at `site`; the old site ends up inside `work`."""
    try:
        if not site.exists():
            os.rename(new_site, site)
        elif not _exchange(new_site, site):
            old = work / "old-site"
            os.replace(site, old)
            try:
                os.replace(new_site, site)
            except OSError:
                os.replace(old, site)  # put the previous site back
                raise
    except OSError as exc:
        raise BuildError(f"--site {site}: kan de nieuwe site niet plaatsen: {exc}") from None
