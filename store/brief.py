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
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from reviewroom.store.errors import BriefError
from reviewroom.store.files import describe, read_regular
from reviewroom.store.i18n import DEFAULT_LANGUAGE, LANGUAGES, normalise_language, t
from reviewroom.store.model import GOAL_LEVELS, Criteria, Criterion, Section

Severity = Literal["error", "warning"]

GOALS = "goals"  # the Goals heading: a container of levels, not a section with items itself
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
LINE_BREAK = re.compile(r"\r\n|\r|\n")  # markdown-it's notion of a line, unlike str.splitlines
LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: any ASCII punctuation can be escaped
TO_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#+!|&~])")  # what Markdown could read as markup inline
HEADING_MARKUP = re.compile(r"[*_`]")
FRONT_MATTER_KEYS = ("title", "client", "vendor", "language")
# Deeper than this, a front-matter value is refused (YAML nests by recursion; see _too_deep).
FRONT_MATTER_DEPTH = 100
BRACKETS = re.compile(r"[\[\]{}]")
UTF8_BOM = b"\xef\xbb\xbf"

# Words that make a goal measurable besides digits and "%": English and Polish number words,
# ordinals, months and weekdays ("by their fifth shift", "do końca czerwca"). Polish forms are
# stems (``pięci\w*``) because the words inflect; short or ambiguous stems are spelled out.
_MEASURE_WORDS = (
    # English numbers and ordinals
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve",
    r"(?:thir|four|fif|six|seven|eigh|nine)teen(?:th)?",
    r"(?:twen|thir|for|fif|six|seven|eigh|nine)t(?:y|ieth)",
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth",
    r"hundred\w*|thousand\w*|million\w*|half|halve|twice|double|triple|dozens?|percent|per\s+cent",
    # English dates
    r"january|february|(?-i:March)|april|(?-i:May)|june|july|august|september|october|november",
    r"december",
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    # Polish numbers and ordinals
    r"jed(?:en|na|no|nego|nej|nym|nemu|ną)|dwa|dwie|dwóch|dwoma|dwu\w*|trzy|trzech|trzema",
    r"czter\w*|pięć|pięci\w*|sześć|sześci\w*|siedem|siedmi\w*|osiem|ośmi\w*|dziewięć|dziewięci\w*",
    r"dziesięć|dziesięci\w*|\w+naści\w*|\w+dzieści\w*|\w+dziesiąt\w*|sto|stu|setk\w*|tysi\w*",
    r"milion\w*|połow\w*|pół|dwukrotn\w*|trzykrotn\w*|procent\w*",
    r"pierwsz\w*|drug(?:i|a|ie|iej|iego|im|ą)|trzeci\w*|czwart\w*|piąt\w*|szóst\w*|siódm\w*",
    r"ósm\w*|dziewiąt\w*|dziesiąt\w*",
    # Polish dates
    r"stycz\w*|lut(?:y|ego|ym)|mar(?:zec|ca|cu)|kwie(?:cień|tnia|tniu)|maj|maja|maju",
    r"czerw(?:iec|ca|cu)|lip(?:iec|ca|cu)|sierp(?:ień|nia|niu)|wrze(?:sień|śnia|śniu)",
    r"październik\w*|listopad\w*|grud(?:zień|nia|niu)",
    r"poniedział\w*|wtor\w*|środ\w*|czwart\w*|piąt\w*|sobot\w*|niedziel\w*",
)
MEASURABLE = re.compile(r"\d|%|\b(?:" + "|".join(_MEASURE_WORDS) + r")\b", re.IGNORECASE)
# The levels checked for something measurable; see _check_measurable for why only these two.
MEASURED_LEVELS = (Section.RESULT, Section.BEHAVIOUR)

# Parameters holding a Section value, translated to the heading name when a message is rendered.
SECTION_PARAMS = frozenset({"kind", "section", "level"})

