"""The privacy team's month: last month's figures and chart in the privacy channel on the first working
day of each month (once across processes), and this month's figures and the open gaps on App Home."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.gaps import store as gap_store
from bot.slack.deps import AppDeps
from bot.slack.tickets.texts import TEAM_LANGUAGE, format_date, t
from bot.tickets import service
from bot.tickets.access import Actor
from bot.tickets.chart import render
from bot.tickets.digest import claim_report, first_working_day_of_month, previous_month
from bot.tickets.stats import ticket_stats

log = logging.getLogger(__name__)

GAPS_WEEK = 7  # days of gaps in the weekly summary
HOME_GAPS = 5  # groups of gaps shown on App Home


def figures_text(figures: dict[str, Any], language: str = TEAM_LANGUAGE) -> str:
    rate = figures["closed_on_time_rate"]
    median = figures["median_days_to_close"]
    return t(
        language,
        "stats_line",
        received=figures["received"],
        open=figures["open"],
        closed=figures["closed"],
        overdue=figures["overdue"],
        on_time="–" if rate is None else f"{rate:.0%}",
        median="–" if median is None else f"{median:g}",
    )


def month_name(day: date, language: str = TEAM_LANGUAGE) -> str:
    return format_date(language, day).split(" ", 1)[1]  # "1 March 2026" → "March 2026"


def monthly_report(deps: AppDeps, today: date) -> tuple[str, bytes, str]:
    """Last month's report: the text, the chart (PNG) and the chart's file name."""
    first, next_first = previous_month(today)
    tickets = service.list_tickets(deps.database, Actor.operator())
    result = ticket_stats(tickets, today, since=first, until=next_first)
    lang = TEAM_LANGUAGE
    lines = [t(lang, "report_header", month=month_name(first)), figures_text(result)]
    for right, figures in result["by_right"].items():
        lines.append(f"• {right.replace('_', ' ')}: {figures_text(figures)}")
    title = t(lang, "report_chart_title", month=month_name(first))
    chart = render(tickets, first, next_first - timedelta(days=1), title)
    return "\n".join(lines), chart, f"rights-requests-{first:%Y-%m}.png"


async def post_monthly_report(deps: AppDeps, client: AsyncWebClient, today: date) -> bool:
    """On the first working day of a month, post last month's report with its chart (once)."""
    channel = deps.settings.privacy_channel
    if not channel or today != first_working_day_of_month(today, deps.settings.eves_off):
        return False
    period = f"{previous_month(today)[0]:%Y-%m}"
    if not await deps.runtime.in_intake(claim_report, deps.database, period):
        log.info("report period=%s already claimed", period)
        return False
    text, chart, filename = await deps.runtime.in_intake(monthly_report, deps, today)
    # the Web API's current upload flow: files.getUploadURLExternal, the upload, completeUploadExternal
    await client.files_upload_v2(
        channel=channel, content=chart, filename=filename, title=filename, initial_comment=text
    )
    log.info("monthly report posted period=%s bytes=%d", period, len(chart))
    return True


def weekly_gaps_text(deps: AppDeps, today: date) -> str | None:
    """The digest's Monday summary of the questions the policies couldn't answer in the past week."""
    if today.weekday() != 0 or deps.settings.gaps_keep_days <= 0:
        return None
    since = datetime.combine(today - timedelta(days=GAPS_WEEK), datetime.min.time(), UTC)
    groups = gap_store.grouped(deps.database, since)
    if not groups:
        return None
    header = t(TEAM_LANGUAGE, "gaps_week_header", count=sum(g["count"] for g in groups))
    return "\n".join([header, *gap_lines(groups)])


def gap_lines(groups: list[dict[str, Any]], language: str = TEAM_LANGUAGE) -> list[str]:
    """The most frequent groups of unanswered questions, one line each: counts only, never the text."""
    return [
        t(language, "gaps_line", company=g["company"] or "–", topic=g["topic"] or "–", count=g["count"])
        for g in groups[:HOME_GAPS]
    ]


def home_team_blocks(deps: AppDeps, today: date) -> list[dict[str, Any]]:
    """App Home for the team: this month's figures and the most frequent unanswered questions."""
    lang = TEAM_LANGUAGE
    tickets = service.list_tickets(deps.database, Actor.operator())
    month = ticket_stats(tickets, today, since=today.replace(day=1))
    text = f"*{t(lang, 'home_stats_header', month=month_name(today))}*\n{figures_text(month)}"
    out: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    if deps.settings.gaps_keep_days > 0:
        lines = [f"*{t(lang, 'home_gaps_header')}*"]
        lines += gap_lines(gap_store.grouped(deps.database)) or [t(lang, "home_gaps_none")]
        out.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}})
    return out
