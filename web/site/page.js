// Every page: keyboard access to the navigation drawer, the date of printing, and print
// buttons on hand-outs. Progressive enhancement: without JavaScript every page still reads
// and prints (the drawer then opens by pointer only, as the theme has it, and the date of
// printing stays a line to fill in by hand).
(function () {
  "use strict";

  // mkdocs-material opens its navigation drawer (narrow screens, and desktop zoom from about
  // 160 %) with a <label for="__drawer">, which the keyboard cannot reach; ARIA allows neither
  // a role nor aria-label on a <label>. A real button takes its place and toggles the same
  // checkbox, whose change the theme listens to.
  function drawerButton() {
    var label = document.querySelector('label.md-header__button[for="__drawer"]');
    var toggle = document.getElementById("__drawer");
    if (!label || !toggle) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " md-header__button--drawer";
    button.innerHTML = label.innerHTML;
    button.setAttribute("aria-label", "Navigatie");
    button.setAttribute("aria-expanded", String(toggle.checked));
    button.setAttribute("aria-controls", "__drawer-nav");
    var nav = document.querySelector(".md-sidebar--primary");
    if (nav && !nav.id) { nav.id = "__drawer-nav"; }
    button.addEventListener("click", function () { toggle.click(); });
    toggle.addEventListener("change", function () {
      button.setAttribute("aria-expanded", String(toggle.checked));
    });
    label.replaceWith(button);
  }

  // Printed pages (every page, the werkkaarten, the whole guideline) carry the date of
  // printing: filled now and again just before printing.
  function printDates() {
    var today = new Date().toLocaleDateString("nl-NL", {
      day: "numeric", month: "long", year: "numeric"
    });
    document.querySelectorAll("[data-print-date]").forEach(function (element) {
      element.textContent = today;
    });
  }

  // Short links printed on a hand-out: the full address, as the reader's browser sees the
  // site (the build does not know the host it is published on).
  function fullShortLinks() {
    document.querySelectorAll("[data-full-url]").forEach(function (element) {
      var link = element.closest("a[href]") || element.querySelector("a[href]");
      if (link) { element.textContent = link.href; }
    });
  }

  function printButtons() {
    document.querySelectorAll("[data-print-button]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function init() {
    drawerButton();
    printDates();
    fullShortLinks();
    printButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  window.addEventListener("beforeprint", printDates);
})();