# Every catalog key this module uses, so a test can check both catalogs carry them.
MESSAGE_KEYS = (
    "brief.error",
    "brief.warning",
    "brief.invalid",
    "brief.missing",
    "brief.unreadable",
    "brief.encoding",
    "brief.front_matter",
    "brief.front_matter_deep",
    "brief.front_matter_shape",
    "brief.front_matter_value",
    "brief.unknown_language",
    "brief.unknown_heading",
    "brief.outside_section",
    "brief.no_level",
    "brief.nested_list",
    "brief.wrong_kind",
    "brief.duplicate_id",
    "brief.empty_item",
    "brief.implicit_id",
    "brief.no_problem",
    "brief.no_goals",
    "brief.no_concept",
    "brief.empty_level",
    "brief.not_measurable",
    "brief.placeholder",
    *(f"brief.heading.{name}" for name in (*(s.value for s in Section), GOALS)),
    *(f"brief.template.{s.value}" for s in Section),
)


@dataclass(frozen=True)
class BriefProblem:
    """One error or warning about a brief, located by path and 1-based line.

    It holds a catalog key and its parameters rather than a message, so the CLI, the TUI and
    :class:`BriefError` can each show it in the language they need.
    """

    path: str
    line: int
    severity: Severity
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """The problem in ``lang``; section names in the parameters are translated too."""
        params = {
            name: t(lang, f"brief.heading.{value}") if name in SECTION_PARAMS else value
            for name, value in self.params.items()
        }
        return t(lang, self.key, **params)

    def render(self, lang: str) -> str:
        """``path:line: error: message`` — the form editors, terminals and CI logs link up."""
        word = t(lang, f"brief.{self.severity}")
        return f"{self.path}:{self.line}: {word}: {self.message(lang)}"


@dataclass
class _Item:
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
class _State:
    """What the walk over the tokens has gathered so far."""

    path: str
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    section: Section | str | None = None
    headings: dict[Section | str, int] = field(default_factory=dict)  # first line of each
    items: list[_Item] = field(default_factory=list)
    problems: list[BriefProblem] = field(default_factory=list)

    def add(self, line: int, severity: Severity, key: str, **params: Any) -> None:
        """Record a problem."""
        self.problems.append(BriefProblem(self.path, line, severity, key, params))


# ------------------------------------------------------------------------------------ parsing


def _parser() -> MarkdownIt:
    """CommonMark (no extensions that could reinterpret a criterion) plus YAML front matter."""
    return MarkdownIt("commonmark").use(front_matter_plugin)


def parse_brief(text: str, path: str = "brief.md") -> tuple[Criteria, list[BriefProblem]]:
    """Parse a brief into its criteria and its warnings (sorted by line).

    Raises:
        BriefError: carrying every error, sorted by line, when there is at least one; the
            message is the first error in the brief's own language.
    """
    state = _State(path)
    _walk(_parser().parse(text.removeprefix("\ufeff")), state)
    criteria = _build(state)
    _check_required(criteria, state)
    _check_levels(criteria, state)
    _check_measurable(state)
    _check_placeholders(state)
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


def _walk(tokens: list[Token], state: _State) -> None:
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


def _front_matter(token: Token, state: _State) -> None:
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


def _heading(token: Token, content: str, state: _State) -> None:
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


def _item(token: Token, children: list[Token], state: _State) -> None:
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
    state.items.append(_Item(section, line, text, None if wrong else number, wrong))


