"""Score a question set (dev-set format) through the full pipeline, and plain BM25 beside it.

Hit rule (the dev set's, data/retrieval/devset): a returned clause is a hit when it shares with a gold string a
common substring of at least min(50 characters, 60 % of the gold string), after whitespace
normalisation (U+00A0 included) and lower-casing. hit@k is computed over the clauses the retriever
ranked for the question whether or not the pipeline then abstained; how often it answered is reported
beside it, so a ranking that is right but withheld shows up as a low answered rate, not as a miss.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.retrieval.bm25 import PlainBM25

MIN_RUN = 50
MIN_RUN_SHARE = 0.6
ANSWERABLE = ("answer", "about_right")
PLAIN = ("answer", "no_answer")


def normalise_for_match(text: str) -> str:
    """Collapse every kind of whitespace (U+00A0 too) to one space and lower-case."""
    return " ".join(text.replace("\u00a0", " ").split()).lower()


def required_run(gold: str) -> int:
    return max(1, min(MIN_RUN, math.ceil(MIN_RUN_SHARE * len(normalise_for_match(gold)))))


def shares_run(clause: str, gold: str) -> bool:
    """Does ``clause`` share with ``gold`` a common substring as long as the hit rule asks?"""
    a, b = normalise_for_match(clause), normalise_for_match(gold)
    run = required_run(gold)
    if len(a) < run or len(b) < run:
        return False
    windows = {a[i : i + run] for i in range(len(a) - run + 1)}
    return any(b[i : i + run] in windows for i in range(len(b) - run + 1))


def hit_at(texts: Sequence[str], golds: Sequence[str], k: int) -> bool:
    return any(shares_run(text, gold) for text in texts[:k] for gold in golds)


@dataclass
class Metric:
    """A share: how many of how many."""

    count: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.count += int(ok)

    @property
    def value(self) -> float | None:
        return self.count / self.total if self.total else None

    def to_json(self) -> dict[str, Any]:
        value = self.value
        return {"value": None if value is None else round(value, 4), "count": self.count, "total": self.total}


# the rows of the table, in order: key, label
PRODUCT_METRICS = (
    ("hit@1", "hit@1 on answerable (answer + about_right), ranked clauses"),
    ("hit@3", "hit@3 on answerable, ranked clauses"),
    ("cross_hit@3", "hit@3, question language != policy language"),
    ("en_sv_hit@3", "hit@3, English question about a Swedish policy"),
    ("answered", "answered rate on answerable"),
    ("answered_hit@3", "answered and hit@3 on answerable"),
    ("abstention", "abstention on no_answer (answered = false)"),
    ("rights", "rights request detected with the right, on dsar"),
    ("false_ticket_about_right", "taken for a rights request, about_right"),
    ("false_ticket_plain", "taken for a rights request, answer + no_answer"),
    ("language", "language accuracy"),
    ("company", "company accuracy"),
)
BASELINE_METRICS = ("hit@1", "hit@3", "cross_hit@3", "en_sv_hit@3")


@dataclass
class Report:
    product: dict[str, Metric] = field(default_factory=lambda: {k: Metric() for k, _ in PRODUCT_METRICS})
    baseline: dict[str, Metric] | None = None
    questions: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)  # ids: answerable not in top 3, no_answer answered

    def to_json(self) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "ms_per_question": round(1000 * self.seconds / self.questions, 3) if self.questions else None,
            "product": {k: m.to_json() for k, m in self.product.items()},
            "baseline": None if self.baseline is None else {k: m.to_json() for k, m in self.baseline.items()},
        }


def load_questions(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(row, dict) or not isinstance(row.get("question"), str):
                raise ValueError(f"{path}:{number}: a row needs a 'question' string")
            rows.append(row)
    return rows


def gold_company(row: dict[str, Any]) -> str | None:
    return row.get("company") or row.get("named_company")


def evaluate(engine: Any, rows: Iterable[dict[str, Any]], baseline: bool = False) -> Report:
    """Run every row through ``engine.handle`` (the product) and score it; optionally BM25 too."""
    report = Report(baseline={k: Metric() for k in BASELINE_METRICS} if baseline else None)
    plain: dict[str, PlainBM25] = {}
    started = time.perf_counter()
    for row in rows:
        report.questions += 1
        _score_row(engine, row, report)
        if report.baseline is not None:
            _score_baseline(engine, row, report.baseline, plain)
    report.seconds = time.perf_counter() - started
    return report


def _policy_language(engine: Any, slug: str | None) -> str | None:
    policy = engine.kb.get(slug) if slug else None
    return policy.language if policy else None


def _ranked_texts(engine: Any, result: Any) -> list[str]:
    """The clauses the retriever ranked for this question, also when the pipeline abstained."""
    if result.hits:
        return [h.text for h in result.hits]
    if result.status == "no_answer" and result.company:
        outcome = engine.retriever.search(result.text, result.company, result.language, k=5)
        return [s.clause.text for s in outcome.hits]
    return []


def _score_row(engine: Any, row: dict[str, Any], report: Report) -> None:
    m = report.product
    kind = row.get("kind", "answer")
    golds = [g for g in row.get("gold") or [] if isinstance(g, str) and g.strip()]
    expected_company = gold_company(row)
    result = engine.handle(row["question"], company=row.get("company"))
    is_request = result.intent == "rights_request"

    if row.get("lang"):
        m["language"].add(result.language == row["lang"])
    if expected_company:
        m["company"].add(result.company == expected_company)

    if kind in ANSWERABLE and golds:
        texts = _ranked_texts(engine, result)
        top1, top3 = hit_at(texts, golds, 1), hit_at(texts, golds, 3)
        m["hit@1"].add(top1)
        m["hit@3"].add(top3)
        m["answered"].add(result.answered)
        m["answered_hit@3"].add(result.answered and top3)
        policy_language = _policy_language(engine, expected_company)
        if row.get("lang") and policy_language and row["lang"] != policy_language:
            m["cross_hit@3"].add(top3)
            if row["lang"] == "en" and policy_language == "sv":
                m["en_sv_hit@3"].add(top3)
        if not top3:
            report.misses.append(f"{row.get('id', '?')}: gold not in top 3")
    if kind == "no_answer":
        m["abstention"].add(not result.answered)
        if result.answered:
            report.misses.append(f"{row.get('id', '?')}: no_answer was answered")
    if kind == "dsar":
        m["rights"].add(is_request and result.right == row.get("right"))
    if kind == "about_right":
        m["false_ticket_about_right"].add(is_request)
    if kind in PLAIN:
        m["false_ticket_plain"].add(is_request)


def _score_baseline(
    engine: Any, row: dict[str, Any], metrics: dict[str, Metric], cache: dict[str, PlainBM25]
) -> None:
    golds = [g for g in row.get("gold") or [] if isinstance(g, str) and g.strip()]
    slug = gold_company(row)
    policy = engine.kb.get(slug) if slug else None
    if row.get("kind", "answer") not in ANSWERABLE or not golds or policy is None:
        return
    if slug not in cache:
        cache[slug] = PlainBM25([c.text for c in policy.clauses])
    texts = [policy.clauses[i].text for i, _ in cache[slug].rank(row["question"], k=3)]
    top3 = hit_at(texts, golds, 3)
    metrics["hit@1"].add(hit_at(texts, golds, 1))
    metrics["hit@3"].add(top3)
    if row.get("lang") and row["lang"] != policy.language:
        metrics["cross_hit@3"].add(top3)
        if row["lang"] == "en" and policy.language == "sv":
            metrics["en_sv_hit@3"].add(top3)


def _cell(metric: Metric | None) -> str:
    if metric is None or metric.value is None:
        return "-"
    return f"{metric.value:.3f} ({metric.count}/{metric.total})"


def format_table(report: Report) -> str:
    """A plain-text table: one metric a line, the product beside plain BM25 when it was run."""
    label_width = max(len(label) for _, label in PRODUCT_METRICS)
    header = f"{'metric':<{label_width}}  {'product':<18}"
    if report.baseline is not None:
        header += f"  {'plain BM25':<18}"
    lines = [header, "-" * len(header)]
    for key, label in PRODUCT_METRICS:
        line = f"{label:<{label_width}}  {_cell(report.product[key]):<18}"
        if report.baseline is not None:
            line += f"  {_cell(report.baseline.get(key)):<18}"
        lines.append(line.rstrip())
    lines.append("")
    per_question = 1000 * report.seconds / report.questions if report.questions else 0.0
    lines.append(f"{report.questions} questions, {per_question:.2f} ms per question (whole pipeline)")
    lines.append(
        "hit@k counts the clauses ranked for a question even when the bot abstained; "
        "'answered' says how often it actually answered."
    )
    return "\n".join(lines)
