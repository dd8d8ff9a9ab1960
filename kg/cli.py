"""The ``kg`` command: a thin click layer over the Python API.

Exit codes (as pySHACL's CLI, without overloading 1):
  0  success (build: every input read; validate: conforms; ask: true)
  1  build: graph written but some inputs were skipped;
     validate: does not conform; ask: false
  2  bad usage or unreadable input (clear message, no traceback)
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .build import DEFAULT_CACHE_DIR, DEFAULT_MAX_BYTES
from .errors import KgError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class ProgressBar:
    """A progress bar on standard error, drawn only on a terminal and when not quiet.

    ``start(total)`` opens it once the length is known; ``step(n)`` advances it;
    use it as a context manager so that it is closed on errors too."""

    def __init__(self, label: str, quiet: bool) -> None:
        self.label = label
        self.shown = not quiet and sys.stderr.isatty()
        self.bar = None

    def start(self, total: int) -> None:
        if self.shown:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()

    def step(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


class KgGroup(click.Group):
    """Turn KgError into a one-line message and exit code 2."""

    def invoke(self, ctx):
        import logging

        # rdflib logs warnings of its own ("… does not look like a valid URI") before kg's message
        logging.getLogger("rdflib").setLevel(logging.ERROR)
        try:
            return super().invoke(ctx)
        except KgError as err:
            click.echo(f"Error [{err.code}]: {err}", err=True)
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


class ModuleChoice(click.Choice):
    """The choices a module defines (``"kg.rdf.writer:FORMATS"``), imported when the option is used or shown,
    so that the CLI repeats no list and starts without importing rdflib."""

    def __init__(self, where: str) -> None:
        self._where = where
        super().__init__((), case_sensitive=True)

    @property
    def choices(self):
        import importlib

        module, name = self._where.split(":")
        return tuple(getattr(importlib.import_module(module), name))

    @choices.setter
    def choices(self, value) -> None:  # click.Choice sets it; the module's list is the one
        pass


def output_option(help: str, default: str = "-"):
    return click.option("-o", "--output", default=default, show_default=True, help=help)


def write_output(output: str, data: bytes) -> None:
    """``data`` to standard output (``-``) or, atomically, to the file ``output``."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        from .rdf.writer import write_atomic

        write_atomic(output, data)


def ontology_option(help: str):
    return click.option("--ontology/--no-ontology", default=True, show_default=True, help=help)


def timeout_option(default: float, help: str):
    return click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=default, show_default=True, help=help)


def cache_options(help: str):
    """``--cache-dir`` and ``--no-cache``, as kg build and kg eval take them."""
    def decorate(command):
        command = click.option("--no-cache", is_flag=True, help="Parse every article again, and leave the cache alone.")(command)
        return click.option("--cache-dir", type=click.Path(path_type=Path), default=DEFAULT_CACHE_DIR, show_default=True,
                            envvar="KG_CACHE_DIR", help=help)(command)
    return decorate


def syntax_option(what: str = "the graphs"):
    return click.option(
        "--syntax", metavar="SYNTAX", default=None,
        help=f"RDF syntax of {what}: ttl, nt, trig, nq, jsonld or rdfxml (default: from each file's suffix; "
        "needed for - , standard input).",
    )


def base_option(what: str = "the graphs"):
    return click.option(
        "--base", metavar="IRI", default=None,
        help=f"Base IRI of relative IRIs in {what} (default: each file's own file: IRI).",
    )


def auth_option():
    return click.option("--auth", envvar="KG_ENDPOINT_AUTH", metavar="USER:PASSWORD", default=None,
                        help="HTTP basic credentials for the --endpoint (or set KG_ENDPOINT_AUTH).")


def queries_option():
    return click.option(
        "--queries", "queries_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
        help="Folder of .rq files whose names come before kg's own (default: ./queries of the working directory).",
    )


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Build an auditable RDF knowledge graph from French news articles.

    \b
    Examples:
      kg build seeds/ -o out/graph.ttl     read articles, write Turtle
      kg validate out/graph.ttl            check it against the SHACL shapes
      kg query attacks --graph out/graph.ttl
      kg query "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    """


