"""Retrieval at 5, 100 and 1,000 companies: start-up (cold, warm, no cache), ms per question, peak RSS.

    .venv/bin/python -m benchmarks.scale [--sizes 5,100,1000] [--questions 400] [--quick] [--json FILE]

For each size a knowledge folder is generated (5 = the bundled seeds; more = benchmarks/corpus.py in a
temporary folder) and each mode runs in a fresh process, so start-up and peak memory are those of a
real start:

- ``cold``: ``Engine.load(dir, cache_dir=<empty>)`` builds every index and retention rule set (in
  parallel processes when there are many) and stores them in the on-disk cache;
- ``warm``: the same with the cache filled, as on a restart;
- ``nocache``: ``Engine.load(dir)`` plus building every index in this one process (the single-core
  index build time; the default Engine builds an index on its company's first question instead).

After start-up the process answers a fixed mix of questions (Swedish and English; half with the company
given, half naming the company in the text) spread over the companies with ``Engine.handle``, so the
latencies include reading a company's index from the cache on its first question. Then it touches every
company's index, to report the memory of a process that has served all companies (max RSS of the
process; build processes are reported separately). Bars (issue 6), at 1,000 companies: cold start-up
≤ 20 s, warm ≤ 3 s, ≤ 20 ms per question (p50 and p99), peak RSS ≤ 600 MB; with the learned ranker
(issue 10): p50 ≤ 20 ms and p99 ≤ 60 ms embedding included, peak RSS ≤ 512 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "knowledge"
SIZES = (5, 100, 1000)
CHILD_TIMEOUT = 600.0
BARS = {"cold_startup_s": 20.0, "warm_startup_s": 3.0, "question_ms": 20.0, "rss_mb": 512.0}

# written for the benchmark: common privacy questions, not taken from any question set
QUESTIONS_GIVEN = (
    ("en", "How long do you keep my personal data?"),
    ("en", "Do you use cookies on your website?"),
    ("en", "Who do you share my information with?"),
    ("en", "Can I have my data deleted?"),
    ("en", "Is my data transferred outside the EU?"),
    ("en", "How do you protect my data?"),
    ("sv", "Hur länge sparar ni mina personuppgifter?"),
    ("sv", "Använder ni kakor på webbplatsen?"),
    ("sv", "Vilka delar ni mina uppgifter med?"),
    ("sv", "Kan jag få mina uppgifter raderade?"),
    ("sv", "Förs mina uppgifter över till länder utanför EU?"),
    ("sv", "Hur skyddar ni mina personuppgifter?"),
)
QUESTIONS_NAMED = (
    ("en", "How long does {name} keep my personal data?"),
    ("en", "Does {name} use cookies?"),
    ("en", "Who does {name} share my information with?"),
    ("en", "What personal data does {name} collect about me?"),
    ("sv", "Hur länge sparar {name} mina personuppgifter?"),
    ("sv", "Använder {name} kakor?"),
    ("sv", "Vilka delar {name} mina uppgifter med?"),
    ("sv", "Vilka personuppgifter samlar {name} in om mig?"),
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def question_mix(companies: dict[str, str], count: int, seed: int = 6) -> list[tuple[str, str | None, str]]:
    """(question, company given or None, expected slug): half given, half naming the company."""
    rng = random.Random(seed)
    slugs = sorted(companies)
    mix = []
    for n in range(count):
        slug = rng.choice(slugs)
        if n % 2 == 0:
            _, question = QUESTIONS_GIVEN[rng.randrange(len(QUESTIONS_GIVEN))]
            mix.append((question, slug, slug))
        else:
            _, template = QUESTIONS_NAMED[rng.randrange(len(QUESTIONS_NAMED))]
            mix.append((template.format(name=companies[slug]), None, slug))
    return mix


# --------------------------------------------------------------------------------- child process


def child(args: argparse.Namespace) -> dict[str, Any]:
    """One fresh process: start the engine in ``args.mode``, answer the mix, touch every company."""
    imported_at = time.perf_counter()
    load_average = os.getloadavg()[0]
    from bot.companies import resolve_company
    from bot.pipeline import Engine
    from bot.retrieval.loader import load_knowledge

    started = time.perf_counter()
    kb = load_knowledge(args.knowledge)
    loaded = time.perf_counter()
    if args.mode == "nocache":
        engine = Engine(kb, embeddings="off")
        engine.retriever.warm()
    else:
        # as the server runs: clause embeddings missing from the cache are computed in the background
        # (words-only answers for those companies meanwhile)
        engine = Engine(kb, cache_dir=args.cache, embeddings="background")
        if engine.semantics is not None:
            engine.semantics.warm(list(kb.policies.values()))
    ready = time.perf_counter()
    ready_wall = time.time()
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    startup_cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    rss_ready = _rss_mb()

    companies = {slug: p.name for slug, p in kb.policies.items()}
    mix = question_mix(companies, args.questions)
    handle_ms: list[float] = []
    resolve_ms: list[float] = []
    right = answered = named = 0
    for question, company, expected in mix:
        t0 = time.perf_counter()
        result = engine.handle(question, company=company)
        handle_ms.append((time.perf_counter() - t0) * 1000)
        answered += result.status == "answered"
        if company is None:
            named += 1
            right += result.company == expected
            t1 = time.perf_counter()
            resolve_company(question, kb.policies.values())
            resolve_ms.append((time.perf_counter() - t1) * 1000)
    rss_questions = _rss_mb()

    t0 = time.perf_counter()
    engine.retriever.warm()  # every company's index in memory (read from the cache, or built)
    touch_all_s = time.perf_counter() - t0

    stats = engine.index_cache.stats if engine.index_cache else None
    return {
        "mode": args.mode,
        "companies": len(kb.policies),
        "clauses": sum(len(p.clauses) for p in kb.policies.values()),
        "load_errors": len(kb.errors),
        "startup_s": round(ready_wall - args.spawned_at, 3),  # process start → engine ready
        "import_s": round(started - imported_at, 3),
        "load_s": round(loaded - started, 3),
        "engine_s": round(ready - loaded, 3),  # indexes + retention (cache prepare, or the full build)
        "cache": None
        if stats is None
        else {
            "loaded": len(stats.loaded),
            "built": len(stats.built),
            "discarded": len(stats.discarded),
            "workers": stats.workers,
        },
        "questions": len(mix),
        "answered": answered,
        "named": named,
        "named_resolved_right": right,
        "handle_p50_ms": round(statistics.median(handle_ms), 2),
        "handle_p99_ms": round(percentile(handle_ms, 0.99), 2),
        "handle_max_ms": round(max(handle_ms), 2),
        "handle_mean_ms": round(statistics.fmean(handle_ms), 2),
        "resolve_p50_ms": round(statistics.median(resolve_ms), 3) if resolve_ms else None,
        "resolve_p99_ms": round(percentile(resolve_ms, 0.99), 3) if resolve_ms else None,
        "touch_all_s": round(touch_all_s, 2),
        "vectors_pending": engine.semantics.pending() if engine.semantics else None,
        "rss_ready_mb": rss_ready,
        "rss_after_questions_mb": rss_questions,
        "rss_peak_mb": _rss_mb(),
        "rss_build_workers_mb": _rss_mb(resource.RUSAGE_CHILDREN),
        "startup_cpu_s": round(startup_cpu, 2),  # CPU seconds of this process and its build processes
        "load_average": round(load_average, 2),  # of the machine when this run began (others' work)
    }


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux reports KiB


# --------------------------------------------------------------------------------- parent


def run_child(knowledge: Path, mode: str, cache: Path, questions: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.scale", "--child", mode]
    command += ["--knowledge", str(knowledge), "--cache", str(cache), "--questions", str(questions)]
    command += ["--spawned-at", repr(time.time())]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{mode} run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(
    sizes: tuple[int, ...] = SIZES,
    questions: int = 400,
    modes: tuple[str, ...] = ("cold", "warm", "nocache"),
    nocache_max: int = 1000,
    log: Any = print,
) -> list[dict[str, Any]]:
    from benchmarks.corpus import generate

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        for size in sizes:
            if size <= 5:
                knowledge = SEEDS
            else:
                knowledge = Path(scratch) / f"knowledge-{size}"
                generate(knowledge, size)
            cache = Path(scratch) / f"cache-{size}"
            row: dict[str, Any] = {"companies": size}
            for mode in modes:
                if mode == "nocache" and size > nocache_max:
                    continue
                result = run_child(knowledge, mode, cache, questions)
                row[mode] = result
                log(
                    f"  {size:>5} companies {mode:<8} start-up {result['startup_s']:6.2f} s "
                    f"(load {result['load_s']:.2f} + indexes/retention {result['engine_s']:.2f}; "
                    f"CPU {result['startup_cpu_s']:.1f} s, load avg {result['load_average']})  "
                    f"question p50 {result['handle_p50_ms']:5.2f} ms p99 {result['handle_p99_ms']:6.2f} ms  "
                    f"resolve p99 {result['resolve_p99_ms']} ms  named right "
                    f"{result['named_resolved_right']}/{result['named']}  peak RSS {result['rss_peak_mb']} MB"
                )
            rows.append(row)
    return rows


def verdicts(rows: list[dict[str, Any]]) -> dict[str, bool]:
    """The issue-6 bars, checked on the largest size."""
    big = max(rows, key=lambda r: r["companies"])
    out: dict[str, bool] = {}
    if "cold" in big:
        out["cold start-up ≤ 20 s"] = big["cold"]["startup_s"] <= BARS["cold_startup_s"]
    if "warm" in big:
        out["warm start-up ≤ 3 s"] = big["warm"]["startup_s"] <= BARS["warm_startup_s"]
        out["≤ 20 ms per question (p50 and p99, warm)"] = big["warm"]["handle_p99_ms"] <= BARS["question_ms"]
    if "cold" in big:
        out["≤ 20 ms per question (p50 and p99, after a cold start)"] = (
            big["cold"]["handle_p99_ms"] <= BARS["question_ms"]
        )
    peaks = [
        max(run["rss_peak_mb"], run["rss_build_workers_mb"])
        for run in (big.get("cold"), big.get("warm"))
        if run
    ]
    if peaks:
        out[f"peak RSS ≤ {BARS['rss_mb']:.0f} MB"] = max(peaks) <= BARS["rss_mb"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--questions", type=int, default=400, help="questions per run")
    parser.add_argument("--quick", action="store_true", help="fewer questions, no single-core build at 1,000")
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--child", choices=("cold", "warm", "nocache"), help=argparse.SUPPRESS)
    parser.add_argument("--knowledge", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--spawned-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        args.mode = args.child
        print(json.dumps(child(args)))
        return 0
    sizes = tuple(int(s) for s in args.sizes.split(","))
    questions = 160 if args.quick and args.questions == 400 else args.questions
    rows = measure(sizes, questions, nocache_max=100 if args.quick else 1000)
    for bar, ok in verdicts(rows).items():
        print(f"{bar}: {'met' if ok else 'NOT met'}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
