"""The request form's values: criterion IDs as typed, stored values as a field shows them, the
attendee name a field completes to, and whether a value changes anything."""

from __future__ import annotations

import re
from typing import Any

from reviewroom.store.model import Decision, Verdict

# "R1, B2", "r1 b2" and "R1;B2" all name the same two criteria.
CRITERIA_SPLIT = re.compile(r"[\s,;]+")


def split_criteria(text: str) -> list[str]:
    """The criterion IDs typed in the criteria field, upper-cased, without duplicates.

    Spaces and semicolons separate IDs as well as commas, so ``r1 b2`` is as good as ``R1, B2``;
    whether each ID exists is the project's rule to check, not the form's.
    """
    ids = (part.upper() for part in CRITERIA_SPLIT.split(text) if part)
    return list(dict.fromkeys(ids))


def field_text(value: Any) -> str:
    """A stored or preset field value as the text a field shows."""
    if value is None:
        return ""
    if isinstance(value, Verdict | Decision):
        return value.value
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def completion(value: str, names: list[str]) -> str | None:
    """The attendee name the suggester shows for ``value`` (case-insensitive prefix), if any."""
    folded = value.casefold()
    if not folded:
        return None
    return next((n for n in names if n.casefold().startswith(folded) and n != value), None)


DEFAULTS = {"verdict": Verdict.PENDING.value, "decision": Decision.OPEN.value}


def is_default(name: str, value: Any) -> bool:
    """A new request starts pending and open: passing those again would add nothing."""
    return name in DEFAULTS and DEFAULTS[name] == value


def differs(stored: Any, value: Any) -> bool:
    """Whether a form value changes the stored one (ignoring surrounding spaces and None/"")."""
    if isinstance(value, list):
        return list(stored or ()) != value
    return bool(field_text(stored).strip() != value)
