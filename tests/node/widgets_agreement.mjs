// Runs the widget code under the real Pyodide (npm package `pyodide`) for
// tests/test_widgets_pyodide.py: one Pyodide boot for every widget.
//
//   node widgets_agreement.mjs <pyodide-lock.json> < requests.json > replies.json
//
// The wheel is loaded as the browser loads it: listed in the site-local lock file and fetched
// by loadPackage (checked against its sha256). stdin: {"<widget>": {"call": "<function>",
// "requests": [<JSON text>, ...]}, ...}: each request is passed to widgets.<widget>.<call>_json,
// as the browser worker does. stdout: {"python", "platform", "origins": {widget: file},
// "replies": {widget: [...]}}.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadPyodide } from "pyodide";

const lockFile = resolve(process.argv[2]);
const folder = dirname(lockFile) + "/";
const jobs = JSON.parse(readFileSync(0, "utf8"));

const pyodide = await loadPyodide({
  lockFileURL: lockFile,
  packageBaseUrl: folder,
  packageCacheDir: folder,
  stdout: () => {},
});
await pyodide.loadPackage("guideline-widgets", { messageCallback: () => {} });
const [python, platform] = pyodide
  .runPython("import sys; [sys.version.split()[0], sys.platform]")
  .toJs();
const origins = {};
const replies = {};
for (const [widget, { call, requests }] of Object.entries(jobs)) {
  const module = pyodide.pyimport(`widgets.${widget}`);
  origins[widget] = module.__file__;
  const fn = module[`${call}_json`];
  replies[widget] = requests.map((request) => fn(request));
}
process.stdout.write(JSON.stringify({ python, platform, origins, replies }));
