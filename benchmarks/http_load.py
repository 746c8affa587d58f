"""HTTP load: signed Slack events at a fixed rate against the served app; ack latency p50/p99, events/s.

    .venv/bin/python -m benchmarks.http_load                      # 200 events/s for 10 s, then a rate probe
    .venv/bin/python -m benchmarks.http_load --rate 200 --seconds 20 --no-probe
    .venv/bin/python -m benchmarks.http_load --kind dm|mention|mixed|ignored|request

The app runs as `python -m bot serve` in a child process (one core), with SLACK_API_URL pointed at a fake
Slack Web API in this process (tests/e2e/fake_slack.py), a temporary SQLite database and the bundled
knowledge. Requests are sent open-loop (on schedule, not waiting for earlier answers), so a slow ack
shows up as latency instead of lowering the rate. The bar: ack p99 ≤ 50 ms at 200 events/s.
The probe steps the rate up until p99 exceeds the bar or the app can't keep the rate.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e import signing  # noqa: E402
from tests.e2e.fake_slack import FakeSlack  # noqa: E402

BAR_P99_MS = 50.0
# rights requests (--kind request): a burst of 500/s acked with p99 ≤ 1 s, no 5xx, each requester
# confirmed within a minute of the burst
REQUEST_BAR_P99_MS = 1000.0
REQUEST_CONFIRM_SECONDS = 60.0
QUESTIONS = (
    "Hur länge sparar Leep personuppgifter?",
    "How long does Xledger keep customer data?",
    "Delar LeadPilot mina uppgifter med tredje part?",
    "What rights do I have under Leading Business's policy?",
)


@dataclass
class Run:
    rate: float
    seconds: float
    latencies_ms: list[float]
    statuses: dict[int, int]
    elapsed: float
    sent_at: list[float] | None = None  # seconds since the run began, per latency

    def per_second_p99(self) -> list[float]:
        if not self.sent_at:
            return []
        buckets: dict[int, list[float]] = {}
        for at, ms in zip(self.sent_at, self.latencies_ms, strict=True):
            buckets.setdefault(int(at), []).append(ms)
        return [round(sorted(v)[min(len(v) - 1, int(0.99 * len(v)))], 1) for _, v in sorted(buckets.items())]

    @property
    def sent(self) -> int:
        return len(self.latencies_ms)

    def pct(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def achieved(self) -> float:
        return self.sent / self.elapsed if self.elapsed else 0.0

    def to_json(self) -> dict:
        return {
            "rate": self.rate,
            "sent": self.sent,
            "achieved": round(self.achieved, 1),
            "p50_ms": round(self.pct(0.5), 2),
            "p99_ms": round(self.pct(0.99), 2),
            "max_ms": round(max(self.latencies_ms or [0.0]), 2),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
        }

    def line(self) -> str:
        return (
            f"rate {self.rate:>5.0f}/s  sent {self.sent:>5}  achieved {self.achieved:6.1f} ev/s  "
            f"ack p50 {self.pct(0.50):6.1f} ms  p99 {self.pct(0.99):6.1f} ms  max {max(self.latencies_ms or [0]):6.1f} ms  "
            f"mean {statistics.fmean(self.latencies_ms or [0]):5.1f} ms  statuses {dict(self.statuses)}"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_event_kind(kind: str, n: int) -> str:
    return ("mention", "dm", "ignored")[n % 3] if kind == "mixed" else kind


REQUESTS = (
    "Jag vill att ni raderar alla mina personuppgifter.",
    "Please send me a copy of all the personal data you hold about me.",
    "Avregistrera mig från alla era utskick, tack.",
    "I withdraw my consent to the processing of my data.",
)


def make_event(kind: str, n: int) -> dict:
    question = QUESTIONS[n % len(QUESTIONS)]
    kind = make_event_kind(kind, n)
    if kind == "request":  # a rights request from its own user: a ticket each, and a confirmation
        return signing.dm(REQUESTS[n % len(REQUESTS)], user=f"U{n:08d}", channel=f"D{n:08d}")
    if kind == "mention":
        return signing.mention(question, channel=f"C{n % 50:04d}")
    if kind == "dm":
        return signing.dm(question, user=f"U{n % 500:05d}", channel=f"D{n % 500:05d}")
    return signing.channel_message(question, mention_bot=False)  # a channel message the bot ignores


async def wait_healthy(session: aiohttp.ClientSession, url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            async with session.get(url) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit(f"the app did not become healthy at {url}")


async def run_at(
    session: aiohttp.ClientSession, url: str, rate: float, seconds: float, kind: str, counter: itertools.count
) -> Run:
    latencies: list[float] = []
    sent_at: list[float] = []
    statuses: dict[int, int] = {}
    total = int(rate * seconds)
    interval = 1.0 / rate

    async def one(n: int) -> None:
        body = signing.event_body(make_event(kind, n), event_id=f"EvLoad{n:09d}")
        headers = signing.signed_headers(body)
        started = time.perf_counter()
        try:
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
                statuses[response.status] = statuses.get(response.status, 0) + 1
        except aiohttp.ClientError:
            statuses[0] = statuses.get(0, 0) + 1
        latencies.append((time.perf_counter() - started) * 1000)
        sent_at.append(started - begin)

    tasks = []
    begin = time.perf_counter()
    for i in range(total):
        target = begin + i * interval
        delay = target - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(next(counter))))
    await asyncio.gather(*tasks)
    return Run(rate, seconds, latencies, statuses, time.perf_counter() - begin, sent_at)


async def measure_async(args: argparse.Namespace) -> dict:
    """Run the load (and the probe); return the runs and a summary (also printed as it goes)."""
    fake = await FakeSlack().start()
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="http-load-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "SLACK_BOT_TOKEN": "xoxb-load",
        "SLACK_SIGNING_SECRET": signing.SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'load.db'}",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "server.log", "w"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    counter = itertools.count(1)
    results: list[Run] = []
    bar = REQUEST_BAR_P99_MS if args.kind == "request" else BAR_P99_MS
    # what counts as answered: for rights requests the confirmation with its reference (not an apology)
    answer = (lambda call: "DSAR-" in call.text_content()) if args.kind == "request" else None
    summary: dict = {"rate": args.rate, "seconds": args.seconds, "kind": args.kind, "bar_p99_ms": bar}
    try:
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        async with aiohttp.ClientSession(connector=connector) as session:
            await wait_healthy(session, base + "/healthz")
            await run_at(session, base + "/slack/events", 50, 1.0, args.kind, counter)  # warm-up
            await asyncio.sleep(1.0)
            print(f"kind={args.kind}  bar: ack p99 ≤ {bar:.0f} ms at {args.rate:.0f} events/s")
            posted_start = len(fake.calls("chat.postMessage", where=answer))
            first = next(counter)  # the main run's events are numbered from here
            counter = itertools.count(first)
            main = await run_at(session, base + "/slack/events", args.rate, args.seconds, args.kind, counter)
            results.append(main)
            print(main.line())
            if args.verbose:
                print("p99 per second:", main.per_second_p99())
            posted_before = len(fake.calls("chat.postMessage", where=answer))
            drain_started = time.perf_counter()
            answered = ("mention", "dm", "request")  # channel messages without a mention get no answer
            expected = posted_start + sum(
                1 for n in range(first, first + main.sent) if make_event_kind(args.kind, n) in answered
            )
            while (
                time.perf_counter() - drain_started < args.drain
                and len(fake.calls("chat.postMessage", where=answer)) < expected
            ):
                await asyncio.sleep(0.25)
            summary["answers_posted"] = len(fake.calls("chat.postMessage", where=answer))
            summary["answers_expected"] = expected
            drained = time.perf_counter() - drain_started
            passed = main.pct(0.99) <= bar and main.achieved >= 0.95 * args.rate
            if args.kind == "request":
                passed = (
                    passed
                    and set(main.statuses) == {200}
                    and len(fake.calls("chat.postMessage", where=answer)) >= expected
                    and drained <= REQUEST_CONFIRM_SECONDS
                )
            if args.kind == "request":  # each request stored once: one ticket per requester
                await asyncio.sleep(2.0)  # a second confirmation would come now
                per_requester: dict[str, int] = {}
                for call in fake.calls("chat.postMessage", where=answer):
                    channel = str(call.args.get("channel"))
                    per_requester[channel] = per_requester.get(channel, 0) + 1
                summary["confirmed_twice"] = sum(1 for n in per_requester.values() if n > 1)
                print(f"requesters confirmed more than once: {summary['confirmed_twice']}")
                passed = passed and summary["confirmed_twice"] == 0
                summary["tickets"] = count_tickets(env["DATABASE_URL"])
                print(
                    f"tickets stored: {summary['tickets']} (requests sent, warm-up included: {first - 1 + main.sent})"
                )
                passed = passed and summary["tickets"] == first - 1 + main.sent
            summary["passed"] = passed
            summary["drained_seconds"] = round(drained, 1)
            print(
                f"answers posted: {len(fake.calls('chat.postMessage', where=answer))} "
                f"(at end of run {posted_before}; drained in {time.perf_counter() - drain_started:.1f} s)"
            )
            print(
                "verdict:",
                "PASS" if passed else "FAIL",
            )
            if args.probe:
                print(f"probe (rate steps, {args.probe_seconds:.0f} s each):")
                rate = args.rate
                best = None
                while rate <= args.probe_max:
                    await asyncio.sleep(args.pause)
                    run = await run_at(
                        session, base + "/slack/events", rate, args.probe_seconds, args.kind, counter
                    )
                    results.append(run)
                    print("  " + run.line())
                    if run.pct(0.99) > bar or run.achieved < 0.95 * rate or run.statuses.keys() - {200}:
                        break
                    best = rate
                    rate += args.probe_step
                summary["max_sustained_rate"] = best
                summary["probe_ceiling_reached"] = (
                    best is not None and best + args.probe_step > args.probe_max
                )
                print(
                    f"max sustained rate with ack p99 ≤ {bar:.0f} ms: {best or '< ' + str(args.rate)} events/s"
                )
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
        await fake.stop()
    summary["runs"] = [run.to_json() for run in results]
    summary["main"] = summary["runs"][0] if results else None
    summary["probe"] = summary["runs"][1:]
    return summary


def count_tickets(database_url: str) -> int:
    from sqlmodel import func, select

    from bot.db import Database
    from bot.models import Ticket

    database = Database(database_url)
    try:
        with database.session() as session:
            return int(session.exec(select(func.count()).select_from(Ticket)).one())
    finally:
        database.dispose()


async def main_async(args: argparse.Namespace) -> int:
    summary = await measure_async(args)
    if args.json:
        Path(args.json).write_text(json.dumps(summary["runs"], indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=200.0, help="events per second (default 200)")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of the main run")
    parser.add_argument("--kind", choices=("mention", "dm", "mixed", "ignored", "request"), default="mixed")
    parser.add_argument("--drain", type=float, default=30.0, help="seconds to wait for answers after the run")
    parser.add_argument("--probe", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--probe-step", type=float, default=100.0)
    parser.add_argument("--probe-max", type=float, default=1000.0)
    parser.add_argument("--probe-seconds", type=float, default=5.0)
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between probe steps")
    parser.add_argument("--json", metavar="FILE", help="write the runs as JSON")
    parser.add_argument(
        "--database-url",
        help="the served app's DATABASE_URL (default: a new SQLite file); use an empty database",
    )
    parser.add_argument("--verbose", action="store_true", help="also print p99 per second")
    return parser


def measure(argv: list[str] | None = None) -> dict:
    """The load run with command-line style options; returns the summary."""
    return asyncio.run(measure_async(build_parser().parse_args(argv)))


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(main_async(build_parser().parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
