"""Every key of the meeting screen, read from its bindings so the list can never go stale."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reviewroom.store.i18n import t
from reviewroom.store.model import Decision, Verdict
from reviewroom.tui import marks
from reviewroom.tui.keys import chooser_hints, decision_keys, verdict_keys
from reviewroom.tui.screens.dialog import Dialog
from reviewroom.tui.widgets.requests_table import CARRIED, EARLIER, STALE, TONE

Part = str | tuple[str, str]

KEY_NAMES = {"slash": "/", "question_mark": "?", "enter": "enter", "escape": "esc"}


class HelpScreen(Dialog[None]):
    """A scrollable key map; escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen > .dialog-frame { width: 76; height: 80%; }
    """
    VIEW_ONLY = True  # a read-only session may use every key here
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", show=False, id="help-close")]

    def __init__(self, lang: str, bindings: list[Binding],
                 dropped: frozenset[str] = frozenset()) -> None:
        """``dropped``: ids of the bindings the footer has no room for (the help names them)."""
        super().__init__()
        self.lang = lang
        self.bindings = bindings
        self.dropped = dropped

    def compose(self) -> ComposeResult:
        """Keys, the two choosers, the palette, and the row markers."""
        with VerticalScroll(classes="dialog-frame"):
            yield Static(self._text(), id="help-body")

    def _text(self) -> Content:
        """Build the key map from the bindings plus the chooser keys."""
        lang = self.lang
        parts: list[Part] = [(t(lang, "help.title") + "\n\n", "bold $accent")]
        hints = chooser_hints(lang)
        for binding in self.bindings:
            parts += [
                (f"{self._keys(binding):>8}  ", "bold"),
                f"{binding.description} — ",
                t(lang, f"help.{binding.id}", **hints) + "\n",
            ]
        parts += [(f"{'home/end':>8}  ", "bold"), t(lang, "help.home_end") + "\n"]
        parts += self._footer_note()
        parts += [("\n" + t(lang, "help.choosers") + "\n", "bold $accent")]
        parts += self._chooser("v", "verdict", verdict_keys(lang))
        parts += self._chooser("d", "decision", decision_keys(lang))
        parts += [("\n" + t(lang, "help.form") + "\n", "bold $accent"), t(lang, "help.form_keys")]
        parts += [("\n\n" + t(lang, "help.revision") + "\n", "bold $accent"),
                  t(lang, "help.revision_keys")]
        parts += [("\n\n" + t(lang, "help.markers") + "\n", "bold $accent")]
        parts += [("  " + marks.glyph(marks.AGENDA, marks.is_ascii(self.app)), "$accent"),
                  f" {t(lang, 'help.marker_agenda')}\n"]
        parts += [
            f"  {STALE} {t(lang, 'help.marker_stale')}\n"
            f"  {TONE} {t(lang, 'help.marker_tone')}\n"
            f"  {CARRIED} {t(lang, 'help.marker_carried')}\n"
            f"  {EARLIER} {t(lang, 'help.marker_earlier')}\n"
        ]
        parts += [("\n  ctrl+p  ", "bold"), t(lang, "help.palette") + "\n"]
        return Content.assemble(*parts)

    @staticmethod
    def _keys(binding: Binding) -> str:
        """A binding's keys as the help names them (``/``, ``?``, and f1 beside ``?``)."""
        keys = " / ".join(KEY_NAMES.get(k, k) for k in binding.key.split(","))
        return keys + " / f1" if binding.id == "help" else keys

    def _footer_note(self) -> list[Part]:
        """At a width that drops keys from the footer: which ones, and where every key is."""
        shown = [self._keys(b) for b in self.bindings if b.id in self.dropped]
        if not shown:
            return []
        return ["\n", ("  " + t(self.lang, "help.footer_dropped", keys=", ".join(shown)) + "\n",
                      "italic")]

    def _chooser(self, key: str, field: str,
                 keys: Iterable[tuple[tuple[str, ...], Verdict | Decision]]) -> list[Part]:
        """One chooser: the key that opens it, then a line per option with its keys, and its
        glyph and word in its colour (so this is the list's legend as well)."""
        ascii_look = marks.is_ascii(self.app)
        keys = list(keys)
        width = max(len("/".join(option_keys)) for option_keys, _ in keys)
        parts: list[Part] = []
        for number, (option_keys, value) in enumerate(keys):
            lead = f"  {key} →  " if number == 0 else " " * 7
            parts += [(lead + f"{'/'.join(option_keys):<{width}}  ", "bold"),
                      (marks.glyph(value, ascii_look), self._colour(value)),
                      f" {t(self.lang, f'{field}.{value.value}')}\n"]
        return parts

    @staticmethod
    def _colour(value: Verdict | Decision) -> str:
        """The value's theme variable as a Content style (``dim`` for one that waits)."""
        variable = marks.MARKS[value].variable
        return f"${variable}" if variable else "dim"

    def action_close(self) -> None:
        """Back to the meeting."""
        self.dismiss(None)
