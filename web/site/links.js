// Link tools on every page: 'Kopieer link' and 'Citeer' on each citable item, a filter for
// the links page, and resolution of anchors that moved (data/redirects.yml).
// Progressive enhancement: without JavaScript the anchors themselves still work.
(function () {
  "use strict";

  // The guideline's title and revision, from data/guideline.yml (overrides/main.html).
  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.content : "";
  }
  var GUIDELINE = meta("citation_title");
  var VERSION = meta("citation_publication_date");

  // The site root, derived from this script's own URL (.../assets/links.js), so the site
  // also works when it is served from a sub-folder.
  var script = document.currentScript;
  var ROOT = new URL("../", script ? script.src : location.href);

  function absolute(siteUrl) {
    return new URL(siteUrl.replace(/^\//, ""), ROOT).href;
  }

  function itemUrl(id) {
    var url = new URL(location.href);
    url.hash = id;
    url.search = "";
    return url.href;
  }

  function today() {
    return new Date().toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });
  }

  function citations(title, url) {
    var date = today();
    return {
      apa: GUIDELINE + " (versie " + VERSION + "). (" + VERSION + "). " + title +
        ". Geraadpleegd op " + date + ", van " + url,
      text: GUIDELINE + ", versie " + VERSION + ". " + title + ". " + url +
        " (geraadpleegd op " + date + ")."
    };
  }

  var status = null;
  function announce(message) {
    if (!status) {
      status = document.createElement("div");
      status.className = "link-tools__status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function copy(text, what) {
    function fallback() {
      window.prompt("Kopieer met Ctrl+C (Cmd+C op een Mac):", text);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { announce(what + " gekopieerd"); },
        fallback
      );
    } else {
      fallback();
    }
  }

  function button(label, action, extra) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "link-tools__button";
    b.textContent = label;
    b.dataset.action = action;
    if (extra) { b.setAttribute("aria-label", extra); }
    return b;
  }

  function citePanel(id, title) {
    var panel = document.createElement("div");
    panel.className = "link-tools__cite";
    panel.id = "citeer-" + id;
    panel.hidden = true;
    var texts = citations(title, itemUrl(id));
    [["APA", texts.apa], ["Platte tekst", texts.text]].forEach(function (pair) {
      var p = document.createElement("p");
      var label = document.createElement("strong");
      label.textContent = pair[0] + ": ";
      var body = document.createElement("span");
      body.className = "link-tools__citation";
      body.textContent = pair[1];
      var b = button("Kopieer", "copy-citation", "Kopieer citaat (" + pair[0] + ")");
      b.addEventListener("click", function () { copy(pair[1], "Citaat"); });
      p.append(label, body, " ", b);
      panel.appendChild(p);
    });
    return panel;
  }

  function addTools(element) {
    var id = element.id;
    var title = element.dataset.cite;
    var tools = document.createElement("span");
    tools.className = "link-tools";
    var copyButton = button("Kopieer link", "copy-link", "Kopieer link naar " + title);
    copyButton.addEventListener("click", function () { copy(itemUrl(id), "Link"); });
    var citeButton = button("Citeer", "cite", "Citeer " + title);
    citeButton.setAttribute("aria-expanded", "false");
    tools.append(copyButton, citeButton);
    var label = element.querySelector(".statement__label");
    if (label) {
      label.appendChild(tools);
    } else {
      element.insertAdjacentElement("afterend", tools);
    }
    // The panel is made on the first click: a chapter has dozens of citable items, and
    // building every panel at load cost the page its longest task (Lighthouse).
    var panel = null;
    citeButton.addEventListener("click", function () {
      if (!panel) {
        panel = citePanel(id, title);
        (label || tools).insertAdjacentElement("afterend", panel);
        citeButton.setAttribute("aria-controls", panel.id);
      }
      panel.hidden = !panel.hidden;
      citeButton.setAttribute("aria-expanded", String(!panel.hidden));
    });
  }

  // The links page lists every target with its short link (sitegen/templates/links.md.j2).
  // One listener serves every copy button, and the filter reads each row's text once: the
  // page has hundreds of rows, and a listener or a layout per row would cost a phone seconds.
  function enhanceLinksPage() {
    var list = document.querySelector("[data-links-table]");
    if (!list) { return; }
    list.addEventListener("click", function (event) {
      var b = event.target.closest(".links-copy");
      var link = b && b.previousElementSibling;
      if (link) { copy(link.href, "Korte link"); }
    });
    list.setAttribute("data-ready", "");  // shows the copy buttons (site.css)
    var filter = document.querySelector("[data-links-filter]");
    if (!filter) { return; }
    filter.hidden = false;
    var input = filter.querySelector("input");
    var count = filter.querySelector("[data-links-count]");
    var rows = Array.prototype.slice.call(list.querySelectorAll("li[data-id]"));
    var texts = rows.map(function (row) {
      return (row.dataset.id + " " + row.textContent + " " + row.dataset.url).toLowerCase();
    });
    var lists = Array.prototype.slice.call(list.querySelectorAll(".links-list"));
    var groups = Array.prototype.slice.call(list.querySelectorAll("[data-links-group]"));
    function label(n) { return n + (n === 1 ? " onderdeel" : " onderdelen"); }
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        if (row.hidden === match) { row.hidden = !match; }
        if (match) { shown += 1; }
      });
      // a kind, and a page, with nothing left to show is hidden with its heading
      lists.forEach(function (ul) {
        var empty = !ul.querySelector("li:not([hidden])");
        ul.hidden = empty;
        ul.previousElementSibling.hidden = empty;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("li:not([hidden])");
      });
      count.textContent = words.length ? label(shown) + " van " + rows.length : label(rows.length);
    }
    input.addEventListener("input", apply);
    if (input.value) { apply(); } else { count.textContent = label(rows.length); }
  }

  // An anchor that no longer exists on this page may have moved: look it up once.
  function followMovedAnchor() {
    var id = decodeURIComponent(location.hash.slice(1));
    // A fragment with '=' holds a tool's choices (#leeftijd-jaren=3), never an anchor.
    if (!id || id.indexOf("=") !== -1 || document.getElementById(id)) { return; }
    fetch(new URL("redirects.json", ROOT)).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      var target = data && data.moved && data.moved[id];
      if (target) { location.replace(absolute(target)); }
    }).catch(function () { /* the page still works without it */ });
  }

  function init() {
    document.querySelectorAll("[data-cite][id]").forEach(addTools);
    enhanceLinksPage();
    followMovedAnchor();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  window.addEventListener("hashchange", followMovedAnchor);
})();
