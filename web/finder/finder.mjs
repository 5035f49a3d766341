// Page side of the Interventiewijzer (/hulpmiddelen/interventiewijzer/).
//
// A thin layer: it restores the form from the URL fragment (#leeftijd-jaren=3&situatie=...),
// keeps the fragment in step with the form (so a filtered view can be linked and survives a
// reload, while the choices never reach the server), asks widgets.finder (Python, in the
// shared worker) which interventions fit, and shows Python's answer by filling copies of the
// page's <template>s (text with textContent, links with setAttribute; never HTML). It never
// filters, ranks or words anything itself: without Python there is no list, and the page
// says so and points to the tables.
//
// An old link with the state in the query (?leeftijd-jaren=3) is restored as well, and
// rewritten to the fragment at once (history.replaceState).
//
// One reading of a link: Python's. A state from a link (opened, or the fragment changed) is
// put into the form as it is, then replaced by the state as Python read it (`result.state`:
// `leeftijd-jaren=+3` becomes 3 in the field, `prenataal=JA` a ticked box), so the form
// never shows other choices than the answer is for. The age fields are text fields: what
// was typed reaches Python as it is, and Python says in Dutch what it cannot read ('3e').
//
// State on <html data-pyodide="loading|ready|failed">; the results box [data-finder-state]
// is "waiting" | "ready" | "error" | "unavailable"; the lists [data-finder-list="1|2"] hold
// one card per intervention, each with data-intervention-id and data-tier: a compact first
// view (Python's `glance`) and, one tap deeper in a native <details>, the source's words.
// On a phone a bar under the form keeps the counts in view and leads to the list;
// 'Kopieer samenvatting' copies the plain text Python writes for a dossier.

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

// The form's field names: a fragment or query holding one of them is the finder's state.
function fieldNames() {
  return new Set([...form.elements].map((field) => field.name).filter(Boolean));
}

function isState(text) {
  const names = fieldNames();
  return [...new URLSearchParams(text).keys()].some((name) => names.has(name));
}

