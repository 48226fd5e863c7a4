"""The click CLI: every command's happy path, refusals that change nothing, languages, locks."""

from __future__ import annotations

import importlib.metadata
import json
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import Result

from reviewroom.store.i18n import t
from reviewroom.store.project import Project
from reviewroom.tui.cli import all_commands, cli
from tests.conftest import ProjectFactory
from tests.support import brief_text, run_cli

REQUEST_KEYS = {
    "id", "meeting", "request", "by", "where", "intent", "criteria", "verdict", "decision", "note",
    "alternative", "owner", "due", "criteria_version", "stale",
}


def assert_ok(result: Result) -> None:
    """Exit 0 with no exception."""
    assert result.exit_code == 0, result.output
    assert result.exception is None, result.exception


def assert_refused(result: Result) -> str:
    """Exit 1, exactly one ``Error: …`` line on stderr, no traceback; returns the message."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0].removeprefix("Error: ")


def store_bytes(folder: Path) -> bytes:
    """The store file's exact bytes."""
    return (folder / "reviewroom.json").read_bytes()


def read_only(folder: Path) -> Project:
    """Open a project for reading, to check what the CLI stored."""
    return Project.open(folder, readonly=True)


# ----------------------------------------------------------------- the command line itself


def walk(command: click.Command, path: list[str]) -> Iterator[list[str]]:
    """Every command path of the tree, the root included."""
    yield path
    if isinstance(command, click.Group):
        subs = all_commands() if command is cli else command.commands  # the root's are lazy
        for name, sub in subs.items():
            yield from walk(sub, [*path, name])


def test_every_command_has_help_with_an_example() -> None:
    paths = list(walk(cli, []))
    assert ["request", "add"] in paths and ["restore"] in paths
    for path in paths:
        result = run_cli(None, *path, "--help")
        assert result.exit_code == 0, (path, result.output)
        assert "Example" in result.output, path


def test_importing_the_cli_does_not_import_textual() -> None:
    code = "import sys, tui.cli; print(sorted({m.split('.')[0] for m in sys.modules}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = out.stdout
    assert "'textual'" not in modules and "'rich'" not in modules


# What only other commands need: `reviewroom open` imported all of it (~17 ms) before the app.
OTHER_COMMANDS_ONLY = ("reviewroom.tui.cli.report", "reviewroom.tui.cli.export",
                       "reviewroom.tui.cli.importing", "reviewroom.store.report",
                       "reviewroom.store.minutes", "reviewroom.store.importing", "csv")


def test_a_command_imports_only_its_own_module() -> None:
    code = ("import sys\nfrom reviewroom.tui.cli import main\n"
            "sys.argv = ['reviewroom', 'open', 'acme', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print([m for m in {OTHER_COMMANDS_ONLY!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "reviewroom open" in out.stdout  # the command's help came
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_help_still_lists_every_command_in_the_designs_order() -> None:
    result = run_cli(None, "--help")
    assert_ok(result)
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines()
              if line.strip()]
    assert listed == list(all_commands()) == ["new", "list", "check", "open", "watch", "serve",
                                              "demo", "meeting", "request", "import",
                                              "criteria", "export", "report", "restore"]


def test_version() -> None:
    result = run_cli(None, "--version")
    assert_ok(result)
    assert importlib.metadata.version("reviewroom") in result.output


def test_usage_error_exits_2(home: Path) -> None:
    assert run_cli(home, "meeting", "start").exit_code == 2
    assert run_cli(home, "--lang", "de", "list").exit_code == 2


def test_home_from_environment(home: Path, new_project: ProjectFactory) -> None:
    new_project("acme")
    result = run_cli(None, "list", env={"REVIEWROOM_HOME": str(home)})
    assert_ok(result)
    assert "acme" in result.output


# ----------------------------------------------------------------- new


