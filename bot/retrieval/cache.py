"""On-disk cache of built company indexes and retention rules, keyed by each file's content hash.

Building a company's index (stems, compounds, lexicon concepts, BM25) and extracting its retention
rules takes tens of milliseconds; a thousand companies take half a minute on one core. The cache keeps
one file per company, named by its slug and a key made of the policy's ``content_hash``, its slug and
a fingerprint of the retrieval code, so:

- a warm start reads only the small retention part of each file; a company's index is read from disk
  on its first question (a few milliseconds), not at start-up;
- a changed policy file gets a new key: only that company is rebuilt, and its old entry is removed;
- a change to the retrieval code (lexicon, tokens, index, retention) changes the fingerprint, so every
  entry is rebuilt;
- an unreadable, truncated or corrupt entry fails its checksum or its unpickling, is removed and rebuilt;
- many missing entries (a cold start) are built by several processes at once.

Entries are pickles: the cache folder must be as private as the code (it is created with mode 0700).
Policies and clauses are not stored in an entry: they are references resolved against the loaded
policy when the entry is read, so the index quotes the very clauses the loader made.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.retrieval.index import CompanyIndex
from bot.retrieval.lexicon import Lexicon, default_lexicon
from bot.retrieval.loader import Clause, KnowledgeBase, Policy
from bot.retrieval.retention import RetentionRule, extract_rules

logger = logging.getLogger(__name__)

CACHE_FORMAT = 2  # 2: flat BM25 postings
MAGIC = b"IBIDX\x00\x01\n"
DIGEST_SIZE = 32
SUFFIX = ".idx"
PARALLEL_MIN = 48  # missing entries before the build is spread over several processes
MAX_WORKERS = 4
STALE_TEMPORARY_SECONDS = 3600.0  # a half-written entry this old belongs to no running process
BUILD_TIMEOUT = 600.0  # seconds a build process may take before it is stopped
# the code an entry depends on: any change to these files makes every entry stale
CODE_PACKAGES = ("retrieval", "text")


@dataclass
class CacheStats:
    """What the last ``prepare`` did, by company slug."""

    loaded: list[str] = field(default_factory=list)  # read from disk
    built: list[str] = field(default_factory=list)  # built (missing, changed or corrupt)
    discarded: list[str] = field(default_factory=list)  # entries that could not be read
    workers: int = 1
    seconds: float = 0.0


def code_fingerprint(extra: str = "") -> str:
    """A hash of the retrieval and text code, the language data, the Python version and the cache format."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version_info[:2]}|{extra}".encode())
    root = Path(__file__).resolve().parent.parent
    for package in CODE_PACKAGES:
        for path in sorted((root / package).glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    # the languages' data (concepts, word lists) shape every index as much as the code does
    for path in sorted((root / "lang").rglob("*")):
        if path.suffix in (".txt", ".json"):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class IndexCache:
    """One folder of cached company entries for one lexicon and one set of BM25 parameters."""

    def __init__(
        self,
        directory: Path | str,
        lexicon: Lexicon | None = None,
        k1: float | None = None,
        b: float | None = None,
        fingerprint: str | None = None,
    ) -> None:
        from bot.retrieval.search import DEFAULT_SETTINGS

        self.directory = Path(directory)
        self.lexicon = lexicon or default_lexicon()
        self.k1 = DEFAULT_SETTINGS.k1 if k1 is None else k1
        self.b = DEFAULT_SETTINGS.b if b is None else b
        self.fingerprint = fingerprint or code_fingerprint(f"k1={self.k1}|b={self.b}")
        self.stats = CacheStats()

    # ----------------------------------------------------------------------------- names

    def key(self, policy: Policy) -> str:
        text = f"{self.fingerprint}|{policy.slug}|{policy.content_hash}"
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    def path(self, policy: Policy) -> Path:
        return self.directory / f"{policy.slug}.{self.key(policy)}{SUFFIX}"

    # ----------------------------------------------------------------------------- start-up

    def prepare(
        self, kb: KnowledgeBase, workers: int | None = None, background: bool = False
    ) -> RetentionRules:
        """Make sure every company has a current entry; return the retention rules of all of them.

        Indexes are not loaded here (see ``index``), only checked to be present and readable. With
        ``background`` (the server) the missing entries are built by a background thread while the
        process already answers: a company asked about before its turn is built on that question.
        """
        if background:
            return self._prepare_in_background(kb, workers)
        return RetentionRules(self._prepare(kb, workers), kb, self)

    def _prepare_in_background(self, kb: KnowledgeBase, workers: int | None) -> RetentionRules:
        present = self._prepare(kb, workers, build=False)
        rules = RetentionRules(present, kb, self)
        if len(present) < len(kb.policies):

            def build() -> None:
                try:
                    rules.add(self._prepare(kb, workers))
                except Exception:  # each company is still built when first asked about
                    logger.exception("index cache: background build failed")

            thread = threading.Thread(target=build, name="index-cache-build", daemon=True)
            thread.start()
            rules.building = thread
        return rules

    def _prepare(
        self, kb: KnowledgeBase, workers: int | None, build: bool = True
    ) -> dict[str, list[RetentionRule]]:
        started = time.perf_counter()
        self.stats = CacheStats()
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            writable = os.access(self.directory, os.W_OK)
        except OSError:
            writable = False
        if not writable:  # answers still work, each start-up just builds everything again
            logger.warning("index cache: folder is not writable, building without a cache")
            workers = 1
        rules: dict[str, list[RetentionRule]] = {}
        missing: list[Policy] = []
        for slug, policy in kb.policies.items():
            entry = self._read(policy)
            if entry is None:
                missing.append(policy)
                continue
            found = self._rules(entry, policy)
            if found is None:
                missing.append(policy)
                continue
            rules[slug] = found
            self.stats.loaded.append(slug)
        if missing and not build:
            return {slug: rules[slug] for slug in kb.policies if slug in rules}
        if missing:
            rules.update(self._build_missing(missing, workers))
        self._prune(kb.policies.values())
        self.stats.seconds = time.perf_counter() - started
        logger.info(
            "index cache: loaded=%d built=%d discarded=%d workers=%d ms=%.0f",
            len(self.stats.loaded),
            len(self.stats.built),
            len(self.stats.discarded),
            self.stats.workers,
            self.stats.seconds * 1000,
        )
        return {slug: rules[slug] for slug in kb.policies if slug in rules}

    def _build_missing(self, missing: list[Policy], workers: int | None) -> dict[str, list[RetentionRule]]:
        count = workers if workers is not None else default_workers(len(missing))
        self.stats.workers = max(1, min(count, len(missing)))
        if self.stats.workers > 1:
            self._build_in_processes(missing, self.stats.workers)
        result: dict[str, list[RetentionRule]] = {}
        for policy in missing:
            entry = self._read(policy) if self.stats.workers > 1 else None
            found = self._rules(entry, policy) if entry is not None else None
            if found is None:  # built here (serial), or a build process did not manage it
                found = self._build_and_store(policy)[1]
            result[policy.slug] = found
            self.stats.built.append(policy.slug)
        return result

    def _build_in_processes(self, policies: list[Policy], count: int) -> None:
        """Build the entries of ``policies`` in ``count`` fresh processes (files are re-read there)."""
        shares: list[list[str]] = [[] for _ in range(count)]
        loads = [0] * count
        for policy in sorted(policies, key=lambda p: -len(p.clauses)):  # biggest first, to the least busy
            target = loads.index(min(loads))
            shares[target].append(str(policy.path))
            loads[target] += len(policy.clauses)
        root = str(Path(__file__).resolve().parent.parent.parent)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH")))),
        }
        command = [sys.executable, "-m", "bot.retrieval.cache", str(self.directory), self.fingerprint]
        command += [repr(self.k1), repr(self.b)]
        processes = [
            subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
            for share in shares
            if share
        ]
        for process, share in zip(processes, [s for s in shares if s], strict=True):
            assert process.stdin is not None
            process.stdin.write("\n".join(share).encode())
            process.stdin.close()
        for process in processes:
            try:
                process.wait(timeout=BUILD_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.returncode:
                logger.warning("index cache: a build process exited with %s", process.returncode)

    def _prune(self, policies: Iterable[Policy]) -> None:
        """Remove the stale entries of the loaded companies (older contents or older code)."""
        if not self.directory.is_dir():
            return
        current = {self.path(p).name for p in policies}
        slugs = {name.split(".", 1)[0] for name in current}
        for path in self.directory.glob(f"*{SUFFIX}"):
            if path.name.split(".", 1)[0] in slugs and path.name not in current:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)
        for path in self.directory.glob(f".tmp-*{SUFFIX}"):  # left by a process stopped mid-write
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    path.unlink(missing_ok=True)

    # ----------------------------------------------------------------------------- indexes

    def index(self, policy: Policy) -> CompanyIndex:
        """The company's index from its entry, or built (and stored) when the entry is missing or bad.

        The loaded objects are moved out of the garbage collector's view (``gc.freeze``): an index
        lives as long as the process, and without this every full collection walks all loaded
        indexes, a pause of 100 ms or more once hundreds of companies are in memory.
        """
        entry = self._read(policy)
        index: CompanyIndex | None = None
        if entry is not None:
            enabled = gc.isenabled()
            gc.disable()
            try:
                index = _restore_index(entry["index"], policy, self.lexicon)
            except Exception:  # a corrupt entry is rebuilt, never trusted
                logger.warning(
                    "index cache: unreadable index for company=%s, rebuilding", policy.slug, exc_info=True
                )
                self._discard(self.path(policy), policy)
            finally:
                if enabled:
                    gc.enable()
        if index is None:
            index = self._build_and_store(policy)[0]
        gc.collect(1)  # the young garbage of the moment, so that freezing keeps none of it
        gc.freeze()
        return index

    def _build_and_store(self, policy: Policy) -> tuple[CompanyIndex, list[RetentionRule]]:
        index, rules = build_company(policy, self.lexicon, self.k1, self.b)
        try:
            self.store(policy, index, rules)
        except OSError as error:  # a read-only or full disk costs speed, not answers
            logger.warning("index cache: cannot write entry for company=%s: %s", policy.slug, error.strerror)
        return index, rules

    # ----------------------------------------------------------------------------- files

    def store(self, policy: Policy, index: CompanyIndex, rules: Sequence[RetentionRule]) -> Path:
        body = pickle.dumps(
            {
                "format": CACHE_FORMAT,
                "fingerprint": self.fingerprint,
                "slug": policy.slug,
                "content_hash": policy.content_hash,
                "rules": self._pickle(list(rules), policy),
                "index": _index_state(index, policy, self.lexicon),
            },
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        data = MAGIC + hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest() + body
        target = self.path(policy)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)  # readers see the old entry or the whole new one
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target

    def _read(self, policy: Policy) -> dict[str, Any] | None:
        """The entry's outer record, or None when it is missing, foreign or corrupt (then removed)."""
        path = self.path(policy)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            return None
        head = len(MAGIC) + DIGEST_SIZE
        body = data[head:]
        valid = (
            data[: len(MAGIC)] == MAGIC
            and len(data) > head
            and hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest() == data[len(MAGIC) : head]
        )
        entry: Any = None
        if valid:
            try:
                entry = pickle.loads(body)
            except Exception:
                entry = None
        if (
            not isinstance(entry, dict)
            or entry.get("format") != CACHE_FORMAT
            or entry.get("fingerprint") != self.fingerprint
            or entry.get("slug") != policy.slug
            or entry.get("content_hash") != policy.content_hash
        ):
            self._discard(path, policy)
            return None
        return entry

    def _rules(self, entry: dict[str, Any], policy: Policy) -> list[RetentionRule] | None:
        try:
            rules = self._unpickle(entry["rules"], policy)
        except Exception:
            rules = None
        if not isinstance(rules, list) or not all(isinstance(r, RetentionRule) for r in rules):
            self._discard(self.path(policy), policy)
            return None
        return rules

    def _discard(self, path: Path, policy: Policy) -> None:
        logger.warning("index cache: discarding unreadable entry for company=%s", policy.slug)
        self.stats.discarded.append(policy.slug)
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)

    def _pickle(self, value: object, policy: Policy) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, policy, self.lexicon).dump(value)
        return buffer.getvalue()

    def _unpickle(self, data: bytes, policy: Policy) -> Any:
        return _Unpickler(io.BytesIO(data), policy, self.lexicon).load()


