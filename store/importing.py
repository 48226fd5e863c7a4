"""Written review comments as the meeting's agenda: which column is what, which rows to import.

A :class:`~reviewroom.store.import_files.Sheet` is mapped by its header (English and Polish
names, ``--map`` over them), then planned row by row: blank rows and resolved or closed comments
are skipped, comments already imported from a file of the same name are skipped (so importing a
re-exported file again adds nothing), and a row with cells but no comment text is a bad row.
A plan with bad rows imports nothing; :meth:`Project.import_comments` writes a good one in one
commit. Pure: no file access and no clock here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reviewroom.store.changes import raise_request
from reviewroom.store.errors import ReviewError
from reviewroom.store.model import IMPORTED, ChangeRequest, HistoryEntry
from reviewroom.store.text import clean_line, is_blank

if TYPE_CHECKING:  # reading files (csv, XLSX) is not needed to show an imported request
    from reviewroom.store.import_files import Sheet

# What a column can be, and the header names (case and spaces ignored) that say so.
FIELDS = ("request", "by", "where", "date", "status", "note")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "request": ("request", "comment", "comments", "comment text", "komentarz", "komentarze",
                "uwaga", "uwagi", "treść", "prośba"),
    "by": ("by", "author", "commenter", "reviewer", "autor", "autorka", "zgłaszający",
           "zgłaszająca", "zgłasza"),
    "where": ("where", "slide", "scene", "screen", "lesson", "page", "location", "slajd",
              "scena", "ekran", "lekcja", "strona", "miejsce"),
    "date": ("date", "created", "date created", "data", "data utworzenia"),
    "status": ("status", "stan"),
    "note": ("note", "replies", "reply", "odpowiedzi", "odpowiedź"),
}
# Statuses of comments already dealt with in the review tool (English and Polish).
CLOSED = frozenset({
    "resolved", "closed", "done", "fixed", "complete", "completed",
    "rozwiązany", "rozwiązana", "rozwiązane", "zamknięty", "zamknięta", "zamknięte",
    "zrobione", "gotowe", "naprawione",
})
REQUIRED = "request"
BAD_ROWS_SHOWN = 30  # the refusal stays one readable line; the count says how many in all
ColumnMap = dict[str, tuple[int, ...]]  # field -> column indexes


@dataclass(frozen=True)
class Comment:
    """One row to import: its row number and the cells that become the request's fields."""

    row: int
    request: str
    by: str = ""
    where: str = ""
    date: str = ""
    note: str = ""


@dataclass(frozen=True)
class ImportPlan:
    """What importing a file would do: the comments to add and the rows skipped, and why."""

    source: str
    comments: tuple[Comment, ...]
    columns: dict[str, tuple[str, ...]]  # field -> the header names mapped to it
    closed: tuple[int, ...] = ()
    blank: tuple[int, ...] = ()
    known: tuple[int, ...] = ()


def fold(name: str) -> str:
    """A header or status as compared: case-folded, spaces collapsed, ``:`` and ``*`` dropped."""
    return " ".join(name.replace("\ufeff", "").split()).strip(" :*").casefold()


def parse_maps(options: Iterable[str], lang: str) -> dict[str, str]:
    """``--map FIELD=COLUMN`` options as {field: column}.

    Raises:
        ReviewError: not ``FIELD=COLUMN``, or a field that is not one of :data:`FIELDS`.
    """
    maps: dict[str, str] = {}
    for option in options:
        field, sep, column = option.partition("=")
        field = field.strip().lower()
        if not sep or not column.strip():
            raise ReviewError("import.bad_map", lang=lang, option=clean_line(option),
                              fields=", ".join(FIELDS))
        if field not in FIELDS:
            raise ReviewError("import.unknown_field", lang=lang, field_name=clean_line(field),
                              fields=", ".join(FIELDS))
        maps[field] = column.strip()
    return maps


def map_columns(headers: Sequence[str], maps: Mapping[str, str], lang: str) -> ColumnMap:
    """Which columns hold which field: ``--map`` first, then the header names.

    Every column named for ``where`` counts (a lesson and a slide column make one place); for
    the other fields the first column named for it does.

    Raises:
        ReviewError: a ``--map`` column that is not in the header, or no column for the
            request text; both list the headers found.
    """
    folded = [fold(h) for h in headers]
    found = ", ".join(clean_line(h) for h in headers if not is_blank(h)) or "—"
    mapping: ColumnMap = {}
    for field, column in maps.items():
        if fold(column) not in folded:
            raise ReviewError("import.no_column", lang=lang, column=clean_line(column),
                              headers=found)
        mapping[field] = (folded.index(fold(column)),)
    for field in FIELDS:
        if field in mapping:
            continue
        hits = tuple(i for i, name in enumerate(folded) if name in SYNONYMS[field])
        if hits:
            mapping[field] = hits if field == "where" else hits[:1]
    if REQUIRED not in mapping:
        raise ReviewError("import.no_request_column", lang=lang, headers=found)
    return mapping


