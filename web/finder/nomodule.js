// Browsers without JavaScript modules cannot run the Interventiewijzer (Pyodide needs them):
// show the failure message with the links to tables 1-3. Plain ES5 on purpose.
(function () {
  document.documentElement.setAttribute("data-pyodide", "failed");
  var states = document.querySelectorAll("[data-finder-when]");
  for (var i = 0; i < states.length; i++) {
    if (states[i].getAttribute("data-finder-when") === "failed") {
      states[i].removeAttribute("hidden");
    } else {
      states[i].setAttribute("hidden", "");
    }
  }
  var summary = document.querySelector("[data-finder-summary]");
  if (summary) {
    summary.textContent = "Geen lijst: de Interventiewijzer kan in deze browser niet laden. " +
      "Zoek de interventies in de tabellen van de richtlijn (zie de melding hierboven).";
  }
})();
