"""A deadline for a call that must not block: it fails with ``Hung`` instead of hanging the run."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Hung(Exception):
    """A call did not return within its deadline."""


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Interrupt a call that blocks (opening a FIFO, say) after ``seconds`` (main thread only)."""

    def expire(signum: int, frame: Any) -> None:
        raise Hung(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
