"""Block Kit builders: pure functions from a pipeline Result to Slack message blocks.

Every builder returns a `Message(text, blocks)`: `text` is the notification / fallback text.
Quoted policy text and echoed questions are neutralised so they can never ping anyone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot import replies
from bot.pipeline import Hit, Result
from bot.slack import constants as c
from bot.slack.texts import st

ZWSP = "\u200b"
SHOWN_HITS = 2
QUESTION_IN_VALUE = 1500  # characters of the question carried in a button value

Block = dict[str, Any]

_BARE = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[Block]

    def kwargs(self) -> dict[str, Any]:
        """Arguments for chat.postMessage / respond: text, blocks, no unfurling."""
        return {"text": self.text, "blocks": self.blocks, "unfurl_links": False, "unfurl_media": False}


def neutralise(text: str) -> str:
    """Text shown as typed: &, < and > escaped as Slack's mrkdwn asks, so no control sequence (<!channel>,
    <@U…>, <!subteam^…>, <#C…>) and no link of any scheme (<ftp://evil|https://harmless>, <slack://…>,
    <tel:…>) can come alive; bare @channel / @here / @everyone defanged."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BARE.sub("@" + ZWSP + r"\1", text)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chunks(text: str, limit: int = c.MAX_TEXT) -> list[str]:
    """Split text into pieces of at most `limit` characters, at line or word boundaries when possible."""
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        out.append(text[:cut])
        text = text[cut:].lstrip("\n ")
    if text:
        out.append(text)
    return out


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, c.MAX_TEXT)}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(text, c.MAX_TEXT)}]}


def button(label: str, action_id: str, value: Mapping[str, Any] | str, style: str | None = None) -> Block:
    raw = value if isinstance(value, str) else encode_value(value)
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(label, 75), "emoji": True},
        "action_id": action_id,
        "value": raw,
    }
    if style:
        element["style"] = style
    return element


def actions(block_id: str, elements: Sequence[Block]) -> Block:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)[:25]}


def encode_value(value: Mapping[str, Any]) -> str:
    """JSON for a button value, kept under Slack's 2000-character limit by trimming the question."""
    data = dict(value)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    while len(raw) > c.MAX_BUTTON_VALUE and data.get("q"):
        data["q"] = data["q"][: max(0, len(data["q"]) - (len(raw) - c.MAX_BUTTON_VALUE) - 10)]
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    while len(raw) > c.MAX_BUTTON_VALUE and data.get("ids"):
        data["ids"] = data["ids"][:-1]
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw


def decode_value(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def quote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in neutralise(text).split("\n"))


def hit_blocks(hit: Hit, company_name: str, language: str) -> list[Block]:
    heading = f"*{company_name}*"
    if hit.section:
        heading += f" · {replies.t(language, 'section')}: {neutralise(hit.section)}"
    body = quote(hit.text)
    pieces = chunks(f"{heading}\n{body}")
    return [section(p if i == 0 else (p if p.startswith(">") else "> " + p)) for i, p in enumerate(pieces)]


def cap_blocks(blocks: list[Block]) -> list[Block]:
    """At most 50 blocks; the actions (buttons) at the end are kept."""
    if len(blocks) <= c.MAX_BLOCKS:
        return blocks
    tail = [b for b in blocks[-2:] if b.get("type") == "actions"]
    head = blocks[: c.MAX_BLOCKS - len(tail) - 1]
    return [*head, context("…"), *tail]


def answer_message(
    result: Result,
    company_name: str,
    *,
    question: str = "",
    shown: int = SHOWN_HITS,
    with_feedback: bool = True,
    with_ask_team: bool = True,
    share: bool = False,
) -> Message:
    """An answered question: lead-in, notes, the quoted clauses and the buttons."""
    lang = result.language
    shown_hits = list(result.hits[:shown])
    rest = list(result.hits[shown:])
    lead = replies.t(lang, "answer_lead", company=company_name)
    top: list[str] = []
    if result.direct_answer:
        top.append(neutralise(result.direct_answer))
    top.append(lead)
    blocks: list[Block] = [section("\n".join(top))]
    notes: list[str] = []
    if result.policy_language:
        note = replies.policy_language_note(lang, result.policy_language)
        if note:
            notes.append(note)
    if notes:
        blocks.append(context(" ".join(notes)))
    for hit in shown_hits:
        blocks.extend(hit_blocks(hit, company_name, lang))
    if any("imy" in hit.notes for hit in shown_hits):
        blocks.append(context(replies.t(lang, "imy")))
    blocks.extend(also_named_blocks(result, company_name))
    buttons: list[Block] = []
    slug = result.company or ""
    if rest:
        buttons.append(
            button(
                st(lang, "show_more"), c.SHOW_MORE, {"c": slug, "l": lang, "ids": [h.clause_id for h in rest]}
            )
        )
    if with_feedback:
        ids = [h.clause_id for h in shown_hits]
        buttons.append(button(st(lang, "helpful"), c.FEEDBACK_UP, {"c": slug, "l": lang, "ids": ids}))
        # a 👎 keeps the question for the team's list of gaps: it travels in the button, like "ask the team"
        down = {"c": slug, "l": lang, "ids": ids, "t": result.topic or "", "q": question[:QUESTION_IN_VALUE]}
        buttons.append(button(st(lang, "not_helpful"), c.FEEDBACK_DOWN, down))
    if with_ask_team:
        buttons.append(ask_team_button(lang, slug, question))
    if share:
        buttons.append(share_button(lang, slug, question))
    if buttons:
        blocks.append(actions("answer_actions", buttons))
    return Message(fallback_text(result, company_name), cap_blocks(blocks))


