"""What handing a burst of keys on one at a time costs (tui/typeahead.py).

    .venv/bin/python tests/benchmarks/bench_typeahead.py [--keys 200] [--runs 5]

Opens the request form of a project with a live meeting, headless at 100×30, posts ``--keys``
keys to the app at once (as the driver does with one read from a terminal) and times, with
``perf_counter`` inside the app, until the Request field shows their result. Two bursts:

- text: characters only (each goes straight into the field, nothing to wait for);
- edits: "ab", backspace, repeated (each backspace acts through a binding, so the next key
  waits for it; plain Textual gets this one wrong: the next letter overtakes the backspace).

It does the same with the gate switched off (keys dispatched as plain Textual does) and prints
the medians, in total and per key; for edits without the gate it also says whether the field
ended up right.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402

from reviewroom.tui.typeahead import TypeAheadApp  # noqa: E402
from tests.support import PROTOTYPE_REVIEW, make_app, make_project  # noqa: E402


def burst_of(kind: str, keys: int) -> tuple[list[str], str]:
    """The keys of a burst and the text they leave in an empty field."""
    if kind == "text":
        text = ("abcdefghij" * (keys // 10 + 1))[:keys]
        return list(text), text
    rounds = keys // 3
    return ["a", "b", "backspace"] * rounds, "a" * rounds


async def one_run(kind: str, keys: int, gated: bool) -> tuple[float, bool]:
    """Seconds until the Request field settles after the burst, and whether it is right."""
    sequence, expected = burst_of(kind, keys)
    with tempfile.TemporaryDirectory() as home:
        app = make_app(make_project(Path(home), meeting=PROTOTYPE_REVIEW))
        assert isinstance(app, TypeAheadApp)
        if not gated:  # plain Textual dispatch, for comparison
            app.on_event = lambda event: App.on_event(app, event)  # type: ignore[method-assign]
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            field = app.screen.query_one("#field-request")
            start = time.perf_counter()
            for key in sequence:
                app.post_message(events.Key(key, key if len(key) == 1 else None))
            last, stable_since = None, time.perf_counter()
            while True:  # settled: the value stopped changing for 1 s, or is the expected one
                value = field.value  # type: ignore[attr-defined]
                now = time.perf_counter()
                if value == expected:
                    elapsed = now - start
                    break
                if value != last:
                    last, stable_since = value, now
                elif now - stable_since > 1.0:
                    elapsed = stable_since - start
                    break
                await asyncio.sleep(0.001)
            right = field.value == expected  # type: ignore[attr-defined]
            if gated and not right:
                print("  wrong:", repr(field.value[-20:]), "lost markers:", app.lost_markers)
        app.project.close()
        return elapsed, right


def main() -> None:
    """Print the medians with and without the gate, for text and for edits."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for kind in ("text", "edits"):
        for gated, label in ((False, "plain Textual"), (True, "one at a time")):
            runs = [asyncio.run(one_run(kind, args.keys, gated)) for _ in range(args.runs)]
            median = statistics.median(seconds for seconds, _ in runs)
            right = sum(ok for _, ok in runs)
            print(f"{kind:>5} {label:>14}: {median * 1000:8.1f} ms for {args.keys} keys, "
                  f"{median / args.keys * 1000:.2f} ms per key, right {right}/{args.runs}")


if __name__ == "__main__":
    main()