def plan_import(sheet: Sheet, mapping: ColumnMap, *, source: str,
                existing: Iterable[ChangeRequest], include_closed: bool,
                lang: str) -> ImportPlan:
    """The comments of ``sheet`` to add, and the rows skipped.

    Raises:
        ReviewError: rows with cells but no comment text, all listed by row number (nothing of
            the file is then imported).
    """
    known = imported_keys(existing)
    comments: list[Comment] = []
    closed: list[int] = []
    blank: list[int] = []
    repeated: list[int] = []
    bad: list[int] = []
    for number, cells in sheet.rows:
        values = {field: _value(cells, columns) for field, columns in mapping.items()}
        if "where" in mapping:
            values["where"] = _place(cells, mapping["where"], sheet.headers)
        if all(is_blank(cell) for cell in cells):
            blank.append(number)
        elif not include_closed and fold(values.get("status", "")) in CLOSED:
            closed.append(number)
        elif is_blank(values[REQUIRED]):
            bad.append(number)
        elif (key := (source, text_key(values[REQUIRED]))) in known:
            repeated.append(number)
        else:
            known.add(key)
            comments.append(Comment(number, values[REQUIRED], values.get("by", ""),
                                    values.get("where", ""), clean_line(values.get("date", "")),
                                    values.get("note", "")))
    if bad:
        shown = ", ".join(map(str, bad[:BAD_ROWS_SHOWN]))
        raise ReviewError("import.bad_rows", lang=lang, count=len(bad),
                          rows=shown + (" …" if len(bad) > BAD_ROWS_SHOWN else ""))
    columns = {field: tuple(sheet.headers[i] for i in cols) for field, cols in mapping.items()}
    return ImportPlan(source, tuple(comments), columns, tuple(closed), tuple(blank),
                      tuple(repeated))


def _value(cells: tuple[str, ...], columns: tuple[int, ...]) -> str:
    """The text of a field in one row: its columns' non-blank cells, joined by ``, ``."""
    parts = [cells[i] for i in columns if i < len(cells) and not is_blank(cells[i])]
    return ", ".join(parts)


def _place(cells: tuple[str, ...], columns: tuple[int, ...], headers: Sequence[str]) -> str:
    """The ``where`` of one row: a bare number says which column it came from (``Slide 3``,
    ``Lesson 2, Slide 4``); text such as ``Scene 2 / Slide 4`` is kept as it is."""
    parts = []
    for i in columns:
        cell = cells[i] if i < len(cells) else ""
        if is_blank(cell):
            continue
        numeric = cell.replace(".", "", 1).isdigit()
        parts.append(f"{headers[i].strip()} {cell}" if numeric and i < len(headers) else cell)
    return ", ".join(parts)


def text_key(text: str) -> str:
    """A comment's text as compared for re-imports: line endings and spacing do not count."""
    return " ".join(text.split())


def imported_keys(requests: Iterable[ChangeRequest]) -> set[tuple[str, str]]:
    """(file name, comment text) of every imported request, its text as imported (the request
    may have been reworded since: its history keeps the first wording)."""
    keys: set[tuple[str, str]] = set()
    for req in requests:
        entry = next((h for h in req.history if h.field == IMPORTED), None)
        if entry is None or not isinstance(entry.new, list) or not entry.new:
            continue
        first = next((h.old for h in req.history if h.field == "request"), req.request)
        keys.add((str(entry.new[0]), text_key(str(first))))
    return keys


def imported_request(comment: Comment, number: int, *, source: str, meeting: str | None,
                     lang: str, version: int, now: Callable[[], str]) -> ChangeRequest:
    """Request ``number`` for ``comment``: pending, open, in ``meeting`` (None: on the agenda
    of the next one), its history saying where it came from."""
    values = {"request": comment.request, "by": comment.by, "where": comment.where,
              "note": comment.note}
    req = raise_request(number, {k: v for k, v in values.items() if v}, meeting=meeting,
                        lang=lang, version=version, now=now)
    origin = HistoryEntry(req.created_at, meeting, IMPORTED, None,
                          [source, str(comment.row), comment.date])
    return replace(req, history=(origin,))
