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

// Duties on the position (and unit) change page: reorder by dragging a row's handle, or with its
// "move up"/"move down" buttons from the keyboard, instead of typing numbers. The order fields become
// read-only and are renumbered 1..n within each kind (category) in the rows' order on the page.
(function () {
  "use strict";

  var t = typeof window.gettext === "function" ? window.gettext : function (text) { return text; };
  var GROUPS = "#duties-group, #functions-group";

  function rows(group) {
    return Array.prototype.filter.call(group.querySelectorAll("tbody tr.form-row"), function (row) {
      return !row.classList.contains("empty-form");
    });
  }

  function field(row, name) {
    return row.querySelector("[name$='-" + name + "']");
  }

  function renumber(group) {
    var counters = {};
    rows(group).forEach(function (row) {
      var kind = field(row, "kind");
      var order = field(row, "order");
      var deleted = field(row, "DELETE");
      var text = field(row, "text");
      if (!kind || !order || (deleted && deleted.checked)) {
        return;
      }
      if (!row.classList.contains("has_original") && text && !text.value.trim()) {
        return; // an empty extra row is not saved
      }
      counters[kind.value] = (counters[kind.value] || 0) + 1;
      order.value = counters[kind.value];
    });
  }

  function move(group, row, offset) {
    var all = rows(group);
    var index = all.indexOf(row) + offset;
    if (index < 0 || index >= all.length) {
      return;
    }
    var other = all[index];
    other.parentNode.insertBefore(row, offset < 0 ? other : other.nextSibling);
    renumber(group);
  }

  function button(className, label, text) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.setAttribute("aria-label", label);
    element.title = label;
    element.textContent = text;
    return element;
  }

  function enhance(group, row) {
    if (row.querySelector(".duty-move")) {
      return;
    }
    var order = field(row, "order");
    if (order) {
      order.readOnly = true;
      order.classList.add("duty-order");
    }
    var cell = row.querySelector("td.original") || row.firstElementChild;
    var tools = document.createElement("span");
    tools.className = "duty-move";
    var handle = button("duty-handle", t("拖动以调整顺序"), "⠿");
    var up = button("duty-up", t("上移"), "↑");
    var down = button("duty-down", t("下移"), "↓");
    tools.append(handle, up, down);
    cell.prepend(tools);
    up.addEventListener("click", function () { move(group, row, -1); up.focus(); });
    down.addEventListener("click", function () { move(group, row, 1); down.focus(); });
    handle.addEventListener("mousedown", function () { row.draggable = true; });
    row.addEventListener("dragstart", function (event) {
      row.classList.add("duty-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
    });
    row.addEventListener("dragend", function () {
      row.draggable = false;
      row.classList.remove("duty-dragging");
      renumber(group);
    });
    row.addEventListener("dragover", function (event) {
      var dragged = group.querySelector(".duty-dragging");
      if (!dragged || dragged === row) {
        return;
      }
      event.preventDefault();
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", function (event) { event.preventDefault(); });
    var kind = field(row, "kind");
    if (kind) {
      kind.addEventListener("change", function () { renumber(group); });
    }
    var text = field(row, "text");
    if (text) {
      text.addEventListener("input", function () { renumber(group); });
    }
    var deleted = field(row, "DELETE");
    if (deleted) {
      deleted.addEventListener("change", function () { renumber(group); });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(GROUPS).forEach(function (group) {
      group.classList.add("duty-sortable");
      rows(group).forEach(function (row) { enhance(group, row); });
    });
  });
  document.addEventListener("formset:added", function (event) {
    var group = event.target.closest(GROUPS);
    if (group) {
      enhance(group, event.target);
    }
  });
})();
