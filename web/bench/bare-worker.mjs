// Baseline worker of scripts/benchmark_boot.py: the same runtime, server and lock file as the
// tools' worker (web/widgets/worker.mjs), but nothing else: loadPyodide() only, no snapshot,
// no wheel, no widgets.
import { RUNTIME_FOLDER } from "../assets/widgets/runtime.mjs";

const PYODIDE_URL = new URL("../pyodide/", import.meta.url).href;
const indexURL = new URL(RUNTIME_FOLDER, PYODIDE_URL).href;
try {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const lockFileContents = fetch(PYODIDE_URL + "pyodide-lock.json", { cache: "no-cache" }).then(
    (response) => response.text(),
  );
  await loadPyodide({ indexURL, lockFileContents, stdout: () => {} });
  self.postMessage("ready");
} catch (error) {
  self.postMessage(String(error?.message ?? error));
}
