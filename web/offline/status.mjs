// Every page: whether the site is ready for use without internet, part by part (the
// werkkaarten, the parents' pages, the tools), and the offer to make the tools so (their
// Python runtime is the one part the service worker does not store by itself: several MB,
// hence 'doe dit op wifi'). Started by register.mjs; shown at the end of the article.
//
// The pages (werkkaarten and parents' pages among them) are in the service worker's precache
// once it is installed: Workbox stores the whole list or nothing. The tools are ready when
// every file of pyodide/offline.json is in the runtime cache (store.mjs).

import { loadInfo, megabytes, missingFiles, store, wireBytes } from "./store.mjs";

const SITE = new URL("../../", import.meta.url);
const READY = "klaar voor gebruik zonder internet";
const PARTS = [
  ["werkkaarten", "De werkkaarten", "werkkaarten/"],
  ["ouders", "De pagina's voor ouders", "ouders/"],
];

// Site paths stored by the service worker's precache (Workbox names it '...-precache-...').
async function precached() {
  const paths = new Set();
  for (const name of await caches.keys()) {
    if (!name.includes("precache")) continue;
    for (const request of await (await caches.open(name)).keys()) {
      paths.add(new URL(request.url).pathname);
    }
  }
  return paths;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

export async function showStatus() {
  const article = document.querySelector("article");
  if (!article || !("caches" in window)) return;
  const box = element("div", "offline-status");
  box.dataset.offlineStatus = "";
  const lead = element("p", "offline-status__lead", "Gebruik zonder internet:");
  const list = element("ul", "offline-status__parts");
  list.setAttribute("aria-live", "polite"); // changes are announced (no role: one status per tool)
  const items = {};
  for (const [key] of [...PARTS, ["tools"]]) {
    items[key] = element("li");
    items[key].dataset.part = key;
    list.append(items[key]);
  }
  const button = element("button", "md-button");
  button.type = "button";
  button.hidden = true;
  box.append(lead, list, button);
  article.append(box);
  const info = await loadInfo(); // null: a site without tools, or offline with none stored
  let busy = false;

  function set(key, stored, label, rest) {
    items[key].dataset.stored = String(stored);
    items[key].textContent = `${label}: ${stored ? READY : rest}.`;
  }

  async function refresh() {
    const paths = await precached();
    for (const [key, label, folder] of PARTS) {
      const base = new URL(folder, SITE).pathname;
      const stored = [...paths].some((path) => path.startsWith(base));
      set(key, stored, label, "nog niet opgeslagen (dat gebeurt vanzelf, met internet)");
    }
    if (!info) {
      items.tools.hidden = true;
      return;
    }
    const missing = await missingFiles(info);
    set("tools", missing.length === 0, "De rekenhulpen", "nog niet opgeslagen");
    button.hidden = missing.length === 0 || !navigator.onLine || busy;
    button.textContent =
      `Klaarmaken voor gebruik zonder internet (ongeveer ${megabytes(wireBytes(missing))} MB;` +
      " doe dit op wifi)";
  }

  button.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    button.hidden = true;
    items.tools.textContent = "De rekenhulpen: bezig met opslaan voor gebruik zonder internet …";
    try {
      await store(info, await missingFiles(info), (done, total) => {
        items.tools.textContent =
          `De rekenhulpen: bezig met opslaan, ${done} van ${total} bestanden …`;
      });
    } catch (error) {
      console.warn("offline opslaan:", error);
      items.tools.textContent =
        "De rekenhulpen: opslaan is niet gelukt. Probeer het later opnieuw.";
      busy = false;
      button.hidden = false;
      return;
    }
    busy = false;
    refresh();
  });
  for (const event of ["online", "offline", "sitegen:offline-stored"]) {
    window.addEventListener(event, refresh);
  }
  navigator.serviceWorker?.addEventListener("controllerchange", refresh);
  navigator.serviceWorker?.ready.then(refresh);
  await refresh();
}
