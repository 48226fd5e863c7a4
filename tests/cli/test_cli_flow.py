"""CLI side of issue 10: verdict and decision choices, re-judging, and the untouched template."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewroom.store.model import Decision, Verdict
from tests.cli.test_cli import assert_ok, assert_refused, read_only, store_bytes
from tests.conftest import ProjectFactory
from tests.support import brief_text, run_cli

C2 = "- C2: A branching scenario with a customer at the counter.\n"


@pytest.mark.parametrize("command", [("request", "add", "acme", "Logo"),
                                     ("request", "set", "acme", "CR-1")])
@pytest.mark.parametrize(("option", "value"), [("--verdict", "maybe"),
                                                ("--decision", "approved")])
def test_an_unknown_verdict_or_decision_is_a_usage_error(
    home: Path, new_project: ProjectFactory, command: tuple[str, ...], option: str, value: str
) -> None:
    folder = new_project(meeting="Review")
    assert_ok(run_cli(home, "request", "add", "acme", "First"))
    before = store_bytes(folder)
    result = run_cli(home, *command, option, value)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    named = "'consistent'" if option == "--verdict" else "'alternative'"
    assert f"'{value}' is not one of" in result.stderr and named in result.stderr
    assert "'spójna'" in result.stderr or "'przyjęta'" in result.stderr
    assert store_bytes(folder) == before


@pytest.mark.parametrize("command", ["add", "set"])
def test_help_lists_the_choices(home: Path, command: str) -> None:
    result = run_cli(home, "request", command, "--help")
    assert_ok(result)
    text = " ".join(result.output.split())
    assert "[pending|consistent|inconsistent|unclear]" in text
    assert "[open|accepted|rejected|deferred|alternative]" in text


@pytest.mark.parametrize(("verdict", "decision"), [("Spójna", "PRZYJĘTA"),
                                                    ("consistent", "Accepted"),
                                                    ("spójna", "przyjęta")])
def test_polish_and_english_names_are_accepted_in_any_case(
    home: Path, new_project: ProjectFactory, verdict: str, decision: str
) -> None:
    folder = new_project(meeting="Review")
    result = run_cli(home, "request", "add", "acme", "Logo", "--intent", "Brand", "--criteria",
                     "A1", "--verdict", verdict, "--decision", decision)
    assert_ok(result)
    stored = read_only(folder).request("CR-1")
    assert (stored.verdict, stored.decision) == (Verdict.CONSISTENT, Decision.ACCEPTED)


def test_do_oceny_names_pending(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project(meeting="Review")
    assert_ok(run_cli(home, "request", "add", "acme", "Logo", "--verdict", "unclear"))
    assert_ok(run_cli(home, "request", "set", "acme", "CR-1", "--verdict", "Do oceny"))
    assert read_only(folder).request("CR-1").verdict is Verdict.PENDING


def _with_c2_removed(home: Path, new_project: ProjectFactory, tmp_path: Path) -> Path:
    """CR-1 judged inconsistent on C2 in M-1; in M-2 the criteria lose C2."""
    brief = brief_text().rstrip("\n") + "\n" + C2
    folder = new_project(brief=brief, meeting="First")
    assert_ok(run_cli(home, "request", "add", "acme", "Drop the scenario", "--intent", "Time",
                      "--criteria", "C2", "--verdict", "inconsistent", "--decision", "rejected",
                      "--reason", "Core of the concept"))
    assert_ok(run_cli(home, "meeting", "end", "acme"))
    assert_ok(run_cli(home, "meeting", "start", "acme", "--title", "Second"))
    revised = tmp_path / "revised.md"
    revised.write_text(brief.replace(C2, ""), encoding="utf-8")
    result = run_cli(home, "criteria", "revise", "acme", "--reason", "Dropped", "--brief",
                     str(revised))
    assert_ok(result)
    assert "CR-1" in result.output
    return folder


def test_rejudging_on_a_removed_criterion_is_refused(
    home: Path, new_project: ProjectFactory, tmp_path: Path
) -> None:
    folder = _with_c2_removed(home, new_project, tmp_path)
    before = store_bytes(folder)
    message = assert_refused(run_cli(home, "request", "set", "acme", "CR-1",
                                     "--verdict", "inconsistent"))
    assert message.startswith("CR-1: criterion C2 is no longer in the criteria (version 2);")
    assert store_bytes(folder) == before
    listed = run_cli(home, "request", "list", "acme", "--meeting", "latest")
    row = next(line for line in listed.output.splitlines() if line.startswith("CR-1 "))
    assert "inconsistent (stale)" in row and row.rstrip().endswith("from M-1, to re-check")


def test_rejudging_the_same_verdict_says_so(
    home: Path, new_project: ProjectFactory, tmp_path: Path
) -> None:
    folder = _with_c2_removed(home, new_project, tmp_path)
    assert_ok(run_cli(home, "request", "set", "acme", "CR-1", "--criteria", "C1"))
    result = run_cli(home, "request", "set", "acme", "CR-1", "--verdict", "inconsistent")
    assert_ok(result)
    assert result.output == "CR-1: judged again against criteria version 2.\n"
    assert read_only(folder).request("CR-1").verdict_version == 2


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_check_warns_about_the_untouched_template(home: Path, lang: str) -> None:
    assert_ok(run_cli(home, "new", "acme", "--lang", lang))
    result = run_cli(home, "check", "acme")
    assert_ok(result)
    warnings = [line for line in result.output.splitlines() if ": warning:" in line
                or ": ostrzeżenie:" in line]
    assert len(warnings) == 6, result.output
    assert all(("placeholder" in w) if lang == "en" else ("przykład" in w) for w in warnings)
    assert result.output.splitlines()[-1].endswith("6 warning(s)" if lang == "en" else "6")


def test_check_is_quiet_once_the_placeholders_are_replaced(
    home: Path, new_project: ProjectFactory
) -> None:
    new_project()
    result = run_cli(home, "check", "acme")
    assert_ok(result)
    assert result.output.endswith(": OK\n")
