"""How often the interpreter looks for reference cycles while the meeting screen runs.

Textual builds and drops many small objects for every frame it draws (segments, strips, styles).
With CPython's default first-generation threshold (700 allocations) the cyclic collector runs
hundreds of times a second while a dialog is open over the meeting screen, and spends about a
fifth of the process's CPU there: measured on the Pilot suites (hostile text, meeting keys,
dialogs), 114 s of CPU with the default and 88 s with :data:`THRESHOLDS`. Collections still run,
so memory stays bounded; they run less often. Reference counting frees almost everything anyway.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 100)


def relax() -> None:
    """Collect cycles less often (see the module's docstring for why and what it saves)."""
    gc.set_threshold(*THRESHOLDS)


def freeze_startup() -> None:
    """Leave what the app started with out of every later collection (``gc.freeze``).

    The modules, the opened project and the meeting screen's widgets live until the app ends,
    yet every full collection walked them again, the one at exit included: opening 1,000
    requests and quitting paid about 150 ms of collections for nothing. The cost is bounded:
    cycles that were already garbage when the screen was first drawn (a few thousand objects
    of start-up) are never freed, once. Only a real run freezes (``ReviewApp.run``): Pilot tests
    start hundreds of apps in one process, and each freeze would keep the garbage before it.
    """
    gc.freeze()
