"""Every key of the meeting screen, read from its bindings so the list can never go stale."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reviewroom.store.i18n import t
from reviewroom.tui.screens.dialog import Dialog
from reviewroom.tui.widgets.requests_table import CARRIED, EARLIER, STALE, TONE

KEY_NAMES = {"slash": "/", "question_mark": "?", "enter": "enter", "escape": "esc"}


class HelpScreen(Dialog[None]):
    """A scrollable key map; escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen > .dialog-frame { width: 76; height: 80%; }
    """
    VIEW_ONLY = True  # a read-only session may use every key here
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", show=False, id="help-close")]

    def __init__(self, lang: str, bindings: list[Binding]) -> None:
        super().__init__()
        self.lang = lang
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        """Keys, the two choosers, the palette, and the row markers."""
        with VerticalScroll(classes="dialog-frame"):
            yield Static(self._text(), id="help-body")

    def _text(self) -> Content:
        """Build the key map from the bindings plus the chooser keys."""
        lang = self.lang
        parts: list[str | tuple[str, str]] = [(t(lang, "help.title") + "\n\n", "bold $accent")]
        for binding in self.bindings:
            keys = " / ".join(KEY_NAMES.get(k, k) for k in binding.key.split(","))
            if binding.id == "help":
                keys += " / f1"
            parts += [
                (f"{keys:>8}  ", "bold"),
                f"{binding.description} — ",
                t(lang, f"help.{binding.id}") + "\n",
            ]
        parts += [(f"{'home/end':>8}  ", "bold"), t(lang, "help.home_end") + "\n"]
        parts += [("\n" + t(lang, "help.choosers") + "\n", "bold $accent")]
        parts += [
            f"  v → c {t(lang, 'verdict.consistent')} · x {t(lang, 'verdict.inconsistent')}"
            f" · u {t(lang, 'verdict.unclear')} · p {t(lang, 'verdict.pending')}\n"
        ]
        parts += [
            f"  d → a {t(lang, 'decision.accepted')} · r {t(lang, 'decision.rejected')}"
            f" · f {t(lang, 'decision.deferred')} · l {t(lang, 'decision.alternative')}"
            f" · o {t(lang, 'decision.open')}\n"
        ]
        parts += [("\n" + t(lang, "help.form") + "\n", "bold $accent"), t(lang, "help.form_keys")]
        parts += [("\n\n" + t(lang, "help.revision") + "\n", "bold $accent"),
                  t(lang, "help.revision_keys")]
        parts += [("\n\n" + t(lang, "help.markers") + "\n", "bold $accent")]
        parts += [
            f"  {STALE} {t(lang, 'help.marker_stale')}\n"
            f"  {TONE} {t(lang, 'help.marker_tone')}\n"
            f"  {CARRIED} {t(lang, 'help.marker_carried')}\n"
            f"  {EARLIER} {t(lang, 'help.marker_earlier')}\n"
        ]
        parts += [("\n  ctrl+p  ", "bold"), t(lang, "help.palette") + "\n"]
        return Content.assemble(*parts)

    def action_close(self) -> None:
        """Back to the meeting."""
        self.dismiss(None)
