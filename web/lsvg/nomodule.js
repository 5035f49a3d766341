// Browsers without JavaScript modules cannot run the LSVG calculator (Pyodide needs them):
// show the failure message with the paper version. Plain ES5 on purpose.
(function () {
  var root = document.documentElement;
  root.setAttribute("data-pyodide", "failed");
  var states = document.querySelectorAll("[data-lsvg-when]");
  for (var i = 0; i < states.length; i++) {
    var when = states[i].getAttribute("data-lsvg-when");
    if (when === "failed" || when === "unavailable") {
      states[i].removeAttribute("hidden");
    } else {
      states[i].setAttribute("hidden", "");
    }
  }
  // Links open in the same tab here (lsvg.mjs sets them to open beside the page).
  var newTab = document.querySelectorAll("[data-lsvg-new-tab]");
  for (var k = 0; k < newTab.length; k++) newTab[k].setAttribute("hidden", "");
  var buttons = document.querySelectorAll("[data-lsvg-action]");
  for (var j = 0; j < buttons.length; j++) {
    if (buttons[j].getAttribute("data-lsvg-action") === "print-paper") {
      buttons[j].onclick = function () { window.print(); };
    }
    if (buttons[j].getAttribute("data-lsvg-action") === "clear") {
      buttons[j].onclick = function () {
        var form = document.querySelector("[data-lsvg-form]");
        if (form && window.confirm("Alle antwoorden en notities wissen?")) form.reset();
      };
    }
    if (buttons[j].getAttribute("data-lsvg-action") === "print") {
      buttons[j].setAttribute("hidden", "");
    }
  }
})();
