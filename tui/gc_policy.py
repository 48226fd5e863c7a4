"""How the interpreter's cycle collector treats the meeting screen.

**Less often.** Textual builds and drops many small objects for every frame it draws (segments,
strips, styles). With CPython's default first-generation threshold (700 allocations) the cyclic
collector runs hundreds of times a second while a dialog is open over the meeting screen, and
spends about a fifth of the process's CPU there: measured on the Pilot suites (hostile text,
meeting keys, dialogs), 114 s of CPU with the default and 88 s with :data:`THRESHOLDS`.
Collections still run, so memory stays bounded; they run less often. Reference counting frees
almost everything anyway.

**Not over what the screen shows.** A 10,000-request project is about 600,000 objects that live
as long as the screen shows them, and every full collection walked them all (about 200 ms, a
watcher's key held that long), the one at exit too. After each load :func:`freeze` moves what is
alive into a generation the collector never walks; objects that die later are still freed by
reference counting. Cycles that turn to garbage while frozen wait for :func:`thaw`, which the
meeting screen calls when it closes, so an app run inside a longer process (the test suite)
leaves nothing behind. A real run skips it: the process ends with the app, and thawing would
only make the exit walk the whole heap (145 ms at 1,000 requests, 5 ms frozen).
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 100)


def hold() -> None:
    """Collect nothing while the app's command starts: the launcher, before it imports click,
    the store and Textual (:func:`resume` at the app's load, in a real run after freezing all
    that was imported).

    With CPython's defaults, importing them and opening a 1,000-request project ran some 90
    collections (about 15 ms) on the way to the first paint, each walking what had just been
    built, which all lives as long as the process. Nothing runs long with collection held: the
    app loads within the same second, or the command ends.
    """
    gc.disable()


def resume() -> None:
    """Collect again, with the app's policy (:func:`relax`); undoes :func:`hold`."""
    relax()
    gc.enable()


def relax() -> None:
    """Collect cycles less often (see the module's docstring for why and what it saves)."""
    gc.set_threshold(*THRESHOLDS)


def freeze(*, full: bool) -> None:
    """After a load: free what is garbage, then leave every object alive out of later
    collections.

    ``full`` (a real run) collects all that is not frozen yet: what was made since the last
    freeze, the load itself included (tens of milliseconds at 1,000 requests), so garbage is
    never frozen with it. A Pilot app in the test process collects the young generations only:
    a full pass there walks the whole test process after each thaw (~0.2 s an app).
    """
    gc.collect() if full else gc.collect(1)
    gc.freeze()


def freeze_start() -> None:
    """A real run, before the app builds anything: leave the modules and the opened project
    out of every collection from now on (they live as long as the process). Without it the
    collections while the meeting screen is built and first drawn walked them all: start to
    first paint of 1,000 requests took 1,267 ms, 1,043 ms with it (median of 8, alternated).
    What import left as garbage cycles is kept, once."""
    gc.freeze()


def thaw() -> None:
    """When the screen closes: give the collector back everything frozen, to free what died."""
    gc.unfreeze()
