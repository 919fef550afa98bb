/* Unit chart: positions laid out along solid reporting lines (d3.tree), with
 * further solid and dotted lines drawn as extra edges, since a position may
 * report to several superiors. Zoom/pan with d3-zoom; export as SVG or PNG. */
(function () {
  "use strict";

  var container = document.getElementById("org-chart");
  if (!container || !window.d3) return;
  var d3 = window.d3;

  var NODE_W = 168;
  var NODE_H = 58;
  var GAP_X = 28;
  var GAP_Y = 70;
  var FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var COLORS = {
    solid: "#334e68",
    dotted: "#c65d21",
    membership: "#bcccdc",
    nodeFill: "#ffffff",
    nodeStroke: "#0b5cad",
    externalFill: "#f0f4f8",
    externalStroke: "#829ab1",
    rootFill: "#0b5cad",
    unitFill: "#e6f0fa",
    text: "#1f2933",
    muted: "#52606d",
  };

  var svg, viewport, zoom;

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
    var byId = new Map(nodes.map(function (n) { return [n.id, n]; }));
    var parent = new Map();
    edges.forEach(function (edge) {
      if (edge.kind !== "solid" || parent.has(edge.target)) return;
      if (!byId.has(edge.source) || !byId.has(edge.target)) return;
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

  function edgePath(s, t) {
    var sy = s.y + NODE_H / 2;
    var ty = t.y - NODE_H / 2;
    var mid = (sy + ty) / 2;
    return "M" + s.x + "," + sy + "V" + mid + "H" + t.x + "V" + ty;
  }

  function curvePath(s, t) {
    var sy = s.y + NODE_H / 2;
    var ty = t.y - NODE_H / 2;
    if (ty <= sy) {
      // Same row or upwards: bow out to the side.
      var sx = s.x + NODE_W / 2;
      var tx = t.x + NODE_W / 2;
      return "M" + sx + "," + s.y + "C" + (sx + 60) + "," + s.y + " " + (tx + 60) + "," + t.y + " " + tx + "," + t.y;
    }
    var dy = (ty - sy) / 2;
    return "M" + s.x + "," + sy + "C" + s.x + "," + (sy + dy) + " " + t.x + "," + (ty - dy) + " " + t.x + "," + ty;
  }

  function render(data) {
    container.textContent = "";
    if (!data.nodes.length) {
      message(container.dataset.emptyText);
      return;
    }
    var parent = primaryParents(data.nodes, data.edges);
    var rootId = "u" + data.unit.id;
    // Unit boxes form the frame; a position with no solid superior here hangs under its unit.
    var rows = data.units.map(function (u) {
      return { id: "u" + u.id, parentId: u.parent_id ? "u" + u.parent_id : null, title: u.name, unitId: u.id, box: true };
    }).concat(data.nodes.map(function (n) {
      var up = parent.has(n.id) ? String(parent.get(n.id)) : n.external ? rootId : "u" + n.unit_id;
      return Object.assign({}, n, { id: String(n.id), parentId: up });
    }));
    var root = d3.stratify().id(function (d) { return d.id; }).parentId(function (d) { return d.parentId; })(rows);
    d3.tree().nodeSize([NODE_W + GAP_X, NODE_H + GAP_Y])(root);
    var placed = new Map(root.descendants().map(function (d) { return [d.id, d]; }));

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
    viewport = svg.append("g").attr("class", "viewport");

    var treeEdges = [];
    var extraEdges = [];
    data.edges.forEach(function (edge) {
      if (parent.get(edge.target) === edge.source && edge.kind === "solid") treeEdges.push(edge);
      else extraEdges.push(edge);
    });

    // Membership lines: from a unit box to its sub-units and to positions with no solid superior here.
    var membership = root.links().filter(function (l) { return l.source.data.box; });
    viewport.append("g").attr("class", "membership")
      .selectAll("path").data(membership).join("path")
      .attr("d", function (l) { return edgePath(l.source, l.target); })
      .attr("fill", "none").attr("stroke", COLORS.membership).attr("stroke-width", 1);

    viewport.append("g").attr("class", "lines-solid")
      .selectAll("path").data(treeEdges).join("path")
      .attr("d", function (e) { return edgePath(placed.get(String(e.source)), placed.get(String(e.target))); })
      .attr("fill", "none").attr("stroke", COLORS.solid).attr("stroke-width", 2)
      .attr("data-kind", "solid");

    var node = viewport.append("g").attr("class", "nodes")
      .selectAll("g").data(root.descendants()).join("g")
      .attr("class", function (d) { return d.data.box ? "node node-unit" : "node node-position"; })
      .attr("transform", function (d) { return "translate(" + (d.x - NODE_W / 2) + "," + (d.y - NODE_H / 2) + ")"; });

    var linked = node.filter(function (d) { return !d.data.box; })
      .append("a")
      .attr("href", function (d) { return "/positions/" + d.data.id + "/"; })
      .attr("aria-label", function (d) { return d.data.title + (d.data.external ? " (" + d.data.unit + ")" : ""); });
    linked.append("rect")
      .attr("width", NODE_W).attr("height", NODE_H).attr("rx", 6)
      .attr("fill", function (d) { return d.data.external ? COLORS.externalFill : COLORS.nodeFill; })
      .attr("stroke", function (d) { return d.data.external ? COLORS.externalStroke : COLORS.nodeStroke; })
      .attr("stroke-width", 1.5)
      .attr("stroke-dasharray", function (d) { return d.data.external ? "4 3" : null; });
    linked.each(function (d) {
      var g = d3.select(this);
      var lines = wrap(d.data.title, 10, 2);
      var top = lines.length === 1 ? 24 : 17;
      lines.forEach(function (line, i) {
        g.append("text").attr("x", NODE_W / 2).attr("y", top + i * 17).attr("text-anchor", "middle")
          .attr("font-size", 14).attr("font-weight", 600).attr("fill", COLORS.text).text(line);
      });
      var sub = d.data.unit + (d.data.headcount ? " · " + d.data.headcount : "");
      g.append("text").attr("x", NODE_W / 2).attr("y", NODE_H - 8).attr("text-anchor", "middle")
        .attr("font-size", 11).attr("fill", COLORS.muted).text(wrap(sub, 14, 1)[0]);
    });

    var unitBox = node.filter(function (d) { return d.data.box; })
      .append("a")
      .attr("href", function (d) { return "/org/units/" + d.data.unitId + "/"; })
      .attr("aria-label", function (d) { return d.data.title; });
    unitBox.append("rect").attr("width", NODE_W).attr("height", NODE_H).attr("rx", 6)
      .attr("fill", function (d) { return d.depth === 0 ? COLORS.rootFill : COLORS.unitFill; })
      .attr("stroke", COLORS.rootFill).attr("stroke-width", 1.5);
    unitBox.append("text").attr("x", NODE_W / 2).attr("y", NODE_H / 2 + 5).attr("text-anchor", "middle")
      .attr("font-size", 15).attr("font-weight", 700)
      .attr("fill", function (d) { return d.depth === 0 ? "#ffffff" : COLORS.rootFill; })
      .text(function (d) { return wrap(d.data.title, 10, 1)[0]; });

    // Extra lines go over the boxes (with a white halo) so none hides behind a box it passes.
    var extra = viewport.append("g").attr("class", "lines-extra").attr("pointer-events", "none");
    extra.selectAll("path.halo").data(extraEdges).join("path")
      .attr("class", "halo")
      .attr("d", function (e) { return curvePath(placed.get(String(e.source)), placed.get(String(e.target))); })
      .attr("fill", "none").attr("stroke", "#ffffff").attr("stroke-width", 6).attr("stroke-opacity", 0.85);
    extra.selectAll("path.line").data(extraEdges).join("path")
      .attr("class", "line")
      .attr("d", function (e) { return curvePath(placed.get(String(e.source)), placed.get(String(e.target))); })
      .attr("fill", "none")
      .attr("stroke", function (e) { return e.kind === "dotted" ? COLORS.dotted : COLORS.solid; })
      .attr("stroke-width", 2)
      .attr("stroke-dasharray", function (e) { return e.kind === "dotted" ? "7 5" : null; })
      .attr("marker-end", function (e) { return e.kind === "dotted" ? "url(#arrow-dotted)" : "url(#arrow-solid)"; })
      .attr("data-kind", function (e) { return e.kind; });

    zoom = d3.zoom().scaleExtent([0.05, 4]).on("zoom", function (event) {
      viewport.attr("transform", event.transform);
    });
    svg.call(zoom);
    // Keyboard: arrows pan, + and - zoom, 0 fits the chart in the window.
    svg.attr("tabindex", 0).on("keydown", function (event) {
      var step = 80;
      var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (moves[event.key]) {
        svg.call(zoom.translateBy, moves[event.key][0] / d3.zoomTransform(svg.node()).k,
          moves[event.key][1] / d3.zoomTransform(svg.node()).k);
      } else if (event.key === "+" || event.key === "=") {
        svg.call(zoom.scaleBy, 1.3);
      } else if (event.key === "-") {
        svg.call(zoom.scaleBy, 1 / 1.3);
      } else if (event.key === "0") {
        fit(false);
      } else {
        return;
      }
      event.preventDefault();
    });
    fit(false);
    container.dataset.ready = "true";
  }

  function fit(animate) {
    if (!svg) return;
    var box = viewport.node().getBBox();
    var width = container.clientWidth;
    var height = container.clientHeight;
    var scale = Math.min(1.2, 0.92 * Math.min(width / box.width, height / box.height));
    var transform = d3.zoomIdentity
      .translate(width / 2 - scale * (box.x + box.width / 2), height / 2 - scale * (box.y + box.height / 2))
      .scale(scale);
    (animate ? svg.transition().duration(300) : svg).call(zoom.transform, transform);
  }

  /* A standalone SVG document of the whole chart, independent of the current zoom. */
  function standaloneSvg() {
    var box = viewport.node().getBBox();
    var pad = 20;
    var clone = svg.node().cloneNode(true);
    clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    clone.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
    clone.setAttribute("viewBox", [box.x - pad, box.y - pad, box.width + 2 * pad, box.height + 2 * pad].join(" "));
    clone.setAttribute("width", Math.ceil(box.width + 2 * pad));
    clone.setAttribute("height", Math.ceil(box.height + 2 * pad));
    clone.removeAttribute("role");
    clone.removeAttribute("aria-labelledby");
    clone.querySelector(".viewport").removeAttribute("transform");
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
    link.download = (container.dataset.fileName || "chart") + "." + extension;
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
        case "zoom-in": svg.transition().duration(200).call(zoom.scaleBy, 1.3); break;
        case "zoom-out": svg.transition().duration(200).call(zoom.scaleBy, 1 / 1.3); break;
        case "fit": fit(true); break;
        case "export-svg": exportSvg(); break;
        case "export-png": exportPng(); break;
      }
    });
  });

  fetch(container.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(render)
    .catch(function () { message(container.dataset.errorText); });
})();
