// Import review: HR sets each line's role with the keyboard (or the legend's buttons); every
// correction is sent as a hint to the review endpoint, which parses the document again and
// returns each line's role and the tree it builds. Nothing is written until the form is confirmed.
(function () {
  "use strict";

  const root = document.getElementById("import-review");
  const labelsNode = document.getElementById("review-labels");
  if (!root || !labelsNode) return;
  const labels = JSON.parse(labelsNode.textContent);
  const list = document.getElementById("review-lines");
  const tree = document.getElementById("review-tree");
  const status = document.getElementById("review-status");
  const form = document.getElementById("review-confirm");
  const hintsInput = document.getElementById("review-hints");
  const hints = JSON.parse(hintsInput.value || "{}");
  const byKey = {};
  Object.entries(labels.keys).forEach(([role, key]) => { byKey[key] = role; });
  const unitLevels = ["unit:1", "unit:2", "unit:3"];
  let sequence = 0;

  function options() {
    return Array.from(list.querySelectorAll("[role=option]"));
  }

  function current() {
    return list.querySelector("[role=option][aria-selected=true]") || options()[0];
  }

  function select(option, focus) {
    if (!option) return;
    options().forEach((other) => {
      other.setAttribute("aria-selected", other === option ? "true" : "false");
      other.tabIndex = other === option ? 0 : -1;
    });
    if (focus !== false) option.focus();
    option.scrollIntoView({ block: "nearest" });
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, name) => String(values[name]));
  }

  function say(text) {
    status.textContent = text;
  }

  function setHint(option, role) {
    const line = option.dataset.line;
    if (role) {
      hints[line] = role;
    } else {
      delete hints[line];
    }
    hintsInput.value = JSON.stringify(hints);
    option.dataset.hint = role;
    option.classList.toggle("is-corrected", Boolean(role));
    option.querySelector(".line-corrected").textContent = role ? labels.corrected : "";
    say(role ? format(labels.set, { n: line, role: labels.hints[role] }) : format(labels.cleared, { n: line }));
    reparse(line);
  }

  function reparse(line) {
    const mine = ++sequence;
    const body = new FormData(form);
    body.set("hints", hintsInput.value);
    root.setAttribute("aria-busy", "true");
    fetch(root.dataset.reviewUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then((data) => {
        if (mine !== sequence) return; // a later correction is on its way
        showLines(data.lines);
        showTree(data.tree);
        showSummary(data.summary);
        root.setAttribute("aria-busy", "false");
        root.dataset.revision = String(mine);
        const row = data.lines.find((entry) => String(entry.n) === String(line));
        if (row) {
          say(status.textContent + " " + row.label + " · " + format(labels.counts, data.summary));
        }
      })
      .catch(() => {
        if (mine !== sequence) return;
        root.setAttribute("aria-busy", "false");
        say(labels.failed);
      });
  }

  function text(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function showLines(lines) {
    const byLine = {};
    options().forEach((option) => { byLine[option.dataset.line] = option; });
    lines.forEach((entry) => {
      const option = byLine[String(entry.n)];
      if (!option) return;
      option.classList.remove("role-" + option.dataset.role);
      option.classList.add("role-" + entry.role);
      option.dataset.role = entry.role;
      option.dataset.hint = entry.hint;
      option.classList.toggle("is-corrected", Boolean(entry.hint));
      option.classList.toggle("has-warnings", entry.warnings.length > 0);
      option.querySelector(".line-role").textContent = entry.label;
      option.querySelector(".line-corrected").textContent = entry.hint ? labels.corrected : "";
      const warnings = option.querySelector(".line-warnings");
      warnings.replaceChildren(...entry.warnings.map((w) => text("span", "line-warning", w)));
    });
  }

  function showTree(rows) {
    tree.replaceChildren(
      ...rows.map((row) => {
        const item = text("li", "tree-row tree-" + row.kind + " depth-" + row.depth);
        item.append(text("span", "tree-label", row.label), " ");
        item.append(text("span", "tree-line", "(" + format(labels.line, { n: row.line }) + ")"));
        if (row.detail) item.append(" ", text("span", "tree-detail", row.detail));
        if (row.items.length) {
          const items = text("ol", "tree-items");
          row.items.forEach((entry) => items.append(text("li", "", entry)));
          item.append(items);
        }
        return item;
      })
    );
  }

  function showSummary(data) {
    document.querySelectorAll("[data-count]").forEach((node) => {
      if (node.dataset.count in data) node.textContent = String(data[node.dataset.count]);
    });
    const warnings = document.getElementById("review-warnings");
    if (warnings) {
      warnings.replaceChildren(...data.warnings.map((w) => text("p", "errornote", w)));
    }
  }

  function roleFor(key, option) {
    if (key === "u" && unitLevels.includes(option.dataset.hint)) {
      // U again: the next level down (1 → 2 → 3 → 1).
      return unitLevels[(unitLevels.indexOf(option.dataset.hint) + 1) % unitLevels.length];
    }
    return byKey[key];
  }

  list.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const all = options();
    const option = current();
    const index = all.indexOf(option);
    const moves = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: all.length - 1,
      PageDown: index + 10,
      PageUp: index - 10,
    };
    if (event.key in moves) {
      event.preventDefault();
      select(all[Math.max(0, Math.min(all.length - 1, moves[event.key]))]);
      return;
    }
    if (event.key === "Delete" || event.key === "Backspace" || event.key.toLowerCase() === "x") {
      event.preventDefault();
      if (option.dataset.hint) setHint(option, "");
      return;
    }
    const role = roleFor(event.key.toLowerCase(), option);
    if (role) {
      event.preventDefault();
      setHint(option, role);
    }
  });

  list.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) select(option);
  });

  root.querySelectorAll(".review-key").forEach((button) => {
    button.addEventListener("click", () => {
      const option = current();
      const role = button.dataset.hint ? roleFor(button.getAttribute("aria-keyshortcuts"), option) : "";
      if (role || option.dataset.hint) setHint(option, role);
      select(option);
    });
  });
})();
