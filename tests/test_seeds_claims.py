"""Claims on the seeds: attributed statements with speaker, type, words and evidence (real model)."""
from __future__ import annotations

import pytest

CLAIM_TYPES = {"Accusation", "Confirmation", "Denial", "Threat", "Announcement", "ResponsibilityClaim"}


@pytest.mark.parametrize(
    "prefix, claim_type, claimant, accused, words",
    [
        ("000", "Announcement", "source militaire américaine", None, "19e attaque"),
        ("000", "Confirmation", "source militaire américaine", None, "la cible de tirs"),  # "Une information confirmée par…"
        ("000", "Announcement", "Harakat al-Nujaba", None, "compte à rebours"),  # "Noujaba, l'un des…, affirmant…"
        ("001", "Announcement", "source de sécurité", None, "ont atterri"),
        ("001", "ResponsibilityClaim", "groupes qualifiés de faux-nez de factions irakiennes pro-Iran", None, "ces attaques"),
        ("001", "Threat", "Frank McKenzie", None, "prêts à réagir"),
        ("002", "Accusation", "Donald Trump", "Iran", "orchestré ces manifestations"),
        ("002", "Accusation", "Mike Pompeo", "Iran", "derrière ces attaques"),
        ("002", "Confirmation", "Mark Esper", None, "750 hommes"),
        ("003", "Accusation", "États-Unis", "Hezbollah", "brigades Hezbollah"),
        ("003", "Announcement", "Christopher Miller", None, "retirer 500"),
        ("004", "Announcement", "source militaire américaine", None, "Plusieurs roquettes"),
        ("004", "Accusation", "États-Unis", "Hashed al-Shaabi", "groupes soutenus par l’Iran"),
    ],
)
def test_seed_claim(seeds_corpus, prefix, claim_type, claimant, accused, words):
    names = {e.key: {e.label, *e.alt_labels} for e in seeds_corpus.entities}
    found = [
        c for c in seeds_corpus.claims
        if c.article_id.startswith(prefix) and c.claim_type == claim_type and words in c.statement.quote
        and any(claimant in names[k] for k, _ in c.claimants)
    ]
    assert found, [(c.claim_type, [names[k] for k, _ in c.claimants], c.statement.quote) for c in seeds_corpus.claims if c.article_id.startswith(prefix)]
    if accused:
        assert any(accused in names[k] for k, _ in found[0].accused)


def test_refusal_is_recorded_as_a_refusal(seeds_corpus):
    (refusal,) = [c for c in seeds_corpus.claims if c.trigger.quote == "commenter"]
    assert refusal.negated and refusal.claim_type == "Announcement"


def test_every_claim_has_speaker_type_words_and_evidence(seeds_corpus):
    texts = {a.identifier: a.text for a in seeds_corpus.articles}
    assert len(seeds_corpus.claims) >= 25
    for claim in seeds_corpus.claims:
        assert claim.claimants and claim.claim_type in CLAIM_TYPES and claim.statement.quote
        for mention in (claim.trigger, claim.statement, *(m for _k, m in claim.claimants)):
            assert texts[mention.article_id][mention.start : mention.end] == mention.quote
        if claim.claim_type == "Accusation" and claim.trigger.quote in ("accuse", "accusé", "tenu"):
            assert claim.accused, claim
