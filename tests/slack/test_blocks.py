"""Block Kit builders and event classification: what a Slack user would see (pure functions)."""

from __future__ import annotations

import json

from bot.pipeline import Hit, Result
from bot.slack import blocks, constants
from bot.slack.conversation import conversation_source, reply_thread_ts

NAMES = {"leep": "Leep", "xledger": "Xledger", "leading-business": "Leading Business"}


def _hit(n: int, text: str = "Vi sparar uppgifter i tre år.", notes: tuple[str, ...] = ()) -> Hit:
    return Hit("leep", f"Avsnitt {n}", text, 1.0 / n, f"leep#{n}", notes)


def _result(hits: tuple[Hit, ...], language: str = "en", status: str = "answered") -> Result:
    return Result(
        language=language,
        company="leep",
        intent="question",
        right=None,
        answered=status == "answered",
        hits=hits,
        reply="",
        status=status,
        text="How long?",
        policy_language="sv",
    )


def test_neutralise_defangs_every_ping() -> None:
    text = "Hi <!channel> <!here> <!everyone> <@U123> <!subteam^S1|team> <#C1|x> @here @channel"
    out = blocks.neutralise(text)
    for ping in (
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<@U123>",
        "<!subteam^",
        "<#C1",
        "@here",
        "@channel",
    ):
        assert ping not in out
    # shown as typed: Slack renders the escapes back to the characters
    unescaped = out.replace(blocks.ZWSP, "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert unescaped == text


def test_neutralise_keeps_links_of_any_scheme_from_coming_alive() -> None:
    for disguised in (
        "<ftp://evil.example|https://bank.se>",
        "<slack://open?team=T1|docs>",
        "<tel:123|call us>",
    ):
        out = blocks.neutralise(f"see {disguised} & more")
        assert "<" not in out and ">" not in out and "&amp; more" in out


def test_answer_quotes_clauses_with_company_section_and_buttons() -> None:
    result = _result(tuple(_hit(n) for n in range(1, 5)))
    message = blocks.answer_message(result, "Leep", question="How long?")
    texts = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert texts[0].startswith("Here is what Leep's privacy policy says")
    assert "*Leep* · Section: Avsnitt 1\n> Vi sparar uppgifter i tre år." in texts
    assert not any("Avsnitt 3" in t for t in texts)  # only two shown; the rest behind "show more"
    actions = message.blocks[-1]
    ids = [e["action_id"] for e in actions["elements"]]
    assert ids == [constants.SHOW_MORE, constants.FEEDBACK_UP, constants.FEEDBACK_DOWN, constants.ASK_TEAM]
    more = json.loads(actions["elements"][0]["value"])
    assert more["ids"] == ["leep#3", "leep#4"]
    assert json.loads(actions["elements"][1]["value"])["ids"] == ["leep#1", "leep#2"]


def test_english_asker_gets_the_swedish_policy_note_and_imy_note() -> None:
    result = _result((_hit(1, "Klaga hos Datainspektionen.", ("imy",)),))
    message = blocks.answer_message(result, "Leep")
    contexts = " ".join(b["elements"][0]["text"] for b in message.blocks if b["type"] == "context")
    assert "The policy is in Swedish" in contexts
    assert "Integritetsskyddsmyndigheten (IMY)" in contexts


def test_swedish_asker_gets_no_translation_note() -> None:
    message = blocks.answer_message(_result((_hit(1),), language="sv"), "Leep")
    assert not [b for b in message.blocks if b["type"] == "context"]
    assert message.blocks[0]["text"]["text"].startswith("Det här står i Leeps integritetspolicy")


def test_quoted_policy_text_cannot_ping() -> None:
    message = blocks.answer_message(_result((_hit(1, "Contact <!channel> or <@U999>."),)), "Leep")
    flat = json.dumps(message.blocks) + message.text
    assert "<!channel>" not in flat and "<@U999>" not in flat


def test_long_clauses_are_split_within_slack_limits() -> None:
    long_text = "\n".join(f"Mening nummer {i} om lagring av uppgifter." for i in range(2000))
    message = blocks.answer_message(_result((_hit(1, long_text), _hit(2, long_text))), "Leep")
    assert len(message.blocks) <= constants.MAX_BLOCKS
    assert message.blocks[-1]["type"] == "actions"  # the buttons survive the cut
    for block in message.blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= constants.MAX_TEXT
    assert len(message.text) <= constants.MAX_FALLBACK_TEXT


def test_button_values_stay_under_slack_limit() -> None:
    raw = blocks.encode_value({"c": "leep", "q": "å" * 5000})
    assert len(raw) <= constants.MAX_BUTTON_VALUE
    assert blocks.decode_value(raw)["c"] == "leep"
    assert blocks.decode_value("not json") == {}


def test_no_answer_offers_the_privacy_team() -> None:
    message = blocks.reply_for(_result((), status="no_answer"), NAMES, question="Cookies?")
    assert "doesn't say anything about that" in message.text
    assert [e["action_id"] for e in message.blocks[-1]["elements"]] == [constants.ASK_TEAM]


def test_missing_company_asks_with_one_button_per_company() -> None:
    result = Result(
        language="sv",
        company=None,
        intent="question",
        right=None,
        answered=False,
        hits=(),
        reply="",
        status="needs_company",
        text="Hur länge?",
        candidates=(),
    )
    message = blocks.reply_for(result, NAMES, question="Hur länge?")
    elements = message.blocks[-1]["elements"]
    assert [e["action_id"] for e in elements] == [f"{constants.CHOOSE_COMPANY}:{s}" for s in NAMES]
    assert json.loads(elements[0]["value"]) == {"c": "leep", "l": "sv", "q": "Hur länge?"}


def test_privacy_team_post_tags_people_and_groups_but_not_the_question() -> None:
    message = blocks.privacy_team_message("en", "UASK", "Ping <!here> please", "Leep", ["U1"], ["S9"])
    flat = json.dumps(message.blocks, ensure_ascii=False)
    assert "<@U1>" in flat and "<!subteam^S9>" in flat and "<@UASK>" in flat
    assert "<!here>" not in flat


def test_which_events_are_conversations() -> None:
    mention = {"type": "app_mention", "user": "U1", "ts": "1.1", "channel": "C1"}
    dm = {"type": "message", "channel_type": "im", "user": "U1", "ts": "2.2"}
    assert conversation_source(mention, "UBOT") == "mention"
    assert conversation_source(dm, "UBOT") == "dm"
    assert conversation_source({**dm, "channel_type": "channel"}, "UBOT") is None  # a mention's twin
    assert conversation_source({**dm, "user": "UBOT"}, "UBOT") is None
    assert conversation_source({**dm, "bot_id": "B2"}, "UBOT") is None
    assert conversation_source({**dm, "subtype": "message_changed"}, "UBOT") is None
    assert reply_thread_ts(mention, "mention") == "1.1"
    assert reply_thread_ts({**mention, "thread_ts": "0.5"}, "mention") == "0.5"
    assert reply_thread_ts(dm, "dm") is None
