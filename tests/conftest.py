"""Shared fixtures: the bundled knowledge base, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: no example database written into the checkout, no per-example time limit (a busy
# machine is slower, never wrong), and the same examples on every run.
settings.register_profile("suite", database=None, deadline=None, derandomize=True)
settings.load_profile("suite")

from bot.pipeline import Engine
from bot.retrieval.loader import KnowledgeBase, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)
