/* The network graph: a radial layout by distance on <svg>, with pan, zoom, tooltips and keyboard.
 *
 * No library and no CDN. The owner sits in the middle, direct connections on the inner ring, people
 * two steps away on the outer ring next to the connection who links them, so 200 people stay
 * readable. Every person is a focusable button: Tab or the arrow keys move between people, Enter
 * shows what flowed along their connections. The list under the graph shows the same people.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  // The page's words in the reader's language (network/graph_words.py), else these.
  var WORDS = {
    nothing: "nothing logged yet", learning: "learning",
    entry_one: "%(n)s entry", entry_many: "%(n)s entries",
    graph_one: "Network graph: %(n)s person", graph_many: "Network graph: %(n)s people",
    you: "you", you_suffix: "(you)", direct: "direct connection", far: "two steps away",
    teaches: "Teaches %(skills)s", teaches_lower: "teaches %(skills)s",
    "with": "With %(name)s: taught %(taught)s; learned %(learned)s",
    with_kinds: "With %(name)s (%(kinds)s): taught %(taught)s; learned %(learned)s",
    people_one: "%(n)s person", people_many: "%(n)s people",
    connections_one: "%(n)s connection", connections_many: "%(n)s connections",
    summary: "%(people)s, %(connections)s.",
    empty: "No connections yet: the list below explains how a network grows.",
    failed: "The network could not be loaded (%(status)s).",
    fallback: "The list below shows the same people.",
    kinds: {}
  };

  function loadWords() {
    var found = document.getElementById("network-graph-words");
    if (!found) return;
    try {
      var given = JSON.parse(found.textContent);
      Object.keys(given).forEach(function (key) { WORDS[key] = given[key]; });
    } catch (e) { /* keep the English words */ }
  }

  function t(key, values) {
    return String(WORDS[key]).replace(/%\((\w+)\)s/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }

  function counted(key, n) {
    return t(n === 1 ? key + "_one" : key + "_many", { n: n });
  }

  function kindsText(kinds) {
    return kinds.map(function (k) { return WORDS.kinds[k] || k; }).join(", ");
  }
  var TAU = Math.PI * 2;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function ringRadius(count, spacing, minimum) {
    return Math.max(minimum, (count * spacing) / TAU);
  }

  /* Positions: owner at (0, 0); each direct connection gets a slice of the circle as wide as the
   * people it links, and those people sit on the outer ring inside that slice. */
  function layout(data) {
    var byHandle = {}, neighbours = {};
    data.nodes.forEach(function (n) { byHandle[n.handle] = n; neighbours[n.handle] = []; });
    data.edges.forEach(function (e) {
      if (byHandle[e.source] && byHandle[e.target]) {
        neighbours[e.source].push(e.target);
        neighbours[e.target].push(e.source);
      }
    });
    var ring1 = data.nodes.filter(function (n) { return n.distance === 1; });
    var ring2 = data.nodes.filter(function (n) { return n.distance === 2; });
    var children = {};
    ring1.forEach(function (n) { children[n.handle] = []; });
    var orphans = [];
    ring2.forEach(function (n) {
      var parent = neighbours[n.handle].filter(function (h) { return children[h]; }).sort()[0];
      if (parent) children[parent].push(n); else orphans.push(n);
    });
    // Connections who link nobody still get half an average slice, so their labels don't collide.
    var spare = Math.max(1, ring2.length / Math.max(ring1.length, 1) / 2);
    function weight(n) { return Math.max(spare, children[n.handle].length); }
    var slots = ring1.reduce(function (sum, n) { return sum + weight(n); }, orphans.length);
    var r2 = Math.max(ringRadius(ring1.length, 60, 150) + 140, ringRadius(ring2.length, 24, 150));
    var r1 = Math.max(ringRadius(ring1.length, 60, 150), r2 * 0.5);
    var at = -Math.PI / 2;
    function place(n, angle, radius) {
      n.angle = angle;
      n.x = Math.cos(angle) * radius;
      n.y = Math.sin(angle) * radius;
    }
    data.nodes.forEach(function (n) { if (n.distance === 0) place(n, 0, 0); });
    ring1.forEach(function (n) {
      var width = (weight(n) / Math.max(slots, 1)) * Math.PI * 2;
      place(n, at + width / 2, r1);
      children[n.handle].forEach(function (child, i) {
        place(child, at + (width * (i + 0.5)) / children[n.handle].length, r2);
      });
      at += width;
    });
    orphans.forEach(function (n, i) { place(n, at + ((i + 0.5) / Math.max(slots, 1)) * Math.PI * 2, r2); });
    return { byHandle: byHandle, neighbours: neighbours, extent: r2 + 70 };
  }

  function flowText(flow) {
    if (!flow.skills.length && !flow.entries) return t("nothing");
    var text = flow.skills.length ? flow.skills.join(", ") : t("learning");
    return flow.entries ? text + " (" + counted("entry", flow.entries) + ")" : text;
  }

  function Graph(root, data) {
    this.root = root;
    this.data = data;
    this.scale = 1;
    this.tx = 0;
    this.ty = 0;
    this.pos = layout(data);
    this.edgesOf = {};
    this.build();
  }

  Graph.prototype.build = function () {
    var self = this, extent = this.pos.extent;
    this.svg = el("svg", {
      "class": "network-svg", viewBox: [-extent, -extent, extent * 2, extent * 2].join(" "),
      role: "group", "aria-label": counted("graph", this.data.nodes.length)
    });
    this.view = el("g", { "class": "network-view" }, this.svg);
    var edgeLayer = el("g", { "class": "network-edges", "aria-hidden": "true" }, this.view);
    var nodeLayer = el("g", { "class": "network-nodes" }, this.view);
    this.data.edges.forEach(function (e) { self.drawEdge(edgeLayer, e); });
    this.nodes = this.data.nodes.map(function (n) { return self.drawNode(nodeLayer, n); });
    this.tooltip = document.createElement("div");
    this.tooltip.className = "network-tooltip";
    this.tooltip.setAttribute("role", "tooltip");
    this.tooltip.id = "network-tooltip";
    this.tooltip.hidden = true;
    this.root.insertBefore(this.svg, this.root.querySelector("[data-graph-details]"));
    this.fitAspect();
    this.root.appendChild(this.tooltip);
    this.root.setAttribute("data-rendered-nodes", String(this.nodes.length));
    this.bindPanZoom();
  };

  /* Widen the view box to the element's shape, so the rings fill the space instead of a square. */
  Graph.prototype.fitAspect = function () {
    var extent = this.pos.extent;
    var ratio = Math.max(1, (this.svg.clientWidth || 1) / Math.max(this.svg.clientHeight || 1, 1));
    this.svg.setAttribute("viewBox", [-extent * ratio, -extent, extent * 2 * ratio, extent * 2].join(" "));
  };

  Graph.prototype.drawEdge = function (layer, e) {
    var a = this.pos.byHandle[e.source], b = this.pos.byHandle[e.target];
    if (!a || !b) return;
    var entries = e.source_to_target.entries + e.target_to_source.entries;
    var line = el("line", {
      x1: a.x, y1: a.y, x2: b.x, y2: b.y,
      "class": "network-edge" + (e.kinds.indexOf("circle") >= 0 ? " edge-circle" : "") + (e.active ? " edge-active" : ""),
      "stroke-width": Math.min(1 + entries * 0.4, 5)
    }, layer);
    [e.source, e.target].forEach(function (h) {
      (this.edgesOf[h] = this.edgesOf[h] || []).push({ edge: e, line: line });
    }, this);
  };

  Graph.prototype.drawNode = function (layer, n) {
    var self = this;
    var teaches = n.teaches.map(function (t) { return t.skill + " " + t.level + "/5"; }).join(", ");
    var where = n.me ? t("you") : n.distance === 1 ? t("direct") : t("far");
    var g = el("g", {
      "class": "network-node distance-" + n.distance, transform: "translate(" + n.x + "," + n.y + ")",
      tabindex: "0", role: "button", "data-handle": n.handle,
      "aria-label": n.display_name + ", " + where + (teaches ? ", " + t("teaches_lower", { skills: teaches }) : ""),
      "aria-describedby": "network-tooltip"
    }, layer);
    var unit = this.pos.extent / 320;
    var radius = (n.me ? 14 : n.distance === 1 ? 9 : 6) * unit;
    el("circle", { r: radius }, g);
    var label = el("text", { x: 0, y: radius + 12 * unit, "text-anchor": "middle", "font-size": 11 * unit }, g);
    label.textContent = n.display_name;
    g.addEventListener("mouseenter", function () { self.highlight(n, g); });
    g.addEventListener("mouseleave", function () { self.clear(); });
    g.addEventListener("focus", function () { self.highlight(n, g); });
    g.addEventListener("blur", function () { self.clear(); });
    g.addEventListener("click", function () { self.details(n); });
    g.addEventListener("keydown", function (ev) { self.onKey(ev, n, g); });
    return { node: n, g: g };
  };

  Graph.prototype.onKey = function (ev, n, g) {
    var index = this.nodes.findIndex(function (item) { return item.g === g; });
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      this.details(n);
    } else if (ev.key === "ArrowRight" || ev.key === "ArrowDown") {
      ev.preventDefault();
      this.nodes[(index + 1) % this.nodes.length].g.focus();
    } else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") {
      ev.preventDefault();
      this.nodes[(index - 1 + this.nodes.length) % this.nodes.length].g.focus();
    } else if (ev.key === "Escape") {
      this.clear();
    }
  };

  Graph.prototype.connections = function (n) {
    var self = this;
    return (this.edgesOf[n.handle] || []).map(function (item) {
      var e = item.edge, outgoing = e.source === n.handle;
      var other = self.pos.byHandle[outgoing ? e.target : e.source];
      return {
        other: other,
        kinds: e.kinds,
        taught: outgoing ? e.source_to_target : e.target_to_source,
        learned: outgoing ? e.target_to_source : e.source_to_target
      };
    }).filter(function (c) { return c.other; });
  };

  Graph.prototype.highlight = function (n, g) {
    this.svg.classList.add("has-focus");
    (this.edgesOf[n.handle] || []).forEach(function (item) { item.line.classList.add("is-lit"); });
    g.classList.add("is-lit");
    var teaches = n.teaches.map(function (t) { return t.skill + " " + t.level + "/5"; }).join(", ");
    var lines = [n.display_name + (n.headline ? " — " + n.headline : "")];
    if (teaches) lines.push(t("teaches", { skills: teaches }));
    this.connections(n).slice(0, 4).forEach(function (c) {
      lines.push(t("with", { name: c.other.display_name, taught: flowText(c.taught), learned: flowText(c.learned) }));
    });
    this.tooltip.textContent = "";
    lines.forEach(function (line, i) {
      var p = document.createElement(i ? "span" : "strong");
      p.textContent = line;
      this.tooltip.appendChild(p);
    }, this);
    var box = g.getBoundingClientRect(), host = this.root.getBoundingClientRect();
    this.tooltip.style.left = Math.max(4, box.left - host.left + box.width / 2 + 12) + "px";
    this.tooltip.style.top = Math.max(4, box.top - host.top - 8) + "px";
    this.tooltip.hidden = false;
  };

  Graph.prototype.clear = function () {
    this.svg.classList.remove("has-focus");
    this.svg.querySelectorAll(".is-lit").forEach(function (node) { node.classList.remove("is-lit"); });
    this.tooltip.hidden = true;
  };

  Graph.prototype.details = function (n) {
    var panel = this.root.querySelector("[data-graph-details]");
    if (!panel) return;
    panel.textContent = "";
    var head = document.createElement("p");
    var link = document.createElement("a");
    link.href = n.url;
    link.textContent = n.display_name;
    head.appendChild(link);
    head.appendChild(document.createTextNode(n.me ? " " + t("you_suffix") : " · " + (n.distance === 1 ? t("direct") : t("far"))));
    panel.appendChild(head);
    var list = document.createElement("ul");
    this.connections(n).forEach(function (c) {
      var item = document.createElement("li");
      item.textContent = t("with_kinds", {
        name: c.other.display_name, kinds: kindsText(c.kinds), taught: flowText(c.taught), learned: flowText(c.learned)
      });
      list.appendChild(item);
    });
    panel.appendChild(list);
  };

  Graph.prototype.apply = function () {
    this.view.setAttribute("transform", "translate(" + this.tx + "," + this.ty + ") scale(" + this.scale + ")");
    this.svg.classList.toggle("zoomed", this.scale >= 1.6);
  };

  Graph.prototype.zoom = function (factor) {
    this.scale = Math.min(6, Math.max(0.4, this.scale * factor));
    this.apply();
  };

  Graph.prototype.bindPanZoom = function () {
    var self = this, drag = null;
    this.svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      self.zoom(ev.deltaY < 0 ? 1.15 : 1 / 1.15);
    }, { passive: false });
    this.svg.addEventListener("pointerdown", function (ev) {
      if (ev.target.closest && ev.target.closest(".network-node")) return;
      drag = { x: ev.clientX, y: ev.clientY, tx: self.tx, ty: self.ty };
      self.svg.setPointerCapture(ev.pointerId);
    });
    this.svg.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var ratio = self.pos.extent * 2 / Math.max(self.svg.clientWidth, 1);
      self.tx = drag.tx + (ev.clientX - drag.x) * ratio;
      self.ty = drag.ty + (ev.clientY - drag.y) * ratio;
      self.apply();
    });
    this.svg.addEventListener("pointerup", function () { drag = null; });
    this.root.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var what = button.getAttribute("data-zoom");
        if (what === "in") self.zoom(1.25);
        else if (what === "out") self.zoom(0.8);
        else { self.scale = 1; self.tx = 0; self.ty = 0; self.apply(); }
      });
    });
  };

  function start(root) {
    var status = root.querySelector("[data-graph-status]");
    fetch(root.getAttribute("data-src"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(t("failed", { status: response.status }));
        return response.json();
      })
      .then(function (data) {
        var people = data.nodes.length - 1;
        if (status) status.textContent = people > 0
          ? t("summary", { people: counted("people", people), connections: counted("connections", data.edges.length) })
          : t("empty");
        if (people > 0) new Graph(root, data);
      })
      .catch(function (error) { if (status) status.textContent = error.message + " " + t("fallback"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    loadWords();
    document.querySelectorAll("[data-network-graph]").forEach(start);
  });
})();
