"""``reviewroom report``: each format to stdout or a file, --today, and every refusal (one line,
exit 1, nothing written)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reviewroom.store.project import Project
from reviewroom.store.report import build_report
from reviewroom.store.report_html import render_report_html
from reviewroom.store.report_render import render_markdown
from tests.cli.test_export_cli import assert_refused
from tests.domain.test_minutes import build_review_project
from tests.support import run_cli

TODAY = "2026-11-30"


@pytest.fixture
def folder(home: Path) -> Path:
    """The two-meeting review project (closed after building), under ``home``."""
    with build_review_project(home, "acme") as built:
        return built.path


def expected_markdown(folder: Path, lang: str = "en") -> str:
    """The report as the library renders it on TODAY."""
    with Project.open(folder, readonly=True) as opened:
        return render_markdown(build_report(opened, dt.date.fromisoformat(TODAY)), lang)


def test_markdown_goes_to_stdout_by_default(folder: Path) -> None:
    result = run_cli(folder.parent, "report", "acme", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected_markdown(folder)
    assert not (folder / "minutes").exists()  # the project is only read


def test_polish_labels_with_lang(folder: Path) -> None:
    result = run_cli(folder.parent, "--lang", "pl", "report", "acme", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected_markdown(folder, "pl")
    assert "## Zadania po terminie" in result.stdout


def test_html_is_written_to_the_file_named_and_its_path_printed(folder: Path,
                                                                tmp_path: Path) -> None:
    target = tmp_path / "health.html"
    result = run_cli(folder.parent, "report", "acme", "-o", str(target), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(target)
    with Project.open(folder, readonly=True) as opened:
        report = build_report(opened, dt.date.fromisoformat(TODAY))
    assert target.read_text("utf-8") == render_report_html(report, "en")


def test_json_by_format_and_by_extension(folder: Path, tmp_path: Path) -> None:
    printed = run_cli(folder.parent, "report", "acme", "--format", "json", "--today", TODAY)
    assert printed.exit_code == 0, printed.output
    data = json.loads(printed.stdout)
    assert data["today"] == TODAY and [p["id"] for p in data["past_due"]][:1] == ["CR-3"]
    target = tmp_path / "health.json"
    written = run_cli(folder.parent, "report", "acme", "-o", str(target), "--today", TODAY)
    assert written.exit_code == 0, written.output
    assert json.loads(target.read_text("utf-8")) == data


def test_today_defaults_to_the_clock(folder: Path) -> None:
    result = run_cli(folder.parent, "report", "acme", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["today"] == dt.date.today().isoformat()


@pytest.mark.parametrize("today", ["2026-13-01", "yesterday", ""])
def test_a_bad_today_is_one_line(folder: Path, tmp_path: Path, today: str) -> None:
    target = tmp_path / "r.md"
    line = assert_refused(run_cli(folder.parent, "report", "acme", "--today", today,
                                  "-o", str(target)))
    assert "is not a date" in line and not target.exists()


def test_a_folder_or_a_missing_folder_as_output_is_refused(folder: Path, tmp_path: Path) -> None:
    line = assert_refused(run_cli(folder.parent, "report", "acme", "-o", str(tmp_path)))
    assert "is a folder" in line
    line = assert_refused(run_cli(folder.parent, "report", "acme", "-o",
                                  str(tmp_path / "missing" / "r.html")))
    assert "Cannot write the report" in line


def test_an_unknown_project_is_one_line(home: Path) -> None:
    assert_refused(run_cli(home, "report", "nope"))


def test_an_unknown_format_is_a_usage_error(folder: Path) -> None:
    result = run_cli(folder.parent, "report", "acme", "--format", "pdf")
    assert result.exit_code == 2 and "Traceback" not in result.output
