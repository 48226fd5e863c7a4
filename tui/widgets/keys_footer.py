"""The meeting screen's footer: the keys the screen offers, drawn as one line of text, keeping the
most needed keys when the line is short.

Textual's ``Footer`` is a widget per key (about nine here, each styled), composed after the
first frame and composed again whenever the screen's bindings may have changed: every focus
change, every dialog opened or closed. In a traced start it composed, composed again and mounted
its keys a third time, each a layout and a frame, and its key widgets took a third of all the
style work; opening the docked form, or tabbing into the checklist, rebuilt it again. This footer
is one widget that renders its keys as one ``Text``: a change of the keys shown repaints one line
(no child widget, no layout), and a change that keeps them repaints nothing. It looks like
Textual's: key then description, disabled keys dim, the command palette's key docked right
behind a thin rule; one footer serves the list and the form (it shows the focused widget's keys).

At 80 columns the keys do not all fit, and Textual's footer cuts the line off at the right (it
lost ``e``, ``?`` and ``q``). This one drops whole keys, least needed first (``priority``, by
binding id), so ``n``, ``?`` and ``q`` always stay; the help says which keys went.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.control import strip_control_codes
from rich.style import Style
from rich.text import Span, Text
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from reviewroom.tui.widgets.looks import Looks

# Cells around the command palette's key, docked right (the rule before it and its padding).
PALETTE_ROOM = 3
RULE = "▏"  # Textual's footer draws a ``vkey`` border left of the palette's key


class Key(NamedTuple):
    """One key the footer shows, as the screen's active bindings give it."""

    key: str
    display: str
    description: str
    id: str
    enabled: bool
    tooltip: str


class Shown(NamedTuple):
    """What the footer draws: the keys at the left, the palette's key at the right (or None)."""

    keys: tuple[Key, ...]
    palette: Key | None


