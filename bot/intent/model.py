"""The trained intent model: probability that a message is a rights request, which rights, whether relayed.

The weights live in ``model.json`` beside this file, rebuilt by ``python -m bot train``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.learn.logistic import Scorer

MODEL_PATH = Path(__file__).resolve().parent / "model.json"
FORMAT = 1


@dataclass(frozen=True)
class IntentModel:
    """Two stages: a screen over words and cues alone settles the clear questions at once; the rest
    are scored with the sentence embedding too (the embedding costs a few milliseconds)."""

    request: Scorer  # one label, "request": words, cues and the embedding
    rights: Scorer  # the rights, plus "relayed"
    low: float  # below: a question; from here up to `high`: ask whether to log a request
    high: float  # from here: a rights request
    screen: Scorer | None = None  # one label, "request": words and cues only
    screen_below: float = 0.0  # a screen probability below this is a question, without the embedding

    @property
    def uses_embedding(self) -> bool:
        return self.request.uses_vector or self.rights.uses_vector

    def request_probability(self, names: Sequence[str], vector: Sequence[float] | None = None) -> float:
        return self.request.probabilities(names, vector)["request"]

    def screen_probability(self, names: Sequence[str]) -> float | None:
        """The screen's probability when it settles the message as a question, else None."""
        if self.screen is None:
            return None
        p = self.screen.probabilities(names)["request"]
        return p if p < self.screen_below else None

    def right_probabilities(
        self, names: Sequence[str], vector: Sequence[float] | None = None
    ) -> dict[str, float]:
        return self.rights.probabilities(names, vector)

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "low": self.low,
            "high": self.high,
            "request": self.request.to_json(),
            "rights": self.rights.to_json(),
            "screen": None if self.screen is None else self.screen.to_json(),
            "screen_below": self.screen_below,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> IntentModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"intent model format {data.get('format')!r}, expected {FORMAT}")
        return cls(
            Scorer.from_json(data["request"]),  # type: ignore[arg-type]
            Scorer.from_json(data["rights"]),  # type: ignore[arg-type]
            float(data["low"]),  # type: ignore[arg-type]
            float(data["high"]),  # type: ignore[arg-type]
            Scorer.from_json(data["screen"]) if data.get("screen") else None,  # type: ignore[arg-type]
            float(data.get("screen_below") or 0.0),  # type: ignore[arg-type]
        )


def load_model(path: Path = MODEL_PATH) -> IntentModel | None:
    """The model at ``path``, or None when there is none (the rules then decide alone)."""
    try:
        return IntentModel.from_json(json.loads(path.read_text("utf-8")))
    except FileNotFoundError:
        return None


_default: list[IntentModel | None] = []  # loaded once per process
_default_lock = threading.Lock()


def default_model() -> IntentModel | None:
    """The bundled model, parsed on first use by one thread only: the file is large, and parsing it
    holds the interpreter for most of a second (a server loads it before it listens: ``Engine.warm``)."""
    with _default_lock:
        if not _default:
            _default.append(load_model())
        return _default[0]
