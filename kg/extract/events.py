"""Find the events an article reports as having happened, with their roles and values.

Trigger words come from ``kg/data/event_triggers.tsv``; words of one event are
grouped along the parse ("Sept roquettes ont visé…": the verb and its weapon
subject are one RocketAttack). Roles are read off the dependency structure
(the tables below say which dependency gives which role); counts come from
``kg.extract.numbers``, dates from ``kg.extract.dates``. A role is filled
only by an extracted entity, a value only by words of the text: otherwise it
stays absent. Negated, conditional, future and wished-for events ("aucune
roquette n'a touché", "pourrait frapper", "ont réclamé le retrait") are not
events.
"""
from __future__ import annotations

from dataclasses import replace


from ..model import PLACE_KINDS, Article, EventMention, EventValue, RoleFiller
from ..names import fold
from ..unionfind import UnionFind
from ..vocabulary import ATTACK_CLASSES, CLASS_FAMILY, CLASS_PRECEDENCE, event_label
from .lexicon import EventTrigger, count_nouns, entity_cues, event_triggers, word_list
from .syntax import token_mention, verb_lemma
from .identity import ACTOR_KINDS, EntityIndex, actor_kind
from .syntax import case_of as _case
from .syntax import hypothetical as _hypothetical
from .syntax import is_passive as _is_passive
from .syntax import negated as _negated

# --- tables -------------------------------------------------------------------

# Classes whose direct object is a target (for the others it is what is sent, voted…).
TARGETED_CLASSES = frozenset({"Attack", "RocketAttack", "AirStrike", "Bombing", "Protest", "Killing"})
# Dependencies along which two event words belong to the same event.
# "advcl": "des roquettes se sont abattues…, tuant une fillette" is one event.
LINKING_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "obl:agent", "obl", "obl:mod", "obl:arg", "nmod", "acl", "appos", "advcl"})
TARGET_CASES = word_list("events", "target-cases")
AGAINST_CASES = word_list("events", "against-cases")
FIGHT_VERBS = word_list("events", "fight-verbs")
PROTESTER_NOUNS = word_list("events", "protester-nouns")
MAJORITY_NOUNS = word_list("events", "majority-nouns")
MEMBER_NOUNS = word_list("events", "member-nouns")
FATAL_WORDS = word_list("events", "fatal-words")
PLACE_CASES = word_list("events", "place-cases")
AGENT_CASES = word_list("events", "agent-cases")
# Determiners that refer back to an event already reported ("cette attaque").
ANAPHORIC_DETERMINERS = word_list("syntax", "demonstrative-determiners")
DEFINITE_DETERMINERS = word_list("syntax", "definite-determiners")
MILITARY_NOUNS = word_list("events", "military-nouns")
CROWD_NOUNS = word_list("events", "crowd-nouns")
REMAINDER_WORDS = word_list("events", "remainder-words")
DISTINCT_MARKERS = word_list("events", "distinct-markers")
# Event nouns that tell one event in the plural ("des affrontements ont éclaté").
PLURAL_EVENT_NOUNS = word_list("events", "plural-event-nouns")
HABITUAL_WORDS = word_list("events", "habitual-words")
GROUND_NOUNS = word_list("events", "ground-nouns")
TOWN_KINDS = frozenset({"city", "area", "place"})  # grounds an attack is fought on; not a building, not a whole state
RELATIVE_PRONOUNS = word_list("events", "relative-pronouns")
NEAR_WORDS = word_list("events", "near-words")
DEATH_VERBS = word_list("events", "death-verbs")
# "X a été la cible de tirs": the noun whose subject is the target.
TARGET_NOUNS = word_list("events", "target-nouns")
# "sur ordre de X", "à la demande de X": the noun whose complement gave the order.
ORDER_NOUNS = word_list("events", "order-nouns")
STREET_NOUNS = word_list("events", "street-nouns")
ACCIDENT_NOUNS = word_list("events", "accident-nouns")
ACCIDENT_VERBS = word_list("events", "accident-verbs")
LOCATION_VERBS = word_list("events", "location-verbs")
OPPOSING_VERBS = word_list("events", "opposing-verbs")
LINK_CUES = word_list("events", "link-cues")
ALREADY_WORDS = word_list("events", "already-words")
ADDITIVE_WORDS = word_list("events", "additive-words")
SPOT_CASES = word_list("events", "spot-cases")
SUPPORT_VERBS = word_list("events", "support-verbs")
OCCURRENCE_VERBS = word_list("events", "occurrence-verbs")
NONFACTUAL_GOVERNORS = word_list("events", "nonfactual-governors")
UNREAL_NOUNS = word_list("events", "unreal-nouns")
NEGATIVE_DETERMINERS = word_list("events", "negative-determiners")
# Verbs whose object count is a toll: "tuant 25 personnes", "blessant 4 civils", "faisant un mort".
TOLL_VERBS = {fold("tuer"): "fatalities", fold("blesser"): "injuries"}
TOLL_SUPPORT_VERB = fold("faire")
PERSONNEL_NOUNS = word_list("events", "personnel-nouns")
QUANTITY_NOUNS = word_list("events", "quantity-nouns")
MEANS_CASES = word_list("events", "means-cases")
EQUIPMENT_NOUNS = word_list("events", "equipment-nouns")
# Dependencies by which a date hangs on an event word.
DATE_DEPS = frozenset({"obl", "obl:mod", "obl:arg", "nmod", "advmod", "nummod", "appos"})
PERIOD_PREPOSITIONS = word_list("events", "period-prepositions")
# Group and title nouns that stand for the name they govern ("les brigades du Hamas",
# "le général iranien Qassem Soleimani").


def _entry(token) -> EventTrigger | None:
    """The trigger entry of a word, by lemma or form; accents count where the text has them
    ("marché" is no "marche"), and a text written without accents still finds "évacuer"."""
    located = token.dep_ == "cop" and _case(token.head) in PLACE_CASES  # "les soldats sont dans les rues"
    if token.pos_ not in ("NOUN", "VERB", "ADJ") and not (token.pos_ == "AUX" and (located or not token.dep_.startswith(("aux", "cop")))):
        return None  # "être" counts only as a verb of its own, or of being somewhere
    exact, folded = event_triggers()
    doc = token.doc
    forms = [token.lemma_.lower(), token.text.lower()]
    if token.pos_ == "VERB" and verb_lemma(token) != fold(token.lemma_):
        forms.insert(0, verb_lemma(token))  # "attaque" left unlemmatized
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_:
        forms.insert(0, f"{token.text}-{doc[token.i + 2].text}".lower())  # "attentat-suicide" cut in three
    for form in forms:
        entry = exact.get((form, token.pos_))
        if entry is None and fold(form) == form:
            entry = folded.get((form, token.pos_))
        if entry is not None and entry.role == "fatal":
            # "mortellement blessé" kills as "tué" does; "des blessures mortelles" is a killing
            return replace(entry, role="kill" if token.pos_ == "VERB" else "trigger") if _fatal(token) else None
        if entry is not None:
            return entry
    return None


def _fatal(token) -> bool:
    """A wound said to be fatal: "mortellement blessé", "des blessures mortelles"."""
    return any(c.dep_ in ("advmod", "amod") and fold(c.lemma_) in FATAL_WORDS for c in token.children)


def _names_equipment(token) -> bool:
    """ "anti roquettes", "système de défense … de tir": a weapon system, not an event."""
    previous = token.doc[token.i - 1] if token.i > 0 else None
    if previous is not None and fold(previous.text).rstrip("-") in ("anti", "contre"):
        return True
    for governor in (token.head, token.head.head):  # "système … anti roquettes … de tir"
        if token.pos_ == "NOUN" and fold(governor.lemma_) in EQUIPMENT_NOUNS:
            return True
        if governor.i > 0 and fold(governor.doc[governor.i - 1].text).rstrip("-") == "anti":
            return True
    return False


# --- factuality ---------------------------------------------------------------


def _under_unreal_noun(anchor, depth: int = 7) -> bool:
    """Whether a noun of plans, decisions or ideas governs the event within a few words: what
    is prepared, decided or imagined has not (yet) happened."""
    token = anchor
    for _ in range(depth):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.pos_ == "NOUN" and fold(token.lemma_) in UNREAL_NOUNS:
            return True
        if token.pos_ in ("VERB", "AUX") and token.dep_ in ("ROOT", "parataxis"):
            return False  # a clause of its own
    return False


