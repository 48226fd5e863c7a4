"""The highlighted request in full: every field, the markers spelled out, and its history."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reviewroom.store.agenda import imported_from
from reviewroom.store.i18n import t
from reviewroom.store.model import (
    DISCUSSED,
    IMPORTED,
    ChangeRequest,
    Criteria,
    Decision,
    Listing,
    Verdict,
)
from reviewroom.store.rules import ToneWarning
from reviewroom.store.text import clean_line, clean_text, one_line
from reviewroom.tui.widgets.static_text import show_if_changed

FIELD_ORDER = (
    "request",
    "by",
    "where",
    "intent",
    "criteria",
    "verdict",
    "note",
    "decision",
    "alternative",
    "owner",
    "due",
)
# Shown only when set: most requests raised in the room name no place in the course.
OPTIONAL_FIELDS = frozenset({"where"})


class DetailPane(VerticalScroll):
    """Shows one request; empty when the list is empty."""

    DEFAULT_CSS = """
    DetailPane { height: 45%; min-height: 6; max-height: 14; border: round $primary;
                 padding: 0 1; scrollbar-size-vertical: 1; }
    DetailPane > Static { width: 1fr; }
    """

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._body = Static(id="detail-body")
        self._title: str | None = None  # the border title shown (see _set_title)

    def compose(self):  # type: ignore[no-untyped-def]
        """One Static, rebuilt when the highlighted request or its data changes."""
        yield self._body

    def _set_title(self, title: str) -> None:
        """The border title, set only when it changes: setting it redraws the whole pane, the
        same title too (at opening, the list's first highlight drew the pane a second time)."""
        if title != self._title:
            self._title = title
            self.border_title = title

    def show(
        self,
        req: ChangeRequest | None,
        criteria: Criteria,
        *,
        stale: bool = False,
        carried: bool = False,
        tone: list[ToneWarning] | None = None,
        listing: Listing | None = None,
    ) -> None:
        """Render ``req`` (or the empty hint) with its markers and history."""
        if req is None:
            self._set_title("")
            show_if_changed(self._body, Content(t(self.lang, "tui.detail.empty")))
            return
        self._set_title(req.id)
        parts: list[str | tuple[str, str]] = []
        for name in FIELD_ORDER:
            parts.extend(self._field(req, name, criteria))
        if stale:
            parts.append((t(self.lang, "tui.detail.stale") + "\n", "bold $warning"))
        if carried:
            carried_from = t(self.lang, "tui.detail.carried", meeting=clean_line(req.meeting))
            parts.append((carried_from + "\n", "italic"))
        if listing is not None and listing.is_earlier:
            why = t(self.lang, f"tui.detail.{listing.value}", meeting=clean_line(req.meeting))
            parts.append((why + "\n", "italic"))
        for warning in tone or []:
            field = t(self.lang, f"field.{warning.field}")
            phrase = clean_line(warning.phrase)
            parts.append(
                (t(self.lang, "tui.detail.tone", field=field, phrase=phrase) + "\n", "$warning")
            )
        parts.extend(self._history(req))
        show_if_changed(self._body, Content.assemble(*parts))  # a saved request is shown twice
        self.scroll_home(animate=False)

    def _field(
        self, req: ChangeRequest, name: str, criteria: Criteria
    ) -> list[str | tuple[str, str]]:
        """One labelled line; criteria IDs are shown with their text."""
        if name in OPTIONAL_FIELDS and not getattr(req, name).strip():
            return []
        label = t(self.lang, f"field.{name}")
        if name == "note" and req.note_is_earlier and req.note_verdict is not None:
            verdict = t(self.lang, f"verdict.{req.note_verdict.value}")
            label = t(self.lang, "tui.detail.note_earlier", label=label, verdict=verdict)
        value = clean_text(self._value(req, name, criteria))
        return [(f"{label}: ", "bold"), (value or "—") + "\n"]

    def _value(self, req: ChangeRequest, name: str, criteria: Criteria) -> str:
        """The displayable value of one field."""
        if name == "criteria":
            known = criteria.by_id()
            # " · " between items: criteria are sentences, and "; " after their full stop read ".;"
            return " · ".join(
                f"{cid} {known[cid].text}" if cid in known else f"{cid} (?)" for cid in req.criteria
            )
        if name == "verdict":
            text = t(self.lang, f"verdict.{req.verdict.value}")
            return f"{text} (v{req.verdict_version})" if req.verdict_version else text
        if name == "decision":
            return t(self.lang, f"decision.{req.decision.value}")
        value = getattr(req, name)
        return "" if value is None else str(value)

    def _history(self, req: ChangeRequest) -> list[str | tuple[str, str]]:
        """The change log, newest last, as the minutes will tell it."""
        if not req.history:
            return []
        parts: list[str | tuple[str, str]] = [(t(self.lang, "tui.detail.history") + "\n", "bold")]
        for h in req.history:
            when = clean_line(f"{h.at[:16].replace('T', ' ')} {h.meeting or '-'}")
            if h.field == IMPORTED:
                parts += [(f"  {when} ", "dim"), self._origin(req) + "\n"]
                continue
            if h.field == DISCUSSED:
                parts += [(f"  {when} ", "dim"), t(self.lang, "tui.detail.discussed") + "\n"]
                continue
            field = t(self.lang, f"field.{h.field}")
            parts.append((f"  {when} {field}: ", "dim"))
            old, new = self._history_value(h.field, h.old), self._history_value(h.field, h.new)
            parts.append(f"{old} -> {new}\n")
        return parts

    def _origin(self, req: ChangeRequest) -> str:
        """"imported from FILE, row N, commented DATE", the file's text on one clean line."""
        origin = imported_from(req)
        if origin is None:
            return t(self.lang, "tui.detail.imported", file="?", row="?")
        source, row, date = (clean_line(part) for part in origin)
        key = "tui.detail.imported_dated" if date else "tui.detail.imported"
        return t(self.lang, key, file=source, row=row, date=date)

    def _history_value(self, name: str, value: object) -> str:
        """A history value as the screen names it: a stored verdict or decision is translated."""
        kinds: dict[str, type[Verdict] | type[Decision]] = {
            "verdict": Verdict,
            "decision": Decision,
        }
        kind = kinds.get(name)
        if kind is not None and isinstance(value, str) and value in kind._value2member_map_:
            return t(self.lang, f"{name}.{value}")
        return _short(value)


def _short(value: object, width: int = 40) -> str:
    """A history value on one sanitised line, cut to ``width`` cells."""
    if value in (None, "", []):
        return "—"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return one_line(" ".join(text.split()), width)
