"""Read the knowledge folder: one policy file per company → Policy objects made of clauses.

A clause is a verbatim piece of the policy (at most ``MAX_CLAUSE_CHARS`` characters) that remembers
the heading path of the section it stands in. Headings are found in plain text too: numbered
headings ("1. Ändringar av integritetspolicyn", "A. Information vi samlar in") and short lines
without closing punctuation. Files that separate paragraphs with single newlines work as well as
files with blank lines. A list copied from a web page without its bullets (short lines after a lead-in,
or many in a row, or the rows of a table) stays in its section instead of becoming nested headings.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MAX_CLAUSE_CHARS = 600
PACK_TARGET_CHARS = 600
MAX_REPEATED_LEAD_IN = 200  # a list's lead-in is repeated above items that start a new clause
LIST_RUN = 3  # this many short title-like lines in a row, or more, are a list's items, not nested headings
SEGMENTATION = "lists-3"  # names how a policy is cut into clauses: clause vectors are keyed by it
POLICY_SUFFIXES = (".txt", ".md")
FRONT_MATTER_KEYS = {"name", "aliases", "language", "source_url", "effective_date", "slug"}


@dataclass(frozen=True)
class Clause:
    """A verbatim piece of a company's policy."""

    company: str
    number: int
    section: tuple[str, ...]
    text: str
    line: int

    @property
    def id(self) -> str:
        return f"{self.company}#{self.number}"

    @property
    def section_title(self) -> str:
        return " › ".join(self.section)


@dataclass(frozen=True)
class Policy:
    """One company's privacy policy, split into clauses."""

    slug: str
    name: str
    aliases: tuple[str, ...]
    language: str
    clauses: tuple[Clause, ...]
    path: Path
    source_url: str | None = None
    effective_date: str | None = None
    content_hash: str = ""

    @property
    def sections(self) -> tuple[tuple[str, ...], ...]:
        seen: dict[tuple[str, ...], None] = {}
        for clause in self.clauses:
            seen.setdefault(clause.section, None)
        return tuple(seen)


