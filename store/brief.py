"""brief.md <-> Criteria, parsed with markdown-it-py so every problem has its ``path:line``.

The brief is the human-editable source of the current criteria. Parsing is lenient where a
facilitator would expect it (English or Polish headings, any case, implicit IDs) and strict where
a mistake would corrupt the record (duplicate IDs, IDs of the wrong kind, missing sections).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from store.errors import BriefError
from store.i18n import normalise_language, t
from store.model import GOAL_LEVELS, Criteria, Criterion, Section

Severity = Literal["error", "warning"]

# Headings a facilitator may write, case-insensitively, in English or Polish.
HEADINGS: dict[str, Section | str] = {
    "problem": Section.PROBLEM,
    "problems": Section.PROBLEM,
    "problemy": Section.PROBLEM,
    "goals": "goals",
    "cele": "goals",
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
# Canonical headings written back by render_brief, per language.
RENDER_HEADINGS = {
    "en": {
        "problem": "Problem",
        "goals": "Goals",
        "result": "Result",
        "behaviour": "Behaviour",
        "knowledge": "Knowledge",
        "attitude": "Attitude",
        "concept": "Concept",
    },
    "pl": {
        "problem": "Problem",
        "goals": "Cele",
        "result": "Rezultat",
        "behaviour": "Zachowanie",
        "knowledge": "Wiedza",
        "attitude": "Nastawienie",
        "concept": "Koncepcja",
    },
}
ITEM_ID = re.compile(r"([A-Za-z])([1-9][0-9]*):[ \t]+(.*)", re.DOTALL)
MEASURABLE = re.compile(r"\d")
LINE_BREAK = re.compile(r"\r\n|\r|\n")  # markdown-it's notion of a line, unlike str.splitlines
BULLET = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]?")
ESCAPABLE = re.compile(r"\\([!-/:-@\[-`{-~])")
TO_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#+!|&~])")


@dataclass(frozen=True)
class BriefProblem:
    """One error or warning about a brief, located by path and 1-based line."""

    path: str
    line: int
    severity: Severity
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """The problem in ``lang``."""
        return t(lang, self.key, **self.params)

    def render(self, lang: str) -> str:
        """``path:line: error: message`` — the form editors and CI logs understand."""
        word = t(lang, f"brief.{self.severity}")
        return f"{self.path}:{self.line}: {word}: {self.message(lang)}"


@dataclass
class _Item:
    """A bullet as read, before implicit IDs are numbered."""

    section: Section
    line: int
    text: str
    number: int | None


@dataclass
class _State:
    """What the walk over the tokens has gathered so far."""

    path: str
    source: list[str]
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    section: Section | str | None = None
    items: list[_Item] = field(default_factory=list)
    problems: list[BriefProblem] = field(default_factory=list)
    seen_goals: bool = False

    def add(self, line: int, severity: Severity, key: str, **params: Any) -> None:
        """Record a problem."""
        self.problems.append(BriefProblem(self.path, line, severity, key, params))


def _parser() -> MarkdownIt:
    """CommonMark with YAML front matter; built per call since MarkdownIt holds state."""
    return MarkdownIt("commonmark").use(front_matter_plugin)


def parse_brief(text: str, path: str = "brief.md") -> tuple[Criteria, list[BriefProblem]]:
    """Parse a brief into criteria and its warnings.

    Raises:
        BriefError: with every error, sorted by line, when there is at least one.
    """
    text = text.removeprefix("\ufeff")
    state = _State(path, LINE_BREAK.split(text))
    tokens = _parser().parse(text)
    _walk(tokens, state)
    criteria = _build(state)
    _check_required(criteria, state)
    errors = sorted((p for p in state.problems if p.severity == "error"), key=lambda p: p.line)
    if errors:
        raise BriefError(errors, lang=criteria.language)
    warnings = sorted((p for p in state.problems if p.severity == "warning"), key=lambda p: p.line)
    return criteria, warnings


def read_brief(path: Path) -> tuple[Criteria, list[BriefProblem]]:
    """Read and parse a brief file; an unreadable file or bad UTF-8 is a BriefError too."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problem = BriefProblem(
            str(path), 1, "error", "brief.unreadable", {"detail": exc.strerror or str(exc)}
        )
        raise BriefError([problem]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = BriefProblem(str(path), line, "error", "brief.encoding", {"offset": exc.start})
        raise BriefError([problem]) from None
    return parse_brief(text, str(path))


def _walk(tokens: list[Token], state: _State) -> None:
    """Visit front matter, headings and top-level list items in document order."""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "front_matter":
            _front_matter(token, state)
        elif token.type == "heading_open":
            _heading(token, tokens[i + 1].content, state)
        elif token.type == "list_item_open" and token.level == 1:
            _item(token, state)
        i += 1


def _line(token: Token) -> int:
    """1-based line of a token (markdown-it maps are 0-based)."""
    return token.map[0] + 1 if token.map else 1


def _front_matter(token: Token, state: _State) -> None:
    """Read title, client, vendor and language; a YAML error points at its line."""
    try:
        data = yaml.safe_load(token.content) if token.content.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        state.add(line, "error", "brief.front_matter", detail=str(getattr(exc, "problem", exc)))
        return
    if not isinstance(data, dict):
        state.add(1, "error", "brief.front_matter_shape")
        return
    state.meta = data


def _heading(token: Token, content: str, state: _State) -> None:
    """Switch section on a known heading; warn about one we do not know."""
    if token.tag == "h1":
        state.title = state.title or content.strip()
        state.section = None
        return
    name = content.strip().rstrip(":").strip().casefold()
    section = HEADINGS.get(name)
    if section is None:
        state.add(_line(token), "warning", "brief.unknown_heading", heading=content.strip())
        state.section = "unknown"
        return
    if section == "goals":
        state.seen_goals = True
    state.section = section


def _item(token: Token, state: _State) -> None:
    """Read one bullet under the current section, with or without an explicit ID."""
    if not isinstance(state.section, Section):
        return
    line = _line(token)
    text = _item_text(token, state)
    match = ITEM_ID.fullmatch(text)
    number = None
    if match:
        kind = Section.for_id(match.group(1))
        if kind is not state.section:
            state.add(
                line,
                "error",
                "brief.wrong_kind",
                id=match.group(1).upper() + match.group(2),
                prefix=state.section.prefix,
            )
        number, text = int(match.group(2)), match.group(3)
    if not text.strip():
        state.add(line, "error", "brief.empty_item")
    state.items.append(_Item(state.section, line, text, number))


def _item_text(token: Token, state: _State) -> str:
    """The item's literal text from the source lines, with backslash escapes undone.

    Reading the source (rather than re-assembling inline tokens) gives back exactly what the
    facilitator typed, emphasis markers and all, so render(parse(x)) keeps their wording.
    """
    assert token.map is not None
    start, end = token.map
    lines = state.source[start:end]
    first = BULLET.sub("", lines[0], count=1) if lines else ""
    rest = [line.strip() for line in lines[1:] if line.strip()]
    joined = " ".join([first.strip(), *rest]).strip()
    return ESCAPABLE.sub(r"\1", joined)


def _build(state: _State) -> Criteria:
    """Number implicit IDs after every explicit one, report duplicates, assemble Criteria."""
    taken: dict[str, int] = {}
    for item in state.items:
        if item.number is None:
            continue
        cid = f"{item.section.prefix}{item.number}"
        if cid in taken:
            state.add(item.line, "error", "brief.duplicate_id", id=cid, first=taken[cid])
        else:
            taken[cid] = item.line
    sections: dict[Section, list[Criterion]] = {s: [] for s in Section}
    for item in state.items:
        if item.number is None:
            item.number = _next_free(item.section, taken)
            taken[f"{item.section.prefix}{item.number}"] = item.line
            state.add(
                item.line, "warning", "brief.implicit_id", id=f"{item.section.prefix}{item.number}"
            )
        sections[item.section].append(Criterion(f"{item.section.prefix}{item.number}", item.text))
    meta = state.meta
    return Criteria(
        **{s.value: tuple(items) for s, items in sections.items()},
        title=str(meta.get("title") or state.title or ""),
        client=str(meta.get("client") or ""),
        vendor=str(meta.get("vendor") or ""),
        language=normalise_language(str(meta.get("language") or "")),
    )


def _next_free(section: Section, taken: dict[str, int]) -> int:
    """The lowest number above every ID of ``section`` already taken."""
    numbers = [int(cid[1:]) for cid in taken if cid[0] == section.prefix]
    return max(numbers, default=0) + 1


def _check_required(criteria: Criteria, state: _State) -> None:
    """Errors for missing sections; warnings for empty levels and unmeasurable goals."""
    last = max(len(state.source), 1)
    if not criteria.problem:
        state.add(last, "error", "brief.no_problem")
    if not any(criteria.section(level) for level in GOAL_LEVELS):
        state.add(last, "error", "brief.no_goals")
    if not criteria.concept:
        state.add(last, "error", "brief.no_concept")
    if any(criteria.section(level) for level in GOAL_LEVELS):
        for level in GOAL_LEVELS:
            if not criteria.section(level):
                state.add(last, "warning", "brief.empty_level", level=level.value)
    lines = {(i.section, i.text): i.line for i in state.items}
    for level in (Section.RESULT, Section.BEHAVIOUR):
        for item in criteria.section(level):
            if not MEASURABLE.search(item.text):
                state.add(
                    lines.get((level, item.text), 1), "warning", "brief.not_measurable", id=item.id
                )


def render_brief(criteria: Criteria) -> str:
    """The canonical brief: front matter, title, every section with explicit IDs.

    Item text is backslash-escaped where Markdown would read it as markup, so
    ``parse_brief(render_brief(c))`` gives back ``c``.
    """
    names = RENDER_HEADINGS[normalise_language(criteria.language)]
    meta = {
        "title": criteria.title,
        "client": criteria.client,
        "vendor": criteria.vendor,
        "language": criteria.language,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000).strip()
    lines = ["---", front, "---", "", f"# {_escape(criteria.title)}", ""]
    lines += [f"## {names['problem']}", *_items(criteria.problem), "", f"## {names['goals']}"]
    for level in GOAL_LEVELS:
        lines += [f"### {names[level.value]}", *_items(criteria.section(level))]
    lines += ["", f"## {names['concept']}", *_items(criteria.concept)]
    return "\n".join(lines) + "\n"


def _items(items: tuple[Criterion, ...]) -> list[str]:
    """``- ID: text`` lines."""
    return [f"- {item.id}: {_escape(item.text)}" for item in items]


def _escape(text: str) -> str:
    """Backslash-escape Markdown punctuation so the text stays literal."""
    return TO_ESCAPE.sub(r"\\\1", LINE_BREAK.sub(" ", text))


def brief_template(title: str, client: str, vendor: str, language: str) -> str:
    """A starter brief for ``reviewroom new``: valid, with one placeholder item per section."""
    lang = normalise_language(language)
    criteria = Criteria(
        problem=(Criterion("P1", t(lang, "brief.template.problem")),),
        result=(Criterion("R1", t(lang, "brief.template.result")),),
        behaviour=(Criterion("B1", t(lang, "brief.template.behaviour")),),
        knowledge=(Criterion("K1", t(lang, "brief.template.knowledge")),),
        attitude=(Criterion("A1", t(lang, "brief.template.attitude")),),
        concept=(Criterion("C1", t(lang, "brief.template.concept")),),
        title=title,
        client=client,
        vendor=vendor,
        language=lang,
    )
    return render_brief(criteria)
