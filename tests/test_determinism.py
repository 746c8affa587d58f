"""The same message gets the same answer in every process, whatever Python's hash seed."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from bot.text.tokens import Vocabulary
from tests.test_cli import run

ROOT = Path(__file__).resolve().parent.parent

QUESTIONS = [
    ("data retension for customers after the contract ends?", "xledger"),
    ("hur länge sarar ni kunddata?", "xledger"),
    ("can I withdraw my cosnent to marketing?", "leep"),
    ("what happens to my boking data?", "leadpilot"),
    ("How long does Leep keep student data after graduation?", "leep"),
    ("Vilka cookies använder Leading Business och hur länge sparas de?", "leading-business"),
    ("Do you share personal data with third parties outside the EU?", "company-003"),
    ("Hur kan jag få ett registerutdrag från Xledger?", "xledger"),
    ("Which analytics tools does LeadPilot use on the website?", "leadpilot"),
    ("Får jag radera mitt konto och alla uppgifter?", "leep"),
]


def one_letter_typos(question: str, rng: random.Random) -> list[str]:
    """Variants of a question with one long word misspelt: a letter dropped, doubled, swapped or replaced."""
    words = question.split()
    variants = []
    for position, word in enumerate(words):
        if len(word) < 6 or not word.isalpha():
            continue
        i = rng.randrange(1, len(word) - 1)
        letter = rng.choice("aeiorstnlkm")
        for typo in (
            word[:i] + word[i + 1 :],
            word[:i] + word[i] + word[i:],
            word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :],
            word[:i] + letter + word[i + 1 :],
        ):
            variants.append(" ".join([*words[:position], typo, *words[position + 1 :]]))
    return variants


def held_out_questions() -> list[tuple[str, str]]:
    rows = [json.loads(x) for x in (ROOT / "tests/data/holdout.jsonl").read_text("utf-8").splitlines() if x]
    return [(row["question"], row["company"]) for row in rows[:6]]


def misspelt_lines() -> str:
    rng = random.Random(20261206)
    lines = []
    for question, company in QUESTIONS + held_out_questions():
        for variant in [question, *one_letter_typos(question, rng)]:
            lines.append(json.dumps({"question": variant, "company": company}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def ask_json(stdin: str, hash_seed: str) -> str:
    done = run("ask", "--json", stdin=stdin, env={**os.environ, "PYTHONHASHSEED": hash_seed}, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ask_json_is_byte_identical_under_different_hash_seeds() -> None:
    stdin = misspelt_lines()
    first, second = ask_json(stdin, "1"), ask_json(stdin, "2")
    assert len(first.splitlines()) == len(stdin.splitlines()) > 120
    assert first == second


def test_ask_json_is_byte_identical_with_one_or_two_embedding_threads() -> None:
    """The sentence embedding runs on two threads by default; an operator may set one (EMBEDDING_THREADS)."""
    stdin = "".join(
        json.dumps({"question": q, "company": c}, ensure_ascii=False) + "\n" for q, c in QUESTIONS
    )
    answers = []
    for threads in ("1", "2"):
        done = run(
            "ask", "--json", stdin=stdin, env={**os.environ, "EMBEDDING_THREADS": threads}, timeout=300
        )
        assert done.returncode == 0, done.stderr
        answers.append(done.stdout)
    assert len(answers[0].splitlines()) == len(QUESTIONS)
    assert answers[0] == answers[1]


def test_a_typo_between_two_words_prefers_the_language_of_the_question() -> None:
    vocabulary = Vocabulary(["recension", "retention"], "sv", {"retention": "en"})
    assert vocabulary.correct("retension", language="en") == "retention"
    assert vocabulary.correct("retension", language="sv") == "recension"


def test_a_typo_between_two_words_of_one_language_prefers_the_more_frequent() -> None:
    assert Vocabulary(["sparar", "sparar", "svarar"], "sv").correct("sarar", language="sv") == "sparar"
    assert Vocabulary(["svarar", "svarar", "sparar"], "sv").correct("sarar", language="sv") == "svarar"


def test_equally_close_and_frequent_words_fall_back_to_alphabetical_order() -> None:
    for order in (["sparar", "svarar"], ["svarar", "sparar"]):
        assert Vocabulary(order, "sv").correct("sarar", language="sv") == "sparar"