def also_named_blocks(result: Result, company_name: str) -> list[Block]:
    """The note that the other companies the question named were left out (answered or not)."""
    if not result.also_named:
        return []
    return [context(neutralise(replies.also_named(result.language, company_name, result.also_named)))]


def ask_team_button(lang: str, slug: str, question: str) -> Block:
    return button(st(lang, "ask_team"), c.ASK_TEAM, {"c": slug, "l": lang, "q": question[:QUESTION_IN_VALUE]})


def share_button(lang: str, slug: str, question: str) -> Block:
    return button(
        st(lang, "share"), c.SHARE, {"c": slug, "l": lang, "q": question[:QUESTION_IN_VALUE]}, style="primary"
    )


def fallback_text(result: Result, company_name: str) -> str:
    lang = result.language
    first = result.direct_answer or replies.t(lang, "answer_lead", company=company_name)
    if result.hits:
        first += " " + neutralise(result.hits[0].text)
    return truncate(first, c.MAX_FALLBACK_TEXT)


def no_answer_message(
    result: Result, company_name: str, *, question: str = "", share: bool = False
) -> Message:
    lang = result.language
    text = replies.no_answer(lang, company_name)
    buttons = [ask_team_button(lang, result.company or "", question)]
    if share:
        buttons.append(share_button(lang, result.company or "", question))
    return Message(
        text, [section(text), *also_named_blocks(result, company_name), actions("no_answer_actions", buttons)]
    )


def choose_company_message(result: Result, names: Mapping[str, str], *, question: str = "") -> Message:
    """No company resolved: one button per company; clicking answers the question for that company."""
    lang = result.language
    text = replies.which_company(lang, names)
    candidates = [s for s in result.candidates if s in names] or list(names)
    buttons = [
        button(
            names[slug],
            f"{c.CHOOSE_COMPANY}:{slug}",
            {"c": slug, "l": lang, "q": question[:QUESTION_IN_VALUE]},
        )
        for slug in candidates
    ]
    return Message(text, [section(text), actions("choose_company", buttons)])


def text_message(text: str) -> Message:
    """A plain reply (bad input, a rights request without ticket flow, notices) as one section per 3000 chars."""
    return Message(truncate(text, c.MAX_FALLBACK_TEXT), cap_blocks([section(p) for p in chunks(text)]))


def reply_for(
    result: Result, names: Mapping[str, str], *, question: str = "", share: bool = False
) -> Message:
    """The message for any pipeline result."""
    name = names.get(result.company or "", result.company or "")
    if result.status == "answered":
        msg = answer_message(result, name, question=question, share=share, with_feedback=True)
    elif result.status == "no_answer":
        msg = no_answer_message(result, name, question=question, share=share)
    elif result.status == "needs_company":
        msg = choose_company_message(result, names, question=question)
    else:
        msg = text_message(result.reply)
    too_long = replies.t(result.language, "too_long")
    if result.status in ("answered", "no_answer") and result.reply.startswith(too_long):
        msg = Message(msg.text, cap_blocks([context(too_long), *msg.blocks]))
    return msg


def more_message(hits: Sequence[Hit], company_name: str, language: str) -> Message:
    if not hits:
        return text_message(st(language, "no_more"))
    blocks: list[Block] = [section(st(language, "more_lead", company=company_name))]
    for hit in hits:
        blocks.extend(hit_blocks(hit, company_name, language))
    if any("imy" in h.notes for h in hits):
        blocks.append(context(replies.t(language, "imy")))
    return Message(st(language, "more_lead", company=company_name), cap_blocks(blocks))


def privacy_team_message(
    language: str,
    user_id: str,
    question: str,
    company_name: str | None,
    team_users: Sequence[str],
    team_groups: Sequence[str],
    permalink: str | None = None,
) -> Message:
    tags = " ".join([f"<@{u}>" for u in team_users] + [f"<!subteam^{g}>" for g in team_groups])
    company = f" ({company_name})" if company_name else ""
    lead = st(language, "team_post", team=(tags + " ") if tags else "", user=user_id, company=company)
    blocks = [section(lead), section(quote(truncate(question, c.MAX_TEXT - 100)))]
    if permalink:
        blocks.append(context(permalink))
    return Message(truncate(lead, c.MAX_FALLBACK_TEXT), blocks)


def companies_message(language: str, policies: Mapping[str, tuple[str, str]]) -> Message:
    """`policies`: slug → (name, policy language)."""
    lines = [st(language, "companies_lead")]
    for slug, (name, policy_language) in sorted(policies.items()):
        lang_name = st(language, "language_sv" if policy_language == "sv" else "language_en")
        lines.append(st(language, "companies_item", name=name, slug=slug, lang=lang_name))
    return text_message("\n".join(lines))


def home_view(
    language: str, policies: Mapping[str, tuple[str, str]], extra: Sequence[Block] = ()
) -> dict[str, Any]:
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": st(language, "home_title")}},
        section(st(language, "home_intro")),
        section(st(language, "home_rights")),
        {"type": "divider"},
        section(
            st(language, "home_companies")
            + "\n"
            + "\n".join(f"• {name} (`{slug}`)" for slug, (name, _) in sorted(policies.items()))
        ),
    ]
    if extra:
        blocks.append({"type": "divider"})
        blocks.extend(extra)
    blocks = blocks[:100]  # a Home tab allows 100 blocks
    return {"type": "home", "blocks": blocks}