# --- build --------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@output_option("Output file, or - for standard output.", default="out/graph.ttl")
@click.option(
    "-f", "--format", "fmt", type=ModuleChoice("kg.rdf.writer:FORMATS"), default=None,
    help="Output format (default: from the output file's suffix: .ttl, .nt, .trig, .nq, .jsonld; ttl on standard "
    "output). trig and nq put each article's evidence in a named graph of its own.",
)
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Skip files larger than this.")
@click.option(
    "--gazetteer", type=click.Path(path_type=Path), default=None,
    help="Known actors (.csv or .ttl: label, aliases, type, Wikidata QID) to merge aliases and add owl:sameAs links.",
)
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Parse in this many processes (same output as with one).")
@cache_options("Where extractions are kept, so that unchanged articles are not parsed again (or set KG_CACHE_DIR).")
@click.option("--any-language", is_flag=True, help="Build texts that do not look French too (skipped by default).")
@click.option("--dask", "dask_scheduler", metavar="SCHEDULER", default=None,
              help="Parse on a Dask cluster: its scheduler address (tcp://host:8786), or local[:N] for N local workers.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(paths, output, fmt, max_bytes, gazetteer, jobs, cache_dir, no_cache, any_language, dask_scheduler, quiet):
    """Read articles (.txt files or folders, - for one article on standard input;
    default seeds/) and write the graph.

    \b
    Examples:
      kg build                               # seeds/ → out/graph.ttl
      kg build articles/ -o out/news.trig    # TriG, evidence per article
      kg build articles/ -o out/news.nq      # N-Quads, as the suffix says
      kg build a.txt b.txt -o - -f nt        # N-Triples on standard output
      curl -s https://…/article.txt | kg build - -o - -f nt
      kg build articles/ --gazetteer actors.csv
      kg build articles/ -j 2                # parse with 2 processes
      kg build articles/ --no-cache          # parse everything again
      kg build articles/ --dask tcp://scheduler:8786

    Exit code 0 when every file was read, 1 when some were skipped (each is
    reported with its reason; the graph of the others is still written), 2 on
    bad usage or when no article could be read.
    """
    from .build.pipeline import build_corpus
    from .rdf.writer import QUAD_FORMATS, SUFFIX_FORMATS, output_format, serialize

    fmt = output_format(output, fmt, SUFFIX_FORMATS, "ttl")  # before the long part
    paths = paths or (Path("seeds"),)
    with ProgressBar("Parsing articles", quiet) as bar:
        result = build_corpus(
            paths, progress=bar.step, max_bytes=max_bytes, on_articles=bar.start, gazetteer=gazetteer, jobs=jobs,
            cache_dir=None if no_cache else cache_dir, any_language=any_language, dask=dask_scheduler,
        )
    data, triples = serialize(result.corpus, fmt)
    write_output(output, data)
    if not quiet:
        corpus = result.corpus
        for skipped in result.skipped:
            click.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)
        click.echo(
            f"{len(corpus.articles)} articles read{f' ({result.cached} from the cache)' if result.cached else ''}, "
            f"{len(result.skipped)} skipped; "
            f"{len(corpus.entities)} entities, {len(corpus.events)} events; "
            f"{triples} {'quads' if fmt in QUAD_FORMATS else 'triples'} written to "
            f"{'standard output' if output == '-' else output} in {result.seconds:.1f} s",
            err=True,
        )
    sys.exit(EXIT_FINDINGS if result.skipped else EXIT_OK)


# --- eval ---------------------------------------------------------------------


