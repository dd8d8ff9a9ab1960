"""The event and claim vocabulary every stage shares: classes, their families, their labels.

Extraction, resolution and the report all speak of event classes by their
ontology local names ("RocketAttack"); this module says which classes go
together and how they read in French. The French words are the ontology's own
``rdfs:label``s, read from ``ontology/``: code and ontology cannot disagree.
"""
from __future__ import annotations

from functools import lru_cache

# When words of several kinds form one event, the first class in this list wins:
# a weapon says more than "attaque"; storming by a crowd is a protest.
# An attack that kills is an attack ("tués lors de l'attaque"), a killing only when nothing else is told.
CLASS_PRECEDENCE = (
    "RocketAttack", "AirStrike", "Bombing", "Protest", "Attack", "Killing",
    "Deployment", "Withdrawal", "Truce", "Vote",
)
# Words of different families never form one event ("le retrait… réclamé par une résolution").
CLASS_FAMILY = {
    "Attack": "violence", "RocketAttack": "violence", "AirStrike": "violence", "Bombing": "violence",
    "Killing": "violence", "Protest": "violence",
    "Deployment": "troops", "Withdrawal": "troops", "Truce": "truce", "Vote": "vote",
}
# The classes of armed attack (a killing is one too, but told by its victim).
ATTACK_CLASSES = frozenset({"Attack", "RocketAttack", "AirStrike", "Bombing"})
CLAIM_TYPES = ("Accusation", "Confirmation", "Denial", "Threat", "Announcement", "ResponsibilityClaim")
# How a role reads in an event's label: "tir de roquettes contre X par Y (Z)".
LABEL_ROLES = (("killed", "de"), ("target", "contre"), ("agent", "par"), ("participant", "par"))


@lru_cache(maxsize=1)
def french_labels() -> dict[str, str]:
    """Local name of every nkg class → its French rdfs:label in the ontology."""
    from rdflib import Literal
    from rdflib.namespace import RDFS

    from .rdf.namespaces import NKG
    from .resources import ontology_graph

    labels = {}
    for node, label in ontology_graph().subject_objects(RDFS.label):
        if isinstance(label, Literal) and label.language == "fr" and str(node).startswith(str(NKG)):
            labels[str(node)[len(str(NKG)):]] = str(label)
    return labels


def class_label(local_name: str) -> str:
    """The French label of an nkg class or claim type ("AirStrike" → "frappe aérienne")."""
    return french_labels().get(local_name, local_name)


def event_label(event_class: str, names: list[tuple[str, str]]) -> str:
    """The French label of an event from (role, name) pairs, names in the order given."""
    by_role: dict[str, list[str]] = {}
    for role, name in names:
        if name not in by_role.setdefault(role, []):
            by_role[role].append(name)
    label = class_label(event_class)
    for role, word in LABEL_ROLES:
        if role in by_role:
            label += f" {word} " + ", ".join(by_role[role])
    if "place" in by_role:
        label += " (" + ", ".join(by_role["place"]) + ")"
    return label
