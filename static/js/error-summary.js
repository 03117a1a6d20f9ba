// The error summary (templates/nlds/error_summary.html): focused when the page loads, so a
// screen reader reads it first and a keyboard user starts there; following one of its links
// moves the focus to the field itself (a link to an id only scrolls), with its label in view.
(function () {
  "use strict";

  function labelOf(control) {
    var fieldset = control.closest("fieldset");
    if ((control.type === "radio" || control.type === "checkbox") && fieldset) {
      var legend = fieldset.querySelector("legend");
      if (legend) return legend;
    }
    return (control.id && document.querySelector('label[for="' + CSS.escape(control.id) + '"]')) || control;
  }

  function start() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary || summary.hasAttribute("data-ready")) return;
    summary.setAttribute("data-ready", "");
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) return;
      var control = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!control) return;
      event.preventDefault();
      var details = control.closest("details");
      if (details) details.open = true;
      labelOf(control).scrollIntoView({ block: "start" });
      control.focus({ preventScroll: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
