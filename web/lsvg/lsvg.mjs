// Page side of the LSVG calculator (/hulpmiddelen/lsvg/).
//
// Starts the Pyodide worker as the page loads, sends the answers to Python on every change
// and shows what Python returns. It never computes a score itself: without Python there is
// no score, and the page says so and offers the paper version.
//
// Python runs in the site's shared widget worker (../widgets/client.mjs and
// worker.mjs), which calls widgets.lsvg.evaluate_json.
//
// State on <html data-pyodide="loading|ready|failed">; the result element
// [data-lsvg-result] carries data-answered, data-total and data-band (empty while
// incomplete). Answers stay in this tab: nothing is sent or stored.

const here = new URL(import.meta.url);
const app = document.querySelector("[data-lsvg-app]");
const form = document.querySelector("[data-lsvg-form]");
const resultBox = document.querySelector("[data-lsvg-result]");
const report = document.querySelector("[data-lsvg-report]");

let widgets = null; // the shared Pyodide worker (client.mjs)
let seq = 0;

if (app && form && resultBox) {
  // The same version query as this module: page, client and worker always match.
  const { startWidgets } = await import(
    new URL("../widgets/client.mjs" + here.search, here).href
  );
  start(startWidgets);
}

function start(startWidgets) {
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("change", () => {
    updateReport();
    requestEvaluation();
  });
  form.addEventListener("input", (event) => {
    if (event.target instanceof HTMLTextAreaElement) updateReport();
  });
  for (const button of document.querySelectorAll("[data-lsvg-action]")) {
    button.addEventListener("click", () => act(button.dataset.lsvgAction));
  }
  window.addEventListener("beforeprint", updateReport);
  // Back/forward cache: the browser may restore answers of this same tab; show their score.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      updateReport();
      requestEvaluation();
    }
  });
  updateReport();
  // Sets <html data-pyodide>, marks "lsvg-ready" (read by scripts/benchmark_boot.py).
  widgets = startWidgets({ name: "lsvg", preload: ["lsvg"], onState: setState });
}

function setState(state) {
  for (const el of document.querySelectorAll("[data-lsvg-status] [data-lsvg-when]")) {
    el.hidden = el.dataset.lsvgWhen !== state;
  }
  const printReport = document.querySelector('[data-lsvg-action="print"]');
  if (printReport) printReport.hidden = state === "failed";
  if (state === "ready") {
    requestEvaluation();
  } else if (state === "failed") {
    setResultAttributes(null);
    showOnly("unavailable");
  }
}

function scores() {
  const count = Number(form.dataset.lsvgItems);
  const out = [];
  for (let number = 1; number <= count; number += 1) {
    const value = form.elements[`lsvg-${number}`].value; // "" while unanswered
    out.push(value === "" ? null : Number(value));
  }
  return out;
}

async function requestEvaluation() {
  if (!widgets || widgets.state !== "ready") return;
  seq += 1;
  const mine = seq;
  let reply;
  try {
    reply = await widgets.call("lsvg", "evaluate", scores());
  } catch {
    return; // Python failed: setState("failed") has said so
  }
  if (mine === seq) showResult(reply); // only the answer to the latest question counts
}

function out(name) {
  return resultBox.querySelector(`[data-lsvg-out="${name}"]`);
}

function showOnly(...names) {
  for (const el of resultBox.querySelectorAll("[data-lsvg-when]")) {
    el.hidden = !names.includes(el.dataset.lsvgWhen);
  }
  for (const el of resultBox.querySelectorAll("[data-lsvg-band-text]")) el.hidden = true;
}

function setResultAttributes(result) {
  resultBox.dataset.answered = result ? String(result.answered) : "";
  resultBox.dataset.total = result && result.total !== null ? String(result.total) : "";
  resultBox.dataset.band = result && result.band !== null ? result.band : "";
  out("answered").textContent = result ? String(result.answered) : "–";
  out("total").textContent = result && result.total !== null ? String(result.total) : "–";
}

function showResult(reply) {
  if (!reply.ok) {
    setResultAttributes(null);
    showOnly("error");
    out("error").textContent = reply.error;
    return;
  }
  const result = reply.result;
  setResultAttributes(result);
  if (!result.complete) {
    showOnly("incomplete");
    out("unanswered").textContent = result.unanswered.join(", ");
    return;
  }
  showOnly("complete");
  out("band-label").textContent = result.band_label;
  for (const el of resultBox.querySelectorAll("[data-lsvg-band-text]")) {
    el.hidden = el.dataset.lsvgBandText !== result.band;
  }
}

// The print-only report: the chosen answers and notes, copied from the form as text.
function updateReport() {
  if (!report) return;
  const date = report.querySelector("[data-lsvg-report-date]");
  date.textContent = new Date().toLocaleDateString("nl-NL", { dateStyle: "long" });
  for (const row of report.querySelectorAll("[data-lsvg-report-item]")) {
    const number = row.dataset.lsvgReportItem;
    const checked = form.querySelector(`input[name="lsvg-${number}"]:checked`);
    const label = checked?.closest("label")?.textContent.replace(/\s+/g, " ").trim();
    row.querySelector("[data-lsvg-report-score]").textContent = label || "niet ingevuld";
    const notes = form.querySelector(`[data-lsvg-notes="${number}"]`);
    row.querySelector("[data-lsvg-report-notes]").textContent = notes ? notes.value : "";
  }
}

function act(action) {
  if (action === "print" || action === "print-paper") {
    updateReport();
    window.print();
  } else if (action === "clear") {
    const filled = [...form.elements].some(
      (el) => (el.type === "radio" && el.checked) || (el.tagName === "TEXTAREA" && el.value),
    );
    if (filled && !window.confirm("Alle antwoorden en notities wissen?")) return;
    form.reset();
    updateReport();
    requestEvaluation();
    form.querySelector("input")?.focus();
  }
}
