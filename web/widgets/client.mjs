// Page side of the shared widget worker (worker.mjs): starts it, watches it, and
// turns calls into promises. Used by every page with a Python widget.
//
//   const widgets = startWidgets({ name: "finder", preload: ["finder"], onState });
//   const reply = await widgets.call("finder", "find", { query: "leeftijd-jaren=2" });
//
// `reply` is the object Python returned ({ok: true, result} or {ok: false, error}). The state
// ("loading" | "ready" | "failed") is kept on <html data-pyodide> and reported to onState.
// Calls made while Python loads are answered once it is ready; after a failure they reject.
// performance.mark(`${name}-ready`) is set when Python is ready (read by the benchmarks), and
// <html data-pyodide-boot="snapshot|normal"> (with data-pyodide-fallback: why not the
// snapshot) says how. On tool pages it also starts offline.mjs: the runtime is kept for use
// without a network after the first use, or at the press of a button.

// loadPyodide never settles when the wasm is blocked. After this long the page says that
// Python could not load; should it still become ready (a very slow line), the page recovers.
export const WATCHDOG_MS = 30_000;

export function startWidgets({
  name = "widgets",
  preload = [],
  onState = () => {},
  watchdogMs = WATCHDOG_MS,
} = {}) {
  const root = document.documentElement;
  const pending = new Map(); // seq -> {resolve, reject}
  let worker = null;
  let watchdog = null;
  let seq = 0;

  function setState(state, reason) {
    root.dataset.pyodide = state;
    onState(state, reason);
  }

  function rejectAll(reason) {
    for (const { reject } of pending.values()) reject(new Error(reason));
    pending.clear();
  }

  function fail(reason, { final = true } = {}) {
    clearTimeout(watchdog);
    if (final && worker) {
      worker.terminate();
      worker = null;
      rejectAll(String(reason));
    }
    if (root.dataset.pyodide === "failed") return;
    console.warn(`Python-module (${name}) niet beschikbaar:`, reason);
    setState("failed", String(reason));
  }

  function onMessage(message) {
    if (message.type === "ready") {
      if (!worker) return;
      clearTimeout(watchdog);
      performance.mark(`${name}-ready`);
      root.dataset.pyodideBoot = message.boot;
      if (message.fallback) root.dataset.pyodideFallback = message.fallback;
      setState("ready");
    } else if (message.type === "failed") {
      fail(message.reason);
    } else if (message.type === "result") {
      const waiter = pending.get(message.seq);
      if (!waiter) return;
      pending.delete(message.seq);
      try {
        waiter.resolve(JSON.parse(message.reply));
      } catch (error) {
        waiter.reject(error);
      }
    }
  }

  setState("loading");
  if (typeof Worker !== "function" || typeof WebAssembly !== "object") {
    fail("Web Workers of WebAssembly ontbreken in deze browser");
  } else {
    try {
      // Same version query as this module, so a new site never pairs old and new scripts.
      const url = new URL("./worker.mjs" + new URL(import.meta.url).search, import.meta.url);
      worker = new Worker(url, { type: "module" });
      worker.addEventListener("message", (event) => onMessage(event.data));
      worker.addEventListener("error", (event) => {
        event.preventDefault();
        fail(event.message || "worker kon niet starten");
      });
      if (preload.length) worker.postMessage({ type: "preload", widgets: preload });
      watchdog = setTimeout(() => fail("time-out bij het laden", { final: false }), watchdogMs);
    } catch (error) {
      fail(error?.message ?? error);
    }
  }

  // Offline use of this tool (service worker caches): never in the way of the tool itself.
  import(new URL("./offline.mjs" + new URL(import.meta.url).search, import.meta.url).href)
    .then((offline) => offline.offerOffline(document.querySelector(`[data-${name}-status]`)))
    .catch((error) => console.warn("offline.mjs:", error?.message ?? error));

  return {
    get state() {
      return root.dataset.pyodide;
    },
    call(widget, call, request) {
      if (!worker) return Promise.reject(new Error("Python is niet beschikbaar"));
      seq += 1;
      const id = seq;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: "call", seq: id, widget, call, request });
      });
    },
  };
}
