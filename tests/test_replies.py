"""Reply texts read well for every right in both languages: no parentheses inside parentheses."""

from __future__ import annotations

from datetime import date

import pytest

from bot.intent.rules import Intent
from bot.replies import rights_request_received, t
from bot.rights import RIGHTS
from bot.slack.tickets import blocks
from bot.slack.tickets.blocks import TicketCard


def _deepest_nesting(text: str) -> int:
    depth = deepest = 0
    for char in text:
        depth += char == "("
        deepest = max(deepest, depth)
        depth -= char == ")"
    return deepest


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("right", RIGHTS)
def test_no_nested_parentheses_whatever_the_right(language: str, right: str) -> None:
    intent = Intent(kind="rights_request", right=right, rights=(right,))
    assert _deepest_nesting(rights_request_received(language, intent, "Leading Business")) <= 1
    assert _deepest_nesting(t(language, "chat_help", names="Xledger (xledger)", example="Xledger")) <= 1
    card = TicketCard(
        reference="DSAR-2026-0001",
        status="received",
        rights=(right,),
        company="Leading Business",
        source="dm",
        language=language,
        received_on=date(2026, 1, 5),
        due=date(2026, 2, 5),
        requester_user="U1",
    )
    assert _deepest_nesting(blocks.confirmation_text(card)) <= 1
