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
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sitegen.tools.stdlib import EMPTY_NAME, Stdlib
from sitegen.tools.wheel import ROOT, pyodide_version

SCRIPT = ROOT / "web" / "build" / "snapshot.mjs"
CACHE = ROOT / ".cache" / "snapshots"
MANIFEST = "snapshot.json"
# Bump when web/build/snapshot.mjs changes what goes into a snapshot (a new cache key).
BUILDER_FORMAT = 4  # 4: from the trimmed stdlib, XOR the wasm's data, sparse, no build path
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


def _make(wheel: Path, widgets: Sequence[str], cached: Path, stdlib: Path) -> dict[str, Any]:
    """Run the Node builder; store the snapshot and its facts under `cached` (.bin, .json)."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    # A temporary name beside the cache entry, renamed at the end: a concurrent or killed
    # build never leaves half a snapshot in the cache.
    with tempfile.TemporaryDirectory(dir=cached.parent, prefix=".making-") as tmp:
        out = Path(tmp) / "snapshot.bin"
        node = shutil.which("node") or "node"
        result = subprocess.run(
            [node, str(SCRIPT), str(wheel), str(out), ",".join(widgets), str(stdlib)],
            capture_output=True, text=True, cwd=ROOT, timeout=TIMEOUT_S, check=False,
        )
        if result.returncode != 0:
            lines = (result.stderr.strip() or result.stdout.strip()).splitlines()
            raise RuntimeError(lines[-1] if lines else f"exit status {result.returncode}")
        facts = json.loads(result.stdout.strip().splitlines()[-1])
        if _sha256(out) != facts["sha256"] or out.stat().st_size != facts["bytes"]:
            raise RuntimeError("the snapshot on disk differs from what Node reported")
        os.replace(out, cached.with_suffix(".bin"))
        cached.with_suffix(".json").write_text(json.dumps(facts) + "\n", encoding="utf-8")
    return dict(facts)


def _cached(key: str) -> dict[str, Any] | None:
    entry = CACHE / key
    try:
        facts = json.loads(entry.with_suffix(".json").read_text(encoding="utf-8"))
        if entry.with_suffix(".bin").stat().st_size == facts["bytes"]:
            os.utime(entry.with_suffix(".json"))  # used now: kept by _prune
            return dict(facts)
    except (OSError, ValueError, KeyError):
        pass
    return None


def _prune() -> None:
    """Keep the KEEP most recently used snapshots in the cache (each is 31.5 MB)."""
    entries = sorted(CACHE.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for entry in entries[KEEP:]:
        for path in (entry, entry.with_suffix(".bin")):
            path.unlink(missing_ok=True)


def publish(
    pyodide_dir: Path, wheel: Path, runtime: str, widgets: Sequence[str], stdlib: Stdlib
) -> bool:
    """Snapshot and manifest into `pyodide_dir` (the site's pyodide/), made from the
    trimmed `stdlib` (published beside it by sitegen/tools/stdlib.py); False if none could
    be made (then a warning is printed and nothing is written)."""
    wheel_sha256 = _sha256(wheel)
    key = input_key(runtime, wheel_sha256, widgets, stdlib.sha256)
    name = ""
    try:
        facts = _cached(key) or _make(wheel, widgets, CACHE / key, stdlib.path)
        name = f"snapshot-{facts['sha256'][:16]}.bin"
        source, target = CACHE / f"{key}.bin", pyodide_dir / name
        try:
            os.link(source, target)  # 31.5 MB: a link, not a copy (nothing writes into it)
        except OSError:
            shutil.copyfile(source, target)
    except (OSError, ValueError, KeyError, RuntimeError, subprocess.SubprocessError) as exc:
        if name:  # a half-published snapshot: none at all
            (pyodide_dir / name).unlink(missing_ok=True)
        print(
            f"Waarschuwing: de geheugensnapshot van Python is niet gemaakt ({exc}). De site "
            "werkt wel: de rekenhulpen starten Python dan op de gewone, tragere manier.",
            file=sys.stderr,
        )
        return False
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
    (pyodide_dir / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return True
