"""One attendee grammar in store/, used by the CLI and the attendees dialog (issue 10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from store.attendees import parse_attendee, parse_attendees
from store.errors import ReviewError
from store.model import Attendee, Side
from store.project import Project
from tests.support import make_project, type_text
from tests.test_ascii_look import screen_text
from tests.test_tui_dialogs import Host
from tui.cli import cli as main
from tui.screens.attendees import AttendeesDialog


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dana:client", Attendee("Dana", Side.CLIENT)),
        ("Anna Nowak:klient:kierowniczka", Attendee("Anna Nowak", Side.CLIENT, "kierowniczka")),
        ("Jan : Wykonawca", Attendee("Jan", Side.VENDOR)),
        ("Marta:VENDOR:Lead: design", Attendee("Marta", Side.VENDOR, "Lead: design")),
    ],
)
def test_one_grammar_for_both_languages(text: str, expected: Attendee) -> None:
    assert parse_attendee(text) == expected


@pytest.mark.parametrize("lang", ["en", "pl"])
@pytest.mark.parametrize("text", ["Dana", "Dana:guest", ":client", "Dana:"])
def test_a_bad_attendee_gets_a_whole_sentence(text: str, lang: str) -> None:
    with pytest.raises(ReviewError) as info:
        parse_attendee(text, lang)
    message = info.value.message(lang)
    assert message.endswith(".") and text.strip() in message
    words = ("client", "vendor") if lang == "en" else ("klient", "wykonawca")
    assert all(word in message for word in words)


def test_dialog_lines_are_numbered() -> None:
    with pytest.raises(ReviewError) as info:
        parse_attendees("Dana: klient\n\nJan: gość")
    assert info.value.message("pl").startswith("Wiersz 3:")


def test_cli_accepts_the_polish_side_words(home: Path, project) -> None:  # type: ignore[no-untyped-def]
    project("acme", lang="pl")
    result = CliRunner().invoke(main, [
        "--home", str(home), "meeting", "start", "acme", "--title", "Przegląd",
        "--attendee", "Anna Nowak:klient:kierowniczka", "--attendee", "Jan:wykonawca",
    ])
    assert result.exit_code == 0, result.output
    with Project.open(home / "acme", readonly=True) as opened:
        meeting = opened.live_meeting
        assert meeting is not None
        assert meeting.attendees == (Attendee("Anna Nowak", Side.CLIENT, "kierowniczka"),
                                     Attendee("Jan", Side.VENDOR))


def test_cli_refuses_an_unknown_side_with_one_line(home: Path, project) -> None:  # type: ignore[no-untyped-def]
    project("acme")
    result = CliRunner().invoke(main, [
        "--home", str(home), "meeting", "start", "acme", "--title", "Review",
        "--attendee", "Dana:guest",
    ])
    assert result.exit_code == 1
    assert result.output.startswith("Error: 'Dana:guest' is not an attendee;")
    assert result.output.count("\n") == 1


@pytest.mark.parametrize("lang", ["en", "pl"])
async def test_the_dialogs_error_is_shown_whole(tmp_path: Path, lang: str) -> None:
    folder = make_project(tmp_path, lang=lang)
    project = Project.open(folder)
    app = Host(lambda: AttendeesDialog(project), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await type_text(pilot, "Piotr Wisniewski-Kowalski: guest")
        await pilot.press("ctrl+s")
        await pilot.pause()
        with pytest.raises(ReviewError) as info:
            parse_attendees(app.screen.query_one("TextArea").text, lang)  # type: ignore[attr-defined]
        shown = " ".join(re.sub(r"[│╭╮╰╯─]", " ", screen_text(app)).split())  # type: ignore[arg-type]
        assert info.value.message(lang) in shown
    project.close()
