"""Set-up without friction: fixed places for the bot's files, one process to run, the policies shipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import config

ROOT = Path(__file__).resolve().parent.parent


def test_from_a_checkout_the_files_live_in_its_var_folder_whatever_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "knowledge").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(config, "CHECKOUT", checkout)
    monkeypatch.chdir(tmp_path)  # another working directory changes nothing
    assert config.data_home() == checkout / "var"


def test_installed_the_files_live_in_the_users_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "CHECKOUT", tmp_path / "site-packages")  # no pyproject.toml, no knowledge
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert config.data_home() == tmp_path / "data" / "integritetsbot"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert config.data_home() == tmp_path / "home" / ".local" / "share" / "integritetsbot"


def test_the_default_database_is_an_absolute_path() -> None:
    assert config.DEFAULT_DATABASE_URL.startswith("sqlite:////")
    assert config.DEFAULT_INDEX_CACHE_DIR.is_absolute()


def test_the_procfile_starts_one_process_that_works_with_the_documented_settings() -> None:
    lines = [line for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines == ["web: python -m bot serve"]


def test_pip_install_ships_the_bundled_policies() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"share/integritetsbot/knowledge" = ["knowledge/*.txt", "knowledge/*.md"]' in text
    assert config.INSTALLED_KNOWLEDGE.parts[-3:] == ("share", "integritetsbot", "knowledge")
