"""The highlighted request in full: every field, the markers spelled out, and its history.

One widget that wraps and draws its text itself (Textual's line API) and scrolls it, rather than
a scrolling container holding a ``Static``: the body was a widget of its own to compose, mount,
style and draw in the first frame, and the first ``Static`` on the meeting screen made Textual
parse the stylesheet once more. The lines are the ones a ``Static`` draws (the same
``Visual.to_strips`` of the same ``Content`` in the same style), wrapped when the pane learns its
width: during the layout that gives it, so the first layout already knows whether the
scrollbar shows (found out afterwards, it asked for another layout and frame).
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual

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
from reviewroom.tui.widgets.static_text import shows
from reviewroom.tui.widgets.steady_scrollbars import SteadyScrollbars

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


class DetailPane(SteadyScrollbars):
    """Shows one request; empty when the list is empty. Scrolls with the keys of Textual's
    scrolling containers and the mouse wheel."""

    # VerticalScroll's overflow (it held a Static before): the text wraps, so nothing is wider.
    DEFAULT_CSS = """
    DetailPane { height: 45%; min-height: 6; max-height: 14; border: round $primary;
                 padding: 0 1; scrollbar-size-vertical: 1; overflow-x: hidden; }
    """

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._title: str | None = None  # the border title shown (see _set_title)
        self._content = Content()
        self._wrapped_for = 0  # the text width the lines were wrapped for (0: not yet)
        self._lines: list[Strip] | None = None  # drawn at that width; None: to draw again

    @property
    def text(self) -> str:
        """The text shown, as plain text (scrolled out of view or not)."""
        return self._content.plain

    @property
    def content(self) -> Content:
        """The text shown, with its styles."""
        return self._content

    def _set_title(self, title: str) -> None:
        """The border title, set only when it changes: setting it redraws the whole pane, the
        same title too (at opening, the list's first highlight drew the pane a second time)."""
        if title != self._title:
            self._title = title
            self.border_title = title

    def _show_content(self, content: Content) -> None:
        """Show ``content`` unless it shows that already, text and styles (:func:`shows`): a
        saved request is shown twice, saved and then highlighted, and a marker may change only
        its colour."""
        if not shows(self._content, content):
            self.update(content)

    def update(self, content: Content) -> None:
        """Show ``content``: wrapped again at the width the pane has, its scrollbar shown or
        hidden to fit (a layout of the screen only then, asked for by the scrollbar)."""
        self._content = content
        self._wrapped_for, self._lines = 0, None
        self._fit()
        self.refresh()

    # ------------------------------------------------------------------ wrapping and drawing

    def _text_width(self) -> int:
        """The cells the text gets: the pane's width less its border, padding and scrollbar
        (0 before the pane is laid out)."""
        width = self.outer_size.width
        if not width:
            return 0
        return max(0, width - self.styles.gutter.width - self.scrollbar_size_vertical)

    def _fit(self) -> None:
        """Wrap the text for the width it has, and size the scroll area to its lines. A
        scrollbar that comes or goes with the new height changes the width: wrapped once more
        for it (more lines at less width, so the scrollbar stays)."""
        for _ in range(2):
            width = self._text_width()
            if not width or width == self._wrapped_for:
                return
            self._wrapped_for = width
            self._lines = None
            self.set_virtual_size(Size(width, len(self._drawn())))

    def _drawn(self) -> list[Strip]:
        """Every line of the text at the wrapped width, as a ``Static`` of this style draws it."""
        if self._lines is None:
            self._lines = Visual.to_strips(
                self, self._content, self._wrapped_for, None, self.visual_style
            )
        return self._lines

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        """Laid out: the text is wrapped for the width this layout gives, now, so this layout
        shows or hides the scrollbar (and any scroll position is clamped to the new lines)."""
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        self._fit()
        return resized

    def notify_style_update(self) -> None:
        """Another style or theme: the lines are drawn again in it."""
        super().notify_style_update()
        self._lines = None

    def selection_updated(self, selection: Selection | None) -> None:
        """Text selected with the mouse: the lines are drawn again with it shown."""
        self._lines = None
        super().selection_updated(selection)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected part of the text (the lines carry their offsets in it, as a
        ``Static``'s do)."""
        return selection.extract(self.text), "\n"

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the visible part: the text's line at the scroll position."""
        lines = self._drawn() if self._wrapped_for else []
        index = y + round(self.scroll_y)
        if 0 <= index < len(lines):
            return lines[index]
        return Strip.blank(self._wrapped_for, self.visual_style.rich_style)

    def all_lines(self) -> list[Strip]:
        """Every line of the text as drawn, scrolled into view or not, as wide as the text
        (what a reader gets, and what a ``Static`` holding the text drew)."""
        if not self._wrapped_for:
            return []
        blank = self.visual_style.rich_style
        return [line.adjust_cell_length(self._wrapped_for, blank) for line in self._drawn()]

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
            self._show_content(Content(t(self.lang, "tui.detail.empty")))
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
        self._show_content(Content.assemble(*parts))
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
