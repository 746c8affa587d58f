"""Cost of the intent decision per message, each message new to the process (no embedding cache hits).

    python benchmarks/intent_speed.py [N]

Prints p50/p99 of `classify_intent` over N distinct messages of the training batches, and how many the
screen settled without computing the sentence embedding.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from bot.intent import classify_intent
from bot.intent.model import default_model

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    texts: list[tuple[str, str]] = []
    for path in sorted((ROOT / "data" / "intent").glob("batch_*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            item = json.loads(line)
            texts.append((item["text"], item["lang"]))
    texts = texts[:: max(1, len(texts) // n)][:n]
    model = default_model()
    assert model is not None
    classify_intent("warm up the model files", "en")
    timings, screened = [], 0
    for text, language in texts:
        started = time.perf_counter()
        intent = classify_intent(text, language)
        timings.append((time.perf_counter() - started) * 1000)
        screened += intent.request_probability is not None and intent.request_probability < model.screen_below
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(0.99 * len(timings)))]
    print(f"{len(texts)} distinct messages: p50 {statistics.median(timings):.1f} ms, p99 {p99:.1f} ms")
    print(f"settled by the screen (no embedding): {screened}/{len(texts)}")


if __name__ == "__main__":
    main()
