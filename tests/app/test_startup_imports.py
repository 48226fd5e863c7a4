"""What painting the meeting screen imports: nothing that only a dialog, the form or an export
needs (each module costs the start-up; see tests/benchmarks/bench_tui.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual import events
from textual.widgets import TextArea

from reviewroom.tui import typeahead

ROOT = Path(__file__).resolve().parents[2]
# Imported where they are used, never to paint the meeting screen.
LAZY = (
    "textual.widgets._text_area",  # the request form's and the dialogs' text areas
    "textual.widgets._data_table",  # the list is its own widget (tui/widgets/one_line_rows.py)
    "reviewroom.tui.widgets.cursor_publisher",  # a writer publishes its cursor after the 1st frame
    "reviewroom.tui.widgets.cursor_follower",  # a watcher's
    "reviewroom.tui.widgets.store_watcher",  # a watcher's
    "concurrent.futures.thread",  # the publisher's writing thread
    "reviewroom.tui.widgets.request_form",  # built the first time it opens
    "reviewroom.store.import_files",  # csv and XLSX reading
    "reviewroom.store.importing",  # mapping and planning an import of written comments
    "reviewroom.store.revision",  # revising the criteria
    "reviewroom.store.backup",  # the session's backup, taken by its first commit; restore
    "reviewroom.store.coercion",  # the values of an added or edited request
    "tinydb",  # the repository holds its storage directly (store/storage.py: no TinyDB base)
    "csv",
    "importlib.resources",  # the samples of `reviewroom demo`; the catalogs are read as files
    "zipfile",
    "shlex",  # a project's folder quoted in a message
    "openpyxl",
    "markdown_it",  # the brief's parser, when the stored criteria are current
    "hashlib",  # OpenSSL's start-up; the brief's digest uses the interpreter's own SHA-256
    "reviewroom.store.minutes",
    "reviewroom.store.report",
    "reviewroom.tui.screens.help",
    "reviewroom.tui.screens.report",
)


def test_painting_the_meeting_screen_loads_none_of_the_lazy_modules(folder: Path) -> None:
    from reviewroom.store.project import Project

    with Project.open(folder) as project:
        project.add_request("Bigger logo", by="Dana")
    child = ["-m", "tests.paint_child", str(folder), *LAZY]
    out = subprocess.run([sys.executable, *child], cwd=ROOT,
                         capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == ""


def test_typeahead_knows_where_textual_defines_text_area() -> None:
    assert TextArea.__module__ == typeahead.TEXT_AREA_MODULE
    key = events.Key("a", "a")
    assert typeahead.typed_in_place(key, TextArea())
    assert not typeahead.typed_in_place(key, TextArea(read_only=True))
