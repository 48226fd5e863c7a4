"""One attendee grammar in store/, used by the CLI and the attendees dialog (issue 10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewroom.store.attendees import format_attendees, parse_attendee, parse_attendees
from reviewroom.store.errors import ReviewError
from reviewroom.store.model import Attendee, Side
from reviewroom.store.project import Project
from reviewroom.store.words import parse_word
from reviewroom.tui.screens.attendees import AttendeesDialog
from tests.app.test_ascii_look import screen_text
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, Host, run_cli, type_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dana:client", Attendee("Dana", Side.CLIENT)),
        ("Anna Nowak:klient:kierowniczka", Attendee("Anna Nowak", Side.CLIENT, "kierowniczka")),
        ("Jan : Wykonawca", Attendee("Jan", Side.VENDOR)),
        ("Marta:VENDOR:Lead: design", Attendee("Marta", Side.VENDOR, "Lead: design")),
        # A name may hold a colon: the side is the first part after it that is a side word.
        ("Dana (Ops: Retail): client: Head", Attendee("Dana (Ops: Retail)", Side.CLIENT, "Head")),
        ("Jo [link=https://x.example]Jo[/link]: vendor: https://y",
         Attendee("Jo [link=https://x.example]Jo[/link]", Side.VENDOR, "https://y")),
    ],
)
def test_one_grammar_for_both_languages(text: str, expected: Attendee) -> None:
    assert parse_attendee(text) == expected


@pytest.mark.parametrize("lang", ["en", "pl"])
@given(st.lists(st.builds(
    Attendee,
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1)
    .map(str.strip).filter(lambda name: name and parse_word(Side, name.split(":")[-1]) is None),
    st.sampled_from(list(Side)),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))).map(str.strip),
), max_size=4))
def test_what_the_dialog_shows_reads_back(lang: str, people: list[Attendee]) -> None:
    """Any attendee list survives the dialog untouched (names with colons too), in each language.

    The one thing a line cannot say is a name whose part after a colon is itself a side word
    (``Team: client``): the side is the first such part, so that name is not generated.
    """
    people = [p for p in people if all(parse_word(Side, part) is None
                                       for part in p.name.split(":")[1:])]
    assert list(parse_attendees(format_attendees(people, lang), lang)) == people


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


def test_cli_accepts_the_polish_side_words(home: Path, new_project: ProjectFactory) -> None:
    new_project("acme", lang="pl")
    result = run_cli(
        home, "meeting", "start", "acme", "--title", "Przegląd",
        "--attendee", "Anna Nowak:klient:kierowniczka", "--attendee", "Jan:wykonawca",
    )
    assert result.exit_code == 0, result.output
    with Project.open(home / "acme", readonly=True) as opened:
        meeting = opened.live_meeting
        assert meeting is not None
        assert meeting.attendees == (Attendee("Anna Nowak", Side.CLIENT, "kierowniczka"),
                                     Attendee("Jan", Side.VENDOR))


def test_cli_refuses_an_unknown_side_with_one_line(home: Path, new_project: ProjectFactory) -> None:
    new_project("acme")
    result = run_cli(
        home, "meeting", "start", "acme", "--title", "Review", "--attendee", "Dana:guest",
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: 'Dana:guest' is not an attendee;")
    assert result.output.count("\n") == 1


@pytest.mark.parametrize("lang", ["en", "pl"])
async def test_the_dialogs_error_is_shown_whole(new_project: ProjectFactory, lang: str) -> None:
    folder = new_project(lang=lang, meeting=PROTOTYPE_REVIEW)
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
