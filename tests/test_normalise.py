"""Slack markup becomes plain text; unreadable or empty messages are flagged, never crash."""

from __future__ import annotations

import pytest

from bot.text.normalise import MAX_MESSAGE_CHARS, normalise


def test_user_mentions_and_special_mentions_are_removed() -> None:
    result = normalise("<@U024BE7LH> <!here> how long does Leep keep invoices?")
    assert result.text == "how long does Leep keep invoices?"
    assert result.problem is None


def test_channel_mention_keeps_the_channel_name() -> None:
    assert normalise("see <#C0123|privacy-xledger> for cookies").text == "see privacy-xledger for cookies"


def test_link_with_label_becomes_the_label_and_bare_link_the_url() -> None:
    assert normalise("read <https://leep.se/policy|Leeps policy> please").text == "read Leeps policy please"
    assert (
        normalise("is <https://xledger.com/privacy> current?").text
        == "is https://xledger.com/privacy current?"
    )
    assert normalise("mail <mailto:dpo@example.se|dpo@example.se>").text == "mail dpo@example.se"


def test_emoji_codes_are_removed_but_clock_times_survive() -> None:
    assert normalise(":wave: hej :+1::skin-tone-2: kl 10:30:00").text == "hej kl 10:30:00"


def test_html_entities_and_formatting_markers_are_undone() -> None:
    result = normalise("*cookies* &amp; _kakor_ &lt;3 ~old~")
    assert result.text == "cookies & kakor <3 old"


def test_identifiers_with_underscores_keep_them() -> None:
    assert normalise("what is user_id used for?").text == "what is user_id used for?"


def test_code_and_quote_lines_are_kept_as_quoted_material() -> None:
    result = normalise("what does `delete my data` do?\n&gt; please erase me\nthanks")
    assert "“delete my data”" in result.text
    assert "“please erase me”" in result.text
    assert result.quoted == ("delete my data", "please erase me")


def test_code_block_is_one_quoted_piece() -> None:
    result = normalise("```DELETE FROM users;\nDROP TABLE x;```")
    assert result.quoted == ("DELETE FROM users; DROP TABLE x;",)
    assert result.problem is None


def test_whitespace_and_control_characters_collapse() -> None:
    assert normalise("  hur\tlänge\n\n sparas\x07 data?\u200b ").text == "hur länge sparas data?"


def test_decomposed_swedish_letters_are_composed() -> None:
    assert normalise("ha\u0308r").text == "här"


@pytest.mark.parametrize("raw", [None, "", "   ", "\n\t"])
def test_nothing_is_empty(raw: str | None) -> None:
    assert normalise(raw).problem == "empty"


@pytest.mark.parametrize(
    "raw", ["<@U123>", ":wave: :tada:", "<!channel> <@U1>", "👍", "<https://example.com>"]
)
def test_only_markup_is_markup_only(raw: str) -> None:
    assert normalise(raw).problem == "markup_only"


def test_punctuation_only_is_empty() -> None:
    assert normalise("???").problem == "empty"


def test_binary_payload_is_flagged() -> None:
    assert normalise("\x00\x01\x02PK\x03\x04\x00\x00\x00").problem == "binary"
    assert normalise("\ufffd\ufffd\ufffd\ufffd").problem == "binary"


def test_a_stray_nul_in_a_real_question_is_dropped() -> None:
    result = normalise("how long do you keep my data? and what about cookies on the website\x00")
    assert result.problem is None
    assert "\x00" not in result.text


def test_long_message_is_truncated_at_a_word_boundary() -> None:
    raw = "hur länge sparar ni mina uppgifter " * 1200  # 42,000 characters
    result = normalise(raw)
    assert result.truncated
    assert len(result.text) <= MAX_MESSAGE_CHARS
    assert result.text.endswith(("hur", "länge", "sparar", "ni", "mina", "uppgifter"))


def test_short_message_is_not_truncated() -> None:
    assert normalise("cookies?").truncated is False


def test_html_looking_text_the_user_typed_stays_text() -> None:
    result = normalise("<script>alert(1)</script> do you use cookies?")
    assert result.problem is None
    assert "do you use cookies?" in result.text
