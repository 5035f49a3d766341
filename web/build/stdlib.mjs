// Build time, Node: the trimmed standard library of the widget worker's normal boot
// (web/widgets/stdlib.mjs says why). Run by sitegen/tools/stdlib.py, which caches it.
//
//   node web/build/stdlib.mjs <pyodide-lock.json> <out.zip> <widget>[,<widget>...]
//
// Boots Pyodide as a browser's normal boot does (loadPackage of the widget wheel listed in
// the site-local lock file), imports the widgets and reads their data, then writes every
// module of the standard library that is now imported, compiled to .pyc by this Pyodide
// (its own Python 3.14: `pyodide py-compile` would use the host's), into a zip without
// compression (hosts compress the file as a whole, which gives fewer bytes than deflating
// each member). Prints {"modules", "bytes", "sha256"}; exits non-zero when anything fails.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { loadPyodide } from "pyodide";

const [lockPath, outPath, widgetList] = process.argv.slice(2);
if (!lockPath || !outPath || !widgetList) {
  throw new Error("usage: node stdlib.mjs <pyodide-lock.json> <out.zip> <widget>[,<widget>...]");
}
const widgets = widgetList.split(",");
if (!widgets.every((name) => /^[a-z][a-z0-9_]*$/.test(name))) {
  throw new Error(`not a widget name: ${widgetList}`);
}
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const py = await loadPyodide({
  args: [],
  _sysExecutable: "./this.program", // no path of this machine in anything it writes
  lockFileContents: lock,
  packageBaseUrl: dirname(lockPath) + "/",
  stdout: () => {},
  stderr: (line) => process.stderr.write(`pyodide: ${line}\n`),
});
await py.loadPackage(Object.keys(lock.packages), { messageCallback: () => {} });
const facts = py.runPython(`
import importlib, io, json, os, py_compile, sys, zipfile
importlib.invalidate_caches()
import widgets
widgets.read_packaged_data(${JSON.stringify(widgets)})

stdlib = "/lib/python%d%d.zip" % sys.version_info[:2]
members = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
    if origin.startswith(stdlib + "/") and origin.endswith(".py"):
        members.add(origin[len(stdlib) + 1:])
source = zipfile.ZipFile(stdlib)
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
    for name in sorted(members):
        src = "/tmp/stdlib-src/" + name
        os.makedirs(os.path.dirname(src), exist_ok=True)
        with open(src, "wb") as fh:
            fh.write(source.read(name))
        compiled = py_compile.compile(
            src, cfile=src + "c", dfile=stdlib + "/" + name, doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        with open(compiled, "rb") as fh:
            out.writestr(zipfile.ZipInfo(name + "c", (1980, 1, 1, 0, 0, 0)), fh.read())
with open("/tmp/stdlib.zip", "wb") as fh:
    fh.write(buffer.getvalue())
json.dumps({"modules": len(members)})
`);
const bytes = py.FS.readFile("/tmp/stdlib.zip");
writeFileSync(outPath, bytes);
const sha256 = createHash("sha256").update(bytes).digest("hex");
process.stdout.write(
  JSON.stringify({ ...JSON.parse(facts), bytes: bytes.length, sha256 }) + "\n",
);
