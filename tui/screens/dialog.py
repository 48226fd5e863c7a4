"""The one frame every dialog shares: centred over the meeting screen, a rounded border on the
surface colour, a bold title, muted key hints.

A dialog puts its content in ``Vertical(classes="dialog-frame")`` (or another container with
that class) and styles only what is its own: the frame's width, a border colour that means
something (a confirmation is drawn in the warning colour), its fields. The ASCII look
(app.tcss) redraws every frame through the same class.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

R = TypeVar("R")


class Dialog(ModalScreen[R]):
    """A modal dialog in the house frame; dismiss it with its typed result."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > .dialog-frame { height: auto; max-width: 100%; max-height: 100%;
                             border: round $accent; background: $surface; padding: 0 1; }
    Dialog .dialog-title { text-style: bold; color: $accent; }
    Dialog .keys { color: $text-muted; }
    """
