"""A criteria revision built one item at a time, and what it would do before it is saved.

IDs are what requests and staleness rest on, so a revision never renumbers an item and a new
item never takes an ID that any version ever had (:func:`next_id`; ``Project.revise_criteria``
refuses a reused one whatever made the revision). :class:`CriteriaDraft` keeps the facilitator's
edits until they are saved; :func:`new_warnings` says which brief warnings a revision brings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from reviewroom.store.errors import BriefError
from reviewroom.store.model import Criteria, Criterion, Section

if TYPE_CHECKING:
    from reviewroom.store.brief import BriefProblem


def id_number(item_id: str) -> int:
    """The number of an ID such as ``R12`` (0 when it has none)."""
    digits = item_id[1:]
    return int(digits) if digits.isascii() and digits.isdigit() else 0


def next_id(section: Section, used: Iterable[str]) -> str:
    """The next ID of ``section`` above every one of its IDs in ``used`` (``R3`` after R1, R2).

    Counting from the highest rather than filling gaps: a gap is an item some version removed,
    and a request or a stale verdict may still name it.
    """
    numbers = [id_number(cid) for cid in used if Section.for_id(cid) is section]
    return f"{section.prefix}{max(numbers, default=0) + 1}"


def reused_ids(added: Iterable[str], ever: Iterable[str]) -> list[str]:
    """The IDs in ``added`` that some earlier version already had (compared case-insensitively)."""
    known = {cid.upper() for cid in ever}
    return [cid for cid in added if cid.upper() in known]


@dataclass(frozen=True)
class DraftItem:
    """One row of a draft: the item as it will be saved, and what it was (None: added)."""

    section: Section
    id: str
    text: str
    was: str | None
    removed: bool = False

    @property
    def changed(self) -> bool:
        """Added, removed or reworded."""
        return self.removed or self.was != self.text


@dataclass(frozen=True)
class Change:
    """One line of a revision's preview: an ID, its text before and after (None: none)."""

    id: str
    was: str | None
    now: str | None


class CriteriaDraft:
    """The current criteria with a facilitator's additions, rewordings and removals.

    Args:
        base: the current criteria.
        used: every ID any version ever had, so an added item never takes one of them.
    """

    def __init__(self, base: Criteria, used: Iterable[str] = ()) -> None:
        self.base = base
        self._used = set(used) | set(base.by_id())
        self._items = [DraftItem(section, item.id, item.text, item.text)
                       for section, item in base.items()]

    def items(self, section: Section) -> list[DraftItem]:
        """The rows of one section, in order (removed ones too, marked)."""
        return [item for item in self._items if item.section is section]

    def item(self, item_id: str) -> DraftItem:
        """One row by ID (KeyError when there is none)."""
        return next(item for item in self._items if item.id == item_id)

    def upcoming(self, section: Section) -> str:
        """The ID the next item added to ``section`` will get."""
        return next_id(section, self._used)

    def add(self, section: Section, text: str) -> DraftItem:
        """Add an item at the end of ``section`` under the next ID nobody ever had."""
        item = DraftItem(section, self.upcoming(section), text, None)
        self._used.add(item.id)
        self._items.insert(self._end_of(section), item)
        return item

    def _end_of(self, section: Section) -> int:
        """Where a new item of ``section`` goes: after the last row of it or of any before it."""
        order = list(Section)
        rank = order.index(section)
        return sum(1 for row in self._items if order.index(row.section) <= rank)

    def edit(self, item_id: str, text: str) -> DraftItem:
        """Reword one item; the ID stays."""
        return self._replace(item_id, text=text)

    def toggle_removed(self, item_id: str) -> DraftItem:
        """Mark an item removed, or (pressed again) keep it after all."""
        return self._replace(item_id, removed=not self.item(item_id).removed)

    def _replace(self, item_id: str, **changes: Any) -> DraftItem:
        """Swap one row for a changed copy."""
        index = self._items.index(self.item(item_id))
        self._items[index] = replace(self._items[index], **changes)
        return self._items[index]

    def criteria(self) -> Criteria:
        """The criteria this draft would save: removed items left out, IDs as they are."""
        revised = self.base
        for section in Section:
            kept = tuple(Criterion(i.id, i.text) for i in self.items(section) if not i.removed)
            revised = revised.with_section(section, kept)
        return revised

    def changes(self) -> list[Change]:
        """What the preview lists: every added, reworded or removed item, in brief order."""
        changes = []
        for item in self._items:
            if item.removed and item.was is not None:
                changes.append(Change(item.id, item.was, None))
            elif not item.removed and item.was != item.text:
                changes.append(Change(item.id, item.was, item.text))
        return changes


def check_criteria(criteria: Criteria) -> list[BriefProblem]:
    """The brief warnings ``criteria`` would get (the checks ``reviewroom check`` runs).

    Raises:
        BriefError: the criteria break a brief rule (no problem, no goals, no concept…).
    """
    from reviewroom.store.brief import parse_brief, render_brief  # the parser only when needed

    return parse_brief(render_brief(criteria))[1]


def new_warnings(old: Criteria, warnings: list[BriefProblem]) -> list[BriefProblem]:
    """The ``warnings`` of a revision that the ``old`` criteria did not have.

    A warning is the same when its message is (key and parameters, such as the item's ID),
    wherever the item moved to: the facilitator saw it already and need not be told again.
    """
    try:
        before = {_identity(problem) for problem in check_criteria(old)}
    except BriefError:
        before = set()
    return [problem for problem in warnings if _identity(problem) not in before]


def _identity(problem: BriefProblem) -> tuple[str, str]:
    """What makes two warnings the same to a reader: the message, not the line."""
    return problem.key, repr(sorted(problem.params.items()))
