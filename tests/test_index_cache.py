"""The on-disk index cache: a warm start reads what a cold start built, and only what changed is rebuilt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.pipeline import Engine
from bot.retrieval.cache import SUFFIX, IndexCache
from bot.retrieval.loader import load_knowledge

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ("company-003", "leading-business", "xledger")
QUESTIONS = (
    ("How long do you keep invoices?", "company-003"),
    ("Vilka cookies använder ni?", "xledger"),
    ("Who do you share my personal data with?", "leading-business"),
    ("Do you have a data protection officer?", "xledger"),
)
NEW_PARAGRAPH = (
    "\n\nBrevduvor\n\nVi skickar aldrig personuppgifter med brevduva, och brevduvor har ingen "
    "tillgång till kundregistret.\n"
)


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for slug in SEEDS:
        shutil.copy(ROOT / "knowledge" / f"{slug}.txt", folder / f"{slug}.txt")
    return folder


def answers(engine: Engine) -> list[tuple[str, tuple[str, ...], str | None]]:
    results = [engine.handle(question, company=company) for question, company in QUESTIONS]
    return [(r.status, tuple(h.clause_id for h in r.hits), r.direct_answer) for r in results]


def entries(folder: Path, slug: str | None = None) -> list[Path]:
    return sorted(folder.glob(f"{slug or '*'}.*{SUFFIX}"))


def test_a_warm_start_reads_every_company_and_answers_as_without_a_cache(
    knowledge: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    plain = Engine.load(knowledge)
    cold = Engine.load(knowledge, cache_dir=cache)
    assert cold.index_cache is not None and sorted(cold.index_cache.stats.built) == sorted(SEEDS)
    warm = Engine.load(knowledge, cache_dir=cache)
    assert warm.index_cache is not None
    assert sorted(warm.index_cache.stats.loaded) == sorted(SEEDS)
    assert warm.index_cache.stats.built == []
    assert answers(warm) == answers(plain) == answers(cold)
    assert warm.retention == plain.retention
    assert any(warm.retention.values())  # the seeds state retention periods


def test_cached_indexes_quote_the_loaded_clauses_themselves(knowledge: Path, tmp_path: Path) -> None:
    Engine.load(knowledge, cache_dir=tmp_path / "cache")
    warm = Engine.load(knowledge, cache_dir=tmp_path / "cache")
    policy = warm.kb.policies["company-003"]
    index = warm.retriever.index("company-003")
    assert index is not None and index.clauses is policy.clauses and index.policy is policy
    rule = warm.retention["company-003"][0]
    assert rule.clause is policy.clauses[rule.clause.number]


def test_changing_one_file_rebuilds_only_that_company(knowledge: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Engine.load(knowledge, cache_dir=cache)
    old_entry = entries(cache, "xledger")
    with (knowledge / "xledger.txt").open("a", encoding="utf-8") as out:
        out.write(NEW_PARAGRAPH)

    engine = Engine.load(knowledge, cache_dir=cache)

    assert engine.index_cache is not None
    assert engine.index_cache.stats.built == ["xledger"]
    assert sorted(engine.index_cache.stats.loaded) == ["company-003", "leading-business"]
    new_entry = entries(cache, "xledger")
    assert len(new_entry) == 1 and new_entry != old_entry  # the stale entry is gone
    hits = engine.handle("Skickar ni uppgifter med brevduva?", company="xledger").hits
    assert any("brevduva" in h.text for h in hits)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # half-written
        lambda data: b"not an index at all",
        lambda data: data[:-10] + bytes(10),  # flipped bytes at the end
        lambda data: b"",
    ],
    ids=["truncated", "garbage", "corrupt-tail", "empty"],
)
def test_a_corrupt_entry_is_ignored_and_rebuilt(knowledge: Path, tmp_path: Path, damage) -> None:
    cache = tmp_path / "cache"
    expected = answers(Engine.load(knowledge, cache_dir=cache))
    (entry,) = entries(cache, "company-003")
    entry.write_bytes(damage(entry.read_bytes()))

    engine = Engine.load(knowledge, cache_dir=cache)

    assert engine.index_cache is not None
    assert engine.index_cache.stats.discarded == ["company-003"]
    assert engine.index_cache.stats.built == ["company-003"]
    assert answers(engine) == expected
    assert Engine.load(knowledge, cache_dir=cache).index_cache.stats.built == []  # stored again


def test_an_entry_damaged_after_start_up_is_rebuilt_on_first_question(
    knowledge: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    expected = answers(Engine.load(knowledge, cache_dir=cache))
    engine = Engine.load(knowledge, cache_dir=cache)
    for entry in entries(cache):
        entry.write_bytes(entry.read_bytes()[:100])
    assert answers(engine) == expected


def test_other_retrieval_code_makes_every_entry_stale(knowledge: Path, tmp_path: Path) -> None:
    kb = load_knowledge(knowledge)
    IndexCache(tmp_path / "cache", fingerprint="code-v1").prepare(kb)
    again = IndexCache(tmp_path / "cache", fingerprint="code-v1")
    again.prepare(kb)
    assert again.stats.built == []
    newer = IndexCache(tmp_path / "cache", fingerprint="code-v2")
    newer.prepare(kb)
    assert sorted(newer.stats.built) == sorted(SEEDS)
    assert len(entries(tmp_path / "cache")) == len(SEEDS)  # the old code's entries are removed


def test_a_parallel_build_stores_the_same_entries(knowledge: Path, tmp_path: Path) -> None:
    kb = load_knowledge(knowledge)
    cache = IndexCache(tmp_path / "cache")
    rules = cache.prepare(kb, workers=2)
    assert cache.stats.workers == 2 and sorted(cache.stats.built) == sorted(SEEDS)
    assert len(entries(tmp_path / "cache")) == len(SEEDS)
    assert rules == Engine(kb).retention
    warm = Engine.load(knowledge, cache_dir=tmp_path / "cache")
    assert warm.index_cache is not None and warm.index_cache.stats.built == []
    assert answers(warm) == answers(Engine(kb))


def test_an_unusable_cache_folder_still_answers(knowledge: Path, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be")
    expected = answers(Engine.load(knowledge))
    engine = Engine.load(knowledge, cache_dir=not_a_folder)
    assert answers(engine) == expected


def test_the_server_answers_while_a_cold_cache_is_built_in_the_background(
    knowledge: Path, tmp_path: Path
) -> None:
    """A cold start does not wait for every company's entry: a company asked about before the background
    build reaches it is built on that question, with the same rules and answers as a full build."""
    kb = load_knowledge(knowledge)
    expected = Engine(kb).retention
    cache = IndexCache(tmp_path / "cache")
    rules = cache.prepare(kb, background=True)
    assert rules["xledger"] == expected["xledger"]  # whether or not the background build got there first
    assert rules.building is not None
    rules.building.join(60)
    assert not rules.building.is_alive()
    assert dict(rules) == dict(expected)
    assert len(entries(tmp_path / "cache")) == len(SEEDS)
    warm = Engine.load(knowledge, cache_dir=tmp_path / "cache")
    assert warm.index_cache is not None and warm.index_cache.stats.built == []
    assert answers(warm) == answers(Engine(kb))