class RetentionRules(Mapping[str, list[RetentionRule]]):
    """Every company's retention rules: those read or built at start-up, and a company whose entry is
    still being built in the background built on the spot when asked for (the same rules either way)."""

    def __init__(self, rules: dict[str, list[RetentionRule]], kb: KnowledgeBase, cache: IndexCache) -> None:
        self._rules = dict(rules)
        self._kb = kb
        self._cache = cache
        self._lock = threading.Lock()
        self.building: threading.Thread | None = None  # the background build, while there is one

    def add(self, rules: dict[str, list[RetentionRule]]) -> None:
        with self._lock:
            for slug, found in rules.items():
                self._rules.setdefault(slug, found)

    def __getitem__(self, slug: str) -> list[RetentionRule]:
        with self._lock:
            found = self._rules.get(slug)
        if found is not None:
            return found
        policy = self._kb.policies.get(slug)
        if policy is None:
            raise KeyError(slug)
        entry = self._cache._read(policy)
        found = self._cache._rules(entry, policy) if entry is not None else None
        if found is None:
            found = self._cache._build_and_store(policy)[1]
        with self._lock:
            return self._rules.setdefault(slug, found)

    def __iter__(self) -> Iterator[str]:
        return iter(self._kb.policies)

    def __len__(self) -> int:
        return len(self._kb.policies)


