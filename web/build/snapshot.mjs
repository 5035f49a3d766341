// Build time, Node: a Pyodide memory snapshot with the widget wheel installed, the widgets
// imported and their packaged data read. Run by sitegen/tools/snapshot.py (which caches the
// result by its inputs and writes the manifest); browsers restore it instead of booting
// Python (web/widgets/snapshot.mjs).
//
//   node web/build/snapshot.mjs <wheel> <out.bin> <widget>[,<widget>...] <stdlib.zip>
//
// <stdlib.zip> is the trimmed standard library (web/build/stdlib.mjs). Prints {"build_id",
// "bytes", "sha256"} of the file written on stdout. Exits non-zero (message on stderr) when
// anything fails; the build then publishes the site without a snapshot.
//
// Why these steps (Pyodide 314; the snapshot API is private, so the runtime is pinned):
// - The wheel is installed with unpackArchive, not loadPackage: after loadPackage,
//   makeMemorySnapshot() fails ('Unexpected hiwire entry at index 6').
// - A snapshot holds the wasm heap, not the file system: after a restore the wheel's files are
//   gone. So every packaged data file is read here (widgets.read_packaged_data: each widget's
//   cached default_spec(), the contract in widgets/__init__.py), and the restore check below
//   runs with the files gone.
// - importlib's directory cache may predate the unpacked files: invalidated before importing.
// - Booted from the trimmed stdlib of .pyc files: nothing is compiled, so the heap holds no
//   parser leftovers (0.6 MB less on the wire). The widgets' own modules likewise: compiled
//   to .pyc by a second Pyodide (the compiler's freed memory, not zeroed, would stay in the
//   snapshot's pages), imported from those here: 12.0 -> 10.6 MB sparse, brotli 3.29 -> 2.93
//   MB on the wire (2026-12-03). Unchecked-hash .pyc: they are made from these very files.
//   The stdlib is then detached from sys.path (browsers mount an empty zip there) and the
//   whole-stdlib finder installed (web/widgets/stdlib.mjs): a module not in memory still
//   imports.
// - The file written is the snapshot XOR the wasm's data segments (xorDataSegments): 1.3 MB
//   less on the wire; without its empty pages (packSparse: 11 MB instead of 31.5 MB to
//   decompress, hash and copy on every start); its sha256 is what the manifest names.
// - _sysExecutable: the name a browser's Pyodide has. Without it Emscripten takes Node's
//   process.argv[1], this script's absolute path, into sys.executable and the `_` variable of
//   the environment, and the snapshot would publish the build machine's folders (user name).
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import {
  packSparse, snapshotMemory, unpackSparse, xorDataSegments,
} from "../widgets/snapshot.mjs";
import { configure, install } from "../widgets/stdlib.mjs";

const [wheelPath, outPath, widgetList, stdlibPath] = process.argv.slice(2);
if (!wheelPath || !outPath || !widgetList || !stdlibPath) {
  throw new Error(
    "usage: node snapshot.mjs <wheel> <out.bin> <widget>[,<widget>...] <stdlib.zip>",
  );
}
const widgets = widgetList.split(",");
if (!widgets.every((name) => /^[a-z][a-z0-9_]*$/.test(name))) {
  throw new Error(`not a widget name: ${widgetList}`);
}
const READ = `import widgets\nwidgets.read_packaged_data(${JSON.stringify(widgets)})`;
const SYS_EXECUTABLE = "./this.program";
const quiet = {
  _sysExecutable: SYS_EXECUTABLE,
  stdout: () => {},
  stderr: (line) => process.stderr.write(`pyodide: ${line}\n`),
};
const runtimeDir = fileURLToPath(new URL(".", import.meta.resolve("pyodide")));
const wasm = new Uint8Array(readFileSync(join(runtimeDir, "pyodide.asm.wasm")));

