"""Question or rights request, and which data-subject right(s).

rules.py      the hand-written cues (their verdicts are features, not decisions)
features.py   a message as named features
model.py      the trained weights (model.json, rebuilt by `python -m bot train`)
classify.py   classify_intent: the decision, with an "ask" band between two thresholds
training.py   the training data, cross-validation by batch, thresholds
"""

from bot.intent.classify import classify_intent
from bot.intent.rules import TICKET_REFERENCE, Intent, rule_intent

__all__ = ["TICKET_REFERENCE", "Intent", "classify_intent", "rule_intent"]
