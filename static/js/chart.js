/* Unit chart: positions laid out along solid reporting lines (d3.tree); every line is drawn as an
 * orthogonal connector that runs in the gaps between rows and columns, never across a box, so
 * further solid and dotted lines (a position may report to several superiors) stay readable on the
 * page and in SVG/PNG exports. Opens at a legible zoom on the top of the chart; the wheel zooms only
 * once the chart has focus; subtrees collapse; search highlights; a mini-map shows where you are. */
(function () {
  "use strict";

  var container = document.getElementById("org-chart");
  if (!container || !window.d3) return;
  var d3 = window.d3;
  var labels = container.dataset;

  var NODE_W = 180;
  var NODE_H = 66;
  var GAP_X = 36;
  var GAP_Y = 84;
  var PITCH = NODE_H + GAP_Y;
  var FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var COLORS = {
    solid: "#334e68",
    dotted: "#c65d21",
    membership: "#9fb3c8",
    nodeFill: "#ffffff",
    nodeStroke: "#0b5cad",
    externalFill: "#f0f4f8",
    externalStroke: "#829ab1",
    mentionedStroke: "#7b8794",
    rootFill: "#0b5cad",
    unitFill: "#e6f0fa",
    text: "#1f2933",
    muted: "#52606d",
    vacancy: "#a23b00",
  };
  // Offsets (from the middle of a gap) of the horizontal runs of extra lines, so parallel runs stay apart.
  var RUNS = [22, -22, 30, -30, 14, -14];

  var data, svg, content, zoom, minimap, minimapView;
  var collapsed = new Set();
  var matches = [];
  var matchIndex = -1;
  var byId = new Map();
  var parentOf = new Map(); // drawn-tree parent of every row id, collapsed or not

  function message(text) {
    container.textContent = "";
    var p = document.createElement("p");
    p.className = "chart-message";
    p.setAttribute("role", "status");
    p.textContent = text;
    container.appendChild(p);
  }

  /* The first solid superior is a node's parent in the drawn tree, unless that closes a cycle. */
  function primaryParents(nodes, edges) {
    var ids = new Set(nodes.map(function (n) { return n.id; }));
    var parent = new Map();
    edges.forEach(function (edge) {
      if (edge.kind !== "solid" || parent.has(edge.target)) return;
      if (!ids.has(edge.source) || !ids.has(edge.target)) return;
      var up = edge.source;
      var seen = new Set([edge.target]);
      while (up !== undefined && !seen.has(up)) {
        seen.add(up);
        up = parent.get(up);
      }
      if (up === undefined) parent.set(edge.target, edge.source);
    });
    return parent;
  }

  function wrap(text, perLine, lines) {
    var chars = Array.from(text);
    var out = [];
    for (var i = 0; i < chars.length && out.length < lines; i += perLine) {
      out.push(chars.slice(i, i + perLine).join(""));
    }
    if (chars.length > perLine * lines) out[lines - 1] = out[lines - 1].slice(0, -1) + "…";
    return out;
  }

  function staffingText(d) {
    var parts = [];
    if (d.headcount) parts.push(labels.labelHeadcount + " " + d.headcount);
    if (d.headcount || d.incumbents) parts.push(labels.labelIncumbents + " " + (d.incumbents || 0));
    if (d.vacancies) parts.push(labels.labelVacancies + " " + d.vacancies);
    return parts.join(" · ");
  }

  function rowsOf(data) {
    var parent = primaryParents(data.nodes, data.edges);
    var rootId = "u" + data.unit.id;
    var rows = data.units.map(function (u) {
      return Object.assign({}, u, {
        id: "u" + u.id, parentId: u.parent_id ? "u" + u.parent_id : null, title: u.name, unitId: u.id, box: true,
      });
    }).concat(data.nodes.map(function (n) {
      var up = parent.has(n.id) ? String(parent.get(n.id)) : n.external ? rootId : "u" + n.unit_id;
      return Object.assign({}, n, { id: String(n.id), parentId: up });
    }));
    rows.forEach(function (row) { byId.set(row.id, row); parentOf.set(row.id, row.parentId); });
    return { rows: rows, parent: parent };
  }

  /* Lay out the drawn tree with collapsed subtrees left out; returns the placed nodes by id. */
  function layout(rows) {
    var root = d3.stratify().id(function (d) { return d.id; }).parentId(function (d) { return d.parentId; })(rows);
    root.each(function (d) {
      d.data.hiddenCount = 0;
      d.data.hasChildren = !!d.children;
      if (d.children && collapsed.has(d.id)) {
        d.data.hiddenCount = d.descendants().length - 1;
        d.children = null;
      }
    });
    d3.tree().nodeSize([NODE_W + GAP_X, PITCH]).separation(function (a, b) {
      return a.parent === b.parent ? 1 : 1.1;
    })(root);
    return root;
  }

  /* Boxes of every row (depth), as [left, right] intervals, for finding free vertical channels. */
  function rowIntervals(placed) {
    var rows = [];
    placed.forEach(function (d) {
      (rows[d.depth] = rows[d.depth] || []).push([d.x - NODE_W / 2, d.x + NODE_W / 2]);
    });
    return rows;
  }

  function gapBelow(depth) { return depth * PITCH + NODE_H / 2 + GAP_Y / 2; }

  /* An x between boxes in every row from ``from`` to ``to`` (inclusive), nearest the two ends. */
  function channel(rows, from, to, ax, bx, shift) {
    var candidates = [];
    var span = [];
    for (var r = from; r <= to; r++) if (rows[r]) span.push(rows[r]);
    span.forEach(function (row) {
      row.forEach(function (box) { candidates.push(box[0] - GAP_X / 2 + shift, box[1] + GAP_X / 2 + shift); });
    });
    var free = function (x) {
      return span.every(function (row) {
        return row.every(function (box) { return x < box[0] - 4 || x > box[1] + 4; });
      });
    };
    var best = null;
    candidates.forEach(function (x) {
      if (!free(x)) return;
      var cost = Math.abs(x - ax) + Math.abs(x - bx);
      if (best === null || cost < best.cost) best = { x: x, cost: cost };
    });
    return best ? best.x : ax;
  }

  function elbow(s, t) {
    var sy = s.y + NODE_H / 2;
    var ty = t.y - NODE_H / 2;
    var mid = gapBelow(s.depth);
    return "M" + s.x + "," + sy + "V" + mid + "H" + t.x + "V" + ty;
  }

  /* A line that is not an edge of the drawn tree: leaves its source's bottom, runs along gaps and
   * free channels, and enters its target's top, off-centre so it never merges with the tree edges. */
  function routed(s, t, rows, k) {
    var run = RUNS[k % RUNS.length];
    var ex = s.x + NODE_W / 4;
    var nx = t.x + NODE_W / 4 + (k % 3) * 6;
    var sy = s.y + NODE_H / 2;
    var ty = t.y - NODE_H / 2;
    var y1 = gapBelow(s.depth) + run;
    if (t.depth === s.depth + 1) {
      return "M" + ex + "," + sy + "V" + y1 + "H" + nx + "V" + ty;
    }
    var y2 = gapBelow(t.depth - 1) + run;
    var from = t.depth > s.depth ? s.depth + 1 : t.depth;
    var to = t.depth > s.depth ? t.depth - 1 : s.depth;
    var cx = channel(rows, from, to, ex, nx, ((k % 3) - 1) * 5);
    return "M" + ex + "," + sy + "V" + y1 + "H" + cx + "V" + y2 + "H" + nx + "V" + ty;
  }

  function draw() {
    var transform = svg ? d3.zoomTransform(svg.node()) : null;
    var root = layout(data.rows);
    var placed = new Map(root.descendants().map(function (d) { return [d.id, d]; }));
    var rows = rowIntervals(placed);

    if (!svg) {
      container.textContent = "";
      svg = d3.select(container).append("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("role", "group")
        .attr("aria-labelledby", "chart-heading")
        .attr("font-family", FONT);
      var defs = svg.append("defs");
      [["arrow-solid", COLORS.solid], ["arrow-dotted", COLORS.dotted]].forEach(function (m) {
        defs.append("marker").attr("id", m[0]).attr("viewBox", "0 0 10 10").attr("refX", 9).attr("refY", 5)
          .attr("markerWidth", 7).attr("markerHeight", 7).attr("orient", "auto-start-reverse")
          .append("path").attr("d", "M0,0L10,5L0,10z").attr("fill", m[1]);
      });
      content = svg.append("g").attr("class", "viewport").append("g").attr("id", "chart-content");
    }
    content.selectAll("*").remove();

    var treeEdges = [];
    var extraEdges = [];
    data.edges.forEach(function (edge) {
      var s = String(edge.source);
      var t = String(edge.target);
      if (!placed.has(s) || !placed.has(t)) return;
      if (edge.kind === "solid" && data.parent.get(edge.target) === edge.source) treeEdges.push(edge);
      else extraEdges.push(edge);
    });

    var links = root.links();
    content.append("g").attr("class", "membership")
      .selectAll("path").data(links.filter(function (l) { return l.source.data.box; })).join("path")
      .attr("d", function (l) { return elbow(l.source, l.target); })
      .attr("data-source", function (l) { return l.source.id; })
      .attr("data-target", function (l) { return l.target.id; })
      .attr("fill", "none").attr("stroke", COLORS.membership).attr("stroke-width", 1.2);

    content.append("g").attr("class", "lines-solid")
      .selectAll("path").data(treeEdges).join("path")
      .attr("d", function (e) { return elbow(placed.get(String(e.source)), placed.get(String(e.target))); })
      .attr("data-source", function (e) { return e.source; })
      .attr("data-target", function (e) { return e.target; })
      .attr("fill", "none").attr("stroke", COLORS.solid).attr("stroke-width", 2)
      .attr("data-kind", "solid");

    content.append("g").attr("class", "lines-extra")
      .selectAll("path").data(extraEdges).join("path")
      .attr("d", function (e, k) { return routed(placed.get(String(e.source)), placed.get(String(e.target)), rows, k); })
      .attr("data-source", function (e) { return e.source; })
      .attr("data-target", function (e) { return e.target; })
      .attr("fill", "none")
      .attr("stroke", function (e) { return e.kind === "dotted" ? COLORS.dotted : COLORS.solid; })
      .attr("stroke-width", 2)
      .attr("stroke-dasharray", function (e) { return e.kind === "dotted" ? "7 5" : null; })
      .attr("marker-end", function (e) { return e.kind === "dotted" ? "url(#arrow-dotted)" : "url(#arrow-solid)"; })
      .attr("data-kind", function (e) { return e.kind; });

    var node = content.append("g").attr("class", "nodes")
      .selectAll("g").data(root.descendants()).join("g")
      .attr("class", function (d) {
        return "node " + (d.data.box ? "node-unit" : "node-position") +
          (d.data.box || d.data.described !== false ? "" : " node-mentioned");
      })
      .attr("data-node-id", function (d) { return d.id; })
      .attr("transform", function (d) { return "translate(" + (d.x - NODE_W / 2) + "," + (d.y - NODE_H / 2) + ")"; });

    // The link's text is its accessible name: exactly what the box shows.
    var linked = node.filter(function (d) { return !d.data.box; }).append("a")
      .attr("href", function (d) { return "/positions/" + d.data.id + "/"; });
    linked.append("rect")
      .attr("class", "box")
      .attr("width", NODE_W).attr("height", NODE_H).attr("rx", 6)
      .attr("fill", function (d) { return d.data.external ? COLORS.externalFill : COLORS.nodeFill; })
      .attr("stroke", function (d) {
        if (d.data.described === false) return COLORS.mentionedStroke;
        return d.data.external ? COLORS.externalStroke : COLORS.nodeStroke;
      })
      .attr("stroke-width", 1.5)
      .attr("stroke-dasharray", function (d) { return d.data.external || d.data.described === false ? "4 3" : null; });
    linked.each(function (d) {
      var g = d3.select(this);
      var lines = wrap(d.data.title, 11, 2);
      var top = lines.length === 1 ? 25 : 19;
      lines.forEach(function (line, i) {
        g.append("text").attr("x", NODE_W / 2).attr("y", top + i * 17).attr("text-anchor", "middle")
          .attr("font-size", 14).attr("font-weight", 600).attr("fill", COLORS.text).text(line);
      });
      var sub = d.data.external ? d.data.unit : staffingText(d.data);
      if (d.data.described === false) sub = labels.labelMentioned + (sub ? " · " + sub : "");
      if (sub) {
        g.append("text").attr("x", NODE_W / 2).attr("y", NODE_H - 9).attr("text-anchor", "middle")
          .attr("font-size", 11)
          .attr("fill", d.data.vacancies && !d.data.external ? COLORS.vacancy : COLORS.muted)
          .text(wrap(sub, 24, 1)[0]);
      }
    });

    var unitBox = node.filter(function (d) { return d.data.box; }).append("a")
      .attr("href", function (d) { return "/org/units/" + d.data.unitId + "/"; });
    unitBox.append("rect").attr("class", "box").attr("width", NODE_W).attr("height", NODE_H).attr("rx", 6)
      .attr("fill", function (d) { return d.depth === 0 ? COLORS.rootFill : COLORS.unitFill; })
      .attr("stroke", COLORS.rootFill).attr("stroke-width", 1.5);
    unitBox.each(function (d) {
      var g = d3.select(this);
      var sub = staffingText(d.data);
      g.append("text").attr("x", NODE_W / 2).attr("y", sub ? 28 : NODE_H / 2 + 5).attr("text-anchor", "middle")
        .attr("font-size", 15).attr("font-weight", 700)
        .attr("fill", d.depth === 0 ? "#ffffff" : COLORS.rootFill)
        .text(wrap(d.data.title, 10, 1)[0]);
      if (sub) {
        g.append("text").attr("x", NODE_W / 2).attr("y", NODE_H - 12).attr("text-anchor", "middle")
          .attr("font-size", 11).attr("fill", d.depth === 0 ? "#ffffff" : COLORS.text)
          .text(wrap(sub, 24, 1)[0]);
      }
    });

    // Collapse/expand buttons sit inside the box's top-right corner, so no line ever meets them.
    var toggles = node.filter(function (d) { return d.data.hasChildren; }).append("g")
      .attr("class", "toggle")
      .attr("role", "button")
      .attr("tabindex", 0)
      .attr("aria-expanded", function (d) { return collapsed.has(d.id) ? "false" : "true"; })
      .attr("aria-label", function (d) {
        return (collapsed.has(d.id) ? labels.labelExpand : labels.labelCollapse).replace("{name}", d.data.title);
      })
      .attr("transform", "translate(" + (NODE_W - 22) + ",4)");
    toggles.append("rect").attr("width", 18).attr("height", 18).attr("rx", 3)
      .attr("fill", "#ffffff").attr("stroke", COLORS.muted);
    toggles.append("text").attr("x", 9).attr("y", 14).attr("text-anchor", "middle").attr("font-size", 15)
      .attr("font-weight", 700).attr("fill", COLORS.text).attr("aria-hidden", "true")
      .text(function (d) { return collapsed.has(d.id) ? "+" : "−"; });
    toggles.filter(function (d) { return collapsed.has(d.id); }).append("text")
      .attr("class", "hidden-count").attr("x", -4).attr("y", 14).attr("text-anchor", "end").attr("font-size", 11)
      .attr("fill", COLORS.muted).attr("aria-hidden", "true")
      .text(function (d) { return "+" + d.data.hiddenCount; });
    toggles.on("click", function (event, d) { event.stopPropagation(); toggle(d.id); })
      .on("keydown", function (event, d) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          event.stopPropagation();
          toggle(d.id);
        }
      });

    applySearch(false);
    updateMinimap();
    if (transform) svg.call(zoom.transform, transform);
  }

  /* Keep the top levels open and fold every subtree that starts deeper. */
  function collapseBelow(depth) {
    collapsed.clear();
    byId.forEach(function (row) {
      var level = 0;
      for (var up = row.parentId; up; up = parentOf.get(up)) level++;
      if (row.parentId && level - 1 >= depth) collapsed.add(row.parentId);
    });
  }

  function toggle(id) {
    if (collapsed.has(id)) collapsed.delete(id); else collapsed.add(id);
    draw();
    var again = content.select('[data-node-id="' + id + '"] .toggle');
    if (!again.empty()) again.node().focus();
  }

  /* --- search --------------------------------------------------------------------------------- */

  var searchInput = document.getElementById("chart-search");
  var searchStatus = document.getElementById("chart-search-status");

  function applySearch(reveal) {
    var query = searchInput ? searchInput.value.trim().toLowerCase() : "";
    matches = [];
    if (query) {
      byId.forEach(function (row, id) {
        if (String(row.title).toLowerCase().indexOf(query) >= 0) matches.push(id);
      });
    }
    if (reveal && matches.length) {
      // A match inside a collapsed subtree opens the way down to it.
      var opened = false;
      matches.forEach(function (id) {
        var up = parentOf.get(id);
        while (up) {
          if (collapsed.delete(up)) opened = true;
          up = parentOf.get(up);
        }
      });
      if (opened) { draw(); return; }
    }
    var set = new Set(matches);
    container.classList.toggle("chart-searching", !!query);
    content.selectAll(".node").classed("match", function (d) { return set.has(d.id); });
    if (searchStatus) {
      searchStatus.textContent = query ? labels.labelMatches.replace("{n}", matches.length) : "";
    }
  }

  function centreOn(id) {
    var d = content.select('[data-node-id="' + id + '"]').datum();
    if (!d) return;
    var k = Math.max(1, d3.zoomTransform(svg.node()).k);
    var t = d3.zoomIdentity.translate(container.clientWidth / 2 - k * d.x, container.clientHeight / 2 - k * d.y).scale(k);
    svg.transition().duration(250).call(zoom.transform, t);
  }

  if (searchInput) {
    searchInput.addEventListener("input", function () {
      if (!svg) return;
      matchIndex = -1;
      applySearch(true);
      if (matches.length) { matchIndex = 0; centreOn(matches[0]); }
    });
    searchInput.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      if (!matches.length) return;
      matchIndex = (matchIndex + 1) % matches.length;
      centreOn(matches[matchIndex]);
    });
  }

  /* --- zoom, focus and the mini-map ----------------------------------------------------------- */

  function active() {
    return container.contains(document.activeElement) && document.activeElement !== document.body;
  }

  function updateMinimap() {
    if (!minimap) return;
    var box = content.node().getBBox();
    var pad = 40;
    minimap.attr("viewBox", [box.x - pad, box.y - pad, box.width + 2 * pad, box.height + 2 * pad].join(" "));
    var t = d3.zoomTransform(svg.node());
    var topLeft = t.invert([0, 0]);
    var bottomRight = t.invert([container.clientWidth, container.clientHeight]);
    minimapView.attr("x", topLeft[0]).attr("y", topLeft[1])
      .attr("width", bottomRight[0] - topLeft[0]).attr("height", bottomRight[1] - topLeft[1]);
  }

  function buildMinimap() {
    var holder = document.createElement("div");
    holder.className = "chart-minimap";
    holder.setAttribute("aria-hidden", "true");
    container.parentNode.insertBefore(holder, container.nextSibling);
    minimap = d3.select(holder).append("svg").attr("preserveAspectRatio", "xMidYMid meet");
    minimap.append("use").attr("href", "#chart-content");
    minimapView = minimap.append("rect").attr("class", "minimap-view");
    minimap.on("click", function (event) {
      var matrix = minimap.node().getScreenCTM().inverse();
      var p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
      var k = d3.zoomTransform(svg.node()).k;
      svg.transition().duration(250).call(zoom.transform,
        d3.zoomIdentity.translate(container.clientWidth / 2 - k * p.x, container.clientHeight / 2 - k * p.y).scale(k));
    });
  }

  /* Start legible: zoom 1 (0.85 on a phone), the top box centred horizontally near the top edge. */
  function home(animate) {
    var root = content.select(".node").datum();
    var k = container.clientWidth < 600 ? 0.85 : 1;
    var t = d3.zoomIdentity.translate(container.clientWidth / 2 - k * root.x, 24 + k * NODE_H / 2 - k * root.y).scale(k);
    (animate ? svg.transition().duration(300) : svg).call(zoom.transform, t);
  }

  function fit(animate) {
    var box = content.node().getBBox();
    var width = container.clientWidth;
    var height = container.clientHeight;
    var scale = Math.min(1.2, 0.92 * Math.min(width / box.width, height / box.height));
    var transform = d3.zoomIdentity
      .translate(width / 2 - scale * (box.x + box.width / 2), height / 2 - scale * (box.y + box.height / 2))
      .scale(scale);
    (animate ? svg.transition().duration(300) : svg).call(zoom.transform, transform);
  }

  function setUpZoom() {
    zoom = d3.zoom().scaleExtent([0.1, 3])
      // The wheel and touch gestures belong to the page until the chart is clicked or focused.
      .filter(function (event) {
        if (event.type === "wheel" || event.type.indexOf("touch") === 0) return active();
        return !event.ctrlKey && !event.button;
      })
      .on("zoom", function (event) {
        svg.select(".viewport").attr("transform", event.transform);
        updateMinimap();
      });
    svg.call(zoom).on("dblclick.zoom", null);
    svg.attr("tabindex", 0).attr("aria-describedby", "chart-help");
    svg.on("pointerdown.focus", function (event) {
      if (!event.target.closest || !event.target.closest("a, .toggle")) svg.node().focus({ preventScroll: true });
    });
    var figure = container.closest("figure") || container;
    container.addEventListener("focusin", function () { figure.classList.add("chart-active"); });
    container.addEventListener("focusout", function () {
      setTimeout(function () { if (!active()) figure.classList.remove("chart-active"); }, 0);
    });
    // Keyboard: arrows pan, + and - zoom, 0 returns to the start view.
    svg.on("keydown", function (event) {
      if (event.target !== svg.node()) return;
      var step = 80;
      var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      var k = d3.zoomTransform(svg.node()).k;
      if (moves[event.key]) {
        svg.call(zoom.translateBy, moves[event.key][0] / k, moves[event.key][1] / k);
      } else if (event.key === "+" || event.key === "=") {
        svg.call(zoom.scaleBy, 1.25);
      } else if (event.key === "-") {
        svg.call(zoom.scaleBy, 1 / 1.25);
      } else if (event.key === "0") {
        home(false);
      } else {
        return;
      }
      event.preventDefault();
    });
  }

  /* --- export --------------------------------------------------------------------------------- */

  /* A standalone SVG document of the whole chart as drawn, independent of the current zoom. */
  function standaloneSvg() {
    var box = content.node().getBBox();
    var pad = 20;
    var clone = svg.node().cloneNode(true);
    clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    clone.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
    clone.setAttribute("viewBox", [box.x - pad, box.y - pad, box.width + 2 * pad, box.height + 2 * pad].join(" "));
    clone.setAttribute("width", Math.ceil(box.width + 2 * pad));
    clone.setAttribute("height", Math.ceil(box.height + 2 * pad));
    ["role", "aria-labelledby", "aria-describedby", "tabindex"].forEach(function (name) { clone.removeAttribute(name); });
    clone.querySelector(".viewport").removeAttribute("transform");
    clone.querySelectorAll(".toggle").forEach(function (el) { el.remove(); });
    var background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    background.setAttribute("x", box.x - pad);
    background.setAttribute("y", box.y - pad);
    background.setAttribute("width", box.width + 2 * pad);
    background.setAttribute("height", box.height + 2 * pad);
    background.setAttribute("fill", "#ffffff");
    clone.insertBefore(background, clone.querySelector(".viewport"));
    return {
      text: '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone),
      width: box.width + 2 * pad,
      height: box.height + 2 * pad,
    };
  }

  function download(blob, extension) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = (labels.fileName || "chart") + "." + extension;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function exportSvg() {
    download(new Blob([standaloneSvg().text], { type: "image/svg+xml;charset=utf-8" }), "svg");
  }

  function exportPng() {
    var doc = standaloneSvg();
    // Keep the bitmap within what browsers will allocate for a canvas.
    var scale = Math.max(0.25, Math.min(2, 8000 / Math.max(doc.width, doc.height)));
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = Math.ceil(doc.width * scale);
      canvas.height = Math.ceil(doc.height * scale);
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) { download(blob, "png"); }, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(doc.text);
  }

  document.querySelectorAll("[data-chart-action]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!svg) return;
      switch (button.dataset.chartAction) {
        case "zoom-in": svg.transition().duration(200).call(zoom.scaleBy, 1.25); break;
        case "zoom-out": svg.transition().duration(200).call(zoom.scaleBy, 1 / 1.25); break;
        case "home": home(true); break;
        case "fit": fit(true); break;
        case "expand-all": collapsed.clear(); draw(); break;
        case "collapse-all": collapseBelow(2); draw(); break;
        case "export-svg": exportSvg(); break;
        case "export-png": exportPng(); break;
      }
    });
  });

  function render(json) {
    if (!json.nodes.length) {
      message(labels.emptyText);
      return;
    }
    var built = rowsOf(json);
    data = { rows: built.rows, edges: json.edges, parent: built.parent };
    draw();
    setUpZoom();
    buildMinimap();
    home(false);
    container.dataset.ready = "true";
  }

  fetch(labels.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(render)
    .catch(function () { message(labels.errorText); });
})();