# --------------------------------------------------------------------------------- helpers


def build_company(
    policy: Policy, lexicon: Lexicon, k1: float, b: float
) -> tuple[CompanyIndex, list[RetentionRule]]:
    """Everything start-up computes for one company: its index and its retention rules."""
    return CompanyIndex(policy, lexicon, k1, b), extract_rules(policy)


def default_workers(missing: int) -> int:
    """Build processes for ``missing`` entries: one per available core for a big build, else none."""
    if missing < PARALLEL_MIN:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def build_worker(argv: Sequence[str] | None = None) -> int:
    """A build process: ``DIRECTORY FINGERPRINT K1 B``, policy file paths on standard input."""
    from bot.retrieval.loader import KnowledgeError, load_policy

    directory, fingerprint, k1, b = argv if argv is not None else sys.argv[1:5]
    cache = IndexCache(directory, default_lexicon(), float(k1), float(b), fingerprint)
    for line in sys.stdin.read().splitlines():
        if not line.strip():
            continue
        try:
            policy = load_policy(Path(line))
        except (KnowledgeError, OSError):
            continue  # the parent builds whatever is missing
        index, rules = build_company(policy, cache.lexicon, cache.k1, cache.b)
        cache.store(policy, index, rules)
    return 0


# an index's references to the policy, its clauses and the lexicon are stored as these names
_SHARED = ("policy", "clauses", "lexicon")


