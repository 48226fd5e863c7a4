"""Text shown in a ``Static`` that is replaced only when it changed.

``Static.update`` lays the whole screen out again, and the meeting screen's text lines are
updated far more often than their text changes: the form's tone line, criteria hint and key line
on every key typed or ``tab``, the detail pane twice per saved request (saved, then highlighted).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def show_if_changed(static: Static, content: Content) -> None:
    """Show ``content`` in ``static`` unless it shows that already, text and styles.

    ``Content`` equality compares the text only, so the spans are compared too: a line whose
    words stay while their colour changes (a marker) is still redrawn.
    """
    current = static.content
    if not (isinstance(current, Content) and current.plain == content.plain
            and current.spans == content.spans):
        static.update(content)
