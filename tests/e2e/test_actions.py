"""Buttons on answers, clicked over real HTTP."""

from __future__ import annotations

from sqlmodel import select

from bot.gaps import store as gap_store
from bot.models import Feedback
from bot.slack.blocks import decode_value
from tests.e2e import signing
from tests.e2e.conftest import PRIVACY_CHANNEL, SlackDriver
from tests.e2e.fake_slack import Call, FakeSlack
from tests.waiting import eventually

QUESTION = "Hur länge sparar Leep personuppgifter?"


async def _answer(slack: SlackDriver, fake_slack: FakeSlack, text: str = QUESTION) -> tuple[dict, Call]:
    event = signing.mention(text)
    await slack.event(event)
    [post] = await fake_slack.wait_for("chat.postMessage")
    await fake_slack.settle(quiet=0.1)
    fake_slack.reset()
    return event, post


async def test_thumbs_up_is_stored_with_clause_ids_only(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    _, post = await _answer(slack, fake_slack)
    sent = await slack.click(post, "answer_feedback_up", user="UBOB")
    assert sent.status == 200
    [thanks] = await fake_slack.wait_for("chat.postEphemeral")
    assert thanks.args["user"] == "UBOB"
    with slack.deps.database.session() as session:
        [vote] = session.exec(select(Feedback)).all()
    assert vote.helpful is True
    assert (vote.user_id, vote.company, vote.message_ts) == ("UBOB", "leep", post.ts)
    assert vote.clause_ids and all(part.startswith("leep#") for part in vote.clause_ids.split(","))
    assert "sparar" not in vote.clause_ids


async def test_changing_a_vote_keeps_one_row(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    _, post = await _answer(slack, fake_slack)
    await slack.click(post, "answer_feedback_up")
    await fake_slack.wait_for("chat.postEphemeral")
    await slack.click(post, "answer_feedback_down")
    await fake_slack.wait_for("chat.postEphemeral", count=2)
    with slack.deps.database.session() as session:
        [vote] = session.exec(select(Feedback)).all()
    assert vote.helpful is False


async def test_show_more_posts_further_clauses_in_the_thread(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    event, post = await _answer(slack, fake_slack)
    await slack.click(post, "answer_show_more")
    [more] = await fake_slack.wait_for("chat.postMessage")
    assert more.args["thread_ts"] == event["ts"]
    assert "Mer ur Leeps integritetspolicy" in more.text_content()
    more_ids = decode_value(post.find_action("answer_show_more")["value"])["ids"]
    shown_ids = decode_value(post.find_action("answer_feedback_up")["value"])["ids"]
    assert more_ids and not set(more_ids) & set(shown_ids)
    quoted = [b for b in more.blocks if b["type"] == "section" and "\n>" in b["text"]["text"]]
    assert len(quoted) == len(more_ids)


async def test_choosing_a_company_answers_the_question_for_it(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    _, post = await _answer(slack, fake_slack, "Hur länge sparas mina personuppgifter?")
    buttons = [a for a in post.action_ids() if a.startswith("answer_choose_company:")]
    assert len(buttons) >= 2
    await slack.click(post, "answer_choose_company:leep")
    [update] = await fake_slack.wait_for("chat.update")
    assert update.args["ts"] == post.ts
    assert "Leeps integritetspolicy" in update.text_content()


async def test_ask_the_privacy_team_forwards_the_question_and_tells_the_asker(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    _, post = await _answer(slack, fake_slack, "Does Leep sell my data to <!channel> advertisers?")
    await slack.click(post, "answer_ask_privacy_team", user="UCAROL")
    [forwarded] = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.args["channel"] == PRIVACY_CHANNEL
    )
    content = forwarded.text_content()
    assert "<@UPRIV>" in content and "<!subteam^SPRIV>" in content and "<@UCAROL>" in content
    assert "sell my data" in content
    assert "<!channel>" not in content
    [told] = await fake_slack.wait_for("chat.postEphemeral")
    assert told.args["user"] == "UCAROL" and f"<#{PRIVACY_CHANNEL}>" in told.args["text"]


async def test_a_question_the_policy_cannot_answer_and_a_thumbs_down_are_kept_for_the_team(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    await _answer(slack, fake_slack, "Vad heter Leeps dataskyddsombud?")  # the policy names no DPO
    _, post = await _answer(slack, fake_slack)
    await slack.click(post, "answer_feedback_down", user="UBOB")
    await fake_slack.wait_for("chat.postEphemeral")

    def kept() -> list[dict]:  # type: ignore[type-arg]
        return gap_store.grouped(slack.deps.database)

    groups = await eventually(
        lambda: kept() if sum(g["count"] for g in kept()) == 2 else None, "two questions kept"
    )
    by_kind = {(g["no_answer"], g["thumbs_down"]): g for g in groups}
    assert by_kind[(1, 0)]["examples"] == ["Vad heter Leeps dataskyddsombud?"]
    assert by_kind[(1, 0)]["company"] == "leep" and by_kind[(1, 0)]["topic"] == "dpo"
    assert by_kind[(0, 1)]["examples"] == [QUESTION]


async def test_the_same_button_press_delivered_twenty_times_pings_the_team_once(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    _, post = await _answer(slack, fake_slack)
    element = post.find_action("answer_ask_privacy_team")
    assert element is not None
    press = signing.block_actions(
        "answer_ask_privacy_team",
        element["value"],
        user="UBOB",
        channel=signing.CHANNEL_ID,
        message=post.as_message(),
    )
    for _ in range(20):
        assert (await slack.interact(press)).status == 200
    await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == PRIVACY_CHANNEL)
    await fake_slack.settle()
    pings = fake_slack.calls("chat.postMessage", where=lambda c: c.args.get("channel") == PRIVACY_CHANNEL)
    assert len(pings) == 1