const COMPILE = `
import pathlib, py_compile, widgets
mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
pycs = [py_compile.compile(str(f), doraise=True, invalidation_mode=mode)
        for f in sorted(pathlib.Path(widgets.__file__).parent.glob("*.py"))]
[[pyc, pathlib.Path(pyc).read_bytes()] for pyc in pycs]`;
// From Node, unpackArchive needs a Uint8Array, not a Buffer.
const wheel = new Uint8Array(readFileSync(wheelPath));

// [path, bytes] of the widgets' .pyc files, compiled by a Pyodide of their own.
async function compiledWidgets() {
  const compiler = await loadPyodide({ args: [], stdLibURL: stdlibPath, ...quiet });
  compiler.unpackArchive(wheel, "wheel", { extractDir: compiler._api.sitePackages });
  const pycs = compiler.runPython(COMPILE);
  try {
    return pycs.toJs();
  } finally {
    pycs.destroy();
  }
}
const pycs = await compiledWidgets();
if (!pycs.length) throw new Error("no widget module compiled");

const py = await loadPyodide({ _makeSnapshot: true, args: [], stdLibURL: stdlibPath, ...quiet });
const buildId = py._api.config.BUILD_ID; // private, like the snapshot API itself
const purelib = py._api.sitePackages; // sysconfig is not in the trimmed stdlib
py.unpackArchive(wheel, "wheel", { extractDir: purelib });
for (const [path, bytes] of pycs) {
  if (!path.startsWith(`${purelib}/widgets/__pycache__/`)) {
    throw new Error(`not a widget .pyc: ${path}`);
  }
  py.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
  py.FS.writeFile(path, bytes);
}
py.runPython(`import importlib\nimportlib.invalidate_caches()\n${READ}`);
install(py);
py.runPython("import gc, _full_stdlib\n_full_stdlib.detach_trimmed()\ngc.collect()");
const bytes = py.makeMemorySnapshot();
const xored = bytes.slice();
xorDataSegments(wasm, snapshotMemory(xored));
const published = packSparse(xored);

// Restore check, as a browser does it: from the published file and the wasm, with an empty
// stdlib zip; the wheel's files are really gone, every widget still has its data (a widget
// that reads a file after its default_spec() would fail here), and a module that is not in
// memory imports from the whole stdlib through the finder.
const tmp = mkdtempSync(join(tmpdir(), "snapshot-check-"));
try {
  const empty = join(tmp, "empty.zip");
  writeFileSync(empty, Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]));
  const restoredBytes = unpackSparse(published);
  xorDataSegments(wasm, snapshotMemory(restoredBytes));
  if (!restoredBytes.every((byte, i) => byte === bytes[i])) {
    throw new Error("restore check: unpacking the published file does not give the snapshot");
  }
  const restored = await loadPyodide({ _loadSnapshot: restoredBytes, stdLibURL: empty, ...quiet });
  const filesGone = restored.runPython(
    `import os, widgets\nnot any(f.endswith('.json') for f in os.listdir(widgets.__path__[0]))` +
      ` if os.path.isdir(widgets.__path__[0]) else True`,
  );
  if (!filesGone) throw new Error("restore check: the wheel's files survived the snapshot");
  restored.runPython(READ);
  // A synchronous XMLHttpRequest as workers have it, reading the runtime's whole stdlib.
  globalThis.XMLHttpRequest = class {
    open(method, url) {
      this.url = url;
    }
    send() {
      const data = readFileSync(this.url);
      this.status = 200;
      this.response = data.buffer.slice(data.byteOffset, data.byteOffset + data.length);
    }
  };
  configure(restored, join(runtimeDir, "python_stdlib.zip"));
  const lazy = restored.runPython(
    "import sys\nname = next(m for m in ('csv', 'calendar', 'fractions', 'statistics')" +
      " if m not in sys.modules)\n__import__(name).__name__",
  );
  if (!lazy) throw new Error("restore check: a module not in memory did not import");
} finally {
  delete globalThis.XMLHttpRequest;
  rmSync(tmp, { recursive: true, force: true });
}

writeFileSync(outPath, published);
const sha256 = createHash("sha256").update(published).digest("hex");
process.stdout.write(JSON.stringify({ build_id: buildId, bytes: published.length, sha256 }) + "\n");
