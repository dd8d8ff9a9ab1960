"""The page ``kg serve`` gives a browser at ``/``: a query form with the
library's queries, answers as a table (SELECT, ASK) or as Turtle (CONSTRUCT,
DESCRIBE). One self-contained page: no CDN, no font, no request but to this
server's own /sparql and /update, so that it works offline and its
Content-Security-Policy can say so."""
from __future__ import annotations

import html
import json
from typing import Iterable

# the page's own inline script and style; it may fetch only from its server
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                           "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'")

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg SPARQL endpoint</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 72em; padding: 0 1em; color: #1d1d1f; }
  h1 { font-size: 1.3em; margin: 0 0 .3em; }
  p.info { color: #555; margin: 0 0 1em; }
  label { font-weight: 600; margin-right: .4em; }
  select, button { font: inherit; padding: .25em .6em; }
  textarea { width: 100%; box-sizing: border-box; height: 16em; font: 13px/1.4 ui-monospace, monospace; margin: .5em 0; }
  #status { margin: .6em 0; color: #555; }
  #status.error { color: #b00020; white-space: pre-wrap; }
  table { border-collapse: collapse; font-size: 13px; }
  th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
  th { background: #f2f2f2; }
  pre { background: #f7f7f7; padding: .8em; overflow: auto; font-size: 13px; }
</style>
</head>
<body>
<h1>kg SPARQL endpoint</h1>
<p class="info">{info}</p>
<div>
  <label for="library">Library</label>
  <select id="library"><option value="">— a query of kg's library —</option>{options}</select>
  <button id="run" type="button">Run query</button>
  {update_button}
</div>
<textarea id="query" spellcheck="false" aria-label="SPARQL query">{initial}</textarea>
<div id="status" role="status"></div>
<div id="answer"></div>
<script type="application/json" id="queries">{queries}</script>
<script>
(function () {
  "use strict";
  var queries = JSON.parse(document.getElementById("queries").textContent);
  var text = document.getElementById("query");
  var status = document.getElementById("status");
  var answer = document.getElementById("answer");
  document.getElementById("library").addEventListener("change", function (event) {
    if (event.target.value in queries) { text.value = queries[event.target.value]; }
  });
  function say(message, error) {
    status.textContent = message;
    status.className = error ? "error" : "";
  }
  function cell(term) {
    if (!term) { return ""; }
    if (term.type === "uri") { return term.value; }
    if (term.type === "bnode") { return "_:" + term.value; }
    return term.value + (term["xml:lang"] ? "@" + term["xml:lang"] : "");
  }
  function table(results) {
    var variables = results.head.vars;
    var element = document.createElement("table");
    var head = element.createTHead().insertRow();
    variables.forEach(function (name) {
      var th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    });
    var body = element.createTBody();
    results.results.bindings.forEach(function (binding) {
      var row = body.insertRow();
      variables.forEach(function (name) { row.insertCell().textContent = cell(binding[name]); });
    });
    return element;
  }
  function send(path, field, accept) {
    answer.textContent = "";
    say("Running…", false);
    var body = new URLSearchParams();
    body.set(field, text.value);
    return fetch(path, {method: "POST", body: body, headers: {"Accept": accept}}).then(function (response) {
      return response.text().then(function (content) {
        if (!response.ok) { throw new Error("HTTP " + response.status + ": " + content); }
        return {type: response.headers.get("Content-Type") || "", content: content,
                truncated: response.headers.get("Kg-Results-Truncated") === "true"};
      });
    });
  }
  document.getElementById("run").addEventListener("click", function () {
    send("sparql", "query", "application/sparql-results+json, text/turtle;q=0.9").then(function (reply) {
      if (reply.type.indexOf("json") >= 0) {
        var results = JSON.parse(reply.content);
        if ("boolean" in results) {
          answer.textContent = String(results.boolean);
          say("ASK answered", false);
          return;
        }
        answer.appendChild(table(results));
        var count = results.results.bindings.length;
        say(count + (count === 1 ? " row" : " rows") + (reply.truncated ? " (the server's row limit cut the answer)" : ""), false);
      } else {
        var pre = document.createElement("pre");
        pre.textContent = reply.content;
        answer.appendChild(pre);
        say("graph (Turtle)", false);
      }
    }).catch(function (error) { say(error.message, true); });
  });
  var update = document.getElementById("update");
  if (update) {
    update.addEventListener("click", function () {
      send("update", "update", "text/plain").then(function () { say("update applied", false); })
        .catch(function (error) { say(error.message, true); });
    });
  }
}());
</script>
</body>
</html>
"""

_DEFAULT_QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"


def query_page(library: Iterable, info: str, writable: bool) -> bytes:
    """The page, with ``library``'s queries that take no parameter (LibraryQuery entries)."""
    entries = [entry for entry in library if not entry.parameters]
    texts = {entry.name: entry.path.read_text(encoding="utf-8") for entry in entries}
    options = "".join(f'<option value="{html.escape(e.name)}">{html.escape(e.name)} — {html.escape(e.title)}</option>'
                      for e in entries)
    # in a script element only "</" could end it: JSON with "<" escaped cannot
    data = json.dumps(texts, ensure_ascii=False).replace("<", "\\u003c")
    button = '<button id="update" type="button">Run update</button>' if writable else ""
    page = (_PAGE.replace("{info}", html.escape(info)).replace("{options}", options)
            .replace("{update_button}", button).replace("{initial}", html.escape(_DEFAULT_QUERY))
            .replace("{queries}", data))
    return page.encode("utf-8")
