/* Claims page: the table of every claim (data/claims.js), sorted, filtered and paged here. */
(function () {
  "use strict";
  var claims = window.KG_CLAIMS || [];
  var fold = window.kgFold, el = window.kgEl, link = window.kgLink;
  var PAGE = 100;
  var state = { key: "r", dir: 1, page: 0 };
  var body = document.querySelector("#claims-table tbody");
  var pager = document.getElementById("claims-pager");
  var counter = document.getElementById("claim-count");
  var f = {
    claimant: document.getElementById("f-claimant"), accused: document.getElementById("f-accused"),
    type: document.getElementById("f-type"), hedged: document.getElementById("f-hedged"),
    words: document.getElementById("f-words")
  };

  function names(list) { return list.map(function (x) { return x[0]; }).join(", "); }
  var rows = claims.map(function (c, i) {
    return {
      c: c, i: i, claimant: fold(names(c.c)), accused: fold(names(c.a) + " " + names(c.b)), words: fold(c.s),
      sort: { c: fold(names(c.c)), t: c.t, a: fold(names(c.a) || names(c.b)), s: fold(c.s), h: c.h ? 1 : 0,
              o: fold(names(c.o)), r: names(c.r) }
    };
  });

  function visible() {
    var qc = fold(f.claimant.value).trim(), qa = fold(f.accused.value).trim(), qw = fold(f.words.value).trim();
    var type = f.type.value, hedged = f.hedged.value;
    var found = rows.filter(function (r) {
      return (!qc || r.claimant.indexOf(qc) !== -1) && (!qa || r.accused.indexOf(qa) !== -1) &&
        (!qw || r.words.indexOf(qw) !== -1) && (!type || r.c.t === type) &&
        (!hedged || (hedged === "yes") === Boolean(r.c.h));
    });
    found.sort(function (x, y) {
      var a = x.sort[state.key], b = y.sort[state.key];
      return (a < b ? -1 : a > b ? 1 : 0) * state.dir || x.i - y.i;
    });
    return found;
  }

  function cell(list) {
    var td = el("td");
    list.forEach(function (x, i) {
      if (i) { td.appendChild(document.createTextNode(", ")); }
      td.appendChild(x[1] ? link(x[1], x[0], "node") : el("span", x[0]));
    });
    return td;
  }

  function render() {
    var found = visible();
    var pages = Math.max(1, Math.ceil(found.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    body.textContent = "";
    found.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (r) {
      var c = r.c, tr = el("tr");
      tr.appendChild(cell(c.c));
      var type = el("td");
      type.appendChild(el("span", c.t, "ctype"));
      if (c.n) { type.appendChild(document.createTextNode(" ")); type.appendChild(el("span", "negated", "flag negated")); }
      tr.appendChild(type);
      var accused = cell(c.a);
      if (c.b.length) {
        var about = el("div", "about: ", "about");
        c.b.forEach(function (x, i) {
          if (i) { about.appendChild(document.createTextNode(", ")); }
          about.appendChild(x[1] ? link(x[1], x[0], "node") : el("span", x[0]));
        });
        accused.appendChild(about);
      }
      tr.appendChild(accused);
      var words = el("td");
      words.appendChild(link(c.u, "\u00ab\u202f" + c.s + "\u202f\u00bb"));
      tr.appendChild(words);
      var hedged = el("td");
      if (c.h) { hedged.appendChild(el("span", "hedged", "flag hedged")); } else { hedged.textContent = "no"; }
      tr.appendChild(hedged);
      tr.appendChild(cell(c.o));
      tr.appendChild(cell(c.r));
      body.appendChild(tr);
    });
    counter.textContent = found.length + " of " + rows.length + " claims";
    pager.textContent = "";
    if (pages > 1) {
      for (var p = 0; p < pages; p++) {
        var b = el("button", String(p + 1));
        b.type = "button";
        if (p === state.page) { b.setAttribute("aria-current", "page"); }
        b.addEventListener("click", (function (n) { return function () { state.page = n; render(); }; })(p));
        pager.appendChild(b);
      }
    }
  }

  document.querySelectorAll("#claims-table th[data-sort]").forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      state.dir = state.key === key ? -state.dir : 1;
      state.key = key;
      document.querySelectorAll("#claims-table th").forEach(function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(state.dir > 0 ? "asc" : "desc");
      render();
    });
  });
  Object.keys(f).forEach(function (name) {
    f[name].addEventListener("input", function () { state.page = 0; render(); });
  });
  document.getElementById("claim-filters").addEventListener("submit", function (e) { e.preventDefault(); });
  var params = new URLSearchParams(window.location.search);
  ["claimant", "accused", "type", "hedged", "words"].forEach(function (name) {
    if (params.get(name)) { f[name].value = params.get(name); }
  });
  render();
})();
