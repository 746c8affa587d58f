"""Language knowledge is data: a language is a folder the same engines read."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

import bot.lang
from bot.intent import rules
from bot.intent.rules import CUE_FILE, CUES, load_cues, rule_intent
from bot.lang import ROOT, languages, word_list
from bot.retrieval.lexicon import CONCEPTS, Lexicon, load_concepts
from bot.retrieval.retention import ISO_CODES, PERIODS, PeriodReader, find_durations, load_period_words


def _copy_of_the_data(tmp_path: Path) -> Path:
    """The bundled language folders (data only), copied where a test may add or spoil one."""
    root = tmp_path / "lang"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def test_every_concept_has_english_and_swedish_words() -> None:
    for concept in CONCEPTS:
        assert concept.patterns.get("en") and concept.patterns.get("sv"), concept.id


def test_a_third_language_is_a_folder_of_data(tmp_path: Path) -> None:
    root = _copy_of_the_data(tmp_path)
    (root / "de").mkdir()
    (root / "de" / "concepts.txt").write_text(
        "# Deutsch\ncookies: keks*|cookie*\nerasure: lösch*|entfern*\n", encoding="utf-8"
    )
    lexicon = Lexicon(load_concepts(root))
    assert "cookies" in lexicon.match(["welche", "kekse", "setzen", "sie"], ("de",))
    assert "erasure" in lexicon.match(["bitte", "löschen", "sie", "meine", "daten"], ("de",))
    assert "cookies" not in lexicon.match(["welche", "kekse"], ("sv",))  # each language its own words


def test_a_word_list_naming_an_unknown_concept_is_refused(tmp_path: Path) -> None:
    root = _copy_of_the_data(tmp_path)
    (root / "en" / "concepts.txt").write_text("biscuits: cookie*\n", encoding="utf-8")
    with pytest.raises(ValueError, match="biscuits"):
        load_concepts(root)
    assert json.loads((ROOT / "concepts.json").read_text(encoding="utf-8"))["concepts"]


# --------------------------------------------------------------------------- the retention extractor's words


def _entries(code: str, *names: str) -> list[tuple[str, str]]:
    """The "word: value" lines of a language's files, read here without the bot's reader."""
    found: list[tuple[str, str]] = []
    for name in names:
        path = ROOT / code / f"{name}.txt"
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            for line in lines:
                if line.strip() and not line.startswith("#"):
                    word, _, value = line.partition(":")
                    found.append((word.strip(), value.strip()))
    return found


def _two(code: str) -> str:
    return {"H": "PT2H", "MIN": "PT2M"}.get(code, f"P2{code}")


@pytest.mark.parametrize("code", languages())
def test_every_language_gives_its_units_of_time_a_code_and_its_number_words_a_value(code: str) -> None:
    units = _entries(code, "duration_units", "retention_duration_units")
    assert units and all(iso in ISO_CODES for _, iso in units), units
    numbers = _entries(code, "number_words", "retention_number_words")
    assert numbers and all(value == "" or value.isdigit() for _, value in numbers), numbers
    # the lexicon reads the words alone, rough counts ("several") included
    assert word_list(code, "number_words") == {w for w, _ in _entries(code, "number_words")}
    assert word_list(code, "duration_units") == {w for w, _ in _entries(code, "duration_units")}


@pytest.mark.parametrize("code", languages())
def test_the_retention_extractor_reads_a_period_with_the_values_and_codes_in_the_files(code: str) -> None:
    units = _entries(code, "duration_units", "retention_duration_units")
    for unit, iso in units:
        assert [d.iso for d in find_durations(f"vi sparar det i 2 {unit}.")] == [_two(iso)], unit
    year = next(unit for unit, iso in units if iso == "Y")
    for word, value in _entries(code, "number_words", "retention_number_words"):
        expected = [f"P{value}Y"] if value else []  # a rough count ("several years") is no period
        assert [d.iso for d in find_durations(f"we keep it {word} {year}.")] == expected, word


def test_the_retention_extractor_reads_compound_numbers_and_bounds_as_each_language_writes_them() -> None:
    assert [d.iso for d in find_durations("we keep logs for twenty-three months")] == ["P23M"]
    assert [d.iso for d in find_durations("loggar sparas i sjuttiotvå timmar")] == ["PT72H"]
    assert PERIODS.bound("we keep it for no longer than ", "") == "max"
    assert PERIODS.bound("uppgifterna sparas som minst ", "") == "min"
    assert not find_durations("barn under 13 år")  # an age, not a period


def test_a_third_language_is_a_folder_of_data_for_the_retention_extractor_too(tmp_path: Path) -> None:
    root = _copy_of_the_data(tmp_path)
    (root / "de").mkdir()
    files = {
        "number_words.txt": "drei: 3\nzwanzig: 20\neinige\n",
        "duration_units.txt": "jahre: Y\nmonate: M\n",
        "retention_phrases.txt": "compound: {ones}und{tens}\nat_most_before: höchstens\nnot_a_period_after: alt\n",
        "retention_questions.txt": "retention: \\bwie lange\\b\n",
    }
    for name, text in files.items():
        (root / "de" / name).write_text(text, encoding="utf-8")
    reader = PeriodReader(load_period_words(root))
    sentence = "die daten werden höchstens drei jahre gespeichert"
    found = reader.durations(sentence)
    assert [d.iso for d in found] == ["P3Y"]
    assert reader.bound(sentence[: found[0].start], sentence[found[0].end :]) == "max"
    assert [d.iso for d in reader.durations("rechnungen: dreiundzwanzig monate")] == ["P23M"]
    assert not reader.durations("kinder, die drei jahre alt sind")
    assert reader.retention_question.search("wie lange speichern sie meine daten")
    assert [d.iso for d in reader.durations("uppgifterna sparas i tre år")] == [
        "P3Y"
    ]  # the others still read
    assert not find_durations("drei jahre")  # the bot's own languages are untouched


def test_a_unit_of_time_without_a_valid_code_is_refused(tmp_path: Path) -> None:
    root = _copy_of_the_data(tmp_path)
    with (root / "en" / "retention_duration_units.txt").open("a", encoding="utf-8") as f:
        f.write("fortnight: F\n")
    with pytest.raises(ValueError, match="fortnight"):
        load_period_words(root)


def test_words_only_the_retention_extractor_reads_are_not_lexicon_features() -> None:
    # the lexicon's duration is a feature of the learned ranking model: its words stay as they were learned
    lexicon = Lexicon()
    assert lexicon.match(["twelve", "hours"], expand=False) == {"duration": 1}
    assert lexicon.match(["thirteen", "hours"], expand=False) == {}
    assert lexicon.match(["twelve", "hour"], expand=False) == {}
    assert [d.iso for d in find_durations("thirteen hours")] == ["PT13H"]
    assert [d.iso for d in find_durations("twelve hour")] == ["PT12H"]


# --------------------------------------------------------------------------- the intent rules' words


def _cue_names(folder: Path) -> set[str]:
    """The cue names of a language's intent cue file, read here without the bot's reader."""
    lines = (folder / f"{CUE_FILE}.txt").read_text(encoding="utf-8").splitlines()
    return {line.partition(":")[0].strip() for line in lines if line.strip() and not line.startswith("#")}


@pytest.mark.parametrize("code", languages())
def test_every_language_gives_words_for_the_same_intent_cues(code: str) -> None:
    # a cue a language has no words for is still named in its file ("cue:" alone), so a missing one is a mistake
    assert _cue_names(ROOT / code) == set(CUES)
    cues = load_cues()
    assert all(cues[name] for name in CUES)  # every cue has words in some language


def _rules_reading(root: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """A fresh copy of the intent rules that reads its words from the language folders under ``root``."""
    monkeypatch.setattr(bot.lang, "ROOT", root)
    spec = importlib.util.spec_from_file_location("bot.intent.rules_under_test", rules.__file__)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_a_third_language_is_a_folder_of_data_for_the_intent_rules_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _copy_of_the_data(tmp_path)
    (root / "de").mkdir()
    words = {
        "request": "ich möchte",
        "first_person": "ich|meine|mich",
        "possessive": "meine",
        "data_noun": "daten",
        "delete": "lösch\\w*",
    }
    lines = [f"{name}: {word}" for name, alternatives in words.items() for word in alternatives.split("|")]
    lines += [f"{name}:" for name in CUES if name not in words]  # no German words for the other cues
    (root / "de" / f"{CUE_FILE}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = "Ich möchte, dass Sie meine Daten löschen."
    assert rule_intent(message, "de").kind == "question"  # the bundled languages do not know these words
    german = _rules_reading(root, monkeypatch).rule_intent(message, "de")
    assert (german.kind, german.rights) == ("rights_request", ("erasure",))
    assert german.matched[:2] == ("erasure:delete", "cue:request")
    # the German words alone do it: without the request verb the same message only mentions deleting
    (root / "de" / f"{CUE_FILE}.txt").write_text(
        "\n".join(line for line in lines if not line.startswith("request:")) + "\nrequest:\n",
        encoding="utf-8",
    )
    bot.lang.read_entries.cache_clear()
    assert _rules_reading(root, monkeypatch).rule_intent(message, "de").kind == "question"
    assert rule_intent("delete my data", "en").kind == "rights_request"  # the bot's own rules are untouched


def test_an_intent_cue_no_rule_reads_or_a_malformed_pattern_is_refused(tmp_path: Path) -> None:
    root = _copy_of_the_data(tmp_path)
    with (root / "en" / f"{CUE_FILE}.txt").open("a", encoding="utf-8") as f:
        f.write("request_verb: i want\n")
    with pytest.raises(ValueError, match="request_verb"):
        load_cues(root)
    shutil.copy(ROOT / "en" / f"{CUE_FILE}.txt", root / "en" / f"{CUE_FILE}.txt")
    bot.lang.read_entries.cache_clear()  # the files are read once: this one was read before the change
    with (root / "sv" / f"{CUE_FILE}.txt").open("a", encoding="utf-8") as f:
        f.write("delete: radera(\n")
    with pytest.raises(ValueError, match="radera"):
        load_cues(root)
