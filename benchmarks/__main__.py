"""Run every benchmark and write results.json, results.md (the README's tables) and the latency plot.

    .venv/bin/python -m benchmarks                        # all: scale, http, tickets (a few minutes)
    .venv/bin/python -m benchmarks --quick                # shorter runs, same tables (about a minute)
    .venv/bin/python -m benchmarks --only scale,tickets   # choose suites (scale | http | tickets)
    .venv/bin/python -m benchmarks --start-postgres       # start the loopback PostgreSQL for tickets

Suites:
- scale: retrieval at 5 / 100 / 1,000 companies (benchmarks/scale.py): start-up cold, warm and on one
  core, ms per question, company resolution, peak RSS;
- http: signed Slack events at 200/s against `python -m bot serve`, then the maximum sustained rate
  (benchmarks/http_load.py);
- tickets: time to record a rights request on SQLite and PostgreSQL (benchmarks/tickets_speed.py;
  PostgreSQL from --postgres, $TEST_POSTGRES_URL, or --start-postgres).

Output goes to benchmarks/results/ (or --out). Everything runs on loopback in temporary folders.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUITES = ("scale", "http", "tickets")
DEFAULT_OUT = ROOT / "benchmarks" / "results"


def start_postgres() -> str | None:
    """Start the throw-away PostgreSQL of the test suite (scripts/test-postgres.sh); its URL."""
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "test-postgres.sh")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("export TEST_POSTGRES_URL="):
            return shlex.split(line.removeprefix("export TEST_POSTGRES_URL="))[0]
    print(f"PostgreSQL could not be started: {done.stderr.strip()[-500:]}", file=sys.stderr)
    return None


def run_scale(args: argparse.Namespace) -> list[dict[str, Any]]:
    from benchmarks import scale

    sizes = tuple(int(s) for s in args.sizes.split(","))
    questions = 160 if args.quick else 400
    return scale.measure(sizes, questions, nocache_max=100 if args.quick else max(sizes))


def run_http(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks import http_load

    options = ["--rate", "200", "--json", os.devnull]
    if args.quick:
        options += ["--seconds", "5", "--probe-step", "200", "--probe-seconds", "3", "--pause", "1"]
        options += ["--probe-max", "800", "--drain", "15"]
    else:
        options += ["--seconds", "10", "--probe-step", "100", "--probe-seconds", "5", "--pause", "2"]
        options += ["--probe-max", "1000"]
    return http_load.measure(options)


def run_tickets(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks import tickets_speed

    requests = 100 if args.quick else 300
    results: dict[str, Any] = {"sqlite": tickets_speed.run_sqlite(requests)}
    url = args.postgres or os.environ.get("TEST_POSTGRES_URL")
    if not url and args.start_postgres:
        url = start_postgres()
    if url:
        results["postgresql"] = tickets_speed.run_postgres(url, requests)
    for backend, f in results.items():
        print(f"  {backend:<11} new request p50 {f['new_p50_ms']:6.2f} ms  p99 {f['new_p99_ms']:6.2f} ms")
    return results


def bars(results: dict[str, Any]) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    if "scale" in results:
        from benchmarks.scale import verdicts

        out.update(verdicts(results["scale"]))
    if "http" in results:
        out["ack p99 ≤ 50 ms at 200 events/s"] = bool(results["http"].get("passed"))
    if "tickets" in results:
        from benchmarks.tickets_speed import BAR_MS

        out[f"recording a request ≤ {BAR_MS:.0f} ms on SQLite (p99)"] = (
            results["tickets"]["sqlite"]["new_p99_ms"] <= BAR_MS
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="shorter runs (about a minute)")
    parser.add_argument("--only", default=",".join(SUITES), help="comma-separated suites to run")
    parser.add_argument("--skip", default="", help="comma-separated suites to leave out")
    parser.add_argument("--sizes", default="5,100,1000", help="company counts for the scale suite")
    parser.add_argument("--postgres", metavar="URL", help="PostgreSQL for the tickets suite")
    parser.add_argument("--start-postgres", action="store_true", help="start the test PostgreSQL if needed")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where results go")
    args = parser.parse_args(argv)
    chosen = [s for s in args.only.split(",") if s and s not in args.skip.split(",")]
    unknown = set(chosen) - set(SUITES)
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(sorted(unknown))} (known: {', '.join(SUITES)})")

    started = time.perf_counter()
    load = os.getloadavg()
    results: dict[str, Any] = {}
    runners = {"scale": run_scale, "http": run_http, "tickets": run_tickets}
    for suite in SUITES:
        if suite in chosen:
            print(f"== {suite}", flush=True)
            results[suite] = runners[suite](args)
    results["bars"] = bars(results)
    command = "python -m benchmarks" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    results["meta"] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}",
        "command": command,
        "mode": "quick" if args.quick else "full",
        "seconds": round(time.perf_counter() - started, 1),
        "load_average": " / ".join(f"{v:.2f}" for v in load),
    }

    from benchmarks.report import PLOT_NAME, markdown, plot

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    if "scale" in results:
        plot(results["scale"], args.out / PLOT_NAME)
    (args.out / "results.md").write_text(markdown(results) + "\n")
    print("== bars")
    for bar, ok in results["bars"].items():
        print(f"  {bar}: {'met' if ok else 'NOT met'}")
    print(f"results: {args.out / 'results.json'}, {args.out / 'results.md'}", end="")
    print(f", {args.out / PLOT_NAME}" if "scale" in results else "")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