def _factual(anchor, members) -> bool:
    """False when the text says the event did not or may not happen."""
    if _under_unreal_noun(anchor):
        return False  # "les préparatifs d'un attentat", "sa décision d'attaquer", "l'idée que la Russie s'attaque…"
    if anchor.pos_ == "VERB":
        governed = anchor.dep_ in ("xcomp", "ccomp", "obl", "obl:arg", "advcl", "acl") and fold(anchor.head.lemma_) in NONFACTUAL_GOVERNORS \
            and "Inf" in anchor.morph.get("VerbForm")  # "appelle les électeurs à voter", "menace de frapper"
        return not (_negated(anchor) or _hypothetical(anchor) or governed)
    if any(c.dep_ == "det" and fold(c.lemma_) in NEGATIVE_DETERMINERS for m in members for c in m.children):
        return False  # "aucune attaque", "aucune roquette"
    told = anchor
    # "appelé dimanche à une transition civile et à la mobilisation générale": through the nouns
    # it is coordinated with or hangs under, up to the first verb
    for _ in range(3):
        if told.head.i == told.i or told.head.pos_ in ("VERB", "AUX") or told.dep_ not in ("conj", "nmod", "obl", "obl:arg", "obl:mod"):
            break
        if fold(told.head.lemma_) in NONFACTUAL_GOVERNORS:
            break
        told = told.head
    governor = told.head
    if told.dep_ in ("obj", "nmod", "obl", "obl:arg", "obl:mod", "xcomp", "nsubj:pass", "conj") and fold(governor.lemma_) in NONFACTUAL_GOVERNORS:
        return False  # "ont réclamé le retrait", "leur retrait a été réclamé", "en faveur de l'expulsion"
    if governor.pos_ == "VERB" and any(c.dep_ == "mark" and fold(c.lemma_) == "si" for c in governor.children):
        return False  # "si les tirs ne cessaient pas"
    carried = anchor.dep_ == "obj" or (anchor.dep_ == "nsubj:pass" and fold(governor.lemma_) in SUPPORT_VERBS)
    if carried and governor.pos_ == "VERB" and (_negated(governor) or _hypothetical(governor)):
        # "n'ont pas lancé d'attaque", "l'attaque n'a pas été menée"; but "les attaques
        # ne sont pas revendiquées" did happen
        return False
    return True


# --- role fillers ---------------------------------------------------------------


def _roles_of(member, cluster_ids: set[int], event_class: str, index: EntityIndex) -> list[tuple[str, object]]:
    """(role, filler token) pairs read off the children of one event word."""
    roles = []
    passive = member.pos_ == "VERB" and _is_passive(member)
    entry = _entry(member)
    kill_verb = member.pos_ == "VERB" and entry is not None and entry.event_class == "Killing"
    gathering = entry is not None and entry.role == "needs-crowd"
    taking = entry is not None and entry.role == "needs-place"
    # a pronominal verb's subject does it, even where the parser reads a passive ("l'Allemagne
    # s'est retirée", "les insurgés se sont emparés de…")
    pronominal = member.pos_ == "VERB" and any(c.dep_ in ("expl:comp", "expl:pv", "expl:pass") for c in member.children)
    if pronominal and not any(c.dep_ == "obl:agent" for c in member.children):
        passive = False
    for child in member.children:
        if child.i in cluster_ids:
            continue
        dep = child.dep_
        case = _case(child)
        if dep == "nsubj:pass" and member.pos_ == "VERB" and not passive and not pronominal:
            dep = "nsubj"  # "800 soldats sont entrés en Somalie", read as a passive
        if dep.startswith("nsubj") and fold(child.lemma_) == "qui" and member.dep_ == "acl:relcl":
            child = _antecedent(member)  # "c'est la France qui est intervenue": the relative's antecedent
        if gathering and dep in ("nsubj", "obj", "nsubj:pass") and _crowd(child):
            roles.append(("agent", child))  # "la manifestation a rassemblé des milliers de personnes"
        elif pronominal and dep == "nsubj:pass":
            roles.append(("agent", child))
        elif taking and dep in ("obl:arg", "obl") and case == "de":
            roles.append(("target", child))  # "se sont emparés de l'aéroport"
        elif member.pos_ in ("VERB", "AUX") and dep == "nsubj" and not passive:
            roles.append(("agent", child))
        elif member.pos_ == "VERB" and not passive and (dep == "obj" or (dep == "xcomp" and child.pos_ in ("PROPN", "NOUN"))):
            # the parser sometimes labels a name object "xcomp"
            roles.append(("killed" if kill_verb else "target", child))
        elif dep == "nsubj:pass" or (passive and dep == "nsubj"):
            roles.append(("killed" if kill_verb else "target", child))
        elif dep == "obl:agent" or (passive and case in AGENT_CASES and dep.startswith("obl")):
            roles.append(("agent", child))
        elif member.pos_ == "NOUN" and event_class == "Killing" and dep == "nmod" and case == "de":
            roles.append(("killed", child))  # "l'assassinat du général Soleimani"
        elif member.pos_ == "NOUN" and dep == "nmod" and case == "de" and child.i > member.i \
                and not any(r == "of" for r, _t in roles):
            roles.append(("of", child))  # "l'invasion de l'Ukraine", "l'attaque des talibans", "l'attaque de Kidal"
        elif member.pos_ == "NOUN" and dep == "nmod" and case in AGENT_CASES:
            roles.append(("agent", child))  # "l'assassinat de Soleimani par les Etats-Unis"
        elif fold(child.lemma_) in ORDER_NOUNS and (dep.startswith("obl") or dep == "nmod"):
            roles += [("orderedBy", c) for c in child.children if c.dep_ in ("nmod", "appos")]  # "à l'appel de X"
        elif case in TARGET_CASES and (dep.startswith("obl") or dep == "nmod"):
            # "rassemblés sur la place Tahrir": where a crowd or troops are; "tirs sur Bagdad": a target
            on_place = case == "sur" and event_class not in ATTACK_CLASSES and _is_place(child, index)
            roles.append(("place" if on_place else "target", child))
        elif event_class == "Vote" and dep.startswith("obl") and fold(child.lemma_) in MAJORITY_NOUNS:
            roles += [("agent", body) for body in _voting_body(child)]  # "votée à la majorité des membres du Parlement"
        elif case == "entre" and (dep.startswith("obl") or dep == "nmod"):
            # "une trêve entre Israël et le Hamas": both sides take part
            roles += [("participant", child)] + [("participant", c) for c in child.children if c.dep_ == "conj"]
        elif case in PLACE_CASES and (dep.startswith("obl") or dep == "nmod"):
            roles.append(("place", child))
            if _is_place(child, index):  # "ont manifesté à Dakar contre le gouvernement": the parser hung it on the place
                roles += [("target", c) for c in child.children if c.dep_ == "nmod" and _case(c) in AGAINST_CASES]
        elif fold(child.lemma_) in ORDER_NOUNS and (dep.startswith("obl") or dep == "nmod"):
            roles += [("orderedBy", c) for c in child.children if c.dep_ in ("nmod", "appos")]
        elif dep == "amod" and member.pos_ == "NOUN":
            roles.append(("agent-demonym", child))  # "frappe américaine", "drone américain"
    head = member.head
    if member.pos_ == "VERB" and member.dep_ in ("xcomp", "conj", "advcl") and not any(c.dep_.startswith("nsubj") for c in member.children):
        # "le gouvernement a décidé de frapper", "ont attaqué puis incendié le village": the
        # subject of the governing or first verb acts
        holder = head
        while holder.dep_ == "conj" and holder.head.i != holder.i and not any(c.dep_ == "nsubj" for c in holder.children):
            holder = holder.head
        if not (member.dep_ == "advcl" and "Part" not in member.morph.get("VerbForm")) and _participle_holder(member) is None:
            # "affirme avoir été agressée": the subject of the governing verb underwent it
            role = "target" if passive else "agent"
            roles += [(role, c) for c in holder.children if c.dep_ == "nsubj" and not _is_passive(holder)]
    if entry is not None and member.dep_ == "cop":
        roles += [("agent", c) for c in head.children if c.dep_ in ("nsubj", "nsubj:pass")]
        roles.append(("place", head))
    if entry is not None and entry.role == "needs-troops-subject":
        # "des navires et des avions sud-africains sont arrivés", "des blindés du Botswana et 300
        # soldats sont passés": every force named as the subject, its nationality, its state
        subjects = [c for c in member.children if c.dep_ in ("nsubj", "nsubj:pass")]
        for subject in subjects + [c for s in subjects for c in s.children if c.dep_ == "conj"]:
            roles.append(("agent", subject))
            roles += [("agent-demonym", c) for c in subject.children if c.dep_ == "amod"]
            roles += [("agent", c) for c in subject.children if c.dep_ == "nmod" and _case(c) == "de"
                      and index.at(c) is not None and index.at(c).kind == "country"]
    held = _participle_holder(member) if event_class in ("Deployment", "Withdrawal", "Protest") else None
    if held is not None and event_class != "Protest" and (_military(held, index) or fold(held.lemma_) in PERSONNEL_NOUNS):
        roles.append(("agent", held))  # "les militaires déployés à Gao": the forces sent
    if held is not None and event_class == "Protest" and (_crowd(held) or actor_kind(held) == "person"):
        roles.append(("agent", held))  # "un petit groupe de commerçants défilant dans la zone"
    if kill_verb and member.dep_ in ("acl", "amod") and head.pos_ in ("NOUN", "PROPN"):
        # "le préfet Claude Érignac, tué le 6 février 1998 à Ajaccio"; a participle after a
        # comma is of the name just before it, wherever the parser hangs it ("l'avocat de
        # l'assassin du préfet Claude Érignac, tué…")
        doc = member.doc
        before = doc[member.i - 2] if member.i >= 2 and doc[member.i - 1].text == "," else None
        named = index.at(before) if before is not None else None
        roles.append(("killed", before if named is not None and named.kind == "person" else head))
    if member.pos_ == "ADJ" and member.dep_ in ("amod", "acl") and head.pos_ == "NOUN":
        # "les 3 000 soldats tchadiens présents au Mali": the soldiers are there, where their noun says
        roles.append(("agent", head))
        roles += [("agent-demonym", c) for c in head.children if c.dep_ == "amod" and c.i != member.i]
        roles += [("place", c) for c in head.children if c.dep_ == "nmod" and _case(c) in PLACE_CASES]
    if member.pos_ == "NOUN" and any(c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in member.children):
        # "depuis son déploiement au Mozambique", "leur retrait": the subject of the clause
        clause = member.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        roles += [("agent", c) for c in clause.children if c.dep_ in ("nsubj", "nsubj:pass") and c.i < member.i]
    target_noun = fold(head.lemma_) in TARGET_NOUNS or fold(head.text).rstrip("s") in TARGET_NOUNS  # "victimes" read as a verb
    if member.pos_ == "NOUN" and member.dep_ in ("nmod", "obl:arg", "obl") and target_noun:
        # "X a été la cible de tirs": the subject of "cible" (which may hang under "a été")
        for holder in (head, head.head):
            subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubj:pass") and index.candidate(c)]
            if subjects:
                roles.append(("target", subjects[0]))
                break
    verb_lemma = fold(head.lemma_)
    if member.pos_ == "NOUN" and member.dep_ == "nsubj" and verb_lemma in OPPOSING_VERBS:
        # "des combats ont opposé l'armée et les rebelles", "…opposé l'armée aux rebelles": both sides
        sides = [c for c in head.children if c.dep_ == "obj" or (c.dep_.startswith("obl") and _case(c) == "a")]
        roles += [("participant", c) for side in sides for c in (side, *(g for g in side.children if g.dep_ == "conj"))]
    carried = member.dep_ in ("obj", "nsubj:pass") and verb_lemma in SUPPORT_VERBS
    if member.pos_ == "NOUN" and event_class == "Killing" and member.dep_ == "obj" and head.pos_ == "VERB" and _fatal(member):
        # "les rebelles ont infligé des blessures mortelles au gouverneur": who wounded whom
        roles += [("agent", c) for c in head.children if c.dep_ == "nsubj"]
        roles += [("killed", c) for c in (*head.children, *member.children)
                  if c.dep_ in ("obl", "obl:arg", "iobj", "nmod") and _case(c) == "a"]
    if member.pos_ == "NOUN":  # "une attaque menée par des hommes armés", "la trêve décrétée par le Hamas"
        participles = [c for c in member.children if c.dep_ == "acl"]
        if member.dep_ == "nmod":  # "un mois de trêve décrétée par…": the participle agrees with the event noun
            participles += [c for c in member.head.children if c.dep_ == "acl" and c.i > member.i
                            and _agrees(c, member) and not _agrees(c, member.head)]
        for participle in (c for c in participles if c.pos_ == "VERB" and fold(c.lemma_) in SUPPORT_VERBS):
            for child in participle.children:
                if child.dep_ == "obl:agent" or (child.dep_.startswith("obl") and _case(child) in AGENT_CASES):
                    roles.append(("agent", child))
                elif child.dep_.startswith("obl") and _case(child) in PLACE_CASES:
                    roles.append(("place", child))
    if event_class in ("Deployment", "Withdrawal"):
        roles += [("opposed", t) for t in _sent_against(member)]
    occurring = member.dep_ in ("nsubj", "nsubj:pass") and verb_lemma in OCCURRENCE_VERBS
    if member.pos_ == "NOUN" and head.pos_ == "VERB" and (carried or occurring):
        # "X a lancé une attaque contre Y", "la frappe a été menée sur ordre de Z",
        # "la manifestation a rassemblé des milliers de personnes à Beyrouth"
        passive = _is_passive(head)
        for child in head.children:
            case = _case(child)
            if carried and child.dep_ == "nsubj" and not passive:
                roles.append(("orderedBy" if verb_lemma == fold("ordonner") else "agent", child))
            elif carried and passive and (child.dep_ == "obl:agent" or case in AGENT_CASES):
                roles.append(("agent", child))
            elif case in PLACE_CASES and child.dep_.startswith("obl"):
                roles.append(("place", child))
            elif case == "entre" and child.dep_.startswith("obl"):
                roles += [("participant", child)] + [("participant", c) for c in child.children if c.dep_ == "conj"]
            elif fold(child.lemma_) in ORDER_NOUNS and child.dep_.startswith("obl"):
                roles += [("orderedBy", c) for c in child.children if c.dep_ in ("nmod", "appos")]
    return roles


