"""brief.md <-> Criteria, parsed with markdown-it-py so every problem has its ``path:line``.

The brief is the human-editable source of the current criteria. Parsing is lenient where a
facilitator would expect it (English or Polish headings, any case, implicit IDs, goals written
outside the Goals heading) and strict where a mistake would corrupt the record (duplicate IDs, IDs
of the wrong kind, missing sections, empty items, broken front matter).

Item text is taken from the *source* of each bullet (markdown-it's inline content, i.e. the raw
text with container markers removed) rather than rebuilt from the rendered inline tokens: that is
exactly what the facilitator typed, so ``**R1**`` or ``5 * 3`` stay as written, and with backslash
escapes undone it is the exact inverse of :func:`render_brief`'s escaping.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from reviewroom.store.brief.checks import (
    check_levels,
    check_measurable,
    check_placeholders,
    check_required,
)
from reviewroom.store.brief.problems import GOALS, BriefProblem, Severity
from reviewroom.store.brief.render import LINE_BREAK
from reviewroom.store.errors import BriefError
from reviewroom.store.files import describe, read_regular
from reviewroom.store.i18n import DEFAULT_LANGUAGE, LANGUAGES, normalise_language
from reviewroom.store.model import Criteria, Criterion, Section

UNKNOWN = "unknown"  # under an unknown heading: its items are ignored (the heading was warned)

# Headings a facilitator may write (compared case-insensitively), in English or Polish.
HEADINGS: dict[str, Section | str] = {
    "problem": Section.PROBLEM,
    "problems": Section.PROBLEM,
    "problemy": Section.PROBLEM,
    "goal": GOALS,
    "goals": GOALS,
    "cel": GOALS,
    "cele": GOALS,
    "result": Section.RESULT,
    "results": Section.RESULT,
    "rezultat": Section.RESULT,
    "rezultaty": Section.RESULT,
    "behaviour": Section.BEHAVIOUR,
    "behavior": Section.BEHAVIOUR,
    "behaviours": Section.BEHAVIOUR,
    "behaviors": Section.BEHAVIOUR,
    "zachowanie": Section.BEHAVIOUR,
    "zachowania": Section.BEHAVIOUR,
    "knowledge": Section.KNOWLEDGE,
    "wiedza": Section.KNOWLEDGE,
    "attitude": Section.ATTITUDE,
    "attitudes": Section.ATTITUDE,
    "nastawienie": Section.ATTITUDE,
    "postawa": Section.ATTITUDE,
    "postawy": Section.ATTITUDE,
    "concept": Section.CONCEPT,
    "koncepcja": Section.CONCEPT,
}

# ``R1: text`` — one letter, digits, a colon, then whitespace (or nothing: an empty item).
ITEM_ID = re.compile(r"([A-Za-z])([0-9]+):(?:[ \t]+(.*))?", re.DOTALL)
LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: any ASCII punctuation can be escaped
HEADING_MARKUP = re.compile(r"[*_`]")
FRONT_MATTER_KEYS = ("title", "client", "vendor", "language")
# Deeper than this, a front-matter value is refused (YAML nests by recursion; see _too_deep).
FRONT_MATTER_DEPTH = 100
BRACKETS = re.compile(r"[\[\]{}]")
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class Item:
    """A bullet as read, before implicit IDs are numbered.

    ``wrong_kind`` items already raised an error; they are kept so the section does not also
    look empty, but they take no part in duplicate checks.
    """

    section: Section
    line: int
    text: str
    number: int | None
    wrong_kind: bool = False

    @property
    def id(self) -> str:
        """The item's ID once numbered."""
        return f"{self.section.prefix}{self.number}"


@dataclass
class State:
    """What the walk over the tokens has gathered so far."""

    path: str
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    section: Section | str | None = None
    headings: dict[Section | str, int] = field(default_factory=dict)  # first line of each
    items: list[Item] = field(default_factory=list)
    problems: list[BriefProblem] = field(default_factory=list)

    def add(self, line: int, severity: Severity, key: str, **params: Any) -> None:
        """Record a problem."""
        self.problems.append(BriefProblem(self.path, line, severity, key, params))



# ------------------------------------------------------------------------------------ parsing


def _parser() -> MarkdownIt:
    """CommonMark (no extensions that could reinterpret a criterion) plus YAML front matter.

    Block structure only: the walk reads each inline token's source (``content``), never its
    children, so the inline pass is off. It was also the slow part: markdown-it's link-label
    scan is slow on a line of unmatched ``[`` (50,000 of them took 1.1 s; now 10 ms).
    """
    return MarkdownIt("commonmark").use(front_matter_plugin).disable("inline")


def parse_brief(text: str, path: str = "brief.md") -> tuple[Criteria, list[BriefProblem]]:
    """Parse a brief into its criteria and its warnings (sorted by line).

    Raises:
        BriefError: carrying every error, sorted by line, when there is at least one; the
            message is the first error in the brief's own language.
    """
    state = State(path)
    _walk(_parser().parse(text.removeprefix("\ufeff")), state)
    criteria = _build(state)
    check_required(criteria, state)
    check_levels(criteria, state)
    check_measurable(state)
    check_placeholders(state)
    errors = _sorted(p for p in state.problems if p.severity == "error")
    if errors:
        raise BriefError(errors, lang=criteria.language)
    return criteria, _sorted(p for p in state.problems if p.severity == "warning")


