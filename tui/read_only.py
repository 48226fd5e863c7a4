"""What a read-only session (``watch``, ``serve``) may do: look around, never change anything.

The app checks every action against this policy before it runs, whatever triggered it — a key, a
click, the command palette, or a ``[@click=…]`` action found in rendered text — so read-only does
not depend on which keys happen to be shown. Allowed: navigation (moving, scrolling, focus),
help, the filter, following the meeting, the palette itself and quitting.
"""

from __future__ import annotations

import re
from typing import Any

from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.screen import Screen

# Actions of the app itself that change nothing.
APP_ACTIONS = frozenset({
    "quit", "help", "help_quit", "command_palette", "show_help_panel", "hide_help_panel",
    "focus_next", "focus_previous",
})
# Widget actions that only move the cursor or the view (the lists, scrolling containers, the
# requests table's home/end).
NAVIGATION = re.compile(
    r"(?:cursor|scroll|page)_[a-z_]+|(?:first|last)_row|select_cursor|focus_[a-z_]+")


def allows(app: Any, target: DOMNode | None, action: str) -> bool:
    """Whether a read-only session may run ``action`` on ``target``.

    Args:
        app: the running app.
        target: the node the action would run on (None when it names no known node).
        action: the action's name, without namespace or parameters.
    """
    if target is None:
        return False
    if target is app:
        return action in APP_ACTIONS
    screen = target if isinstance(target, Screen) else target.screen
    if isinstance(screen, CommandPalette) or getattr(screen, "VIEW_ONLY", False):
        return True  # the palette, help and the filter change nothing, whatever their keys do
    if isinstance(target, Screen):
        return action in getattr(target, "READ_ONLY_ACTIONS", frozenset())
    return NAVIGATION.fullmatch(action) is not None