def _agrees(participle, noun) -> bool:
    """Gender and number of a participle are a noun's (where both say them)."""
    for feature in ("Gender", "Number"):
        mine, its = participle.morph.get(feature), noun.morph.get(feature)
        if mine and its and mine != its:
            return False
    return True


def _voting_body(majority) -> list:
    """Who voted, from "à la majorité des membres du Parlement" or "à l'unanimité du conseil":
    the body the members belong to, or the complement itself."""
    found = []
    for child in (c for c in majority.children if c.dep_ == "nmod" and _case(c) == "de"):
        if fold(child.lemma_) in MEMBER_NOUNS:
            found += [g for g in child.children if g.dep_ == "nmod" and _case(g) == "de"]
        else:
            found.append(child)
    return found


def _sent_against(word) -> list:
    """Whom forces are sent against: "contre X" on the verb, or the one a purpose clause
    fights ("pour combattre les rebelles", "pour lutter contre les insurgés")."""
    found = [c for c in word.children if c.dep_.startswith("obl") and _case(c) in AGAINST_CASES]
    for clause in (c for c in word.children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB"):
        if fold(clause.lemma_) in FIGHT_VERBS:
            found += [c for c in clause.children if c.dep_ == "obj" or (c.dep_.startswith("obl") and _case(c) in AGAINST_CASES)]
    return found


def _add_filler(fillers: dict, role: str, token, anchor, event_class: str, index: EntityIndex) -> None:
    """Fill ``role`` with the entity ``token`` heads, if the entity can have that role."""
    if role == "opposed":  # the forces sent against them: a deployment's target
        entity = index.candidate(token)
        if entity is not None and entity.kind in ACTOR_KINDS and entity.kind != "source":
            fillers.setdefault(("target", entity.mention.start), RoleFiller("target", index.use(entity)))
        return
    if role == "agent-demonym":
        entity, role = index.demonym(token), "agent"
    else:
        entity = index.candidate(token, allow_demonym=role in ("agent", "target", "of"))
    if entity is None:
        return
    if role == "of":
        role = _role_of_complement(anchor, event_class, entity)
        if role is None:
            return
        if role == "target" and entity.kind in PLACE_KINDS:  # "l'invasion de l'Ukraine": there, too
            _add_filler(fillers, "place", token, anchor, event_class, index)
    if role == "target" and event_class not in TARGETED_CLASSES:
        if not (event_class in ("Deployment", "Withdrawal") and token.dep_ in ("nsubj", "nsubj:pass") and _military(token, index)):
            return
        role = "agent"  # "400 soldats britanniques sont déployés": the forces sent carry it out
    if role == "place" and entity.kind not in PLACE_KINDS:
        return
    entry = _entry(anchor)
    taking = entry is not None and entry.role == "needs-place"
    if role == "target" and event_class in ATTACK_CLASSES and (entity.kind in TOWN_KINDS or (taking and entity.kind == "country")):
        # "ont attaqué la ville de X", "ont pris la ville de X": the fight was there too
        _add_filler(fillers, "place", token, anchor, event_class, index)
        if taking and entity.kind in TOWN_KINDS:
            return  # a town taken is where the fight was; whom it was aimed at is its defenders
    if role in ("agent", "orderedBy", "participant") and entity.kind not in ACTOR_KINDS:
        return
    if role == "killed" and (entity.kind not in ("person", "source") or _counted_victims(entity, token)
                             or _count_property(token) in ("fatalities", "injuries")):
        return  # "tuant deux civils", "les victimes": a toll, not persons one can name
    if role == "agent" and event_class == "Protest" and entity.source == "demonym":
        return  # "des manifestants irakiens" are not the state of Iraq
    fillers.setdefault((role, entity.mention.start), RoleFiller(role, index.use(entity)))
    # "l'armée israélienne", "des soldats français": the state they serve; "des factions irakiennes"
    # are armed groups of the country, not its state
    country = index.country_of(entity) if role in ("agent", "target", "orderedBy", "participant") and entity.kind != "armed-group" else None
    if country is not None and not (event_class == "Protest" and role == "agent"):
        # "l'armée israélienne a bombardé": the army, and the state it serves
        fillers.setdefault((role, country.mention.start), RoleFiller(role, index.use(country)))


def _is_place(token, index: EntityIndex) -> bool:
    entity = index.candidate(token)
    return entity is not None and entity.kind in PLACE_KINDS


def _role_of_complement(anchor, event_class: str, entity) -> str | None:
    """What "de X" is of an event noun: the ground of an invasion or a siege ("l'invasion de
    l'Ukraine", "la prise de Bunagana" → target), the place of an attack ("l'attaque de Kidal"),
    who carried it out ("l'attaque des talibans", "le retrait des États-Unis")."""
    lemma = fold(anchor.lemma_)
    if lemma in GROUND_NOUNS:
        return "target" if event_class in TARGETED_CLASSES else "place"
    if entity.kind in PLACE_KINDS and entity.kind != "country":
        return "place"
    if entity.kind in ("armed-group", "organization", "country") and event_class != "Killing":
        return "agent"
    if entity.kind == "country":
        return "place"
    return None


def _clause_places(anchor, member_ids: set[int], anchors: set[int], index: EntityIndex) -> list:
    """Where the clause of an event says it happened when its own words do not: a locative
    phrase anywhere in the clause ("tuées dans la nuit de jeudi à Dibilou"), but not in
    another event's words, a relative clause or a quote of someone's."""
    clause = anchor
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i and clause.dep_ not in ("ROOT",):
        clause = clause.head
    found = []
    stack = [c for c in clause.children if c.i not in member_ids]
    if clause.dep_ == "conj" and clause.head.pos_ == "VERB":
        # "ont volé des bulletins à Benghazi, et les ont incendiés": coordinated verbs, one place
        stack += [c for c in clause.head.children if c.i not in member_ids and c.i != clause.i and (c.dep_.startswith("obl") or c.dep_ == "obj")]
    seen = 0
    while stack and seen < 60:
        token = stack.pop(0)
        seen += 1
        if token.i in anchors or token.dep_ in ("acl:relcl", "ccomp", "parataxis", "csubj", "nsubj"):
            continue
        # where someone was: "alors qu'elle se trouvait sur la place Tahrir"
        holder = token.head if token.head.pos_ == "VERB" else token.head.head
        at_spot = holder.pos_ == "VERB" and fold(holder.lemma_) in LOCATION_VERBS and _case(token) in SPOT_CASES
        if _locative(token, index) or at_spot:
            entity = index.candidate(token)
            if entity is not None and entity.kind in PLACE_KINDS:
                found.append(token)
                continue
        stack.extend(c for c in token.children if c.dep_ in ("nmod", "obl", "obl:mod", "obl:arg", "appos", "conj", "obj", "xcomp"))
    return found[:2]


def _relative_verbs(noun) -> list:
    """The verbs of relative clauses on an event noun: "une attaque qui a fait 14 morts", and
    "un attentat dans lequel quinze personnes ont péri" however the parser hangs the clause
    (the relative pronoun right after the noun says whose clause it is)."""
    verbs = [c for c in noun.children if c.pos_ == "VERB" and (
        c.dep_ == "acl:relcl" or (c.dep_ == "acl" and "Part" in c.morph.get("VerbForm")))]  # "une attaque menée à Kidal"
    doc = noun.doc
    for j in range(noun.i + 1, min(noun.i + 6, len(doc))):
        word = doc[j]
        if word.pos_ == "PRON" and fold(word.lemma_) in RELATIVE_PRONOUNS:
            if word.head.pos_ in ("VERB", "AUX") and word.head.i > j and word.head not in verbs:
                verbs.append(word.head)
            break
        if word.pos_ in ("VERB", "AUX") or (word.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "det" for c in word.children)):
            break
    return verbs


