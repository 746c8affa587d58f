"""Clause embeddings: one passage vector per clause, kept on disk by the policy's content hash.

Embedding a clause takes 50–300 ms on one core (multilingual-e5-small, ``bot/learn/embeddings.py``), so a
policy's vectors are computed once and stored as one small file per policy, named by its slug and a key
made of the policy's ``content_hash``, the embedding model and how a clause is turned into a passage:

- the bundled knowledge's vectors ship with the package (``bot/retrieval/vectors/``, rebuilt by
  ``python -m bot train``), so the five seed companies answer with embeddings from the first question;
- other policies' vectors go to the cache folder (``INDEX_CACHE_DIR``, beside the indexes);
- a changed policy gets a new key; a file that cannot be read is ignored and recomputed.

Vectors are float16 (half the size; a cosine changes by less than 1e-3).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.learn.embeddings import DIM, Embedder, default_embedder
from bot.retrieval.loader import SEGMENTATION, Clause, Policy

logger = logging.getLogger(__name__)

PASSAGE_CHARS = 600  # a clause is embedded by its heading and opening: the gist, at a bounded cost
SENTENCE_CHARS = 300
MAX_SENTENCES = 8  # per clause: its opening sentences, where a clause says what it is about
MIN_SENTENCE_CHARS = 25  # shorter pieces join the next sentence
PASSAGE_FORMAT = "e5-small-q4/heading+text/600/sentences-8x300"  # changes the key with the recipe
BUNDLED = Path(__file__).resolve().parent / "vectors"
SUFFIX = ".npz"
MEMORY_POLICIES = 128  # policies whose vectors stay in memory (about 0.2 MB each)
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


@dataclass(frozen=True)
class ClauseVectors:
    """A policy's clause embeddings: one for each whole clause (heading and opening) and one for each of
    its sentences (``owner`` says whose), so a question can meet the one sentence that answers it."""

    whole: np.ndarray  # (clauses, DIM) float16
    sentences: np.ndarray  # (sentences, DIM) float16
    owner: np.ndarray  # (sentences,) int32: the clause each sentence belongs to

    def cosines(self, question: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per clause: the cosine of the whole clause and the best cosine of any of its sentences."""
        q = question.astype(np.float32)
        whole = np.asarray((self.whole.astype(np.float32) * q).sum(axis=1), dtype=np.float64)
        best = whole.copy()
        if len(self.owner):
            per_sentence = np.asarray((self.sentences.astype(np.float32) * q).sum(axis=1), dtype=np.float64)
            np.maximum.at(best, self.owner, per_sentence)
        return whole, best


def default_vector_dir() -> Path:
    """Where clause vectors are kept when no index cache folder is set: the user's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "integritetsbot" / "vectors"


def passage_text(clause: Clause) -> str:
    """What is embedded for a whole clause: its section heading, then its text, cut at ``PASSAGE_CHARS``."""
    heading = clause.section_title
    text = f"{heading}: {clause.text}" if heading else clause.text
    return text[:PASSAGE_CHARS]


def sentences(clause: Clause) -> list[str]:
    """The clause's opening sentences (pieces too short to stand alone join the next), each cut at
    ``SENTENCE_CHARS``; none for a one-sentence clause (its whole vector says it)."""
    pieces: list[str] = []
    carry = ""
    for piece in _SENTENCE_END.split(clause.text):
        piece = (carry + " " + piece).strip() if carry else piece.strip()
        if len(piece) < MIN_SENTENCE_CHARS:
            carry = piece
            continue
        carry = ""
        pieces.append(piece[:SENTENCE_CHARS])
    if carry and pieces:
        pieces[-1] = (pieces[-1] + " " + carry)[:SENTENCE_CHARS]
    return pieces[:MAX_SENTENCES] if len(pieces) > 1 else []


def vector_key(policy: Policy) -> str:
    digest = hashlib.sha256(f"{PASSAGE_FORMAT}|{SEGMENTATION}\n{policy.content_hash}".encode()).hexdigest()
    return f"{policy.slug}-{digest[:20]}"


def embed_clauses(clauses: Sequence[Clause], embedder: Embedder) -> ClauseVectors:
    """The unit-length passage vectors of each clause and of its sentences."""
    whole = [embedder.embed(passage_text(c), query=False) for c in clauses]
    rows: list[tuple[float, ...]] = []
    owner: list[int] = []
    for number, clause in enumerate(clauses):
        for sentence in sentences(clause):
            rows.append(embedder.embed(sentence, query=False))
            owner.append(number)
    return ClauseVectors(
        np.asarray(whole, dtype=np.float16).reshape(len(whole), DIM),
        np.asarray(rows, dtype=np.float16).reshape(len(rows), DIM),
        np.asarray(owner, dtype=np.int32),
    )


class VectorStore:
    """Reads a policy's clause vectors from the bundled folder or the cache folder; writes to the latter."""

    def __init__(self, cache_dir: Path | str | None, bundled: Path | None = BUNDLED) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.bundled = bundled

    def load(self, policy: Policy) -> ClauseVectors | None:
        name = vector_key(policy) + SUFFIX
        for folder in (self.bundled, self.cache_dir):
            if folder is None:
                continue
            path = folder / name
            if not path.is_file():
                continue
            try:
                with np.load(path, allow_pickle=False) as data:
                    vectors = ClauseVectors(data["whole"], data["sentences"], data["owner"])
            except (OSError, ValueError, KeyError, EOFError):
                logger.warning("clause vectors unreadable, recomputing: %s", path.name)
                continue
            n = len(policy.clauses)
            if (
                vectors.whole.shape == (n, DIM)
                and vectors.sentences.shape == (len(vectors.owner), DIM)
                and (not len(vectors.owner) or 0 <= int(vectors.owner.min()) <= int(vectors.owner.max()) < n)
            ):
                return ClauseVectors(
                    vectors.whole.astype(np.float16),
                    vectors.sentences.astype(np.float16),
                    vectors.owner.astype(np.int32),
                )
            logger.warning("clause vectors of the wrong shape, recomputing: %s", path.name)
        return None

    def has(self, policy: Policy) -> bool:
        name = vector_key(policy) + SUFFIX
        return any(
            folder is not None and (folder / name).is_file() for folder in (self.bundled, self.cache_dir)
        )

    def save(self, policy: Policy, vectors: ClauseVectors, folder: Path | None = None) -> None:
        """Store atomically (a temporary file renamed into place): a reader never sees half a file."""
        target = folder or self.cache_dir
        if target is None:
            return
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
        final = target / (vector_key(policy) + SUFFIX)
        handle, temporary = tempfile.mkstemp(dir=target, prefix=".vectors-", suffix=SUFFIX)
        try:
            with os.fdopen(handle, "wb") as stream:
                np.savez(stream, whole=vectors.whole, sentences=vectors.sentences, owner=vectors.owner)
            os.replace(temporary, final)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise
        for stale in target.glob(f"{policy.slug}-*{SUFFIX}"):
            if stale != final and stale.stem.rsplit("-", 1)[0] == policy.slug:
                stale.unlink(missing_ok=True)

    def get(self, policy: Policy, embedder: Embedder) -> ClauseVectors:
        """The policy's vectors, computed and stored when no file has them."""
        found = self.load(policy)
        if found is not None:
            return found
        vectors = embed_clauses(policy.clauses, embedder)
        try:
            self.save(policy, vectors)
        except OSError:
            logger.exception("clause vectors not stored (computed again next start)")
        return vectors


