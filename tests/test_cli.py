"""The command-line interfaces other tools rely on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings

ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )


def test_ask_json_lines_answers_each_line_in_order() -> None:
    lines = [
        {"question": "hur länge sparar ni kunddata?", "company": "xledger"},
        {"question": "does Leep sell student data?"},
        {"question": ""},
        {"question": "delete my account and all my data", "company": "leadpilot"},
    ]
    done = run("ask", "--json", stdin="\n".join(json.dumps(x) for x in lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(x) for x in done.stdout.splitlines()]
    assert len(out) == 4
    for item in out:
        assert set(item) == {"language", "company", "intent", "right", "answered", "hits", "reply"}
        assert item["reply"]
    assert out[0]["company"] == "xledger" and out[0]["answered"] and out[0]["language"] == "sv"
    assert out[1]["company"] == "leep" and out[1]["language"] == "en"
    assert out[2]["answered"] is False and out[2]["hits"] == []
    assert (out[3]["intent"], out[3]["right"]) == ("rights_request", "erasure")


def test_ask_reads_knowledge_dir_from_the_environment(tmp_path: Path) -> None:
    (tmp_path / "acme.txt").write_text(
        "Privacy\n\nWe keep your order history for five years after your last purchase.\n", encoding="utf-8"
    )
    import os

    env = {**os.environ, "KNOWLEDGE_DIR": str(tmp_path)}
    done = run("ask", "--json", "how long do you keep my order history?", env=env)
    assert done.returncode == 0, done.stderr
    item = json.loads(done.stdout)
    assert item["company"] == "acme"  # the only company is used
    assert "five years" in item["hits"][0]["text"]


def test_check_knowledge_summarises_each_company() -> None:
    done = run("check-knowledge")
    assert done.returncode == 0, done.stderr
    for slug in ("leading-business", "leadpilot", "leep", "company-003", "xledger"):
        assert slug in done.stdout
    assert "5 companies loaded, 0 file(s) with errors" in done.stdout


def test_check_knowledge_names_the_broken_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Policy\n\nWe keep data for two years.\n", encoding="utf-8")
    (tmp_path / "broken.md").write_text(
        "---\nname: Broken\nnot a key value line\n---\nText.\n", encoding="utf-8"
    )
    done = run("check-knowledge", "--knowledge", str(tmp_path))
    assert done.returncode == 1
    assert "broken.md:3" in done.stdout
    assert "good" in done.stdout


def test_serve_without_tokens_names_the_missing_settings_and_exits_2() -> None:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    done = run("serve", env=env)
    assert done.returncode == 2
    assert "SLACK_BOT_TOKEN" in done.stderr and "SLACK_SIGNING_SECRET" in done.stderr
    assert "Traceback" not in done.stderr


def test_index_cache_setting_defaults_on_and_can_be_turned_off() -> None:
    from bot.config import DEFAULT_INDEX_CACHE_DIR, Settings

    assert Settings.from_env({}).index_cache_dir == DEFAULT_INDEX_CACHE_DIR
    assert Settings.from_env({"INDEX_CACHE_DIR": "off"}).index_cache_dir is None
    assert str(Settings.from_env({"INDEX_CACHE_DIR": "/tmp/x"}).index_cache_dir) == "/tmp/x"


def test_ask_json_answers_a_malformed_line_with_the_usual_keys_and_an_error() -> None:
    done = run("ask", "--json", stdin='{"question": "cookies hos xledger?"}\nnot json\n[1, 2]\n')
    assert done.returncode == 0, done.stderr
    out = [json.loads(x) for x in done.stdout.splitlines()]
    assert len(out) == 3
    assert out[0]["company"] == "xledger" and "error" not in out[0]
    for item in out[1:]:
        assert {"language", "company", "intent", "right", "answered", "hits", "reply", "error"} <= set(item)
        assert item["answered"] is False and item["reply"]


def test_company_names_are_case_insensitive_and_an_unknown_one_is_a_clear_error(tmp_path: Path) -> None:
    answered = run("ask", "--json", "--company", "Xledger", "hur länge sparar ni kunddata?")
    assert answered.returncode == 0 and json.loads(answered.stdout)["company"] == "xledger"
    unknown = run("ask", "--company", "Acme", "cookies?")
    assert (
        unknown.returncode == 2 and "unknown company 'Acme'" in unknown.stderr and "xledger" in unknown.stderr
    )
    assert run("retention", "Xledger").returncode == 0
    chat = run("chat", stdin="/use LEEP\n/quit\n")
    assert "bound to leep" in chat.stdout


def test_ask_and_chat_without_any_policy_exit_non_zero_with_the_reason(tmp_path: Path) -> None:
    for command in (["ask", "cookies?"], ["chat"]):
        done = run(*command, "--knowledge", str(tmp_path), stdin="hej\n")
        assert done.returncode == 2 and "no policy could be loaded" in done.stderr


def test_chat_says_what_it_can_do_in_the_language_asked_and_carries_the_company_over() -> None:
    done = run("chat", stdin="vad kan du göra?\nhur länge sparar Xledger kunddata?\noch cookies?\n")
    assert done.returncode == 0
    turns = done.stdout.split("bot> ")[1:]
    assert (
        turns[0].startswith("Jag svarar på frågor") and "/use" in turns[0] and "Xledger (xledger)" in turns[0]
    )
    assert "Xledgers integritetspolicy" in turns[1]
    assert "Xledgers integritetspolicy" in turns[2]  # the follow-up names no company: still Xledger
    assert "Which company" not in done.stdout and "Vilket företag" not in done.stdout
    english = run("chat", stdin="help\n").stdout.split("bot> ")[1]
    assert english.startswith("I answer questions") and "Ctrl-D" in english


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "70000"),
        ("PORT", "http"),
        ("LOG_LEVEL", "chatty"),
        ("MARKETING_TARGET_DAYS", "0"),
        ("DUE_SOON_DAYS", "-1"),
        ("GAPS_RETENTION_DAYS", "-5"),
        ("DIGEST_HOUR", "25"),
        ("DEADLINE_EVES_OFF", "maybe"),
        ("EMBEDDING_THREADS", "0"),
        ("EMBEDDING_THREADS", "two"),
    ],
)
def test_a_setting_out_of_range_is_refused_by_name(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})


def test_settings_accept_what_the_readme_documents() -> None:
    settings = Settings.from_env(
        {"PORT": "8080", "LOG_LEVEL": "debug", "DIGEST_HOUR": "off", "EMBEDDING_THREADS": "1"}
    )
    assert (settings.port, settings.log_level, settings.digest_hour) == (8080, "DEBUG", None)
    assert settings.embedding_threads == 1
