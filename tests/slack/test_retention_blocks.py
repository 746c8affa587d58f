"""`/privacy retention <company>`: Block Kit in the user's language, clauses quoted as written."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.retrieval.loader import Clause, KnowledgeBase
from bot.retrieval.retention import RetentionRule, extract_rules
from bot.slack.retention_blocks import MAX_BLOCKS, MAX_TEXT, retention_blocks


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            out.append(element["text"])
    return out


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _quoted_lines(blocks: list[dict[str, Any]]) -> str:
    lines = [line[1:] for text in _texts(blocks) for line in text.split("\n") if line.startswith(">")]
    return _unescape("\n".join(lines))


def test_a_swedish_agent_sees_swedish_labels_and_the_clause_as_written(kb: KnowledgeBase) -> None:
    policy = kb.policies["company-003"]
    blocks = retention_blocks(policy, extract_rules(policy), "sv")
    text = "\n".join(_texts(blocks))
    assert blocks[0]["type"] == "header"
    assert "Lagringstider: Company 003" in blocks[0]["text"]["text"]
    assert "*Kunder*: Högst 36 månader efter att kundrelationen har upphört." in text
    assert "*Leverantörer*: Högst 36 månader" in text
    assert "_Avsnitt: Hur länge behåller vi data_" in text
    assert "Kund- och leverantörsdata sparas så länge du är kund eller leverantör hos oss" in _quoted_lines(
        blocks
    )


def test_an_english_agent_sees_english_labels_above_the_swedish_quote(kb: KnowledgeBase) -> None:
    policy = kb.policies["xledger"]
    rules = extract_rules(policy)
    blocks = retention_blocks(policy, rules, "en")
    text = "\n".join(_texts(blocks))
    assert "Retention periods: Xledger" in blocks[0]["text"]["text"]
    assert "The policy is in Swedish" in text
    assert "*Customers*: Up to 1 year after the customer relationship ends." in text
    quotes = _quoted_lines(blocks)
    for rule in rules:
        assert rule.text in quotes


def test_every_rule_of_a_long_policy_is_shown_within_slack_limits(kb: KnowledgeBase) -> None:
    policy = kb.policies["leep"]
    rules = extract_rules(policy)
    blocks = retention_blocks(policy, rules, "en")
    assert len(blocks) <= MAX_BLOCKS
    assert all(len(t) <= MAX_TEXT for t in _texts(blocks))
    text = "\n".join(_texts(blocks))
    assert "*“Remember me” cookies*: Kept for 2 weeks." in text
    assert "*Grading material*: At least 6 months after the grade is set." in text


def test_too_many_rules_are_cut_at_fifty_blocks_with_a_note(kb: KnowledgeBase) -> None:
    policy = kb.policies["leep"]
    base = extract_rules(policy)[0]
    many = [
        replace(
            base,
            clause=Clause(policy.slug, 1000 + i, base.clause.section, f"Regel {i}: sparas i {i + 1} år.", 1),
        )
        for i in range(120)
    ]
    many = [replace(r, quote=r.clause.text) for r in many]
    blocks = retention_blocks(policy, many, "sv")
    assert len(blocks) == MAX_BLOCKS
    assert "till visas inte" in _texts(blocks)[-1]


def test_slack_markup_in_a_policy_is_shown_as_text_not_acted_on(kb: KnowledgeBase) -> None:
    policy = kb.policies["leading-business"]
    rule = extract_rules(policy)[0]
    odd = Clause(policy.slug, 999, ("A & B",), "We keep <!channel> data <@U123> for 2 years.", 1)
    blocks = retention_blocks(
        policy, [RetentionRule("logs", "P2Y", "exact", None, "period", odd, odd.text), rule], "en"
    )
    text = "\n".join(_texts(blocks))
    assert "<!channel>" not in text and "<@U123>" not in text
    assert "&lt;!channel&gt;" in text and "A &amp; B" in text


def test_a_policy_without_retention_statements_says_so(kb: KnowledgeBase) -> None:
    policy = kb.policies["leadpilot"]
    blocks = retention_blocks(policy, [], "sv")
    assert len(blocks) == 2
    assert "Jag hittade inga lagringstider i LeadPilots integritetspolicy." in _texts(blocks)[1]
