"""Whatever arrives, the pipeline answers with a short polite reply in Swedish or English."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.pipeline import Context, Engine, Result

MARKUP = [
    "<@U024BE7LH>",
    "<#C0123|privacy>",
    "<!here>",
    "<!subteam^S123|@privacy-team>",
    "<https://example.com|a link>",
    "<https://example.com>",
    "<mailto:a@b.se|a@b.se>",
    ":wave:",
    ":+1::skin-tone-3:",
    "`code`",
    "```block```",
    "&gt; quoted",
    "&amp;",
    "*bold*",
    "_it_",
    "~strike~",
    "👍",
    "🇸🇪",
    "\u200b",
    "\x00",
    "\ufffd",
    "\n",
    "   ",
]
NASTY = [
    "'; DROP TABLE feedback; --",
    "SELECT * FROM users WHERE 1=1",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "{{7*7}} ${jndi:ldap://x}",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "\\x00\\xff",
    "radera mitt konto",
    "delete my data",
    "Xledger",
    "hur länge sparas fakturor",
    "cookies?",
]
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

messages = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(MARKUP + NASTY), max_size=12).map(" ".join),
    st.lists(st.sampled_from(MARKUP + NASTY), max_size=12).map("".join),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50).map(lambda s: s * 200),
)


def _assert_polite(result: Result) -> None:
    assert isinstance(result, Result)
    assert result.language in ("sv", "en")
    assert result.reply.strip()
    assert len(result.reply) < 6000
    assert result.status in ("answered", "no_answer", "needs_company", "rights_request", "bad_input")


@SETTINGS
@given(message=messages)
def test_any_text_gets_a_polite_reply(engine: Engine, message: str) -> None:
    _assert_polite(engine.handle(message))


@SETTINGS
@given(
    message=messages, default=st.sampled_from(["sv", "en"]), company=st.sampled_from([None, "leep", "nope"])
)
def test_any_text_with_any_context_gets_a_polite_reply(
    engine: Engine, message: str, default: str, company: str | None
) -> None:
    _assert_polite(engine.handle(message, company=company, context=Context(default_language=default)))


@pytest.mark.parametrize(
    ("message", "problem_status"),
    [
        ("", "bad_input"),
        ("   \n\t ", "bad_input"),
        (None, "bad_input"),
        ("👍🎉", "bad_input"),
        (":wave: :tada:", "bad_input"),
        ("<@U123> <!here>", "bad_input"),
        ("\x00\x01\x02\x03binary\x00\x00", "bad_input"),
        ("<https://example.com>", "bad_input"),
        ("\ud800\udfff\ud800", "bad_input"),
    ],
)
def test_unreadable_messages_get_the_bad_input_reply(
    engine: Engine, message: str | None, problem_status: str
) -> None:
    result = engine.handle(message)
    _assert_polite(result)
    assert result.status == problem_status
    assert result.intent == "question"
    assert result.hits == ()


def test_bad_input_reply_follows_the_context_language(engine: Engine) -> None:
    sv = engine.handle("", context=Context(default_language="sv"))
    en = engine.handle("", context=Context(default_language="en"))
    assert sv.language == "sv" and en.language == "en"
    assert sv.reply != en.reply


@pytest.mark.parametrize("message", NASTY[:8])
def test_sql_and_html_looking_text_is_just_text(engine: Engine, message: str) -> None:
    result = engine.handle(message, company="xledger")
    _assert_polite(result)
    assert result.status != "rights_request"


def test_a_40000_character_message_is_answered_and_marked_truncated(engine: Engine) -> None:
    message = "How long does Xledger keep invoices? " * 1100
    result = engine.understand(message)
    assert result.truncated
    assert len(result.text) <= 4000
    _assert_polite(engine.handle(message))


def test_a_rights_request_wrapped_in_markup_is_still_understood(engine: Engine) -> None:
    result = engine.handle("<@U024BE7LH> :wave: please *delete* my account and all my data")
    assert result.status == "rights_request"
    assert result.right == "erasure"