class Semantics:
    """The embeddings a search uses: clause vectors per policy and the question's vector.

    ``background=False`` (the CLI, tests, evaluation): a policy's missing vectors are computed on its
    first question, so every answer uses them. ``background=True`` (the server): missing vectors are
    computed by one background thread, policy after policy, while those policies are answered on words
    and concepts alone (the lexical model); a policy switches over once its vectors are complete.
    """

    def __init__(
        self, store: VectorStore, embedder: Embedder | None = None, background: bool = False
    ) -> None:
        self.store = store
        self._embedder = embedder
        self.background = background
        self._vectors: OrderedDict[str, ClauseVectors] = OrderedDict()  # the most recently used policies
        self._failed = False
        self._lock = threading.Lock()
        self._pending: list[Policy] = []
        self._worker: threading.Thread | None = None
        self._own_embedder: Embedder | None = None  # the background thread's model
        self._injected = embedder is not None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    def clause_vectors(self, policy: Policy) -> ClauseVectors | None:
        """The policy's clause vectors, or None while they are not available."""
        key = vector_key(policy)
        with self._lock:
            found = self._vectors.get(key)
            if found is not None:
                self._vectors.move_to_end(key)
                return found
        if self._failed:
            return None
        loaded = self.store.load(policy)
        if loaded is not None:
            self._remember(key, loaded)
            return loaded
        if self.background:
            self._queue(policy)
            return None
        return self._compute(policy)

    def question_vector(self, text: str) -> np.ndarray | None:
        if self._failed:
            return None
        try:
            return np.asarray(self.embedder.embed(text), dtype=np.float32)
        except Exception:  # the model cannot run here: answer on words alone, say so once
            self._fail()
            return None

    def warm(self, policies: Sequence[Policy]) -> None:
        """Load the question encoder, and queue (background) or compute the vectors no file holds;
        stored ones load on first use."""
        try:
            self.embedder.load()
        except Exception:  # the model cannot run here: words alone, said once
            self._fail()
            return
        for policy in policies:
            if not self.store.has(policy):
                self.clause_vectors(policy)

    def _compute(self, policy: Policy, embedder: Embedder | None = None) -> ClauseVectors | None:
        try:
            vectors = self.store.get(policy, embedder or self.embedder)
        except Exception:
            self._fail()
            return None
        self._remember(vector_key(policy), vectors)
        return vectors

    def _remember(self, key: str, vectors: ClauseVectors) -> None:
        """Keep a policy's vectors in memory; beyond ``MEMORY_POLICIES`` the least recently used are
        dropped (read from disk again in a millisecond when asked about)."""
        with self._lock:
            self._vectors[key] = vectors
            self._vectors.move_to_end(key)
            while len(self._vectors) > MEMORY_POLICIES:
                self._vectors.popitem(last=False)

    def _fail(self) -> None:
        if not self._failed:
            logger.exception("sentence embeddings unavailable: answers use words and concepts alone")
        self._failed = True

    def _queue(self, policy: Policy) -> None:
        with self._lock:
            if any(p.slug == policy.slug for p in self._pending):
                return
            self._pending.append(policy)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._drain, name="clause-vectors", daemon=True)
                self._worker.start()

    def _drain(self) -> None:
        # its own model: a question never waits behind a clause being embedded (one core each); a model
        # given to the constructor (a test's stand-in) serves both
        embedder = self._own_embedder or (self._embedder if self._injected else Embedder())
        self._own_embedder = embedder
        while True:
            with self._lock:
                if not self._pending or self._failed:
                    self._pending.clear()
                    return
                policy = self._pending[0]
            self._compute(policy, embedder)
            with self._lock:
                self._pending.pop(0)

    def pending(self) -> int:
        """Policies whose vectors are still being computed in the background."""
        with self._lock:
            return len(self._pending)
