"""The trimmed standard library of the tools' Python: fewer bytes, less CPU on a first visit.

Pyodide mounts one zip as Python's standard library (`stdLibURL`); the runtime's own
python_stdlib.zip holds all of it as source (2.5 MB on the wire, compiled on every boot).
web/build/stdlib.mjs boots Pyodide in Node as a browser's normal boot does (the widget wheel
through the site-local lock file), imports the widgets, and writes only the modules that are
then imported, compiled to .pyc by that same Pyodide, into an uncompressed zip that hosts
compress as a whole (1.2 MB brotli). `publish` puts it into the site's pyodide/ as

    stdlib-<sha256[:16]>.zip   the trimmed stdlib (immutable, named by its content)
    stdlib-<sha256[:16]>.zip   also an empty zip (22 bytes): the snapshot boot's stdLibURL
                               (every module it needs is in the restored memory)

The snapshot is made from the trimmed one (sitegen/tools/snapshot.py). A module outside it
still imports in the browser: web/widgets/stdlib.mjs then fetches the whole python_stdlib.zip
once. Cached in `.cache/stdlib/` by its inputs, like the snapshot; when it cannot be made the
build warns and the tools use the whole stdlib (and no snapshot).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.publish import site_dir
from sitegen.publish.processes import die_with_parent
from sitegen.tools.wheel import ROOT, pyodide_version

SCRIPT = ROOT / "web" / "build" / "stdlib.mjs"
CACHE = ROOT / ".cache" / "stdlib"
TIMEOUT_S = 600  # about 3 s on an idle machine
KEEP = 3
# The smallest valid zip: its end-of-central-directory record, no members.
EMPTY_ZIP = b"PK\x05\x06" + bytes(18)


@dataclass(frozen=True)
class Stdlib:
    path: Path  # the trimmed zip (in the cache)
    sha256: str
    bytes: int
    modules: int

    @property
    def name(self) -> str:
        return f"stdlib-{self.sha256[:16]}.zip"


EMPTY_NAME = f"stdlib-{hashlib.sha256(EMPTY_ZIP).hexdigest()[:16]}.zip"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make(lockfile: Path, runtime: str, widgets: Sequence[str]) -> Stdlib:
    """The trimmed stdlib for this runtime, widget wheel (named in `lockfile`) and widgets:
    from the cache, or made now. Raises RuntimeError (or OSError) when it cannot be made."""
    key = hashlib.sha256(
        "\n".join([pyodide_version(), runtime, _sha256(lockfile), _sha256(SCRIPT),
                   ",".join(widgets)]).encode()
    ).hexdigest()[:16]
    entry = CACHE / key
    try:
        facts = json.loads(entry.with_suffix(".json").read_text(encoding="utf-8"))
        if _sha256(entry.with_suffix(".zip")) == facts["sha256"]:
            os.utime(entry.with_suffix(".json"))  # used now: kept by _prune
            return Stdlib(entry.with_suffix(".zip"), facts["sha256"], facts["bytes"],
                          facts["modules"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE, prefix=".making-") as tmp:
        out = Path(tmp) / "stdlib.zip"
        result = subprocess.run(
            [shutil.which("node") or "node", str(SCRIPT), str(lockfile), str(out),
             ",".join(widgets)],
            capture_output=True, text=True, cwd=ROOT, timeout=TIMEOUT_S, check=False,
            preexec_fn=die_with_parent,  # no orphan Node when the build is killed
        )
        if result.returncode != 0:
            lines = (result.stderr.strip() or result.stdout.strip()).splitlines()
            raise RuntimeError(lines[-1][:300] if lines else f"exit status {result.returncode}")
        facts = json.loads(result.stdout.strip().splitlines()[-1])
        if _sha256(out) != facts["sha256"]:
            raise RuntimeError("the stdlib zip on disk differs from what Node reported")
        os.replace(out, entry.with_suffix(".zip"))
        entry.with_suffix(".json").write_text(json.dumps(facts) + "\n", encoding="utf-8")
    _prune()
    return Stdlib(entry.with_suffix(".zip"), facts["sha256"], facts["bytes"], facts["modules"])


def _prune() -> None:
    entries = sorted(CACHE.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for entry in entries[KEEP:]:
        for path in (entry, entry.with_suffix(".zip")):
            path.unlink(missing_ok=True)


def publish(stdlib: Stdlib, pyodide_dir: Path) -> None:
    """The trimmed and the empty stdlib into the site's pyodide/ (copies: never a link into
    the cache)."""
    site_dir.copy_file(stdlib.path, pyodide_dir / stdlib.name)
    site_dir.write_bytes(pyodide_dir / EMPTY_NAME, EMPTY_ZIP)
