"""Styles a widget looks up once per restyle, not once per line it draws.

Textual works a widget's Rich style out by walking its ancestors (their backgrounds), and a
component class's by walking that class's rules as well: asked for every line drawn, the lookups
were most of drawing a line of the requests list and of the footer. A widget keeps what it
looked up in a :class:`Looks` and forgets it when Textual restyles it (``notify_style_update``,
called whenever its or an ancestor's styles are worked out again) or when the stylesheet itself
was replaced (a theme, CSS loaded since), which the widget checks before it draws.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from rich.style import Style
from textual.widget import Widget


class Looks(dict[Hashable, Style]):
    """The styles ``widget`` looked up since it was last restyled, by whatever key it names
    them (a component class's name, or a tuple for a style derived from several)."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self._widget = widget
        self._rules: object = None  # the stylesheet's rules they were looked up under

    def stylesheet_replaced(self) -> bool:
        """Whether the stylesheet was replaced since the last call; if so, every style kept is
        forgotten (the widget drops what it drew in them too)."""
        rules = self._widget.app.stylesheet.rules
        if rules is self._rules:
            return False
        self._rules = rules
        self.clear()
        return True

    def kept(self, key: Hashable, look: Callable[[], Style]) -> Style:
        """The style kept under ``key``, else ``look()``'s, kept from now on."""
        style = self.get(key)
        if style is None:
            style = self[key] = look()
        return style
