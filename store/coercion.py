"""Turning what the CLI and the forms give (strings, lists, dates) into a request's field values.

Every refusal is a ``ReviewError`` naming the field, so a form can put the cursor there.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from reviewroom.store.errors import ReviewError
from reviewroom.store.model import Decision, Verdict
from reviewroom.store.text import is_blank
from reviewroom.store.words import parse_word

CRITERION_RE = re.compile(r"[PRBKAC][1-9][0-9]*")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def coerce(name: str, value: Any, lang: str) -> Any:
    """Turn CLI or form input into the field's type, refusing what cannot be one."""
    if name == "criteria":
        return criteria_ids(value, lang)
    if name == "verdict":
        return enum_value(Verdict, value, "request.bad_verdict", lang)
    if name == "decision":
        return enum_value(Decision, value, "request.bad_decision", lang)
    if name == "due":
        return due_date(value, lang)
    text = "" if value is None else str(value)
    if name == "where":  # a place in the course is one line, however it was pasted or imported
        return " ".join(text.split())
    if name == "request" and is_blank(text):
        raise ReviewError("request.empty", lang=lang, field="request")
    return text

def criteria_ids(value: Any, lang: str) -> tuple[str, ...]:
    """``"R1, b2"`` or ``["R1", "B2"]`` → ``("R1", "B2")``, without duplicates."""
    parts = value.split(",") if isinstance(value, str) else list(value or ())
    ids: list[str] = []
    for part in parts:
        cid = str(part).strip().upper()
        if not cid:
            continue
        if not CRITERION_RE.fullmatch(cid):
            raise ReviewError(
                "request.bad_criterion", lang=lang, field="criteria", value=part
            )
        if cid not in ids:
            ids.append(cid)
    return tuple(ids)

def due_date(value: Any, lang: str) -> str | None:
    """A due date as ``YYYY-MM-DD`` (a real calendar date), or None when cleared."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if not DATE_RE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ReviewError("request.bad_date", lang=lang, field="due", value=text) from None


def enum_value(kind: Any, value: Any, key: str, lang: str) -> Any:
    """Parse a verdict or decision by value or by its name in any language, case-insensitively.

    Refuses anything else with ``key``.
    """
    field = "verdict" if key == "request.bad_verdict" else "decision"
    member = parse_word(kind, value)
    if member is None:
        raise ReviewError(key, lang=lang, field=field, value=value)
    return member


def plain(value: Any) -> Any:
    """A JSON-ready form of a field value for the history."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, (Verdict, Decision)):
        return value.value
    return value
