"""Criteria -> brief.md: the canonical form, and the starter template of ``reviewroom new``."""

from __future__ import annotations

import re
import sys

import yaml

from reviewroom.store.brief.problems import GOALS
from reviewroom.store.i18n import DEFAULT_LANGUAGE, normalise_language, t
from reviewroom.store.model import GOAL_LEVELS, Criteria, Criterion, Section

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # markdown-it's notion of a line, unlike str.splitlines
TO_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#+!|&~])")  # what Markdown could read as markup inline


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
