/* Map page: events as dots over country outlines, in SVG. The outlines are Natural
   Earth's (data/world.js, TopoJSON) turned into shapes by topojson-client; the
   projection is equirectangular (x = longitude, y = -latitude). A dot is one place;
   a click opens its event, or lists its events. */
(function () {
  "use strict";
  var points = window.KG_MAP || [], world = window.KG_WORLD;
  var el = window.kgEl, link = window.kgLink;
  var SVG = "http://www.w3.org/2000/svg";
  var box = document.getElementById("map"), info = document.getElementById("map-info");
  var status = document.getElementById("map-status");
  var svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "map-svg");
  svg.setAttribute("role", "img");
  box.appendChild(svg);

  function node(tag, attrs) {
    var n = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    return n;
  }

  // country outlines: one path per country, rings as subpaths
  var land = node("g", { "class": "map-land" });
  svg.appendChild(land);
  if (world && window.topojson) {
    window.topojson.feature(world, world.objects.countries).features.forEach(function (feature) {
      var g = feature.geometry;
      if (!g) { return; }
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      var d = polygons.map(function (rings) {
        return rings.map(function (ring) {
          return "M" + ring.map(function (p) { return p[0].toFixed(2) + "," + (-p[1]).toFixed(2); }).join("L") + "Z";
        }).join("");
      }).join("");
      var path = node("path", { d: d, "class": "map-country" });
      var title = node("title", {});
      title.textContent = (feature.properties && feature.properties.name) || "";
      path.appendChild(title);
      land.appendChild(path);
    });
  }

  // dots
  var dots = node("g", { "class": "map-dots" });
  svg.appendChild(dots);
  var shown = [];
  points.forEach(function (p, i) {
    var a = node("a", { href: (document.body.getAttribute("data-root") || "") + (p.e.length === 1 ? p.e[0].u : "map.html"),
                        "class": "map-dot p" + (p.p || 0), "data-index": i });
    var c = node("circle", { cx: p.x, cy: -p.y, r: 1 });
    var title = node("title", {});
    title.textContent = p.n + ": " + p.e.length + " event" + (p.e.length === 1 ? "" : "s");
    c.appendChild(title);
    a.appendChild(c);
    a.addEventListener("click", function (event) {
      if (p.e.length > 1) { event.preventDefault(); describe(p); }
    });
    dots.appendChild(a);
    shown.push({ point: p, circle: c });
  });

  function describe(p) {
    info.textContent = "";
    var h = el("h2");
    h.appendChild(p.u ? link(p.u, p.n) : el("span", p.n));
    info.appendChild(h);
    info.appendChild(el("p", p.y + ", " + p.x, "count"));
    var list = el("ul");
    p.e.forEach(function (e) {
      var li = el("li");
      li.appendChild(link(e.u, e.l));
      li.appendChild(el("span", " " + e.k + (e.d ? " · " + e.d : "") + (e.p ? " · precision " + e.p : ""), "count"));
      list.appendChild(li);
    });
    info.appendChild(list);
  }

  // the view: a viewBox in degrees; dots keep their size on screen whatever the zoom
  var view = { x: -180, y: -90, w: 360, h: 180 };
  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    var unit = view.w / Math.max(box.clientWidth || 800, 1);
    shown.forEach(function (s) {
      s.circle.setAttribute("r", (unit * (4 + 2 * Math.sqrt(s.point.e.length))).toFixed(4));
      s.circle.setAttribute("stroke-width", (unit * 1.5).toFixed(4));
    });
    land.setAttribute("stroke-width", (unit * 0.7).toFixed(4));
    status.textContent = points.length + " place" + (points.length === 1 ? "" : "s");
  }
  function frame(x0, y0, x1, y1) {
    var w = Math.max(x1 - x0, 24), h = Math.max(y1 - y0, 12), cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    var ratio = 2;  // width / height of the box
    if (w / h < ratio) { w = h * ratio; } else { h = w / ratio; }
    view = { x: cx - w / 2, y: cy - h / 2, w: w, h: h };
    apply();
  }
  function fit() {
    var xs = points.map(function (p) { return p.x; }), ys = points.map(function (p) { return -p.y; });
    var pad = 4;
    frame(Math.min.apply(null, xs) - pad, Math.min.apply(null, ys) - pad, Math.max.apply(null, xs) + pad, Math.max.apply(null, ys) + pad);
  }
  function zoom(factor) {
    var cx = view.x + view.w / 2, cy = view.y + view.h / 2;
    frame(cx - view.w * factor / 2, cy - view.h * factor / 2, cx + view.w * factor / 2, cy + view.h * factor / 2);
  }
  document.getElementById("map-fit").addEventListener("click", fit);
  document.getElementById("map-world").addEventListener("click", function () { frame(-180, -90, 180, 90); });
  document.getElementById("map-in").addEventListener("click", function () { zoom(0.5); });
  document.getElementById("map-out").addEventListener("click", function () { zoom(2); });
  window.addEventListener("resize", apply);
  fit();
}());
