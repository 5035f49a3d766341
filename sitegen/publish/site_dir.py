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

Every file the build writes goes through `output` (and `write_text`, `write_bytes`,
`copy_file` on top of it): the path is resolved (symlinks, `..`) and must lie inside the
work folder of the running build (`building` sets it), so no data (a links-lock URL, an id)
can make the build write anywhere else; a write error (a full disk) becomes a BuildError in
Dutch. Files of the caches and of node_modules are copied into the site (a reflink where the
file system can), never hard-linked: an edit of a published file changes only that file.
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import ctypes.util
import errno
import fcntl
import glob
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
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
    # os.walk rather than Path.rglob: a previous site has 1,500 entries, read twice a build.
    # Neither follows a link to a folder; both list the link itself.
    for root, folders, files in os.walk(folder):
        for name in folders:
            if name in SOURCE_NAMES:
                yield Path(root, name)
        for name in files:
            path = Path(root, name)
            if name in SOURCE_NAMES or (path.suffix in SOURCE_SUFFIXES and path.is_file()):
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
    # glob.escape: a site named 's?te' must not match the work folder of a sibling 'site'
    for folder in site.parent.glob(f".{glob.escape(site.name)}.build-*"):
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
        try:
            work = Path(tempfile.mkdtemp(prefix=f".{site.name}.build-", dir=site.parent))
            (work / WORK_MARKER).write_text("", encoding="utf-8")
        except OSError as exc:
            raise BuildError(f"--site {site}: kan de werkmap niet aanmaken: "
                             f"{os_problem(exc)}") from None
        token = _WORK.set(work.resolve())
        try:
            yield work
        finally:
            _WORK.reset(token)
            shutil.rmtree(work, ignore_errors=True)
    finally:
        os.close(handle)  # releases the lock; the lock file itself stays (deleting it races)


def mark(new_site: Path) -> None:
    write_text(new_site / MARKER, json.dumps(MARKER_CONTENT) + "\n")


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


# --- every write of a build ----------------------------------------------------------------

# The work folder of the running build (`building`); None outside a build (tests that render
# into a folder of their own say which with `writing_into`).
_WORK: contextvars.ContextVar[Path | None] = contextvars.ContextVar("work", default=None)
NAME_MAX = 255  # bytes of one file name on Linux file systems (ext4, xfs, btrfs, tmpfs)
# Dutch for the write errors an author can do something about; others show the system's text.
OS_PROBLEMS = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "het schijfquotum is op",
    errno.EFBIG: "het bestand is groter dan toegestaan",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.EACCES: "geen toegang",
    errno.EPERM: "niet toegestaan",
    errno.ENAMETOOLONG: "de bestandsnaam is te lang",
    errno.EIO: "invoer-/uitvoerfout van de schijf",
}


def os_problem(exc: OSError) -> str:
    """A write error in Dutch: what happened and to which file."""
    reason = OS_PROBLEMS.get(exc.errno or 0, exc.strerror or str(exc))
    if exc.filename2:  # a copy: the file written is the second
        return f"{reason} (bij het kopiëren van {exc.filename} naar {exc.filename2})"
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{reason}{where}"


def submit[T](pool: Executor, work: Callable[..., T], *args: object) -> Future[T]:
    """`pool.submit(work, *args)` in the context of the caller: a thread of a pool starts in
    a context of its own, where no build is running, so its writes would be checked against
    no work folder at all."""
    return pool.submit(contextvars.copy_context().run, work, *args)


@contextlib.contextmanager
def writing_into(folder: Path) -> Iterator[Path]:
    """Allow the writes of the block inside `folder` only (what `building` does for the work
    folder of a build), for callers that render outside a build (tests, benchmarks)."""
    folder.mkdir(parents=True, exist_ok=True)
    token = _WORK.set(folder.resolve())
    try:
        yield folder
    finally:
        _WORK.reset(token)


def output(path: Path, within: Path | None = None) -> Path:
    """`path` resolved, once it is certain to lie inside the running build's work folder (and
    inside `within`, if given); BuildError in Dutch otherwise. Its folder is created.

    Resolving follows every symlink and `..`, so neither a `../` in data (a links-lock URL)
    nor a link planted in the work folder can lead a write outside it. A name longer than a
    file system allows is refused here too, before any write fails on it.
    """
    resolved = path.resolve()
    text = str(resolved)
    limits = [w for w in (_WORK.get(), within.resolve() if within else None) if w is not None]
    for limit in limits:
        # what Path.is_relative_to says for resolved paths, as a string test: it took half
        # the time of every write (1,500 a build)
        folder = str(limit)
        if text != folder and not text.startswith(folder.rstrip("/") + "/"):
            raise BuildError(
                f"de build zou buiten de map van de site schrijven: {path} (komt uit op "
                f"{resolved}, buiten {limit}); dat is nooit toegestaan. Controleer de "
                "gegevens waar dit pad uit komt (bijvoorbeeld een url in "
                "data/links-lock.json)."
            )
    # a name of at most NAME_MAX // 4 characters fits in NAME_MAX bytes (UTF-8: at most 4
    # bytes a character); only a longer one is encoded to be counted
    parts = text.split("/")
    long = next((p for p in parts if len(p) > NAME_MAX // 4 and len(os.fsencode(p)) > NAME_MAX),
                None)
    if long is not None:
        raise BuildError(
            f"de bestandsnaam '{long[:60]}…' is te lang ({len(os.fsencode(long))} bytes, "
            f"hoogstens {NAME_MAX}); kies een kortere id"
        )
    try:
        if not os.path.isdir(resolved.parent):  # one stat where the folder is there already
            resolved.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"kan de map {resolved.parent} niet aanmaken: {os_problem(exc)}") \
            from None
    return resolved


def write_bytes(path: Path, data: bytes, within: Path | None = None) -> Path:
    target = output(path, within)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise BuildError(f"kan {target} niet schrijven: {os_problem(exc)}") from None
    return target


def write_text(path: Path, text: str, within: Path | None = None) -> Path:
    return write_bytes(path, text.encode("utf-8"), within)


# linux/fs.h: FICLONE = _IOW(0x94, 9, int): the whole file as a reflink (btrfs, xfs, bcachefs)
_FICLONE = 0x40049409


def _clone_or_copy(source: Path, target: Path) -> None:
    """A reflink where the file system has them (shares blocks until either file is written,
    so nothing written into one reaches the other), else an in-kernel copy
    (copy_file_range, which some file systems turn into a reflink themselves), else
    shutil.copyfile."""
    with source.open("rb") as src, target.open("wb") as dst:
        try:
            fcntl.ioctl(dst.fileno(), _FICLONE, src.fileno())
            return
        except OSError:
            pass  # no reflinks here (ext4, tmpfs, another file system): copy
        size = os.fstat(src.fileno()).st_size
        try:
            copied = 0
            while copied < size:
                step = os.copy_file_range(src.fileno(), dst.fileno(), size - copied)
                if step == 0:
                    break
                copied += step
            if copied == size:
                return
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
                raise
        dst.seek(0)
        dst.truncate()
        src.seek(0)
        shutil.copyfileobj(src, dst, 1 << 20)


def copy_file(source: Path, path: Path, within: Path | None = None) -> Path:
    """`source` (node_modules, a cache, web/) as a file of its own at `path`: a reflink or a
    copy, never a hard link (README, 'Build cost', for what it costs)."""
    target = output(path, within)
    try:
        _clone_or_copy(source, target)
    except OSError as exc:
        raise BuildError(f"kan {source} niet kopiëren naar {target}: {os_problem(exc)}") \
            from None
    return target
