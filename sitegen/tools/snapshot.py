"""Pyodide memory snapshot of the widgets: made at build time, restored by the browser.

A tool page's worker normally boots Python (loadPyodide), loads the widget wheel and imports
the widgets: 2-3 s on a fast machine. A memory snapshot of an interpreter that has done all
of that restores in a fraction of the time. `publish` writes, into the site's pyodide/:

    snapshot-<sha256[:16]>.bin   the snapshot XOR the wasm's data segments, without its
                                 empty pages (11 MB raw, ~3.1 MB brotli; web/widgets/
                                 snapshot.mjs unpacks it and undoes the XOR);
                                 named by its content, so it may be cached forever
    snapshot.json                the manifest (also inlined into the worker's runtime.mjs,
                                 so a page always gets its own build's): format, Pyodide
                                 version and build id, runtime folder, wheel sha256, the
                                 snapshot's URL, size and sha256, the widgets in it, the
                                 trimmed and the empty stdlib (sitegen/tools/stdlib.py)

web/build/snapshot.mjs makes it in Node (Node is already needed for the runtime). A snapshot
is not byte-reproducible (random states, timestamps), so it is cached by its INPUTS in
`.cache/snapshots/` (key: builder format, Pyodide version, runtime files, wheel, widgets):
rebuilding the same content publishes the same bytes under the same URL, and browsers keep
their copy. The snapshot API is private to Pyodide: when making it fails, the build warns
(in Dutch) and publishes no manifest; the worker then boots Python the normal way.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sitegen.exceptions import BuildError
from sitegen.publish import site_dir
from sitegen.publish.processes import die_with_parent
from sitegen.tools.stdlib import EMPTY_NAME, Stdlib
from sitegen.tools.wheel import ROOT, pyodide_version

SCRIPT = ROOT / "web" / "build" / "snapshot.mjs"
CACHE = ROOT / ".cache" / "snapshots"
MANIFEST = "snapshot.json"
# Bump when web/build/snapshot.mjs changes what goes into a snapshot (a new cache key).
BUILDER_FORMAT = 5  # 4: from the trimmed stdlib, XOR the wasm's data, sparse, no build path;
# 5: the widgets imported from .pyc compiled by a second Pyodide
# Bump when the manifest's fields change meaning (web/widgets/snapshot.mjs checks it).
MANIFEST_FORMAT = 2  # 2: the file is sparse, XOR the wasm's data segments; stdlib and stub
TIMEOUT_S = 600  # about 5 s on an idle machine, 15 s on a loaded one
KEEP = 3  # cached snapshots kept (31.5 MB each): the latest used, by modification time


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_key(
    runtime: str, wheel_sha256: str, widgets: Sequence[str], stdlib_sha256: str = ""
) -> str:
    """What a snapshot is made of; `runtime` is the runtime folder (a hash of its files)."""
    text = f"{BUILDER_FORMAT}\n{pyodide_version()}\n{runtime}\n{wheel_sha256}\n{','.join(widgets)}"
    text += f"\n{stdlib_sha256}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# Node's and the system's words for a disk that cannot take the snapshot: a build error, not
# a snapshot that cannot be made (that is a warning: the API is private to Pyodide).
DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS)
DISK_WORDS = ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EROFS", "No space left", "File too large",
              "Disk quota", "Read-only file system")


# The lines of Node's report of an uncaught error that say what happened: 'Error: ENOSPC: no
# space left on device, write', 'PythonError: ...', and its `code: 'ENOSPC'`. (The report
# also quotes the source line, which for Pyodide is a minified line of 100 kB.)
NODE_ERROR_LINE = re.compile(r"^(?:[\w.]*(?:Error|Exception)\b.*|code: '[A-Z]+',?)$")
NODE_LINE_MAX = 500


class NodeFailed(RuntimeError):
    """web/build/snapshot.mjs failed: the message is its last error line (Node ends its
    report with its version, which says nothing); `said` holds every error line."""

    def __init__(self, output: str, status: int) -> None:
        lines = [line.strip() for line in output.splitlines()
                 if line.strip() and len(line.strip()) <= NODE_LINE_MAX]
        self.said = [line for line in lines if NODE_ERROR_LINE.match(line)]
        errors = [line for line in self.said if not line.startswith("code:")]
        super().__init__((errors or lines or [f"exit status {status}"])[-1])


def _lock_folder(folder: Path) -> int:
    """Hold an flock on `folder`'s lock file while the folder is in use: a folder whose lock
    nobody holds was left by a killed build (the kernel drops the lock with the process)."""
    handle = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def remove_stale_work() -> None:
    """Remove the `.making-*` folders of killed builds (31.5 MB each): those whose lock is
    free. A folder another build is still working in keeps its lock, and stays."""
    for folder in CACHE.glob(".making-*"):
        try:
            handle = os.open(folder / ".lock", os.O_RDWR)
        except OSError:
            # made before folders had a lock, or its lock not yet created (a build that
            # just started): only an old one is surely stale
            with contextlib.suppress(OSError):
                if time.time() - folder.stat().st_mtime > TIMEOUT_S:
                    shutil.rmtree(folder, ignore_errors=True)
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # in use
        finally:
            os.close(handle)
        shutil.rmtree(folder, ignore_errors=True)


def _make(wheel: Path, widgets: Sequence[str], cached: Path, stdlib: Path) -> dict[str, Any]:
    """Run the Node builder; store the snapshot and its facts under `cached` (.bin, .json)."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    # A temporary name beside the cache entry, renamed at the end: a concurrent or killed
    # build never leaves half a snapshot in the cache, and the next build removes what a
    # killed one left (remove_stale_work).
    with tempfile.TemporaryDirectory(dir=cached.parent, prefix=".making-") as tmp:
        lock = _lock_folder(Path(tmp))
        try:
            out = Path(tmp) / "snapshot.bin"
            node = shutil.which("node") or "node"
            result = subprocess.run(
                [node, str(SCRIPT), str(wheel), str(out), ",".join(widgets), str(stdlib)],
                capture_output=True, text=True, cwd=ROOT, timeout=TIMEOUT_S, check=False,
                preexec_fn=die_with_parent,  # the build runs no other threads here
            )
            if result.returncode != 0:
                raise NodeFailed(result.stderr.strip() or result.stdout, result.returncode)
            facts = json.loads(result.stdout.strip().splitlines()[-1])
            if _sha256(out) != facts["sha256"] or out.stat().st_size != facts["bytes"]:
                raise RuntimeError("the snapshot on disk differs from what Node reported")
            os.replace(out, cached.with_suffix(".bin"))
            cached.with_suffix(".json").write_text(json.dumps(facts) + "\n", encoding="utf-8")
        finally:
            os.close(lock)
    return dict(facts)


