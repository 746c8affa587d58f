"""The one path every front end takes: message → normalise → language → company → intent → answer."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from bot import replies, rights
from bot.companies import CompanyMatch, name_words, resolve_company
from bot.intent import Intent, classify_intent
from bot.intent.model import default_model as default_intent_model
from bot.retrieval.cache import IndexCache
from bot.retrieval.loader import Clause, KnowledgeBase, load_knowledge
from bot.retrieval.retention import RetentionRule, direct_answer, extract_rules
from bot.retrieval.search import Retriever
from bot.retrieval.vectors import Semantics, VectorStore, default_vector_dir
from bot.text.language import detect_language, warm_up
from bot.text.normalise import normalise

MAX_HITS = 5
IMY_NAMES = ("datainspektionen",)


@dataclass(frozen=True)
class Context:
    """What the front end knows besides the text."""

    default_language: str = "en"  # the thread's or workspace's language for neutral messages
    channel_company: str | None = None  # a channel bound to one company


@dataclass(frozen=True)
class Hit:
    company: str
    section: str
    text: str
    score: float
    clause_id: str
    notes: tuple[str, ...] = ()  # e.g. the IMY note for a clause naming Datainspektionen

    @classmethod
    def of(cls, clause: Clause, score: float = 0.0) -> Hit:
        """A clause as quoted, with the notes its text calls for."""
        return cls(
            company=clause.company,
            section=clause.section_title,
            text=clause.text,
            score=score,
            clause_id=clause.id,
            notes=clause_notes(clause.text),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "section": self.section,
            "text": self.text,
            "score": round(self.score, 4),
        }


Kind = Literal["question", "rights_request"]
Status = Literal["answered", "no_answer", "needs_company", "rights_request", "bad_input"]


@dataclass(frozen=True, kw_only=True)
class Result:
    """What the bot understood and what it answers."""

    language: str
    company: str | None
    intent: Kind
    right: str | None
    answered: bool
    hits: tuple[Hit, ...]
    reply: str
    status: Status
    text: str = ""  # the normalised message
    rights: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()  # companies to choose from when status is needs_company
    detail: Intent = field(default_factory=Intent)
    direct_answer: str | None = None  # a one-line answer (retention) above the quoted clauses
    policy_language: str | None = None
    topic: str | None = None  # the question's main concept (e.g. "dpo"), for the team's list of gaps
    also_named: tuple[str, ...] = ()  # other companies the question named (names), not answered for
    elapsed_ms: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "company": self.company,
            "intent": self.intent,
            "right": self.right,
            "answered": self.answered,
            "hits": [h.to_json() for h in self.hits],
            "reply": self.reply,
        }


@dataclass(frozen=True, kw_only=True)
class Understanding:
    """What the bot made of a message before any retrieval."""

    text: str  # normalised
    language: str
    company: CompanyMatch
    intent: Intent
    problem: str | None = None  # "empty" | "binary" | "markup_only": answered with a polite bad-input reply
    truncated: bool = False

    @property
    def is_rights_request(self) -> bool:
        return self.problem is None and self.intent.kind == "rights_request"


class Engine:
    """Holds the knowledge base and its indexes; `handle` is pure given them."""

    def __init__(
        self,
        kb: KnowledgeBase,
        cache_dir: Path | str | None = None,
        embeddings: str = "sync",
        ranker: str = "learned",
    ) -> None:
        """``embeddings``: "sync" (a policy's clause vectors are ready before its first answer), "background"
        (the server: computed by a background thread, words-only answers meanwhile) or "off"."""
        self.kb = kb
        self.name_words = name_words(kb.policies.values())  # neither Swedish nor English
        warm_up()  # load the language profiles now, not on the first uncertain message
        # with a cache folder, indexes and retention rules are built once per file content (cache.py)
        self.index_cache = IndexCache(cache_dir) if cache_dir is not None else None
        self.semantics = (
            None
            if embeddings == "off"
            else Semantics(
                VectorStore(Path(cache_dir) / "vectors" if cache_dir is not None else default_vector_dir()),
                background=embeddings == "background",
            )
        )
        self.retriever = Retriever(
            kb,
            build=self.index_cache.index if self.index_cache else None,
            semantic=self.semantics,
            ranker=ranker,
        )
        # the server answers while missing cache entries are built in the background
        self.retention: Mapping[str, list[RetentionRule]] = (
            self.index_cache.prepare(kb, background=embeddings == "background")
            if self.index_cache
            else {slug: extract_rules(p) for slug, p in kb.policies.items()}
        )

    @classmethod
    def load(
        cls,
        directory: Path | str,
        cache_dir: Path | str | None = None,
        embeddings: str = "sync",
        ranker: str = "learned",
    ) -> Engine:
        return cls(load_knowledge(directory), cache_dir, embeddings, ranker)

    def warm(self) -> None:
        """Load now what the first messages would otherwise load (a server calls this before it listens):
        the intent model, whose parsing holds the interpreter for most of a second and so would stall
        the acks of the first rights requests, and the sentence encoder; and start on the clause vectors
        no file holds."""
        default_intent_model()
        if self.semantics is not None:
            self.semantics.warm(list(self.kb.policies.values()))

    def company_names(self) -> dict[str, str]:
        return {slug: p.name for slug, p in sorted(self.kb.policies.items())}

    def handle(
        self, message: str | None, company: str | None = None, context: Context | None = None
    ) -> Result:
        """Understand the message and answer it: the one path all front ends take."""
        started = time.perf_counter()
        result = self.answer(self.understand(message, company, context))
        return replace(result, elapsed_ms=(time.perf_counter() - started) * 1000)

    def understand(
        self, message: str | None, company: str | None = None, context: Context | None = None
    ) -> Understanding:
        """The fast, pure first half: normalise, language, company, intent (no retrieval).

        The Slack edge calls this before acknowledging an event, so a rights request can be stored first.
        """
        context = context or Context()
        cleaned = normalise(message)
        text = cleaned.text
        language = (
            detect_language(text, default=context.default_language, names=self.name_words)
            if text
            else context.default_language
        )
        if cleaned.problem:
            return Understanding(
                text=text,
                language=language,
                company=CompanyMatch(company),
                intent=Intent(),
                problem=cleaned.problem,
                truncated=cleaned.truncated,
            )
        match = resolve_company(
            text, self.kb.policies.values(), explicit=company, binding=context.channel_company
        )
        intent = classify_intent(text, language, companies=match.mentions)
        return Understanding(
            text=text, language=language, company=match, intent=intent, truncated=cleaned.truncated
        )

    def answer(self, u: Understanding) -> Result:
        """The second half: retrieval and the reply text."""
        language, match, intent, text = u.language, u.company, u.intent, u.text
        if u.problem:
            reply = replies.bad_input(language, u.problem)
            return Result(
                language=language,
                company=match.slug,
                intent="question",
                right=None,
                answered=False,
                hits=(),
                reply=reply,
                status="bad_input",
                text=text,
            )

        if intent.kind == "rights_request":
            # the request goes to the privacy team; what the policy says about the right comes along
            query = rights.right(intent.right).lookup
            hits, _, answered, _ = (
                self._search(query, match.slug, "en") if match.slug else ((), [], False, None)
            )
            reply = replies.rights_request_received(language, intent, self._name(match.slug))
            if answered:
                policy = self.kb.policies[match.slug]  # type: ignore[index]
                reply += "\n\n" + replies.answer(language, policy.name, policy.language, hits, shown=1)
            return Result(
                language=language,
                company=match.slug,
                intent="rights_request",
                right=intent.right,
                answered=answered,
                hits=hits if answered else (),
                reply=reply,
                status="rights_request",
                text=text,
                rights=intent.rights,
                candidates=match.candidates,
                detail=intent,
            )

        if match.slug is None:
            reply = replies.which_company(language, self.company_names())
            return Result(
                language=language,
                company=None,
                intent="question",
                right=intent.about_right,
                answered=False,
                hits=(),
                reply=reply,
                status="needs_company",
                text=text,
                candidates=match.candidates or tuple(self.company_names()),
                detail=intent,
            )

        policy = self.kb.policies[match.slug]
        hits, clauses, answered, topic = self._search(text, match.slug, language)
        direct = None
        if answered:
            direct = direct_answer(text, language, self.retention.get(match.slug, []), clauses)
            reply = replies.answer(language, policy.name, policy.language, hits, direct)
            if u.truncated:
                reply = replies.t(language, "too_long") + "\n" + reply
        else:
            reply = replies.no_answer(language, policy.name)
        others = tuple(self._name(slug) or slug for slug in match.named if slug != match.slug)
        if others:  # "Vad säger Acmesoft och Lumo om cookies?": say which company was left out
            reply += "\n\n" + replies.also_named(language, policy.name, others)
        return Result(
            language=language,
            company=match.slug,
            intent="question",
            right=intent.about_right,
            answered=answered,
            hits=hits if answered else (),
            reply=reply,
            status="answered" if answered else "no_answer",
            text=text,
            detail=intent,
            direct_answer=direct,
            policy_language=policy.language,
            topic=topic,
            also_named=others,
        )

    def _search(
        self, text: str, slug: str, language: str
    ) -> tuple[tuple[Hit, ...], list[Clause], bool, str | None]:
        """The ranked hits (best first), their clauses, whether the best is good enough to answer, and the
        question's main topic."""
        outcome = self.retriever.search(text, slug, language, k=MAX_HITS)
        hits = tuple(Hit.of(s.clause, s.score) for s in outcome.hits[:MAX_HITS])
        clauses = [s.clause for s in outcome.hits[:MAX_HITS]]
        topic = outcome.topics[0] if outcome.topics else None
        return hits, clauses, outcome.answered and bool(hits), topic

    def hits(self, slug: str, clause_ids: Sequence[str]) -> list[Hit]:
        """The clauses of a company's policy by id, as hits (ids that don't exist are left out: they
        come back from Slack buttons, which can be forged)."""
        policy = self.kb.policies.get(slug)
        if policy is None:
            return []
        by_id = {clause.id: clause for clause in policy.clauses}
        return [Hit.of(by_id[i]) for i in clause_ids if i in by_id]

    def _name(self, slug: str | None) -> str | None:
        policy = self.kb.get(slug) if slug else None
        return policy.name if policy else None


def clause_notes(text: str) -> tuple[str, ...]:
    lowered = text.lower()
    return ("imy",) if any(name in lowered for name in IMY_NAMES) else ()
