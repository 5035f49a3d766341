// Offline use of a tool page: 'Klaarmaken voor gebruik zonder internet' (started by
// client.mjs). What is stored and how: ../offline/store.mjs.
//
// The runtime is stored when the tool is used (once Python is ready its files are in the
// HTTP cache, so storing them downloads nothing again) or when the user presses the button,
// which shows the size first ('doe dit op wifi').
//
// Offline with nothing stored, the panel says at once, as the one message, that the tool
// needs one visit with internet; the tool's own failure text then keeps only what still
// works (site.css hides its 'cannot load in this browser' part for data-pyodide-failure=
// "offline").

import { loadInfo, megabytes, missingFiles, prune, store, wireBytes } from "../offline/store.mjs";

const root = document.documentElement;
const NEEDS_ONLINE =
  "U bent offline. Deze rekenhulp werkt zonder internet pas nadat u hem één keer met " +
  "internet hebt geopend, of op 'Klaarmaken voor gebruik zonder internet' hebt gedrukt. De " +
  "pagina's van de richtlijn werken wel zonder internet.";
export const READY_TEXT =
  "Klaar voor gebruik zonder internet: deze rekenhulp werkt op dit apparaat ook zonder internet.";
export const buttonText = (bytes) =>
  `Klaarmaken voor gebruik zonder internet (ongeveer ${megabytes(bytes)} MB; doe dit op wifi)`;

// The panel, made when it first has something to show (a browser without a service worker
// never gets one). Offline with nothing stored it stands before the tool's status: it is the
// message that counts then. Otherwise (the offer, storing, stored) at the end of the page,
// before the site's own offline status (web/offline/status.mjs): there its changing height
// moves nothing the user is reading or filling in (Lighthouse counted those moves as layout
// shifts when the panel stood under the status, above the form).
function panel(anchor) {
  const end = () => document.querySelector("[data-offline-status]") ?? null;
  const article = anchor.closest("article") ?? anchor.parentElement;
  let box = null;
  let text = null;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button";
  return {
    button,
    show(state, message) {
      if (box === null) {
        box = document.createElement("div");
        box.className = "tool-offline";
        box.dataset.toolOffline = "";
        text = document.createElement("p");
        text.setAttribute("role", "status"); // announced when it changes
        box.append(text, button);
      }
      if (state === "offline-missing") anchor.before(box);
      else if (end()) end().before(box);
      else article.append(box);
      box.dataset.state = state;
      text.textContent = message;
      text.hidden = message === "";
      button.hidden = state !== "missing";
    },
  };
}

export async function offerOffline(anchor) {
  if (!anchor || !("caches" in window) || !("serviceWorker" in navigator)) return;
  const ui = panel(anchor);
  if (!navigator.onLine) ui.show("offline-missing", NEEDS_ONLINE); // until we know better
  const info = await loadInfo();
  if (!info) {
    if (!navigator.onLine) ui.show("offline-missing", NEEDS_ONLINE);
    return;
  }
  // Offline use needs the service worker (none in a browser that refuses it: then nothing is
  // stored either). On a first visit it becomes active in the background.
  await navigator.serviceWorker.ready;
  let busy = false;

  async function refresh() {
    const missing = await missingFiles(info);
    if (missing.length === 0) {
      ui.show("cached", READY_TEXT);
    } else if (!navigator.onLine) {
      ui.show("offline-missing", NEEDS_ONLINE);
    } else {
      ui.button.textContent = buttonText(wireBytes(missing));
      ui.show("missing", "");
    }
    return missing;
  }

  async function makeAvailable() {
    if (busy) return;
    busy = true;
    try {
      const missing = await missingFiles(info);
      ui.show("storing", "Bezig met opslaan voor gebruik zonder internet …");
      await store(info, missing, (done, total) => {
        ui.show("storing", `Bezig met opslaan voor gebruik zonder internet: ${done} van ${total} bestanden.`);
      });
    } catch (error) {
      console.warn("offline opslaan:", error);
      ui.show("error", "Opslaan voor gebruik zonder internet is niet gelukt. Probeer het later opnieuw.");
      return;
    } finally {
      busy = false;
    }
    await refresh();
    window.dispatchEvent(new CustomEvent("sitegen:offline-stored"));
  }

  ui.button.addEventListener("click", makeAvailable);
  window.addEventListener("online", refresh);
  window.addEventListener("offline", refresh);
  const missing = await refresh();
  if (missing.length === 0) {
    prune(info); // a new build may have left an old snapshot behind
    return;
  }
  // First use: once Python is ready its files are in the HTTP cache; store them for offline.
  // Not after a first visit on a slow line: that boot did not fetch the snapshot (worker.mjs),
  // and storing would download it now; the button offers it ('doe dit op wifi').
  const whenReady = () => {
    if (root.dataset.pyodide !== "ready") return false;
    const slow = (root.dataset.pyodideFallback ?? "").startsWith("slow line");
    if (navigator.onLine && !slow) makeAvailable();
    return true;
  };
  if (!whenReady()) {
    const observer = new MutationObserver(() => whenReady() && observer.disconnect());
    observer.observe(root, { attributes: true, attributeFilter: ["data-pyodide"] });
  }
}
