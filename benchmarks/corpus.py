"""A knowledge folder of N companies made from the five seed policies under new names (for benchmarks).

    .venv/bin/python -m benchmarks.corpus DIR [--companies 1000]

Company i gets seed i mod 5's text with the seed's name and multi-word aliases replaced by a new,
made-up name ("Fjällgran Konsult"), its own slug, aliases ("Fjällgran Konsult AB",
"fjallgrankonsult.se") and the seed's language. Names are two words from two lists, so initials and
lengths vary as real company names do, and no two names are near-misses of each other. Generated into
a temporary folder by the benchmarks; never committed.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.retrieval.loader import parse_aliases, split_front_matter

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "knowledge"

FIRST = (
    "Fjällgran", "Norrsken", "Älvdal", "Bergslag", "Kustlinje", "Solbacka", "Ekholmen", "Granhult",
    "Havsörn", "Isberg", "Järnvik", "Kvarnby", "Lindås", "Myrstack", "Nyponet", "Oxelö", "Påskrik",
    "Rönnskär", "Sjöglimt", "Tallmo", "Ugglum", "Vassbo", "Ådalen", "Östergyllen", "Brofjord",
    "Dalkarl", "Fyrvakt", "Hasselnöt", "Korpen", "Mossgrön", "Vintergatan", "Zenitbåge",
)  # fmt: skip
SECOND = (
    "Konsult", "Logistik", "Fastigheter", "Redovisning", "Hälsa", "Resor", "Bygg", "Media",
    "Finans", "Energi", "Utbildning", "Försäkring", "Juridik", "Design", "Handel", "Verkstad",
    "Analys", "Säkerhet", "Bemanning", "Transport", "Livsmedel", "Trädgård", "Elektronik",
    "Tandvård", "Bokföring", "Marknad", "Arkitekter", "Revision", "Optik", "Rekrytering", "Spel",
    "Textil",
)  # fmt: skip


@dataclass(frozen=True)
class Company:
    slug: str
    name: str
    seed: str  # the seed policy's slug
    language: str


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def company_names(count: int) -> list[str]:
    if count > len(FIRST) * len(SECOND):
        raise ValueError(f"at most {len(FIRST) * len(SECOND)} generated companies")
    # walk the grid diagonally so that neighbours differ in both words
    names = [f"{FIRST[(i + i // len(FIRST)) % len(FIRST)]} {SECOND[i % len(SECOND)]}" for i in range(count)]
    assert len(set(names)) == count
    return names


def _seed_names(meta: dict[str, str], slug: str) -> list[str]:
    """The seed's own names as they appear in its text: the name and aliases of two words or more."""
    names = [meta.get("name", ""), *parse_aliases(meta.get("aliases", ""))]
    keep = [n for n in names if n and (n == meta.get("name") or len(n.split()) > 1 or "." in n)]
    return sorted(set(keep), key=len, reverse=True)


def generate(directory: Path | str, count: int, seeds: Path = SEEDS) -> list[Company]:
    """Write ``count`` policy files into ``directory``; return the companies made."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sources = []
    for path in sorted(seeds.glob("*.txt")):
        meta, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
        names = _seed_names(meta, path.stem)
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")(?=s?\b)", re.IGNORECASE)
        sources.append((path.stem, meta.get("language", "sv"), pattern, body))
    companies = []
    for i, name in enumerate(company_names(count)):
        seed, language, pattern, body = sources[i % len(sources)]
        slug = slugify(name)
        domain = slugify(name).replace("-", "") + ".se"
        text = pattern.sub(name, body)
        header = f"---\nname: {name}\naliases: {name} AB, {domain}\nlanguage: {language}\n---\n"
        (directory / f"{slug}.txt").write_text(header + text, encoding="utf-8")
        companies.append(Company(slug, name, seed, language))
    return companies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--companies", type=int, default=1000)
    args = parser.parse_args(argv)
    made = generate(args.directory, args.companies)
    print(f"{len(made)} companies written to {args.directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
