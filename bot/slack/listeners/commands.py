"""`/privacy`: acked at once, answered ephemerally through the response_url afterwards."""

from __future__ import annotations

import logging
import time
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.companies import find_company
from bot.slack import blocks, constants, tickets
from bot.slack.answering import answer, company_names, policy_summary, user_language
from bot.slack.bindings import bind, channel_company
from bot.slack.deps import AppDeps, deps_of, understand
from bot.slack.retention_blocks import retention_blocks
from bot.slack.texts import st
from bot.slack.tickets.access import actor_for

logger = logging.getLogger(__name__)

HELP_WORDS = {"help": "", "hjälp": "sv", "hjalp": "sv", "?": ""}
COMPANIES_WORDS = {"companies": "en", "företag": "sv", "foretag": "sv", "bolag": "sv"}
USE_WORDS = {"use": "en", "använd": "sv", "anvand": "sv"}
RETENTION_WORDS = {"retention": "en", "lagring": "sv", "lagringstid": "sv", "lagringstider": "sv"}


async def privacy_command(
    ack: AsyncAck,
    command: dict[str, Any],
    context: AsyncBoltContext,
    respond: AsyncRespond,
    client: AsyncWebClient,
) -> None:
    deps = deps_of(context)
    await ack()
    deps.runtime.track_current()
    started = time.perf_counter()
    words = (command.get("text") or "").split()
    first = words[0].lower() if words else ""
    outcome = "question"
    try:
        if first in HELP_WORDS or not words:
            outcome = "help"
            language = HELP_WORDS.get(first) or await user_language(deps, client, command.get("user_id"))
            await _respond(respond, blocks.text_message(st(language, "help")))
        elif first in COMPANIES_WORDS:
            outcome = "companies"
            language = COMPANIES_WORDS[first]
            await _respond(respond, blocks.companies_message(language, policy_summary(deps)))
        elif first in USE_WORDS:
            outcome = "use"
            await _use(deps, client, command, words[1:], USE_WORDS[first], respond)
        elif first in RETENTION_WORDS:
            outcome = "retention"
            await _retention(deps, words[1:], RETENTION_WORDS[first], respond)
        elif await tickets.handle_privacy_subcommand(deps, client, command, words, respond):
            outcome = "tickets"
        else:
            await _question(deps, client, command, words, respond)
        logger.info("command outcome=%s ms=%.0f", outcome, (time.perf_counter() - started) * 1000)
    except Exception as exc:
        logger.error("command outcome=%s failed error=%s", outcome, type(exc).__name__, exc_info=True)
        try:
            await respond(text=st("en", "apology"), response_type="ephemeral", replace_original=False)
        except Exception:
            logger.error("command apology failed", exc_info=True)


async def _respond(respond: AsyncRespond, message: blocks.Message) -> None:
    await respond(
        text=message.text,
        blocks=message.blocks,
        response_type="ephemeral",
        replace_original=False,
        unfurl_links=False,
        unfurl_media=False,
    )


async def _use(
    deps: AppDeps,
    client: AsyncWebClient,
    command: dict[str, Any],
    words: list[str],
    language: str,
    respond: AsyncRespond,
) -> None:
    if not words:
        await _respond(respond, blocks.text_message(st(language, "use_usage")))
        return
    name = " ".join(words)
    slug = find_company(name, deps.engine.kb.policies.values())
    names = company_names(deps)
    if slug is None:
        text = st(language, "unknown_company", name=blocks.neutralise(name), names=", ".join(names.values()))
        await _respond(respond, blocks.text_message(text))
        return
    fixed = deps.settings.channel_companies.get(command["channel_id"])
    if fixed and fixed != slug:
        # a binding in CHANNEL_COMPANIES decides where rights requests are filed: the team's to change
        actor = await actor_for(deps, client, command.get("user_id", ""))
        if not actor.team:
            logger.warning("channel=%s rebind refused user=%s", command["channel_id"], command.get("user_id"))
            text = st(language, "bound_fixed", company=names.get(fixed, fixed))
            await _respond(respond, blocks.text_message(text))
            return
    await bind(deps, command["channel_id"], slug, command.get("user_id", ""))
    logger.info("channel=%s bound company=%s", command["channel_id"], slug)
    await _respond(respond, blocks.text_message(st(language, "bound", company=names[slug])))


async def _retention(deps: AppDeps, words: list[str], language: str, respond: AsyncRespond) -> None:
    slug = find_company(" ".join(words), deps.engine.kb.policies.values()) if words else None
    if slug is None:
        await _respond(respond, blocks.text_message(st(language, "retention_usage")))
        return
    policy = deps.engine.kb.policies[slug]
    rules = deps.engine.retention.get(slug, [])
    built = retention_blocks(policy, rules, language)
    text = st(language, "retention_lead", company=policy.name)
    await _respond(respond, blocks.Message(text, blocks.cap_blocks(list(built))))


async def _question(
    deps: AppDeps, client: AsyncWebClient, command: dict[str, Any], words: list[str], respond: AsyncRespond
) -> None:
    from bot.pipeline import Context

    binding = await channel_company(deps, command.get("channel_id"))
    understanding = await understand(deps, " ".join(words), Context(channel_company=binding))
    if understanding.is_rights_request and await tickets.handle_privacy_subcommand(
        deps, client, command, ["request", *words], respond
    ):
        return  # a rights request through /privacy becomes a ticket (never an ephemeral-only answer)
    result = await answer(deps, understanding)
    message = blocks.reply_for(result, company_names(deps), question=understanding.text, share=True)
    await _respond(respond, message)


def register(app: AsyncApp) -> None:
    app.command(constants.SLASH_COMMAND)(privacy_command)
