// Page side of the shared widget worker (worker.mjs): starts it, watches it, and
// turns calls into promises. Used by every page with a Python widget.
//
//   const widgets = startWidgets({ name: "finder", preload: ["finder"], onState });
//   const reply = await widgets.call("finder", "find", { query: "leeftijd-jaren=2" });
//
// `reply` is the object Python returned ({ok: true, result} or {ok: false, error}). The state
// ("loading" | "ready" | "failed") is kept on <html data-pyodide> and reported to onState;
// with "failed", <html data-pyodide-failure> says why: "offline" (no network, nothing
// stored), "stalled" (no bytes for STALL_MS, or no start within START_MS), "error".
// Calls made while Python loads are answered once it is ready; after a failure they reject.
// performance.mark(`${name}-ready`) is set when Python is ready (read by the benchmarks), with
// `${name}:<step>` marks of the worker's boot steps, and <html data-pyodide-boot="snapshot|
// normal"> (with data-pyodide-fallback: why not the snapshot) says how.
//
// While the runtime downloads, a line in the tool's status says how far ("4,2 van 6,6 MB"),
// announced politely (at most every few seconds). The watchdog judges progress, not a fixed
// time: a slow line that keeps delivering bytes never looks broken.
// On tool pages it also starts offline.mjs: the runtime is kept for use without a network
// after the first use, or at the press of a button.
//
// The worker starts when this module is evaluated, not when the tool's script calls
// startWidgets: a tool page loads this module from its <head>, before the stylesheets, with
// fetchpriority="high" (the page meta `widgets_client`, overrides/main.html), so on a slow
// line the runtime's downloads begin sooner (on 4G the worker started at 3.4 s after the
// tool's own module, 2.2 s from the top of the tool's block, 1.1 s from the head;
// scripts/benchmark_boot.py, 2026-12-02/03). Its messages wait for startWidgets.

// loadPyodide never settles when the wasm is blocked (the worker reports that at once). For
// a boot that stalls without an error: no new byte for this long, or no start this long
// after the last byte, and the page says that Python could not load; should it still become
// ready (a line that came back), the page recovers.
export const STALL_MS = 30_000;
export const START_MS = 60_000;
export const WATCHDOG_MS = STALL_MS; // the name of older callers
const ANNOUNCE_MS = 3_000; // the progress line changes at most this often
const STALE_KEY = "widgets-stale-reload"; // sessionStorage: this page reloaded once already

const megabytes = (bytes) =>
  new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    bytes / 1e6,
  );

// The progress line in the tool's status: the tool's template gives it its place from the
// start (so the form below does not move when it appears); made here after the status for a
// page that has none. Announced through the status (role="status") it is part of.
function progressLine(name) {
  const anchor = document.querySelector(`[data-${name}-status]`);
  let line = anchor?.querySelector("[data-tool-progress]") ?? null;
  let shown = 0;
  let pending = null;
  return {
    show(text, { now = false } = {}) {
      if (!anchor) return;
      if (line === null) {
        line = document.createElement("p");
        line.className = "tool-progress";
        line.dataset.toolProgress = "";
        line.setAttribute("aria-live", "polite"); // announced; the tool's status keeps the role
        anchor.after(line);
      }
      clearTimeout(pending);
      const wait = now ? 0 : shown + ANNOUNCE_MS - performance.now();
      const apply = () => {
        line.textContent = text;
        line.hidden = text === "";
        shown = performance.now();
      };
      if (wait <= 0) apply();
      else pending = setTimeout(apply, wait);
    },
    hide() {
      clearTimeout(pending);
      if (line) line.hidden = true;
    },
  };
}

// This page's build: the ?v= its HTML gives this script (sitegen/tools/*.html.j2). Not
// import.meta.url alone: a module the service worker serves from its precache gets the
// stored response's URL, which has no query. (Before, such a page started its worker without
// the version, and the tool's own import of this module, by that URL, was a second instance
// with a second worker: Python booted twice on every visit served by the service worker.)
function pageVersion() {
  const script = document.querySelector('script[type="module"][src*="/widgets/client.mjs"]');
  for (const url of [script?.src, import.meta.url]) {
    const version = url ? new URL(url, location.href).searchParams.get("v") : null;
    if (version) return version;
  }
  return null;
}
const VERSION = pageVersion();
const QUERY = VERSION ? `?v=${encodeURIComponent(VERSION)}` : "";

// The worker, started as this module loads (see above); null where it could not start. One
// per page, kept on the page's global object: a second instance of this module (imported by
// another URL) finds it there instead of starting another.
const EARLY = Symbol.for("sitegen-widgets-worker");
const early = globalThis[EARLY] ?? startWorker();
globalThis[EARLY] = early;

