"""What a brief's criteria must say: the required sections, goals on each level, measurable
results and behaviour, and no example text left from the template."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from reviewroom.store.brief.problems import GOALS
from reviewroom.store.i18n import LANGUAGES, t
from reviewroom.store.model import GOAL_LEVELS, Criteria, Section

if TYPE_CHECKING:
    from reviewroom.store.brief.parse import State



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
# The levels checked for something measurable; see check_measurable for why only these two.
MEASURED_LEVELS = (Section.RESULT, Section.BEHAVIOUR)


def check_required(criteria: Criteria, state: State) -> None:
    """Errors for a missing problem, goals or concept, at their heading when there is one."""
    if not criteria.problem:
        state.add(state.headings.get(Section.PROBLEM, 1), "error", "brief.no_problem")
    if not any(criteria.section(level) for level in GOAL_LEVELS):
        lines = [state.headings[k] for k in (GOALS, *GOAL_LEVELS) if k in state.headings]
        state.add(min(lines, default=1), "error", "brief.no_goals")
    if not criteria.concept:
        state.add(state.headings.get(Section.CONCEPT, 1), "error", "brief.no_concept")


def check_levels(criteria: Criteria, state: State) -> None:
    """Warn about each empty goal level, at its heading, else at Goals, else at line 1."""
    for level in GOAL_LEVELS:
        if not criteria.section(level):
            line = state.headings.get(level) or state.headings.get(GOALS, 1)
            state.add(line, "warning", "brief.empty_level", level=level.value)


def check_measurable(state: State) -> None:
    """Warn about result and behaviour goals with no number, percentage or date in them.

    Only these two levels: results and on-the-job behaviour are what the client will check
    after launch, so they need a figure or a deadline. Knowledge and attitude goals are judged by
    assessment and observation and rarely carry numbers; warning on all of them would teach
    facilitators to ignore the warning.
    """
    for item in state.items:
        if item.section in MEASURED_LEVELS and item.text and not MEASURABLE.search(item.text):
            state.add(item.line, "warning", "brief.not_measurable", id=item.id)


def check_placeholders(state: State) -> None:
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
