// Web Worker of the LSVG calculator: runs Pyodide and the widget code (widgets.lsvg).
//
// A thin layer: it loads the runtime from this site (/pyodide/), loads the widget wheel
// listed in the site-local pyodide-lock.json, and passes JSON between the page and
// widgets.lsvg.evaluate_json. It computes nothing itself.
//
// Messages to the page:   {type: "ready", ms} | {type: "failed", reason}
//                         {type: "result", seq, reply}   reply: the JSON text from Python
// Messages from the page: {type: "evaluate", seq, scores}

const PYODIDE_URL = new URL("../../pyodide/", import.meta.url).href; // absolute, as Pyodide needs
const PACKAGE = "gehechtheid-widgets";

let evaluateJson = null;
let settled = false;

function post(message) {
  self.postMessage(message);
}

function fail(reason) {
  if (settled) return;
  settled = true;
  post({ type: "failed", reason: String(reason) });
}

// When pyodide.asm.wasm cannot be fetched, loadPyodide() never settles: Emscripten's abort
// surfaces here (if at all). The page keeps its own watchdog for the rest.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  fail(event.reason?.message ?? event.reason);
});
self.addEventListener("error", (event) => fail(event.message));

self.addEventListener("message", (event) => {
  const message = event.data;
  if (message?.type !== "evaluate") return;
  if (evaluateJson === null) {
    post({ type: "result", seq: message.seq, reply: JSON.stringify({ ok: false, error: "not ready" }) });
    return;
  }
  let reply;
  try {
    reply = evaluateJson(JSON.stringify(message.scores));
  } catch (error) {
    reply = JSON.stringify({ ok: false, error: String(error?.message ?? error) });
  }
  post({ type: "result", seq: message.seq, reply });
});

async function boot() {
  const started = performance.now();
  const { loadPyodide } = await import(PYODIDE_URL + "pyodide.mjs");
  // Revalidate the lock file on every load: it names the wheel (by its hash) to fetch.
  const lockFileContents = fetch(PYODIDE_URL + "pyodide-lock.json", { cache: "no-cache" }).then(
    (response) => {
      if (!response.ok) throw new Error(`pyodide-lock.json: HTTP ${response.status}`);
      return response.text();
    },
  );
  const pyodide = await loadPyodide({
    indexURL: PYODIDE_URL,
    lockFileContents,
    packageBaseUrl: PYODIDE_URL,
    stdout: () => {},
    stderr: (text) => console.warn(text),
  });
  await pyodide.loadPackage(PACKAGE, {
    messageCallback: () => {},
    errorCallback: (text) => console.warn(text),
  });
  // Raises (and so fails the boot) if the wheel did not load.
  evaluateJson = pyodide.runPython("from widgets.lsvg import evaluate_json\nevaluate_json");
  if (settled) return;
  settled = true;
  post({ type: "ready", ms: performance.now() - started });
}

boot().catch((error) => fail(error?.message ?? error));
