"""Attach each claim to the resolved nodes: speakers, accused, outlets, and the events it is about."""
from __future__ import annotations

from ..model import Claim, Mention
from ..vocabulary import class_label


def _keyed(entities, mention_key: dict[Mention, str]) -> list[tuple[str, Mention]]:
    return sorted({(mention_key[e.mention], e.mention) for e in entities})


def resolve_claims(extractions, mention_key: dict[Mention, str], labels: dict[str, str], trigger_event: dict) -> list[Claim]:
    """One Claim per claim mention; ``about`` lists the events whose words lie in its statement."""
    claims = []
    by_article: dict[str, list] = {}
    for mention, event in trigger_event.items():
        by_article.setdefault(mention.article_id, []).append((mention, event))
    for extraction in extractions:
        article_id = extraction.article.identifier
        triggers = by_article.get(article_id, [])
        for cm in extraction.claims:
            about = {
                event.key
                for trigger, event in triggers
                if cm.statement.start <= trigger.start and trigger.end <= cm.statement.end
            }
            accused = _keyed(cm.accused, mention_key)
            if not about and cm.claim_type == "Accusation":
                about = {key for key, _ in accused}
            claimants = _keyed(cm.claimants, mention_key)
            speaker = ", ".join(sorted({labels[key] for key, _ in claimants}))
            text = cm.statement.quote if len(cm.statement.quote) <= 80 else cm.statement.quote[:79] + "…"
            claims.append(Claim(
                article_id=article_id,
                claim_type=cm.claim_type,
                trigger=cm.trigger,
                statement=cm.statement,
                claimants=claimants,
                accused=accused,
                reported_by=_keyed(cm.reported_by, mention_key),
                about=sorted(about),
                hedged=cm.hedged,
                negated=cm.negated,
                label=f"{class_label(cm.claim_type)}{' (niée)' if cm.negated else ''} — {speaker} : « {text} »",
            ))
    return sorted(claims, key=lambda c: (c.article_id, c.trigger.start))
