"""A one-key chooser (the second key of ``v c`` or ``d 1``): returns the chosen value or None."""

from __future__ import annotations

import string

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reviewroom.tui.plain import line
from reviewroom.tui.screens.dialog import Dialog


class ChoiceDialog(Dialog[str | None]):
    """Lists ``key  label`` lines; the key picks, escape cancels.

    Args:
        title: what is being chosen (already translated).
        options: (keys, value, label) triples; each key is one letter or digit, and an option
            may have several (a mnemonic letter and its digit).
    """

    DEFAULT_CSS = """
    ChoiceDialog > .dialog-frame { width: 50; }
    ChoiceDialog .choice-title { text-style: bold; padding-bottom: 1; }
    """

    # Priority bindings, so the key typed right after the choice (``v c d a`` in one burst) goes
    # to the meeting screen rather than to this dialog as it closes (see tui/typeahead.py).
    BINDINGS = [
        *(Binding(key, f"pick('{key}')", show=False, priority=True)
          for key in string.ascii_lowercase + string.digits),
        Binding("escape", "cancel", show=False, priority=True),
    ]

    def __init__(self, title: str, options: list[tuple[tuple[str, ...], str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        """The title and one line per option."""
        with Vertical(classes="dialog-frame"):
            yield Static(line(self.title_text), classes="choice-title")
            for keys, _, label in self.options:
                chips: list[str | tuple[str, str]] = []
                for key in keys:
                    chips += [(f" {key} ", "bold reverse"), " "]
                yield Static(Content.assemble(*chips, " ", line(label)))
            yield Static(Content.assemble(("esc", "bold"), "  ×"), classes="choice-cancel")

    def on_key(self, event: events.Key) -> None:
        """Any key that is not an option (nor escape) is ignored."""
        event.stop()

    def action_pick(self, key: str) -> None:
        """The option's key picks it; a key that is no option is ignored."""
        for keys, value, _ in self.options:
            if key in keys:
                self.dismiss(value)
                return

    def action_cancel(self) -> None:
        """Escape: nothing chosen."""
        self.dismiss(None)
