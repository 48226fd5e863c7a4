"""The meeting screen's footer: Textual's, keeping the most needed keys when the line is short,
and rebuilt only when the keys it shows change.

Textual's ``Footer`` rebuilds all of its key widgets whenever the screen's bindings may have
changed: at every focus change and every time a dialog opens or closes over the meeting screen.
The keys it shows are the same almost every time, and the rebuild (a widget per key, each styled
again) was half of the CPU spent opening a chooser (``v``, ``d``): 0.23 s → 0.11 s per open and
close, measured with a Pilot loop on this 2-core machine. This footer compares what it would show
with what it shows and rebuilds only on a difference.

At 80 columns the keys do not all fit, and Textual's footer cuts the line off at the right (it
lost ``e``, ``?`` and ``q``). This one drops whole keys, least needed first (``priority``, by
binding id), so ``n``, ``?`` and ``q`` always stay; the help says which keys went.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]
# Cells around the command palette's key, docked right (the border before it and its padding).
PALETTE_ROOM = 3


class KeysFooter(Footer):
    """A :class:`~textual.widgets.Footer` that drops the least needed keys when they do not fit,
    and skips rebuilds which would show the same keys.

    Args:
        priority: binding ids, most needed first; keys not named go before any named one.
    """

    def __init__(self, priority: tuple[str, ...] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.priority = priority
        self._shown: tuple[Shown, frozenset[str]] | None = None
        self.dropped: frozenset[str] = frozenset()  # binding ids the footer has no room for

    def compose(self) -> ComposeResult:
        """Textual's keys, less the ones that do not fit (ungrouped keys: this app has none)."""
        dropped = self._dropped_actions()
        for key in list(super().compose()):
            if getattr(key, "action", None) not in dropped:
                yield key

    def _dropped_actions(self) -> frozenset[str]:
        """The actions of the bindings in ``dropped``."""
        return frozenset(binding.action for binding in self._shown_bindings()
                         if binding.id in self.dropped)

    def _shown_bindings(self) -> list[Binding]:
        """The shown bindings of the footer's screen."""
        return [binding for _node, binding, _enabled, _tip in self.screen.active_bindings.values()
                if binding.show]

    def fit(self, width: int) -> frozenset[str]:
        """The ids to drop so the shown keys fit ``width`` cells: least needed first."""
        need = {b.id: self._width(b) for b in self._shown_bindings() if b.id}
        room = width - (self._palette_width() + PALETTE_ROOM)
        rank = {key: index for index, key in enumerate(self.priority)}
        order = sorted(need, key=lambda key: -rank.get(key, len(rank)))  # least needed first
        dropped: set[str] = set()
        while order and sum(need.values()) > room:
            key = order.pop(0)
            dropped.add(key)
            need.pop(key)
        return frozenset(dropped)

    def _width(self, binding: Binding) -> int:
        """Cells one key takes in the footer: `` k Description ``."""
        return cell_len(self.app.get_key_display(binding)) + 2 + cell_len(binding.description) + 1

    def _palette_width(self) -> int:
        """Cells the command palette's key takes (docked right), or 0 when not shown."""
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return 0
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return self._width(found[1]) if found else 0

    def on_resize(self, event: events.Resize) -> None:
        """Another width may fit other keys: refit, and rebuild only if that changed them."""
        self.bindings_changed(self.screen)

    def show(self, shown: bool) -> None:
        """Shown or hidden in favour of another footer: a shown footer catches up at once.

        The meeting screen keeps one footer for its own keys and one for the form's, and shows
        one at a time; each keeps its key widgets, so opening and closing the form rebuilds
        none (a rebuild is a widget per key, each styled again: about half of the style work of
        capturing a request).
        """
        self.display = shown
        if shown and self.is_attached:  # from the footer's own queue, as the signal calls it
            self.call_later(self.bindings_changed, self.screen, at_once=True)

    def bindings_changed(self, screen: Screen[object], at_once: bool = False) -> None:
        """Rebuild (as Textual's footer does) only when the shown keys differ from the last ones;
        a hidden footer waits until it is shown (see :meth:`show`).

        Textual's footer rebuilds after the next refresh: one frame laid out and drawn with the
        old keys, then another with the new. A footer swapping in (``at_once``: the form's, on
        its first open) rebuilds from its queue instead, so its keys usually make the first
        frame: that second frame was a seventh of the first ``n``.
        """
        if not self.display:
            return
        if self.is_attached and screen is self.screen:
            self.dropped = self.fit(self.size.width or screen.app.size.width)
        shown = (self._keys(screen), self.dropped)
        if self._bindings_ready and shown == self._shown:
            return
        if at_once:
            self._bindings_ready = True
            if screen.app.app_focus and self.is_attached and screen is self.screen:
                self.call_later(self.recompose)
        else:
            super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # a rebuild was scheduled; otherwise the next change rebuilds

    @staticmethod
    def _keys(screen: Screen[object]) -> Shown:
        """What the footer would show for ``screen``: every shown key, its label and state."""
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip or "")
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show or binding.key == screen.app.COMMAND_PALETTE_BINDING
        )

