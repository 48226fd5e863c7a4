"""The clock a project stamps its records with: local time with its UTC offset, to the second.

Tests and the sample builder pass their own clock (a function returning an aware datetime), so
timestamps are deterministic there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """Local time with its UTC offset, so minutes show the time the room saw."""
    return dt.datetime.now().astimezone()


def timestamp(clock: Clock) -> str:
    """The time ``clock`` says as stored: ISO 8601 with seconds and the offset."""
    return clock().isoformat(timespec="seconds")
