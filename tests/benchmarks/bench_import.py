"""Importing written review comments: a 1,000-row CSV (and XLSX) through ``reviewroom import``.

    .venv/bin/python tests/benchmarks/bench_import.py [--rows 1000] [--reps 5]

For each format it writes a file of ``--rows`` realistic comments (Polish Excel's ``;`` and
Windows-1250 for the CSV; one sheet for the XLSX, written with openpyxl), creates a fresh project
with a live meeting in a temp dir, and times ``reviewroom import PROJECT FILE`` in-process (click's
runner, as the tests run the CLI): reading and decoding, header mapping, planning, the requests
built and checked, and the one durable commit. ``--dry-run`` is timed too (everything but the
commit). It prints the median, min and max wall time of ``--reps`` runs, each on a new project.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from tests.support import make_project, run_cli  # noqa: E402

HEADER = ["Komentarz", "Autor", "Lekcja", "Slajd", "Data", "Status", "Odpowiedzi"]
WORDS = ("Skrócić wstęp", "Większa czcionka w quizie", "Za dużo tekstu na ekranie",
         "Dodać przykład z kasy", "Zmienić kolor przycisku", "Lektor mówi za szybko")


def rows(count: int) -> list[list[str]]:
    """``count`` comments, each different (the import skips a comment it already has)."""
    return [[f"{WORDS[n % len(WORDS)]}; uwaga nr {n + 1}.\nProszę poprawić przed pilotażem.",
             f"Recenzent {n % 7 + 1}", str(n % 9 + 1), str(n % 40 + 1),
             f"2026-11-{n % 28 + 1:02d}", "Rozwiązane" if n % 10 == 0 else "Otwarte",
             "Zgoda" if n % 3 == 0 else ""] for n in range(count)]


def write_files(folder: Path, count: int) -> dict[str, Path]:
    """The same comments as a Windows-1250 ``;`` CSV and as an XLSX."""
    data = [HEADER, *rows(count)]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";").writerows(data)
    csv_path = folder / "uwagi.csv"
    csv_path.write_bytes(buffer.getvalue().encode("cp1250"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in data:
        sheet.append(row)
    xlsx_path = folder / "uwagi.xlsx"
    book.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def time_import(home: Path, slug: str, path: Path, *extra: str) -> float:
    """Seconds for one ``reviewroom import`` into a new project with a live meeting."""
    make_project(home, slug, meeting="Review 1")
    start = time.perf_counter()
    result = run_cli(home, "import", slug, str(path), *extra)
    elapsed = time.perf_counter() - start
    if result.exit_code != 0:
        raise SystemExit(result.stderr or result.output)
    return elapsed


def main() -> None:
    """Print median, min and max per format, imported and dry run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_files(folder, args.rows)
        print(f"{args.rows} rows ({args.rows // 10} resolved, skipped); {args.reps} runs each")
        for fmt, path in files.items():
            for label, extra in (("import", ()), ("--dry-run", ("--dry-run",))):
                samples = [time_import(folder / "home", f"{fmt}{n}{len(extra)}", path, *extra)
                           for n in range(args.reps)]
                print(f"{fmt:5} {label:10} median {statistics.median(samples) * 1000:7.0f} ms"
                      f"   min {min(samples) * 1000:7.0f}   max {max(samples) * 1000:7.0f}"
                      f"   ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
