"""Language knowledge is data: a language is a folder the same engines read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.lang import ROOT
from bot.retrieval.lexicon import CONCEPTS, Lexicon, load_concepts


def test_every_concept_has_english_and_swedish_words() -> None:
    for concept in CONCEPTS:
        assert concept.patterns.get("en") and concept.patterns.get("sv"), concept.id


def test_a_third_language_is_a_folder_of_data(tmp_path: Path) -> None:
    root = tmp_path / "lang"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (root / "de").mkdir()
    (root / "de" / "concepts.txt").write_text(
        "# Deutsch\ncookies: keks*|cookie*\nerasure: lösch*|entfern*\n", encoding="utf-8"
    )
    lexicon = Lexicon(load_concepts(root))
    assert "cookies" in lexicon.match(["welche", "kekse", "setzen", "sie"], ("de",))
    assert "erasure" in lexicon.match(["bitte", "löschen", "sie", "meine", "daten"], ("de",))
    assert "cookies" not in lexicon.match(["welche", "kekse"], ("sv",))  # each language its own words


def test_a_word_list_naming_an_unknown_concept_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "lang"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (root / "en" / "concepts.txt").write_text("biscuits: cookie*\n", encoding="utf-8")
    with pytest.raises(ValueError, match="biscuits"):
        load_concepts(root)
    assert json.loads((ROOT / "concepts.json").read_text(encoding="utf-8"))["concepts"]
