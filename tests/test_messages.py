"""One message catalogue per language: every language says everything, with the same blanks to fill."""

from __future__ import annotations

import re
import string

import pytest

from bot import messages
from bot.lang import ROOT, languages

CATALOGUED = tuple(code for code in languages() if (ROOT / code / "messages.toml").is_file())


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _fills(text: str) -> set[str]:
    """The blanks the code fills for a message (a company's name comes with its genitive)."""
    names = _placeholders(text)
    return names | {"company", "company_s"} if names & {"company", "company_s"} else names


def test_swedish_and_english_have_catalogues() -> None:
    assert {"sv", "en"} <= set(CATALOGUED)


@pytest.mark.parametrize("language", CATALOGUED)
def test_every_language_has_every_message_with_the_same_blanks(language: str) -> None:
    english, other = messages.catalogue("en"), messages.catalogue(language)
    assert set(other) == set(english)
    for section, entries in english.items():
        if section == "months":
            assert len(other["months"]) == 12
            continue
        assert set(other[section]) == set(entries), section
        for key, text in entries.items():
            if not isinstance(text, str):  # a unit's singular and plural
                assert len(other[section][key]) == len(text), f"{section}.{key}"
                continue
            # a language may leave a blank out ("Ask about {them} separately" needs no pronoun in
            # Swedish), never use one the code does not fill
            assert _placeholders(other[section][key]) <= _fills(text), f"{section}.{key}"


def test_a_language_without_a_catalogue_is_answered_in_english() -> None:
    assert messages.section("fi", "replies") == messages.section("en", "replies")
    assert messages.months(None)[0] == "January"


def test_no_message_is_left_in_the_code() -> None:
    """User-facing sentences live in the catalogues: no module keeps a table of them by language."""
    root = ROOT.parent
    tables = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if re.search(r'^\s*"sv": \{', path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert tables == []
