/* Network page: actors, places and events with cytoscape.js (bundled, static/cytoscape.min.js).
   A small graph is drawn whole; a large one one neighbourhood at a time, loading
   the data script (data/network/K.js) of each node it shows. */
(function () {
  "use strict";
  var net = window.KG_NET;
  var el = window.kgEl, link = window.kgLink, fold = window.kgFold;
  var records = {};  // node number → [idx, label, kind, category, url, degree, neighbours]
  var loaded = {}, waiting = {};
  var status = document.getElementById("net-status");
  var info = document.getElementById("net-info");
  var MAX_SHOWN = 400;  // nodes on screen at most
  var PER_EXPANSION = 60;  // neighbours added per click, the most connected first

  window.kgNetShard = function (number, nodes) {
    nodes.forEach(function (n) { records[n[0]] = n; });
    loaded[number] = true;
    (waiting[number] || []).forEach(function (f) { f(); });
    delete waiting[number];
  };

  function loadShard(number, then) {
    if (loaded[number]) { then(); return; }
    if (waiting[number]) { waiting[number].push(then); return; }
    waiting[number] = [then];
    var script = document.createElement("script");
    script.src = (document.body.getAttribute("data-root") || "") + "data/network/" + number + ".js";
    script.onerror = function () { status.textContent = "Could not load data/network/" + number + ".js"; };
    document.body.appendChild(script);
  }

  function loadNode(idx, then) { loadShard(Math.floor(idx / net.shardSize), function () { then(records[idx]); }); }

  var colours = { Person: "#8d7cf0", Organization: "#3fc8c8", ArmedGroup: "#e07a7a", MediaOutlet: "#93c96b",
    Country: "#f5b342", City: "#ff8a4c", Place: "#ffab73", Area: "#ffab73", Facility: "#bdb49c",
    AnonymousSource: "#b7b7cc" };

  var cy = cytoscape({
    container: document.getElementById("network"),
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "label": "data(short)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
        "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
        "text-wrap": "ellipsis", "text-max-width": 140, "color": "#1d2330",
        "text-background-color": "#fff", "text-background-opacity": 0.7 } },
      { selector: "node.event", style: { "shape": "diamond", "background-color": "#ffd23f" } },
      { selector: "node.centre", style: { "border-width": 3, "border-color": "#1f5fbf" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#e25c00" } },
      { selector: "node.match", style: { "border-width": 4, "border-color": "#b3261e" } },
      { selector: "edge", style: { "width": 1.2, "line-color": "#c3c8d2", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "target-arrow-color": "#c3c8d2", "arrow-scale": 0.7,
        "label": "data(label)", "font-size": 7, "color": "#8a93a3", "text-rotation": "autorotate" } },
      { selector: "edge.killed", style: { "line-color": "#b3261e", "target-arrow-color": "#b3261e" } }
    ]
  });
  window.KG_CY = cy;

  function nodeData(r) {
    var label = r[1];
    return { group: "nodes", data: { id: "n" + r[0], idx: r[0], label: label,
      short: label.length > 40 ? label.slice(0, 38) + "…" : label, kind: r[2], category: r[3], url: r[4],
      colour: colours[r[2]] || "#9aa3b5", size: Math.min(14 + 3 * Math.sqrt(r[5]), 46) },
      classes: r[3] === "event" ? "event" : "entity" };
  }

  function addNode(r) {
    if (cy.getElementById("n" + r[0]).empty()) { cy.add(nodeData(r)); }
  }

  function addEdges(r) {
    r[6].forEach(function (n) {
      if (cy.getElementById("n" + n[0]).empty()) { return; }
      var source = n[7] ? r[0] : n[0], target = n[7] ? n[0] : r[0];
      var id = "e" + source + "-" + target + "-" + n[6];
      if (cy.getElementById(id).empty()) {
        cy.add({ group: "edges", data: { id: id, source: "n" + source, target: "n" + target, label: n[6] },
          classes: n[6] === "killed" ? "killed" : "" });
      }
    });
  }

  function layout(fit) {
    cy.layout({ name: "cose", animate: false, randomize: true, nodeRepulsion: function () { return 9000; },
      idealEdgeLength: function () { return 70; }, fit: fit !== false, padding: 20 }).run();
    status.textContent = cy.nodes().length + " nodes, " + cy.edges().length + " links shown";
  }

  function expand(idx, centre) {
    loadNode(idx, function (r) {
      if (!r) { status.textContent = "No node " + idx; return; }
      addNode(r);
      var fresh = r[6].filter(function (n) { return cy.getElementById("n" + n[0]).empty(); });
      var room = Math.max(0, Math.min(PER_EXPANSION, MAX_SHOWN - cy.nodes().length));
      var pending = fresh.slice(0, room);
      pending.forEach(function (n) { addNode(n); });
      addEdges(r);
      var todo = pending.length;
      function done() {
        layout();
        if (centre) { cy.nodes().removeClass("centre"); cy.getElementById("n" + r[0]).addClass("centre"); }
        if (fresh.length > room) {
          status.textContent += "; " + (fresh.length - room) + " more neighbours of " + r[1] +
            (room ? ": show its neighbours again" : " (the view is full)");
        }
        select(r[0]);
      }
      if (!todo) { done(); return; }
      // the links between the neighbours are in their own records
      pending.forEach(function (n) {
        loadNode(n[0], function (nr) {
          if (nr) { addEdges(nr); }
          todo -= 1;
          if (todo === 0) { done(); }
        });
      });
    });
  }

  function select(idx) {
    var node = cy.getElementById("n" + idx);
    if (node.empty()) { return; }
    cy.nodes().unselect();
    node.select();
    var d = node.data();
    info.textContent = "";
    info.appendChild(el("h3", d.label));
    info.appendChild(el("p", d.kind + " · " + node.degree() + " links shown", "hint"));
    var p = el("p");
    p.appendChild(link(d.url, "Open its page"));
    info.appendChild(p);
    if (!net.full) {
      var b = el("button", "Show its neighbours");
      b.type = "button";
      b.addEventListener("click", function () { expand(d.idx, false); });
      info.appendChild(b);
    }
    var ul = el("ul");
    node.connectedEdges().forEach(function (edge) {
      var other = edge.source().id() === node.id() ? edge.target() : edge.source();
      var li = el("li");
      li.appendChild(el("span", edge.data("label") + (edge.source().id() === node.id() ? " → " : " ← "), "hint"));
      li.appendChild(link(other.data("url"), other.data("label")));
      ul.appendChild(li);
    });
    info.appendChild(ul);
  }

  cy.on("tap", "node", function (event) { select(event.target.data("idx")); });
  cy.on("dbltap", "node", function (event) {
    var d = event.target.data();
    if (net.full) { window.location.href = (document.body.getAttribute("data-root") || "") + d.url; }
    else { expand(d.idx, false); }
  });

  document.getElementById("net-filter").addEventListener("input", function (event) {
    var q = fold(event.target.value).trim();
    cy.nodes().removeClass("match");
    if (!q) { return; }
    var found = cy.nodes().filter(function (n) { return fold(n.data("label")).indexOf(q) !== -1; });
    found.addClass("match");
    if (found.length) { cy.animate({ fit: { eles: found, padding: 80 } }, { duration: 250 }); }
  });

  var match = /n=(\d+)/.exec(window.location.hash);
  var start = match ? parseInt(match[1], 10) : null;
  if (!net.nodes) {
    status.textContent = "The graph has no actor, place or event.";
  } else if (net.full) {
    var left = net.shards;
    for (var s = 0; s < net.shards; s++) {
      loadShard(s, function () {
        left -= 1;
        if (left) { return; }
        var alone = 0;
        Object.keys(records).forEach(function (k) {
          // nodes without links would only crowd the view; their pages still list them
          if (records[k][5] > 0 || records[k][0] === start) { addNode(records[k]); } else { alone += 1; }
        });
        Object.keys(records).forEach(function (k) { addEdges(records[k]); });
        layout();
        if (alone) { status.textContent += "; " + alone + " without links not drawn"; }
        if (start !== null) {
          cy.getElementById("n" + start).addClass("centre");
          select(start);
          cy.animate({ center: { eles: cy.getElementById("n" + start) }, zoom: 1.4 }, { duration: 200 });
        }
      });
    }
  } else {
    expand(start !== null ? start : net.start, true);
  }
})();
