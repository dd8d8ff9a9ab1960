"""Read the OWL ontology into the blocks of its reference page: classes, properties,
individuals, alignments, each with its labels, comments, domain, range and example."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from ...rdf.prefixes import ALIGNMENT_PREFIXES, GRAPH_PREFIXES, QUERY_PREFIXES, PrefixTable
from .document import Code, CodeBlock, Fields, Heading, Para, Ref, Table, Text, Tree, TreeNode, Url
from .render import render_markdown_inline

NKG = GRAPH_PREFIXES["nkg"]
ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")

# Prefixes used to shorten IRIs on the page (and listed in its "Prefixes" table
# when the ontology uses them), taken from kg's one prefix table.
_PAGE_PREFIXES = PrefixTable({name: {**QUERY_PREFIXES, **ALIGNMENT_PREFIXES}[name] for name in
                              ("nkg", "nkgr", "owl", "rdf", "rdfs", "xsd", "dcterms", "prov", "skos", "sem", "schema")})
PREFIXES: dict[str, str] = _PAGE_PREFIXES.prefixes


def _examples() -> dict[str, tuple[bool, str]]:
    """One example per main class, in the shape `kg build` writes it (see
    docs/graph-model.md), from examples/: those in seeds/ are taken from the graph
    of the five seed articles (a test checks that their triples are there), those
    in illustrations/ illustrate. Prefixes are those of PREFIXES."""
    folder = Path(__file__).resolve().parent / "examples"
    return {path.stem: (kind == "seeds", path.read_text(encoding="utf-8")[:-1])
            for kind in ("seeds", "illustrations") for path in sorted((folder / kind).glob("*.ttl"))}


EXAMPLES: dict[str, tuple[bool, str]] = _examples()

# OWL property characteristics, as shown on the page.
_CHARACTERISTICS = [
    (OWL.FunctionalProperty, "functional"),
    (OWL.InverseFunctionalProperty, "inverse functional"),
    (OWL.TransitiveProperty, "transitive"),
    (OWL.SymmetricProperty, "symmetric"),
    (OWL.AsymmetricProperty, "asymmetric"),
    (OWL.ReflexiveProperty, "reflexive"),
    (OWL.IrreflexiveProperty, "irreflexive"),
]

def qname(term) -> str:
    """A prefixed name for an IRI (``nkg:Person``), or ``<iri>`` without a known prefix."""
    return _PAGE_PREFIXES.shorten(str(term))


def _is_ours(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(NKG)


def _local(term) -> str:
    return str(term)[len(NKG):]


def _sort_key(term) -> tuple:
    return (qname(term).lower(), qname(term))


class OntologyPage:
    """Collects the ontology's terms and renders them as blocks."""

    def __init__(self, graph: rdflib.Graph):
        self.g = graph
        self.classes = self._ours(OWL.Class)
        self.object_properties = self._ours(OWL.ObjectProperty)
        self.datatype_properties = self._ours(OWL.DatatypeProperty)
        self.annotation_properties = self._ours(OWL.AnnotationProperty)
        self.individuals = self._ours(OWL.NamedIndividual)
        self.anchors: dict[URIRef, str] = {}
        for kind, terms in (
            ("class", self.classes),
            ("property", self.object_properties + self.datatype_properties + self.annotation_properties),
            ("individual", self.individuals),
        ):
            for term in terms:
                self.anchors.setdefault(term, f"{kind}-{_local(term)}")

    def _ours(self, owl_type) -> list:
        return sorted((t for t in set(self.g.subjects(RDF.type, owl_type)) if _is_ours(t)), key=_sort_key)

    # -- terms and expressions ------------------------------------------------

    def term(self, term) -> list:
        if isinstance(term, URIRef):
            if term in self.anchors:
                return [Ref(qname(term), self.anchors[term])]
            return [Code(qname(term))]
        return self.expression(term)

    def expression(self, node, nested: bool = False) -> list:
        """An anonymous class or datatype: unions as "A or B", and so on."""
        g = self.g
        if isinstance(node, URIRef):
            return self.term(node)
        if isinstance(node, Literal):
            return [Code(node.n3())]
        parts = None
        for predicate, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            head = g.value(node, predicate)
            if head is not None:
                members = list(Collection(g, head))
                parts = self._join([self.expression(m, nested=True) for m in members], word)
                break
        if parts is None:
            complement = g.value(node, OWL.complementOf) or g.value(node, OWL.datatypeComplementOf)
            if complement is not None:
                parts = [Text("not ")] + self.expression(complement, nested=True)
        if parts is None:
            one_of = g.value(node, OWL.oneOf)
            if one_of is not None:
                parts = [Text("one of ")] + self._join([self.term(m) for m in Collection(g, one_of)], ", ")
                nested = False
        if parts is None and (node, RDF.type, OWL.Restriction) in g:
            parts = self._restriction(node)
        if parts is None:
            return [Text("(an anonymous class)")]
        return [Text("(")] + parts + [Text(")")] if nested else parts

    def _restriction(self, node) -> list:
        g = self.g
        prop = g.value(node, OWL.onProperty)
        head = self.term(prop) if prop is not None else [Text("?")]
        for predicate, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only")):
            filler = g.value(node, predicate)
            if filler is not None:
                return head + [Text(f" {word} ")] + self.expression(filler, nested=True)
        value = g.value(node, OWL.hasValue)
        if value is not None:
            return head + [Text(" value ")] + self.term(value)
        for predicate, word in (
            (OWL.cardinality, "exactly"), (OWL.qualifiedCardinality, "exactly"),
            (OWL.minCardinality, "min"), (OWL.minQualifiedCardinality, "min"),
            (OWL.maxCardinality, "max"), (OWL.maxQualifiedCardinality, "max"),
        ):
            number = g.value(node, predicate)
            if number is not None:
                filler = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
                tail = [Text(" ")] + self.expression(filler, nested=True) if filler is not None else []
                return head + [Text(f" {word} {number}")] + tail
        return head + [Text(" (restriction)")]

    @staticmethod
    def _join(parts: list, separator: str) -> list:
        out: list = []
        for i, part in enumerate(parts):
            if i:
                out.append(Text(separator))
            out.extend(part)
        return out

    def terms(self, terms: Iterable) -> list:
        named = sorted((t for t in set(terms) if isinstance(t, URIRef)), key=_sort_key)
        anonymous = sorted(
            (self.expression(t) for t in set(terms) if not isinstance(t, URIRef)), key=render_markdown_inline
        )
        return self._join([self.term(t) for t in named] + anonymous, ", ")

    def texts(self, term, predicate, lang: str) -> list:
        values = sorted(str(v) for v in self.g.objects(term, predicate) if isinstance(v, Literal) and v.language == lang)
        return [Text(" / ".join(values))] if values else []

    def label(self, term, lang: str) -> str:
        values = sorted(str(v) for v in self.g.objects(term, RDFS.label) if isinstance(v, Literal) and v.language == lang)
        return " / ".join(values)

    # -- blocks -----------------------------------------------------------------

    def description_rows(self, term) -> list:
        rows = [("IRI", [Code(str(term))])]
        for name, predicate, lang in (
            ("Label (fr)", RDFS.label, "fr"),
            ("Label (en)", RDFS.label, "en"),
            ("Comment (en)", RDFS.comment, "en"),
            ("Commentaire (fr)", RDFS.comment, "fr"),
        ):
            value = self.texts(term, predicate, lang)
            if value:
                rows.append((name, value))
        return rows

    def heading(self, term) -> Heading:
        return Heading(3, qname(term), self.anchors[term])

    def disjoint_with(self, cls) -> set:
        g = self.g
        found = set(g.objects(cls, OWL.disjointWith)) | set(g.subjects(OWL.disjointWith, cls))
        for axiom in g.subjects(RDF.type, OWL.AllDisjointClasses):
            members = list(Collection(g, g.value(axiom, OWL.members)))
            if cls in members:
                found |= set(members)
        found.discard(cls)
        return found

    def subclasses(self, cls) -> list:
        return sorted((c for c in self.g.subjects(RDFS.subClassOf, cls) if c in self.anchors and c in self.classes), key=_sort_key)

    def class_tree(self) -> list:
        roots = [c for c in self.classes if not any(p in self.classes for p in self.g.objects(c, RDFS.subClassOf))]

        def node(cls, seen: tuple) -> TreeNode:
            inlines = self.term(cls)
            fr, en = self.label(cls, "fr"), self.label(cls, "en")
            if fr or en:
                inlines = inlines + [Text(f" — {fr} / {en}")]
            children = [node(c, seen + (cls,)) for c in self.subclasses(cls) if c not in seen]
            return TreeNode(inlines, children)

        return [node(root, ()) for root in roots]

    def classes_in_tree_order(self) -> list:
        order: list = []

        def visit(cls) -> None:
            if cls in order:
                return
            order.append(cls)
            for child in self.subclasses(cls):
                visit(child)

        for cls in self.classes:
            if not any(p in self.classes for p in self.g.objects(cls, RDFS.subClassOf)):
                visit(cls)
        order += [c for c in self.classes if c not in order]  # classes caught in a cycle
        return order

    def _in_range(self, cls, range_node) -> bool:
        if range_node == cls:
            return True
        if isinstance(range_node, BNode):
            head = self.g.value(range_node, OWL.unionOf)
            if head is not None:
                return cls in list(Collection(self.g, head))
        return False

    def class_blocks(self, cls) -> list:
        g = self.g
        rows = self.description_rows(cls)
        supers = list(g.objects(cls, RDFS.subClassOf))
        if supers:
            rows.append(("Superclasses", self.terms(supers)))
        equivalent = list(g.objects(cls, OWL.equivalentClass)) + list(g.subjects(OWL.equivalentClass, cls))
        if equivalent:
            rows.append(("Equivalent classes", self.terms(equivalent)))
        subs = self.subclasses(cls)
        if subs:
            rows.append(("Subclasses", self.terms(subs)))
        disjoint = self.disjoint_with(cls)
        if disjoint:
            rows.append(("Disjoint with", self.terms(disjoint)))
        members = [i for i in g.subjects(RDF.type, cls) if i in self.individuals]
        if members:
            rows.append(("Members", self.terms(members)))
        properties = self.object_properties + self.datatype_properties
        domain_of = [p for p in properties if cls in set(g.objects(p, RDFS.domain))]
        if domain_of:
            rows.append(("Properties (domain)", self.terms(domain_of)))
        range_of = [p for p in properties if any(self._in_range(cls, r) for r in g.objects(p, RDFS.range))]
        if range_of:
            rows.append(("Value of (range)", self.terms(range_of)))
        blocks: list = [self.heading(cls), Fields(rows)]
        example = EXAMPLES.get(_local(cls))
        if example is not None:
            from_seeds, _text = example
            blocks.append(Para([Text("Example, from the graph of the seed articles:" if from_seeds else "Example (an illustration):")]))
            blocks.append(CodeBlock("turtle", example[1]))
        return blocks

    def property_blocks(self, prop) -> list:
        g = self.g
        rows = self.description_rows(prop)
        characteristics = [word for owl_type, word in _CHARACTERISTICS if (prop, RDF.type, owl_type) in g]
        if characteristics:
            rows.append(("Characteristics", [Text(", ".join(characteristics))]))
        for name, predicate in (("Domain", RDFS.domain), ("Range", RDFS.range)):
            values = list(g.objects(prop, predicate))
            if values:
                rows.append((name, self.terms(values)))
        inverse = set(g.objects(prop, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, prop))
        inverse.discard(prop)
        if inverse:
            rows.append(("Inverse of", self.terms(inverse)))
        supers = list(g.objects(prop, RDFS.subPropertyOf))
        if supers:
            rows.append(("Super-properties", self.terms(supers)))
        subs = [p for p in g.subjects(RDFS.subPropertyOf, prop) if p in self.anchors]
        if subs:
            rows.append(("Sub-properties", self.terms(subs)))
        equivalent = set(g.objects(prop, OWL.equivalentProperty)) | set(g.subjects(OWL.equivalentProperty, prop))
        if equivalent:
            rows.append(("Equivalent properties", self.terms(equivalent)))
        return [self.heading(prop), Fields(rows)]

    def individual_blocks(self, individual) -> list:
        g = self.g
        rows = self.description_rows(individual)
        types = [t for t in g.objects(individual, RDF.type) if t != OWL.NamedIndividual]
        if types:
            rows.append(("Type", self.terms(types)))
        different = set()
        for axiom in g.subjects(RDF.type, OWL.AllDifferent):
            members = list(Collection(g, g.value(axiom, OWL.distinctMembers)))
            if individual in members:
                different |= set(members)
        different |= set(g.objects(individual, OWL.differentFrom)) | set(g.subjects(OWL.differentFrom, individual))
        different.discard(individual)
        if different:
            rows.append(("Different from", self.terms(different)))
        return [self.heading(individual), Fields(rows)]

    def alignments(self) -> list:
        rows = []
        for predicate in (RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty):
            for s, o in self.g.subject_objects(predicate):
                if _is_ours(s) and isinstance(o, URIRef) and not _is_ours(o):
                    rows.append((_sort_key(s), qname(predicate), _sort_key(o), s, o))
        rows.sort(key=lambda r: r[:3])
        return [[self.term(s), [Code(p)], self.term(o)] for _, p, _, s, o in rows]

    def external_terms(self) -> list:
        found = set()
        for owl_type in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
            found |= {t for t in self.g.subjects(RDF.type, owl_type) if isinstance(t, URIRef) and not _is_ours(t)}
        return sorted(found, key=_sort_key)

    def used_prefixes(self) -> list:
        used = set()
        for triple in self.g:
            for term in triple:
                if isinstance(term, URIRef):
                    name = qname(term)
                    if not name.startswith("<"):
                        used.add(name.split(":", 1)[0])
                elif isinstance(term, Literal) and term.datatype is not None:
                    used.add(qname(term.datatype).split(":", 1)[0])
        used.add("nkgr")  # the examples' resources
        return [p for p in sorted(used) if p in PREFIXES]

    # -- the page -------------------------------------------------------------------

    def header(self) -> tuple[str, list]:
        g = self.g
        ontology = ONTOLOGY_IRI if (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g else g.value(None, RDF.type, OWL.Ontology)
        title = "Ontology"
        blocks: list = []
        if ontology is None:
            return title, [Heading(1, title)]
        titles = {v.language: str(v) for v in g.objects(ontology, DCTERMS.title) if isinstance(v, Literal)}
        title = titles.get("en") or titles.get(None) or next(iter(sorted(titles.values())), title)
        blocks.append(Heading(1, title))
        blocks.append(Para([
            Text("Generated from the ontology by "), Code("kg ontology docs"),
            Text(" ("), Code("kg.publish.ontology_docs"), Text("): do not edit by hand."),
        ]))
        rows = [("IRI", [Code(str(ontology))])]
        if "fr" in titles:
            rows.append(("Titre (fr)", [Text(titles["fr"])]))
        version = g.value(ontology, OWL.versionInfo)
        if version is not None:
            rows.append(("Version", [Text(str(version))]))
        version_iri = g.value(ontology, OWL.versionIRI)
        if version_iri is not None:
            rows.append(("Version IRI", [Code(str(version_iri))]))
        license_ = g.value(ontology, DCTERMS.license)
        if license_ is not None:
            rows.append(("License", [Url(str(license_), str(license_))] if isinstance(license_, URIRef) else [Text(str(license_))]))
        for lang, name in (("en", "Description (en)"), ("fr", "Description (fr)")):
            value = self.texts(ontology, DCTERMS.description, lang)
            if value:
                rows.append((name, [Text(" ".join(value[0].text.split()))]))
        imports = sorted(g.objects(ontology, OWL.imports))
        rows.append(("Imports", self.terms(imports) if imports else [Text("none")]))
        blocks.append(Fields(rows))
        return title, blocks

    def blocks(self) -> tuple[str, list]:
        title, blocks = self.header()
        sections = [
            ("prefixes", "Prefixes", None),
            ("alignments", "Alignments with other vocabularies", None),
            ("class-tree", "Class tree", None),
            ("classes", "Classes", self.classes_in_tree_order()),
            ("object-properties", "Object properties", self.object_properties),
            ("datatype-properties", "Datatype properties", self.datatype_properties),
            ("annotation-properties", "Annotation properties", self.annotation_properties),
            ("individuals", "Named individuals", self.individuals),
        ]
        blocks.append(Heading(2, "Contents", "contents"))
        blocks.append(Tree([
            TreeNode([Url(name, f"#{anchor}")], [TreeNode(self._join([self.term(t) for t in terms], " · "))] if terms else [])
            for anchor, name, terms in sections
        ]))

        blocks.append(Heading(2, "Prefixes", "prefixes"))
        blocks.append(Table(["prefix", "namespace"], [[[Code(p)], [Code(PREFIXES[p])]] for p in self.used_prefixes()]))

        blocks.append(Heading(2, "Alignments with other vocabularies", "alignments"))
        blocks.append(Para([Text(
            "Terms of other vocabularies that ours specialize (the comments in ontology/nkg.ttl give the reason "
            "for each). They are declared, never imported, and get no domain, range or disjointness here."
        )]))
        blocks.append(Table(["term", "relation", "external term"], self.alignments()))
        external = self.external_terms()
        if external:
            blocks.append(Para([Text("External terms declared: ")] + self._join([[Code(qname(t))] for t in external], ", ")))

        blocks.append(Heading(2, "Class tree", "class-tree"))
        blocks.append(Para([Text("By rdfs:subClassOf among the classes of this ontology; a class with two parents appears under both.")]))
        blocks.append(Tree(self.class_tree()))

        for anchor, name, terms in sections[3:]:
            blocks.append(Heading(2, name, anchor))
            render = {
                "classes": self.class_blocks,
                "individuals": self.individual_blocks,
            }.get(anchor, self.property_blocks)
            if not terms:
                blocks.append(Para([Text("None.")]))
            for term in terms:
                blocks.extend(render(term))
        return title, blocks
