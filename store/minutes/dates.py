"""Dates and times in the minutes, in the words of the minutes' language."""

from __future__ import annotations

import datetime as dt

from reviewroom.store.i18n import t
from reviewroom.store.minutes.escaping import inline
from reviewroom.store.model import (
    Meeting,
)


def parse_moment(iso: str | None) -> dt.datetime | None:
    """A stored ISO timestamp, or None when absent or unreadable."""
    if not iso:
        return None
    try:
        return dt.datetime.fromisoformat(iso)
    except ValueError:
        return None


def long_date(moment: dt.date, lang: str) -> str:
    """``14 October 2026`` / ``14 października 2026``."""
    month = t(lang, f"minutes.month.{moment.month}")
    return t(lang, "minutes.date", day=moment.day, month=month, year=moment.year)


def _offset(moment: dt.datetime) -> str:
    """``UTC+01:00``; empty for a naive timestamp."""
    delta = moment.utcoffset()
    if delta is None:
        return ""
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def meeting_when(meeting: Meeting, lang: str) -> str:
    """When the meeting took place, from its stored timestamps (never from the clock)."""
    start, end = parse_moment(meeting.started_at), parse_moment(meeting.ended_at)
    if start is None:
        return inline(meeting.started_at)
    day, begins, zone = long_date(start, lang), f"{start:%H:%M}", _offset(start)
    if meeting.is_live or end is None:
        text = t(lang, "minutes.when.live", date=day, start=begins)
    elif end.date() == start.date():
        text = t(lang, "minutes.when.closed", date=day, start=begins, end=f"{end:%H:%M}")
    else:
        text = t(lang, "minutes.when.days", date=day, start=begins,
                 end_date=long_date(end, lang), end=f"{end:%H:%M}")
    return f"{text} ({zone})" if zone else text


def moment_text(iso: str | None, lang: str) -> str:
    """A stored timestamp as ``14 October 2026, 10:42``."""
    moment = parse_moment(iso)
    if moment is None:
        return inline(iso)
    return f"{long_date(moment, lang)}, {moment:%H:%M}"
