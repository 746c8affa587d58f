"""Turn the benchmark results (results.json) into the README's Markdown tables and the latency plot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PLOT_NAME = "latency_vs_companies.png"


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _mark(ok: bool | None) -> str:
    return "–" if ok is None else ("✅" if ok else "❌")


def scale_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| companies | clauses | start-up cold (build + cache) | start-up warm (cache) | index build, 1 core "
        "| question p50 / p99 (warm) | question p50 / p99 (after cold) | company named in text: resolve p50 / p99, right "
        "| peak RSS, all indexes loaded |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        cold, warm, nocache = row.get("cold"), row.get("warm"), row.get("nocache")
        any_run = cold or warm or nocache or {}
        resolve = warm or cold or nocache or {}
        peak = max(
            (run["rss_peak_mb"] for run in (cold, warm, nocache) if run),
            default=None,
        )
        count = cold["cache"]["workers"] if cold and cold.get("cache") else 1
        workers = f", {count} build processes" if count > 1 else ", in-process"
        lines.append(
            f"| {row['companies']:,} | {_fmt(any_run.get('clauses'))} "
            f"| {_fmt(cold['startup_s'], 2) + ' s' + workers if cold else '–'} "
            f"| {_fmt(warm['startup_s'], 2) + ' s' if warm else '–'} "
            f"| {_fmt(nocache['engine_s'], 2) + ' s' if nocache else '–'} "
            f"| {_latency(warm)} | {_latency(cold)} "
            f"| {_fmt(resolve.get('resolve_p50_ms'), 2)} / {_fmt(resolve.get('resolve_p99_ms'), 2)} ms, "
            f"{resolve.get('named_resolved_right', '–')}/{resolve.get('named', '–')} "
            f"| {_fmt(peak, 0)} MB |"
        )
    return lines


def _latency(run: dict[str, Any] | None) -> str:
    if not run:
        return "–"
    return f"{run['handle_p50_ms']:.2f} / {run['handle_p99_ms']:.2f} ms"


def http_table(http: dict[str, Any]) -> list[str]:
    lines = [
        "| run | offered rate | sent | achieved | ack p50 | ack p99 | max | HTTP statuses |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for number, run in enumerate(http.get("runs", [])):
        statuses = ", ".join(f"{k}: {v}" for k, v in run["statuses"].items())
        lines.append(
            f"| {'main' if number == 0 else 'probe'} | {run['rate']:.0f}/s | {run['sent']:,} | {run['achieved']:.1f}/s | {run['p50_ms']:.1f} ms "
            f"| {run['p99_ms']:.1f} ms | {run['max_ms']:.1f} ms | {statuses} |"
        )
    best = http.get("max_sustained_rate")
    ceiling = (
        " (the probe's ceiling: the app kept up with every step)" if http.get("probe_ceiling_reached") else ""
    )
    lines.append("")
    lines.append(
        f"Maximum sustained rate with ack p99 ≤ {http.get('bar_p99_ms', 50):.0f} ms: "
        f"**{_fmt(best, 0) + ' events/s' if best else 'below ' + _fmt(http.get('rate'), 0) + ' events/s'}**{ceiling}. "
        f"Answers posted after the {http.get('rate', 0):.0f}/s run: {http.get('answers_posted', '–')} "
        f"of {http.get('answers_expected', '–')} expected."
    )
    return lines


def tickets_table(tickets: dict[str, Any]) -> list[str]:
    lines = [
        "| database | requests | new request p50 | p99 | max | duplicate p50 | p99 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for backend, f in tickets.items():
        if not isinstance(f, dict):
            continue
        lines.append(
            f"| {backend} | {f['requests']} | {f['new_p50_ms']:.2f} ms | {f['new_p99_ms']:.2f} ms "
            f"| {f['new_max_ms']:.2f} ms | {f['duplicate_p50_ms']:.2f} ms | {f['duplicate_p99_ms']:.2f} ms |"
        )
    return lines


def markdown(results: dict[str, Any]) -> str:
    meta = results.get("meta", {})
    out = [
        "## Benchmarks",
        "",
        f"Measured {meta.get('date', '?')} on {meta.get('machine', '?')} with `{meta.get('command', '?')}` "
        f"({meta.get('mode', 'full')} mode, {meta.get('seconds', 0):.0f} s; load average at start "
        f"{meta.get('load_average', '?')}).",
        "",
    ]
    bars = results.get("bars", {})
    if bars:
        out += ["| bar (issue 6) | result |", "|---|---|"]
        out += [f"| {bar} | {_mark(ok)} |" for bar, ok in bars.items()]
        out.append("")
    if "scale" in results:
        out += [
            "### Retrieval at 5, 100 and 1,000 companies",
            "",
            "Generated from the five seed policies under new names (`benchmarks/corpus.py`); each start in a "
            "fresh process. Cold = no cache: every index and retention rule set is built (in parallel build "
            "processes) and cached on disk; warm = restart with the cache; 1 core = the same build in one "
            "process without the cache. Questions: Swedish and English, half with the company given, half "
            "naming it in the text, spread over all companies; a company's index is read from the cache on "
            "its first question, included in the latencies. Peak RSS: the serving process after it has "
            "loaded every company's index.",
            "",
            *scale_table(results["scale"]),
            "",
            f"![Retrieval latency against the number of companies]({PLOT_NAME})",
            "",
        ]
    if "http" in results:
        out += [
            "### HTTP: signed Slack events",
            "",
            "`python -m bot serve` in a child process with the five seed companies, a temporary SQLite "
            "database and a fake Slack Web API; signed events (mentions, DMs, ignored channel messages) sent "
            "open-loop at a fixed rate; ack = time to the HTTP response. Then the rate is stepped up until "
            "ack p99 passes the bar or the app can't keep the rate.",
            "",
            *http_table(results["http"]),
            "",
        ]
    if "tickets" in results:
        out += [
            "### Tickets: recording a rights request",
            "",
            "`open_ticket` (duplicate check, reference, insert, audit) on a temporary SQLite file and on "
            "PostgreSQL (a scratch database on loopback).",
            "",
            *tickets_table(results["tickets"]),
            "",
        ]
        if "postgresql" not in results["tickets"]:
            out += ["PostgreSQL: not measured (set TEST_POSTGRES_URL, or run with `--start-postgres`).", ""]
    return "\n".join(out)


def plot(rows: list[dict[str, Any]], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [row["companies"] for row in rows]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    styles = (("warm", "warm start (cache)", "-"), ("cold", "after a cold start", "--"))
    for mode, label, line in styles:
        points = [(row["companies"], row[mode]) for row in rows if mode in row]
        if not points:
            continue
        xs = [x for x, _ in points]
        ax.plot(xs, [r["handle_p50_ms"] for _, r in points], line, marker="o", label=f"p50, {label}")
        ax.plot(xs, [r["handle_p99_ms"] for _, r in points], line, marker="^", label=f"p99, {label}")
    ax.axhline(20, color="grey", linestyle=":", label="bar: 20 ms")
    ax.set_xscale("log")
    ax.set_xticks(sizes)
    ax.set_xticklabels([f"{s:,}" for s in sizes])
    ax.set_xlabel("companies in the knowledge folder")
    ax.set_ylabel("ms per question (Engine.handle)")
    ax.set_title("Retrieval latency against the number of companies")
    ax.set_ylim(bottom=0)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
