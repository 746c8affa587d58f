"""Block Kit for `/privacy retention <company>`: the company's retention rules at a glance.

Pure: policy + rules + the user's language in, a list of blocks out. Labels and one-line summaries are
in the user's language; each clause is quoted as written (escaped for Slack, nothing else changed).
Rules that quote the same sentence share one block ("Kund- och leverantörsdata …" covers two).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import messages
from bot.replies import with_genitive
from bot.retrieval.loader import Policy
from bot.retrieval.retention import RetentionRule

MAX_BLOCKS = 50
MAX_TEXT = 3000
MAX_HEADER = 150

Block = dict[str, Any]


def label(language: str, key: str, **values: object) -> str:
    return messages.section(language, "retention")[key].format(**with_genitive(language, values))


def escape(text: str) -> str:
    """Slack mrkdwn escaping: the three characters Slack asks for (this also defangs <!channel>)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoted(text: str) -> str:
    return "\n".join(">" + escape(line) if line.strip() else ">" for line in text.split("\n"))


def _capitalise(text: str) -> str:
    """Upper-case the first letter, past any opening quote ("“remember me” cookies")."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _groups(rules: Sequence[RetentionRule]) -> list[list[RetentionRule]]:
    """Rules in the order of the policy, those quoting the same text together."""
    grouped: dict[tuple[str, str], list[RetentionRule]] = {}
    for rule in rules:
        grouped.setdefault((rule.clause.id, rule.text), []).append(rule)
    return list(grouped.values())


def rule_block(group: Sequence[RetentionRule], language: str) -> Block:
    first = group[0]
    lines = [
        f"*{escape(_capitalise(rule.category_label(language)))}*: {escape(rule.summary(language))}"
        for rule in group
    ]
    if first.section:
        lines.append(f"_{label(language, 'section')}: {escape(first.section)}_")
    head = "\n".join(lines)
    body = quoted(first.text)
    room = MAX_TEXT - len(head) - 1
    if len(body) > room:
        body = _fit(body, room)
    return {"type": "section", "text": {"type": "mrkdwn", "text": f"{head}\n{body}"}}


def retention_blocks(policy: Policy, rules: Sequence[RetentionRule], language: str) -> list[Block]:
    """Header, a note on quoting, then one block per quoted clause; at most 50 blocks."""
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": _fit(label(language, "header", company=policy.name), MAX_HEADER),
            },
        }
    ]
    if not rules:
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": escape(label(language, "none", company=policy.name))},
            }
        )
        return blocks
    user = "sv" if language == "sv" else "en"
    note = label(user, "quoted" if policy.language == user else "foreign")
    note = f"{note} {label(user, 'count', count=len(rules))}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(note)}]})
    groups = _groups(rules)
    room = MAX_BLOCKS - len(blocks)
    if len(groups) > room:
        shown = groups[: room - 1]
        hidden = sum(len(g) for g in groups[room - 1 :])
        blocks.extend(rule_block(g, language) for g in shown)
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": label(language, "more", count=hidden)}],
            }
        )
    else:
        blocks.extend(rule_block(g, language) for g in groups)
    return blocks
