"""Importing written review comments (issue 14): files in each format and encoding, the header
mapping, what is skipped, idempotence, all or nothing, the agenda the next meeting adopts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from reviewroom.store.errors import ReviewError
from reviewroom.store.import_files import read_sheet
from reviewroom.store.importing import ImportPlan, map_columns, parse_maps, plan_import
from reviewroom.store.minutes import render_markdown
from reviewroom.store.model import IMPORTED, Decision, Verdict
from reviewroom.store.project import Project
from tests.support import make_project

POLISH_ROWS = [
    ["Komentarz", "Autor", "Slajd", "Data", "Status"],
    ["Zbyt długi wstęp; skrócić do minuty", "Anna Żółć", "3", "2026-11-02", "Otwarty"],
    ["Logo większe", "Jan Ćwik", "5", "2026-11-03", "Rozwiązane"],
    ["", "", "", "", ""],
    ["Łagodniejsze kolory w quizie", "Ewa Źrebięcka", "7", "", ""],
]


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    """``rows`` as a CSV (or TSV) file written by the csv module, as a spreadsheet would."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with one sheet per entry, in order."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def plan(path: Path, project: Project, *, maps: tuple[str, ...] = (), include_closed: bool = False,
         sheet: str | None = None, encoding: str | None = None) -> ImportPlan:
    """What importing ``path`` into ``project`` would do (the CLI's steps, without the CLI)."""
    found = read_sheet(path, sheet=sheet, encoding=encoding, lang="en")
    mapping = map_columns(found.headers, parse_maps(maps, "en"), "en")
    return plan_import(found, mapping, source=path.name, existing=project.requests(),
                       include_closed=include_closed, lang="en")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A project with a live meeting and no requests."""
    return make_project(tmp_path / "home", meeting="Review 1")


# ------------------------------------------------------------------------------- formats


def test_a_polish_excel_csv_in_windows_1250_with_semicolons_needs_no_flags(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "uwagi.csv", POLISH_ROWS, delimiter=";", encoding="cp1250")
    sheet = read_sheet(path, lang="en")
    assert (sheet.encoding, sheet.delimiter) == ("cp1250", ";")
    assert sheet.headers == ("Komentarz", "Autor", "Slajd", "Data", "Status")
    assert sheet.rows[0] == (2, tuple(POLISH_ROWS[1]))  # the ";" inside the quoted comment kept


def test_a_utf8_bom_csv_keeps_quoted_multi_line_comments_with_their_row(tmp_path: Path) -> None:
    rows = [["Comment", "Author", "Slide"], ["First line\nsecond line, with a comma", "Dana", "2"],
            ["Next", "Lee", "3"]]
    path = tmp_path / "review360.csv"
    write_csv(path, rows, encoding="utf-8-sig")
    sheet = read_sheet(path, lang="en")
    assert sheet.encoding == "utf-8-sig" and sheet.headers[0] == "Comment"  # no BOM in it
    assert sheet.rows == ((2, tuple(rows[1])), (3, tuple(rows[2])))


def test_a_tsv_is_read_by_its_tabs(tmp_path: Path) -> None:
    rows = [["Comment", "Reviewer", "Screen"], ["Bigger font, please; thanks", "Dana", "Menu"]]
    sheet = read_sheet(write_csv(tmp_path / "c.tsv", rows, delimiter="\t"), lang="en")
    assert sheet.delimiter == "\t" and sheet.rows[0][1] == tuple(rows[1])


def test_an_xlsx_with_two_sheets_reads_the_first_or_the_one_named(tmp_path: Path) -> None:
    import datetime as dt

    path = write_xlsx(tmp_path / "uwagi.xlsx", {
        "Runda 1": [["Uwaga", "Zgłaszający", "Lekcja", "Data"],
                    ["Więcej przykładów", "Ola", 2, dt.datetime(2026, 11, 5)]],
        "Runda 2": [["Comment", "Author"], ["Shorter quiz", "Dana"], ["Fewer slides", "Lee"]],
    })
    first = read_sheet(path, lang="en")
    assert first.encoding is None and first.rows == ((2, ("Więcej przykładów", "Ola", "2",
                                                          "2026-11-05")),)
    second = read_sheet(path, sheet="Runda 2", lang="en")
    assert [cells[0] for _, cells in second.rows] == ["Shorter quiz", "Fewer slides"]
    with pytest.raises(ReviewError) as refused:
        read_sheet(path, sheet="Runda 3", lang="en")
    assert refused.value.key == "import.no_sheet" and "Runda 1, Runda 2" in str(refused.value)


@pytest.mark.parametrize(("payload", "key"), [
    (b"", "import.empty"),
    (b"\x81\x83\x88 not text", "import.undecodable"),
])
def test_a_file_that_is_not_comments_is_one_clear_error(tmp_path: Path, payload: bytes,
                                                       key: str) -> None:
    path = tmp_path / "comments.csv"
    path.write_bytes(payload)
    with pytest.raises(ReviewError) as refused:
        read_sheet(path, lang="en")
    assert refused.value.key == key


def test_a_damaged_xlsx_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "comments.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ReviewError) as refused:
        read_sheet(path, lang="en")
    assert refused.value.key == "import.bad_xlsx"


# ------------------------------------------------------------------------------- mapping


def test_headers_map_in_english_and_polish_and_map_overrides(tmp_path: Path) -> None:
    english = map_columns(["Comment", "Commenter", "Scene", "Slide", "Date", "Status", "Replies"],
                          {}, "en")
    assert english == {"request": (0,), "by": (1,), "where": (2, 3), "date": (4,),
                       "status": (5,), "note": (6,)}
    polish = map_columns(["Uwaga", "zgłaszający", "EKRAN", "data", "odpowiedzi"], {}, "pl")
    assert polish == {"request": (0,), "by": (1,), "where": (2,), "date": (3,), "note": (4,)}
    chosen = map_columns(["Title", "Description", "Who"],
                         parse_maps(["request=description", "by=Who"], "en"), "en")
    assert chosen == {"request": (1,), "by": (2,)}


def test_no_comment_column_is_one_error_listing_the_headers() -> None:
    with pytest.raises(ReviewError) as refused:
        map_columns(["Title", "Who", ""], {}, "en")
    assert refused.value.key == "import.no_request_column"
    assert "headers found: Title, Who." in str(refused.value)


@pytest.mark.parametrize(("option", "key"), [
    ("colour=Comment", "import.unknown_field"), ("request", "import.bad_map"),
    ("request=Nope", "import.no_column"),
])
def test_a_bad_map_is_one_clear_error(option: str, key: str) -> None:
    with pytest.raises(ReviewError) as refused:
        map_columns(["Comment"], parse_maps([option], "en"), "en")
    assert refused.value.key == key


# ------------------------------------------------------------------------------- planning


def test_closed_and_blank_rows_are_skipped_unless_all(tmp_path: Path, folder: Path) -> None:
    path = write_csv(tmp_path / "uwagi.csv", POLISH_ROWS, delimiter=";", encoding="cp1250")
    with Project.open(folder, readonly=True) as p:
        default, everything = plan(path, p), plan(path, p, include_closed=True)
    assert [c.row for c in default.comments] == [2, 5]
    assert (default.closed, default.blank) == ((3,), (4,))
    assert [c.row for c in everything.comments] == [2, 3, 5]
    first = default.comments[0]
    assert (first.by, first.where, first.date) == ("Anna Żółć", "Slajd 3", "2026-11-02")


def test_each_row_becomes_a_pending_open_request_in_the_live_meeting(tmp_path: Path,
                                                                     folder: Path) -> None:
    path = write_csv(tmp_path / "uwagi.csv", POLISH_ROWS, delimiter=";", encoding="cp1250")
    with Project.open(folder) as p:
        made = p.import_comments(plan(path, p))
    assert [r.id for r in made] == ["CR-1", "CR-2"]
    with Project.open(folder, readonly=True) as stored:
        req = stored.request("CR-1")
        listed = stored.meeting_requests(stored.meeting("M-1"))
    assert (req.meeting, req.verdict, req.decision) == ("M-1", Verdict.PENDING, Decision.OPEN)
    assert (req.request, req.by, req.where) == (POLISH_ROWS[1][0], "Anna Żółć", "Slajd 3")
    origin = req.history[0]
    assert (origin.field, origin.meeting, origin.new) == (
        IMPORTED, "M-1", ["uwagi.csv", "2", "2026-11-02"])
    assert [r.id for r in listed] == ["CR-1", "CR-2"]


def test_importing_the_same_file_again_adds_nothing(tmp_path: Path, folder: Path) -> None:
    """Idempotent by file name and comment text: a re-export with the rows in another order,
    other line endings, and a comment reworded in the meeting since, adds only the new row."""
    rows = [["Comment", "Author"], ["Shorter intro", "Dana"], ["More\nexamples", "Lee"]]
    path = write_csv(tmp_path / "comments.csv", rows)
    with Project.open(folder) as p:
        p.import_comments(plan(path, p))
        p.update_request("CR-1", request="A shorter intro (under a minute)")
        again = plan(path, p)
        assert (again.comments, again.known) == ((), (2, 3))
        write_csv(path, [rows[0], ["More\r\nexamples", "Lee"], ["New one", "Ola"], rows[1]])
        made = p.import_comments(plan(path, p))
    assert [(r.id, r.request) for r in made] == [("CR-3", "New one")]


def test_a_bad_row_is_refused_with_its_number_and_nothing_is_imported(tmp_path: Path,
                                                                       folder: Path) -> None:
    rows = [["Comment", "Author"], ["Fine", "Dana"], ["", "Lee"], ["Fine too", ""], ["", "Ola"]]
    path = write_csv(tmp_path / "comments.csv", rows)
    before = (folder / "reviewroom.json").read_bytes()
    with Project.open(folder) as p, pytest.raises(ReviewError) as refused:
        plan(path, p)
    assert refused.value.key == "import.bad_rows" and str(refused.value).count(": 3, 5.") == 1
    assert (folder / "reviewroom.json").read_bytes() == before


def test_many_bad_rows_are_counted_and_the_first_ones_named(tmp_path: Path,
                                                            folder: Path) -> None:
    rows = [["Comment", "Author"], *(["", f"P{n}"] for n in range(100))]
    path = write_csv(tmp_path / "comments.csv", rows)
    with Project.open(folder, readonly=True) as p, pytest.raises(ReviewError) as refused:
        plan(path, p)
    assert "(100): 2, 3, 4," in str(refused.value) and "31 …." in str(refused.value)


def test_without_a_meeting_the_comments_wait_for_the_next_one(tmp_path: Path) -> None:
    folder = make_project(tmp_path / "home", meeting="Review 1", requests=["Bigger logo"])
    with Project.open(folder) as p:
        p.end_meeting()
        path = write_csv(tmp_path / "comments.csv", [["Comment", "Slide"], ["Shorter", "4"]])
        made = p.import_comments(plan(path, p))
        assert [r.meeting for r in made] == [None]
        assert p.request("CR-2").history[0].meeting is None
    with Project.open(folder) as p:  # stored and read back as on the agenda
        assert p.request("CR-2").meeting is None
        second = p.start_meeting("Review 2")
    with Project.open(folder, readonly=True) as p:
        assert p.request("CR-2").meeting == "M-2", "adopted by the next meeting"
        assert second.carried_over == ("CR-1",), "carried over: only the earlier meeting's"
        listing = [(r.id, why.value) for r, why in p.meeting_listing(p.meeting("M-2"))]
        assert listing == [("CR-1", "carried"), ("CR-2", "raised")]
        minutes = render_markdown(p, p.meeting("M-2"))
    assert "Imported from comments.csv, row 2." in minutes
    assert "- **Where in the course:** Slide 4" in minutes


def test_cells_from_the_hostile_corpus_import_as_plain_text(tmp_path: Path, folder: Path) -> None:
    from tests.hostile import CORPUS, required

    corpus = [required(text) for text in CORPUS]
    rows = [["Comment", "Author", "Slide"], *([text, text, text] for text in corpus)]
    path = write_csv(tmp_path / "hostile.csv", rows)
    with Project.open(folder) as p:
        made = p.import_comments(plan(path, p))
    assert [r.request for r in made] == [text.strip() for text in corpus]
    assert all(r.by == text.strip() for r, text in zip(made, corpus, strict=True))