def _near(token) -> bool:
    """ "près de Kidal", "à proximité d'une église": a phrase of nearness."""
    return _case(token) in NEAR_WORDS or fold(token.lemma_) in NEAR_WORDS or any(
        c.dep_ == "advmod" and fold(c.text) in NEAR_WORDS for c in token.children)


def _locative(token, index: EntityIndex | None = None) -> bool:
    """A complement that says where: "à Kano", "dans la ville", "près d'une église"; near a
    country is on its border, not in it ("près de l'Ouganda")."""
    if _near(token):
        entity = index.candidate(token) if index is not None else None
        return entity is None or entity.kind != "country"
    return _case(token) in PLACE_CASES


def _antecedent(relative_verb):
    """What "qui" stands for: the noun the relative clause hangs on, or, when that noun does
    not agree with the verb in number, the nearest one above it that does ("ce sont deux
    hommes à bord d'une moto qui ont ouvert le feu": the men, not the motorbike)."""
    finite = next((c for c in relative_verb.children if c.dep_ in ("aux:tense", "aux", "aux:pass")), relative_verb)
    number = finite.morph.get("Number")
    token = relative_verb.head
    for _ in range(3):
        if not number or token.pos_ not in ("NOUN", "PROPN") or token.morph.get("Number") in (number, []):
            return token
        if token.head.i == token.i:
            break
        token = token.head
    return relative_verb.head


def _in_link_headline(anchor) -> bool:
    """Whether the event word is in the headline of a link to another article: the segment
    right after "Lire aussi :", "A lire aussi sur BBC Afrique :", "A regarder :"."""
    doc = anchor.doc
    start = anchor.sent.start
    before = [t for t in doc[max(0, start - 8) : start] if not t.is_space]
    return bool(before) and before[-1].text == ":" and any(t.lower_ in LINK_CUES for t in before)


def _accident_told(anchor) -> bool:
    """Whether the deaths' sentence, or the one before it, tells an accident (a crash, a
    stampede, an avalanche): people die there, but nobody killed them."""
    sentence = anchor.sent
    words = list(sentence)
    if sentence.start > 0:
        words += list(anchor.doc[sentence.start - 1].sent)
    following = anchor.doc[sentence.end].sent if sentence.end < len(anchor.doc) else None
    words += list(following) if following is not None else []
    return any((t.pos_ == "NOUN" and fold(t.lemma_) in ACCIDENT_NOUNS) or (t.pos_ == "VERB" and fold(t.lemma_) in ACCIDENT_VERBS)
               for t in words)


def _relative_where(anchor):
    """The antecedent of "où" when the event is told in that relative clause: "le Mali, où
    environ 400 soldats sont déployés", "la ville où la manifestation a eu lieu"."""
    clause = anchor
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    where = next((c for c in clause.children if c.pos_ in ("PRON", "ADV") and fold(c.lemma_) == fold("où") and c.i < clause.i), None)
    if where is None:
        return None
    if clause.dep_ == "acl:relcl" and clause.head.pos_ in ("NOUN", "PROPN"):
        return clause.head
    doc = clause.doc  # "Le Niger, où … sont déployés, a rappelé…" read as an adverbial clause
    before = doc[where.i - 2] if where.i >= 2 and doc[where.i - 1].text == "," else (doc[where.i - 1] if where.i >= 1 else None)
    return before if before is not None and before.pos_ in ("NOUN", "PROPN") else None


def _orders_received(agent) -> list:
    """Who gave the orders an agent is said to follow: "les Junglers, qui recevaient des ordres
    directs de l'ancien président Jammeh", "des soldats agissant sur ordre de X"."""
    found = []
    doc = agent.doc
    verbs = [c for c in agent.children if c.dep_ in ("acl:relcl", "acl") and c.pos_ == "VERB"]
    # a relative clause deeper in the agent's words: "un escadron connu sous le nom de X, qui recevait…"
    verbs += [t for t in agent.subtree if t.i > agent.i and t.dep_ == "acl:relcl" and t.pos_ == "VERB" and t not in verbs]
    after = agent.right_edge.i + 1
    if after + 1 < len(doc) and doc[after].text == "," and fold(doc[after + 1].text) == "qui" and doc[after + 1].head.pos_ == "VERB":
        verbs.append(doc[after + 1].head)  # "…par le Hezbollah, qui recevait des ordres…", however hung
    for verb in verbs:
        for order in (c for c in verb.children if fold(c.lemma_) in ORDER_NOUNS):
            found += [c for c in order.children if c.dep_ == "nmod" and _case(c) == "de"]
    return found


def _place_parts(token, anchors: set[int], index: EntityIndex, depth: int = 3) -> list:
    """The places a locative phrase names inside it: "dans les rues de la capitale, Nay Pyi Taw,
    et de la ville de Yangon", "près d'une église au nord-est du Nigeria", "dans un parc de
    Wimbledon". A complement "de" of a building or body is its owner, not where it is ("l'ambassade
    de France"), unless it names a city or a smaller place ("une station-service des îles X")."""
    found = []
    stack = [(token, 0)]
    while stack:
        word, level = stack.pop(0)
        if level >= depth:
            continue
        entity = index.candidate(word)
        if entity is not None and entity.kind not in PLACE_KINDS and entity.kind != "facility":
            continue  # "la route de l'armée": no place inside an actor
        for child in word.children:
            if child.i in anchors or child.dep_ not in ("nmod", "appos", "conj", "flat:name"):
                continue
            case = _case(child)
            if case is not None and case != "de" and case not in PLACE_CASES:
                continue
            if _near(child) and not _locative(child, index):
                continue  # "la ville de Bunagana, près de l'Ouganda"
            inner = index.candidate(child)
            owner = case == "de" and entity is not None and entity.kind == "facility" \
                and (inner is None or inner.kind in ("country",) or inner.kind not in PLACE_KINDS)
            if owner:
                continue
            found.append(child)
            stack.append((child, level + 1))
    return found


def _killer_of(token, index: EntityIndex) -> list:
    """ "l'assassinat du général Soleimani par Washington": a "par" phrase on the victim's name."""
    victim = index.candidate(token)
    if victim is None:
        return []
    span = index.span(victim)
    if span is None:
        return []
    return [c for t in span for c in t.children if c.dep_ == "nmod" and _case(c) in AGENT_CASES and c.i not in range(span.start, span.end)]


def _counted_victims(entity, token) -> bool:
    """A description of several people counted by the text ("deux civils", "15 personnes")."""
    from .numbers import count_of

    if entity.source != "description":
        return False
    count = count_of(token)
    return count is not None and count.value > 1


def _target_places(target) -> list:
    """Where a target is, said on it: "l'ambassade de France à Beyrouth", "un convoi à Kirkouk"."""
    return [c for c in target.children if c.dep_ == "nmod" and _case(c) in PLACE_CASES]


# --- values -------------------------------------------------------------------


def _count_value(prop: str, count, article: Article, doc, noun=None) -> EventValue:
    start_i, end_i = count.start_i, count.end_i
    if noun is not None:  # quote the counted noun too: "Sept roquettes", "aucune victime"
        start_i, end_i = min(start_i, noun.i), max(end_i, noun.i + 1)
    return EventValue(prop, str(count.value), token_mention(article, doc, start_i, end_i), count.at_least)


