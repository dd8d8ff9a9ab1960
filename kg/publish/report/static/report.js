/* kg report: shared behaviour. Text from the graph is only ever set with
   textContent, never parsed as HTML. */
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q");
  if (q !== null) {
    document.querySelectorAll('input[name="q"]').forEach(function (input) { input.value = q; });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "/" && !(target instanceof HTMLInputElement || target instanceof HTMLSelectElement ||
        target instanceof HTMLTextAreaElement)) {
      var box = document.querySelector('form.search input[name="q"]');
      if (box) { event.preventDefault(); box.focus(); }
    }
  });
})();

/* Accent- and case-insensitive form of a text, for search and filters. */
window.kgFold = function (text) {
  return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2018\u2019`\u00b4]/g, "'").replace(/[\u2010-\u2015]/g, "-").toLowerCase();
};

/* An element with text (escaped by the DOM) and optional class. */
window.kgEl = function (tag, text, className) {
  var el = document.createElement(tag);
  if (text !== undefined && text !== null) { el.textContent = String(text); }
  if (className) { el.className = className; }
  return el;
};

/* A link to a page of the report (hrefs in the data are relative to the root). */
window.kgLink = function (href, text, className) {
  var a = window.kgEl("a", text, className);
  a.setAttribute("href", (document.body.getAttribute("data-root") || "") + href);
  return a;
};
