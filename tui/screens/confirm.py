"""A yes/no question, for the one irreversible action: ending the meeting."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from store.i18n import t
from tui.plain import block


class ConfirmDialog(ModalScreen[bool]):
    """Returns True only when the facilitator confirms (``y`` or the Yes button)."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical { width: 60; height: auto; border: round $warning;
                               background: $surface; padding: 1 2; }
    ConfirmDialog Horizontal { height: auto; margin-top: 1; }
    ConfirmDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False, id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", show=False, id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The question and two buttons; No has the focus so enter is safe."""
        lang = getattr(self.app, "lang", "en")
        with Vertical():
            yield Static(block(self.question))
            with Horizontal():
                yield Button(t(lang, "tui.no"), id="no", variant="primary")
                yield Button(t(lang, "tui.yes"), id="yes", variant="error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """A key answers."""
        self.dismiss(answer)
