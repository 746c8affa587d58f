"""Set-up without friction: fixed places for the bot's files, one process to run, the policies shipped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
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


def test_the_wheel_installed_in_a_fresh_venv_answers_a_question_from_another_folder(tmp_path: Path) -> None:
    """`pip install .` ships the policies, the models and the bundled vectors: the installed bot answers
    with no checkout in sight. (The fresh venv borrows this interpreter's dependencies, not the project.)"""
    source = tmp_path / "source"
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", str(source), "--no-deps", "-w", str(tmp_path / "wheels")], check=True)
    [wheel] = (tmp_path / "wheels").glob("integritetsbot-*.whl")
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # dependencies from this interpreter; a .pth line adds the folder without running its .pth files,
    # so this checkout's editable install does not come along
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([*pip, "install", "--no-deps", "--prefix", str(env_dir), str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run_env = {**os.environ, "HOME": str(tmp_path / "home"), "PYTHONPATH": ""}
    run_env.pop("XDG_DATA_HOME", None)
    run_env.pop("XDG_CACHE_HOME", None)
    where = subprocess.run(
        [str(python), "-c", "import bot; print(bot.__file__)"],
        cwd=elsewhere,
        env=run_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(env_dir))  # the installed copy, not the checkout
    asked = subprocess.run(
        [str(python), "-m", "bot", "ask", "Hur länge sparar Xledger kunddata?", "--json"],
        cwd=elsewhere,
        env=run_env,
        capture_output=True,
        text=True,
    )
    assert asked.returncode == 0, asked.stderr[-2000:]
    answer = json.loads(asked.stdout)
    assert answer["company"] == "xledger" and answer["answered"] is True
    assert answer["hits"] and "Xledger" in answer["hits"][0]["text"]  # quoted from the shipped policy