def read_brief(path: Path) -> tuple[Criteria, list[BriefProblem]]:
    """Read and parse a brief file.

    The bytes are decoded as strict UTF-8 (a BOM is accepted) so a brief saved in another
    encoding is reported instead of silently turning Polish letters into garbage.

    Raises:
        BriefError: a missing or unreadable file, bad UTF-8, or any error of :func:`parse_brief`.
    """
    name = str(path)
    try:
        raw = read_regular(path, follow_symlinks=True)  # a FIFO is refused, never waited on
    except FileNotFoundError:
        raise BriefError([BriefProblem(name, 1, "error", "brief.missing")]) from None
    except OSError as exc:
        detail = describe(exc, DEFAULT_LANGUAGE)
        problem = BriefProblem(name, 1, "error", "brief.unreadable", {"detail": detail})
        raise BriefError([problem]) from None
    skip = len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0
    try:
        text = raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = len(LINE_BREAK_BYTES.split(raw[:offset]))
        problem = BriefProblem(name, line, "error", "brief.encoding", {"offset": offset})
        raise BriefError([problem]) from None
    return parse_brief(text, name)


def _sorted(problems: Iterator[BriefProblem]) -> list[BriefProblem]:
    """By line, keeping the order they were found in on the same line."""
    return sorted(problems, key=lambda p: p.line)


def _line(token: Token) -> int:
    """1-based line of a block token (markdown-it maps are 0-based)."""
    return token.map[0] + 1 if token.map else 1


def _walk(tokens: list[Token], state: State) -> None:
    """Visit the front matter, top-level headings and top-level list items in document order.

    Only level-0 headings and items of level-0 lists count: a heading inside a blockquote or a
    bullet nested in another bullet is prose, not structure.
    """
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            _front_matter(token, state)
        elif token.type == "heading_open" and token.level == 0:
            _heading(token, tokens[index + 1].content, state)
        elif token.type == "list_item_open" and token.level == 1:
            _item(token, _item_children(tokens, index), state)


def _item_children(tokens: list[Token], start: int) -> list[Token]:
    """The tokens between a level-1 ``list_item_open`` and its close."""
    children = []
    for token in tokens[start + 1 :]:
        if token.type == "list_item_close" and token.level == 1:
            break
        children.append(token)
    return children


def _front_matter(token: Token, state: State) -> None:
    """Read title, client, vendor and language; a YAML error points at its line in the file."""
    deep = _too_deep(token.content)
    if deep is not None:  # refused before parsing: YAML would recurse level by level
        state.add(deep, "error", "brief.front_matter_deep", limit=FRONT_MATTER_DEPTH)
        return
    try:
        data = yaml.safe_load(token.content) if token.content.strip() else {}
    except RecursionError:  # deep in a way the line scan does not see
        state.add(2, "error", "brief.front_matter_deep", limit=FRONT_MATTER_DEPTH)
        return
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the "---"
        detail = str(getattr(exc, "problem", None) or exc).strip()
        state.add(line, "error", "brief.front_matter", detail=detail)
        return
    if not isinstance(data, dict):
        state.add(1, "error", "brief.front_matter_shape")
        return
    for key in FRONT_MATTER_KEYS:
        value = data.get(key)
        if isinstance(value, dict | list | set):
            line = _key_line(token.content, key)
            state.add(line, "error", "brief.front_matter_value", name=key)
            data.pop(key)
    language = data.get("language")
    if language is not None and _language_code(str(language)) not in LANGUAGES:
        line = _key_line(token.content, "language")
        state.add(line, "warning", "brief.unknown_language", value=str(language))
    state.meta = data


def _too_deep(content: str) -> int | None:
    """The file line where the front matter first nests deeper than FRONT_MATTER_DEPTH levels.

    Brackets and indentation both nest YAML; its parser recurses once per level (and scans deep
    flow collections slowly), so a value nested thousands deep would exhaust Python's stack
    instead of giving a YAMLError with a line. None when nothing is that deep.
    """
    depth = 0
    for number, text in enumerate(LINE_BREAK.split(content)):
        indent = len(text) - len(text.lstrip(" "))
        for bracket in BRACKETS.findall(text):
            depth += 1 if bracket in "[{" else -1
            if depth > FRONT_MATTER_DEPTH:
                break
        if depth > FRONT_MATTER_DEPTH or indent > 2 * FRONT_MATTER_DEPTH:
            return number + 2  # +1 for 1-based, +1 for the "---"
    return None


def _language_code(value: str) -> str:
    """``pl-PL`` -> ``pl``: the part of a language tag :func:`normalise_language` looks at."""
    return value.strip().lower().replace("_", "-").split("-")[0]


