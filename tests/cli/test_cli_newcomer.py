"""A newcomer's first hour with the CLI: options where they type them, the demo, clear hints."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest

from reviewroom.store.i18n import t
from reviewroom.store.project import Project
from reviewroom.tui.cli import all_commands, cli, live
from tests.conftest import ProjectFactory
from tests.support import brief_text, run_cli


def leaves(command: click.Command, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
    """Every command that runs something (not a group), with its path."""
    if isinstance(command, click.Group):
        subs = all_commands() if command is cli else command.commands  # the root's are lazy
        for name, sub in subs.items():
            yield from leaves(sub, [*path, name])
    else:
        yield path, command


def option_names(command: click.Command) -> set[str]:
    """Every option string a command accepts."""
    return {name for param in command.params for name in getattr(param, "opts", [])}


# ---------------------------------------------------------------------- --home and --lang


def test_every_command_accepts_home_and_lang_after_it() -> None:
    paths = list(leaves(cli, []))
    assert len(paths) >= 17
    for path, command in paths:
        assert {"--home", "--lang"} <= option_names(command), path
        result = run_cli(None, *path, "--help")
        assert "--home DIR" in result.output and "--lang" in result.output, path


@pytest.fixture
def acme(home: Path, new_project: ProjectFactory) -> Path:
    """Project ``acme`` with a live meeting and one request, under ``home``."""
    folder = new_project("acme", meeting="Prototype review")
    with Project.open(folder) as opened:
        opened.add_request("Bigger logo")
    return folder


def commands_after(home: Path, brief: Path) -> list[list[str]]:
    """One invocation of every command, each with ``--home HOME`` after the command."""
    h = ["--home", str(home)]
    return [
        ["restore", "acme", "--force", *h],  # first: it puts back the backup made just before
        ["new", "beta", *h],
        ["list", *h],
        ["check", "acme", *h],
        ["meeting", "list", "acme", *h],
        ["request", "add", "acme", "Shorter course", *h],
        ["request", "set", "acme", "CR-1", "--intent", "Brand recognition", *h],
        ["request", "list", "acme", *h],
        ["criteria", "show", "acme", *h],
        ["criteria", "revise", "acme", "--reason", "Clearer wording", "--brief", str(brief), *h],
        ["export", "acme", "-o", "-", *h],
        ["meeting", "end", "acme", *h],
        ["meeting", "start", "acme", "--title", "Second review", *h],
    ]


def test_home_after_each_command_finds_the_project(home: Path, acme: Path,
                                                   tmp_path: Path) -> None:
    brief = tmp_path / "brief.md"
    brief.write_text(brief_text().replace("at most 7 minutes", "at most 6 minutes"), "utf-8")
    (acme / "reviewroom.json.bak").write_bytes((acme / "reviewroom.json").read_bytes())
    for args in commands_after(home, brief):
        result = run_cli(None, *args)
        assert result.exit_code == 0, (args, result.output)
    assert (home / "beta" / "brief.md").is_file()
    with Project.open(acme, readonly=True) as opened:
        assert [m.title for m in opened.meetings()] == ["Prototype review", "Second review"]


def test_home_inside_a_group_and_before_it(home: Path, acme: Path) -> None:
    assert run_cli(None, "request", "--home", str(home), "list", "acme").exit_code == 0
    assert run_cli(None, "--home", str(home), "request", "list", "acme").exit_code == 0


def test_lang_after_the_command_translates_output_and_errors(home: Path, acme: Path) -> None:
    listed = run_cli(None, "request", "list", "acme", "--home", str(home), "--lang", "pl")
    assert listed.exit_code == 0 and "Prośba" in listed.output
    refused = run_cli(None, "check", "nosuch", "--home", str(home), "--lang", "pl")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: ") and "Brak projektu" in refused.stderr


def test_the_later_option_wins(home: Path, acme: Path, tmp_path: Path) -> None:
    result = run_cli(None, "--home", str(tmp_path / "empty"), "list", "--home", str(home))
    assert result.exit_code == 0 and "acme" in result.output


def test_new_takes_home_after_it_and_keeps_its_own_lang(home: Path) -> None:
    result = run_cli(None, "new", "nowy", "--lang", "pl", "--home", str(home))
    assert result.exit_code == 0, result.output
    with Project.open(home / "nowy", readonly=True) as opened:
        assert opened.criteria.language == "pl"


@pytest.fixture
def no_tui(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    """Replace the app with a recorder: what each TUI command would have opened.

    Scratch folders (the demo's) go under the test's own tmp_path.
    """
    runs: list[dict[str, Any]] = []
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    def record(project: Project, **kwargs: Any) -> None:
        with project:
            runs.append({"folder": project.path, "exists": project.path.is_dir(),
                         "stderr": captured_stderr(), **kwargs})

    monkeypatch.setattr(live, "run_app", record)
    monkeypatch.setattr(live, "refuse_without_terminal", lambda: None)  # as in a terminal
    return runs


def captured_stderr() -> str:
    """What the command has written to (CliRunner's) stderr so far."""
    sys.stderr.flush()
    buffer = getattr(sys.stderr, "buffer", None)
    getvalue = getattr(buffer, "getvalue", None)
    return getvalue().decode() if getvalue else ""


@pytest.mark.parametrize("command", ["open", "watch"])
def test_open_and_watch_take_home_and_lang_after_them(home: Path, acme: Path, command: str,
                                                       no_tui: list[dict[str, Any]]) -> None:
    result = run_cli(None, command, "acme", "--home", str(home), "--lang", "pl")
    assert result.exit_code == 0, result.output
    assert no_tui[0]["folder"] == acme and no_tui[0]["lang"] == "pl"


def test_the_short_form_takes_home_after_the_project(home: Path, acme: Path,
                                                     no_tui: list[dict[str, Any]]) -> None:
    result = run_cli(None, "acme", "--home", str(home))
    assert result.exit_code == 0, result.output
    assert no_tui[0]["folder"] == acme


def test_serve_takes_home_after_it(home: Path, acme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[str] = []

    class FakeServer:
        def __init__(self, command: str, **kwargs: Any) -> None:
            served.append(command)

        def serve(self) -> None:
            pass

    monkeypatch.setattr(live, "load_server", lambda lang: FakeServer)
    result = run_cli(None, "serve", "acme", "--home", str(home), "--lang", "pl")
    assert result.exit_code == 0, result.output
    assert f"--home {home}" in served[0] and "--lang pl" in served[0]


# ---------------------------------------------------------------------- list


def test_list_speaks_each_projects_language(home: Path, new_project: ProjectFactory) -> None:
    new_project("alpha", meeting="Review")
    new_project("beta", lang="pl", meeting="Przegląd")
    result = run_cli(None, "list", "--home", str(home))
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[2:]}
    assert "live" in rows["alpha"]
    assert "trwa" in rows["beta"] and "live" not in rows["beta"]


def test_list_with_lang_speaks_that_language(home: Path, new_project: ProjectFactory) -> None:
    new_project("alpha", meeting="Review")
    new_project("beta", lang="pl", meeting="Przegląd")
    result = run_cli(None, "list", "--home", str(home), "--lang", "pl")
    assert "live" not in result.output and result.output.count("trwa") == 2
    assert "Projekt" in result.output


def test_list_of_polish_projects_has_polish_headers(
    home: Path, new_project: ProjectFactory,
) -> None:
    new_project("beta", lang="pl", meeting="Przegląd")
    result = run_cli(None, "list", "--home", str(home))
    assert result.output.startswith("Projekt")


# ---------------------------------------------------------------------- demo


def test_demo_says_where_its_folder_is_and_removes_it(no_tui: list[dict[str, Any]]) -> None:
    result = run_cli(None, "demo")
    assert result.exit_code == 0, result.output
    run = no_tui[0]
    folder = run["folder"]
    assert run["exists"] and str(folder) in run["stderr"]  # said before the app started
    assert str(folder) in run["notice"]  # and on the screen as it opens
    assert not folder.exists() and not folder.parent.exists()
    assert str(folder) in result.stderr and "removed" in result.stderr


def test_demo_keep_leaves_the_folder_and_prints_it(no_tui: list[dict[str, Any]]) -> None:
    result = run_cli(None, "demo", "--keep")
    assert result.exit_code == 0, result.output
    folder = no_tui[0]["folder"]
    assert folder.is_dir() and str(folder) in result.output


def test_demo_in_polish(no_tui: list[dict[str, Any]]) -> None:
    result = run_cli(None, "demo", "ochrona-danych-przychodnia")
    assert result.exit_code == 0, result.output
    assert "Projekt demonstracyjny" in no_tui[0]["notice"]
    assert "usunięto" in result.stderr


def test_demo_with_home_copies_the_sample_there_and_keeps_it(
    tmp_path: Path, no_tui: list[dict[str, Any]]
) -> None:
    home = tmp_path / "mine"
    result = run_cli(None, "demo", "--home", str(home))
    assert result.exit_code == 0, result.output
    assert no_tui[0]["folder"] == home / "northwind-onboarding"
    assert (home / "northwind-onboarding" / "brief.md").is_file()
    again = run_cli(None, "demo", "--home", str(home))
    assert again.exit_code == 1 and again.stderr.startswith("Error: ")


def test_demo_removes_its_folder_even_when_the_app_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[Path] = []
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def crash(project: Project, **kwargs: Any) -> None:
        seen.append(project.path)
        raise RuntimeError("the app fell over")

    monkeypatch.setattr(live, "run_app", crash)
    monkeypatch.setattr(live, "refuse_without_terminal", lambda: None)  # as in a terminal
    result = run_cli(None, "demo")
    assert result.exit_code != 0
    assert seen and not seen[0].exists()


# ---------------------------------------------------------------------- serve's hint


def test_serve_without_the_extra_names_both_install_commands(
    home: Path, acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    # (imported by an earlier test, it would start a real server)
    monkeypatch.setitem(sys.modules, "reviewroom.tui.web_server", None)
    result = run_cli(None, "serve", "acme", "--home", str(home))
    assert result.exit_code == 1
    assert "pip install 'reviewroom[serve]'" in result.stderr
    assert "pip install -e '.[serve]'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_empty_meeting_list_names_the_project_to_start(home: Path,
                                                          new_project: ProjectFactory) -> None:
    new_project("acme")
    result = run_cli(None, "meeting", "list", "acme", "--home", str(home))
    assert result.exit_code == 0
    assert "reviewroom meeting start acme --title" in result.output
    assert "PROJECT" not in result.output


# ---------------------------------------------------------------------- no terminal


@pytest.mark.parametrize(("args", "lang"), [(["open", "acme"], "en"), (["watch", "acme"], "pl"),
                                            (["acme"], "en")])
def test_the_app_without_a_terminal_is_refused_and_frees_the_project(
    home: Path, new_project: ProjectFactory, args: list[str], lang: str
) -> None:
    """``reviewroom open acme < /dev/null`` (a script, ``ssh`` without ``-t``) drew a screen no
    key could reach and spun a core until killed (the hostile pass): now one line, exit 1, and
    the project is free for the next command."""
    import subprocess

    new_project(meeting="Prototype review")
    env = {key: value for key, value in os.environ.items() if key != "TEXTUAL_DRIVER"}
    done = subprocess.run([sys.executable, "-m", "reviewroom", "--home", str(home), "--lang",
                           lang, *args], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=120, env={**env, "REVIEWROOM_HOME": ""})
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"Error: {t(lang, 'cli.no_terminal')}\n" and done.stdout == ""
    added = run_cli(home, "request", "add", "acme", "Bigger logo")
    assert added.exit_code == 0, added.output  # the lock was released


def test_the_demo_without_a_terminal_copies_nothing(tmp_path: Path) -> None:
    """The demo is refused before it copies its sample (no folder left in ``--home``)."""
    import subprocess

    env = {key: value for key, value in os.environ.items() if key != "TEXTUAL_DRIVER"}
    done = subprocess.run([sys.executable, "-m", "reviewroom", "demo", "--home",
                           str(tmp_path / "try")], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, env=env)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"Error: {t('en', 'cli.no_terminal')}\n"
    assert not (tmp_path / "try").exists()
