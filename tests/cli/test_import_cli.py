"""``reviewroom import``: dry run, the agenda, refusals as one line with exit 1, hostile cells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ProjectFactory
from tests.domain.test_importing import POLISH_ROWS, write_csv, write_xlsx
from tests.hostile import CORPUS, raw_characters, required
from tests.support import run_cli


def listed(home: Path) -> list[dict[str, object]]:
    """``request list acme --json``."""
    result = run_cli(home, "request", "list", "acme", "--json")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_dry_run_prints_the_table_and_leaves_the_store_byte_identical(
    home: Path, new_project: ProjectFactory, tmp_path: Path
) -> None:
    folder = new_project("acme", meeting="Review 1")
    path = write_csv(tmp_path / "uwagi.csv", POLISH_ROWS, delimiter=";", encoding="cp1250")
    names = sorted(p.name for p in folder.iterdir())
    before = {name: (folder / name).read_bytes() for name in names if (folder / name).is_file()}
    result = run_cli(home, "import", "acme", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("Columns: request ← Komentarz · by ← Autor · where ← Slajd · "
                        "date ← Data · status ← Status")
    assert lines[1].split() == ["Row", "Request", "By", "Where", "Date"]
    assert lines[3].startswith("2    Zbyt długi wstęp; skrócić do minuty")
    assert "Would add 2 request(s) from uwagi.csv to meeting M-1" in result.stdout
    assert "resolved or closed 1" in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == names
    assert {name: (folder / name).read_bytes() for name in before} == before


def test_import_onto_the_agenda_then_the_meeting_adopts_it(
    home: Path, new_project: ProjectFactory, tmp_path: Path
) -> None:
    new_project("acme")
    path = write_xlsx(tmp_path / "comments.xlsx", {
        "Old": [["Comment"], ["Not this sheet"]],
        "Round 2": [["Comment", "Author", "Lesson", "Slide"], ["Shorter quiz", "Dana", 1, 4]],
    })
    result = run_cli(home, "import", "acme", str(path), "--sheet", "Round 2")
    assert result.exit_code == 0, result.stderr
    assert "to the agenda of the next meeting: CR-1." in result.stdout
    assert [(r["meeting"], r["where"]) for r in listed(home)] == [(None, "Lesson 1, Slide 4")]
    table = run_cli(home, "request", "list", "acme").stdout
    assert "agenda (next meeting)" in table
    assert run_cli(home, "meeting", "start", "acme", "--title", "Review 1").exit_code == 0
    assert [r["meeting"] for r in listed(home)] == ["M-1"]
    again = run_cli(home, "import", "acme", str(path), "--sheet", "Round 2")
    assert "Nothing new to import from comments.xlsx." in again.stdout
    assert len(listed(home)) == 1


@pytest.mark.parametrize(("args", "expected"), [
    (["missing.csv"], "Cannot read"),
    (["good.csv", "--encoding", "utf-16"], "is not utf-16 text"),
    (["good.csv", "--encoding", "klingon"], "Unknown encoding klingon"),
    (["good.csv", "--map", "colour=Comment"], "--map names colour, which is not a field"),
    (["good.csv", "--sheet", "Round 2"], "--sheet is for XLSX workbooks"),
    (["book.xlsx", "--sheet", "Round 3"], "The workbook has no sheet Round 3"),
    (["bad.csv"], "Nothing imported: rows with cells but no comment text (1): 3."),
    (["plain.csv"], "headers found: Title, Who."),
])
def test_a_refusal_is_one_line_exit_1_and_writes_nothing(
    home: Path, new_project: ProjectFactory, tmp_path: Path, args: list[str], expected: str
) -> None:
    folder = new_project("acme", meeting="Review 1")
    write_csv(tmp_path / "good.csv", [["Comment"], ["Fine"]])
    write_csv(tmp_path / "bad.csv", [["Comment", "Author"], ["Fine", "Dana"], ["", "Lee"]])
    write_csv(tmp_path / "plain.csv", [["Title", "Who"], ["x", "y"]])
    write_xlsx(tmp_path / "book.xlsx", {"Round 1": [["Comment"], ["Fine"]]})
    before = (folder / "reviewroom.json").read_bytes()
    result = run_cli(home, "import", "acme", str(tmp_path / args[0]), *args[1:])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert expected in result.stderr
    assert (folder / "reviewroom.json").read_bytes() == before


def test_errors_and_output_in_polish(home: Path, new_project: ProjectFactory,
                                     tmp_path: Path) -> None:
    new_project("acme", meeting="Review 1")
    path = write_csv(tmp_path / "uwagi.csv", POLISH_ROWS, delimiter=";", encoding="cp1250")
    result = run_cli(home, "--lang", "pl", "import", "acme", str(path))
    assert "Dodano próśb: 2 z uwagi.csv do spotkania M-1: CR-1–CR-2." in result.stdout
    refused = run_cli(home, "--lang", "pl", "import", "acme", str(path), "--map", "x=y")
    assert refused.stderr.startswith("Error: --map podaje x, a to nie jest pole")


def test_hostile_cells_are_shown_as_data(home: Path, new_project: ProjectFactory,
                                         tmp_path: Path) -> None:
    new_project("acme", meeting="Review 1")
    corpus = [required(text) for text in CORPUS]
    path = write_csv(tmp_path / "hostile.csv",
                     [["Comment", "Author", "Slide"], *([t, t, t] for t in corpus)])
    dry = run_cli(home, "import", "acme", str(path), "--dry-run")
    assert dry.exit_code == 0 and raw_characters(dry.stdout) == []
    assert f"Would add {len(corpus)} request(s)" in dry.stdout
    assert run_cli(home, "import", "acme", str(path)).exit_code == 0
    assert [r["request"] for r in listed(home)] == [t.strip() for t in corpus]
