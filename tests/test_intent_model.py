"""The learned decision: a rights request opens a ticket with its right, a question never does, and an
uncertain message is asked about ("Do you want me to log this as a request?"), never guessed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.intent import Intent, classify_intent
from bot.intent.model import MODEL_PATH, IntentModel, default_model
from bot.learn.logistic import Scorer
from bot.text.language import detect_language
from bot.text.normalise import normalise

ROOT = Path(__file__).resolve().parent.parent


def decide(text: str) -> Intent:
    clean = normalise(text).text
    return classify_intent(clean, detect_language(clean))


def test_the_committed_model_loads_with_thresholds_in_order() -> None:
    model = default_model()
    assert model is not None, f"no model at {MODEL_PATH}: run `python -m bot train`"
    assert 0.0 < model.screen_below <= model.low <= model.high < 1.0
    assert model.uses_embedding


CLEAR_REQUESTS = [
    ("Please delete my account and every piece of personal data you hold on me.", "erasure"),
    ("Jag vill att ni raderar alla mina personuppgifter omgående.", "erasure"),
    ("Send me a copy of all the personal data you have about me.", "access"),
    ("Skicka mig ett registerutdrag över allt ni har sparat om mig.", "access"),
    ("Unsubscribe me from all your marketing e-mails.", "opt_out_marketing"),
    ("Jag återkallar härmed mitt samtycke till behandlingen.", "withdraw_consent"),
    ("My address is wrong in your system, please correct it to Storgatan 1.", "rectification"),
]


@pytest.mark.parametrize(("text", "right"), CLEAR_REQUESTS)
def test_a_clear_request_opens_a_ticket_with_its_right(text: str, right: str) -> None:
    intent = decide(text)
    assert (intent.kind, intent.right) == ("rights_request", right), intent.request_probability


CLEAR_QUESTIONS = [
    "How long do you keep customer data after the contract ends?",
    "Hur länge sparar Xledger kunddata?",
    "Does Leep sell student data to third parties?",
    "Vilka cookies använder ni på webbplatsen?",
    "Where are our servers located, inside the EU?",
    "hej!",
]


@pytest.mark.parametrize("text", CLEAR_QUESTIONS)
def test_a_plain_question_never_opens_a_ticket_nor_asks(text: str) -> None:
    intent = decide(text)
    assert intent.kind == "question" and not intent.ambiguous, intent.request_probability


QUESTIONS_ABOUT_RIGHTS = [
    "What happens if I ask you to delete my data?",
    "Hur begär man ett registerutdrag?",
    "Is there a fee for getting a copy of my personal data?",
]


@pytest.mark.parametrize("text", QUESTIONS_ABOUT_RIGHTS)
def test_a_question_about_a_right_is_not_a_ticket(text: str) -> None:
    assert decide(text).kind == "question"


BASES = [
    ("A customer{details} wants all her data deleted from Xledger.", "erasure"),
    ("Kunden{details} vill ha en kopia av alla sina uppgifter hos Leep.", "access"),
]
DETAILS = [
    "",
    ", anna@example.com,",
    " (anna@example.com)",
    ", <mailto:anna@example.com|anna@example.com>,",
    ", Anna Lund, 19850312-1234,",
]


@pytest.mark.parametrize(("base", "right"), BASES)
def test_a_relayed_request_is_recognised_alike_with_or_without_the_customers_details(
    base: str, right: str
) -> None:
    decided = [decide(base.format(details=d)) for d in DETAILS]
    assert {(i.kind, i.right) for i in decided} == {("rights_request", right)}
    assert all(i.relayed for i in decided)
    assert decided[1].subject_email == "anna@example.com"


def _stub_model() -> IntentModel:
    """A hand-set model over the language feature (it always counts 1): 'xa' leans towards a request,
    'xb' is one, 'xc' is clearly not, any other language is a plain question."""
    request = Scorer(
        ("request",), {"bias": (-2.0,), "lang:xa": (4.0,), "lang:xb": (8.0,), "lang:xc": (-9.0,)}
    )
    rights = Scorer(("erasure", "access", "relayed"), {"bias": (1.0, -1.0, -3.0)})
    screen = Scorer(("request",), {"bias": (-2.0,), "lang:xc": (-9.0,)})
    return IntentModel(request, rights, low=0.3, high=0.9, screen=screen, screen_below=0.01)


def test_between_the_thresholds_the_bot_asks_instead_of_guessing() -> None:
    model = _stub_model()
    unsure = classify_intent("some words", "xa", model)  # p ≈ 0.88: between low and high
    assert unsure.kind == "question" and unsure.ambiguous and unsure.about_right == "erasure"
    sure = classify_intent("some words", "xb", model)  # p ≈ 1: a request
    assert (sure.kind, sure.right, sure.ambiguous) == ("rights_request", "erasure", False)
    neither = classify_intent("some words", "en", model)  # p ≈ 0.12: a question
    assert neither.kind == "question" and not neither.ambiguous


def test_the_screen_settles_clear_questions_without_the_embedding(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.intent import classify

    def no_embedding(text: str) -> tuple[float, ...]:
        raise AssertionError("the embedding should not be computed")

    monkeypatch.setattr(classify, "embedding", no_embedding)
    settled = classify_intent("some words", "xc", _stub_model())
    assert settled.kind == "question" and not settled.ambiguous
    assert settled.request_probability is not None and settled.request_probability < 0.01


def test_without_the_embedding_model_a_clear_request_still_opens_a_ticket(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.intent import classify

    def broken(text: str) -> tuple[float, ...]:
        raise OSError("the embedding engine cannot be loaded")

    monkeypatch.setattr(classify, "embedding", broken)
    monkeypatch.setattr(classify, "_embedding_failed", False)
    intent = decide("Please delete my account and every piece of personal data you hold on me.")
    assert (intent.kind, intent.right) == ("rights_request", "erasure")
    assert decide("How long do you keep customer data after the contract ends?").kind == "question"
    assert "sentence embedding unavailable" in caplog.text and "Traceback" in caplog.text


TRAIN_SNIPPET = """
import json, sys
from bot.intent.features import features
from bot.intent.rules import rule_intent
from bot.learn.logistic import train
rows, targets = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    item = json.loads(line)
    rows.append(features(item["text"], item["lang"], rule_intent(item["text"], item["lang"])))
    targets.append([1.0 if item["kind"] == "rights_request" else 0.0])
