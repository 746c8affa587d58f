"""Settings from the environment, read and validated once at start."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
CHECKOUT = PACKAGE_ROOT.parent  # the repository, when running from a checkout (pip install -e, make)
INSTALLED_KNOWLEDGE = Path(sys.prefix) / "share" / "integritetsbot" / "knowledge"  # pip install .


def _from_checkout() -> bool:
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "knowledge").is_dir()


def data_home() -> Path:
    """Where the bot keeps its files when no setting says otherwise, whatever the working directory:
    the checkout's var/ (make, pip install -e), else $XDG_DATA_HOME/integritetsbot (~/.local/share/…)."""
    if _from_checkout():
        return CHECKOUT / "var"
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".local" / "share") / "integritetsbot"


BUNDLED_KNOWLEDGE = CHECKOUT / "knowledge" if _from_checkout() else INSTALLED_KNOWLEDGE
DEFAULT_DATABASE_URL = f"sqlite:///{data_home() / 'integritetsbot.db'}"
DEFAULT_INDEX_CACHE_DIR = data_home() / "index-cache"
DEFAULT_SPOOL_DIR = data_home() / "spool"  # rights requests kept while the database is away


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names it."""


def default_knowledge_dir() -> Path:
    """The bundled policies: the checkout's knowledge/, or the copy `pip install .` put in share/."""
    return BUNDLED_KNOWLEDGE


def parse_bindings(raw: str) -> dict[str, str]:
    """'C123=acme, C456=lumo' → {'C123': 'acme', 'C456': 'lumo'}."""
    bindings: dict[str, str] = {}
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if "=" not in part and ":" not in part:
            raise ConfigError(f"CHANNEL_COMPANIES entry {part!r} is not CHANNEL=company")
        channel, company = (x.strip() for x in part.replace(":", "=", 1).split("=", 1))
        if not channel or not company:
            raise ConfigError(f"CHANNEL_COMPANIES entry {part!r} is not CHANNEL=company")
        bindings[channel] = company
    return bindings


def parse_cache_dir(raw: str | None) -> Path | None:
    """INDEX_CACHE_DIR: a folder, or 'off' to build every index at start-up; unset → var/index-cache."""
    if raw is None:
        return DEFAULT_INDEX_CACHE_DIR
    return None if raw.lower() in ("off", "none", "0", "false") else Path(raw)


