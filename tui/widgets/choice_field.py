"""A form field that takes one of a few values by a single key (the verdict, the decision).

A drop-down list costs a facilitator three or four keys per pick (open, arrow, arrow, enter) and
hides the choices until it is open. This field shows its value and every key beside it, takes
the value's key (a mnemonic, or its digit) in one stroke, and leaves ``tab`` and ``enter`` to
the form, so the next field or the save is one more key.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ChoiceField(Widget, can_focus=True):
    """One value out of ``options`` (keys, value, label); ``value`` is the chosen value.

    Each value may have several keys (a mnemonic and a language-neutral digit); the first is
    the one shown.

    ``left``/``right`` step through the values too, for those who would rather not learn the
    keys. Typing a key that picks nothing changes nothing (and rings no bell: the keys are on
    screen).
    """

    DEFAULT_CSS = """
    ChoiceField { height: auto; width: 1fr; background: $boost; }
    ChoiceField:focus { background-tint: $accent 15%; }
    """
    BINDINGS = [
        Binding("left", "step(-1)", "Previous value", show=False, id="choice-previous"),
        Binding("right", "step(1)", "Next value", show=False, id="choice-next"),
    ]

    value: reactive[str] = reactive("", layout=True)

    class Changed(Message):
        """The facilitator picked a value (the form rechecks what depends on it)."""

        def __init__(self, field: ChoiceField, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> ChoiceField:
            """The field that changed, for ``@on(ChoiceField.Changed, "#id")``."""
            return self.field

    def __init__(self, options: Sequence[tuple[tuple[str, ...], str, str]], value: str, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = list(options)
        legal = [v for _, v, _ in self.options]
        self.set_reactive(ChoiceField.value, value if value in legal else legal[0])

    def render(self) -> Content:
        """The chosen value in bold, then every key with its value, the chosen one marked."""
        parts: list[str | tuple[str, str]] = []
        for keys, value, label in self.options:
            chosen = value == self.value
            style = "bold reverse" if chosen else ""
            parts += [(f"{keys[0]} ", "bold $accent"), (label, style), "  "]
        return Content.assemble(*parts).rstrip()

    def pick(self, value: str) -> None:
        """Set the value as if its key was typed (and say so, once)."""
        if value != self.value:
            self.value = value
            self.post_message(self.Changed(self, value))

    def on_key(self, event: events.Key) -> None:
        """A value's key (letter or digit) picks it; other keys go on to the form."""
        for keys, value, _ in self.options:
            if event.key in keys or event.character in keys:
                event.stop()
                event.prevent_default()
                self.pick(value)
                return

    def action_step(self, delta: int) -> None:
        """``left``/``right``: the previous or next value, wrapping around."""
        values = [v for _, v, _ in self.options]
        self.pick(values[(values.index(self.value) + delta) % len(values)])

    def on_click(self) -> None:
        """A click focuses the field (the keys then pick)."""
        self.focus()