def _key_line(content: str, key: str) -> int:
    """The file line of ``key:`` in the front matter, for messages about one value."""
    for number, text in enumerate(LINE_BREAK.split(content)):
        if re.match(rf"\s*{re.escape(key)}\s*:", text):
            return number + 2
    return 1


def _heading(token: Token, content: str, state: State) -> None:
    """Take the first ``#`` as the title; switch section on a known heading, warn on others."""
    line = _line(token)
    if token.tag == "h1" and state.title is None:
        state.title = _unescape(content.strip())
        state.section = None
        return
    name = HEADING_MARKUP.sub("", content).strip().rstrip(":").strip().casefold()
    section = HEADINGS.get(name)
    if section is None:
        state.add(line, "warning", "brief.unknown_heading", heading=content.strip())
        state.section = UNKNOWN
        return
    state.headings.setdefault(section, line)
    state.section = section


def _item(token: Token, children: list[Token], state: State) -> None:
    """Read one bullet under the current section, with or without an explicit ID."""
    line = _line(token)
    if state.section == UNKNOWN:
        return
    if state.section is None:
        state.add(line, "warning", "brief.outside_section")
        return
    if any(c.type in ("bullet_list_open", "ordered_list_open") for c in children):
        state.add(line, "warning", "brief.nested_list")
    text = _item_text(children)
    number, letter = None, None
    match = ITEM_ID.fullmatch(text)
    if match and Section.for_id(match.group(1)) is not None:
        letter, number, text = match.group(1).upper(), int(match.group(2)), match.group(3) or ""
    section = _item_section(state.section, letter, line, state)
    if section is None:
        return
    wrong = letter is not None and letter != section.prefix
    if wrong:
        kind = Section.for_id(letter or "")
        assert kind is not None
        state.add(
            line,
            "error",
            "brief.wrong_kind",
            id=f"{letter}{number}",
            kind=kind.value,
            section=section.value,
            prefix=section.prefix,
        )
    if not text:
        state.add(line, "error", "brief.empty_item")
    state.items.append(Item(section, line, text, None if wrong else number, wrong))


def _item_section(
    current: Section | str, letter: str | None, line: int, state: State
) -> Section | None:
    """The section an item belongs to; under a bare Goals heading its ID letter decides.

    A goal written straight under ``## Goals`` with an explicit ``R1:`` is unambiguous, so it is
    accepted; without a goal ID we cannot guess its level, which would silently change meaning.
    """
    if isinstance(current, Section):
        return current
    kind = Section.for_id(letter) if letter else None
    if kind is not None and kind.is_goal:
        return kind
    state.add(line, "error", "brief.no_level")
    return None


def _item_text(children: list[Token]) -> str:
    """The item's literal text: its own paragraphs' source, one line, escapes undone.

    Paragraphs of nested lists are skipped (they were warned about); lines are joined with one
    space because a criterion is a single statement.
    """
    depth = 0
    parts: list[str] = []
    for index, token in enumerate(children):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "paragraph_open" and depth == 0:
            content = children[index + 1].content
            parts += [line.strip() for line in LINE_BREAK.split(content) if line.strip()]
    return _unescape(" ".join(parts))


def _unescape(text: str) -> str:
    """Undo CommonMark backslash escapes, the inverse of :func:`_escape`."""
    return ESCAPED.sub(r"\1", text)


def _build(state: State) -> Criteria:
    """Report duplicate IDs, number implicit IDs after every explicit one, assemble Criteria.

    Implicit IDs are handed out only once every explicit ID is known, so an unnumbered bullet
    above ``R3`` never takes ``R3`` away from it.
    """
    taken: dict[str, int] = {}
    for item in state.items:
        if item.number is None:
            continue
        if item.id in taken:
            state.add(item.line, "error", "brief.duplicate_id", id=item.id, first=taken[item.id])
        else:
            taken[item.id] = item.line
    sections: dict[Section, list[Criterion]] = {s: [] for s in Section}
    for item in state.items:
        if item.number is None:
            item.number = _next_free(item.section, taken)
            taken[item.id] = item.line
            if not item.wrong_kind:
                state.add(item.line, "warning", "brief.implicit_id", id=item.id)
        sections[item.section].append(Criterion(item.id, item.text))
    meta = state.meta
    return Criteria(
        **{s.value: tuple(items) for s, items in sections.items()},
        title=_meta_text(meta.get("title")) or state.title or "",
        client=_meta_text(meta.get("client")),
        vendor=_meta_text(meta.get("vendor")),
        language=normalise_language(_meta_text(meta.get("language"))),
    )


def _meta_text(value: Any) -> str:
    """A front-matter value as text; YAML may have read ``2024`` or ``yes`` as a non-string."""
    return "" if value is None else str(value)


def _next_free(section: Section, taken: dict[str, int]) -> int:
    """The number after the highest ID of ``section`` taken so far."""
    numbers = [int(cid[1:]) for cid in taken if cid[0] == section.prefix]
    return max(numbers, default=0) + 1
