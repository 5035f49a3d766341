"""The tools' snapshot boot (sitegen/tools/snapshot.py, web/widgets/snapshot.mjs).

- The build publishes a snapshot that fits this build (manifest, runtime, wheel) and warns,
  publishing no manifest, when one cannot be made.
- Widget code keeps the contract that makes a snapshot safe (widgets/__init__.py).
- The published file is the snapshot XOR the wasm's data segments, made from the trimmed
  stdlib; the manifest is also in the worker's runtime.mjs (the page's own build).
- In Chromium, the snapshot boot and the normal boot give the same replies; every fault in
  the snapshot (missing, corrupt, truncated, refused by Pyodide) still ends `ready`, through
  the normal boot in the same worker. Faults are injected by the server (`host`), not by the
  browser's test driver (routing a 31.5 MB body that way outlasts the page's watchdog).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import subprocess
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from playwright.sync_api import Browser, Page, expect

from sitegen.publish import serving
from sitegen.tools import snapshot, stdlib
from tests.conftest import ROOT
from tests.test_browser_lsvg import answer, expect_result
from tests.test_widgets_pyodide import finder_requests, lsvg_requests

READY_MS = 60_000
LSVG = "/hulpmiddelen/lsvg/"


def manifest_of(site: Path) -> dict:
    return json.loads((site / "pyodide" / snapshot.MANIFEST).read_text(encoding="utf-8"))


def runtime_module(site: Path) -> str:
    return (site / "assets" / "widgets" / "runtime.mjs").read_text(encoding="utf-8")


def inline_manifest(site: Path) -> dict:
    """The manifest the worker uses: the SNAPSHOT of runtime.mjs (the page's own build)."""
    return json.loads(re.search(r"^export const SNAPSHOT = (.*);$", runtime_module(site),
                                re.MULTILINE).group(1))


def snapshot_path(site: Path) -> str:
    return f"/pyodide/{manifest_of(site)['snapshot']['url']}"


def wasm_at_hand(page: Page, base: str, site: Path) -> None:
    """Load the site's home page and put Pyodide's wasm in this context's HTTP cache, so that
    the worker's line-rate check (worker.mjs, a slow first visit boots the normal way) sees a
    fast line: on a busy vm even loopback can measure below 4 Mbit/s, and a test of the
    snapshot boot would then test the normal one."""
    folder = re.search(r'^export const RUNTIME_FOLDER = "([^"]+)";$', runtime_module(site),
                       re.MULTILINE).group(1)
    page.goto(base + "/")
    size = page.evaluate("async (u) => (await (await fetch(u)).arrayBuffer()).byteLength",
                         f"{base}/pyodide/{folder}pyodide.asm.wasm")
    assert size > 1_000_000


def test_manifest_fits_this_build(site: Path) -> None:
    manifest = manifest_of(site)
    folder = site / "pyodide"
    assert manifest["format"] == snapshot.MANIFEST_FORMAT
    assert (folder / manifest["runtime"] / "pyodide.asm.wasm").is_file()
    lock = json.loads((folder / "pyodide-lock.json").read_text())
    assert manifest["wheel"]["sha256"] == lock["packages"]["guideline-widgets"]["sha256"]
    data = (folder / manifest["snapshot"]["url"]).read_bytes()
    assert len(data) == manifest["snapshot"]["bytes"]
    assert hashlib.sha256(data).hexdigest() == manifest["snapshot"]["sha256"]
    assert manifest["snapshot"]["url"] == f"snapshot-{manifest['snapshot']['sha256'][:16]}.bin"
    assert manifest["widgets"] == ["lsvg", "finder"]
    assert len(manifest["build_id"]) == 64
    assert inline_manifest(site) == manifest
    # the trimmed stdlib: .pyc only, named by its sha256; the snapshot boot's is an empty zip
    trimmed = folder / manifest["stdlib"]["url"]
    assert hashlib.sha256(trimmed.read_bytes()).hexdigest() == manifest["stdlib"]["sha256"]
    names = zipfile.ZipFile(trimmed).namelist()
    assert "json/__init__.pyc" in names and all(n.endswith(".pyc") for n in names)
    assert 50 < len(names) < 300  # the whole stdlib has some 600 files
    assert (folder / manifest["stub"]["url"]).read_bytes() == stdlib.EMPTY_ZIP


def offset_of(snapshot_bytes: bytes) -> int:
    return int.from_bytes(snapshot_bytes[4:8], "little")


def test_the_published_snapshot_is_sparse_and_xor_the_wasm_data(
    site: Path, tmp_path: Path
) -> None:
    """Unpacking the published file and undoing the XOR with the runtime's wasm gives a
    Pyodide snapshot: its magic number, and the interpreter's static data where the
    published memory has zeros; the empty pages are left out of the file."""
    manifest = manifest_of(site)
    published = site / "pyodide" / manifest["snapshot"]["url"]
    wasm = site / "pyodide" / manifest["runtime"] / "pyodide.asm.wasm"
    xored, restored = tmp_path / "xored.bin", tmp_path / "restored.bin"
    script = (
        "import { readFileSync, writeFileSync } from 'node:fs';"
        f"import {{ snapshotMemory, unpackSparse, xorDataSegments }} from"
        f" '{ROOT}/web/widgets/snapshot.mjs';"
        "const [w, p, x, r] = process.argv.slice(1);"
        "const bytes = unpackSparse(new Uint8Array(readFileSync(p)));"
        "writeFileSync(x, bytes);"
        "xorDataSegments(new Uint8Array(readFileSync(w)), snapshotMemory(bytes));"
        "writeFileSync(r, bytes);"
    )
    subprocess.run(["node", "--input-type=module", "-e", script, str(wasm), str(published),
                    str(xored), str(restored)], check=True, cwd=ROOT)
    raw, plain = xored.read_bytes(), restored.read_bytes()
    assert published.read_bytes()[:4] == b"SPRS"
    assert published.stat().st_size < len(plain) / 2  # the empty pages are not in the file
    assert raw[:4] == plain[:4] == b"\x00snp"  # SNAPSHOT_MAGIC 0x706e7300, little-endian
    offset = offset_of(raw)
    assert raw[:offset] == plain[:offset]  # header and JSON: not XORed
    first_segment = slice(offset + 1024, offset + 1024 + 4096)  # the wasm's data, at 1024
    assert raw[first_segment].count(0) > 3000  # XOR: mostly zeros
    assert plain[first_segment].count(0) < 3000  # the interpreter's own static data


# --- in Chromium -----------------------------------------------------------------------------

# Start a worker of the site, wait for ready, run the jobs; resolve with [ready, replies].
RUN_WORKER = """async ([url, jobs]) => {
  const worker = new Worker(url, {type: 'module'});
  worker.postMessage({type: 'page-loaded'}); // as client.mjs does at the page's load event
  const ready = await new Promise((ok, bad) => worker.addEventListener('message', function on(e) {
    if (e.data.type === 'ready') { worker.removeEventListener('message', on); ok(e.data); }
    if (e.data.type === 'failed') bad(new Error(e.data.reason));
  }));
  const replies = [];
  let seq = 0;
  for (const [widget, call, request] of jobs) {
    replies.push(await new Promise((ok) => {
      worker.addEventListener('message', (e) => ok(JSON.parse(e.data.reply)), {once: true});
      worker.postMessage({type: 'call', seq: ++seq, widget, call, request});
    }));
  }
  worker.terminate();
  return [ready, replies];
}"""


def from_a_page(text: str) -> bool:
    """Whether a request survives the page's JSON unchanged: JavaScript sends 2.0 as 2, and a
    number of thousands of digits as null (CPython refuses to read one: the widgets' own
    tests cover that reply)."""
    if not text.startswith(("{", "[")) or ".0" in text:
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def case_table() -> list[list[object]]:
    """A compact table: LSVG and finder cases of every kind (the full tables run in Node,
    tests/test_widgets_pyodide.py)."""
    rng = random.Random(12)
    lsvg = [json.loads(r) for r in lsvg_requests()[-20:] if from_a_page(r)]  # bounds, bad
    lsvg += [json.loads(r) for r in rng.sample(lsvg_requests()[:600], 10)]
    finder = [json.loads(r) for r in finder_requests() if from_a_page(r)]
    finder = rng.sample(finder[: 23 * 24], 12) + finder[-30:]  # ages, situations, bad input
    return [["lsvg", "evaluate", r] for r in lsvg] + [["finder", "find", r] for r in finder]


def test_snapshot_and_normal_boot_give_the_same_replies(
    browser: Browser, host: serving.InstrumentedServer, site: Path,
    lsvg_widget: ModuleType, finder_widget: ModuleType,
) -> None:
    jobs = case_table()
    context = browser.new_context()
    page = context.new_page()
    wasm_at_hand(page, host.url, site)
    worker = host.url + "/assets/widgets/worker.mjs"
    snap_ready, snap = page.evaluate(RUN_WORKER, [worker, jobs])
    context.close()
    host.overrides[snapshot_path(site)] = (404, b"")  # a new context: not in its HTTP cache
    context = browser.new_context()
    page = context.new_page()
    page.goto(host.url + "/")
    normal_ready, normal = page.evaluate(RUN_WORKER, [worker, jobs])
    context.close()
    assert snap_ready["boot"] == "snapshot" and snap_ready["fallback"] is None
    assert normal_ready["boot"] == "normal"
    assert normal_ready["fallback"] == f"{snapshot_path(site)}: HTTP 404"
    assert snap == normal
    widgets = {"lsvg": lsvg_widget.evaluate_json, "finder": finder_widget.find_json}
    assert snap == [json.loads(widgets[w](json.dumps(r))) for w, _, r in jobs]  # and CPython
    assert {bool(r["ok"]) for r in snap} == {True, False}


def faults(site: Path) -> dict[str, tuple[dict[str, tuple[int, bytes]], str]]:
    """name -> (server overrides, start of the reason the page must report)."""
    manifest = manifest_of(site)
    path = f"/pyodide/{manifest['snapshot']['url']}"
    raw = (site / "pyodide" / manifest["snapshot"]["url"]).read_bytes()
    corrupt = bytearray(raw)
    corrupt[len(raw) // 2] ^= 0xFF  # one byte: Pyodide alone would not notice
    # Another Pyodide build: the header's build id (after magic, header and JSON length and a
    # zero: uint32 each; the sparse file's own 16 bytes before that) changed, the manifest's
    # sha256 (in runtime.mjs) fixed up: only Pyodide can refuse it.
    other = raw[:32] + bytes(32) + raw[64:]
    module = runtime_module(site).replace(manifest["snapshot"]["sha256"],
                                          hashlib.sha256(other).hexdigest())
    return {
        "missing": ({path: (404, b"")}, f"{path}: HTTP 404"),
        "corrupt": ({path: (200, bytes(corrupt))}, "corrupt: sha256 differs"),
        "truncated": ({path: (200, raw[: len(raw) // 3])}, "truncated:"),
        "other-build": (
            {path: (200, other), "/assets/widgets/runtime.mjs": (200, module.encode())},
            "Snapshot build id mismatch",
        ),
    }


@pytest.fixture(scope="module")
def fault_table(site: Path) -> dict[str, tuple[dict[str, tuple[int, bytes]], str]]:
    return faults(site)


@pytest.mark.parametrize("fault", ["missing", "corrupt", "truncated", "other-build"])
def test_a_bad_snapshot_still_ends_ready_through_the_normal_boot(
    page: Page, host: serving.InstrumentedServer, site: Path, fault_table: dict, fault: str
) -> None:
    overrides, reason = fault_table[fault]
    wasm_at_hand(page, host.url, site)  # the snapshot boot is tried, whatever the vm's load
    host.overrides.update(overrides)
    page.goto(host.url + LSVG)
    html = page.locator("html")
    expect(html).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    expect(html).to_have_attribute("data-pyodide-boot", "normal")
    assert html.get_attribute("data-pyodide-fallback").startswith(reason)
    answer(page, [1, 2, 3, 2, 1, 2, 1, 1])  # and it answers
    expect_result(page, "13", "niet-optimaal")
