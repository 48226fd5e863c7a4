"""brief.md <-> Criteria: the human-editable source of the current criteria.

``parse`` reads a brief with markdown-it-py so every problem has its ``path:line``; ``checks``
adds the warnings and errors about what the criteria say; ``render`` writes the canonical brief
and the starter template; ``problems`` is what a check reports.
"""

from reviewroom.store.brief.parse import parse_brief, read_brief
from reviewroom.store.brief.problems import MESSAGE_KEYS, BriefProblem
from reviewroom.store.brief.render import brief_template, render_brief

__all__ = [
    "MESSAGE_KEYS",
    "BriefProblem",
    "brief_template",
    "parse_brief",
    "read_brief",
    "render_brief",
]
