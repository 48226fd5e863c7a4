"""A one-key chooser (the second key of ``v c`` or ``d a``): returns the chosen value or None."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.plain import line


class ChoiceDialog(ModalScreen[str | None]):
    """Lists ``key  label`` lines; the key picks, escape cancels.

    Args:
        title: what is being chosen (already translated).
        options: (key, value, label) triples; the key is one character.
    """

    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical { width: 50; height: auto; border: round $accent;
                              background: $surface; padding: 0 1; }
    ChoiceDialog .choice-title { text-style: bold; padding-bottom: 1; }
    """

    def __init__(self, title: str, options: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        """The title and one line per option."""
        with Vertical():
            yield Static(line(self.title_text), classes="choice-title")
            for key, _, label in self.options:
                yield Static(Content.assemble((f" {key} ", "bold reverse"), "  ", line(label)))
            yield Static(Content.assemble(("esc", "bold"), "  ×"), classes="choice-cancel")

    def on_key(self, event: events.Key) -> None:
        """The option's key picks it; escape cancels; any other key is ignored."""
        event.stop()
        if event.key == "escape":
            self.dismiss(None)
            return
        for key, value, _ in self.options:
            if event.key == key:
                self.dismiss(value)
                return
