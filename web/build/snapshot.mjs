// Build time, Node: a Pyodide memory snapshot with the widget wheel installed, the widgets
// imported and their packaged data read. Run by sitegen/tools/snapshot.py (which caches the
// result by its inputs and writes the manifest); browsers restore it instead of booting
// Python (web/widgets/snapshot.mjs).
//
//   node web/build/snapshot.mjs <wheel> <out.bin> <widget>[,<widget>...]
//
// Prints {"build_id", "bytes", "sha256"} on stdout. Exits non-zero (message on stderr) when
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
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheelPath, outPath, widgetList] = process.argv.slice(2);
if (!wheelPath || !outPath || !widgetList) {
  throw new Error("usage: node snapshot.mjs <wheel> <out.bin> <widget>[,<widget>...]");
}
const widgets = widgetList.split(",");
if (!widgets.every((name) => /^[a-z][a-z0-9_]*$/.test(name))) {
  throw new Error(`not a widget name: ${widgetList}`);
}
const READ = `import widgets\nwidgets.read_packaged_data(${JSON.stringify(widgets)})`;
const quiet = { stdout: () => {}, stderr: (line) => process.stderr.write(`pyodide: ${line}\n`) };

// _sysExecutable: the name a browser's Pyodide has. Without it Emscripten takes Node's
// process.argv[1], this script's absolute path, into sys.executable and the `_` variable of
// the environment, and the snapshot would publish the build machine's folders (user name).
const SYS_EXECUTABLE = "./this.program";
const py = await loadPyodide({
  _makeSnapshot: true, _sysExecutable: SYS_EXECUTABLE, args: [], ...quiet,
});
const buildId = py._api.config.BUILD_ID; // private, like the snapshot API itself
const purelib = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
// From Node, unpackArchive needs a Uint8Array, not a Buffer.
py.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel", { extractDir: purelib });
py.runPython(`import importlib\nimportlib.invalidate_caches()\n${READ}`);
const bytes = py.makeMemorySnapshot();

// Restore check: the snapshot loads, the wheel's files are really gone, and every widget
// still has its data (a widget that reads a file after its default_spec() would fail here).
const restored = await loadPyodide({ _loadSnapshot: bytes, ...quiet });
const filesGone = restored.runPython(
  `import os, widgets\nnot any(f.endswith('.json') for f in os.listdir(widgets.__path__[0]))` +
    ` if os.path.isdir(widgets.__path__[0]) else True`,
);
if (!filesGone) throw new Error("restore check: the wheel's files survived the snapshot");
restored.runPython(READ);

writeFileSync(outPath, bytes);
const sha256 = createHash("sha256").update(bytes).digest("hex");
process.stdout.write(JSON.stringify({ build_id: buildId, bytes: bytes.length, sha256 }) + "\n");