def _part_of_split(noun) -> bool:
    """ "Quatre projectiles sont tombés dans la Zone verte, trois autres dans des quartiers":
    a count the same sentence goes on to complete with "N autres" is a part of the whole."""
    return any(fold(t.lemma_) in REMAINDER_WORDS and t.i > noun.i and t.i > 0 and t.doc[t.i - 1].like_num
               for t in noun.sent)


def _values_of(members, anchor, event_class: str, article: Article, doc) -> list[EventValue]:
    """Counts (projectiles, troops, fatalities, injuries) the event's words give."""
    from .numbers import count_of

    values = []
    for member in members:
        prop = _count_property(member)
        if prop == "projectiles" and member.pos_ == "NOUN" and not _part_of_split(member):
            count = count_of(member)
            if count is not None:
                values.append(_count_value(prop, count, article, doc, member))
    verbs = [m for m in members if m.pos_ == "VERB"]
    if anchor.pos_ == "NOUN" and anchor.dep_ == "nsubj" and anchor.head.pos_ == "VERB":
        verbs.append(anchor.head)  # "une attaque à la roquette a fait un mort"
    for noun in (m for m in members if m.pos_ == "NOUN"):  # "une attaque qui a fait 14 morts", "dans lequel…"
        verbs += _relative_verbs(noun)
    head = anchor.head
    tolls = [head] if anchor.pos_ == "NOUN" and anchor.dep_ in ("nmod", "obl") else []
    tolls += [c for c in anchor.children if c.dep_ == "nmod" and c.i < anchor.i] if anchor.pos_ == "NOUN" else []
    for toll in tolls:  # "Quinze morts dans une attaque" (parsed either way), "trois blessés lors de l'explosion"
        if _count_property(toll) in ("fatalities", "injuries"):
            count = count_of(toll)
            if count is not None:
                values.append(_count_value(_count_property(toll), count, article, doc, toll))
    if not any(v.prop in ("fatalities", "injuries") for v in values) and anchor.pos_ == "NOUN":
        values += _headline_toll(anchor, article, doc)
    if anchor.pos_ == "NOUN" and anchor.dep_.startswith(("obl", "nmod")) and head.pos_ == "VERB" and _toll_of(head):
        verbs.append(head)  # "quinze personnes ont péri dans l'attaque", "tués lors de l'explosion"
    for verb in verbs:  # "douze soldats ont été tués", "31 hommes exécutés", "quinze personnes ont perdu la vie"
        prop = _toll_of(verb)
        if prop is None:
            continue
        for holder in (c for c in verb.children if c.dep_ in ("nsubj:pass", "nsubj", "obj")):
            if holder.dep_ == "nsubj" and _is_kill(verb) and not _is_passive(verb):
                continue  # "le tireur a tué…": the killer is not counted
            count = count_of(holder)
            if _count_property(holder) == "projectiles":
                continue  # "Quatre projectiles se sont abattus": weapons, not the dead
            if count is not None and (holder.pos_ in ("NOUN", "PRON", "NUM")):
                # "a tué trois enfants et un père de famille": the counted victims add up
                nominal = [c for c in holder.children if c.dep_ == "conj" and (c.pos_ == "NOUN" or any(g.dep_ == "det" for g in c.children))]
                more = [count_of(c) for c in nominal]  # "deux policiers et un passant" (read as a verb)
                if more and all(m is not None for m in more):
                    last = max(c.i for c in nominal)
                    total = count.value + sum(m.value for m in more)
                    values.append(EventValue(prop, str(total), token_mention(article, doc, count.start_i, last + 1), count.at_least))
                else:
                    values.append(_count_value(prop, count, article, doc, holder))
    # tolls: "tuant 25 personnes", "faisant un mort", "n'a fait aucune victime"
    toll_verbs = sorted(
        {v for verb in verbs for v in [verb, *(c for c in verb.children if c.dep_ in ("advcl", "conj", "xcomp") and c.pos_ == "VERB")]},
        key=lambda t: t.i,
    )
    for toll_verb in toll_verbs:
        lemma = fold(toll_verb.lemma_)
        objects = [c for c in toll_verb.children if c.dep_ in ("obj", "conj")]
        objects += [g for c in objects if c.dep_ == "obj" for g in c.children if g.dep_ == "conj"]  # "six morts et vingt blessés"
        for obj in objects:
            if lemma in TOLL_VERBS:
                prop = TOLL_VERBS[lemma]
            elif lemma == TOLL_SUPPORT_VERB and _count_property(obj) in ("fatalities", "injuries"):
                prop = _count_property(obj)
            else:
                continue
            count = count_of(obj)
            if count is not None:
                values.append(_count_value(prop, count, article, doc, obj))
        # "tuant une fillette et blessant 4 civils": the second participle is a conjunct
        # of the verb, or (mis-parsed as a noun) of its object
        objects = [c for c in toll_verb.children if c.dep_ == "obj"]
        siblings = [c for t in [toll_verb, *objects] for c in t.children if c.dep_ == "conj"]
        for sibling in siblings:
            prop = TOLL_VERBS.get(_verb_lemma(sibling))
            if prop is None:
                continue
            objects = [c for c in sibling.children if c.dep_ in ("obj", "nmod")] or _noun_after(sibling)
            for obj in objects:
                count = count_of(obj)
                if count is not None:
                    values.append(_count_value(prop, count, article, doc, obj))
    # troops sent or withdrawn: the first soldier noun under the trigger
    if event_class in ("Deployment", "Withdrawal"):
        holders = [anchor.head] if anchor.pos_ == "ADJ" and _count_property(anchor.head) == "troops" else []
        if _entry(anchor) is not None and _entry(anchor).role == "needs-troops-subject":
            subjects = [c for c in anchor.children if c.dep_ in ("nsubj", "nsubj:pass")]
            holders += [t for s in subjects for t in (s, *(c for c in s.children if c.dep_ == "conj"))
                        if _count_property(t) == "troops"]
        for token in holders + _troop_nouns(anchor):
            count = count_of(token)
            # "un contingent de 750 hommes": the article of a unit noun is not its size
            if count is not None and (doc[count.start_i].pos_ != "DET" or doc[count.start_i].text[:1].isdigit()):
                values.append(_count_value("troops", count, article, doc, token))
                break
    return values


def _headline_toll(anchor, article: Article, doc) -> list[EventValue]:
    """ "Neuf morts dans une attaque au Niger": a headline the parser cannot read; the toll
    noun just before the event noun, with a number before it, is the event's."""
    from .numbers import Count, parse_number

    start = anchor.i
    while start > 0 and anchor.i - start < 6 and not (doc[start - 1].is_space or doc[start - 1].is_punct):
        start -= 1  # back to the start of the line or clause: the parser may have cut the headline
    for i in range(anchor.i - 1, start, -1):
        noun = doc[i]
        prop = _count_property(noun)
        if prop in ("fatalities", "injuries"):
            for first in range(start, i):
                number = parse_number(doc[first:i].text)
                if number is not None and not any(t.ent_type_ for t in doc[first:i]) \
                        and (number == 1 or "Plur" in noun.morph.get("Number")):  # "France 24 victime de…" is no toll
                    return [_count_value(prop, Count(number, first, i, False), article, doc, noun)]
        if noun.pos_ in ("VERB", "AUX"):
            break
    return []


def _is_kill(verb) -> bool:
    entry = _entry(verb)
    # "des roquettes se sont abattues": to fall, not to kill
    return entry is not None and entry.event_class == "Killing" and verb.pos_ == "VERB" and not _reflexive(verb)


def _toll_of(verb) -> str | None:
    """The count property a verb's counted people fill: killed ("tuer", "exécuter", "abattre"),
    dead ("mourir", "périr", "perdre la vie", "trouver la mort") or injured ("blesser")."""
    lemma = fold(verb.lemma_)
    if _fatal(verb):
        return "fatalities"  # "mortellement blessés": dead of their wounds
    if lemma in TOLL_VERBS:
        return TOLL_VERBS[lemma]
    if _is_kill(verb) or lemma in DEATH_VERBS:
        return "fatalities"
    objects = {fold(c.lemma_) for c in verb.children if c.dep_ == "obj"}
    if (lemma == "perdre" and "vie" in objects) or (lemma == "trouver" and "mort" in objects):
        return "fatalities"
    return None


def _noun_after(token, window: int = 4) -> list:
    """The noun that follows a word within a few tokens (its object when the parse lost it)."""
    for nxt in token.doc[token.i + 1 : token.i + 1 + window]:
        if nxt.pos_ in ("NOUN", "PROPN"):
            return [nxt]
        if nxt.pos_ not in ("DET", "NUM", "ADJ", "ADV"):
            break
    return []


def _count_property(token) -> str | None:
    """The count property of a noun, by lemma or by form (the lemmatizer gives "obu" for "obus")."""
    nouns = count_nouns()
    return nouns.get(fold(token.lemma_)) or nouns.get(fold(token.text))


def _verb_lemma(token) -> str:
    """The verb lemma, also for a present participle the tagger took for a noun ("blessant")."""
    if token.pos_ == "VERB":
        return fold(token.lemma_)
    text = fold(token.text)
    return text[:-3] + "er" if text.endswith("ant") else fold(token.lemma_)


_PARTICIPLE_ENDINGS = (("ées", ("Fem", "Plur")), ("ée", ("Fem", "Sing")), ("és", ("Masc", "Plur")), ("é", ("Masc", "Sing")),
                       ("ies", ("Fem", "Plur")), ("ie", ("Fem", "Sing")), ("is", (None, None)), ("i", ("Masc", "Sing")))


