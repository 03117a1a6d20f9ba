// Add a row to a step's list (work packages, tables, mandates, ladder steps) on the page, without
// a save: the new rows are saved together with the rest of the step. Without JavaScript the
// step still offers one empty row after each save.
(function () {
  "use strict";
  document.querySelectorAll("[data-formset]").forEach(function (set) {
    var prefix = set.getAttribute("data-formset");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = set.querySelector("template[data-empty-row]");
    var button = set.querySelector("[data-add-row]");
    var rows = set.querySelector("[data-rows]");
    if (!total || !template || !button || !rows) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      total.value = String(index + 1);
      var field = rows.lastElementChild.querySelector("input:not([type=hidden]), textarea, select");
      if (field) field.focus();
    });
  });
})();
