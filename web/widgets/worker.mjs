// The one Web Worker of the site's Python widgets (the LSVG calculator, the Interventiewijzer).
//
// A thin layer: it loads Pyodide from this site (/pyodide/), loads the widget wheel listed in
// the site-local pyodide-lock.json, and passes JSON between a page and the widget code:
// a call {widget: "finder", call: "find", request} runs widgets.finder.find_json(JSON text of
// request) and returns the JSON text Python gives back. It computes nothing itself.
//
// Messages to the page:   {type: "ready", ms} | {type: "failed", reason}
//                         {type: "result", seq, reply, ms}   reply: the JSON text from Python
// Messages from the page: {type: "call", seq, widget, call, request}
//                         {type: "preload", widgets: ["finder"]}   import them once ready
// Calls that arrive while Python is still loading wait, and are answered once it is ready.

const PYODIDE_URL = new URL("../../pyodide/", import.meta.url).href; // absolute, as Pyodide needs
const PACKAGE = "guideline-widgets"; // sitegen/tools/wheel.py DIST_NAME
const NAME = /^[a-z][a-z0-9_]*$/; // widget and function names: nothing else reaches pyimport

let pyodide = null;
let settled = false;
const waiting = [];
const preload = new Set();
const functions = new Map(); // "finder.find" -> the Python function find_json

function post(message) {
  self.postMessage(message);
}

function fail(reason) {
  if (settled) return;
  settled = true;
  post({ type: "failed", reason: String(reason) });
}

// When pyodide.asm.wasm cannot be fetched or compiled, Pyodide logs 'wasm instantiation
// failed!' and loadPyodide() never settles. So the failures it swallows are reported here, at
// once: a failed fetch of a .wasm file, a rejected WebAssembly compile, and a refusal by the
// worker's Content-Security-Policy (a host without 'wasm-unsafe-eval' or 'unsafe-eval' for
// this script). The page keeps its own watchdog for a boot that stalls without any of these.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  fail(event.reason?.message ?? event.reason);
});
self.addEventListener("error", (event) => fail(event.message));
self.addEventListener("securitypolicyviolation", (event) => {
  fail(`Content-Security-Policy: ${event.effectiveDirective} ${event.blockedURI}`);
});

const siteFetch = self.fetch.bind(self);
self.fetch = async (resource, init) => {
  const url = String(resource?.url ?? resource);
  const wasm = new URL(url, self.location.href).pathname.endsWith(".wasm");
  try {
    const response = await siteFetch(resource, init);
    if (wasm && !response.ok) fail(`${url}: HTTP ${response.status}`);
    return response;
  } catch (error) {
    if (wasm) fail(`${url}: ${error?.message ?? error}`);
    throw error;
  }
};

for (const name of ["compile", "compileStreaming", "instantiate", "instantiateStreaming"]) {
  const original = WebAssembly[name];
  if (typeof original !== "function") continue;
  WebAssembly[name] = function (...args) {
    return original.apply(WebAssembly, args).catch((error) => {
      fail(`WebAssembly.${name}: ${error?.message ?? error}`);
      throw error;
    });
  };
}

self.addEventListener("message", (event) => {
  const message = event.data;
  if (message?.type === "preload") {
    for (const widget of message.widgets ?? []) preload.add(widget);
    if (pyodide !== null) importWidgets();
  } else if (message?.type === "call") {
    if (pyodide === null) waiting.push(message);
    else answer(message);
  }
});

function widgetFunction(widget, call) {
  const key = `${widget}.${call}`;
  let fn = functions.get(key);
  if (fn === undefined) {
    if (!NAME.test(widget) || !NAME.test(call)) throw new Error(`unknown widget call ${key}`);
    const module = pyodide.pyimport(`widgets.${widget}`);
    fn = module[`${call}_json`];
    if (typeof fn !== "function") throw new Error(`widgets.${widget} has no ${call}_json`);
    functions.set(key, fn);
  }
  return fn;
}

function answer(message) {
  const started = performance.now();
  let reply;
  try {
    reply = widgetFunction(message.widget, message.call)(JSON.stringify(message.request ?? null));
  } catch (error) {
    reply = JSON.stringify({ ok: false, error: String(error?.message ?? error) });
  }
  post({ type: "result", seq: message.seq, reply, ms: performance.now() - started });
}

function importWidgets() {
  for (const widget of preload) {
    try {
      if (NAME.test(widget)) pyodide.pyimport(`widgets.${widget}`);
    } catch (error) {
      console.warn(`widgets.${widget}:`, error?.message ?? error);
    }
  }
  preload.clear();
}

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
  const runtime = await loadPyodide({
    indexURL: PYODIDE_URL,
    lockFileContents,
    packageBaseUrl: PYODIDE_URL,
    stdout: () => {},
    stderr: (text) => console.warn(text),
  });
  await runtime.loadPackage(PACKAGE, {
    messageCallback: () => {},
    errorCallback: (text) => console.warn(text),
  });
  runtime.pyimport("widgets"); // raises (and so fails the boot) if the wheel did not load
  if (settled) return;
  settled = true;
  pyodide = runtime;
  importWidgets();
  post({ type: "ready", ms: performance.now() - started });
  for (const message of waiting.splice(0)) answer(message);
}

boot().catch((error) => fail(error?.message ?? error));
