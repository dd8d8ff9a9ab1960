/* Search page: names and aliases of actors, places, events and articles (data/search.js). */
(function () {
  "use strict";
  var rows = window.KG_SEARCH || [];
  var fold = window.kgFold, el = window.kgEl, link = window.kgLink;
  var order = { entity: 0, event: 1, article: 2 };
  var index = rows.map(function (row) {
    return { row: row, label: fold(row[0]), aliases: row[1].map(fold) };
  });

  function rank(text, query) {
    if (text === query) { return 0; }
    if (text.indexOf(query) === 0) { return 1; }
    if ((" " + text.replace(/[-'’(),.]/g, " ")).indexOf(" " + query) !== -1) { return 2; }
    if (text.indexOf(query) !== -1) { return 3; }
    return -1;
  }

  function search(query) {
    var q = fold(query).trim();
    if (!q) { return []; }
    var found = [];
    index.forEach(function (entry) {
      var best = rank(entry.label, q) * 2, via = null;
      entry.aliases.forEach(function (alias, i) {
        var r = rank(alias, q);
        if (r !== -1 && (best < 0 || r * 2 + 1 < best)) { best = r * 2 + 1; via = entry.row[1][i]; }
      });
      if (best >= 0) { found.push({ score: best, via: via, row: entry.row }); }
    });
    found.sort(function (a, b) {
      return a.score - b.score || order[a.row[4]] - order[b.row[4]] ||
        (a.row[0] < b.row[0] ? -1 : a.row[0] > b.row[0] ? 1 : 0);
    });
    return found;
  }

  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var count = document.getElementById("search-count");

  function show() {
    var found = search(input.value);
    list.textContent = "";
    found.slice(0, 200).forEach(function (hit) {
      var li = el("li");
      li.appendChild(link(hit.row[2], hit.row[0], "node c-" + hit.row[4]));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", hit.row[3], "kind"));
      if (hit.via) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "also written \u00ab\u202f" + hit.via + "\u202f\u00bb", "matched"));
      }
      list.appendChild(li);
    });
    count.textContent = input.value.trim() ? found.length + " found" + (found.length > 200 ? " (first 200 shown)" : "") : "";
  }

  input.addEventListener("input", show);
  show();
  input.focus();
})();
