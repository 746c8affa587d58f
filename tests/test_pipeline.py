"""The one path all front ends take: what a person asking gets back."""

from __future__ import annotations

import pytest

from bot.pipeline import Context, Engine


def test_swedish_question_gets_a_swedish_answer_quoting_the_policy(engine: Engine) -> None:
    result = engine.handle("hur länge sparar Xledger kunddata?")
    assert (result.language, result.company, result.intent, result.status) == (
        "sv",
        "xledger",
        "question",
        "answered",
    )
    assert result.hits and "1 år" in " ".join(h.text for h in result.hits[:3])
    assert result.reply.startswith("Högst 1 år")  # the one-line retention answer comes first
    assert "Xledgers integritetspolicy" in result.reply


def test_english_asker_is_told_the_policy_is_in_swedish(engine: Engine) -> None:
    result = engine.handle("does Leep sell student data?")
    assert result.language == "en" and result.company == "leep" and result.answered
    assert "The policy is in Swedish" in result.reply
    assert any("säljer inte" in h.text for h in result.hits[:3])


def test_clause_naming_datainspektionen_carries_the_imy_note(engine: Engine) -> None:
    result = engine.handle("kan jag klaga till datainspektionen?", company="leadpilot")
    assert result.answered
    assert any("imy" in h.notes for h in result.hits)
    assert "Integritetsskyddsmyndigheten (IMY)" in result.reply


def test_channel_binding_answers_without_a_company_name(engine: Engine) -> None:
    result = engine.handle("vilka cookies används?", context=Context(channel_company="xledger"))
    assert result.company == "xledger" and result.answered


def test_without_a_company_the_bot_asks_which_one(engine: Engine) -> None:
    result = engine.handle("how long do you keep invoices?")
    assert result.status == "needs_company" and result.company is None
    assert set(result.candidates) == set(engine.kb.policies)
    for name in ("Xledger", "Leep", "LeadPilot"):
        assert name in result.reply


def test_unanswerable_question_says_so_instead_of_quoting_a_random_clause(engine: Engine) -> None:
    result = engine.handle("Which ISO certification does Xledger hold for its data centres?")
    assert result.status == "no_answer" and not result.answered and result.hits == ()
    assert "privacy team" in result.reply


def test_rights_request_names_the_right_and_quotes_what_the_policy_says_about_it(engine: Engine) -> None:
    result = engine.handle("Jag återkallar mitt samtycke till Leep.")
    assert (result.intent, result.right, result.status) == (
        "rights_request",
        "withdraw_consent",
        "rights_request",
    )
    assert "återkallat samtycke" in result.reply
    assert any("återkalla" in h.text for h in result.hits)


def test_question_about_a_right_is_answered_not_ticketed(engine: Engine) -> None:
    result = engine.handle("how do I get my data deleted at Leep?")
    assert result.intent == "question" and result.answered
    assert result.right == "erasure"  # the right the question is about


def test_json_shape_of_a_result(engine: Engine) -> None:
    data = engine.handle("does Xledger use Google Analytics?").to_json()
    assert list(data) == ["language", "company", "intent", "right", "answered", "hits", "reply"]
    assert 1 <= len(data["hits"]) <= 5
    assert set(data["hits"][0]) == {"company", "section", "text", "score"}
    assert all(len(h["text"]) <= 600 for h in data["hits"])


def test_a_greeting_is_not_answered_from_the_nearest_clause(engine: Engine) -> None:
    for text in ("hello there", "tack!"):
        result = engine.handle(text, company="leep")
        assert result.status == "no_answer" and not result.hits


def test_a_swedish_answer_names_a_company_ending_in_s_without_a_second_s(engine: Engine) -> None:
    result = engine.handle("vad säger ni om cookies?", company="leading-business")
    assert "Leading Business integritetspolicy" in result.reply and "Businesss" not in result.reply


def test_a_question_naming_several_companies_says_which_it_left_out(engine: Engine) -> None:
    result = engine.handle("Vad säger Xledger och Leep om cookies?")
    assert result.company == "xledger" and result.also_named == ("Leep",)
    assert result.reply.endswith("Du nämnde också Leep: jag svarade bara för Xledger. Fråga om Leep för sig.")
    english = engine.handle("What do Xledger, Leep and LeadPilot say about cookies?")
    assert "You also named Leep and LeadPilot" in english.reply


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("Använder Xledger och Leep cookies på sina webbplatser?", True),
        ("Hur många anställda har Xledger och Leep i Peru?", False),  # no policy says
    ],
)
def test_the_slack_answer_carries_the_note_about_the_company_left_out(
    engine: Engine, question: str, answered: bool
) -> None:
    """Answered or not for the first company, the reader is told the other one was left out."""
    from bot.slack.blocks import reply_for

    result = engine.handle(question)
    assert result.answered is answered  # both replies (answer and no-answer) are covered
    message = reply_for(result, engine.company_names(), question=result.text)
    contexts = " ".join(e["text"] for b in message.blocks if b["type"] == "context" for e in b["elements"])
    assert "Du nämnde också Leep" in contexts
