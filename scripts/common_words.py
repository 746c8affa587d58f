"""Write bot/lang/<code>/common_words.txt: the ordinary words of a language (Zipf frequency ≥ 4.0).

    pip install wordfreq && python scripts/common_words.py

wordfreq (Robyn Speer et al., MIT/CC-BY-SA data) is needed only to regenerate the files, never at run time.
The lists tell an ordinary word ("leading", "boost") from a name ("Asklunda", "Kaprifolen"): a one-word
company alias that is an ordinary word counts only when written as a name.
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

MIN_ZIPF = 4.0  # about once per 100,000 words or more often
LANGUAGES = ("en", "sv")
ROOT = Path(__file__).resolve().parent.parent / "bot" / "lang"

for code in LANGUAGES:
    words = sorted(
        {w for w in top_n_list(code, 100_000) if w.isalpha() and zipf_frequency(w, code) >= MIN_ZIPF}
    )
    target = ROOT / code / "common_words.txt"
    target.write_text(
        f"# {len(words)} ordinary {code} words (wordfreq Zipf >= {MIN_ZIPF}); scripts/common_words.py writes this\n"
        + "\n".join(words)
        + "\n",
        encoding="utf-8",
    )
    print(f"{target}: {len(words)} words")
