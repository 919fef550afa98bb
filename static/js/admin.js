// Select2 (the admin's autocomplete boxes) names its combobox and textbox after the selected text, so an
// empty box has no accessible name. Give both the label of the select they stand for.
(function () {
  "use strict";

  function labelOf(select) {
    if (select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    return select.labels && select.labels.length ? select.labels[0].textContent.replace(/[:：]\s*$/, "").trim() : "";
  }

  function nameBoxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling;
      var label = labelOf(select);
      if (!label || !box || !box.classList.contains("select2")) {
        return;
      }
      box.querySelectorAll("[role=combobox], [role=textbox]").forEach(function (element) {
        element.setAttribute("aria-label", label);
      });
    });
  }

  // After the admin's own handlers have turned the selects into select2 boxes.
  window.addEventListener("load", function () {
    nameBoxes(document);
  });
  document.addEventListener("formset:added", function (event) {
    window.setTimeout(function () {
      nameBoxes(event.target);
    });
  });
})();
