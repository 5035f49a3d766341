// Baseline page of scripts/benchmark_boot.py: starts bare-worker.mjs and marks 'bare-ready'
// (from navigation start, like the tools' 'lsvg-ready') and <html data-pyodide>.
const root = document.documentElement;
root.dataset.pyodide = "loading";
const worker = new Worker(new URL("bare-worker.mjs", import.meta.url), { type: "module" });
worker.addEventListener("message", (event) => {
  if (event.data === "ready") performance.mark("bare-ready");
  root.dataset.pyodide = event.data === "ready" ? "ready" : "failed";
  if (event.data !== "ready") console.warn(event.data);
});