def _cached(key: str) -> dict[str, Any] | None:
    """The facts of a cached snapshot whose bytes still have the sha256 it was made with
    (not only its size: one changed byte would otherwise be published under the old name
    and hash); a damaged entry is removed, so it is made again."""
    entry = CACHE / key
    try:
        facts = json.loads(entry.with_suffix(".json").read_text(encoding="utf-8"))
        if _sha256(entry.with_suffix(".bin")) == facts["sha256"]:
            os.utime(entry.with_suffix(".json"))  # used now: kept by _prune
            return dict(facts)
        for path in (entry.with_suffix(".json"), entry.with_suffix(".bin")):
            path.unlink(missing_ok=True)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _prune() -> None:
    """Keep the KEEP most recently used snapshots in the cache (each is 31.5 MB)."""
    entries = sorted(CACHE.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for entry in entries[KEEP:]:
        for path in (entry, entry.with_suffix(".bin")):
            path.unlink(missing_ok=True)


def _disk_problem(exc: Exception) -> str | None:
    """The Dutch reason when `exc` is the disk's doing (full, quota, read-only), else None."""
    if isinstance(exc, OSError) and exc.errno in DISK_ERRORS:
        return site_dir.os_problem(exc)
    said = " ".join([str(exc), *getattr(exc, "said", [])])
    if isinstance(exc, RuntimeError) and any(w in said for w in DISK_WORDS):
        return f"de schijf kan de snapshot niet bevatten ({exc})"
    return None


def publish(
    pyodide_dir: Path, wheel: Path, runtime: str, widgets: Sequence[str], stdlib: Stdlib
) -> bool:
    """Snapshot and manifest into `pyodide_dir` (the site's pyodide/), made from the
    trimmed `stdlib` (published beside it by sitegen/tools/stdlib.py); False if none could
    be made (then a warning is printed and nothing is written). A disk that cannot take it
    fails the build (BuildError): a site without its snapshot for that reason is no warning."""
    with contextlib.suppress(OSError):  # what killed builds left; never fails a build
        remove_stale_work()
    wheel_sha256 = _sha256(wheel)
    key = input_key(runtime, wheel_sha256, widgets, stdlib.sha256)
    try:
        facts = _cached(key) or _make(wheel, widgets, CACHE / key, stdlib.path)
    except (OSError, ValueError, KeyError, RuntimeError, subprocess.SubprocessError) as exc:
        disk = _disk_problem(exc)
        if disk:
            raise BuildError(f"De geheugensnapshot van Python kon niet worden geschreven: "
                             f"{disk}") from None
        print(
            f"Waarschuwing: de geheugensnapshot van Python is niet gemaakt ({exc}). De site "
            "werkt wel: de rekenhulpen starten Python dan op de gewone, tragere manier.",
            file=sys.stderr,
        )
        return False
    name = f"snapshot-{facts['sha256'][:16]}.bin"
    # 31.5 MB: a copy (or a reflink), never a hard link: a change to the published file
    # must not reach the cache and every later site
    site_dir.copy_file(CACHE / f"{key}.bin", pyodide_dir / name)
    with contextlib.suppress(OSError):  # a concurrent build may be pruning too
        _prune()
    manifest = {
        "format": MANIFEST_FORMAT,
        "pyodide": pyodide_version(),
        "build_id": facts["build_id"],
        "runtime": runtime,
        "input_key": key,
        # The worker compares this with the sha256 that pyodide-lock.json gives the wheel:
        # a snapshot of another wheel is stale and not used.
        "wheel": {"file": wheel.relative_to(pyodide_dir).as_posix(), "sha256": wheel_sha256},
        # Pyodide itself checks only a magic number and the build id: the worker checks
        # length and sha256 before restoring (a damaged image may restore and answer wrongly).
        "snapshot": {"url": name, "bytes": facts["bytes"], "sha256": facts["sha256"]},
        "widgets": list(widgets),
        # the normal boot's stdlib, and the snapshot boot's (every module is in memory)
        "stdlib": {"url": stdlib.name, "bytes": stdlib.bytes, "sha256": stdlib.sha256},
        "stub": {"url": EMPTY_NAME},
    }
    site_dir.write_text(pyodide_dir / MANIFEST, json.dumps(manifest, indent=1) + "\n")
    return True
