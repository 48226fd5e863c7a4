"""Every CLI listing and message under a real terminal: stored text never reaches it raw.

The real ``reviewroom`` entry point runs under ``script`` (a pseudo-terminal, as a facilitator's
shell is — click strips ANSI codes only when its output is *not* a terminal, so a pipe would hide
the bug) against a project whose every text field holds the hostile corpus, in a home whose own
path holds escape sequences. Every command's output must carry no ESC byte, no C1 control and no
bidi or zero-width character; ``--json`` must parse back to the stored text with none of those raw.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from reviewroom.store.model import Attendee, Criterion, Side
from reviewroom.store.project import Project
from tests.hostile import C1_BYTES, CORPUS, HUGE, raw_characters, required
from tests.support import brief_text, fixed_clock, make_project

pytestmark = pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1)")

MARK = "@@@"
HOSTILE_NAME = "h\x1b]0;pwned\x07\u202eome\x9b2J"
FIELDS = ("by", "intent", "note", "alternative", "owner")
SHORT_CORPUS = [s for s in CORPUS if s not in HUGE]


def reviewroom() -> str:
    """The installed console script beside this interpreter."""
    return str(Path(sys.executable).with_name("reviewroom"))


def build_home(tmp_path: Path) -> Path:
    """A home with a hostile name holding a hostile project, a broken brief and a damaged store."""
    home = tmp_path / HOSTILE_NAME
    clock = fixed_clock()
    with Project.open(make_project(home, clock=clock), clock=clock) as project:
        items = tuple(Criterion(f"P{n}", required(re.sub(r"[\r\n\x85\u2028\u2029]", " ", s)))
                      for n, s in enumerate(CORPUS[:20], 1))
        hostile = replace(project.criteria, title=CORPUS[0], client=CORPUS[9], problem=items)
        project.revise_criteria(hostile, "Reason \x1b]52;c;cHduZWQ=\x07 \u202eevil")
        people = [Attendee(required(s), Side.CLIENT, s) for s in CORPUS[:8]]
        project.start_meeting("M1 \x1b]0;title\x07 [/about] \u202eweiver", people,
                              facilitator=CORPUS[10])
        for text in CORPUS:
            project.add_request(required(text), **{name: text for name in FIELDS})
        project.end_meeting()
        project.start_meeting("M2 \x1b[2J live \x9b2J")
    broken = home / "broken"
    broken.mkdir()
    (broken / "brief.md").write_text(
        "---\ntitle: \x1b]0;t\x07Broken\n---\n\n## \x1b]0;x\x07Strange \u202eheading\n"
        "- Z1: \x1b[2Jitem\n", "utf-8")
    damaged = home / "damaged\x1b[31m"
    damaged.mkdir()
    (damaged / "brief.md").write_text(brief_text(), "utf-8")
    (damaged / "reviewroom.json").write_text("{not json \x1b]0;x\x07", "utf-8")
    return home


def commands(home: Path) -> list[tuple[str, list[str], int]]:
    """(name, arguments after ``--home HOME``, expected exit status) for every listing."""
    esc = "\x1b]0;typed\x07 \u202e \x9b2J"
    return [
        ("list", ["list"], 0),
        ("list-json", ["list", "--json"], 0),
        ("requests", ["request", "list", "acme"], 0),
        ("requests-json", ["request", "list", "acme", "--json"], 0),
        ("requests-m1", ["request", "list", "acme", "--meeting", "M-1"], 0),
        ("meetings", ["meeting", "list", "acme"], 0),
        ("meetings-json", ["meeting", "list", "acme", "--json"], 0),
        ("criteria", ["criteria", "show", "acme"], 0),
        ("criteria-json", ["criteria", "show", "acme", "--json"], 0),
        ("criteria-v1", ["criteria", "show", "acme", "--version", "1"], 0),
        ("check", ["check", "acme"], 0),
        ("check-broken", ["check", "broken"], 1),
        ("bad-date", ["request", "set", "acme", "CR-1", "--due", esc], 1),
        ("bad-meeting", ["request", "list", "acme", "--meeting", esc], 1),
        ("bad-criterion", ["request", "set", "acme", "CR-1", "--criteria", esc], 1),
        ("already-live", ["meeting", "start", "acme", "--title", "x"], 1),
        ("unknown-project", ["request", "list", esc], 1),
        ("bad-option", ["request", "list", "acme", "--x" + esc], 2),
        ("bad-lang", ["--lang", esc, "list"], 2),
        ("add", ["request", "add", "acme", "Obviously " + esc, "--by", esc], 0),
        ("set", ["request", "set", "acme", "CR-1", "--note", "Obviously " + esc], 0),
        ("export", ["export", "acme", "--meeting", "M-1"], 0),
        ("export-md", ["export", "acme", "--meeting", "M-1", "-o", "-"], 0),
        ("export-html", ["export", "acme", "--meeting", "M-1", "--format", "html", "-o", "-"], 0),
        ("end", ["meeting", "end", "acme"], 0),
        ("new", ["new", "fresh", "--title", esc], 0),
    ]


# One interpreter runs every command, as the console script would (``main()`` with its argv), so
# the 26 commands cost one Python start-up instead of 26; the output still goes to the terminal.
DRIVER = """
import json, os, sys
from reviewroom.tui.cli import main