def _features(token) -> tuple:
    """(gender, number) of a token; of a participle, by its ending, which the tagger often
    gets wrong ("déployée" read as masculine)."""
    if token.pos_ == "VERB":
        for ending, features in _PARTICIPLE_ENDINGS:
            if token.text.lower().endswith(ending):
                return features
    gender, number = token.morph.get("Gender"), token.morph.get("Number")
    return (gender[0] if gender else None, number[0] if number else None)


def _agrees(a, b) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(_features(a), _features(b)))


def _agreeing_noun(participle, head):
    """The parser's head of a participle, or, when it disagrees in gender or number, the nearest
    noun before the participle that agrees ("l'avenir de … la coalition emmenée par…")."""
    if head.pos_ in ("NOUN", "PROPN") and _agrees(participle, head):
        return head
    for token in reversed(participle.doc[max(participle.sent.start, participle.i - 12) : participle.i]):
        if token.pos_ == "NOUN" and _agrees(participle, token) and token.morph.get("Gender"):
            return token
    return head if head.pos_ in ("NOUN", "PROPN") else None


def _participle_holder(verb):
    """The noun a participle qualifies: "les militaires déployés à Gao", and through a chain
    of participles "la coalition emmenée par les Etats-Unis, déployée en 2014"."""
    if verb.pos_ != "VERB" or "Part" not in verb.morph.get("VerbForm"):
        return None
    token = verb
    for _ in range(3):
        if token.dep_ in ("acl", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
            return _agreeing_noun(token, token.head)
        if token.dep_ in ("advcl", "conj") and token.head.pos_ == "VERB" and "Part" in token.head.morph.get("VerbForm") \
                and not any(c.dep_.startswith("aux") for c in token.head.children):
            token = token.head
            continue
        detached = token.i > 0 and token.doc[token.i - 1].is_punct and not any(c.dep_.startswith("nsubj") for c in token.children)
        if detached and token.dep_ in ("advcl", "acl", "conj", "dep"):
            # ", déployée en 2014 en Irak": a participle set off by a comma is said of the noun before
            return _agreeing_noun(token, token.doc[token.i - 1])
        return None
    return None


def _troop_nouns(anchor, depth: int = 3) -> list:
    """Soldier nouns (or numbers heading them: "500 de leurs soldats") under the trigger."""
    found, frontier = [], [anchor]
    for _ in range(depth):
        nxt = []
        for token in frontier:
            for child in token.children:
                if child.dep_ in ("obj", "nmod", "nsubj:pass", "obl:arg", "appos", "conj"):
                    if _count_property(child) == "troops" or fold(child.lemma_) in PERSONNEL_NOUNS:
                        found.append(child)
                    elif child.pos_ in ("NUM", "PRON") and any(_count_property(c) == "troops" for c in child.children):
                        found.append(child)
                    nxt.append(child)
        frontier = nxt
    return found


def _reflexive(verb) -> bool:
    return any(c.dep_ in ("expl:comp", "expl:pv", "expl") or (c.pos_ == "PRON" and fold(c.text) in ("se", "s'")) for c in verb.children)


def _military(token, index: EntityIndex) -> bool:
    """Soldiers, an armed force, armour, or a state that sends them ("la France", "l'armée
    ougandaise", "une équipe composée d'officiers rwandais", "des véhicules blindés")."""
    if fold(token.lemma_) in MILITARY_NOUNS or _count_property(token) == "troops":
        return True
    if token.pos_ == "NOUN" and any(c.dep_ == "amod" and fold(c.lemma_) in PERSONNEL_NOUNS for c in token.children):
        return True  # "des véhicules blindés": armour, as "des blindés"
    if any(fold(g.lemma_) in MILITARY_NOUNS or _count_property(g) == "troops"
           for c in token.children if c.dep_ in ("nmod", "acl", "conj") for g in (c, *c.children) if g.pos_ == "NOUN"):
        return True
    entity = index.candidate(token)
    return entity is not None and entity.kind in ("country", "armed-group") or (
        entity is not None and entity.source == "description" and fold(token.lemma_) in MILITARY_NOUNS)


def _military_subject(word, index: EntityIndex) -> bool:
    """The forces of a withdrawal: "le retrait des États-Unis", "l'Espagne s'est retirée"."""
    if word.pos_ == "NOUN":
        return any(c.dep_ == "nmod" and _case(c) == "de" and _military(c, index) for c in word.children)
    return any(c.dep_ in ("nsubj", "nsubj:pass") and _military(c, index) for c in word.children)


def _troops_moved(word, index: EntityIndex) -> bool:
    """Soldiers (or a state's forces) where they are sent or stationed: the subject is military
    and a place is said ("sont entrés au Mozambique", "sont présents sur place", "a quitté la base")."""
    if word.dep_ == "cop":  # "les soldats sont dans les rues de la capitale": the place heads the clause
        holders = [c for c in word.head.children if c.dep_ in ("nsubj", "nsubj:pass")]
        if any(_military(h, index) for h in holders):
            place = index.candidate(word.head)
            return (place is not None and place.kind in PLACE_KINDS) or fold(word.head.lemma_) in ("rue", "terrain", "place", "front")
        return False
    if word.pos_ == "ADJ":  # "les soldats présents sur place", "des militaires étaient présents"
        holders = [word.head] if word.dep_ in ("amod", "acl") else [c for c in word.children if c.dep_ == "nsubj"]
    else:
        holders = [c for c in word.children if c.dep_ in ("nsubj", "nsubj:pass")]
        if not holders and word.dep_ in ("xcomp", "conj"):  # "la mission a été autorisée à entrer"
            holders = [c for c in word.head.children if c.dep_ in ("nsubj", "nsubj:pass")]
    holders = [word.head if fold(h.lemma_) == "qui" and word.dep_ == "acl:relcl" else h for h in holders]
    if not any(_military(h, index) or any(_military(c, index) for c in h.children if c.dep_ == "conj") for h in holders):
        return False
    carriers = [word, *holders] if word.pos_ == "ADJ" else [word]
    for child in (c for carrier in carriers for c in carrier.children):
        if child.dep_.startswith(("obl", "nmod")) or child.dep_ in ("obj", "advmod"):
            if child.dep_ == "nmod" and _case(child) not in PLACE_CASES:
                continue
            place = index.candidate(child)
            if place is not None and place.kind in PLACE_KINDS:
                return True
            if fold(child.lemma_) in ("place", "terrain", "rue", "sol", "front"):
                return True  # "sur place", "dans les rues", "sur le terrain"
            if child.dep_ == "obj" and fold(child.lemma_) in entity_cues().place_noun:
                return True  # "les insurgés abandonnent les bases"
            if _case(child) in ("devant", "pres", "autour") and fold(child.lemma_) in entity_cues().place_noun:
                return True  # "stationnés devant le palais présidentiel"
    return False


def _place_taken(word, index: EntityIndex) -> bool:
    """Ground taken: "ont pris la ville de Bunagana", "la prise de Palma", "se sont emparés de X"."""
    for child in word.children:
        if child.dep_ in ("obj", "nsubj:pass") or (child.dep_ in ("nmod", "obl:arg", "obl") and _case(child) == "de"):
            place = index.candidate(child)
            if place is not None and place.kind in PLACE_KINDS:
                return True
            if fold(child.lemma_) == "controle":  # "prendre le contrôle de la ville"
                return any(_place_taken(child, index) for _ in (0,))
    return False


def _crowd(token) -> bool:
    """People gathering: "des milliers de personnes", "les manifestants", "une foule"."""
    return fold(token.lemma_) in CROWD_NOUNS or any(
        c.dep_ == "nmod" and fold(c.lemma_) in CROWD_NOUNS for c in token.children)


def _determiners(token) -> set[str]:
    return {fold(c.lemma_) for c in token.children if c.dep_ == "det"} | {fold(c.text) for c in token.children if c.dep_ == "det"}


def _generic(anchor, members) -> bool:
    """A plural event noun with no single occurrence: "les attaques ne sont pas revendiquées",
    "des attaques récurrentes", "la multiplication des attaques"; but "les manifestations qui
    ont suivi sa mort" and "de violents combats ont éclaté lundi" are one event."""
    if anchor.pos_ != "NOUN" or "Plur" not in anchor.morph.get("Number"):
        return False
    if fold(anchor.lemma_) not in PLURAL_EVENT_NOUNS:
        return True  # "des attaques djihadistes qui ont fait des dizaines de morts": a series
    # "des affrontements ont éclaté", "les manifestations qui ont suivi": told as one event
    # when a past clause tells it happened
    token = anchor  # the clause it is told in: "ont été la cible de tirs", "des combats ont éclaté"
    for _ in range(3):
        head = token.head
        if head.i == token.i or token.dep_ not in ("nsubj", "obj", "nsubj:pass", "nmod", "obl", "obl:arg", "obl:agent", "obl:mod"):
            break
        if "Past" in _tenses(head):
            return False
        token = head
    return not any(c.dep_ in ("acl:relcl", "acl") and "Past" in _tenses(c) for c in anchor.children)


def _habitual(tokens, entries) -> bool:
    """ "a été visé plusieurs fois par des attaques", "chaque année": repeated, not one event;
    a verb whose only weapon or attack is a generic plural is a series too."""
    for token in tokens:
        for child in token.children:
            if fold(child.lemma_) in HABITUAL_WORDS or any(fold(g.lemma_) in HABITUAL_WORDS for g in child.children if g.dep_ == "det"):
                if child.dep_ in ("advmod", "obl:mod", "obl", "nmod", "det"):
                    return True
    for token in tokens:  # "des dizaines de roquettes ont déjà visé la Zone verte": many, over time
        if token.pos_ == "VERB" and any(c.dep_ == "advmod" and fold(c.lemma_) in ALREADY_WORDS for c in token.children):
            counted = [c for t in tokens for c in t.children if c.dep_ in ("nsubj", "nsubj:pass", "obj")] + [t for t in tokens if t.pos_ == "NOUN"]
            if any(fold(c.lemma_) in QUANTITY_NOUNS or any(fold(g.lemma_) in QUANTITY_NOUNS for g in c.children) for c in counted):
                return True
    for token in tokens:  # "Tous ces soldats ont été tués après le 24 février": a tally over a period
        if token.pos_ == "VERB" and _sum_over_period(token):
            return True
    verbs = [t for t in tokens if t.pos_ == "VERB" and entries[t.i].role != "trigger"]
    nouns = [t for t in tokens if t.pos_ == "NOUN" and entries[t.i].role == "trigger"]
    return bool(verbs) and bool(nouns) and all(_generic(n, tokens) for n in nouns)


def _sum_over_period(verb) -> bool:
    """Plural victims or targets and a period ("après le 24 février", "depuis le début de la
    guerre"): the verb counts what happened over the period, not one event."""
    plural = any(c.dep_ in ("nsubj:pass", "obj") and c.pos_ == "NOUN" and "Plur" in c.morph.get("Number")
                 for c in verb.children)
    bounded = any(c.dep_.startswith("obl") and _case(c) in PERIOD_PREPOSITIONS
                  and (_case(c) == "depuis" or c.pos_ == "NUM" or any(g.pos_ == "NUM" for g in c.children))
                  for c in verb.children)
    return plural and bounded


def _in_a_name(token, index: EntityIndex) -> bool:
    entity = index.at(token)
    return entity is not None and entity.source not in ("place-noun", "reference", "description") \
        and " " in entity.mention.quote.strip()


def _tenses(verb) -> set[str]:
    """The tenses of a verb (or a noun with a copula) and its auxiliaries."""
    forms = (verb, *(c for c in verb.children if c.dep_.startswith("aux") or c.dep_ == "cop"))
    return {t for form in forms for t in form.morph.get("Tense")}


def _rank(anchor) -> bool:
    """ "la cinquième attaque", "une nouvelle attaque": another event of a series."""
    return any(c.dep_ in ("amod", "nummod") and (fold(c.lemma_) in DISTINCT_MARKERS or "Ord" in c.morph.get("NumType"))
               for c in anchor.children)


def _refers_back(anchor, members, entries) -> bool:
    """An event noun that names an event reported around it: "cette attaque", "l'incident",
    "le bilan", "c'est la cinquième attaque survenue"."""
    if any(entries[m.i].role == "anaphor" for m in members):
        return True
    if anchor.pos_ != "NOUN" or any(t.pos_ == "VERB" for t in members):
        return False
    if _determiners(anchor) & ANAPHORIC_DETERMINERS:
        return True
    head = anchor.head
    return any(c.dep_ == "cop" for c in anchor.children) or (head.i != anchor.i and fold(head.lemma_) == "etre")


# --- events -------------------------------------------------------------------


def _clusters(doc, entries) -> dict[int, list[int]]:
    clusters = UnionFind()
    for i in entries:
        token = doc[i]
        clusters.find(i)
        head, dep = token.head, token.dep_
        if fold(head.lemma_) in QUANTITY_NOUNS and head.head.i != head.i:
            head, dep = head.head, head.dep_  # look through "des dizaines de"
        if head.i in entries and head.i != i and dep in LINKING_DEPS:
            same_family = CLASS_FAMILY[entries[i].event_class] == CLASS_FAMILY[entries[head.i].event_class]
            # a verb with a subject of its own is a clause of its own, not a modifier
            own_clause = token.dep_ == "acl" and any(c.dep_.startswith("nsubj") for c in token.children)
            if same_family and not own_clause:
                clusters.union(i, head.i)
    # "l'assassinat, dans un raid aérien, …": two event nouns of one family that hang
    # side by side on one head, with only punctuation and function words between them
    ordered = sorted(entries)
    for a, b in zip(ordered, ordered[1:]):
        ta, tb = doc[a], doc[b]
        between = doc[a + 1 : b]
        if (
            ta.pos_ == tb.pos_ == "NOUN" and ta.head.i == tb.head.i and b - a <= 4
            and CLASS_FAMILY[entries[a].event_class] == CLASS_FAMILY[entries[b].event_class]
            and any(t.text == "," for t in between)
            and all(t.pos_ in ("PUNCT", "ADP", "DET") for t in between)
        ):
            clusters.union(a, b)
    groups: dict[int, list[int]] = {}
    for i in sorted(entries):
        groups.setdefault(clusters.find(i), []).append(i)
    return groups


def _reports_event(members, entries, doc, index: EntityIndex) -> bool:
    roles = {entries[i].role for i in members}
    if roles & {"trigger", "anaphor"}:
        return True
    if roles & {"needs-instrument", "kill", "needs-place", "needs-crowd", "needs-troops-subject"} and "instrument" in roles:
        return True
    if "needs-troops" in roles and any(_troop_nouns(doc[i]) for i in members if entries[i].role == "needs-troops"):
        return True
    if "needs-troops" in roles and any(  # "les militaires déployés à Gao": the participle on the soldiers
            (held := _participle_holder(doc[i])) is not None and (
                _count_property(held) == "troops" or fold(held.lemma_) in PERSONNEL_NOUNS or _military(held, index))
            for i in members if entries[i].role == "needs-troops"):
        return True
    if "needs-troops" in roles:  # "le retrait des États-Unis", "l'Espagne s'est retirée": a state's forces
        return any(_military_subject(doc[i], index) for i in members if entries[i].role == "needs-troops"
                   and (doc[i].pos_ == "NOUN" or _reflexive(doc[i])))
    if "needs-troops-subject" in roles:
        return any(_troops_moved(doc[i], index) for i in members if entries[i].role == "needs-troops-subject")
    if "needs-place" in roles:
        return any(_place_taken(doc[i], index) for i in members if entries[i].role == "needs-place")
    if "needs-street" in roles:  # "sont descendus dans la rue": took to the streets
        return any(fold(c.lemma_) in STREET_NOUNS and _case(c) in PLACE_CASES for i in members
                   if entries[i].role == "needs-street" for c in doc[i].children)
    if "needs-crowd" in roles:
        return any(_crowd(c) for i in members if entries[i].role == "needs-crowd"
                   for c in doc[i].children if c.dep_ in ("nsubj", "nsubj:pass", "obj"))
    if "kill" in roles:  # "a tué le général", "tuant 25 personnes", "tué par des assassins", "un fidèle brûlé vif"
        from .numbers import count_of

        for i in members:
            verb = doc[i]
            victims = [c for c in verb.children if c.dep_ in ("obj", "nsubj:pass") or (c.dep_ == "nsubj" and _is_passive(verb))]
            if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
                victims.append(verb.head)  # "le préfet Claude Érignac, tué le 6 février 1998"
            for victim in victims:
                entity = index.candidate(victim)
                if (entity is not None and entity.kind in ("person", "source")) or count_of(victim) is not None:
                    return True
            if _is_passive(verb) and any(c.dep_ == "obl:agent" for c in verb.children):
                return True  # "avant d'être tué par des assassins": the victim is the clause's subject
    return False


def extract_events(article: Article, doc, index: EntityIndex, dates: dict[int, object] | None = None) -> list[EventMention]:
    """The events reported in one parsed article; the entities their roles use are
    recorded in ``index``. ``dates`` maps token indices to date expressions (``kg.extract.dates``).
    """
    dates = dates or {}
    entries = {
        token.i: entry
        for token in doc
        if (entry := _entry(token)) is not None and entry.role != "modifier" and not _names_equipment(token)
    }
    events = []
    clusters = _clusters(doc, entries)
    anchors = set(entries)  # every event word: a date inside another event's words is that event's
    for members in clusters.values():
        if not _reports_event(members, entries, doc, index):
            continue
        member_ids = set(members)
        # the anchor is the word the others depend on; verbs first
        heads = [i for i in members if doc[i].head.i not in member_ids or doc[i].head.i == i]
        anchor = doc[min(heads, key=lambda i: (doc[i].pos_ != "VERB", i))]
        tokens = [doc[i] for i in members]
        if not _factual(anchor, tokens) or _generic(anchor, tokens) or _habitual(tokens, entries):
            continue
        if any(_in_a_name(t, index) for t in tokens):
            continue  # "Rassemblement pour la République", "Front pour la libération": names, not events
        if _in_link_headline(anchor):
            continue  # "A lire aussi : Irak : des roquettes s'abattent…": another article's headline
        refers_back = _refers_back(anchor, tokens, entries)
        additive = any(c.dep_ == "advmod" and fold(c.lemma_) in ADDITIVE_WORDS for t in tokens for c in t.children)
        definite = anchor.pos_ == "NOUN" and bool(_determiners(anchor) & DEFINITE_DETERMINERS) and "Plur" not in anchor.morph.get("Number")
        distinct = anchor.pos_ == "NOUN" and _rank(anchor)
        if distinct and not refers_back and not any(c.dep_ == "det" and fold(c.lemma_) == "un" for c in anchor.children):
            continue  # "la cinquième attaque de l'année": a rank in a series, not this event
        # a weapon makes the class more specific ("tirs de roquettes"), never only more generic:
        # "abattu de trois balles" stays a killing
        classes = [entries[i].event_class for i in members
                   if entries[i].role != "instrument" or entries[i].event_class != "Attack"]
        event_class = min(classes or [entries[i].event_class for i in members], key=CLASS_PRECEDENCE.index)
        for token in tokens:  # "raid aérien", "frapper via ses forces aériennes"
            means = [c for c in token.children if _case(c) in MEANS_CASES]
            for child in [*token.children, *(g for m in means for g in m.children)]:
                entry = _entry(child)
                if entry is not None and entry.role == "modifier" and CLASS_FAMILY[entry.event_class] == CLASS_FAMILY[event_class]:
                    event_class = min(event_class, entry.event_class, key=CLASS_PRECEDENCE.index)
        fillers: dict[tuple[str, int], RoleFiller] = {}
        found = []
        for token in tokens:
            found += _roles_of(token, member_ids, event_class, index)
        found += [("place", place) for role, token in found if role == "target" for place in _target_places(token)]
        found += [("place", c) for m in tokens if m.pos_ == "NOUN" for verb in _relative_verbs(m)
                  for c in verb.children if c.dep_.startswith("obl") and _locative(c, index) and c.i not in member_ids]
        found += [("place", part) for role, token in found if role == "place" for part in _place_parts(token, anchors, index)]
        found += [("orderedBy", giver) for role, token in found if role == "agent" for giver in _orders_received(token)]
        where = _relative_where(anchor)
        if where is not None:
            found.append(("place", where))  # "le Mali, où 400 soldats sont déployés"
        found += [("agent", by) for role, token in found if role == "killed" for by in _killer_of(token, index)]
        for role, token in found:
            _add_filler(fillers, role, token, anchor, event_class, index)
        if not any(role == "place" for role, _key in fillers):  # a locative elsewhere in the clause
            for token in _clause_places(anchor, member_ids, anchors, index):
                for part in [token, *_place_parts(token, anchors, index)]:
                    _add_filler(fillers, "place", part, anchor, event_class, index)
        roles = tuple(fillers[key] for key in sorted(fillers))
        if event_class == "Killing" and not any(r.role in ("agent", "orderedBy") for r in roles) and _accident_told(anchor):
            continue  # "une quarantaine de personnes au sol ont été tuées" by a crash: no killing
        values = _values_of(tokens, anchor, event_class, article, doc)
        date = _event_date(tokens, anchor, dates, article, doc, anchors - member_ids) or _dateline_date(anchor, dates, article, doc)
        if date is not None:
            values.append(date)
        values = _one_value_per_property(values)
        trigger = token_mention(article, doc, anchor.i, anchor.i + 1)
        evidence = [token_mention(article, doc, i, i + 1) for i in members if i != anchor.i]
        evidence += [filler.entity.mention for filler in roles] + [v.mention for v in values]
        sentence = anchor.sent
        persons = {
            index.by_token[t.i].mention: index.by_token[t.i]
            for t in sentence if t.i in index.by_token and index.by_token[t.i].kind == "person"
        }
        events.append(
            EventMention(
                event_class, trigger, event_label(event_class, [(f.role, f.entity.name) for f in roles]), roles, tuple(sorted(set(evidence))), tuple(values),
                word_classes=frozenset(entries[i].event_class for i in members),
                sentence_persons=tuple(persons[m] for m in sorted(persons)),
                refers_back=refers_back, distinct=distinct and not refers_back, definite=definite, additive=additive,
            )
        )
    events.sort(key=lambda e: e.trigger.start)
    return _with_named_protesters(events, doc, index)


def _with_named_protesters(events: list[EventMention], doc, index: EntityIndex) -> list[EventMention]:
    """ "« … », affirme un jeune manifestant, Abdel Nasser": a person named as a protester took
    part in the protest the article told before (the nearest told with its roles): a participant."""
    protests = [e for e in events if e.event_class == "Protest"]
    if not protests:
        return events
    added: dict[int, list] = {}
    for token in doc:
        if token.pos_ not in ("NOUN", "ADJ") or fold(token.lemma_) not in PROTESTER_NOUNS or "Plur" in token.morph.get("Number"):
            continue
        # the name right after it, or right before it, between commas, however the parser hangs it
        beside = [token.i + 2] if token.i + 2 < len(doc) and doc[token.i + 1].text == "," else []
        beside += [c.i for c in token.children if c.dep_ in ("appos", "flat:name")]
        if token.dep_ == "appos":
            beside.append(token.head.i)  # "Hassan, un manifestant,"
        named = [index.by_token[i] for i in beside if i in index.by_token and index.by_token[i].kind == "person"]
        for person in named:
            before = [e for e in protests if e.trigger.start < person.mention.start]
            told = [e for e in before if e.roles] or before  # the protest told, not a word that recalls it
            if told:
                added.setdefault(id(told[-1]), []).append(RoleFiller("participant", index.use(person)))
    return [replace(e, roles=e.roles + tuple(f for f in added.get(id(e), ()) if f not in e.roles)) if id(e) in added else e
            for e in events]


def _dateline_date(anchor, dates: dict[int, object], article: Article, doc) -> EventValue | None:
    """ "7 juillet 2012. - Des perturbations ont lieu…": what the paragraph a dateline opens tells
    in the present happens on the dateline's day."""
    if article.date is None:
        return None
    verb = anchor if anchor.pos_ in ("VERB", "AUX") else anchor.head
    if verb.pos_ not in ("VERB", "AUX") or "Pres" not in verb.morph.get("Tense") or "Ind" not in verb.morph.get("Mood"):
        return None
    if any(c.dep_.startswith("aux") for c in verb.children):
        return None  # "a été tué": a past, whose day the present does not say
    line = anchor.i
    while line > 0 and not (doc[line - 1].is_space and "\n" in doc[line - 1].text):
        line -= 1
    for i in range(line, min(line + 4, anchor.i)):
        expression = dates.get(i)
        if expression is not None and expression.value == article.date:
            return EventValue("date", expression.value, token_mention(article, doc, expression.start_i, expression.end_i))
    return None


def _event_date(tokens, anchor, dates: dict[int, object], article: Article, doc, other_anchors: set[int]) -> EventValue | None:
    """The resolved date the text gives the event, searched from the closest words out:

    1. a date complement of the event's words or of its support verb ("une trêve
       a été instaurée en octobre");
    2. a date deeper in the clause of the event's verb, but not inside another
       event's clause nor a participle ("l'ambassade construite en 2005");
    3. a date fronted at the start of the sentence ("Fin décembre, une attaque…").
    """
    member_ids = {t.i for t in tokens}

    def value_at(token):
        expression = dates.get(token.i)
        if expression is not None and expression.value and not _is_period_bound(expression, doc):
            return EventValue("date", expression.value, token_mention(article, doc, expression.start_i, expression.end_i))
        return None

    carriers = list(tokens)
    if anchor.pos_ == "NOUN" and anchor.dep_ in ("obj", "nsubj", "nsubj:pass") and anchor.head.pos_ == "VERB":
        carriers.append(anchor.head)
    for carrier in carriers:
        for child in carrier.children:
            if child.dep_ in DATE_DEPS and child.i not in member_ids:
                for token in child.subtree:
                    if (found := value_at(token)) is not None:
                        return found
    clause = carriers[-1] if carriers[-1].pos_ == "VERB" else anchor
    stack = [c for c in clause.children if c.i not in member_ids]
    while stack:
        token = stack.pop(0)
        if token.i in other_anchors or token.dep_ in ("acl", "ccomp", "parataxis"):
            continue
        if (found := value_at(token)) is not None:
            return found
        stack.extend(token.children)
    # a fronted date: at a sentence start (which the parser may have missed or
    # misplaced), followed by a comma, with no other event word before the anchor
    start = anchor.sent.start
    for _ in range(2):  # step back over fragments the parser cut off ("Fin" | "décembre" | ", une attaque")
        if start > 0 and len(doc[start - 1].sent) < 4:
            start = doc[start - 1].sent.start
    start = doc[start - 1].sent.start if start > 0 and doc[start].text == "," else start
    fronted = None
    for i in range(start, anchor.i):
        expression = dates.get(i)
        if expression is None or expression.start_i != i or expression.end_i >= len(doc):
            continue
        at_start = i == 0 or doc[i].is_sent_start or doc[i - 1].text.strip() in ("", ".", "!", "?")
        if at_start and doc[expression.end_i].text == ",":
            fronted = expression
    if fronted is not None and not any(fronted.end_i <= i < anchor.i for i in other_anchors):
        return value_at(doc[fronted.start_i])
    return None


def _is_period_bound(expression, doc) -> bool:
    """ "depuis octobre", "avant le 3 janvier": a bound of a period, not the event's date."""
    words = [fold(t.text) for t in doc[max(expression.start_i - 1, 0) : expression.end_i]]
    return any(word in PERIOD_PREPOSITIONS for word in words[:2])


def _one_value_per_property(values: list[EventValue]) -> list[EventValue]:
    """Keep the first value the text gives for each property of one event mention."""
    kept: dict[str, EventValue] = {}
    for value in sorted(values, key=lambda v: v.mention.start):
        kept.setdefault(value.prop, value)
    return [kept[prop] for prop in sorted(kept)]
