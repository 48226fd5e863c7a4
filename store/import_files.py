"""Reading a file of written review comments (CSV, TSV or XLSX) into a header and numbered rows.

Review tools export comments as CSV (Articulate Review 360, zipBoard) or Excel, and clients fill
spreadsheets. Everything here is about getting the cells out, never about what they mean (that
is :mod:`reviewroom.store.importing`), and every problem is one :class:`ReviewError` line.

Decoding a CSV or TSV without ``--encoding`` is deterministic: a UTF-8 or UTF-16 byte order mark
decides; otherwise strict UTF-8 is tried first and Windows-1250 (what Polish Excel writes) second.
A text that is valid UTF-8 is almost never meant as Windows-1250, so that order does not guess;
no statistical detector is needed. The delimiter is the one of ``,`` ``;`` and tab that occurs
most often, outside quotes, in the first non-blank line (a ``.tsv`` file is always tab).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewroom.store.errors import ReviewError
from reviewroom.store.files import FileError, read_regular
from reviewroom.store.text import clean_line, is_blank

DELIMITERS = ("\t", ";", ",")  # ties go to the earlier one: a header rarely holds a tab
FALLBACK_ENCODING = "cp1250"
XLSX_SUFFIXES = (".xlsx", ".xlsm")
TAB_SUFFIXES = (".tsv", ".tab")
ZIP_MAGIC = b"PK\x03\x04"
Row = tuple[int, tuple[str, ...]]


@dataclass(frozen=True)
class Sheet:
    """The header and the rows after it, each with its row number as a spreadsheet shows it.

    ``encoding`` and ``delimiter`` say how a CSV or TSV was read (None for XLSX).
    """

    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    encoding: str | None = None
    delimiter: str | None = None


def read_sheet(path: Path, *, sheet: str | None = None, encoding: str | None = None,
               lang: str) -> Sheet:
    """The comments file at ``path`` as a :class:`Sheet`.

    Args:
        sheet: the XLSX sheet to read (default: the first); refused for CSV and TSV.
        encoding: a CSV's or TSV's encoding (default: detected, see the module's docstring).

    Raises:
        ReviewError: the file cannot be read, decoded or parsed, has no header, or the sheet
            is missing.
    """
    try:
        data = read_regular(path, follow_symlinks=True)
    except OSError as exc:
        raise FileError("import.unreadable", exc, lang=lang, path=str(path)) from None
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ReviewError("import.old_excel", lang=lang, path=str(path))
    if suffix in XLSX_SUFFIXES or data.startswith(ZIP_MAGIC):
        return _with_header(xlsx_rows(data, sheet, path, lang), path, lang)
    if sheet is not None:
        raise ReviewError("import.sheet_not_xlsx", lang=lang, path=str(path))
    text, used = decode(data, encoding, path, lang)
    delimiter = "\t" if suffix in TAB_SUFFIXES else detect_delimiter(text)
    rows = csv_rows(text, delimiter, path, lang)
    found = _with_header(rows, path, lang)
    return Sheet(found.headers, found.rows, used, delimiter)


# ------------------------------------------------------------------------------- CSV and TSV


def decode(data: bytes, encoding: str | None, path: Path, lang: str) -> tuple[str, str]:
    """The file's text and the encoding it was read with.

    Raises:
        ReviewError: an unknown ``encoding``, or bytes that are not text in it (or, without
            one, in UTF-8 or Windows-1250).
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ReviewError("import.unknown_encoding", lang=lang, encoding=encoding) from None
        return _decode_as(data, encoding, path, lang), encoding
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data, "utf-8-sig", path, lang), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16", path, lang), "utf-16"
    for candidate in ("utf-8", FALLBACK_ENCODING):
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    raise ReviewError("import.undecodable", lang=lang, path=str(path))


def _decode_as(data: bytes, encoding: str, path: Path, lang: str) -> str:
    """``data`` in ``encoding``, strictly (a wrong encoding is said, never half-read)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReviewError("import.bad_encoding", lang=lang, path=str(path), encoding=encoding,
                          offset=exc.start) from None


def detect_delimiter(text: str) -> str:
    """The delimiter of the first non-blank line: the most frequent of tab, ``;`` and ``,``
    outside quotes (``,`` when it has none of them: one column)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equal counts
    return best if counts[best] else ","


def csv_rows(text: str, delimiter: str, path: Path, lang: str) -> list[Row]:
    """Every record, numbered from 1 as a spreadsheet numbers rows (a quoted cell may span
    lines and still be one row).

    Raises:
        ReviewError: the csv module cannot parse a record (a NUL byte, a huge cell).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            rows.append((number, tuple(cell.strip() for cell in record)))
    except csv.Error as exc:
        raise ReviewError("import.bad_csv", lang=lang, path=str(path), row=number + 1,
                          reason=clean_line(str(exc))) from None
    return rows


# ------------------------------------------------------------------------------------- XLSX


def xlsx_rows(data: bytes, sheet: str | None, path: Path, lang: str) -> list[Row]:
    """The rows of one sheet of an XLSX workbook (openpyxl, read-only: no formulas run, and
    only the values cached in the file are read).

    Raises:
        ReviewError: not a workbook openpyxl can read, or no sheet ``sheet``.
    """
    with warnings.catch_warnings():  # "no default style" and the like: noise, not one line
        warnings.simplefilter("ignore")
        return _sheet_rows(data, sheet, path, lang)


def _sheet_rows(data: bytes, sheet: str | None, path: Path, lang: str) -> list[Row]:
    """:func:`xlsx_rows`, once openpyxl's warnings are silenced."""
    from openpyxl import load_workbook  # only an XLSX import pays for it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - a foreign file can make the parser raise anything
        raise _bad_xlsx(exc, path, lang) from None
    try:
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise ReviewError("import.no_sheet", lang=lang, sheet=sheet,
                              sheets=", ".join(names))
        chosen = book[sheet] if sheet is not None else book.worksheets[0]
        return [(number, tuple(cell_text(value) for value in values))
                for number, values in enumerate(chosen.iter_rows(values_only=True), start=1)]
    except ReviewError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet fails only as its rows are read
        raise _bad_xlsx(exc, path, lang) from None
    finally:
        book.close()


def _bad_xlsx(exc: Exception, path: Path, lang: str) -> ReviewError:
    """The one line for a workbook that cannot be read, naming the parser's complaint."""
    return ReviewError("import.bad_xlsx", lang=lang, path=str(path),
                       reason=clean_line(type(exc).__name__))


def cell_text(value: Any) -> str:
    """A cell's value as the text the spreadsheet shows for it: dates as ``YYYY-MM-DD`` (with
    the time when there is one), whole numbers without ``.0``, an empty cell as ``""``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# ----------------------------------------------------------------------------------- header


def _with_header(rows: Iterable[Row], path: Path, lang: str) -> Sheet:
    """The first non-blank row as the header, the rows after it as data.

    Raises:
        ReviewError: the file has no non-blank row at all.
    """
    found = iter(rows)
    for _, cells in found:
        if not all(is_blank(cell) for cell in cells):
            return Sheet(_trimmed(cells), tuple(found))  # blank rows too: the plan counts them
    raise ReviewError("import.empty", lang=lang, path=str(path))


def _trimmed(cells: tuple[str, ...]) -> tuple[str, ...]:
    """The header without the blank cells after its last named column."""
    names = list(cells)
    while names and is_blank(names[-1]):
        names.pop()
    return tuple(names)
