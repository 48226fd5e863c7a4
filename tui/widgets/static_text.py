"""Text shown in a ``Static`` that is replaced only when it changed, and laid out only when its
size changes.

``Static.update`` lays the whole screen out again, and the meeting screen's text lines are
updated far more often than their text changes: the form's tone line, criteria hint and key line
on every key typed or ``tab``. And when the text does change, it mostly takes the same room (a
hint that names other keys): then the line is only drawn again, nothing else moves. (The detail
pane draws its own text: tui/widgets/detail_pane.py keeps it the same way.)
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static


def show_if_changed(static: Static, content: Content) -> None:
    """Show ``content`` in ``static`` unless it shows that already, text and styles; lay the
    screen out only if the new text takes other room than the old.

    The spans are compared too (:func:`shows`): a line whose words stay while their colour
    changes (a marker) is still redrawn.
    """
    current = static.content
    if not shows(current, content):
        static.update(content, layout=not same_room(static, current, content))


def shows(current: object, content: Content) -> bool:
    """Whether ``current`` (what a widget shows) is ``content``, text and styles: ``Content``
    equality compares the text only, so a marker whose colour changed would not be redrawn.
    The detail pane, which draws its own text, asks the same."""
    return (isinstance(current, Content) and current.plain == content.plain
            and current.spans == content.spans)


def same_room(static: Static, old: object, new: Content) -> bool:
    """Whether ``new`` takes the room ``old`` took in ``static``: the width set by its CSS (not
    ``auto``), and a height set by its CSS or as many lines at the width it has. Then no widget
    moves, and the layout of the screen that ``Static.update`` asks for changes nothing."""
    styles = static.styles
    width = static.content_size.width
    if not isinstance(old, Content) or width <= 0 or (styles.width and styles.width.is_auto):
        return False
    if styles.height and not styles.height.is_auto:
        return True
    # Measured against the widget's styles, as Textual's Widget.get_content_height does.
    rules: Any = styles
    return old.get_height(rules, width) == new.get_height(rules, width)