@dataclass(frozen=True)
class LoadError:
    """A file that could not be loaded, with the line where the trouble is."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class KnowledgeError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class KnowledgeBase:
    """All companies that loaded, plus the files that did not."""

    policies: dict[str, Policy] = field(default_factory=dict)
    errors: list[LoadError] = field(default_factory=list)
    directory: Path | None = None

    def get(self, slug: str) -> Policy | None:
        return self.policies.get(slug)

    @property
    def slugs(self) -> list[str]:
        return sorted(self.policies)


# --------------------------------------------------------------------------- front matter


def split_front_matter(text: str) -> tuple[dict[str, str], str, int]:
    """Return (metadata, body, line number where the body starts, 1-based)."""
    if not text.startswith("---"):
        return {}, text, 1
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text, 1
    meta: dict[str, str] = {}
    for index in range(1, len(lines)):
        raw = lines[index]
        if raw.strip() == "---":
            body = "\n".join(lines[index + 1 :])
            return meta, body, index + 2
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if ":" not in raw:
            raise KnowledgeError(index + 1, f"front matter line is not 'key: value': {raw.strip()[:60]!r}")
        key, value = raw.split(":", 1)
        key = key.strip().lower().replace("-", "_")
        if key not in FRONT_MATTER_KEYS:
            raise KnowledgeError(
                index + 1, f"unknown front matter key {key!r} (known: {', '.join(sorted(FRONT_MATTER_KEYS))})"
            )
        meta[key] = value.strip().strip("\"'")
    raise KnowledgeError(1, "front matter opened with '---' is never closed")


def parse_aliases(value: str) -> tuple[str, ...]:
    value = value.strip().strip("[]")
    return tuple(a.strip().strip("\"'") for a in value.split(",") if a.strip().strip("\"'"))


# --------------------------------------------------------------------------- line classes

_BULLET_RE = re.compile(r"^\s*(?:[•·▪‣◦*\-–—]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_NUMBERED_HEADING_RE = re.compile(r"^\s*(?:(\d{1,2}(?:\.\d{1,2})*)|([A-Z]))[.)]?\s+\S")
_CLOSING_PUNCT = ".:;,!"
_MAX_HEADING_CHARS = 90
_MAX_HEADING_WORDS = 12
_MAX_NUMBERED_HEADING_WORDS = 16  # "3. Vad används uppgifterna till och vad är den lagliga grunden för det?"
_SENTENCE_END = '.!?:;"”'
_CONTINUES = {"or", "and", "eller", "och", "samt"}  # "… interested in cycling; or": a line that goes on


def _clean(line: str) -> str:
    return line.replace("\u00a0", " ").strip()


def is_bullet(line: str) -> bool:
    return bool(_BULLET_RE.match(line.replace("\u00a0", " ")))


def heading_level(line: str) -> int | None:
    """1 for '1. Title', 2 for 'A. Title' or '1.2 Title', 3 for an unnumbered title; None if no heading."""
    text = _clean(line)
    if not text or len(text) > _MAX_HEADING_CHARS or text[-1] in _CLOSING_PUNCT:
        return None
    words = text.split()
    numbered = _NUMBERED_HEADING_RE.match(text)
    limit = _MAX_NUMBERED_HEADING_WORDS if numbered and numbered.group(1) else _MAX_HEADING_WORDS
    if len(words) > limit or "@" in text or "://" in text or "www." in text:
        return None
    if len(words) > 1 and words[-1] in _CONTINUES:
        return None
    if text[0] in "•·▪‣◦*-–—\"“”'(":
        return None
    first = text[0]
    if not (first.isupper() or first.isdigit()):
        return None
    if numbered:
        number, letter = numbered.groups()
        if letter:
            return 2
        return 1 if number and "." not in number else 2
    if ":" in text:  # "E-postadress: info@…", "Senast uppdaterad: 2020-09-06"
        return None
    if sum(ch.isdigit() for ch in text) >= 3:  # street addresses, phone numbers, dates
        return None
    return 3


def _looks_like_title(line: str) -> bool:
    return heading_level(line) is not None


# --------------------------------------------------------------------------- segmentation


@dataclass
class _Unit:
    """A paragraph, a list item, or a lead-in with its items."""

    text: str
    line: int
    section: tuple[str, ...]
    lead_in: str | None = None  # for list items: the line that introduces the list
    opens_list: bool = False  # this unit is a lead-in ("… används till:")


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines, with their 1-based line numbers."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, start=1):
        if raw.replace("\u00a0", " ").strip():
            current.append((number, raw.rstrip("\r")))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _heading_lines(block: list[tuple[int, str]]) -> set[int]:
    """Which lines of a block are headings.

    A block of one short title line is a heading (unless ``_units`` reads it as a list's item). In a
    longer block (single newlines between paragraphs), a title line is a heading when it is followed by a
    title or by a paragraph; a run of short lines that holds non-title lines (an address, a phone number)
    is body text after its first line; a run of ``LIST_RUN`` or more title lines, or title lines above a
    row that ends no sentence, is a list ("Marketing agencies - to …" on each line), and only the run's
    first line can be a heading, when the block opens with it.
    """
    if len(block) == 1:
        return {block[0][0]} if _looks_like_title(block[0][1]) else set()
    headings: set[int] = set()
    texts = [_clean(t) for _, t in block]
    i = 0
    while i < len(block):
        if not _looks_like_title(block[i][1]):
            i += 1
            continue
        # a run of consecutive short lines starting here
        j = i
        while j < len(block) and len(texts[j]) <= _MAX_HEADING_CHARS and not is_bullet(block[j][1]):
            if texts[j] and texts[j][-1] in ".!":
                break
            j += 1
        run = list(range(i, j))
        if len(run) >= LIST_RUN and all(_looks_like_title(block[k][1]) for k in run):
            if i == 0:
                headings.add(block[i][0])
        elif all(_looks_like_title(block[k][1]) for k in run):
            if j < len(block) and _is_row(texts, j) and not is_bullet(block[j][1]):
                pass  # rows of a list or table: "Mailing houses - To send products … (e.g. publications)"
            elif j < len(block) or i == 0 or len(run) <= 2:
                headings.update(block[k][0] for k in run)
        elif i > 0 and not any(_is_row(texts, k) for k in run):
            # "Dataskyddkontakt" above an address inside a single-newline file
            headings.add(block[i][0])
        # a block that starts with an address ("Acme AB / info@… / Storgatan 1") is body text
        i = max(j, i + 1)
    # a block that is nothing but short title-like lines after its first line is an address or list
    if len(headings) >= 3 and len(headings) == len(block):
        return {block[0][0]}
    return headings


def _is_short_colon_title(block: list[tuple[int, str]], next_block: list[tuple[int, str]] | None) -> bool:
    """'How to contact us:' standing alone above a paragraph is a heading, not a list lead-in."""
    if len(block) != 1 or next_block is None or is_bullet(next_block[0][1]):
        return False
    if len(next_block) == 1 and _is_list_item(next_block[0][1]):
        return False  # "Detta kan vara:" above "Namn, födelsedatum, personnummer": a list's lead-in
    text = _clean(block[0][1])
    return text.endswith(":") and len(text.split()) <= 5 and _looks_like_title(text[:-1])


def _is_lead_in(text: str) -> bool:
    return _clean(text).endswith(":")


def _is_row(texts: list[str], k: int) -> bool:
    """Line ``k`` of a block is a list or table row: no title, no address, and it ends no sentence,
    though the line after it (if any) starts a new one (a hard-wrapped paragraph goes on in lower case)."""
    text = texts[k]
    following = texts[k + 1] if k + 1 < len(texts) else ""
    return (
        bool(text)
        and text[-1] not in _SENTENCE_END
        and "@" not in text
        and sum(ch.isdigit() for ch in text) < 3
        and not _looks_like_title(text)
        and not following[:1].islower()
    )


def _is_list_item(line: str) -> bool:
    """A line standing alone that can be the next item of an open list: an unnumbered title, or a
    longer line that ends no sentence ("Att förse dig med produkter … och evenemang")."""
    text = _clean(line)
    if not text or _is_section_title(text):
        return False
    level = heading_level(text)
    return level == 3 or (level is None and text[-1] not in _SENTENCE_END and "@" not in text)


def _is_section_title(text: str) -> bool:
    """A title no list item looks like: numbered, a question, or in capitals."""
    level = heading_level(text)
    letters = [ch for ch in text if ch.isalpha()]
    return level in (1, 2) or (level == 3 and (text.endswith("?") or (len(letters) > 3 and text.isupper())))


def _is_lone_item(block: list[tuple[int, str]] | None) -> bool:
    return block is not None and len(block) == 1 and _is_list_item(block[0][1])


def _list_blocks(blocks: list[list[tuple[int, str]]]) -> set[int]:
    """Blocks that are items of a list written one short line per block: ``LIST_RUN`` or more such
    lines in a row are not headings nested in each other. The first may head them, unless a heading
    stands right above it."""
    single = [_is_lone_item(b) and heading_level(b[0][1]) == 3 for b in blocks]
    items: set[int] = set()
    i = 0
    while i < len(blocks):
        if not single[i]:
            i += 1
            continue
        j = i
        while j < len(blocks) and single[j]:
            j += 1
        if j - i >= LIST_RUN:
            above = blocks[i - 1] if i else None
            headed = above is not None and len(above) == 1 and heading_level(above[0][1]) is not None
            items.update(range(i if headed else i + 1, j))
        i = j
    return items


def _units(body: str, first_line: int) -> list[_Unit]:
    lines = body.split("\n")
    units: list[_Unit] = []
    path: list[tuple[int, str]] = []  # (level, title)
    last_was_heading = False
    open_list: str | None = None  # the lead-in whose items may follow, one short line per block

    blocks = _blocks(lines)
    listed = _list_blocks(blocks)
    previous_item = False
    for block_index, block in enumerate(blocks):
        next_block = blocks[block_index + 1] if block_index + 1 < len(blocks) else None
        item = block_index in listed or (
            open_list is not None
            and len(block) == 1
            and _is_list_item(block[0][1])
            and (previous_item or _is_lone_item(next_block))
        )
        if item:
            number, raw = block[0]
            section = tuple(t for _, t in path)
            units.append(_Unit(raw.strip(), number + first_line - 1, section, open_list))
            last_was_heading = False
            previous_item = True
            continue
        open_list = None
        previous_item = False
        headings = _heading_lines(block)
        if _is_short_colon_title(block, next_block):
            headings = {block[0][0]}
        multi_line_block = len(block) > 1
        lead_in: str | None = None
        paragraph: list[tuple[int, str]] = []

        def flush_paragraph() -> None:
            nonlocal paragraph
            if paragraph:
                text = "\n".join(t.strip() for _, t in paragraph)
                units.append(_Unit(text, paragraph[0][0] + first_line - 1, tuple(t for _, t in path)))
                paragraph = []

        for number, raw in block:
            text = raw.strip()
            if number in headings:
                flush_paragraph()
                lead_in = None
                level = heading_level(raw) or 3
                title = _clean(raw).rstrip(":")
                if level == 3 and last_was_heading and path:
                    path.append((max(path[-1][0], 3) + 1 if path[-1][0] >= 3 else 3, title))
                else:
                    while path and path[-1][0] >= level:
                        path.pop()
                    path.append((level, title))
                last_was_heading = True
                continue
            last_was_heading = False
            section = tuple(t for _, t in path)
            if is_bullet(raw):
                flush_paragraph()
                units.append(_Unit(text, number + first_line - 1, section, lead_in))
                continue
            if _is_lead_in(text):
                flush_paragraph()
                lead_in = text
                units.append(_Unit(text, number + first_line - 1, section, opens_list=True))
                if number == block[-1][0]:
                    open_list = text
                continue
            lead_in = None
            if multi_line_block and _looks_like_title(raw):
                # short line inside a block (an address line): keep it with its neighbours
                paragraph.append((number, raw))
                continue
            if multi_line_block and paragraph and not _looks_like_title(paragraph[-1][1]):
                flush_paragraph()
            paragraph.append((number, raw))
        flush_paragraph()
    return units


_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"“”'(\[A-ZÅÄÖÉ0-9•\-])")


def _split_long(text: str, limit: int) -> list[str]:
    """Sentence groups of at most ``limit`` characters (hard cuts on spaces for a run-on sentence)."""
    if len(text) <= limit:
        return [text]
    sentences = _SENTENCE_END_RE.split(text)
    pieces: list[str] = []
    for sentence in sentences:
        while len(sentence) > limit:
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            pieces.append(sentence[:cut].rstrip())
            sentence = sentence[cut:].lstrip()
        if sentence:
            pieces.append(sentence)
    groups: list[str] = []
    for piece in pieces:
        if groups and len(groups[-1]) + 1 + len(piece) <= limit:
            groups[-1] = groups[-1] + " " + piece
        else:
            groups.append(piece)
    return groups


def _pack(units: Iterable[_Unit], slug: str, target: int, limit: int) -> list[Clause]:
    """Pack neighbouring units of one section into clauses of at most ``limit`` characters."""
    clauses: list[Clause] = []
    buffer: list[str] = []
    buffer_line = 0
    buffer_section: tuple[str, ...] = ()

    def emit() -> None:
        nonlocal buffer
        if buffer:
            clauses.append(Clause(slug, len(clauses), buffer_section, "\n".join(buffer), buffer_line))
            buffer = []

    for unit in units:
        for piece in _split_long(unit.text, limit):
            same_section = unit.section == buffer_section
            size = sum(len(b) + 1 for b in buffer) + len(piece)
            if buffer and same_section and size <= target and not unit.opens_list:
                buffer.append(piece)
                continue
            emit()
            buffer_section = unit.section
            buffer_line = unit.line
            if (
                unit.lead_in
                and unit.lead_in != piece
                and len(unit.lead_in) <= MAX_REPEATED_LEAD_IN
                and len(unit.lead_in) + 1 + len(piece) <= limit
            ):
                buffer = [unit.lead_in, piece]
            else:
                buffer = [piece]
    emit()
    return clauses


def split_clauses(slug: str, body: str, first_line: int = 1, target: int = PACK_TARGET_CHARS) -> list[Clause]:
    """Split a policy body into clauses (each ≤ MAX_CLAUSE_CHARS, verbatim, with its heading path)."""
    return _pack(_units(body, first_line), slug, target, MAX_CLAUSE_CHARS)


# --------------------------------------------------------------------------- files


def slug_from_path(path: Path) -> str:
    stem = path.stem.lower()
    return re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "company"


def load_policy(path: Path, detect_language: object | None = None) -> Policy:
    """Load one policy file. Raises KnowledgeError (with a line number) when it can't be used."""
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise KnowledgeError(1, "file holds NUL bytes: not a text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise KnowledgeError(line, f"not valid UTF-8 ({exc.reason})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body, first_line = split_front_matter(text)
    slug = meta.get("slug") or slug_from_path(path)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise KnowledgeError(1, f"slug {slug!r} must be lower-case letters, digits and dashes")
    clauses = split_clauses(slug, body, first_line)
    if not clauses:
        raise KnowledgeError(first_line, "policy has no text")
    language = meta.get("language", "").lower()
    if language not in ("sv", "en"):
        if language:
            raise KnowledgeError(1, f"language must be 'sv' or 'en', not {language!r}")
        from bot.text.language import detect_language as detect

        language = detect(body[:4000], default="en")
    name = meta.get("name") or slug.replace("-", " ").title()
    return Policy(
        slug=slug,
        name=name,
        aliases=parse_aliases(meta.get("aliases", "")),
        language=language,
        clauses=tuple(clauses),
        path=path,
        source_url=meta.get("source_url") or None,
        effective_date=meta.get("effective_date") or None,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def policy_files(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.iterdir()
        if p.is_file()
        and p.suffix.lower() in POLICY_SUFFIXES
        and not p.name.startswith((".", "_"))
        and p.name.lower() != "readme.md"
    )


def load_knowledge(directory: Path | str) -> KnowledgeBase:
    """Load every policy file in ``directory``; broken files are reported, the rest still load."""
    directory = Path(directory)
    kb = KnowledgeBase(directory=directory)
    if not directory.is_dir():
        kb.errors.append(LoadError(directory, 0, "knowledge folder does not exist"))
        return kb
    for path in policy_files(directory):
        try:
            policy = load_policy(path)
        except KnowledgeError as exc:
            kb.errors.append(LoadError(path, exc.line, exc.message))
            continue
        except OSError as exc:
            kb.errors.append(LoadError(path, 0, f"cannot read file: {exc.strerror or exc}"))
            continue
        if policy.slug in kb.policies:
            kb.errors.append(
                LoadError(
                    path, 1, f"slug {policy.slug!r} is already used by {kb.policies[policy.slug].path.name}"
                )
            )
            continue
        kb.policies[policy.slug] = policy
    return kb
