"""How the app ended: what the CLI prints once the terminal is back."""

from __future__ import annotations

from typing import NamedTuple

from reviewroom.store.errors import ReviewError


class Outcome(NamedTuple):
    """How the app ended, for the CLI: a message for the terminal, or the refusal that stopped it.

    The CLI prints ``message`` (sanitised) after the terminal is restored, and reports ``error``
    as one ``Error:`` line with exit status 1, like any other refused command.
    """

    message: str = ""
    error: ReviewError | None = None