def _index_state(index: CompanyIndex, policy: Policy, lexicon: Lexicon) -> bytes:
    """The index's own data (plain pickle: fast), with the shared objects replaced by their names."""
    shared = {"policy": policy, "clauses": policy.clauses, "lexicon": lexicon}
    state: dict[str, Any] = {}
    links: dict[str, str] = {}
    for name, value in vars(index).items():
        link = next((key for key, obj in shared.items() if value is obj), None)
        if link is None:
            state[name] = value
        else:
            links[name] = link
    return pickle.dumps({"state": state, "links": links}, protocol=pickle.HIGHEST_PROTOCOL)


def _restore_index(data: bytes, policy: Policy, lexicon: Lexicon) -> CompanyIndex:
    record = pickle.loads(data)
    shared = {"policy": policy, "clauses": policy.clauses, "lexicon": lexicon}
    index = CompanyIndex.__new__(CompanyIndex)
    index.__dict__.update(record["state"])
    for name, link in record["links"].items():
        index.__dict__[name] = shared[link]
    return index


class _Pickler(pickle.Pickler):
    """Stores the policy, its clauses and the lexicon as references, not copies."""

    def __init__(self, file: io.BytesIO, policy: Policy, lexicon: Lexicon) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._policy = policy
        self._lexicon = lexicon
        self._clauses = {id(clause): clause.number for clause in policy.clauses}

    def persistent_id(self, obj: object) -> object:
        if obj is self._lexicon:
            return "lexicon"
        if obj is self._policy:
            return "policy"
        if obj is self._policy.clauses:
            return "clauses"
        if isinstance(obj, Clause):
            number = self._clauses.get(id(obj))
            if number is not None:
                return ("clause", number)
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, policy: Policy, lexicon: Lexicon) -> None:
        super().__init__(file)
        self._policy = policy
        self._lexicon = lexicon

    def persistent_load(self, pid: object) -> object:
        if pid == "lexicon":
            return self._lexicon
        if pid == "policy":
            return self._policy
        if pid == "clauses":
            return self._policy.clauses
        if isinstance(pid, tuple) and len(pid) == 2 and pid[0] == "clause":
            clauses = self._policy.clauses
            number = pid[1]
            if isinstance(number, int) and 0 <= number < len(clauses) and clauses[number].number == number:
                return clauses[number]
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")


if __name__ == "__main__":
    from bot.retrieval.cache import build_worker as _worker  # the importable module, not __main__

    raise SystemExit(_worker())