function startWorker() {
  const state = { worker: null, error: null, messages: [], listener: null };
  if (typeof Worker !== "function" || typeof WebAssembly !== "object") return state;
  try {
    // The page's version, so a new site never pairs old and new scripts; as the worker's
    // name too, since its own URL loses the query the same way (worker.mjs PAGE_BUILD).
    const url = new URL("./worker.mjs" + QUERY, import.meta.url);
    state.worker = new Worker(url, { type: "module", name: VERSION ?? "" });
    state.worker.addEventListener("message", (event) => {
      if (state.listener) state.listener.message(event.data);
      else state.messages.push(event.data);
    });
    state.worker.addEventListener("error", (event) => {
      event.preventDefault();
      const reason = event.message || "worker kon niet starten";
      if (state.listener) state.listener.error(reason);
      else state.error = reason;
    });
    // Python's boot waits for this before its work on the CPU (worker.mjs, pageLoaded).
    const loaded = () => state.worker.postMessage({ type: "page-loaded" });
    if (document.readyState === "complete") loaded();
    else window.addEventListener("load", loaded, { once: true });
  } catch (error) {
    state.error = error?.message ?? String(error);
  }
  return state;
}

export function startWidgets({
  name = "widgets",
  preload = [],
  onState = () => {},
  watchdogMs = STALL_MS,
  startMs = START_MS,
} = {}) {
  const root = document.documentElement;
  const pending = new Map(); // seq -> {resolve, reject}
  const line = progressLine(name);
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

  function fail(reason, { final = true, kind = "error" } = {}) {
    clearTimeout(watchdog);
    line.hide();
    if (final && worker) {
      worker.terminate();
      worker = null;
      rejectAll(String(reason));
    }
    if (root.dataset.pyodide === "failed") return;
    console.warn(`Python-module (${name}) niet beschikbaar:`, reason);
    root.dataset.pyodideFailure = navigator.onLine === false ? "offline" : kind;
    setState("failed", String(reason));
  }

  // Restarted by every sign of progress: a stall, not a slow line, is a failure.
  function watch(ms, what) {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => fail(what, { final: false, kind: "stalled" }), ms);
  }

  function onProgress({ loaded, total, phase }) {
    if (!worker || root.dataset.pyodide !== "loading") return;
    if (phase === "start" || loaded >= total) {
      watch(startMs, "time-out bij het starten");
      line.show("Geladen; wordt gestart …", { now: true });
    } else {
      watch(watchdogMs, "time-out: geen gegevens meer ontvangen");
      // Short, one line on a phone: the status keeps its height (site.css .tool-status).
      line.show(`Geladen: ${megabytes(loaded)} van ${megabytes(total)} MB.`);
    }
  }

  function onStale(message) {
    // A new build was published after this page loaded: its Python would not match this
    // page's text. Reload once to get the new page (answers typed so far are lost: the
    // boot takes seconds, so there are few); a second time means something else is wrong.
    let reloaded = null;
    try {
      reloaded = sessionStorage.getItem(STALE_KEY);
      sessionStorage.setItem(STALE_KEY, location.pathname);
    } catch {
      reloaded = location.pathname; // no storage: no reload loop either
    }
    if (reloaded !== location.pathname) {
      location.reload();
      return;
    }
    fail(message.reason);
  }

  function onMessage(message) {
    if (message.type === "progress") {
      onProgress(message);
    } else if (message.type === "ready") {
      if (!worker) return;
      clearTimeout(watchdog);
      line.hide();
      for (const [step, at] of message.marks ?? []) {
        performance.mark(`${name}:${step}`, { startTime: Math.max(0, at - performance.timeOrigin) });
      }
      performance.mark(`${name}-ready`);
      try {
        sessionStorage.removeItem(STALE_KEY);
      } catch {
        // no storage
      }
      root.dataset.pyodideBoot = message.boot;
      if (message.fallback) root.dataset.pyodideFallback = message.fallback;
      delete root.dataset.pyodideFailure;
      setState("ready");
    } else if (message.type === "failed") {
      fail(message.reason);
    } else if (message.type === "stale") {
      onStale(message);
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
  } else if (early.listener || !early.worker) {
    // one page, one tool: a second caller, or a worker that could not start
    fail(early.listener ? "de rekenmodule is al gestart" : early.error);
  } else {
    worker = early.worker;
    early.listener = { message: onMessage, error: (reason) => fail(reason) };
    if (preload.length) worker.postMessage({ type: "preload", widgets: preload });
    watch(watchdogMs, "time-out bij het laden");
    // what came before, after the caller has its handle (as a message event would)
    queueMicrotask(() => {
      for (const message of early.messages.splice(0)) onMessage(message);
      if (early.error) fail(early.error);
    });
  }

  // Offline use of this tool (service worker caches): never in the way of the tool itself.
  import(new URL("./offline.mjs" + QUERY, import.meta.url).href)
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
