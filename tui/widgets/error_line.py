"""The line under a field or a form that says why a save was refused; hidden while all is well."""

from __future__ import annotations

from textual.widgets import Label

from reviewroom.tui.plain import block


class ErrorLine(Label):
    """One refusal, whole (it wraps rather than being cut), in the error colour.

    Every dialog shows its refusals with this widget, so they look and behave alike: ``show``
    with a message, ``show(None)`` to clear it.
    """

    DEFAULT_CSS = """
    ErrorLine { width: 1fr; color: $error; text-style: bold; display: none; }
    ErrorLine.-shown { display: block; }
    """

    def show(self, message: str | None) -> None:
        """Show ``message`` (client text is shown as the literal text it is), or hide the line.

        A hidden line stays as it is: forms clear every line before each save and on opening,
        and an update lays the screen out again.
        """
        if not message and not self.has_class("-shown"):
            return
        self.update(block(message) if message else "")
        self.set_class(bool(message), "-shown")
