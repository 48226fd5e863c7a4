"""Keeping CPython's garbage collector off the project the screen shows.

A 10,000-request project is about 600,000 Python objects that live as long as the screen shows
them. CPython's full collections walk every one of them (about 200 ms, a key's wait many times
over), and they come when many objects have just survived: right after a load, in the middle of
a watcher's next key. ``gc.freeze()`` moves what is alive into a generation the collector never
walks; objects that die later are still freed by reference counting. Only cycles that become
garbage while frozen wait, until :func:`thaw` hands them back to the collector: the meeting
screen thaws when it closes, so an app run inside a longer process (the test suite) leaves
nothing behind.
"""

from __future__ import annotations

import gc


def freeze() -> None:
    """After a load: take what is alive out of the collector's walks (constant time)."""
    gc.freeze()


def thaw() -> None:
    """When the screen closes: give the collector back everything frozen, to free what died."""
    gc.unfreeze()
