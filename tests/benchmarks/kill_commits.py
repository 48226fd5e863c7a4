"""SIGKILL a writer mid-commit many times; nothing acknowledged may be lost (issue 13).

    .venv/bin/python tests/benchmarks/kill_commits.py [--kills 200] [--seed 1] [--requests 150]

The suite's tests/domain/test_crash.py does the same with 40 kills (and 20 of each TinyDB
writer); this script runs as many as asked, for a longer look. Each round forks a writer
(tests/helpers_crash.py: ``Project.update_request("CR-1", note=<n>)`` in a loop, acknowledging
each value after the commit returned), SIGKILLs it 5–80 ms after it opened the project, then
checks that the store and its backup load, that CR-1 holds the last acknowledged value (or the
one in flight, never less) and its full history, and records whether the kill left a journal
(the kill then landed among appends, not in the session's first full write).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reviewroom.store.journal import journal_path  # noqa: E402
from reviewroom.store.project import Project  # noqa: E402
from tests.domain.test_crash import BRIEF, check_files, check_value, run_and_kill  # noqa: E402
from tests.support import make_project  # noqa: E402


def main() -> None:
    """Build, kill, check, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="writers to kill (200)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the delays (1)")
    parser.add_argument("--requests", type=int, default=150, help="requests in the store (150)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rr-kills-") as tmp:
        folder = make_project(Path(tmp), "cashup", brief=BRIEF, meeting="Przegląd alfa",
                              requests=[f"Zmień kolor przycisku {n}"
                                        for n in range(args.requests)])
        store = folder / "reviewroom.json"
        previous = acked = with_journal = 0
        for _ in range(args.kills):
            kill = run_and_kill("project", folder, rng.uniform(0.005, 0.080))
            check_files(store)
            with_journal += journal_path(store).exists()
            with Project.open(folder, readonly=True) as reader:
                found = int(reader.request("CR-1").note or 0)
                assert len(reader.requests()) == args.requests
            check_value(found, kill, previous)
            previous, acked = found, acked + len(kill.acks)
        with Project.open(folder) as writer:
            history = [int(h.new) for h in writer.request("CR-1").history]
            assert history == list(range(1, previous + 1)), "every commit's history is there"
    took = time.perf_counter() - began
    print(f"{args.kills} SIGKILLs mid-commit, {acked} acknowledged commits, none lost; "
          f"{with_journal} kills left a journal; CR-1 ends at {previous}; {took:.1f} s")


if __name__ == "__main__":
    main()
