// Page side of the LSVG calculator (/hulpmiddelen/lsvg/).
//
// Starts the Pyodide worker as the page loads, sends the answers to Python on every change
// and shows what Python returns. It never computes a score itself: without Python there is
// no score, and the page says so and offers the paper version. The total so far, the totals
// still possible, whether the outcome is settled, the items that can still change it and the
// text of 'Kopieer samenvatting' all come from Python; this module fills the page's elements
// and <template>s with them (text, and links with setAttribute; never markup).
//
// Python runs in the site's shared widget worker (../widgets/client.mjs and
// worker.mjs), which calls widgets.lsvg.evaluate_json and summary_json.
//
// State on <html data-pyodide="loading|ready|failed">; the result element
// [data-lsvg-result] carries data-answered, data-total and data-band (empty while
// incomplete) and data-settled (the band once it can no longer change). Answers stay in
// this tab: nothing is sent or stored. While there are answers, leaving or reloading the
// page asks first, and the page's links open in a new tab.

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
  // A tap on a link or a reload would drop every answer: the browser asks first.
  window.addEventListener("beforeunload", (event) => {
    if (!filledIn()) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need it set
  });
  openLinksBeside();
  updateReport();
  // Sets <html data-pyodide>, marks "lsvg-ready" (read by scripts/benchmark_boot.py).
  widgets = startWidgets({ name: "lsvg", preload: ["lsvg"], onState: setState });
}

// Links to other pages open in a new tab, so that the answers here stay; screen readers
// hear it from the description the page carries (#lsvg-nieuw-tabblad).
function openLinksBeside() {
  const note = document.getElementById("lsvg-nieuw-tabblad");
  const article = app.closest("article") ?? document.querySelector("article");
  if (!note || !article) return;
  for (const link of article.querySelectorAll("a[href]")) {
    if (link.classList.contains("headerlink")) continue;
    const url = new URL(link.getAttribute("href"), location.href);
    if (url.origin === location.origin && url.pathname === location.pathname) continue;
    link.setAttribute("target", "_blank");
    link.setAttribute("rel", "noopener");
    const described = link.getAttribute("aria-describedby");
    link.setAttribute("aria-describedby", described ? `${described} ${note.id}` : note.id);
  }
  for (const el of document.querySelectorAll("[data-lsvg-new-tab]")) el.hidden = false;
}

function filledIn() {
  return [...form.elements].some(
    (el) => (el.type === "radio" && el.checked) || (el.tagName === "TEXTAREA" && el.value),
  );
}

function setState(state) {
  for (const el of document.querySelectorAll("[data-lsvg-status] [data-lsvg-when]")) {
    el.hidden = el.dataset.lsvgWhen !== state;
  }
  const printReport = document.querySelector('[data-lsvg-action="print"]');
  if (printReport) printReport.hidden = state === "failed";
  const copy = document.querySelector('[data-lsvg-action="copy"]');
  if (copy) copy.hidden = state !== "ready" || !navigator.clipboard;
  if (state === "ready") {
    requestEvaluation();
  } else if (state === "failed") {
    setResultAttributes(null);
    showOnly("unavailable");
    for (const el of document.querySelectorAll("[data-lsvg-running]")) el.hidden = true;
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

function notes() {
  const count = Number(form.dataset.lsvgItems);
  const out = [];
  for (let number = 1; number <= count; number += 1) {
    out.push(form.querySelector(`[data-lsvg-notes="${number}"]`)?.value ?? "");
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

// Every element that shows the value `name` (the result box and the running total).
function setOut(name, text) {
  for (const el of document.querySelectorAll(`[data-lsvg-out="${name}"]`)) {
    el.textContent = text;
  }
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
  resultBox.dataset.settled = result && result.outlook.band !== null ? result.outlook.band : "";
  setOut("answered", result ? String(result.answered) : "–");
  setOut("total", result && result.total !== null ? String(result.total) : "–");
}

// Links to the items `numbers` ("gedraging 6, 7, 8"), from the page's <template>.
function itemLinks(container, numbers) {
  const template = document.querySelector('template[data-lsvg-template="item-link"]');
  container.replaceChildren();
  numbers.forEach((number, index) => {
    if (index > 0) container.append(", ");
    const link = template.content.firstElementChild.cloneNode(true);
    link.setAttribute("href", `#lsvg-vraag-${number}`);
    link.textContent = String(number);
    container.append(link);
  });
}

function showOutlook(result) {
  const view = result.outlook;
  const state = result.complete ? "complete" : view.settled ? "settled" : "open";
  for (const el of document.querySelectorAll("[data-lsvg-outlook]")) {
    el.hidden = el.dataset.lsvgOutlook !== state;
  }
  setOut("sum", String(view.sum));
  setOut("low", String(view.low));
  setOut("high", String(view.high));
  setOut("settled-label", view.band_label ?? "");
  for (const el of document.querySelectorAll("[data-lsvg-links]")) {
    itemLinks(el, el.dataset.lsvgLinks === "unanswered" ? result.unanswered : view.could_change);
  }
  for (const el of document.querySelectorAll("[data-lsvg-running]")) el.hidden = false;
}

function showResult(reply) {
  if (!reply.ok) {
    setResultAttributes(null);
    showOnly("error");
    setOut("error", reply.error);
    return;
  }
  const result = reply.result;
  setResultAttributes(result);
  showOutlook(result);
  if (!result.complete) {
    showOnly("incomplete");
    return;
  }
  showOnly("complete");
  setOut("band-label", result.band_label);
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

// 'Kopieer samenvatting': the text Python writes, with whole addresses under the site's root
// as this browser sees it. The notes go to the worker in this tab, never over the network.
async function copySummary() {
  const status = document.querySelector("[data-lsvg-copied]");
  const root = new URL(app.dataset.siteRoot ?? "/", location.href).href;
  let text = null;
  try {
    const reply = await widgets.call("lsvg", "summary", { scores: scores(), notes: notes(), base: root });
    if (reply.ok) text = reply.result.text;
    else status.textContent = `Geen samenvatting: ${reply.error}`;
  } catch {
    status.textContent = "Geen samenvatting: de rekenmodule is niet beschikbaar.";
  }
  if (text === null) return;
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Samenvatting gekopieerd: plak haar in het dossier.";
  } catch {
    status.textContent = "Kopiëren lukte niet in deze browser. Print het verslag.";
  }
  setTimeout(() => (status.textContent = ""), 6000);
}

function act(action) {
  if (action === "print" || action === "print-paper") {
    updateReport();
    window.print();
  } else if (action === "copy") {
    copySummary();
  } else if (action === "clear") {
    if (filledIn() && !window.confirm("Alle antwoorden en notities wissen?")) return;
    form.reset();
    updateReport();
    requestEvaluation();
    form.querySelector("input")?.focus();
  }
}
