"""Question or rights request, and which rights: the learned model over words, letters and the rules' cues.

Confident → a rights request (a ticket) or a question; in between → a question that offers
"Do you want me to log this as a request?", so an uncertain message is asked about, never guessed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from bot.intent.features import features, readable
from bot.intent.model import IntentModel, default_model
from bot.intent.rules import Intent, relayed_by_agent, rule_intent, subject_details
from bot.learn.embeddings import default_embedder
from bot.rights import RIGHTS

log = logging.getLogger(__name__)

RIGHT_THRESHOLD = 0.5  # a right's own probability needed to be named beside the first one


def classify_intent(
    text: str,
    language: str,
    model: IntentModel | None = None,
    companies: Sequence[tuple[int, int]] = (),
) -> Intent:
    """Question or rights request, which right(s), and the data subject's details when given.

    ``companies``: where the text names companies (``CompanyMatch.mentions``); the model reads every
    company's name as the same stand-in, so a policy added later is treated like the bundled ones."""
    model = model or default_model()
    if model is None or not text or not text.strip():
        return rule_intent(text, language)
    details = subject_details(text)  # name, e-mail, phone: for the ticket, and left out of what is read
    plain = readable(text, companies, details[0])
    rules = rule_intent(plain, language)
    names = features(plain, language, rules)
    screened = model.screen_probability(names)
    if screened is not None:  # clearly a question: no embedding needed
        name, email, phone = details if rules.ambiguous else (None, None, None)
        return replace(
            rules,
            kind="question",
            right=None,
            rights=(),
            relayed=False,
            subject_name=name,
            subject_email=email,
            subject_phone=phone,
            request_probability=screened,
        )
    vector = _embedding_or_none(plain) if model.uses_embedding else None
    if model.uses_embedding and vector is None:  # no embedding: the screen and the rules decide
        if model.screen is None:
            return rules
        p = model.screen.probabilities(names)["request"]
        scores = _rule_scores(rules)
    else:
        p = model.request_probability(names, vector)
        scores = model.right_probabilities(names, vector)
    if p >= model.high:
        rights = _rights(scores, rules)
        relayed = rules.relayed or scores.get("relayed", 0.0) >= 0.5 or relayed_by_agent(text)
        name, email, phone = details
        return Intent(
            kind="rights_request",
            right=rights[0],
            rights=rights,
            relayed=relayed,
            matched=rules.matched,
            subject_name=name,
            subject_email=email,
            subject_phone=phone,
            request_probability=p,
        )
    ambiguous = p >= model.low or rules.ambiguous
    about = rules.about_right
    if about is None and ambiguous:
        about = _rights(scores, rules)[0]
    name, email, phone = details if ambiguous else (None, None, None)
    question = replace(rules, kind="question", right=None, rights=(), relayed=False)
    return replace(
        question,
        ambiguous=ambiguous,
        about_right=about,
        subject_name=name,
        subject_email=email,
        subject_phone=phone,
        request_probability=p,
    )


def embedding(plain: str) -> tuple[float, ...]:
    """The sentence embedding of a message without its personal details (``without_details``)."""
    return default_embedder().embed(plain)


_embedding_failed = False


def _embedding_or_none(plain: str) -> tuple[float, ...] | None:
    """The embedding, or None when the embedding model cannot run here (logged once per process): a
    rights request must still be recognised, so the decision then falls back on words and cues."""
    global _embedding_failed
    try:
        return embedding(plain)
    except Exception:
        if not _embedding_failed:
            log.exception("sentence embedding unavailable: intent decided on words and cues alone")
        _embedding_failed = True
        return None


def _rule_scores(rules: Intent) -> dict[str, float]:
    """Right probabilities from the rules alone: the rights they name, in their order."""
    named = rules.rights or ((rules.about_right,) if rules.about_right else ()) or ("unspecified",)
    return {r: (1.0 - 0.01 * named.index(r) if r in named else 0.0) for r in RIGHTS}


def _rights(scores: dict[str, float], rules: Intent) -> tuple[str, ...]:
    """The rights named: the most probable first, then any other above the threshold."""
    ranked = sorted((r for r in RIGHTS if r in scores), key=lambda r: (-scores[r], RIGHTS.index(r)))
    if not ranked:
        return rules.rights or ("unspecified",)
    chosen = [ranked[0]] + [r for r in ranked[1:] if scores[r] >= RIGHT_THRESHOLD]
    if ranked[0] == "unspecified" and len(chosen) > 1:
        chosen = chosen[1:]
    return tuple(chosen)
