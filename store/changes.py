"""Raising a request and changing one: values coerced, the verdict stamped, the history kept.

Pure: given the request, the values and the clock, it returns the new or changed request; the
project checks the rules on it and writes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from reviewroom.store.coercion import coerce, plain
from reviewroom.store.model import (
    EDITABLE_FIELDS,
    ChangeRequest,
    HistoryEntry,
    Verdict,
    request_id,
)


def raise_request(number: int, values: dict[str, Any], *, meeting: str | None, lang: str,
                  version: int, now: Callable[[], str]) -> ChangeRequest:
    """Request ``number``, raised in ``meeting`` (None: imported onto the agenda of the next
    one) with ``values`` (its text among them).

    Its creation is its record, so no history entry is written; a verdict given at once is
    stamped like any other (see :func:`apply`).

    Raises:
        TypeError: a name that is not an editable field.
        ReviewError: a value that cannot be the field's, or empty request text.
    """
    created = now()
    blank = ChangeRequest(
        id=request_id(number), meeting=meeting, request="", created_at=created, updated_at=created
    )
    return apply(blank, values, lang=lang, version=version, now=now, meeting=None, record=False)


def apply(req: ChangeRequest, values: dict[str, Any], *, lang: str, version: int,
          now: Callable[[], str], meeting: str | None, record: bool) -> ChangeRequest:
    """``req`` with ``values`` applied; ``req`` itself when nothing changes.

    Args:
        values: field name -> value as the CLI or a form gives it (coerced here).
        lang: the language of a refusal.
        version: the current criteria version, stamped on a verdict that judges.
        now: the clock, read once and only when something changes.
        meeting: the live meeting's ID, recorded in the history.
        record: extend the history (not for a new request: its creation is the record).

    Raises:
        TypeError: a name that is not an editable field.
        ReviewError: a value that cannot be the field's (see :mod:`coercion`).
    """
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not request fields: {sorted(unknown)}")
    coerced = {name: coerce(name, value, lang) for name, value in values.items()}
    changes: dict[str, Any] = {k: v for k, v in coerced.items() if getattr(req, k) != v}
    if "verdict" in coerced:
        stamp = version if coerced["verdict"] is not Verdict.PENDING else None
        if stamp != req.verdict_version:
            changes["verdict_version"] = stamp
    verdict_of_note = note_verdict(req, coerced, changes)
    if verdict_of_note is not req.note_verdict:
        changes["note_verdict"] = verdict_of_note
    if not changes:
        return req
    moment = now()
    history = req.history
    if record:
        history += tuple(
            HistoryEntry(moment, meeting, name, plain(getattr(req, name)), plain(changes[name]))
            for name in EDITABLE_FIELDS
            if name in changes
        )
    return replace(req, **changes, updated_at=moment, history=history)


def note_verdict(
    req: ChangeRequest, given: dict[str, Any], changes: dict[str, Any]
) -> Verdict | None:
    """The verdict the request's note belongs to once ``changes`` are applied.

    A note given with this change speaks for the verdict beside it. A verdict changed without
    touching the note (the quick ``v`` chooser) keeps the note but not its meaning: it stays the
    earlier verdict's, so the screen and the minutes can say so instead of asking. A note written
    before any judgement is taken over by the first verdict.
    """
    note: str = changes.get("note", req.note)
    verdict: Verdict = changes.get("verdict", req.verdict)
    if not note.strip():
        return None
    if "note" in given:
        return verdict
    if "verdict" not in changes:
        return req.note_verdict
    written_for = req.note_verdict or req.verdict  # unknown (older store): the verdict beside it
    return verdict if written_for is Verdict.PENDING else written_for
