window.addEventListener("error", function (ev) {
  var root = document.getElementById("ockg-root");
  if (root) root.setAttribute("data-error", String(ev.message));
});
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var root = document.getElementById("ockg-root");
  var data = JSON.parse(document.getElementById("ockg-data").textContent);
  var nodes = data.nodes, edges = data.edges, sentences = data.sentences;
  var svg = document.getElementById("graph");
  var viewport = document.getElementById("viewport");
  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details");
  var nodeInfoKind = {}, edgeInfoKind = {};
  data.legend.nodes.forEach(function (k) { nodeInfoKind[k[0]] = { label: k[1], color: k[2] }; });
  data.legend.edges.forEach(function (k) { edgeInfoKind[k[0]] = { label: k[1], color: k[2] }; });
  var keyLabels = data.legend.keys;

  // ---- seeded random numbers (mulberry32): the same graph gives the same picture ------------
  var seed = 0x0c6b;
  function random() {
    seed = (seed + 0x6d2b79f5) | 0;
    var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  // ---- simulation state ----------------------------------------------------------------------
  var n = nodes.length;
  var CHARGE = 260, MAX_DIST2 = 600 * 600, GRAVITY = 0.035, GEO_PULL = 0.08;
  var VELOCITY_DECAY = 0.4, ALPHA_MIN = 0.002, ALPHA_DECAY = 1 - Math.pow(ALPHA_MIN, 1 / 300);
  var alpha = 1, alphaTarget = 0;
  nodes.forEach(function (d, i) {
    d.index = i; d.degree = 0; d.vx = 0; d.vy = 0; d.fx = null; d.fy = null;
  });
  edges.forEach(function (e) { nodes[e.s].degree++; nodes[e.t].degree++; });
  nodes.forEach(function (d) { d.r = 4 + 2.2 * Math.sqrt(d.degree); });

  // one spring per connected pair, whatever the number of edges between them
  var links = [], pairIndex = {};
  edges.forEach(function (e) {
    var a = Math.min(e.s, e.t), b = Math.max(e.s, e.t), key = a + "," + b;
    if (pairIndex[key] === undefined) {
      pairIndex[key] = links.length;
      links.push({ s: a, t: b, count: 0, structural: true });
    }
    var link = links[pairIndex[key]];
    link.count++;
    if (e.kind !== "located_in" && e.kind !== "actor_type") link.structural = false;
  });
  links.forEach(function (l) {
    var s = nodes[l.s], t = nodes[l.t];
    l.distance = (l.structural ? 70 : 45) + s.r + t.r;
    l.strength = 1 / Math.max(1, Math.min(s.degree, t.degree));
    l.bias = s.degree / (s.degree + t.degree || 1);
  });

  // curved offsets for parallel edges between the same two nodes
  var byPair = {};
  edges.forEach(function (e, i) {
    var key = Math.min(e.s, e.t) + "," + Math.max(e.s, e.t);
    (byPair[key] = byPair[key] || []).push(i);
  });
  Object.keys(byPair).forEach(function (key) {
    var list = byPair[key];
    list.forEach(function (i, j) {
      var e = edges[i];
      e.curve = (j - (list.length - 1) / 2) * 16 * (e.s < e.t ? 1 : -1);
    });
  });

  // start positions: places with coordinates from lon/lat, the others at random in a disc
  var spread = 40 * Math.sqrt(n + 1);
  var geo = nodes.filter(function (d) {
    return typeof d.lat === "number" && typeof d.lon === "number";
  });
  if (geo.length) {
    var meanLat = geo.reduce(function (a, d) { return a + d.lat; }, 0) / geo.length;
    var cos = Math.cos(meanLat * Math.PI / 180);
    var xs = geo.map(function (d) { return d.lon * cos; });
    var ys = geo.map(function (d) { return -d.lat; });
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var span = Math.max(maxX - minX, maxY - minY);
    var scale = span > 0 ? (1.6 * spread) / span : 0;
    geo.forEach(function (d, i) {
      d.gx = (xs[i] - (minX + maxX) / 2) * scale;
      d.gy = (ys[i] - (minY + maxY) / 2) * scale;
    });
  }
  nodes.forEach(function (d) {
    if (d.gx !== undefined) { d.x = d.gx; d.y = d.gy; return; }
    var a = random() * 2 * Math.PI, r = spread * Math.sqrt(random());
    d.x = r * Math.cos(a); d.y = r * Math.sin(a);
  });

  function tick() {
    var i, j, p, q, dx, dy, d2, f;
    for (i = 0; i < n; i++) {  // repulsion between every pair (fine for a few hundred nodes)
      p = nodes[i];
      for (j = i + 1; j < n; j++) {
        q = nodes[j];
        dx = q.x - p.x; dy = q.y - p.y; d2 = dx * dx + dy * dy;
        if (d2 > MAX_DIST2) continue;
        if (d2 < 1) { dx = random() - 0.5; dy = random() - 0.5; d2 = 1; }
        f = CHARGE * alpha / d2;
        p.vx -= dx * f; p.vy -= dy * f; q.vx += dx * f; q.vy += dy * f;
      }
    }
    links.forEach(function (l) {  // springs
      var s = nodes[l.s], t = nodes[l.t];
      var lx = t.x + t.vx - s.x - s.vx, ly = t.y + t.vy - s.y - s.vy;
      var len = Math.sqrt(lx * lx + ly * ly) || 1e-6;
      var k = (len - l.distance) / len * alpha * l.strength;
      lx *= k; ly *= k;
      t.vx -= lx * l.bias; t.vy -= ly * l.bias;
      s.vx += lx * (1 - l.bias); s.vy += ly * (1 - l.bias);
    });
    nodes.forEach(function (d) {  // gravity, geographic anchors, integration
      d.vx -= d.x * GRAVITY * alpha; d.vy -= d.y * GRAVITY * alpha;
      if (d.gx !== undefined) {
        d.vx += (d.gx - d.x) * GEO_PULL * alpha; d.vy += (d.gy - d.y) * GEO_PULL * alpha;
      }
      if (d.fx !== null) { d.x = d.fx; d.y = d.fy; d.vx = 0; d.vy = 0; return; }
      d.vx *= 1 - VELOCITY_DECAY; d.vy *= 1 - VELOCITY_DECAY;
      d.x += d.vx; d.y += d.vy;
    });
    alpha += (alphaTarget - alpha) * ALPHA_DECAY;
  }

  // ---- drawing -------------------------------------------------------------------------------
  function el(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) {
      if (attrs[k] !== null) e.setAttribute(k, attrs[k]);
    });
    if (parent) parent.appendChild(e);
    return e;
  }
  var markers = document.getElementById("markers");
  data.legend.edges.forEach(function (k) {
    var m = el("marker", { id: "arrow-" + k[0], viewBox: "0 0 10 10", refX: 9, refY: 5,
      markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto" }, markers);
    el("path", { d: "M0,0L10,5L0,10z", fill: k[2] }, m);
  });
  var edgeLayer = document.getElementById("edges"), nodeLayer = document.getElementById("nodes");
  var labelLayer = document.getElementById("labels");
  edges.forEach(function (e, i) {
    var kind = edgeInfoKind[e.kind] || { color: "#999" };
    var confidence = typeof e.confidence === "number" ? e.confidence : 0.6;
    var structural = e.kind === "located_in" || e.kind === "actor_type";
    e.path = el("path", { "class": "edge", stroke: kind.color,
      "stroke-width": (1 + Math.log2(1 + (e.claims ? e.claims.length : 0))).toFixed(2),
      "stroke-opacity": (0.3 + 0.6 * confidence).toFixed(2),
      "stroke-dasharray": e.claims ? null : (structural ? "2 3" : "5 3"),
      "marker-end": e.directed ? "url(#arrow-" + e.kind + ")" : null }, edgeLayer);
    e.hit = el("path", { "class": "hit", "data-edge": i }, edgeLayer);
  });
  var labelled = nodes.slice()
    .sort(function (a, b) { return b.degree - a.degree || a.index - b.index; })
    .slice(0, 30).map(function (d) { return d.index; });
  nodes.forEach(function (d, i) {
    var colour = (nodeInfoKind[d.kind] || nodeInfoKind.other).color;
    d.circle = el("circle", { "class": "node", r: d.r.toFixed(1), fill: colour,
      "data-node": i, "data-kind": d.kind, "data-id": d.id }, nodeLayer);
    d.text = el("text", { "class": "label", dy: "0.35em" }, labelLayer);
    d.text.textContent = d.label;
    d.major = labelled.indexOf(i) >= 0 || d.kind === "group";
  });

  function fmt(v) { return Math.round(v * 10) / 10; }
  function edgePath(e) {
    var s = nodes[e.s], t = nodes[e.t];
    var dx = t.x - s.x, dy = t.y - s.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var cx = (s.x + t.x) / 2 - dy / len * e.curve, cy = (s.y + t.y) / 2 + dx / len * e.curve;
    var ex = t.x, ey = t.y;
    if (e.directed) {
      var ux = t.x - cx, uy = t.y - cy, ul = Math.sqrt(ux * ux + uy * uy) || 1;
      ex -= ux / ul * (t.r + 1.5); ey -= uy / ul * (t.r + 1.5);
    }
    var start = "M" + fmt(s.x) + "," + fmt(s.y), end = fmt(ex) + "," + fmt(ey);
    return e.curve ? start + "Q" + fmt(cx) + "," + fmt(cy) + " " + end : start + "L" + end;
  }
  function draw() {
    edges.forEach(function (e) {
      var d = edgePath(e);
      e.path.setAttribute("d", d); e.hit.setAttribute("d", d);
    });
    nodes.forEach(function (d) {
      d.circle.setAttribute("cx", fmt(d.x)); d.circle.setAttribute("cy", fmt(d.y));
      d.text.setAttribute("x", fmt(d.x + d.r + 2)); d.text.setAttribute("y", fmt(d.y));
    });
  }

  // ---- view: zoom and pan --------------------------------------------------------------------
  var view = { k: 1, x: 0, y: 0 };
  function applyView() {
    viewport.setAttribute("transform", "translate(" + fmt(view.x) + "," + fmt(view.y) + ") " +
      "scale(" + view.k.toFixed(4) + ")");
  }
  function size() {
    var box = svg.getBoundingClientRect();
    return { w: box.width || 800, h: box.height || 600, left: box.left, top: box.top };
  }
  function fit() {
    var shown = nodes.filter(function (d) { return !d.hidden; });
    if (!shown.length) shown = nodes;
    if (!shown.length) return;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    shown.forEach(function (d) {  // 60: room for the label on the right
      x0 = Math.min(x0, d.x - d.r); y0 = Math.min(y0, d.y - d.r);
      x1 = Math.max(x1, d.x + d.r + 60); y1 = Math.max(y1, d.y + d.r);
    });
    var s = size(), pad = 30, left = s.w > 900 ? legend.offsetWidth + 20 : pad;
    var w = Math.max(x1 - x0, 1), hgt = Math.max(y1 - y0, 1);
    view.k = Math.min((s.w - left - pad) / w, (s.h - 2 * pad) / hgt, 3);
    view.x = left + (s.w - left - pad) / 2 - (x0 + x1) / 2 * view.k;
    view.y = s.h / 2 - (y0 + y1) / 2 * view.k;
    applyView();
  }
  function centreOn(d) {
    var s = size();
    view.k = Math.max(view.k, 1.2);
    view.x = s.w / 2 - d.x * view.k; view.y = s.h / 2 - d.y * view.k;
    applyView();
  }
  function toGraph(ev) {
    var s = size();
    return {
      x: (ev.clientX - s.left - view.x) / view.k, y: (ev.clientY - s.top - view.y) / view.k
    };
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var s = size(), px = ev.clientX - s.left, py = ev.clientY - s.top;
    var k = Math.min(8, Math.max(0.1, view.k * Math.exp(-ev.deltaY * 0.0015)));
    view.x = px - (px - view.x) * k / view.k; view.y = py - (py - view.y) * k / view.k; view.k = k;
    applyView();
  }, { passive: false });

  // ---- animation after a drag ----------------------------------------------------------------
  var running = false;
  function frame() {
    tick(); draw();
    if (alpha > ALPHA_MIN || alphaTarget > 0) requestAnimationFrame(frame); else running = false;
  }
  function restart() { if (!running) { running = true; requestAnimationFrame(frame); } }

  // ---- information: tooltip and details panel ------------------------------------------------
  function h(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function nodeInfo(d, full) {
    var box = h("div");
    h("div", "info-title", d.label, box);
    var kind = (nodeInfoKind[d.kind] || nodeInfoKind.other).label;
    var linkText = d.degree + " link" + (d.degree === 1 ? "" : "s");
    h("div", "info-sub", kind + (d.type ? " · " + d.type : "") + " · " + linkText, box);
    (d.details || []).forEach(function (row) {
      var line = h("div", "info-row", null, box);
      h("b", null, row[0] + ": ", line); line.appendChild(document.createTextNode(row[1]));
    });
    if (d.mentions) h("div", "info-row", "mentioned " + d.mentions + "× in the text", box);
    if (d.scores) {
      h("div", "info-row", "Index scores", box).style.fontWeight = "600";
      var table = h("table", "scores", null, box);
      d.scores.forEach(function (s) {
        var tr = h("tr", null, null, table);
        h("td", null, s.label, tr); h("td", null, s.score, tr);
        h("td", null, s.change ? "(" + s.change + ")" : "", tr);
        h("td", null, s.inferred ? "inferred" : "", tr);
      });
    }
    if (full) h("div", "info-sub", d.id, box);
    return box;
  }
  function edgeInfo(e, full) {
    var s = nodes[e.s], t = nodes[e.t], box = h("div");
    h("div", "info-title", s.label + (e.directed ? " → " : " ↔ ") + t.label, box);
    var kind = (edgeInfoKind[e.kind] || { label: e.kind }).label;
    var count = e.claims ? e.claims.length : 0;
    var sub = kind + (e.key !== e.kind ? " · " + (keyLabels[e.key] || e.key) : "");
    sub += " · " + count + " claim" + (count === 1 ? "" : "s");
    if (typeof e.confidence === "number") sub += " · confidence up to " + e.confidence.toFixed(2);
    h("div", "info-sub", sub, box);
    if (e.note) h("div", "info-row", e.note, box);
    var claims = e.claims || [], shown = full ? claims : claims.slice(0, 3);
    shown.forEach(function (c) {
      var div = h("div", "claim", null, box);
      if (c.sentence >= 0) h("q", null, sentences[c.sentence], div);
      var meta = [];
      if (typeof c.confidence === "number") meta.push("confidence " + c.confidence.toFixed(2));
      if (c.method) meta.push(c.method);
      if (c.hedges) meta.push("hedged: " + c.hedges.join(", "));
      ["market", "mode", "path"].forEach(function (k) { if (c[k]) meta.push(k + ": " + c[k]); });
      h("div", "meta", meta.join(" · "), div);
    });
    if (claims.length > shown.length) {
      h("div", "info-sub", "+ " + (claims.length - shown.length) + " more: click the edge", box);
    }
    return box;
  }
  function showTip(content, ev) {
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    moveTip(ev);
  }
  function moveTip(ev) {
    var x = ev.clientX + 14, y = ev.clientY + 14;
    var w = tooltip.offsetWidth, hgt = tooltip.offsetHeight;
    if (x + w > window.innerWidth - 4) x = Math.max(4, ev.clientX - w - 14);
    if (y + hgt > window.innerHeight - 4) y = Math.max(4, ev.clientY - hgt - 14);
    tooltip.style.left = x + "px"; tooltip.style.top = y + "px";
  }
  function hideTip() { tooltip.hidden = true; hovered = null; }
  function showDetails(content) {
    var close = h("button", "close", "×");
    close.type = "button"; close.title = "close";
    close.addEventListener("click", function () { select(null); });
    details.replaceChildren(close, content);
    details.hidden = false;
  }

  // ---- highlighting: selection, search -------------------------------------------------------
  var selected = null;
  function focusOn(set, edgeSet) {
    nodes.forEach(function (d) {
      var dim = set !== null && !set[d.index];
      d.circle.classList.toggle("dim", dim); d.text.classList.toggle("dim", dim);
    });
    edges.forEach(function (e, i) {
      var dim = set !== null && !(edgeSet ? edgeSet[i] : set[e.s] && set[e.t]);
      e.path.classList.toggle("dim", dim);
    });
    updateLabels(set);
  }
  function select(item) {
    if (selected && selected.circle) selected.circle.classList.remove("selected");
    selected = item;
    if (!item) { details.hidden = true; applySearch(); return; }
    var set = {}, edgeSet = {};
    if (item.circle) {
      item.circle.classList.add("selected");
      set[item.index] = true;
      edges.forEach(function (e, i) {
        if (e.s === item.index || e.t === item.index) {
          set[e.s] = set[e.t] = true; edgeSet[i] = true;
        }
      });
      showDetails(nodeInfo(item, true));
    } else {
      set[item.s] = set[item.t] = true; edgeSet[edges.indexOf(item)] = true;
      showDetails(edgeInfo(item, true));
    }
    focusOn(set, edgeSet);
  }
  var search = document.getElementById("search");
  var searchCount = document.getElementById("search-count");
  var matches = [];
  function applySearch() {
    var q = search.value.trim().toLowerCase();
    matches = q ? nodes.filter(function (d) { return d.label.toLowerCase().indexOf(q) >= 0; }) : [];
    matches.sort(function (a, b) {
      var exact = (b.label.toLowerCase() === q) - (a.label.toLowerCase() === q);
      return exact || b.degree - a.degree || a.index - b.index;
    });
    nodes.forEach(function (d) { d.circle.classList.remove("match"); });
    matches.forEach(function (d) { d.circle.classList.add("match"); });
    var plural = matches.length === 1 ? "" : "es";
    searchCount.textContent = q ? matches.length + " match" + plural : "";
    if (selected) return;
    if (!q) { focusOn(null); return; }
    var set = {};
    matches.forEach(function (d) { set[d.index] = true; });
    var edgeSet = {};
    edges.forEach(function (e, i) { if (set[e.s] || set[e.t]) edgeSet[i] = true; });
    focusOn(set, edgeSet);
  }
  search.addEventListener("input", function () { if (selected) select(null); applySearch(); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && matches.length) { centreOn(matches[0]); select(matches[0]); }
    if (ev.key === "Escape") { search.value = ""; select(null); }
  });
  var names = document.getElementById("node-names");
  nodes.map(function (d) { return d.label; }).sort()
    .filter(function (v, i, a) { return i === 0 || a[i - 1] !== v; })
    .forEach(function (label) { h("option", null, null, names).value = label; });

  var allLabels = document.getElementById("all-labels");
  function updateLabels(set) {
    nodes.forEach(function (d) {
      var show = !d.hidden && (allLabels.checked || d.major || (set && set[d.index]));
      d.text.classList.toggle("hidden", !show);
    });
  }
  allLabels.addEventListener("change", function () {
    if (selected) select(selected); else applySearch();
  });
  document.getElementById("fit").addEventListener("click", fit);

  // ---- legend: colours, counts, and toggles --------------------------------------------------
  var hiddenKinds = {};
  function applyVisibility() {
    nodes.forEach(function (d) {
      d.hidden = !!hiddenKinds["node:" + d.kind];
      d.circle.classList.toggle("hidden", d.hidden);
    });
    edges.forEach(function (e) {
      var hide = !!hiddenKinds["edge:" + e.kind] || nodes[e.s].hidden || nodes[e.t].hidden;
      e.path.classList.toggle("hidden", hide); e.hit.classList.toggle("hidden", hide);
    });
    updateLabels(null);
    if (selected) select(selected); else applySearch();
  }
  var legend = document.getElementById("legend");
  function legendGroup(title, entries, prefix, items, line) {
    var counts = {};
    items.forEach(function (x) { counts[x.kind] = (counts[x.kind] || 0) + 1; });
    h("h2", null, title, legend);
    entries.forEach(function (k) {
      if (!counts[k[0]]) return;
      var b = h("button", null, null, legend);
      b.type = "button"; b.title = "show or hide";
      var sw = h("span", "swatch" + (line ? " line" : ""), null, b);
      sw.style.background = k[2];
      b.appendChild(document.createTextNode(k[1] + " (" + counts[k[0]] + ")"));
      b.addEventListener("click", function () {
        var key = prefix + k[0];
        hiddenKinds[key] = !hiddenKinds[key];
        b.classList.toggle("off", hiddenKinds[key]);
        applyVisibility();
      });
    });
  }
  legendGroup("Nodes", data.legend.nodes, "node:", nodes, false);
  legendGroup("Edges", data.legend.edges, "edge:", edges, true);
  h("div", "hint", "Dashed: no source sentence. Drag nodes, wheel to zoom, drag the background " +
    "to pan; click for details.", legend);
  var stats = nodes.length + " nodes · " + edges.length + " edges";
  document.getElementById("stats").textContent = stats;

  // ---- pointer: drag nodes, pan, hover, click ------------------------------------------------
  var drag = null, hovered = null;
  svg.addEventListener("pointerdown", function (ev) {
    var t = ev.target;
    if (t.dataset.node !== undefined) {
      var d = nodes[+t.dataset.node];
      drag = { node: d, moved: false };
      d.fx = d.x; d.fy = d.y;
    } else if (t.dataset.edge === undefined) {
      drag = { pan: true, moved: false, x0: ev.clientX, y0: ev.clientY, vx: view.x, vy: view.y };
      svg.classList.add("panning");
    } else return;
    try { svg.setPointerCapture(ev.pointerId); } catch (error) { /* synthetic events */ }
    hideTip();
  });
  svg.addEventListener("pointermove", function (ev) {
    if (drag) {
      drag.moved = true;
      if (drag.node) {
        var p = toGraph(ev);
        drag.node.fx = drag.node.x = p.x; drag.node.fy = drag.node.y = p.y;
        draw(); alphaTarget = 0.3; restart();
      } else {
        view.x = drag.vx + ev.clientX - drag.x0; view.y = drag.vy + ev.clientY - drag.y0;
        applyView();
      }
      return;
    }
    var t = ev.target, item = null;
    if (t.dataset.node !== undefined) item = nodes[+t.dataset.node];
    else if (t.dataset.edge !== undefined) item = edges[+t.dataset.edge];
    if (item === hovered) { if (item) moveTip(ev); return; }
    if (hovered && hovered.path) hovered.path.classList.remove("hover");
    hovered = item;
    if (!item) { tooltip.hidden = true; return; }
    if (item.path) item.path.classList.add("hover");
    showTip(item.circle ? nodeInfo(item, false) : edgeInfo(item, false), ev);
  });
  svg.addEventListener("pointerleave", function () { if (!drag) hideTip(); });
  function endDrag() {
    if (!drag) return;
    if (drag.node) {
      drag.node.fx = null; drag.node.fy = null; alphaTarget = 0;
      if (!drag.moved) select(drag.node);
    } else if (!drag.moved) select(null);
    svg.classList.remove("panning");
    drag = null;
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);
  svg.addEventListener("click", function (ev) {
    var t = ev.target;
    if (t.dataset && t.dataset.edge !== undefined) select(edges[+t.dataset.edge]);
  });

  // ---- first layout, synchronously, then the page reports what it drew -----------------------
  for (var step = 0; step < 400 && alpha > ALPHA_MIN; step++) tick();
  draw();
  updateLabels(null);
  fit();
  window.addEventListener("resize", fit);
  var drawnNodes = nodeLayer.querySelectorAll("circle.node").length;
  var drawnEdges = edgeLayer.querySelectorAll("path.edge").length;
  root.setAttribute("data-rendered-nodes", String(drawnNodes));
  root.setAttribute("data-rendered-edges", String(drawnEdges));
  root.setAttribute("data-layout", "done");
})();
