"""Keys typed while the app starts are held (tui/early_keys.py), on a pseudo-terminal (``pty``).

The real program in tmux is tested in tests/e2e/test_early_keys.py; here the pieces: which
command lines start the app, the mode set (Textual's, ``ctrl+c`` aside), the attributes put back
exactly, and a refusal printed only once they are.
"""

from __future__ import annotations

import os
import pty
import termios
import tty
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewroom.tui import early_keys
from reviewroom.tui.cli import all_commands
from reviewroom.tui.early_keys import (
    APP_COMMANDS,
    OTHER_COMMANDS,
    hold_keys,
    restore_terminal,
    starts_app,
)
from tests.conftest import ProjectFactory
from tests.support import run_cli


@pytest.fixture
def terminal() -> Iterator[tuple[int, int]]:
    """A pseudo-terminal's (controller, terminal) descriptors; never left held."""
    controller, term = pty.openpty()
    try:
        yield controller, term
    finally:
        restore_terminal()
        os.close(controller)
        os.close(term)


@pytest.mark.parametrize(("args", "starts"), [
    (["open", "acme"], True),
    (["acme"], True),  # reviewroom PROJECT
    (["watch", "acme", "--facilitator-view"], True),
    (["demo"], True),
    (["--home", "/tmp/h", "--lang", "pl", "open", "acme"], True),
    (["--home=/tmp/h", "acme"], True),
    (["serve", "acme"], False),
    (["list"], False),
    (["request", "add", "acme", "open"], False),
    (["criteria", "edit", "acme"], False),  # opens $EDITOR, which needs the cooked terminal
    (["open", "acme", "--help"], False),
    (["--version"], False),
    (["--bogus", "open", "acme"], False),
    ([], False),
])
def test_which_command_lines_start_the_app(args: list[str], starts: bool) -> None:
    assert starts_app(args) is starts


def test_the_launcher_knows_every_command() -> None:
    assert set(all_commands()) == APP_COMMANDS | OTHER_COMMANDS
    assert not APP_COMMANDS & OTHER_COMMANDS


def test_held_keys_arrive_as_typed_and_the_modes_come_back(terminal: tuple[int, int]) -> None:
    controller, term = terminal
    before = termios.tcgetattr(term)
    assert hold_keys(term)
    held = termios.tcgetattr(term)
    assert not held[tty.LFLAG] & (termios.ICANON | termios.ECHO | termios.IEXTEN)
    assert not held[tty.IFLAG] & (termios.IXON | termios.ICRNL)
    assert held[tty.LFLAG] & termios.ISIG  # ctrl+c still interrupts until the app is up
    os.write(controller, b"nLogo\x13\r")  # n, text, ctrl+s, enter: no line end needed
    assert os.read(term, 64) == b"nLogo\x13\r"
    restore_terminal()
    assert termios.tcgetattr(term) == before
    restore_terminal()  # a second call changes nothing
    assert termios.tcgetattr(term) == before


def test_keys_nobody_read_are_dropped_with_the_mode(terminal: tuple[int, int]) -> None:
    controller, term = terminal
    assert hold_keys(term)
    os.write(controller, b"rm -rf x\r")  # typed for an app that never started
    restore_terminal()
    os.set_blocking(term, False)
    with pytest.raises(BlockingIOError):
        os.read(term, 64)


def test_no_terminal_is_left_alone(tmp_path: Path) -> None:
    read, write = os.pipe()
    try:
        assert not hold_keys(read)
    finally:
        os.close(read)
        os.close(write)
    assert early_keys._saved is None


@pytest.mark.parametrize("case", ["no such project", "locked"])
def test_a_refusal_is_printed_on_the_terminal_given_back(
    terminal: tuple[int, int], new_project: ProjectFactory, home: Path,
    lock_holder: Callable[[Path], Any], monkeypatch: pytest.MonkeyPatch, case: str,
) -> None:
    _, term = terminal
    folder = new_project(meeting="Prototype review")
    if case == "locked":
        lock_holder(folder)
    before = termios.tcgetattr(term)
    seen: list[Any] = []
    monkeypatch.setattr("reviewroom.tui.cli.common.click.echo",
                        lambda *args, **kwargs: seen.append(termios.tcgetattr(term)))
    assert hold_keys(term)
    result = run_cli(home, "open", "nowhere" if case == "no such project" else "acme")
    assert result.exit_code == 1
    assert seen == [before]  # one line, printed once the attributes were back


def test_ctrl_c_while_textual_is_imported_is_an_interrupt_not_a_crash(
    terminal: tuple[int, int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """ctrl+c while a class body runs (Textual's _LineCache, found in tmux by the hostile pass)
    reaches the CLI as Python's RuntimeError("Error calling __set_name__ …") caused by the
    KeyboardInterrupt: it was reported as a fault in reviewroom with a crash log."""
    import reviewroom.tui.cli as cli_package

    _, term = terminal
    before = termios.tcgetattr(term)

    def interrupted_import(**_: Any) -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from interrupt

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(cli_package.cli, "main", interrupted_import)
    assert hold_keys(term)
    with pytest.raises(SystemExit) as leaving:
        cli_package.main()
    assert leaving.value.code == early_keys.INTERRUPTED
    assert "Error" not in capsys.readouterr().err
    assert not (tmp_path / "state").exists()  # no crash report
    assert termios.tcgetattr(term) == before


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_ctrl_c_while_the_command_runs_ends_quietly_with_130(
    terminal: tuple[int, int], new_project: ProjectFactory, home: Path,
    monkeypatch: pytest.MonkeyPatch, lang: str,
) -> None:
    """ctrl+c after click is up but before the app has the terminal (the hostile pass: 0.3–0.55 s
    after enter) printed click's English ``Aborted!`` and exited 1; now, as before click and
    once the launcher holds the keys: nothing printed, exit 130, the terminal given back."""
    import reviewroom.tui.cli.live as live

    _, term = terminal
    before = termios.tcgetattr(term)
    new_project(meeting="Prototype review")

    def interrupted(*_: Any, **__: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(live, "run_app", interrupted)
    assert hold_keys(term)
    result = run_cli(home, "--lang", lang, "open", "acme")
    assert (result.exit_code, result.stdout, result.stderr) == (early_keys.INTERRUPTED, "", "")
    assert termios.tcgetattr(term) == before
