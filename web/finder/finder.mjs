// Page side of the Interventiewijzer (/hulpmiddelen/interventiewijzer/).
//
// A thin layer: it restores the form from the URL query, keeps the URL in step with the form
// (so a filtered view can be linked and survives a reload), asks widgets.finder (Python, in
// the shared worker) which interventions fit, and renders Python's answer as cards. It never
// filters or ranks anything itself: without Python there is no list, and the page says so
// and points to tables 1-3.
//
// State on <html data-pyodide="loading|ready|failed">; the results box
// [data-finder-state] is "waiting" | "ready" | "error" | "unavailable"; the list
// [data-finder-results] holds one card per intervention, each with data-intervention-id.

const here = new URL(import.meta.url);
const app = document.querySelector("[data-finder-app]");
const form = document.querySelector("[data-finder-form]");
const box = document.querySelector("[data-finder-state]");

if (app && form && box) {
  const { startWidgets } = await import(
    new URL("../widgets/client.mjs" + here.search, here).href
  );
  start(startWidgets);
}

function start(startWidgets) {
  const list = box.querySelector("[data-finder-results]");
  const summary = box.querySelector("[data-finder-summary]");
  const note = box.querySelector("[data-finder-message]");
  const advice = box.querySelector("[data-finder-advice]");
  const siteRoot = app.dataset.siteRoot ?? "/";
  const copyButton = form.querySelector('[data-finder-action="copy-link"]');
  const copied = form.querySelector("[data-finder-copied]");
  let latest = 0;
  let lastQuery = null; // the form's query last asked

  restoreForm(new URLSearchParams(location.search));

  const widgets = startWidgets({
    name: "finder",
    preload: ["finder"],
    onState(state) {
      for (const el of document.querySelectorAll("[data-finder-status] [data-finder-when]")) {
        el.hidden = el.dataset.finderWhen !== state;
      }
      if (state === "failed") showUnavailable();
    },
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault(); // the list follows the form live; 'Toon interventies' goes to it
    update();
    const heading = document.getElementById("resultaten");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  });
  form.addEventListener("input", () => update());
  form.addEventListener("change", () => update()); // both fire for most fields: asked once
  form.addEventListener("reset", () => setTimeout(update, 0)); // after the fields are reset
  if (copyButton && navigator.clipboard) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(location.href);
        copied.textContent = "Link gekopieerd.";
      } catch {
        copied.textContent = "Kopiëren lukte niet: kopieer het adres uit de adresbalk.";
      }
      setTimeout(() => (copied.textContent = ""), 4000);
    });
  }
  // Back/forward cache: the browser may restore this tab's form; show its list again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    lastQuery = null;
    update();
  });

  // The first question is the URL as opened, so that Python can point out a wrong parameter
  // in a link; every later question is the form.
  ask(location.search.replace(/^\?/, ""));

  function formQuery() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (String(value).trim() !== "") params.append(name, String(value).trim());
    }
    return params.toString();
  }

  function update() {
    const query = formQuery();
    if (query === lastQuery) return;
    lastQuery = query;
    const url = query ? `${location.pathname}?${query}${location.hash}` : location.pathname + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, "", url);
    }
    ask(query);
  }

  async function ask(query) {
    if (widgets.state === "failed") return;
    latest += 1;
    const mine = latest;
    let reply;
    try {
      reply = await widgets.call("finder", "find", { query });
    } catch {
      return; // Python failed: the state handler has said so
    }
    if (mine !== latest) return; // only the answer to the latest question counts
    render(reply);
  }

  function render(reply) {
    list.replaceChildren();
    advice.hidden = true;
    if (!reply.ok) {
      box.dataset.finderState = "error";
      list.dataset.count = "0";
      summary.textContent = `Controleer de keuzes: ${reply.error}`;
      note.hidden = true;
      return;
    }
    const result = reply.result;
    box.dataset.finderState = "ready";
    list.dataset.count = String(result.count);
    summary.textContent = result.summary;
    note.textContent = result.message ?? "";
    note.hidden = !result.message;
    advice.hidden = result.advice === null;
    for (const match of result.matches) list.append(card(match));
    performance.mark("finder-rendered"); // read by scripts/benchmark_finder.py
  }

  function showUnavailable() {
    box.dataset.finderState = "unavailable";
    list.replaceChildren();
    list.dataset.count = "0";
    advice.hidden = true;
    note.hidden = true;
    summary.textContent =
      "Geen lijst: de Interventiewijzer kon niet laden. Zoek de interventies in de tabellen van de richtlijn (zie de melding hierboven).";
  }

  function href(siteUrl) {
    return siteRoot + siteUrl.replace(/^\//, "");
  }

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function items(texts) {
    return el("ul", {}, ...texts.map((text) => el("li", {}, text)));
  }

  function card(match) {
    const headingId = `finder-kaart-${match.id}`;
    const badges = el(
      "p",
      { class: "finder-card__badges" },
      el("span", { class: `badge badge--${match.recognition}` }, match.recognition_label),
    );
    if (match.group === "situatie") {
      badges.append(" ", el("span", { class: "finder-tag finder-tag--situation" }, "Bedoeld voor uw situatie"));
    }
    if (match.risk_group) {
      badges.append(" ", el("span", { class: "finder-tag" }, "Specifieke risicogroep"));
    }
    const facts = el(
      "dl",
      { class: "finder-card__facts" },
      el("dt", {}, "Voor wie"),
      el("dd", {}, match.doelgroep),
      el("dt", {}, "Leeftijd"),
      el("dd", {}, `${match.age.text} `, el("span", { class: "finder-card__wording" }, `(bron: ${match.age.wording})`)),
      el("dt", {}, "Waarom in deze lijst"),
      el("dd", {}, items(match.reasons)),
    );
    if (match.caveats.length) {
      facts.append(el("dt", {}, "Let op"), el("dd", { class: "finder-card__caveats" }, items(match.caveats)));
    }
    const links = el(
      "p",
      { class: "finder-card__links" },
      el("a", { href: href(match.url) }, `Meer over ${match.name}`),
    );
    for (const row of match.tables) {
      links.append(" · ", el("a", { href: href(row.url) }, row.label));
    }
    return el(
      "li",
      {
        class: `finder-card finder-card--${match.group}`,
        "data-intervention-id": match.id,
        "data-recognition": match.recognition,
        "data-group": match.group,
      },
      el(
        "article",
        { "aria-labelledby": headingId },
        el("h3", { id: headingId, class: "finder-card__title" }, el("a", { href: href(match.url) }, match.name)),
        match.full_name !== match.name ? el("p", { class: "finder-card__full-name" }, match.full_name) : null,
        badges,
        facts,
        links,
      ),
    );
  }

  function restoreForm(params) {
    for (const field of form.elements) {
      if (!field.name) continue;
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = params.getAll(field.name).includes(field.value);
      } else if (field.tagName === "INPUT" || field.tagName === "SELECT") {
        field.value = params.get(field.name) ?? "";
      }
    }
  }
}
