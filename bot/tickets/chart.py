"""The month in a picture: requests received per week by right, and closed on time against late.

Drawn with matplotlib (headless "Agg" backend) into PNG bytes; the same tickets give the same picture
(no timestamp in the file).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from bot.models import CLOSED_STATUSES, Ticket
from bot.tickets.deadlines import local_date
from bot.tickets.stats import closed_on_time

WIDTH_IN, HEIGHT_IN, DPI = 9.0, 6.0, 100  # 900 × 600 pixels


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_between(first: date, last: date) -> list[date]:
    """The Mondays of the weeks from ``first`` to ``last`` (inclusive)."""
    weeks, monday = [], week_start(first)
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def render(tickets: Sequence[Ticket], first: date, last: date, title: str) -> bytes:
    """A PNG: received per week by right (stacked bars), and per week of closing, on time against late."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    requests = [t for t in tickets if t.status != "not_a_request" and first <= t.receipt_date <= last]
    weeks = weeks_between(first, last)
    labels = [f"v{w.isocalendar().week}\n{w.strftime('%d %b')}" for w in weeks]
    by_right: dict[str, Counter[date]] = {}
    for ticket in requests:
        by_right.setdefault(ticket.right, Counter())[week_start(ticket.receipt_date)] += 1
    closed = [
        t
        for t in tickets
        if t.status in CLOSED_STATUSES
        and t.status != "not_a_request"
        and t.closed_at is not None
        and first <= local_date(t.closed_at) <= last
    ]
    on_time, late = Counter[date](), Counter[date]()
    for ticket in closed:
        assert ticket.closed_at is not None
        (on_time if closed_on_time(ticket) else late)[week_start(local_date(ticket.closed_at))] += 1

    figure, (top, bottom) = plt.subplots(2, 1, figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, sharex=True)
    positions = list(range(len(weeks)))
    base = [0] * len(weeks)
    for right, counts in sorted(by_right.items()):
        values = [counts[w] for w in weeks]
        top.bar(positions, values, bottom=base, label=right.replace("_", " "))
        base = [b + v for b, v in zip(base, values, strict=True)]
    top.set_title(title)
    top.set_ylabel("requests received")
    if by_right:
        top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    bottom.bar(positions, [on_time[w] for w in weeks], label="closed on time", color="#2e7d32")
    bottom.bar(
        positions,
        [late[w] for w in weeks],
        bottom=[on_time[w] for w in weeks],
        label="closed late",
        color="#c62828",
    )
    bottom.set_ylabel("requests closed")
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    bottom.set_xticks(positions, labels)
    for axis in (top, bottom):
        axis.yaxis.get_major_locator().set_params(integer=True)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    plt.close(figure)
    return out.getvalue()
