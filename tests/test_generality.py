"""The bot works the same for a policy a privacy team adds as for the bundled ones: no bundled
company's name appears in its code, language data or models (names come from the knowledge base)."""

from __future__ import annotations

import re
from pathlib import Path

from bot.retrieval.loader import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("*.py", "*.txt", "*.toml", "*.json")
# a letter n-gram feature of a model that is only a piece of a word ("c:leep>" of "sleep"): a name the model
# had learned would be a whole word, "w:leep" or "c:<leep>"
WORD_PIECE = re.compile(r'"c:(?!<[^"]*>")[^"]*"')


def test_no_bundled_company_is_named_in_the_code_data_or_models(kb: KnowledgeBase) -> None:
    names = {label.lower() for p in kb.policies.values() for label in (p.name, *p.aliases)}
    names = {n for n in names if len(n) > 3 and n not in {"leading"}}  # "leading" is an English word
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names)) + r")\b", re.IGNORECASE)
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for glob in SOURCES
        for path in sorted((ROOT / "bot").rglob(glob))
        if path.name != "common_words.txt"  # English and Swedish word frequencies
        for match in pattern.finditer(WORD_PIECE.sub('""', path.read_text(encoding="utf-8")))
    ]
    assert found == []