def _item_section(
    current: Section | str, letter: str | None, line: int, state: _State
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


def _build(state: _State) -> Criteria:
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


def _check_required(criteria: Criteria, state: _State) -> None:
    """Errors for a missing problem, goals or concept, at their heading when there is one."""
    if not criteria.problem:
        state.add(state.headings.get(Section.PROBLEM, 1), "error", "brief.no_problem")
    if not any(criteria.section(level) for level in GOAL_LEVELS):
        lines = [state.headings[k] for k in (GOALS, *GOAL_LEVELS) if k in state.headings]
        state.add(min(lines, default=1), "error", "brief.no_goals")
    if not criteria.concept:
        state.add(state.headings.get(Section.CONCEPT, 1), "error", "brief.no_concept")


def _check_levels(criteria: Criteria, state: _State) -> None:
    """Warn about each empty goal level, at its heading, else at Goals, else at line 1."""
    for level in GOAL_LEVELS:
        if not criteria.section(level):
            line = state.headings.get(level) or state.headings.get(GOALS, 1)
            state.add(line, "warning", "brief.empty_level", level=level.value)


def _check_measurable(state: _State) -> None:
    """Warn about result and behaviour goals with no number, percentage or date in them.

    Only these two levels: results and on-the-job behaviour are what the client will check
    after launch, so they need a figure or a deadline. Knowledge and attitude goals are judged by
    assessment and observation and rarely carry numbers; warning on all of them would teach
    facilitators to ignore the warning.
    """
    for item in state.items:
        if item.section in MEASURED_LEVELS and item.text and not MEASURABLE.search(item.text):
            state.add(item.line, "warning", "brief.not_measurable", id=item.id)


def _check_placeholders(state: _State) -> None:
    """Warn about items still holding the example text of ``reviewroom new``'s template.

    The template parses cleanly so a project can be created at once, but a brief whose criteria
    are its examples is not ready for a meeting: ``check`` must not call it OK without a word.
    """
    examples = _template_texts()
    for item in state.items:
        if _folded(item.text) in examples:
            state.add(item.line, "warning", "brief.placeholder", id=item.id)


@cache
def _template_texts() -> frozenset[str]:
    """Every example item text of the template, in every language, folded for comparison."""
    return frozenset(
        _folded(t(lang, f"brief.template.{section.value}"))
        for lang in LANGUAGES
        for section in Section
    )


def _folded(text: str) -> str:
    """Case and spacing ignored, so a re-flowed or re-cased example is still recognised."""
    return " ".join(text.split()).casefold()


# ---------------------------------------------------------------------------------- rendering


def render_brief(criteria: Criteria) -> str:
    """The canonical brief (DESIGN.md §5): front matter, title, every section, explicit IDs.

    Headings are in the criteria's language; empty goal levels keep their heading so the
    facilitator sees where a goal is missing. Item text is backslash-escaped where Markdown
    would read it as markup, so ``parse_brief(render_brief(c))[0] == c`` for single-line texts.
    """
    lang = normalise_language(criteria.language)
    meta = {
        "title": criteria.title,
        "client": criteria.client,
        "vendor": criteria.vendor,
        "language": criteria.language,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=sys.maxsize)
    lines = ["---", front.strip(), "---", "", f"# {_escape(criteria.title)}".rstrip(), ""]
    lines += [_heading_line(2, Section.PROBLEM.value, lang), *_items(criteria.problem), ""]
    lines.append(_heading_line(2, GOALS, lang))
    for level in GOAL_LEVELS:
        lines += [_heading_line(3, level.value, lang), *_items(criteria.section(level))]
    lines += ["", _heading_line(2, Section.CONCEPT.value, lang), *_items(criteria.concept)]
    return "\n".join(lines) + "\n"


def _heading_line(depth: int, name: str, lang: str) -> str:
    """``## Problem`` in the brief's language."""
    return f"{'#' * depth} {t(lang, f'brief.heading.{name}')}"


def _items(items: tuple[Criterion, ...]) -> list[str]:
    """``- ID: text`` lines."""
    return [f"- {item.id}: {_escape(item.text)}".rstrip() for item in items]


def _escape(text: str) -> str:
    """Backslash-escape Markdown punctuation so the text stays literal when rendered.

    Line breaks become spaces: an item is one line, and a newline would end the statement.
    """
    return TO_ESCAPE.sub(r"\\\1", LINE_BREAK.sub(" ", text))


def brief_template(title: str, client: str, vendor: str, language: str) -> str:
    """A starter brief for ``reviewroom new``: one placeholder per section, in ``language``.

    It parses without errors, so a new project can be created from it right away; its example
    items come back as ``brief.placeholder`` warnings until they are replaced.
    """
    lang = normalise_language(language or DEFAULT_LANGUAGE)

    def placeholder(section: Section) -> tuple[Criterion, ...]:
        return (Criterion(f"{section.prefix}1", t(lang, f"brief.template.{section.value}")),)

    sections = {section.value: placeholder(section) for section in Section}
    return render_brief(
        Criteria(**sections, title=title, client=client, vendor=vendor, language=lang)
    )
