// Select2 (the admin's autocomplete boxes) names its combobox and textbox after the selected text, so an
// empty box has no accessible name. Give both the label of the select they stand for, as soon as select2
// inserts them (its initialisation runs in later tasks than DOMContentLoaded, and again for new inline rows).
(function () {
  "use strict";

  function labelOf(select) {
    if (select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    return select.labels && select.labels.length ? select.labels[0].textContent.replace(/[:：]\s*$/, "").trim() : "";
  }

  function nameBox(box) {
    var select = box.previousElementSibling;
    if (!select || !select.matches("select.admin-autocomplete")) {
      return;
    }
    var label = labelOf(select);
    if (label) {
      box.querySelectorAll("[role=combobox], [role=textbox]").forEach(function (element) {
        element.setAttribute("aria-label", label);
      });
    }
  }

  function nameBoxesIn(root) {
    if (root.nodeType !== Node.ELEMENT_NODE) {
      return;
    }
    // select2 inserts its outer box first and the combobox into it afterwards.
    var box = root.closest("span.select2");
    if (box) {
      nameBox(box);
    }
    root.querySelectorAll("span.select2").forEach(nameBox);
  }

  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(nameBoxesIn);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () {
    nameBoxesIn(document.documentElement);
  });
})();
