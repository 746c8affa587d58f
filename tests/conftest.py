"""Shared fixtures: the bundled knowledge base, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

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
