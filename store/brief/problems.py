"""What is wrong with a brief: errors and warnings located by path and line, in any language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from reviewroom.store.i18n import t
from reviewroom.store.model import Section

Severity = Literal["error", "warning"]


GOALS = "goals"  # the Goals heading: a container of levels, not a section with items itself

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
