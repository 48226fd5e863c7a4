"""The meeting's fast paths as scripts of keys and text, counted as they are sent to tmux.

Issue 12's targets count keys apart from typed text (criterion IDs typed in the Criteria field
are text too): a bare capture ≤ 3 keys, a full request ≤ 12, re-judging and deciding 4. The
end-to-end tests assert the counts; ``tests/benchmarks/bench_fast_paths.py`` times the same
scripts at a person's typing rate.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tests.e2e.tmux import TmuxPane

# A step is ("key", tmux key name) or ("text", literal text).
Step = tuple[str, str]


def keys(*names: str) -> list[Step]:
    """Steps that press keys."""
    return [("key", name) for name in names]


def text(value: str) -> list[Step]:
    """A step that types text."""
    return [("text", value)]


@dataclass
class Tally:
    """What a script sent: keys, typed characters, and how long it took."""

    keys: int = 0
    characters: int = 0
    seconds: float = 0.0
    sent: list[str] = field(default_factory=list)


def run(pane: TmuxPane, steps: Sequence[Step], *, rate: float | None = None,
        done: Callable[[], object] | None = None) -> Tally:
    """Send ``steps`` to ``pane``, counting keys and characters.

    With ``rate`` (keys per second) each key and each character is paced like a person typing
    (the pane's own pause between sends counts towards it); ``done`` (e.g. waiting for "CR-1
    saved") ends the timing.
    """
    tally = Tally()
    start = time.monotonic()
    for kind, value in steps:
        if kind == "key":
            pane.send(value)
            tally.keys += 1
            tally.sent.append(value)
            _pace(pane, rate)
        elif rate:
            for character in value:
                pane.type(character)
                _pace(pane, rate)
        else:
            pane.type(value)
        tally.characters += len(value) if kind == "text" else 0
    if done is not None:
        done()
    tally.seconds = time.monotonic() - start
    return tally


def _pace(pane: TmuxPane, rate: float | None) -> None:
    """Wait out the rest of one keystroke at ``rate`` keys per second, from the pane's last key
    (the pane keeps ``KEY_PAUSE`` between keys itself, so a rate above it is not reached)."""
    if rate:
        time.sleep(max(0.0, pane.last_key_at + 1 / rate - time.monotonic()))


# The scripts (after issue 12): the docked form, one-key choosers, the criteria checklist.
BARE_CAPTURE = [*keys("n"), *text("Make the logo bigger"), *keys("Enter")]
FULL_REQUEST = [
    *keys("n"), *text("Add a quiz after each lesson"),
    *keys("Tab"), *text("Dana"),
    *keys("Tab"), *text("Staff check their own cash-up"),
    *keys("Tab"), *text("b1 k1"),
    *keys("Tab", "Tab"),  # through the checklist (the IDs were typed)
    *keys("c", "Tab", "a", "Enter"),  # consistent, accepted, save
]
REJUDGE_AND_DECIDE = keys("v", "c", "d", "a")

# The same requests with the modal form of version 1 (drop-down lists for verdict and decision),
# for the before/after figures (run against a checkout from before issue 12).
FULL_REQUEST_BEFORE = [
    *keys("n"), *text("Add a quiz after each lesson"),
    *keys("Tab"), *text("Dana"),
    *keys("Tab"), *text("Staff check their own cash-up"),
    *keys("Tab"), *text("b1 k1"),
    *keys("Tab", "Space", "Up", "Up", "Up", "Enter"),  # verdict list: pending → consistent
    *keys("Tab", "Space", "Up", "Up", "Up", "Up", "Enter"),  # decision list: open → accepted
    *keys("Enter"),
]

# Removing K1 from the sample brief with the reason "Merged", at 100x30, starting on the first
# item (the counts of tests/app/test_criteria_revision.py): after issue 12 in the list of items;
# before it in version 1's raw editor, which ``c`` opened at the brief's first line.
REMOVE_CRITERION = [*keys("c", *["Down"] * 6, "x", "s"), *text("Merged"), *keys("Enter")]
REMOVE_CRITERION_BEFORE = [
    *keys("c", *["Down"] * 10, "S-Down", "BSpace", "Tab"), *text("Merged"), *keys("Enter"),
]
