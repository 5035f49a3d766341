// Runs widgets.lsvg under the real Pyodide (npm package `pyodide`) for tests/test_widgets_pyodide.py.
//
//   node lsvg_agreement.mjs <pyodide-lock.json> < requests.json > replies.json
//
// The wheel is loaded as the browser loads it: listed in the site-local lock file and fetched
// by loadPackage (checked against its sha256). stdin: a JSON list of request strings (each the
// JSON the page would send); stdout: {"python": ..., "platform": ..., "replies": [...]}.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadPyodide } from "pyodide";

const lockFile = resolve(process.argv[2]);
const folder = dirname(lockFile) + "/";
const requests = JSON.parse(readFileSync(0, "utf8"));

const pyodide = await loadPyodide({
  lockFileURL: lockFile,
  packageBaseUrl: folder,
  packageCacheDir: folder,
  stdout: () => {},
});
await pyodide.loadPackage("gehechtheid-widgets", { messageCallback: () => {} });
const evaluateJson = pyodide.runPython("from widgets.lsvg import evaluate_json\nevaluate_json");
const [python, platform, origin] = pyodide
  .runPython("import sys, widgets.lsvg as m; [sys.version.split()[0], sys.platform, m.__file__]")
  .toJs();
const replies = requests.map((request) => evaluateJson(request));
process.stdout.write(JSON.stringify({ python, platform, origin, replies }));
