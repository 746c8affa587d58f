"""Clause embeddings are computed once per policy content, kept on disk, and never block words-only answers."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from bot.learn.embeddings import DIM
from bot.pipeline import Engine
from bot.retrieval.loader import KnowledgeBase, Policy, load_knowledge
from bot.retrieval.vectors import BUNDLED, Semantics, VectorStore, vector_key

POLICY = """---
name: Acme AB
aliases: Acme
language: sv
---
Integritetspolicy

Cookies
Vi använder kakor (cookies) för att webbplatsen ska fungera.

Hur länge sparar vi dina uppgifter
Kunduppgifter sparas så länge du är kund hos oss och därefter i högst 24 månader. Fakturor sparas i
sju år enligt bokföringslagen.
"""


class CountingEmbedder:
    """Stands in for the model: a fixed vector per text, and a count of the passages embedded."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.passages = 0
        self.gate = gate

    def load(self) -> None:
        """Nothing to load: the vectors are made up."""

    def embed(self, text: str, query: bool = True) -> tuple[float, ...]:
        if not query:
            if self.gate is not None:
                self.gate.wait()
            self.passages += 1
        rng = np.random.default_rng(sum(text.encode()))
        vector = rng.standard_normal(DIM)
        return tuple(float(x) for x in vector / np.linalg.norm(vector))


def _policy(folder: Path, text: str = POLICY) -> Policy:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "acme.md").write_text(text, encoding="utf-8")
    return load_knowledge(folder).policies["acme"]


def test_vectors_are_computed_once_and_read_back_from_the_cache_folder(tmp_path: Path) -> None:
    policy = _policy(tmp_path / "kb")
    embedder = CountingEmbedder()
    store = VectorStore(tmp_path / "cache", bundled=None)
    first = store.get(policy, embedder)  # type: ignore[arg-type]
    assert first.whole.shape == (len(policy.clauses), DIM)
    embedded = embedder.passages
    assert embedded >= len(policy.clauses)  # each clause, and the sentences of longer ones
    again = VectorStore(tmp_path / "cache", bundled=None).get(policy, embedder)  # type: ignore[arg-type]
    assert embedder.passages == embedded  # nothing embedded the second time
    assert np.array_equal(first.whole, again.whole)  # the same values, computed or read
    assert np.array_equal(first.sentences, again.sentences) and np.array_equal(first.owner, again.owner)


def test_a_changed_policy_gets_new_vectors_and_the_old_file_is_removed(tmp_path: Path) -> None:
    store = VectorStore(tmp_path / "cache", bundled=None)
    embedder = CountingEmbedder()
    old = _policy(tmp_path / "kb")
    store.get(old, embedder)  # type: ignore[arg-type]
    embedded = embedder.passages
    new = _policy(tmp_path / "kb", POLICY.replace("24 månader", "12 månader"))
    assert vector_key(new) != vector_key(old)
    store.get(new, embedder)  # type: ignore[arg-type]
    assert embedder.passages == 2 * embedded
    assert [p.stem for p in (tmp_path / "cache").glob("*.npz")] == [vector_key(new)]


def test_an_unreadable_vector_file_is_recomputed(tmp_path: Path) -> None:
    policy = _policy(tmp_path / "kb")
    store = VectorStore(tmp_path / "cache", bundled=None)
    embedder = CountingEmbedder()
    store.get(policy, embedder)  # type: ignore[arg-type]
    embedded = embedder.passages
    next((tmp_path / "cache").glob("*.npz")).write_bytes(b"not a numpy file")
    assert store.load(policy) is None
    store.get(policy, embedder)  # type: ignore[arg-type]
    assert embedder.passages == 2 * embedded


def test_the_bundled_policies_ship_their_vectors(kb: KnowledgeBase) -> None:
    store = VectorStore(None)
    for policy in kb.policies.values():
        assert store.has(policy), f"{policy.slug}: run `python -m bot train` after changing knowledge/"
    assert sorted(path.suffix for path in BUNDLED.iterdir()) == [".npz"] * len(kb.policies)


def test_in_the_background_a_policy_is_answered_on_words_until_its_vectors_are_ready(tmp_path: Path) -> None:
    policy = _policy(tmp_path / "kb")
    gate = threading.Event()
    semantics = Semantics(
        VectorStore(tmp_path / "cache", bundled=None), CountingEmbedder(gate), background=True
    )  # type: ignore[arg-type]
    semantics.warm([policy])
    assert semantics.clause_vectors(policy) is None  # still being computed: words-only meanwhile
    assert semantics.pending() == 1
    gate.set()
    for _ in range(600):  # a plain sleep, not a timed wait: a faked clock (faketime) can stall those
        if semantics.pending() == 0:
            break
        time.sleep(0.05)
    vectors = semantics.clause_vectors(policy)
    assert vectors is not None and vectors.whole.shape == (len(policy.clauses), DIM)


def test_without_the_embedding_model_answers_still_come_from_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _policy(tmp_path / "kb")

    class Broken:
        def load(self) -> None:
            raise OSError("no model here")

        def embed(self, text: str, query: bool = True) -> tuple[float, ...]:
            raise OSError("no model here")

    engine = Engine.load(tmp_path / "kb", embeddings="sync")
    assert engine.semantics is not None
    monkeypatch.setattr(engine.semantics, "_embedder", Broken())
    engine.warm()  # what a server does before it listens: no crash without the model
    result = engine.handle("hur länge sparar ni kunduppgifter?", company="acme")
    assert result.answered and "24 månader" in result.hits[0].text