class EvalGroup(KgGroup):
    """``kg eval GOLD.jsonl …`` scores against gold annotations; ``kg eval NAME …`` runs
    the subcommand NAME (``kg eval timeml DIR``). A first argument that names no
    subcommand is a gold file."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["gold", *args]
        return super().parse_args(ctx, args)


@cli.group("eval", cls=EvalGroup)
def eval_group() -> None:
    """Measure extraction quality against hand-made annotations (docs/evaluation.md).

    `kg eval GOLD.jsonl …` (the `gold` subcommand) scores entities, events,
    roles, values and claims; `kg eval timeml DIR` scores time expressions
    against TimeML documents.

    \b
    Examples:
      kg eval gold.jsonl articles/           build the articles, score the graph
      kg eval gold.jsonl --graph out/graph.ttl
      kg eval gold.jsonl articles/ --errors  every false positive and negative
      kg eval timeml ../shared/corpus/timebank
    """


@eval_group.command("gold")
@click.argument("gold", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-g", "--graph", "graphs", multiple=True, type=click.Path(path_type=Path),
              help="Score this graph file (repeatable) instead of building the articles.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--errors", is_flag=True, help="List every false positive and false negative, with its words and a reason.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="Parse in this many processes.")
@cache_options("Where extractions are kept (as for kg build).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def eval_gold(gold, paths, graphs, fmt, errors, jobs, cache_dir, no_cache, quiet):
    """Score a graph against a gold file (JSON Lines, one article per line).

    Builds the articles under PATHS (as `kg build` does) or reads --graph, then
    prints precision, recall and F1 of entities, events, roles, values and
    claims, type accuracies, merge recall across articles and false merges.

    \b
    Examples:
      kg eval gold.jsonl articles/
      kg eval gold.jsonl -g out/graph.ttl --format json
      kg eval gold.jsonl articles/ --errors | grep role:place
    """
    import json

    from .evaluation import evaluate, graph_view, load_gold, render_text

    if bool(paths) == bool(graphs):
        raise click.UsageError("give the articles to build (PATHS) or a graph (--graph), not both")
    gold_articles = load_gold(gold)  # a broken gold file fails before the long build
    if graphs:
        from .rdf.graphio import load_graph

        graph = load_graph(graphs)
    else:
        from .build.pipeline import build_corpus
        from .rdf.rdfmap import to_graph

        with ProgressBar("Parsing articles", quiet) as bar:
            result = build_corpus(paths, progress=bar.step, on_articles=bar.start, jobs=jobs,
                                  cache_dir=None if no_cache else cache_dir)
        graph = to_graph(result.corpus)
    evaluation = evaluate(gold_articles, graph_view(graph))
    if fmt == "json":
        click.echo(json.dumps(evaluation.as_dict(errors=errors), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(evaluation, errors=errors), nl=False)


# --- validate -----------------------------------------------------------------


@cli.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--shapes", type=click.Path(path_type=Path), default=None, help="Shapes file or folder (default: the shapes kg ships).")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "turtle", "json", "junit"]), default="text", show_default=True,
              help="junit: JUnit XML, one test case per shape, for CI systems.")
@click.option("--engine", type=ModuleChoice("kg.check.validate:ENGINES"), default="shacl", show_default=True,
              help="What checks the core constraints: shacl (fast, Rust) or pyshacl (the reference). "
                   "SHACL-SPARQL constraints run in bulk on Oxigraph either way.")
@click.option("--allow-warnings", is_flag=True, help="Conform when every result is a Warning or Info (as pySHACL's flag).")
@click.option("--reason", "with_reasoner", is_flag=True, help="Also check consistency with the ontology (HermiT, needs Java).")
@syntax_option()
@base_option()
def validate(graphs, shapes, fmt, engine, allow_warnings, with_reasoner, syntax, base):
    """Check graphs against the SHACL shapes (default graph: out/graph.ttl; - reads standard input).

    \b
    Examples:
      kg validate out/graph.ttl
      kg build - -o - -f nt < article.txt | kg validate - --syntax nt
      kg validate out/graph.ttl --format json > report.json
      kg validate out/*.ttl --shapes my-shapes/
      kg validate out/graph.ttl --engine pyshacl        # the reference engine
      kg validate out/graph.ttl --reason --format junit > kg-report.xml

    Exit code 0 when the graph conforms, 1 when it does not (a Warning too,
    unless --allow-warnings), 2 when a graph or the shapes cannot be read. Each
    result names its focus node (with its label), the path, the shape, the
    message and the quote it came from.
    """
    from .check.validate import validate_files, load_shapes, node_shape_names

    shapes_graph = load_shapes(shapes)  # fail on bad shapes before parsing a big graph
    data = None
    if any(str(g) == "-" for g in graphs) or syntax or base:
        from .rdf.graphio import load_graph as read_inputs
        from .check.validate import validate as run_validation

        data = read_inputs(graphs, syntax, base)  # standard input is read once
        report = run_validation(data, shapes_graph, engine=engine, allow_warnings=allow_warnings)
    else:  # files: read by Oxigraph's parsers, never into rdflib unless the engine is pySHACL
        report = validate_files(graphs, shapes_graph, engine=engine, allow_warnings=allow_warnings)
    reasoning = None
    if with_reasoner:
        from .rdf.graphio import load_graph
        from .check.reason import reason as run_reasoner

        reasoning = run_reasoner(data if data is not None else load_graph(graphs))
    if fmt == "json":
        click.echo(report.to_json())
    elif fmt == "turtle":
        click.echo(report.to_turtle())
    elif fmt == "junit":
        extra = [("HermiT consistency", None if reasoning.consistent else reasoning.to_text())] if reasoning else []
        click.echo(report.to_junit(node_shape_names(shapes_graph), extra), nl=False)
    else:
        click.echo(report.to_text(), nl=False)
    if reasoning is not None and fmt != "junit":
        click.echo(reasoning.to_text(), nl=False, err=fmt != "text")
    ok = report.conforms and (reasoning is None or reasoning.consistent)
    sys.exit(EXIT_OK if ok else EXIT_FINDINGS)


# --- reason -------------------------------------------------------------------


@cli.command("reason")
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--infer", "infer_path", type=click.Path(path_type=Path), default=None,
              help="Write the inferred types (superclasses) and inverse links to this Turtle file.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@syntax_option()
@base_option()
def reason_command(graphs, infer_path, fmt, syntax, base):
    """Check the graph against the ontology with the HermiT reasoner (needs Java).

    \b
    Examples:
      kg reason out/graph.ttl
      kg reason out/graph.ttl --infer out/inferred.ttl

    Exit code 0 when consistent, 1 when not (each clash is named: the node, its
    label, the axioms that clash, the words it came from), 2 on unreadable input.
    """
    from .rdf.graphio import load_graph
    from .check.reason import inferred_triples, reason
    from .resources import ontology_graph
    from .rdf.writer import write_atomic

    data = load_graph(graphs, syntax, base)
    report = reason(data)
    click.echo(report.to_json() if fmt == "json" else report.to_text(), nl=fmt == "json")
    if infer_path is not None:
        inferred = inferred_triples(ontology_graph(), data)
        from .rdf.namespaces import PREFIXES

        for prefix, namespace in PREFIXES.items():
            inferred.bind(prefix, namespace)
        write_atomic(infer_path, inferred.serialize(format="turtle", encoding="utf-8"))
        click.echo(f"{len(inferred)} inferred triples written to {infer_path}", err=True)
    sys.exit(EXIT_OK if report.consistent else EXIT_FINDINGS)


# --- query --------------------------------------------------------------------


@cli.command()
@click.argument("query")
@click.option("-g", "--graph", "graphs", multiple=True, type=click.Path(path_type=Path, allow_dash=True),
              help="Graph file: .ttl, .nt, .trig, .nq, .jsonld, .rdf, or - for standard input "
              "(repeatable; default out/graph.ttl).")
@click.option("--named-graph", "named", multiple=True, type=click.Path(path_type=Path),
              help="Load this file as a named graph, named by its file: IRI, outside the default graph "
              "(repeatable; as arq's --namedGraph).")
@syntax_option()
@base_option("the query and the graphs")
@click.option("--store", type=click.Path(path_type=Path), default=None, help="Query an on-disk Oxigraph store filled by `kg load`.")
@click.option("--endpoint", metavar="URL", default=None, help="Query a SPARQL 1.1 endpoint instead (Oxigraph, Fuseki, GraphDB…).")
@click.option(
    "-f", "--format", "fmt", type=ModuleChoice("kg.sparql.results:ALL_FORMATS"),
    default=None,
    help="SELECT and ASK: table, csv, tsv, json or xml (default: table on a terminal, csv otherwise; json, xml, csv "
    "and tsv are the SPARQL 1.1 results formats). CONSTRUCT and DESCRIBE: ttl (default), nt, nq, trig, jsonld or rdfxml.",
)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable); `kg queries` lists each query's parameters.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Print at most this many rows.")
@click.option("--engine", type=ModuleChoice("kg.sparql.query:ENGINES"), default="oxigraph", show_default=True,
              help="SPARQL engine for graph files: Oxigraph (fast), or rdflib (the reference).")
@ontology_option("Query the ontology too (class tree for rdfs:subClassOf* paths).")
@queries_option()
@timeout_option(60.0, help="Seconds the query may run (an --endpoint: to answer in full); then it is stopped.")
@click.option("--max-memory", type=click.IntRange(min=1), default=None, metavar="MIB",
              help="MiB of memory the query may take beyond the loaded graphs; then it is stopped (default: half the machine's).")
@auth_option()
def query(query, graphs, named, syntax, base, store, endpoint, fmt, params, limit, engine, ontology, queries_dir,
          timeout, max_memory, auth):
    """Run a SPARQL query: a .rq file, a name from queries/, or inline text.

    \b
    Examples:
      kg query attacks                       # queries/attacks.rq
      kg query attacks-on --param target=Bagdad
      kg query my.rq --graph out/graph.ttl --format csv
      kg query "ASK { ?e a nkg:RocketAttack }"
      kg query timeline --store out/store    # a store filled by kg load
      kg query persons --endpoint http://localhost:7878/query
      riot --output=nt data.ttl | kg query q.rq -g - --syntax nt
      kg query "CONSTRUCT WHERE { ?s a nkg:Person }" -f jsonld

    A name is looked for in ./queries (or --queries DIR), then among kg's
    queries. The prefixes nkg, nkgr, prov, dcterms, skos, rdf, rdfs, xsd,
    owl and wd are predeclared. Named graphs (TriG, N-Quads, --named-graph)
    are queryable with GRAPH ?g; unless the query names its dataset (FROM,
    FROM NAMED), the default graph is the union of the graphs of -g files.
    ASK prints true or false and exits 0 or 1; CONSTRUCT and DESCRIBE print
    Turtle unless -f says another syntax. The row count goes to standard
    error, except in the table. An update (INSERT, DELETE…) is for `kg update`.

    The query runs in a process of its own: past --timeout or --max-memory,
    or on Ctrl-C, it is stopped at once (exit code 2, or 130 for Ctrl-C).
    """
    from .sparql.query import answer_query, open_engine, parameters_of, parse_assignments, resolve_query
    from .sparql.sandbox import MIB, machine_memory

    if sum(map(bool, (graphs or named, store, endpoint))) > 1:
        raise click.UsageError("give graph files, --store or --endpoint: one of them")
    resolved = resolve_query(query, queries_dir)
    runner = open_engine(graphs, store=store, endpoint=endpoint, engine=engine, with_ontology=ontology, timeout=timeout,
                         auth=auth, named=named, syntax=syntax, base=base)
    memory = max_memory * MIB if max_memory else (machine_memory() or 0) // 2 or None
    terminal = sys.stdout.isatty()
    answer = answer_query(resolved.text, runner, fmt, parse_assignments(params), limit, parameters_of(resolved.text),
                          timeout, memory, base=base or resolved.base, terminal=terminal)
    click.echo(answer.text, nl=False)
    if answer.kind == "ASK":
        sys.exit(EXIT_OK if answer.boolean else EXIT_FINDINGS)
    table = answer.kind == "SELECT" and (fmt or ("table" if terminal else "csv")) == "table"
    if not table:  # the table says its row count itself
        click.echo(answer.summary, err=True)


@cli.command("update")
@click.argument("update")
@click.option("--store", type=click.Path(path_type=Path), default=None, help="Update this on-disk store, filled by `kg load`.")
@click.option("--endpoint", metavar="URL", default=None,
              help="Send the update to this SPARQL 1.1 update endpoint (Oxigraph …/update, Fuseki …/DATASET/update).")
@base_option("the update")
@timeout_option(600.0, help="Seconds the update may run (an --endpoint: to answer); then it is stopped and nothing is written.")
@click.option("--max-memory", type=click.IntRange(min=1), default=None, metavar="MIB",
              help="MiB of memory the update may take (--store); then it is stopped (default: half the machine's).")
@auth_option()
def update_command(update, store, endpoint, base, timeout, max_memory, auth):
    """Run a SPARQL Update (a .ru file or inline text) on a store or an endpoint.

    \b
    Examples:
      kg update "DELETE WHERE { ?e nkg:fatalities 4 }" --store out/store
      kg update fixes.ru --store out/store
      kg update fixes.ru --endpoint http://localhost:7878/update
      kg update "CLEAR GRAPH <https://w3id.org/newskg/id/graph_000_7afa567106cc4b63>" --endpoint http://localhost:3030/news/update

    On a store the update is one transaction, in a process of its own: past
    --timeout or --max-memory, on Ctrl-C or on an error, the store is left as it
    was. The prefixes of kg query are predeclared. A query (SELECT…) is for
    `kg query`.
    """
    from .sparql.sandbox import MIB, machine_memory
    from .sparql.update import resolve_update, update_endpoint, update_store

    if bool(store) == bool(endpoint):
        raise click.UsageError("give --store DIR or --endpoint URL: one of them")
    text, _source, file_base = resolve_update(update)
    if store:
        memory = max_memory * MIB if max_memory else (machine_memory() or 0) // 2 or None
        outcome = update_store(store, text, base or file_base, timeout, memory)
    else:
        outcome = update_endpoint(endpoint, text, base or file_base, timeout, auth)
    click.echo(outcome.summary(), err=True)


@cli.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--store", type=click.Path(path_type=Path), required=True, help="Store directory (created if missing).")
@ontology_option("Load the ontology too, as `kg query` sees it.")
@click.option("--replace", is_flag=True, help="Empty the store first (default: add to what it holds).")
@syntax_option()
@base_option()
def load(graphs, store, ontology, replace, syntax, base):
    """Load graph files into an on-disk Oxigraph store, parsed once for many queries.

    \b
    Examples:
      kg load out/graph.ttl --store out/store
      kg load out/news.trig --store out/store --replace
      kg load - --syntax nt --store out/store < more.nt
      kg query timeline --store out/store

    Turtle and N-Triples go to the default graph, TriG and N-Quads keep their
    named graphs. Each file loads in one transaction: a file that does not
    parse leaves the store as it was. The directory is an ordinary Oxigraph
    store: `oxigraph serve --location DIR` serves it too.
    """
    from .sparql.engines import load_store

    count = load_store(store, graphs, with_ontology=ontology, replace=replace, syntax=syntax, base=base)
    click.echo(f"{count} quads in {store}", err=True)


@cli.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--store", type=click.Path(path_type=Path), default=None, help="Serve an on-disk store filled by `kg load` instead of graph files.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 opens it to the network).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@timeout_option(30.0, help="Seconds a request may wait and run; then its worker is stopped and the answer is 503.")
@click.option("--max-memory", type=click.IntRange(min=16), default=1024, show_default=True, metavar="MIB",
              help="MiB of memory a request may take; then its worker is stopped and the answer is 507.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Send at most this many rows (header Kg-Results-Truncated: true when cut).")
@click.option("--workers", type=click.IntRange(min=0, max=64), default=0, show_default=True,
              help="Processes that run queries at once (0: one per CPU, at most 4; --writable: 1).")
@click.option("--writable", is_flag=True, help="Accept SPARQL Update and Graph Store writes (default: read-only).")
@click.option("--allow-federation", "federation", multiple=True, metavar="HOST",
              help="Let SERVICE and LOAD reach this host (repeatable; default: no outbound request at all).")
@click.option("--allow-host", "hosts", multiple=True, metavar="NAME",
              help="A name clients may call this server by, besides its IP addresses and localhost (repeatable).")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let pages of this origin (https://yasgui.example) query the server from a browser (CORS, repeatable; "
              "* for any origin, reads only). A named origin may also write to a --writable server.")
@ontology_option("Serve the ontology with graph files.")
@click.option("-q", "--quiet", is_flag=True, help="Do not log requests.")
def serve(graphs, store, host, port, timeout, max_memory, max_rows, workers, writable, federation, hosts, cors, ontology, quiet):
    """Serve graphs as a local SPARQL 1.1 endpoint (read-only unless --writable).

    \b
    Examples:
      kg serve out/graph.ttl                 # http://127.0.0.1:7878/sparql
      kg serve --store out/store --port 8000
      kg serve out/graph.ttl --host 0.0.0.0 --allow-host kg.example.org
      kg serve --store out/store --writable  # updates kept in out/store
      kg serve out/graph.ttl --cors https://yasgui.triply.cc
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/sparql

    Queries: GET or POST /sparql (SPARQL 1.1 Protocol; JSON, XML, CSV or TSV
    results by the Accept header). Graphs: GET /store?graph=IRI or ?default.
    Updates (POST /update) and uploads (PUT/POST /store) only with --writable:
    on graph files they are kept in memory and lost when the server stops, on
    a --store they are written to it. A browser at / gets a query page.
    Each query runs in a worker process, stopped past --timeout or
    --max-memory; SERVICE and LOAD are refused unless --allow-federation
    names their host. Stop with Ctrl-C.
    """
    from .sparql.engines import OxigraphEngine, check_store_directory
    from .sparql.sandbox import MIB
    from .sparql.serve import ServeSettings, make_server, serve_until_interrupted

    if store and graphs:
        raise click.UsageError("give graph files or --store, not both")
    settings = ServeSettings(timeout, max_rows, writable, quiet, max_memory * MIB, workers, tuple(federation), tuple(hosts),
                             cors=tuple(cors))
    # an on-disk store is opened by the workers only (RocksDB must not be open when they are forked)
    source = check_store_directory(store) if store else OxigraphEngine.from_files(graphs, ontology).store
    server = make_server(source, host, port, settings)
    del source  # the workers have their copy
    quads = server.info()["quads"]
    page = server.url.rsplit("/sparql", 1)[0] + "/"
    click.echo(f"kg serve: SPARQL endpoint at {server.url} ({quads} quads; {server.app.updates_said()}); "
               f"query page at {page}; Ctrl-C to stop", err=True)
    serve_until_interrupted(server)


@cli.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--endpoint", metavar="URL", required=True,
              help="Graph Store endpoint: Oxigraph http://HOST:7878/store, Fuseki http://HOST:3030/DATASET/data, "
              "GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service.")
@click.option("--graph", "graph_iri", metavar="IRI", default=None, help="Named graph to fill (default: the default graph).")
@click.option("--replace", is_flag=True, help="Replace the target graph (HTTP PUT) instead of adding to it (POST).")
@ontology_option("Upload the ontology too, as the library queries need it.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 20), help="Retries on failed connections and 5xx answers.")
@timeout_option(60.0, help="Seconds to wait for each request.")
@auth_option()
def push(graphs, endpoint, graph_iri, replace, ontology, retries, timeout, auth):
    """Upload graphs (default out/graph.ttl) to a triplestore (SPARQL 1.1 Graph Store Protocol).

    \b
    Examples:
      kg push out/graph.ttl --endpoint http://localhost:7878/store
      kg push out/graph.ttl --endpoint http://localhost:3030/news/data --graph https://example.org/news --replace
      kg push out/news.trig --endpoint http://localhost:7200/repositories/news/rdf-graphs/service

    TriG and N-Quads files are sent one named graph per request. Exit code 0
    when everything was stored, 2 when the store refused or could not be reached.
    """
    from .sparql.push import push as push_graphs

    def progress(upload) -> None:
        target = upload.graph or "default graph"
        click.echo(f"  {upload.triples} triples from {upload.source} → {target}", err=True)

    report = push_graphs(graphs, endpoint, graph_iri, replace, ontology, retries, timeout, auth, progress=progress)
    from .sparql.httpclient import redact

    click.echo(f"{report.triples} triples pushed to {redact(endpoint)} in {len(report.uploads)} request(s)", err=True)


# --- explain ------------------------------------------------------------------


@cli.command()
@click.argument("iri")
@click.option("-g", "--graph", "graphs", multiple=True, type=click.Path(path_type=Path, allow_dash=True),
              help="Graph file, or - for standard input (repeatable; default out/graph.ttl).")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@syntax_option()
@base_option()
def explain(iri, graphs, fmt, syntax, base):
    """Show one node: its names, why it was merged, and the words behind each fact.

    IRI is a full IRI, a prefixed name (nkgr:person_qassem-soleimani), the
    local name alone, or a name: the node's label or another of its names, in
    any case, with or without accents. A name several nodes have lists them.

    \b
    Examples:
      kg explain nkgr:person_qassem-soleimani
      kg explain "Qassem Soleimani"
      kg explain event_003_62955a87ab4b12e5_19 --graph out/graph.ttl
      kg explain nkgr:country_irak --format json
    """
    from .publish.explain import explain_files

    result = explain_files(iri, graphs, syntax, base)
    click.echo(result.to_json() if fmt == "json" else result.to_text(), nl=fmt == "json")


# --- export -------------------------------------------------------------------


@cli.command("export")
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "-f", "--format", "fmt", type=ModuleChoice("kg.publish.export:FORMATS"), default=None,
    help="events-csv: one row per event in ACLED's columns; geojson: the events as points, for QGIS and web maps; "
    "jsonld: the whole graph as JSON-LD; "
    "graphml: actors, places and events for Gephi or Cytoscape (default: from the output file's suffix, else events-csv).",
)
@output_option("Output file (.csv, .geojson, .jsonld, .graphml: its suffix says the format), or - for standard output.")
@syntax_option()
@base_option()
def export_command(graphs, fmt, output, syntax, base):
    """Export graphs (default out/graph.ttl) as an events CSV, GeoJSON, JSON-LD or GraphML.

    \b
    Examples:
      kg export out/graph.ttl -o out/events.csv        # ACLED-style events table
      kg export out/graph.ttl -f events-csv | head
      kg export out/graph.ttl -o out/events.geojson    # one point per located event
      kg export out/graph.trig -o out/graph.jsonld     # JSON-LD, compact @context
      kg export out/graph.ttl -f graphml -o out/graph.graphml
      kg build - -o - -f nt < article.txt | kg export - --syntax nt

    An output file's suffix must say the format (or -f names it): a .xlsx is
    refused, not written as CSV. The mapping of kg's event classes to ACLED
    event types is in docs/exports.md.
    """
    from .publish.export import SUFFIX_FORMATS, export_graph
    from .rdf.graphio import load_graph
    from .rdf.writer import output_format

    fmt = output_format(output, fmt, SUFFIX_FORMATS, "events-csv")
    data = export_graph(load_graph(graphs, syntax, base), fmt)
    write_output(output, data)
    if output != "-":
        click.echo(f"{fmt} export written to {output} ({len(data)} bytes)", err=True)


# --- report -------------------------------------------------------------------


@cli.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", default="out/report", show_default=True, type=click.Path(path_type=Path),
              help="Folder of the site (created; a previous report in it is updated, any other content refused).")
@click.option("--validate/--no-validate", "run_validation", default=None,
              help="Validate with SHACL, or not (default: only graphs of at most 1,000,000 triples, about ten seconds of validation).")
@click.option("--validation", "validation_file", type=click.Path(path_type=Path), default=None,
              help="Show this result of `kg validate --format json` instead of validating again.")
@click.option("--page-size", default=100, show_default=True, type=click.IntRange(10, 10_000), help="Rows per page of the lists.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Write pages in this many processes (where the system can fork; same files as with one).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the path of index.html, and errors.")
def report(graphs, output, run_validation, validation_file, page_size, jobs, quiet):
    """Write a static website of graphs (default out/graph.ttl) that opens offline.

    Overview with the validation result, timeline, a page per actor, place,
    event, claim and article (mentions highlighted, each fact with its quote),
    a claims table, a network view, a map of the events and search. No server, no network: open
    index.html, or zip the folder and send it.

    \b
    Examples:
      kg report                                   # out/graph.ttl → out/report/
      kg report out/graph.ttl -o /tmp/report && xdg-open /tmp/report/index.html
      kg validate out/graph.ttl -f json > out/validation.json
      kg report out/graph.ttl --validation out/validation.json
      kg report out/news.trig --no-validate --page-size 200 -j 4
    """
    from .rdf.graphio import graph_paths
    from .publish.report import build_report
    from .publish.report.graph import ReportGraph
    from .publish.report.site import AUTO_VALIDATE_TRIPLES, check_output

    if validation_file is not None and run_validation is not None:
        raise click.UsageError("--validation FILE excludes --validate and --no-validate.")
    validation = validation_file if validation_file is not None else ("auto" if run_validation is None else run_validation)
    check_output(output)  # refuse a wrong folder before reading a large graph
    files = graph_paths(graphs)
    data = ReportGraph.from_files(files)
    if not quiet and (validation is True or (validation == "auto" and len(data) <= AUTO_VALIDATE_TRIPLES)):
        click.echo(f"Validating {len(data)} triples with SHACL (skip with --no-validate)…", err=True)
    elif not quiet and validation == "auto":
        click.echo(f"Not validating {len(data)} triples (over {AUTO_VALIDATE_TRIPLES:,}): pass --validate, "
                   "or --validation FILE from `kg validate --format json`.", err=True)
    with ProgressBar("Writing pages", quiet) as bar:
        summary = build_report(data, output, validation=validation, page_size=page_size, on_total=bar.start,
                               progress=bar.step, sources=[Path(g).name for g in graphs] or ["graph.ttl"], jobs=jobs,
                               graph_files=files)
    if not quiet:
        checked = ("not validated" if summary.conforms is None else "conforms" if summary.conforms
                   else f"does not conform ({summary.violations} violations)")
        written = (f"{summary.pages} pages written to {output}" if summary.written == summary.files - 1 else
                   f"{summary.pages} pages in {output} ({summary.written} files rewritten, {summary.removed} removed)")
        click.echo(
            f"{summary.articles} articles, {summary.entities} actors and places, {summary.events} events, "
            f"{summary.claims} claims; graph {checked}; {written} in {summary.seconds:.1f} s",
            err=True,
        )
    click.echo(str(summary.index))


# --- timex --------------------------------------------------------------------


def _check_date(ctx, param, value):
    if value is None:
        return None
    from .timex import reference_date

    try:
        return reference_date("", explicit=value)
    except KgError as err:
        raise click.BadParameter(str(err)) from err


@cli.command("timex")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", "date", callback=_check_date, metavar="YYYY-MM-DD",
              help="Reference date of every article (default: its metadata line, else its dateline, else unknown).")
@click.option("-f", "--format", "fmt", type=click.Choice(["jsonl", "table"]), default=None,
              help="jsonl: one JSON object a line; table: aligned columns (default: table on a terminal, else jsonl).")
@click.option("--parse/--no-parse", default=True, show_default=True,
              help="Parse with spaCy, whose verb tenses say whether \"mardi\" is the last or the next Tuesday "
              "(--no-parse: faster, backward by default).")
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Skip files larger than this.")
@click.option("--any-language", is_flag=True, help="Read texts that do not look French too (skipped by default).")
def timex_command(paths, date, fmt, parse, max_bytes, any_language):
    """List the time expressions of articles with their TIMEX3 type and value.

    One line per expression: the article, the start and end offsets in the
    file's text (the metadata line counts, as for mentions), the words, the
    type (DATE, TIME, DURATION, SET) and the ISO-TimeML value. Relative
    expressions ("hier", "mardi dernier") count from the reference date;
    with none, their value keeps X's (XXXX-XX-XX).

    \b
    Examples:
      kg timex seeds/
      kg timex article.txt --date 2020-01-05 -f table
      kg timex corpus/ -f jsonl > timexes.jsonl
    """
    import json

    from .build.reader import read_articles
    from .timex import find_timexes, reference_date

    articles, skipped = read_articles(paths, max_bytes=max_bytes, check_language=not any_language)
    for item in skipped:
        click.echo(f"skipped {item.path}: {item.reason}", err=True)
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    docs = iter(())
    if parse and articles:
        from .build.nlp import parse_articles

        docs = (doc for _article, doc in parse_articles(articles))
    rows = []
    for article in articles:
        doc = next(docs, None) if parse else None
        reference = reference_date(article.body, article.date, date)
        for timex in find_timexes(article.body, reference, doc=doc):
            row = {"article": article.identifier, **timex.to_dict()}
            row["start"] += article.body_start
            row["end"] += article.body_start
            if fmt == "jsonl":
                click.echo(json.dumps(row, ensure_ascii=False))
            else:
                rows.append(row)
    if fmt == "table" and rows:
        widths = {key: max(len(key), *(len(str(r[key])) for r in rows)) for key in rows[0]}
        click.echo("  ".join(key.ljust(widths[key]) for key in rows[0]).rstrip())
        for row in rows:
            click.echo("  ".join(str(row[key]).ljust(widths[key]) for key in row).rstrip())
    if not articles:
        raise KgError("E001", detail="no readable article among the paths given")
    sys.exit(EXIT_FINDINGS if skipped else EXIT_OK)


@eval_group.command("timeml")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: a Markdown table; json: the same figures as JSON.")
@click.option("--errors", "show_errors", is_flag=True,
              help="Also list each miss, false positive and wrong span, type or value.")
@click.option("--parse/--no-parse", default=True, show_default=True,
              help="Give the layer spaCy's parse of each text, as kg's extractors do.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def eval_timeml(directory, fmt, show_errors, parse, quiet):
    """Score the time expressions kg finds against TimeML (.tml) documents.

    The reference date of each document is its CREATION_TIME; the text is
    that of <TEXT> with its tags removed. Scores as TempEval-3 does: strict
    and relaxed span precision, recall and F1, type accuracy, and value
    P/R/F1 (a found expression is right when it overlaps a gold one with
    the same value), overall and per TIMEX3 type.

    \b
    Examples:
      kg eval timeml ../shared/corpus/timebank
      kg eval timeml ../shared/corpus/timebank --errors
      kg eval timeml ../shared/corpus/timebank --format json > timeml.json
    """
    from .evaluation.timeml import evaluate_timeml

    with ProgressBar("Scoring documents", quiet) as bar:
        score = evaluate_timeml(directory, parse=parse, progress=bar.step, on_total=bar.start)
    if fmt == "json":
        click.echo(score.to_json(with_errors=show_errors))
        return
    click.echo(f"{score.documents} documents\n")
    click.echo(score.to_table(), nl=False)
    if show_errors:
        click.echo()
        for error in score.errors:
            click.echo(f"{error.document}  {error.kind:8} [{error.start}-{error.end}] {error.text!r}"
                       f"  gold: {error.gold or '-'}  found: {error.found or '-'}")


# --- ontology -------------------------------------------------------------------


@cli.group()
def ontology():
    """Work with the ontology kg writes against.

    \b
    Examples:
      kg ontology docs -o docs/ontology.md
      kg ontology docs -o ontology.html --format html
    """


@ontology.command("docs")
@output_option("Output file (.md or .html: its suffix says the format), or - for standard output.")
@click.option("-f", "--format", "fmt", type=ModuleChoice("kg.publish.ontology_docs:FORMATS"), default=None,
              help="md (Markdown) or html (a self-contained page); default: from the output file's suffix, md on standard output.")
def ontology_docs(output, fmt):
    """Write readable documentation of the ontology: classes, properties, examples.

    \b
    Examples:
      kg ontology docs -o docs/ontology.md
      kg ontology docs -o ontology.html      # HTML, as the suffix says
      kg ontology docs --format html > ontology.html
    """
    from .publish.ontology_docs import SUFFIX_FORMATS, ontology_html, ontology_markdown
    from .rdf.writer import output_format, write_atomic

    fmt = output_format(output, fmt, SUFFIX_FORMATS, "md")
    text = ontology_html() if fmt == "html" else ontology_markdown()
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))
        click.echo(f"ontology documentation written to {output}", err=True)


@cli.command("queries")
@click.option("--show", "show", metavar="NAME", default=None,
              help="Print the query NAME as it is (a .rq file that runs on any SPARQL endpoint).")
@queries_option()
def list_queries(show, queries_dir):
    """List the queries of the library (queries/) with their titles and parameters.

    Each is a .rq file that declares its own prefixes, so that it runs as it is
    on Oxigraph, Fuseki or GraphDB. Queries in ./queries of the working
    directory (or --queries DIR) come first and hide kg's of the same name.

    \b
    Examples:
      kg queries
      kg queries --show most-attacked
      kg queries --show timeline > timeline.rq && curl --data-urlencode query@timeline.rq http://localhost:7878/query
      kg query attacks-on --param target=Bagdad
    """
    from .sparql.query import find_library_query, library

    local = Path(queries_dir) if queries_dir is not None else Path("queries")
    if show is not None:
        path = find_library_query(show, queries_dir)
        if path is None:
            names = ", ".join(entry.name for entry in library(queries_dir=local if local.is_dir() else None))
            raise KgError("E020", query=show, library=f"the library (names: {names})")
        click.echo(path.read_text(encoding="utf-8"), nl=False)
        return
    if queries_dir is not None and not local.is_dir():
        raise KgError("E020", query=str(local), library="no such folder (--queries)")
    for entry in library(queries_dir=local if local.is_dir() else None):
        click.echo(f"{entry.name:24} {entry.title}")
        if entry.description:
            click.echo(f"{'':24} {entry.description}")
        for param in entry.parameters:
            click.echo(f"{'':24} --param {param.name}=… ({param.type}) {param.description}")


def main() -> None:
    cli(prog_name="kg")