def available_cores() -> int:
    """The cores this process may run on (a container's CPU set, where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS has no affinity call
        return max(1, os.cpu_count() or 1)


def parse_embedding_threads(raw: str | None) -> int:
    """EMBEDDING_THREADS: threads of one sentence embedding, 1–64; unset → two, or one on a one-core host.
    The vectors are the same at any count; two are measured fastest on two cores (more only contend)."""
    if raw is None or not raw.strip():
        return min(2, available_cores())
    return parse_whole_number("EMBEDDING_THREADS", raw.strip(), low=1, high=64)


def parse_whole_number(name: str, raw: str, low: int = 0, high: int | None = None) -> int:
    """A whole-number setting within [low, high]; a ConfigError naming the setting otherwise."""
    try:
        number = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if number < low or (high is not None and number > high):
        span = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise ConfigError(f"{name} must be a whole number {span}, not {raw!r}")
    return number


def parse_digest_hour(raw: str | None) -> int | None:
    """DIGEST_HOUR: the Stockholm hour (0–23) of the daily digest, or 'off'; unset → 8."""
    if raw is None:
        return 8
    if raw.lower() in ("off", "none", "false", "no"):
        return None
    try:
        hour = int(raw)
    except ValueError:
        raise ConfigError(f"DIGEST_HOUR must be an hour from 0 to 23 or 'off', not {raw!r}") from None
    if not 0 <= hour <= 23:
        raise ConfigError(f"DIGEST_HOUR must be an hour from 0 to 23 or 'off', not {raw!r}")
    return hour


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def parse_log_level(raw: str | None) -> str:
    """LOG_LEVEL: one of LOG_LEVELS, in any case; unset → INFO."""
    level = (raw or "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {raw!r}")
    return level


def parse_flag(name: str, raw: str | None) -> bool:
    """A yes/no setting: 1/true/yes/on or 0/false/no/off (unset: no)."""
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def parse_id_list(raw: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in raw.replace(";", ",").replace(" ", ",").split(",") if x.strip())


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    knowledge_dir: Path = field(default_factory=default_knowledge_dir)
    index_cache_dir: Path | None = DEFAULT_INDEX_CACHE_DIR  # None: build every index at start-up
    spool_dir: Path | None = None  # where requests wait while the database is away (None: answer 500 then)
    channel_companies: dict[str, str] = field(default_factory=dict)
    privacy_channel: str | None = None
    privacy_team_users: tuple[str, ...] = ()
    privacy_team_groups: tuple[str, ...] = ()
    marketing_target_days: int = 7
    eves_off: bool = False  # midsommarafton, julafton, nyårsafton count as non-working days for deadlines
    due_soon_days: int = 5
    gaps_keep_days: int = 90  # days the questions the policies couldn't answer are kept (0: not kept)
    digest_hour: int | None = 8  # None: no daily digest (DIGEST_HOUR=off)
    port: int = 3000
    log_level: str = "INFO"
    # checked here so that `serve` refuses a bad value at start; the embedder reads the same variable
    # through the same parser when it loads (`bot.learn.embeddings`), in every command
    embedding_threads: int = field(default_factory=lambda: parse_embedding_threads(None))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        def get_int(name: str, default: int, low: int = 0, high: int | None = None) -> int:
            value = get(name)
            return default if value is None else parse_whole_number(name, value, low, high)

        team = parse_id_list(env.get("PRIVACY_TEAM", ""))
        return cls(
            slack_bot_token=get("SLACK_BOT_TOKEN"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=get("SLACK_APP_TOKEN"),
            slack_api_url=get("SLACK_API_URL"),
            database_url=get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            knowledge_dir=Path(get("KNOWLEDGE_DIR") or default_knowledge_dir()),
            index_cache_dir=parse_cache_dir(get("INDEX_CACHE_DIR")),
            spool_dir=None
            if (get("SPOOL_DIR") or "").lower() == "off"
            else Path(get("SPOOL_DIR") or DEFAULT_SPOOL_DIR),
            channel_companies=parse_bindings(env.get("CHANNEL_COMPANIES", "")),
            privacy_channel=get("PRIVACY_CHANNEL"),
            privacy_team_users=tuple(x for x in team if not x.startswith("S")),
            privacy_team_groups=tuple(x for x in team if x.startswith("S")),
            marketing_target_days=get_int("MARKETING_TARGET_DAYS", 7, low=1),
            eves_off=parse_flag("DEADLINE_EVES_OFF", get("DEADLINE_EVES_OFF")),
            due_soon_days=get_int("DUE_SOON_DAYS", 5),
            gaps_keep_days=get_int("GAPS_RETENTION_DAYS", 90),
            digest_hour=parse_digest_hour(get("DIGEST_HOUR")),
            port=get_int("PORT", 3000, low=1, high=65535),
            log_level=parse_log_level(get("LOG_LEVEL")),
            embedding_threads=parse_embedding_threads(get("EMBEDDING_THREADS")),
        )

    def missing_for_http(self) -> list[str]:
        """Names of the settings that serving Slack over HTTP needs but lacks."""
        return [
            name
            for name, value in (
                ("SLACK_BOT_TOKEN", self.slack_bot_token),
                ("SLACK_SIGNING_SECRET", self.slack_signing_secret),
            )
            if not value
        ]

    def missing_for_socket(self) -> list[str]:
        return [
            name
            for name, value in (
                ("SLACK_BOT_TOKEN", self.slack_bot_token),
                ("SLACK_APP_TOKEN", self.slack_app_token),
            )
            if not value
        ]
