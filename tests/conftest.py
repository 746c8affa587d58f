"""Shared fixtures: the bundled knowledge base, loaded once per test session."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from bot.pipeline import Engine
from bot.retrieval.loader import KnowledgeBase, load_knowledge

# Property tests: no example database written into the checkout, no per-example time limit (a busy
# machine is slower, never wrong), and the same examples on every run.
settings.register_profile("suite", database=None, deadline=None, derandomize=True)
settings.load_profile("suite")
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="integritetsbot-hypothesis-")  # its caches, outside the checkout
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)
# clause embeddings of the test policies go to a cache of this run (subprocesses inherit it), not the user's
_CACHE_HOME = tempfile.mkdtemp(prefix="integritetsbot-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
atexit.register(shutil.rmtree, _CACHE_HOME, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)