function start(startWidgets) {
  const lists = {
    1: box.querySelector('[data-finder-list="1"]'),
    2: box.querySelector('[data-finder-list="2"]'),
  };
  const empty = {
    1: box.querySelector('[data-finder-empty="1"]'),
    2: box.querySelector('[data-finder-empty="2"]'),
  };
  const summary = box.querySelector("[data-finder-summary]");
  const messages = box.querySelector("[data-finder-messages]");
  const pageNotes = box.querySelector("[data-finder-notes]");
  const advice = box.querySelector("[data-finder-advice]");
  const siteRoot = app.dataset.siteRoot ?? "/";
  const copyButton = form.querySelector('[data-finder-action="copy-link"]');
  const copied = form.querySelector("[data-finder-copied]");
  const jump = app.querySelector("[data-finder-jump]");
  const copySummaryBox = box.querySelector("[data-finder-copy]");
  const summaryCopied = box.querySelector("[data-finder-summary-copied]");
  const setUrl = history.replaceState.bind(history); // this page's own changes of the address
  let latest = 0;
  let lastQuery = null; // the form's state last asked

  const initial = initialState();
  restoreForm(new URLSearchParams(initial));
  keepStateInFragment();

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

  // 'Toon interventies' and the bar under the form: to the answer, its heading at the top of
  // the screen and focused (so the list's first card is in view on a phone).
  function goToResults() {
    const heading = document.getElementById("resultaten");
    if (!heading) return;
    heading.tabIndex = -1;
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault(); // the list follows the form live; 'Toon interventies' goes to it
    update();
    goToResults();
  });
  jump?.querySelector("button")?.addEventListener("click", goToResults);
  const copySummaryButton = copySummaryBox?.querySelector("button");
  if (copySummaryButton && navigator.clipboard) {
    copySummaryButton.addEventListener("click", () => copySummary());
  }
  form.addEventListener("input", () => update());
  form.addEventListener("change", () => update()); // both fire for most fields: asked once
  form.addEventListener("reset", () => setTimeout(update, 0)); // after the fields are reset
  if (copyButton && navigator.clipboard) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(stateUrl(formQuery()).href);
        copied.textContent = "Link gekopieerd.";
      } catch {
        copied.textContent = "Kopiëren lukte niet: kopieer het adres uit de adresbalk.";
      }
      setTimeout(() => (copied.textContent = ""), 4000);
    });
  }
  // A link to this page with other choices, or the fragment edited by hand.
  window.addEventListener("hashchange", () => {
    const state = location.hash.replace(/^#/, "");
    if (!isState(state)) {
      // a link to a heading of this page (the table of contents): the browser has scrolled
      // there; the address keeps the choices, so a reload or a copied address still has them
      if (lastQuery) setUrl(history.state, "", stateUrl(lastQuery));
      return;
    }
    if (state === lastQuery) return;
    restoreForm(new URLSearchParams(state));
    lastQuery = state;
    ask(state, true);
  });
  // Back/forward cache: the browser may restore this tab's form; show its list again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    lastQuery = null;
    update();
  });

  // The first question is the state as opened, so that Python can point out a wrong or
  // repeated parameter in a link; every later question is the form.
  lastQuery = initial;
  ask(initial, true);

  // The state of the link as opened: the fragment, or the query of an old link (then moved
  // to the fragment, so that it is not sent to the server again on a reload).
  function initialState() {
    const query = location.search.replace(/^\?/, "");
    if (isState(query)) {
      const anchor = location.hash.replace(/^#/, "");
      setUrl(history.state, "", stateUrl(query));
      if (anchor && !isState(anchor)) {
        document.getElementById(anchor)?.scrollIntoView();
      }
      return query;
    }
    const fragment = location.hash.replace(/^#/, "");
    return isState(fragment) ? fragment : "";
  }

  function stateUrl(query) {
    const url = new URL(location.href);
    url.search = "";
    url.hash = query;
    return url;
  }

  // The theme's navigation.tracking writes the heading in view into the fragment while the
  // page scrolls. On this page the fragment holds the choices: while it does, the theme's
  // heading does not replace them (its scrolling and table of contents are not affected).
  // The choices kept are those in the address now, so a link just opened is never undone.
  function keepStateInFragment() {
    history.replaceState = (data, unused, url) => {
      const current = location.hash.replace(/^#/, "");
      if (url !== undefined && url !== null && isState(current)) {
        const next = new URL(url, location.href);
        if (!isState(next.hash.replace(/^#/, ""))) {
          next.hash = current;
          url = next.href;
        }
      }
      setUrl(data, unused, url);
    };
  }

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
    const url = stateUrl(query);
    if (url.href !== location.href) setUrl(history.state, "", url);
    ask(query);
  }

  // `fromLink`: the state came from the address, not from the form (see adoptState).
  async function ask(query, fromLink = false) {
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
    if (fromLink && query && reply.ok) adoptState(reply.result.state);
    render(reply, query);
  }

  // 'Kopieer samenvatting': Python's text for the choices in the address, with whole
  // addresses under the site's root as this browser sees it.
  async function copySummary() {
    const root = new URL(siteRoot, location.href).href;
    let text = null;
    try {
      const reply = await widgets.call("finder", "summary", { query: lastQuery ?? "", base: root });
      if (reply.ok) text = reply.result.text;
      else summaryCopied.textContent = `Geen samenvatting: ${reply.error}`;
    } catch {
      summaryCopied.textContent = "Geen samenvatting: de wijzer is niet beschikbaar.";
    }
    if (text === null) return;
    try {
      await navigator.clipboard.writeText(text);
      summaryCopied.textContent = "Samenvatting gekopieerd: plak haar in het dossier of de brief.";
    } catch {
      summaryCopied.textContent = "Kopiëren lukte niet in deze browser.";
    }
    setTimeout(() => (summaryCopied.textContent = ""), 6000);
  }

  // The form and the address take the state as Python read it (nothing is read here).
  function adoptState(state) {
    if (typeof state !== "string") return;
    restoreForm(new URLSearchParams(state));
    lastQuery = state;
    const url = stateUrl(state);
    if (url.href !== location.href) setUrl(history.state, "", url);
  }

  function clearResults() {
    for (const tier of [1, 2]) {
      lists[tier].replaceChildren();
      lists[tier].dataset.count = "0";
      empty[tier].hidden = true;
    }
    for (const el of box.querySelectorAll("[data-finder-group], [data-finder-statement]")) {
      el.hidden = true;
    }
    messages.replaceChildren();
    messages.hidden = true;
    pageNotes.replaceChildren();
    advice.hidden = true;
    if (jump) jump.hidden = true;
    if (copySummaryBox) copySummaryBox.hidden = true;
  }

  function render(reply, query) {
    clearResults();
    if (!reply.ok) {
      box.dataset.finderState = "error";
      summary.textContent = `Controleer de keuzes: ${reply.error}`;
      return;
    }
    const result = reply.result;
    box.dataset.finderState = "ready";
    summary.textContent = result.summary;
    for (const text of result.messages) {
      const item = clone("message");
      slot(item, "message").textContent = text;
      messages.append(item);
    }
    messages.hidden = result.messages.length === 0;
    for (const el of box.querySelectorAll("[data-finder-group]")) {
      el.hidden = el.dataset.finderGroup !== result.group;
    }
    for (const el of box.querySelectorAll("[data-finder-statement]")) {
      el.hidden = !result.statements.includes(el.dataset.finderStatement);
    }
    for (const note of result.notes) pageNotes.append(noteBox(note));
    advice.hidden = result.advice === null;
    for (const tier of [1, 2]) {
      const cards = result[`tier${tier}`];
      for (const match of cards) lists[tier].append(card(match));
      lists[tier].dataset.count = String(cards.length);
    }
    empty[1].textContent = result.tier1_empty ?? "";
    empty[1].hidden = result.tier1.length > 0 || !result.tier1_empty;
    empty[2].hidden = result.tier2.length > 0;
    if (jump) {
      for (const tier of [1, 2]) {
        jump.querySelector(`[data-finder-count="${tier}"]`).textContent = String(
          result[`tier${tier}`].length,
        );
      }
      // Once a choice is made: before that its counts say nothing, and the bar would stand
      // over the form's first fields as the page opens on a phone.
      jump.hidden = query === "";
    }
    if (copySummaryBox) copySummaryBox.hidden = !navigator.clipboard;
    performance.mark("finder-rendered"); // read by scripts/benchmark_boot.py
  }

  function showUnavailable() {
    clearResults();
    box.dataset.finderState = "unavailable";
    summary.textContent =
      "Geen lijst: de Interventiewijzer kon niet laden. Zoek de interventies in de tabellen van de richtlijn (zie de melding hierboven).";
  }

  function href(siteUrl) {
    return siteRoot + siteUrl.replace(/^\//, "");
  }

  function clone(name) {
    const template = document.querySelector(`template[data-finder-template="${name}"]`);
    return template.content.firstElementChild.cloneNode(true);
  }

  function slot(node, name) {
    return node.querySelector(`[data-slot="${name}"]`) ?? node;
  }

  function refLinks(container, refs) {
    refs.forEach((ref, index) => {
      if (index > 0) container.append(", ");
      const link = clone("ref");
      link.setAttribute("href", href(ref.url));
      link.textContent = ref.label;
      container.append(link);
    });
    if (refs.length) {
      container.prepend("(");
      container.append(")");
    }
  }

  function noteBox(note) {
    const box = clone("note");
    slot(box, "title").textContent = note.title;
    slot(box, "text").textContent = note.text;
    if (note.url) {
      slot(box, "more-link").setAttribute("href", href(note.url));
    } else {
      slot(box, "more").remove();
    }
    return box;
  }

  function line(data) {
    const item = clone("line");
    slot(item, "label").textContent = data.label;
    const quote = slot(item, "quote");
    if (data.quote === null) quote.remove();
    else quote.textContent = data.quote;
    slot(item, "text").textContent = data.text ?? "";
    refLinks(slot(item, "refs"), data.refs);
    return item;
  }

  function card(match) {
    const item = clone("card");
    const headingId = `finder-kaart-${match.id}`;
    item.dataset.interventionId = match.id;
    item.dataset.tier = String(match.tier);
    item.dataset.level = match.level.id;
    if (match.reason) item.dataset.reason = match.reason.id;
    const heading = item.querySelector("h4");
    heading.id = headingId;
    item.querySelector("article").setAttribute("aria-labelledby", headingId);
    const name = slot(item, "name");
    name.setAttribute("href", href(match.url));
    name.textContent = match.name;
    const fullName = slot(item, "full-name");
    if (match.full_name !== match.name) fullName.textContent = match.full_name;
    else fullName.remove();
    slot(item, "age").textContent = match.glance.age;
    const formFact = slot(item, "form-fact");
    if (match.glance.form) slot(item, "form").textContent = match.glance.form;
    else formFact.remove();
    slot(item, "fit").textContent = match.glance.fit;
    slot(item, "recognition").textContent = match.recognition;
    const kjp = slot(item, "kjp");
    if (match.kjp) kjp.textContent = `KJP: ${match.kjp}`;
    else kjp.remove();
    const reason = slot(item, "reason");
    if (match.reason) {
      slot(reason, "reason-label").textContent = match.reason.label;
      slot(reason, "reason-text").textContent = match.reason.text ?? "";
      refLinks(slot(reason, "reason-refs"), match.reason.refs);
    } else {
      reason.remove();
    }
    slot(item, "doelgroep").textContent = match.doelgroep;
    slot(item, "why").append(...match.why.map(line));
    // issue 17: the sentences about its target group that leave this child out, and who
    // indicates a treatment (both from Python; a card without them drops the box)
    if (match.narrower?.length) slot(item, "narrower").append(...match.narrower.map(line));
    else slot(item, "narrower-box").remove();
    if (match.indication) {
      slot(item, "indication-title").textContent = match.indication.title;
      slot(item, "indication").append(...match.indication.lines.map(line));
    } else {
      slot(item, "indication-box").remove();
    }
    slot(item, "notes").append(...match.notes.map(noteBox));
    const links = slot(item, "links");
    match.links.forEach((ref, index) => {
      if (index > 0) links.append(" · ");
      const link = clone("ref");
      link.setAttribute("href", href(ref.url));
      link.textContent = ref.label;
      links.append(link);
    });
    links.append(" · ");
    const page = clone("ref");
    page.setAttribute("href", href(match.url));
    page.textContent = `Meer over ${match.name}`;
    links.append(page);
    return item;
  }

  function restoreForm(params) {
    const more = form.querySelector("[data-finder-more]");
    for (const field of form.elements) {
      if (!field.name) continue;
      const values = params.getAll(field.name);
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = values.includes(field.value);
      } else if (field.tagName === "INPUT" || field.tagName === "SELECT") {
        // A repeated single-value parameter is refused by Python (its message says so);
        // the form does not guess which value was meant.
        field.value = values.length === 1 ? values[0] : "";
      }
    }
    // a folded situation that is chosen is shown: never a choice out of sight
    if (more?.querySelector("input:checked")) more.open = true;
  }
}