vectors = [[(i % 7) / 7.0, (len(r) % 5) / 5.0] for i, r in enumerate(rows)]
scorer = train(rows, targets, ("request",), vectors=vectors, steps=40)
print(json.dumps(scorer.to_json(), sort_keys=True))
"""


def test_training_gives_the_same_weights_in_every_process() -> None:
    data = ROOT / "tests" / "data" / "intent_holdout.jsonl"
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", TRAIN_SNIPPET, str(data)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    weights = json.loads(outputs[0])["weights"]
    assert len(weights) > 100 and json.loads(outputs[0])["dense"]


def test_a_company_added_later_is_read_like_a_bundled_one() -> None:
    """The model never learns the bundled companies' names: a request about a policy added by a privacy
    team gets exactly the decision and probability the same request about a bundled company gets."""
    from bot.companies import resolve_company
    from bot.retrieval.loader import Policy

    bundled = Policy("leep", "Leep", ("Leep AB",), "sv", (), Path("leep.txt"))
    added = Policy("solbacka", "Solbacka Ridklubb", ("Solbacka",), "sv", (), Path("solbacka.txt"))
    decisions = []
    for policy, name in ((bundled, "Leep"), (added, "Solbacka Ridklubb")):
        for template in (
            "Hej {}, jag vill att ni raderar allt ni har om mig.",
            "Does {} keep my data after I leave?",
        ):
            text = template.format(name)
            match = resolve_company(text, [policy])
            assert match.slug == policy.slug
            got = classify_intent(text, detect_language(text), companies=match.mentions)
            decisions.append((got.kind, got.right, got.request_probability))
    assert decisions[:2] == decisions[2:]
    assert decisions[0][0] == "rights_request"
    assert decisions[1][0] == "question"


def test_the_folds_give_the_same_probabilities_in_one_process_or_several() -> None:
    """`train --jobs N` fits the out-of-fold models side by side: the thresholds it derives, and so the
    committed model, must not depend on N."""
    from bot.intent.features import features
    from bot.intent.rules import rule_intent
    from bot.intent.training import Example, out_of_fold

    data = ROOT / "tests" / "data" / "intent_holdout.jsonl"
    items = [json.loads(line) for line in data.read_text("utf-8").splitlines() if line.strip()]
    examples = [
        Example(i["text"], i["lang"], i["kind"], tuple(i.get("rights") or ()), False, f"b{n % 3}")
        for n, i in enumerate(items)
    ]
    rows = [features(e.text, e.language, rule_intent(e.text, e.language)) for e in examples]
    vectors = [[(n % 7) / 7.0, (len(r) % 5) / 5.0] for n, r in enumerate(rows)]
    alone = out_of_fold(examples, rows, vectors, jobs=1)
    assert out_of_fold(examples, rows, vectors, jobs=2) == alone
    assert len(set(alone)) > 10  # real probabilities, not a constant


def test_no_policy_question_out_of_fold_reaches_the_ticket_threshold() -> None:
    """PolicyQA's questions are held out in parts (a new one is asked in a style the model has read, about
    a policy it has not); whichever part scores highest, `high` lies above it, and none of them takes part
    in the 2 % budget of the written questions."""
    from bot.intent.training import POLICYQA_PARTS, Example, calibrates, policyqa_examples, thresholds

    questions = policyqa_examples(ROOT / "data" / "intent" / "policyqa-questions.txt")
    parts = [e.batch for e in questions]
    assert len(set(parts)) == POLICYQA_PARTS
    assert parts == sorted(parts)  # consecutive lines: the questions of a few policies per part
    assert not any(calibrates(e) for e in questions)
    written = [Example(f"q{n}", "en", "question", (), False, "batch_z") for n in range(100)]
    requests = [Example(f"r{n}", "en", "rights_request", ("erasure",), False, "batch_z") for n in range(100)]
    examples = [*written, *requests, *questions]
    probabilities = [0.1] * 100 + [0.95] * 100 + [0.05] * len(questions)
    probabilities[-1] = 0.8  # one policy question in the last part, more request-like than any written one
    low, high = thresholds(examples, probabilities)
    assert 0.8 < high <= 0.95
    assert low <= high
