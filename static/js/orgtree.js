/* Org tree: lazy-loaded subtrees and keyboard navigation (WAI-ARIA tree pattern).
 * Without JavaScript the toggles are plain links (?open=<id>) rendered by the server. */
(function () {
  "use strict";

  /* One tree per source document; each is one tab stop with its own keyboard navigation. */
  document.querySelectorAll(".org-tree[role=tree]").forEach(setUp);

  function setUp(tree) {

  function items() {
    return Array.prototype.slice.call(tree.querySelectorAll("[role=treeitem]"));
  }

  function isVisible(item) {
    var parent = item.parentElement.closest("[role=treeitem]");
    while (parent) {
      if (parent.getAttribute("aria-expanded") !== "true") return false;
      parent = parent.parentElement.closest("[role=treeitem]");
    }
    return true;
  }

  function visibleItems() {
    return items().filter(isVisible);
  }

  function parentItem(item) {
    return item.parentElement.closest("[role=treeitem]");
  }

  function firstChildItem(item) {
    var group = item.querySelector(":scope > [role=group]");
    return group ? group.querySelector(":scope > [role=treeitem]") : null;
  }

  /* Links inside the tree leave the tab order: the tree is one tab stop. */
  function prepare(root) {
    root.querySelectorAll("a").forEach(function (link) {
      link.setAttribute("tabindex", "-1");
    });
    root.querySelectorAll("[role=treeitem]").forEach(function (item) {
      if (!item.hasAttribute("tabindex")) item.setAttribute("tabindex", "-1");
    });
  }

  function focusItem(item) {
    if (!item) return;
    items().forEach(function (other) {
      other.setAttribute("tabindex", other === item ? "0" : "-1");
    });
    item.focus();
  }

  function load(item) {
    if (item.dataset.loaded === "true" || item.dataset.loading === "true") {
      return Promise.resolve();
    }
    item.dataset.loading = "true";
    item.setAttribute("aria-busy", "true");
    return fetch(item.dataset.childrenUrl, {
      headers: { "X-Requested-With": "XMLHttpRequest" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var old = item.querySelector(":scope > [role=group]");
        if (old) old.remove();
        item.insertAdjacentHTML("beforeend", html);
        var group = item.querySelector(":scope > [role=group]");
        if (group) prepare(group);
        item.dataset.loaded = "true";
      })
      .catch(function () {
        var error = document.createElement("p");
        error.className = "error";
        error.setAttribute("role", "alert");
        error.textContent = tree.dataset.errorText || "Error";
        item.appendChild(error);
        throw new Error("load failed");
      })
      .finally(function () {
        delete item.dataset.loading;
        item.removeAttribute("aria-busy");
      });
  }

  function expand(item) {
    if (!item.hasAttribute("aria-expanded")) return Promise.resolve();
    return load(item).then(function () {
      item.setAttribute("aria-expanded", "true");
    });
  }

  function collapse(item) {
    if (item.hasAttribute("aria-expanded")) item.setAttribute("aria-expanded", "false");
  }

  function toggle(item) {
    if (item.getAttribute("aria-expanded") === "true") {
      collapse(item);
      return Promise.resolve();
    }
    return expand(item);
  }

  function primaryLink(item) {
    return item.querySelector(":scope > .node-row .unit-name, :scope > .node-row .position-name");
  }

  tree.addEventListener("click", function (event) {
    var toggleLink = event.target.closest(".toggle");
    var item = event.target.closest("[role=treeitem]");
    if (!item) return;
    if (toggleLink) {
      event.preventDefault();
      toggle(item).catch(function () {});
    }
    focusItem(item);
  });

  tree.addEventListener("keydown", function (event) {
    var item = event.target.closest("[role=treeitem]");
    if (!item || event.altKey || event.ctrlKey || event.metaKey) return;
    var visible = visibleItems();
    var index = visible.indexOf(item);
    var handled = true;
    switch (event.key) {
      case "ArrowDown":
        focusItem(visible[index + 1]);
        break;
      case "ArrowUp":
        focusItem(visible[index - 1]);
        break;
      case "Home":
        focusItem(visible[0]);
        break;
      case "End":
        focusItem(visible[visible.length - 1]);
        break;
      case "ArrowRight":
        if (item.getAttribute("aria-expanded") === "false") {
          expand(item).catch(function () {});
        } else if (item.getAttribute("aria-expanded") === "true") {
          focusItem(firstChildItem(item));
        }
        break;
      case "ArrowLeft":
        if (item.getAttribute("aria-expanded") === "true") {
          collapse(item);
        } else {
          focusItem(parentItem(item));
        }
        break;
      case "Enter":
        var link = primaryLink(item);
        if (link) link.click();
        break;
      case " ":
        toggle(item).catch(function () {});
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  });

  prepare(tree);
  var start = null;
  if (location.hash) {
    try {
      start = tree.querySelector(location.hash);
    } catch (e) {
      start = null;
    }
  }
  start = start || tree.querySelector(".target, .hit-node") || tree.querySelector("[role=treeitem]");
  if (start) start.setAttribute("tabindex", "0");
  }
})();