class KeysFooter(Widget, can_focus=False):
    """The screen's keys on one line, least needed dropped first when they do not fit.

    Args:
        priority: binding ids, most needed first; keys not named go before any named one.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "keys-footer--key",
        "keys-footer--description",
        "keys-footer--hover",
        "keys-footer--disabled",
        "keys-footer--rule",
    }
    # Textual's Footer and FooterKey rules, as components of the one line; one rule a line,
    # without blanks or nesting (parsed at a cost per token): 0.30 -> 0.24 ms.
    DEFAULT_CSS = """
    KeysFooter{dock:bottom;height:1;text-wrap:nowrap;color:$footer-foreground;
        background:$footer-background;}
    KeysFooter .keys-footer--key{color:$footer-key-foreground;background:$footer-key-background;
        text-style:bold;}
    KeysFooter .keys-footer--description{color:$footer-description-foreground;
        background:$footer-description-background;}
    KeysFooter .keys-footer--hover{background:$block-hover-background;}
    KeysFooter .keys-footer--disabled{text-style:dim;}
    KeysFooter .keys-footer--rule{color:$foreground 20%;}
    """

    def __init__(self, priority: tuple[str, ...] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.priority = priority
        self.show_command_palette = True
        self.dropped: frozenset[str] = frozenset()  # binding ids the footer has no room for
        self._shown = Shown((), None)
        self._hover: str | None = None  # the key under the mouse
        self._spans: list[tuple[int, int, Key]] = []  # cells each drawn key takes, last render
        # Component styles looked up (by name; a key's by name, hover and enabled: see _layered;
        # the blank cells' under ""), once per restyle (tui/widgets/looks.py).
        self._looks = Looks(self)

    # ------------------------------------------------------------------ what it shows

    @property
    def shown_keys(self) -> tuple[str, ...]:
        """The keys on the line (Textual's key names), left to right, the palette's last."""
        keys = [key for key in self._shown.keys if key.id not in self.dropped]
        return tuple(key.key for key in keys + ([self._shown.palette] if self._shown.palette
                                               else []))

    def on_mount(self) -> None:
        """Follow the screen's bindings (as Textual's footer does), and show them in the first
        frame already: Textual's footer draws an empty line first and its keys a frame later."""
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self._update()

    def on_unmount(self) -> None:
        """Stop following the screen's bindings."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings may have changed: repaint the line only if its keys did.

        While the app is not focused the screen has no focused widget, and its keys would shrink
        to the app's until focus comes back; Textual's footer keeps its keys then, and so does
        this one.
        """
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._update()

    def on_resize(self, event: events.Resize) -> None:
        """Another width may fit other keys (the resize repaints the line anyway)."""
        self._update()

    def _update(self) -> None:
        """Read the keys and refit them; repaint when either changed."""
        shown = self._gather()
        dropped = self.fit(self.size.width or self.app.size.width, shown)
        if (shown, dropped) != (self._shown, self.dropped):
            self._shown, self.dropped = shown, dropped
            if self._hover is not None:  # another key may be there now
                self._hover, self.tooltip = None, None
            self.refresh()

    def _gather(self) -> Shown:
        """The screen's shown keys, one per action (the first bound, as Textual's footer shows
        them), and the command palette's key when the screen has it."""
        app = self.app
        keys: dict[str, Key] = {}
        palette: Key | None = None
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            key = Key(binding.key, app.get_key_display(binding), binding.description,
                      binding.id or "", enabled, tooltip or "")
            if binding.show and binding.action not in keys:
                keys[binding.action] = key
            if binding.key == app.COMMAND_PALETTE_BINDING and self._palette_wanted():
                palette = key._replace(tooltip=binding.tooltip or binding.description)
        return Shown(tuple(keys.values()), palette)

    def _palette_wanted(self) -> bool:
        """Whether the palette's key is shown at the right."""
        return self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE

    def fit(self, width: int, shown: Shown | None = None) -> frozenset[str]:
        """The ids to drop so the shown keys fit ``width`` cells: least needed first."""
        shown = shown or self._shown
        need = {key.id: self._width(key) for key in shown.keys if key.id}
        palette = self._width(shown.palette) if shown.palette else 0
        room = width - (palette + PALETTE_ROOM)
        rank = {key: index for index, key in enumerate(self.priority)}
        order = sorted(need, key=lambda key: -rank.get(key, len(rank)))  # least needed first
        dropped: set[str] = set()
        while order and sum(need.values()) > room:
            key = order.pop(0)
            dropped.add(key)
            need.pop(key)
        return frozenset(dropped)

    @staticmethod
    def _width(key: Key) -> int:
        """Cells one key takes in the footer: `` k Description ``."""
        return cell_len(key.display) + 2 + cell_len(key.description) + 1

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        """The line as segments in exactly the styles :meth:`render` gives them: drawn as a
        widget's text, its blank cells would take the footer's foreground colour too, where
        Textual's footer leaves them background only (the same look, but other cells)."""
        self._looks.stylesheet_replaced()
        if y:
            return Strip.blank(self.size.width, self._blank())
        line = Strip(self.render().render(self.app.console))
        return line.adjust_cell_length(self.size.width, self._blank())  # narrower than the palette

    def render(self) -> Text:
        """The line: the kept keys from the left, the palette's key at the right edge.

        Styles come from the component classes (theme variables), looked up once per restyle
        (:meth:`_look`), so a theme change, which restyles every widget, redraws the line in the
        new colours. The keys' parts are put in one Text at once: a Text assembled per key and
        appended, with the styles looked up per part, cost most of the footer's 0.5 ms.
        """
        self._looks.stylesheet_replaced()
        width, blank = self.size.width, self._blank()
        parts: list[tuple[str, Style]] = []
        spans: list[tuple[int, int, Key]] = []
        cells = 0
        for key in self._shown.keys:
            if key.id not in self.dropped:
                start = cells
                for text, style in self._key_parts(key, compact=False):
                    parts.append((text, style))
                    cells += cell_len(text)
                spans.append((start, cells, key))
        line = self._text(parts)
        palette = self._palette_parts()
        room = max(0, width - sum(cell_len(text) for text, _ in palette))
        line.truncate(room)
        line.append(" " * (room - line.cell_len), blank)
        if self._shown.palette is not None:
            spans.append((room, width, self._shown.palette))
        for text, style in palette:
            line.append(text, style)
        self._spans = [span for span in spans if span[0] < room or span[2] is self._shown.palette]
        return line

    @staticmethod
    def _text(parts: list[tuple[str, Style]]) -> Text:
        """One Text of ``parts``, as appending each in turn makes it (a span per styled part)."""
        plain, spans, at = [], [], 0
        for text, style in parts:
            text = strip_control_codes(text)
            if style and text:
                spans.append(Span(at, at + len(text), style))
            plain.append(text)
            at += len(text)
        return Text("".join(plain), no_wrap=True, end="", spans=spans)

    def _key_parts(self, key: Key, *, compact: bool) -> list[tuple[str, Style]]:
        """`` k Description `` (compact: ``k Description``, as Textual draws its palette key)."""
        hovered = key.key == self._hover
        key_style = self._layered("keys-footer--key", hovered, key.enabled)
        pad = "" if compact else " "
        if not key.description:
            return [(key.display, key_style)]
        description_style = self._layered("keys-footer--description", hovered, key.enabled)
        description = f" {key.description}" if compact else f"{key.description} "
        return [(f"{pad}{key.display}{pad}", key_style), (description, description_style)]

    def _palette_parts(self) -> list[tuple[str, Style]]:
        """The palette's key as Textual's footer docks it: a thin rule, the key, one blank."""
        palette = self._shown.palette
        if palette is None:
            return []
        under = self._under(palette.key == self._hover)
        return [(RULE, self._look("keys-footer--rule") + under),
                *self._key_parts(palette, compact=True), (" ", self._blank() + under)]

    def _under(self, hovered: bool) -> Style:
        """The background under a key: the hover's when the mouse is on it."""
        if not hovered:
            return Style()
        return Style(bgcolor=self._look("keys-footer--hover").bgcolor)

    def _layered(self, name: str, hovered: bool, enabled: bool) -> Style:
        """A component's style over the background under it; dim when its key is disabled."""
        return self._looks.kept((name, hovered, enabled),
                                lambda: self._layer(name, hovered, enabled))

    def _layer(self, name: str, hovered: bool, enabled: bool) -> Style:
        """:meth:`_layered`, looked up."""
        style = self._look(name)
        if self.get_component_styles(name).background.a == 0:
            style += self._under(hovered)  # a transparent component lets the hover show
        if not enabled:
            style += self.get_component_rich_style("keys-footer--disabled", partial=True)
        return style

    def _look(self, name: str) -> Style:
        """A component's style, looked up once per restyle."""
        return self._looks.kept(name, lambda: self.get_component_rich_style(name))

    def _blank(self) -> Style:
        """Blank cells: the footer's background only, as Textual pads between widgets."""
        return self._looks.kept("", lambda: Style(bgcolor=self.rich_style.bgcolor))

    def notify_style_update(self) -> None:
        """Restyled (a theme, the hover's class, an ancestor's background): the styles looked up
        are looked up again."""
        super().notify_style_update()
        self._looks.clear()

    # ------------------------------------------------------------------ mouse

    def _key_at(self, x: int) -> Key | None:
        """The key drawn at cell ``x`` in the last render, if any."""
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Highlight the key under the mouse and show its tooltip, if the binding has one."""
        key = self._key_at(event.x)
        hover = key.key if key else None
        if hover != self._hover:
            self._hover = hover
            self.tooltip = (key.tooltip or None) if key else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        """The mouse left: no key highlighted."""
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click on a key presses it, as on Textual's footer (a disabled key rings the bell)."""
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