for name, args, quiet in json.loads(sys.argv[1]):
    print("@@@ " + name, flush=True)
    saved = os.dup(2)
    if quiet:  # as ``2>/dev/null`` in a shell: the JSON alone
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    sys.argv = ["reviewroom", *args]
    try:
        main()
        code = 0
    except SystemExit as leaving:
        code = leaving.code if isinstance(leaving.code, int) else (leaving.code is not None)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(saved, 2)
    print("@@@ rc=%d" % code, flush=True)
"""


def run_in_terminal(tmp_path: Path, home: Path) -> dict[str, tuple[bytes, int]]:
    """Run every command in one ``script`` session; each one's output and exit status."""
    plan = [(name, ["--home", str(home), *args], name.endswith("-json"))
            for name, args, _ in commands(home)]
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, "utf-8")
    line = shlex.join([sys.executable, str(driver), json.dumps(plan)])
    result = subprocess.run(["script", "-qec", line, "/dev/null"],
                            capture_output=True, timeout=300, env=_env(tmp_path))
    outputs: dict[str, tuple[bytes, int]] = {}
    pattern = re.compile(rb"@@@ (\S+)\r?\n(.*?)@@@ rc=(\d+)", re.DOTALL)
    for match in pattern.finditer(result.stdout):
        outputs[match.group(1).decode()] = (match.group(2), int(match.group(3)))
    assert len(outputs) == len(plan), result.stdout[-2000:]
    return outputs


def _env(tmp_path: Path) -> dict[str, str]:
    """A terminal's environment, with an editor that never runs and a private log folder."""
    import os

    return {**os.environ, "TERM": "xterm-256color", "EDITOR": "false",
            "XDG_STATE_HOME": str(tmp_path / "state"), "COLUMNS": "200"}


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, int]]:
    """The corpus in a home, every command run once under a real terminal."""
    tmp_path = tmp_path_factory.mktemp("cli")
    home = build_home(tmp_path)
    return run_in_terminal(tmp_path, home)


NAMES = [name for name, _, _ in commands(Path("home"))]
EXPECTED = {name: code for name, _, code in commands(Path("home"))}


@pytest.mark.parametrize("name", NAMES)
def test_nothing_raw_reaches_the_terminal(session: dict[str, tuple[bytes, int]],
                                          name: str) -> None:
    output, code = session[name]
    assert code == EXPECTED[name], output.decode("utf-8", "replace")
    assert b"\x1b" not in output, output[:2000]
    assert not C1_BYTES.search(output), output[:2000]
    text = output.decode("utf-8").replace("\r\n", "\n")
    assert raw_characters(text.replace("\n", "")) == [], text[:2000]
    assert "Traceback" not in text


@pytest.mark.parametrize("name", [n for n in NAMES if EXPECTED[n] == 1 and n != "check-broken"])
def test_a_refusal_is_one_sanitised_error_line(session: dict[str, tuple[bytes, int]],
                                               name: str) -> None:
    text = session[name][0].decode("utf-8").replace("\r\n", "\n")
    lines = text.strip("\n").splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), text


def test_the_visible_text_is_listed(session: dict[str, tuple[bytes, int]]) -> None:
    requests = session["requests"][0].decode("utf-8")
    assert "Move the page [/about] to the menu" in requests
    assert "Replace [red] with [blue] in the logo" in requests
    assert "Dana [client]" in requests
    assert "safe <U+202E>txt.exe" in requests and "^[]0;pwned title^G" in requests
    meetings = session["meetings"][0].decode("utf-8")
    assert "M1 ^[]0;title^G [/about] <U+202E>weiver" in meetings
    criteria = session["criteria"][0].decode("utf-8")
    assert "Reason ^[]52;c;cHduZWQ=^G <U+202E>evil" in criteria
    assert "<U+009B>2J" in session["list"][0].decode("utf-8")  # the home's name, in a row


def test_columns_line_up_in_terminal_cells(session: dict[str, tuple[bytes, int]]) -> None:
    from reviewroom.store.text import cell_width

    lines = session["meetings"][0].decode("utf-8").replace("\r\n", "\n").splitlines()
    header, rule = lines[0], lines[1]
    starts = [m.start() for m in re.finditer(r"(?:^|(?<= ))-", rule)]
    assert len(starts) >= 4
    for row in lines[2:]:
        for start in starts[1:]:  # every column starts after two spaces, in cells
            cut = _cells_prefix(row, start)
            assert cell_width(cut) == start and cut.endswith("  "), (row, header)


def _cells_prefix(text: str, cells: int) -> str:
    """The part of ``text`` that fills its first ``cells`` cells."""
    from reviewroom.store.text import cell_width

    for end in range(len(text) + 1):
        if cell_width(text[:end]) >= cells:
            return text[:end]
    return text


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith("-json")])
def test_json_parses_and_carries_nothing_raw(session: dict[str, tuple[bytes, int]],
                                             name: str) -> None:
    text = session[name][0].decode("utf-8").replace("\r\n", "\n")
    data = json.loads(text)
    assert data
    assert raw_characters(text.replace("\n", "")) == []


def test_json_carries_the_stored_text_exactly(session: dict[str, tuple[bytes, int]]) -> None:
    rows = json.loads(session["requests-json"][0].decode("utf-8").replace("\r\n", "\n"))
    stored = {row["intent"] for row in rows}
    assert set(SHORT_CORPUS) - {"\r"} <= stored | {s.replace("\r", "\n") for s in stored}


def test_the_minutes_show_a_bidi_override_as_its_code_point(
    session: dict[str, tuple[bytes, int]]
) -> None:
    minutes = session["export-md"][0].decode("utf-8")
    assert "safe \\<U+202E>txt.exe" in minutes
    assert "\u202e" not in minutes