def test_new_creates_a_private_project_with_version_one(home: Path) -> None:
    result = run_cli(home, "new", "acme", "--title", "Safety induction", "--client", "Harbour",
                     "--vendor", "Brightpath", "--lang", "pl")
    assert_ok(result)
    folder = home / "acme"
    assert result.stdout.strip() == str(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    brief = (folder / "brief.md").read_text("utf-8")
    assert "Safety induction" in brief and "language: pl" in brief
    with read_only(folder) as opened:
        assert opened.criteria_version == 1
        assert opened.criteria.client == "Harbour"
    assert not (folder / "reviewroom.lock").exists() or not (folder / "reviewroom.lock").read_text()


@pytest.mark.parametrize("slug", ["../x", "/etc", "a/b", ".", "My Project", "Acme", "acme_1", ""])
def test_new_refuses_a_bad_slug_and_creates_nothing(home: Path, slug: str) -> None:
    home.mkdir()
    message = assert_refused(run_cli(home, "new", slug))
    assert message == t("en", "project.bad_slug", slug=slug)
    assert list(home.iterdir()) == []
    assert not (home.parent / "x").exists()


def test_new_refuses_an_existing_project(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project("acme")
    before = store_bytes(folder)
    assert "already exists" in assert_refused(run_cli(home, "new", "acme"))
    assert store_bytes(folder) == before


def fake_editor(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[str], str | bytes | None], scratch: Path
) -> list[Path]:
    """Make ``$EDITOR`` save ``change(draft)`` into the draft file (None: quit without saving).

    Drafts are made under ``scratch`` (the test's own folder), so a kept draft does not outlive
    the test. Returns the paths of the drafts it was given.
    """
    drafts: list[Path] = []
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    def edit(text: object = None, *, filename: str | None = None, **_: object) -> None:
        assert filename is not None, "the brief is edited as a file, so an edit is never lost"
        draft = Path(filename)
        drafts.append(draft)
        after = change(draft.read_text("utf-8"))
        if after is not None:
            draft.write_bytes(after.encode("utf-8") if isinstance(after, str) else after)

    monkeypatch.setattr(click, "edit", edit)
    return drafts


def test_new_with_edit_uses_the_edited_brief(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def edit(draft: str) -> str:
        seen.append(draft)
        return brief_text(title="Edited title")

    drafts = fake_editor(monkeypatch, edit, home.parent)
    assert_ok(run_cli(home, "new", "acme", "--title", "Draft", "--edit"))
    assert "Draft" in seen[0]
    with read_only(home / "acme") as opened:
        assert opened.criteria.title == "Edited title"
    assert not drafts[0].exists(), "a draft that was used is removed"


def test_new_with_edit_quit_without_saving_creates_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts = fake_editor(monkeypatch, lambda draft: None, home.parent)
    message = assert_refused(run_cli(home, "new", "acme", "--edit"))
    assert message == t("en", "cli.edit_aborted")
    assert not (home / "acme").exists()
    assert not drafts[0].exists()


def test_new_with_an_invalid_edited_brief_keeps_it_and_points_at_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = "# Nothing here\n\n## Problem\n- P1: one\n- P1: two\n"
    drafts = fake_editor(monkeypatch, lambda draft: broken, home.parent)
    result = run_cli(home, "new", "acme", "--edit")
    assert result.exit_code == 1 and "Traceback" not in result.output
    *problems, kept = result.stderr.strip().splitlines()
    assert len(problems) >= 3  # duplicate ID, no goals, no concept
    assert all(line.startswith(f"{drafts[0]}:") and ": error: " in line for line in problems)
    assert any(line.startswith(f"{drafts[0]}:5:") for line in problems)
    assert str(drafts[0]) in kept and f"new acme --brief {drafts[0]}" in kept
    assert drafts[0].read_text("utf-8") == broken, "the edit is kept, not thrown away"
    assert not (home / "acme").exists()

    drafts[0].write_text(brief_text(title="Fixed draft"), "utf-8")
    assert_ok(run_cli(home, "new", "acme", "--brief", str(drafts[0])))
    with read_only(home / "acme") as opened:
        assert opened.criteria.title == "Fixed draft"


def test_an_editor_saving_another_encoding_is_refused_and_kept(
    home: Path, new_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = new_project("acme")
    before = {name: (folder / name).read_bytes() for name in ("brief.md", "reviewroom.json")}
    latin2 = brief_text().replace("Six", "Sześć").encode("iso-8859-2")
    drafts = fake_editor(monkeypatch, lambda draft: latin2, home.parent)
    result = run_cli(home, "criteria", "revise", "acme", "--reason", "Polish words")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    problem, kept = result.stderr.strip().splitlines()
    assert problem.startswith(f"{drafts[0]}:") and "UTF-8" in problem
    assert "--brief" in kept and str(drafts[0]) in kept
    assert drafts[0].read_bytes() == latin2
    assert {name: (folder / name).read_bytes() for name in before} == before


# ----------------------------------------------------------------- list


def test_list_without_projects(home: Path) -> None:
    result = run_cli(home, "list")
    assert_ok(result)
    assert str(home) in result.output
    assert run_cli(home, "list", "--json").stdout.strip() == "[]"


def test_list_shows_meetings_and_a_damaged_project(home: Path, new_project: ProjectFactory) -> None:
    new_project("acme", meeting="Prototype review")
    damaged = new_project("broken")
    (damaged / "reviewroom.json").write_bytes(b"")
    result = run_cli(home, "list")
    assert_ok(result)
    acme = next(line for line in result.stdout.splitlines() if line.startswith("acme"))
    assert "M-1 Prototype review (2026-11-27, live)" in acme and "v1" in acme
    broken = next(line for line in result.stdout.splitlines() if line.startswith("broken"))
    assert "zero bytes" in broken

    rows = json.loads(run_cli(home, "list", "--json").stdout)
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["acme"]["last_meeting"]["status"] == "live"
    assert by_slug["acme"]["criteria_version"] == 1 and by_slug["acme"]["error"] is None
    assert "zero bytes" in by_slug["broken"]["error"]


# ----------------------------------------------------------------- check


def test_check_clean_brief(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project("acme")
    result = run_cli(home, "check", "acme")
    assert_ok(result)
    assert result.stdout.strip() == f"{folder / 'brief.md'}: OK"


def test_check_warnings_exit_0(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project("acme")
    brief = brief_text().replace("- K1: Staff can", "- Staff can")
    (folder / "brief.md").write_text(brief, "utf-8")
    result = run_cli(home, "check", "acme")
    assert_ok(result)
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{folder / 'brief.md'}:19: warning: ")
    assert "OK" in result.stdout.splitlines()[-1]


def test_check_errors_exit_1_with_every_line(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project("acme")
    brief = brief_text().replace("- B1:", "- R1:").split("## Concept")[0]
    (folder / "brief.md").write_text(brief, "utf-8")
    result = run_cli(home, "check", "acme")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2  # R1 under Behaviour (wrong kind), no concept
    assert all(line.startswith(f"{folder / 'brief.md'}:") and ": error: " in line
               for line in lines)


def test_check_in_polish(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project("acme", lang="pl")
    (folder / "brief.md").write_text(brief_text("pl").replace("- K1: Staff", "- Staff"), "utf-8")
    result = run_cli(home, "check", "acme")
    assert_ok(result)
    assert f": {t('pl', 'brief.warning')}: " in result.stdout


def test_check_unknown_project(home: Path) -> None:
    assert "nope" in assert_refused(run_cli(home, "check", "nope"))


# ----------------------------------------------------------------- meetings


def test_meeting_start_list_end(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project("acme")
    result = run_cli(home, "meeting", "start", "acme", "--title", "Prototype review",
                     "--attendee", "Dana Whitfield:client:Head of Operations",
                     "--attendee", "Marta:vendor", "--facilitator", "Marta")
    assert_ok(result)
    assert result.stdout.strip() == "M-1"
    with read_only(folder) as opened:
        live = opened.live_meeting
        assert live is not None and live.facilitator == "Marta"
        assert [(a.name, a.side.value, a.role) for a in live.attendees] == [
            ("Dana Whitfield", "client", "Head of Operations"), ("Marta", "vendor", "")]

    table = run_cli(home, "meeting", "list", "acme")
    assert_ok(table)
    assert "M-1" in table.stdout and "live" in table.stdout

    assert_ok(run_cli(home, "meeting", "end", "acme"))
    meetings = json.loads(run_cli(home, "meeting", "list", "acme", "--json").stdout)
    assert meetings[0]["status"] == "closed" and meetings[0]["ended_at"]


def test_meeting_list_empty(home: Path, new_project: ProjectFactory) -> None:
    new_project("acme")
    result = run_cli(home, "meeting", "list", "acme")
    assert_ok(result)
    assert result.stdout.strip() == t("en", "cli.meeting.none", project="acme")


# ----------------------------------------------------------------- requests


def test_request_add_set_list(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project("acme", meeting="Review 1")
    result = run_cli(home, "request", "add", "acme", "Make the logo bigger", "--by", "Dana",
                     "--intent", "Brand recognition in stores", "--criteria", "a1, R1",
                     "--verdict", "consistent", "--note", "fits A1", "--owner", "Sam",
                     "--due", "2026-12-15")
    assert_ok(result)
    assert result.stdout.strip() == "CR-1"

    assert_ok(run_cli(home, "request", "set", "acme", "CR-1", "--decision", "accepted"))
    cleared = run_cli(home, "request", "set", "acme", "cr1", "--due", "", "--owner", "")
    assert_ok(cleared)
    assert "CR-1" in cleared.stdout

    rows = json.loads(run_cli(home, "request", "list", "acme", "--json").stdout)
    assert len(rows) == 1 and set(rows[0]) == REQUEST_KEYS
    assert rows[0] | {} == {
        "id": "CR-1", "meeting": "M-1", "request": "Make the logo bigger", "by": "Dana",
        "where": "", "intent": "Brand recognition in stores", "criteria": ["A1", "R1"],
        "verdict": "consistent", "decision": "accepted", "note": "fits A1",
        "alternative": "", "owner": "", "due": None, "criteria_version": 1, "stale": False,
    }
    with read_only(folder) as opened:
        fields = [h.field for h in opened.request("CR-1").history]
        assert fields == ["decision", "owner", "due"]

    table = run_cli(home, "request", "list", "acme")
    assert_ok(table)
    header, _, row = table.stdout.splitlines()[:3]
    assert header.split() == ["ID", "Request", "By", "Verdict", "Decision"]
    assert row.split()[0] == "CR-1" and "consistent" in row and "accepted" in row


def test_request_reason_and_alternative_share_a_field(
    home: Path, new_project: ProjectFactory
) -> None:
    folder = new_project("acme", meeting="Review 1")
    assert_ok(run_cli(home, "request", "add", "acme", "Add a quiz", "--decision", "rejected",
                      "--reason", "Outside the concept"))
    with read_only(folder) as opened:
        assert opened.request("CR-1").alternative == "Outside the concept"
    before = store_bytes(folder)
    both = run_cli(home, "request", "set", "acme", "CR-1", "--reason", "a", "--alternative", "b")
    assert both.exit_code == 2
    assert run_cli(home, "request", "set", "acme", "CR-1").exit_code == 2
    assert store_bytes(folder) == before


def test_request_list_by_meeting_marks_carried_over(
    home: Path, new_project: ProjectFactory,
) -> None:
    new_project("acme", meeting="Review 1")
    assert_ok(run_cli(home, "request", "add", "acme", "Shorter lessons"))
    assert_ok(run_cli(home, "request", "add", "acme", "New colours", "--decision", "rejected",
                      "--reason", "Brand rules"))
    assert_ok(run_cli(home, "meeting", "end", "acme"))
    assert_ok(run_cli(home, "meeting", "start", "acme", "--title", "Review 2"))
    assert_ok(run_cli(home, "request", "add", "acme", "Add audio"))

    rows = json.loads(
        run_cli(home, "request", "list", "acme", "--meeting", "latest", "--json").stdout)
    assert [r["id"] for r in rows] == ["CR-1", "CR-3"]
    first = json.loads(
        run_cli(home, "request", "list", "acme", "--meeting", "M-1", "--json").stdout)
    assert [r["id"] for r in first] == ["CR-1", "CR-2"]

    table = run_cli(home, "request", "list", "acme", "--meeting", "latest").stdout.splitlines()
    assert "carried over" in next(line for line in table if line.startswith("CR-1"))
    assert "carried over" not in next(line for line in table if line.startswith("CR-3"))


def test_tone_warning_is_printed_but_never_blocks(home: Path, new_project: ProjectFactory) -> None:
    new_project("acme", meeting="Review 1")
    result = run_cli(home, "request", "add", "acme", "This is obviously too long")
    assert_ok(result)
    assert result.stdout.strip() == "CR-1"
    assert "obviously" in result.stderr


# ----------------------------------------------------------------- refusals change nothing


@pytest.fixture
def busy_home(home: Path, new_project: ProjectFactory) -> Path:
    """``acme`` with a live meeting and an inconsistent CR-1; ``idle`` with no meeting."""
    folder = new_project("acme", meeting="Review 1")
    with Project.open(folder) as opened:
        opened.add_request("Make the logo bigger", intent="Brand recognition", criteria="A1",
                           verdict="inconsistent")
    new_project("idle")
    return home


REFUSALS = {
    "due not a date": ["request", "add", "acme", "x", "--due", "2026-13-40"],
    "due tomorrow": ["request", "add", "acme", "x", "--due", "tomorrow"],
    "set bad due": ["request", "set", "acme", "CR-1", "--due", "27/11/2026"],
    "unknown criterion": ["request", "add", "acme", "x", "--criteria", "R9"],
    "malformed criterion": ["request", "add", "acme", "x", "--criteria", "Z1"],
    "verdict without intent": ["request", "add", "acme", "x", "--verdict", "consistent",
                               "--criteria", "R1"],
    "verdict without criteria": ["request", "add", "acme", "x", "--verdict", "consistent",
                                 "--intent", "why"],
    "accepted while inconsistent": ["request", "set", "acme", "CR-1", "--decision", "accepted"],
    "rejected without reason": ["request", "add", "acme", "x", "--decision", "rejected"],
    "alternative without text": ["request", "set", "acme", "CR-1", "--decision", "alternative"],
    "empty request": ["request", "add", "acme", "  "],
    "meeting already live": ["meeting", "start", "acme", "--title", "Another"],
    "empty meeting title": ["meeting", "start", "idle", "--title", " "],
    "attendee without side": ["meeting", "start", "idle", "--title", "T", "--attendee", "Bob"],
    "attendee bad side": ["meeting", "start", "idle", "--title", "T", "--attendee", "Bob:boss"],
    "no live meeting to add to": ["request", "add", "idle", "x"],
    "no live meeting to end": ["meeting", "end", "idle"],
    "unknown request": ["request", "set", "acme", "CR-99", "--by", "x"],
    "malformed request id": ["request", "set", "acme", "request-1", "--by", "x"],
    "revise without reason": ["criteria", "revise", "acme"],
    "revise with blank reason": ["criteria", "revise", "acme", "--reason", "  "],
    "revise unknown request": ["criteria", "revise", "acme", "--reason", "r", "--request", "CR-7"],
    "unknown version": ["criteria", "show", "acme", "--version", "7"],
    "unknown meeting": ["request", "list", "acme", "--meeting", "M-9"],
    "no meetings": ["request", "list", "idle", "--meeting", "latest"],
    "project exists": ["new", "acme"],
    "restore healthy store": ["restore", "acme"],
}


@pytest.mark.parametrize("args", REFUSALS.values(), ids=REFUSALS.keys())
def test_refusal_is_one_error_line_and_changes_nothing(busy_home: Path, args: list[str]) -> None:
    folders = [busy_home / "acme", busy_home / "idle"]
    before = [(store_bytes(f), (f / "brief.md").read_bytes()) for f in folders]
    assert_refused(run_cli(busy_home, *args))
    assert [(store_bytes(f), (f / "brief.md").read_bytes()) for f in folders] == before


@pytest.mark.parametrize("args", [
    ["meeting", "list", "nope"],
    ["request", "add", "nope", "x"],
    ["request", "list", "../etc"],
    ["criteria", "show", "/etc"],
    ["criteria", "revise", "Nope", "--reason", "r"],
    ["restore", "nope"],
    ["check", "a/b"],
])
def test_unknown_project_is_one_error_line(busy_home: Path, args: list[str]) -> None:
    assert_refused(run_cli(busy_home, *args))


def test_rule_messages_in_polish_with_lang(busy_home: Path) -> None:
    message = assert_refused(run_cli(busy_home, "--lang", "pl", "request", "add", "acme", "x",
                                     "--due", "tomorrow"))
    assert message == t("pl", "request.bad_date", value="tomorrow")
    message = assert_refused(run_cli(busy_home, "--lang", "pl", "request", "set", "acme", "CR-1",
                                     "--decision", "accepted"))
    assert message == t("pl", "rule.no_quiet_acceptance", id="CR-1",
                        verdict=t("pl", "verdict.inconsistent"))
    message = assert_refused(run_cli(busy_home, "--lang", "pl", "meeting", "list", "nope"))
    assert message == t("pl", "project.unknown", ref="nope", home=str(busy_home))


def test_polish_project_speaks_polish_and_lang_overrides(
    home: Path, new_project: ProjectFactory
) -> None:
    new_project("szkolenie", lang="pl", meeting="Przegląd 1")
    message = assert_refused(run_cli(home, "request", "add", "szkolenie", "x", "--decision",
                                     "rejected"))
    assert message == t("pl", "rule.reason_needed", id="CR-1")
    english = assert_refused(run_cli(home, "--lang", "en", "request", "add", "szkolenie", "x",
                                     "--decision", "rejected"))
    assert english == t("en", "rule.reason_needed", id="CR-1")

    assert_ok(run_cli(home, "request", "add", "szkolenie", "Większe logo", "--by", "Anna"))
    table = run_cli(home, "request", "list", "szkolenie").stdout
    assert "Prośba" in table and t("pl", "verdict.pending") in table
    assert "Request" in run_cli(home, "--lang", "en", "request", "list", "szkolenie").stdout


# ----------------------------------------------------------------- criteria


def test_criteria_show(home: Path, new_project: ProjectFactory) -> None:
    new_project("acme")
    result = run_cli(home, "criteria", "show", "acme")
    assert_ok(result)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Criteria version 1 ")
    for text in ("Problem", "Goals", "  Result", "    R1  Till discrepancies", "Concept",
                 "  C1  Six scenario-based"):
        assert any(line.startswith(text) for line in lines), text
    data = json.loads(run_cli(home, "criteria", "show", "acme", "--version", "1", "--json").stdout)
    assert data["number"] == 1 and data["criteria"]["result"][0]["id"] == "R1"


def test_revision_flags_stale_verdicts_everywhere(
    home: Path, new_project: ProjectFactory, tmp_path: Path
) -> None:
    folder = new_project("acme", meeting="Review 1")
    assert_ok(run_cli(home, "request", "add", "acme", "Add a leaderboard", "--intent", "Motivation",
                      "--criteria", "R1", "--verdict", "consistent"))
    assert_ok(run_cli(home, "request", "add", "acme", "Shorter videos", "--intent", "Attention",
                      "--criteria", "C1", "--verdict", "consistent"))
    new_brief = tmp_path / "new.md"
    new_brief.write_text(brief_text().replace("fall by 40%", "fall by 25%"), "utf-8")

    result = run_cli(home, "criteria", "revise", "acme", "--reason", "Client lowered the target",
                     "--request", "CR-1", "--brief", str(new_brief))
    assert_ok(result)
    assert result.stdout.splitlines() == [t("en", "cli.criteria.revised", number=2),
                                          t("en", "cli.criteria.stale", ids="CR-1")]
    assert "fall by 25%" in (folder / "brief.md").read_text("utf-8")

    listed = run_cli(home, "request", "list", "acme", "--json")
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    assert rows["CR-1"]["stale"] is True and rows["CR-1"]["criteria_version"] == 1
    assert rows["CR-2"]["stale"] is False
    table = run_cli(home, "request", "list", "acme").stdout
    assert "consistent (stale)" in next(line for line in table.splitlines()
                                        if line.startswith("CR-1"))
    assert "CR-1" in table.splitlines()[-1]
    header = run_cli(home, "criteria", "show", "acme").stdout.splitlines()[0]
    assert header.startswith("Criteria version 2") and "(request CR-1)" in header
    assert "Client lowered the target" in header

    message = assert_refused(run_cli(home, "request", "set", "acme", "CR-1", "--decision",
                                     "accepted"))
    assert message == t("en", "rule.stale_acceptance", id="CR-1")
    assert_ok(run_cli(home, "request", "set", "acme", "CR-1", "--verdict", "consistent"))
    rows = json.loads(run_cli(home, "request", "list", "acme", "--json").stdout)
    assert rows[0]["stale"] is False and rows[0]["criteria_version"] == 2


def test_revise_with_an_invalid_brief_prints_problems_and_changes_nothing(
    home: Path, new_project: ProjectFactory, tmp_path: Path
) -> None:
    folder = new_project("acme")
    before = store_bytes(folder), (folder / "brief.md").read_bytes()
    bad = tmp_path / "bad.md"
    bad.write_text(brief_text().split("## Concept")[0], "utf-8")
    result = run_cli(home, "criteria", "revise", "acme", "--reason", "r", "--brief", str(bad))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"{bad}:1: error: {t('en', 'brief.no_concept')}"]
    assert (store_bytes(folder), (folder / "brief.md").read_bytes()) == before


def test_revise_unchanged_criteria_is_refused(home: Path, new_project: ProjectFactory,
                                             tmp_path: Path) -> None:
    folder = new_project("acme")
    same = tmp_path / "same.md"
    same.write_text(brief_text(), "utf-8")
    before = store_bytes(folder)
    message = assert_refused(run_cli(home, "criteria", "revise", "acme", "--reason", "r",
                                     "--brief", str(same)))
    assert message == t("en", "rule.revision_unchanged")
    assert store_bytes(folder) == before


def test_revise_in_the_editor(home: Path, new_project: ProjectFactory,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = new_project("acme")
    fake_editor(monkeypatch, lambda draft: draft.replace("Six", "Four"), home.parent)
    assert_ok(run_cli(home, "criteria", "revise", "acme", "--reason", "Shorter course"))
    with read_only(folder) as opened:
        assert opened.criteria_version == 2
        assert opened.criteria.by_id()["C1"].text.startswith("Four")

    before = store_bytes(folder)
    fake_editor(monkeypatch, lambda draft: None, home.parent)
    message = assert_refused(run_cli(home, "criteria", "revise", "acme", "--reason", "again"))
    assert message == t("en", "cli.edit_aborted")
    assert store_bytes(folder) == before


# ----------------------------------------------------------------- restore


def damage_after_two_sessions(folder: Path, payload: bytes = b"") -> None:
    """Write once more (so a .bak of the good file exists), then damage the store."""
    with Project.open(folder) as opened:
        opened.start_meeting("Review 1")
    assert (folder / "reviewroom.json.bak").exists()
    (folder / "reviewroom.json").write_bytes(payload)


@pytest.mark.parametrize("payload", [b"", b"{not json", b"[1, 2]"])
def test_restore_after_a_damaged_store(home: Path, new_project: ProjectFactory,
                                       payload: bytes) -> None:
    folder = new_project("acme")
    damage_after_two_sessions(folder, payload)
    assert_refused(run_cli(home, "meeting", "list", "acme"))

    result = run_cli(home, "restore", "acme")
    assert_ok(result)
    store, damaged = folder / "reviewroom.json", folder / "reviewroom.json.damaged"
    assert result.stdout.strip() == t("en", "cli.restore.done", path=str(store),
                                      bak=str(folder / "reviewroom.json.bak"),
                                      damaged=str(damaged))
    assert damaged.read_bytes() == payload
    assert store.read_bytes() == (folder / "reviewroom.json.bak").read_bytes()
    assert_ok(run_cli(home, "meeting", "list", "acme"))


def test_restore_without_backup(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project("acme")
    (folder / "reviewroom.json").write_bytes(b"")
    assert "no backup" in assert_refused(run_cli(home, "restore", "acme"))
    assert (folder / "reviewroom.json").read_bytes() == b""


def test_restore_force_replaces_a_healthy_store(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project("acme")
    damage_after_two_sessions(folder, b"")
    assert_ok(run_cli(home, "restore", "acme"))
    assert_ok(run_cli(home, "restore", "acme", "--force"))


# ----------------------------------------------------------------- another writer holds the lock


def test_reading_commands_work_while_another_process_writes(
    home: Path, new_project: ProjectFactory, lock_holder: Callable[[Path], object]
) -> None:
    folder = new_project("acme", meeting="Review 1")
    with Project.open(folder) as opened:
        opened.add_request("Bigger logo")
    lock_holder(folder)
    for args in (["list"], ["check", "acme"], ["meeting", "list", "acme"],
                 ["request", "list", "acme", "--json"], ["request", "list", "acme"],
                 ["criteria", "show", "acme"]):
        assert_ok(run_cli(home, *args))
    before = store_bytes(folder)
    for args in (["request", "add", "acme", "x"], ["meeting", "end", "acme"],
                 ["restore", "acme", "--force"]):
        message = assert_refused(run_cli(home, *args))
        assert "open for writing by" in message
    assert store_bytes(folder) == before
