"""Typed-ahead keys reach the widget they were meant for, however fast they arrive.

A terminal hands the app several keys in one read when someone types fast, pastes, or works over
SSH. Textual forwards each key to the widget focused *when the key is dispatched* and handles it
there later, on that widget's own queue. So in a burst, every key is dispatched before the one
ahead of it has had its effect: text typed right after ``tab`` lands in the field being left,
``n`` followed at once by "Bigger logo" loses the text (the form is not even mounted yet), and
``enter`` saves before the last characters reached the field.

:class:`TypeAheadApp` makes a burst behave like slow typing: it dispatches one key, then holds
the next until the first has been handled — a marker follows the key up the path it bubbles
along (the focused widget, its ancestors, the screen, the app), so when the marker comes back,
every binding the key triggered has run — and, when the key changed the screen, until the new
screen is mounted and has focused its field. Nothing waits on time: the markers ride the same
queues as the keys; a timer only checks, now and then, that a marker is not stuck in a widget
that was removed meanwhile (it then goes on from the next one).
Characters typed into a text field need no wait (they queue up in that field, in order), so a
burst of text costs what it costs in plain Textual; the next key that is not such a character
first waits for the field to take them (tests/benchmarks/bench_typeahead.py has the figures).

It also undoes a terminal ambiguity: ``esc`` followed quickly by a letter arrives as ``alt+letter``
(Textual's escape delay), which would type the letter into a field instead of closing the form.
No key of reviewroom uses ``alt``, so ``alt+letter`` is read as ``esc`` and then the letter.

A click (mouse down and up) that arrives while keys are held takes its turn after them, so
``v`` then a click on another row judges the row ``v`` was pressed on; the palette's ``enter``
sets off a longer chain, which its screen declares (``TYPEAHEAD_ALSO``, ``TYPEAHEAD_PASSES``).

Dialog flows (:func:`flow`) are workers that await one dialog after another with
``push_screen_wait``. A worker opens its dialog a moment after the key that started it, and the
next one after the last closed; keys typed meanwhile (``v`` then ``c`` at once) wait until the
dialog is there, so they never act on the screen underneath.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Coroutine
from functools import update_wrapper
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, ParamSpec, TypeVar

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.errors import NoWidget
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker

if TYPE_CHECKING:
    from textual.widgets import TextArea

# Where Textual defines TextArea (tests/app/test_typeahead_text_area.py checks it): until that
# module is loaded no widget can be a TextArea, and the meeting screen is drawn without it.
TEXT_AREA_MODULE = "textual.widgets._text_area"

ALT = "alt+"
FLOW_GROUP = "dialog-flow"
R = TypeVar("R")
P = ParamSpec("P")
N = TypeVar("N", bound=DOMNode)


def flow(
    method: Callable[Concatenate[N, P], Coroutine[Any, Any, None]],
) -> Callable[Concatenate[N, P], Worker[None]]:
    """Run a coroutine method as a dialog flow: a worker that awaits its dialogs in turn.

    Written as straight-line code (``choice = await self.app.push_screen_wait(...)``) instead of
    a chain of callbacks. The worker belongs to :data:`FLOW_GROUP`, which :class:`TypeAheadApp`
    watches: while a flow runs on the screen in front, typed-ahead keys wait for its next dialog
    (or for the flow to end) instead of reaching that screen. While a flow of the node runs,
    starting another hands back the running one (:func:`running_flow`). An unexpected error in
    a flow ends the app like any other, so the crash report catches it.
    """

    def start(node: N, /, *args: P.args, **kwargs: P.kwargs) -> Worker[None]:
        running = running_flow(node)
        if running is not None:
            return running  # one flow per screen: see running_flow

        async def run() -> None:
            try:
                await method(node, *args, **kwargs)
            finally:
                app = node.app
                if isinstance(app, TypeAheadApp):  # keys it held go on to what is in front now
                    app.call_later(app._release)

        return node.run_worker(run(), name=method.__name__, group=FLOW_GROUP)

    update_wrapper(start, method)
    return start


def running_flow(node: DOMNode) -> Worker[None] | None:
    """The dialog flow started from ``node`` that has not finished yet, if any.

    A screen runs one flow at a time. Keys cannot start a second one (they wait while a flow
    runs, see :class:`TypeAheadApp`), but clicks are not held: the two clicks of a double click
    that arrive in one read (over SSH) both select the highlighted row before the first flow
    has opened its form, and a second flow would stack another form, built from the request as
    it was, over the first. :func:`flow` hands back the running flow instead.
    """
    for worker in node.app.workers:
        if worker.group == FLOW_GROUP and worker.node is node and not worker.is_finished:
            return worker
    return None


def key_path(focused: Widget | Screen[Any]) -> list[DOMNode]:
    """Where a key's effects happen: the focused widget and its ancestors up to the app, with
    the widgets the screen names in ``TYPEAHEAD_ALSO`` (selectors) just before the screen.

    A key bubbles up from the focused widget; most of what its bindings do happens on that
    path. A screen whose keys act through a sibling of the focused widget (the palette's
    ``enter`` selects in its command list, not in its input) names that sibling.
    """
    path: list[DOMNode] = [*focused.ancestors_with_self]
    screen = focused if isinstance(focused, Screen) else focused.screen
    extra = [node for selector in getattr(screen, "TYPEAHEAD_ALSO", ())
             for node in screen.query(selector)]
    index = path.index(screen)
    return [*path[:index], *extra, *path[index:]]


def split_escape(event: events.Key) -> list[events.Key]:
    """``alt+x`` (``esc`` then ``x`` within the escape delay) as the two keys; others unchanged.

    The terminal sends ``esc`` and ``x`` as one sequence; Textual's parser reports it as
    ``alt+x`` carrying the character ``x``. Only keys with one printable character are split:
    Textual reports ``esc`` followed by a named key (``tab``, ``/``) without the escape at all.
    """
    character = event.character
    if not event.key.startswith(ALT) or character is None or len(character) != 1:
        return [event]
    if not character.isprintable():
        return [event]
    plain = character if character.isalnum() else event.key.removeprefix(ALT)
    return [events.Key("escape", "\x1b"), events.Key(plain, character)]


Held = events.Key | events.Paste | events.MouseDown | events.MouseUp


def typed_in_place(key: Held, widget: Widget) -> bool:
    """Whether ``key`` is a character (or a paste) that the text field ``widget`` simply takes.

    Such a key changes nothing but that field, and the next key goes to the same field's queue
    behind it, so there is nothing to wait for: a burst of text costs what Textual alone costs.
    Every other key may act through a binding once it has bubbled up to the app (``backspace``,
    ``tab``, an arrow, a letter on the meeting screen), so the next key waits for it.
    """
    text_area = _text_area()
    fields = (Input,) if text_area is None else (Input, text_area)
    if not isinstance(widget, fields) or isinstance(key, events.MouseEvent):
        return False
    if isinstance(key, events.Key) and not key.is_printable:
        return False
    return not (text_area is not None and isinstance(widget, text_area) and widget.read_only)


def _text_area() -> type[TextArea] | None:
    """TextArea if its module is loaded, else None (then no widget is one): importing it for
    this check cost the meeting screen's start its document machinery, which only the request
    form and the dialogs need."""
    module = sys.modules.get(TEXT_AREA_MODULE)
    return None if module is None else module.TextArea


def screen_ready(screen: Screen[Any]) -> bool:
    """A screen can take keys once it is mounted and has focused a widget (if it has any)."""
    return screen.is_mounted and (screen.focused is not None or not screen.focus_chain)


class TypeAheadApp(App[R]):
    """An App that hands keys from the terminal on one at a time, each after the last took effect.

    A key that arrives while nothing is pending is dispatched at once, so typing at a normal
    pace costs nothing; in a burst, a key waits only behind one that may act through a binding
    (a few queue hops), never behind plain characters going into a field.
    """

    SAFETY_TIMEOUT: ClassVar[float] = 1.0  # seconds between checks that a marker is not stuck
    SETTLE_ROUNDS: ClassVar[int] = 20  # round trips to wait for a new screen to focus a field
    PASSES: ClassVar[int] = 2  # trips along a key's path: the key, then what its bindings posted

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[Held] = deque()
        self._pending: int | None = None  # the marker being waited for, if any
        self._typing_in: Widget | None = None  # the field taking characters without a wait
        self._dispatching = False
        self._markers = 0
        self._settled: Screen[Any] | None = None
        self._rounds = 0
        self._safety: Timer | None = None
        self.lost_markers = 0  # markers found stuck in a removed widget (tests expect none)
        self._route: tuple[list[DOMNode], int, int, int] | None = None  # where the marker is

    @property
    def keys_pending(self) -> bool:
        """Whether typed-ahead keys are still waiting, or the last one has not yet taken effect."""
        return bool(self._held) or self._pending is not None or self._dispatching

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes from the terminal queue up in order; all else as Textual does."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._held.extend(split_escape(event))
            await self._release()
            return
        if isinstance(event, events.Paste) and not event.is_forwarded:
            self._held.append(event)  # a paste right after ``n`` belongs in the new form
            await self._release()
            return
        if isinstance(event, events.MouseDown | events.MouseUp) and self.keys_pending:
            # A click in the same read as keys takes its turn after them (``v`` then a click
            # on another row must judge the row ``v`` was pressed on); with nothing pending a
            # click goes straight on, as Textual handles it.
            self._held.append(event)
            await self._release()
            return
        await super().on_event(event)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """As Textual's; keys held for a dialog flow then go on to the screen it opened."""
        pushed = super().push_screen(*args, **kwargs)
        if self._held:
            self.call_later(self._release)
        return pushed

    async def _release(self) -> None:
        """Dispatch held keys in order; after each, wait until it took effect if it may matter."""
        while self._pending is None and self._held:
            screen = self.screen
            if running_flow(screen) is not None:  # between its key and its dialog, or two
                return  # dialogs: push_screen or the flow's end goes on
            if screen is not self._settled:
                self._wait([screen, self], settling=True)
                return
            focused = self.focused or screen
            key = self._held[0]
            typed = typed_in_place(key, focused)
            if not typed and self._typing_in is not None:
                # A binding (ctrl+s, tab…) must see every character typed before it.
                field, self._typing_in = self._typing_in, None
                self._wait([field, self], settling=False)
                return
            self._held.popleft()
            self.handing_on(key)
            self._dispatching = True
            try:
                await super().on_event(key)
            finally:
                self._dispatching = False
            if self.screen is not screen:  # a priority binding replaced the screen: wait for it
                self._typing_in = None
                self._wait([self.screen, self], settling=False)
            elif typed:
                self._typing_in = focused
            else:
                target = self._under_mouse(key) or focused
                # A screen whose keys set off a longer chain of messages asks for more trips.
                passes = getattr(screen, "TYPEAHEAD_PASSES", None)
                self._wait(key_path(target), settling=False, passes=passes)

    def _under_mouse(self, event: Held) -> Widget | None:
        """The widget a held click landed on (its effects happen there), if it was one."""
        if not isinstance(event, events.MouseEvent):
            return None
        try:
            widget, _ = self.screen.get_widget_at(event.screen_x, event.screen_y)
        except NoWidget:
            return None
        return widget

    def handing_on(self, event: Held) -> None:
        """A held key or paste is about to go to the widget focused now (the one that takes it);
        a subclass may adjust it here (ReviewApp cleans a paste for that widget). Nothing here.
        """

    def _wait(self, path: list[DOMNode], *, settling: bool, passes: int | None = None) -> None:
        """Send a marker along ``path`` (ending at the app); the next key waits for its return."""
        self._markers += 1
        self._pending = marker = self._markers
        if not settling:
            self._rounds = 0
        self._arm_safety(marker)
        self._hop(path, 0, marker, passes or self.PASSES)

    def _arm_safety(self, marker: int) -> None:
        """(Re)start the check that the marker is not stuck in a node that has gone."""
        if self._safety is not None:
            self._safety.stop()
        self._safety = self.set_timer(self.SAFETY_TIMEOUT, lambda: self._check(marker))

    def _hop(self, path: list[DOMNode], index: int, marker: int, passes: int) -> None:
        """Move the marker to the next node of ``path`` that still takes messages.

        Each node handles it after whatever it had queued, including a key bubbling up from the
        node before, so at the app the key and every binding it triggered are done. A second
        pass then trails the messages those bindings posted along the same path (a list that
        closes after a pick, a field that updates), so their effects are done too.
        """
        for position in range(index, len(path)):
            if path[position].call_later(self._hop, path, position + 1, marker, passes):
                self._route = (path, position, marker, passes)
                return
        self._route = None
        if passes > 1:
            self.call_later(self._hop, path, 0, marker, passes - 1)
        else:
            self.call_later(self._arrived, marker)

    def _check(self, marker: int) -> None:
        """The safety net: a marker is slow to come back. Is it stuck in a node that has gone?

        A node that was removed (a screen that closed) drops what it had queued; the marker then
        goes on from the next node. A node that is merely busy (a loaded machine) is waited for:
        handing the keys on early would bring back the very disorder this class prevents.
        """
        if marker != self._pending:
            return
        route = self._route
        if route is not None:
            path, position, _, passes = route
            node = path[position]
            if not node.is_running and not node.is_attached:
                self.lost_markers += 1
                self._hop(path, position + 1, marker, passes)
        self._arm_safety(marker)

    async def _arrived(self, marker: int) -> None:
        """The marker is back: settle a new screen once it is ready, then the next key."""
        if marker != self._pending:
            return  # a stale marker
        self._pending = None
        if self._safety is not None:
            self._safety.stop()
            self._safety = None
        screen = self.screen
        if screen is not self._settled:
            if screen_ready(screen) or self._rounds >= self.SETTLE_ROUNDS:
                self._settled = screen
            else:
                self._rounds += 1
        await self._release()
