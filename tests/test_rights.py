"""One registry of rights: every language names every right, and every part of the bot reads it."""

from __future__ import annotations

import pytest

from bot import rights
from bot.lang import languages


@pytest.mark.parametrize("language", languages())
def test_every_language_names_every_right_and_nothing_else(language: str) -> None:
    assert set(rights.names_in(language)) == set(rights.RIGHTS)
    assert all(rights.names_in(language).values())


def test_an_article_number_stands_for_its_right() -> None:
    assert rights.by_article("17") == "erasure"
    assert rights.by_article("15") == "access"
    assert rights.by_article("19") is None  # Art. 19 is the controller's duty to notify, not a request


def test_consent_and_marketing_opt_outs_are_the_fast_tracked_rights() -> None:
    assert {"withdraw_consent", "opt_out_marketing"} == rights.FAST_TRACK_RIGHTS


def test_an_unknown_right_is_named_as_a_request() -> None:
    assert rights.name("sv", "nonsense") == rights.name("sv", "unspecified")
    assert rights.name("fi", "erasure") == rights.name("en", "erasure")  # no Finnish names: English
