"""A ``language: pl`` project shows no English word: footer, palette, key panel, dialogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen

from reviewroom.tui.screens.confirm import ConfirmDialog
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import KeysFooter
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, UNSET, Host, make_app, record_notes, reopen

SIZE = (100, 30)


def text_of(screen: Screen[Any]) -> str:
    """Every Static and Button label of a screen, as one string."""
    return " ".join(str(widget.render()) for widget in screen.query("Static, Button"))


@pytest.mark.parametrize(("lang", "key", "answer"), [
    ("pl", "t", True), ("pl", "y", True), ("pl", "n", False), ("en", "y", True),
    ("en", "n", False),
])
async def test_confirm_answers_with_the_language_keys(lang: str, key: str, answer: bool) -> None:
    app = Host(lambda: ConfirmDialog("?"), lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
    assert app.result is answer


async def test_confirm_in_english_ignores_t() -> None:
    app = Host(lambda: ConfirmDialog("?"), "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and app.result is UNSET


async def test_confirm_says_which_keys_answer() -> None:
    app = Host(lambda: ConfirmDialog("Zakończyć?"), "pl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = text_of(app.screen)
        assert "t" in text.split() and "Tak" in text and "Nie" in text


async def test_polish_meeting_ends_with_t(polish: Path) -> None:
    app = make_app(polish)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        screen.action_end_meeting()
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
    app.project.close()
    assert reopen(polish).live_meeting is None


ENGLISH = ("Search for", "Keys", "Maximize", "Minimize", "Quit", "Screenshot", "Theme",
           "palette", "No matches", "Change the", "Save an SVG", "Show help")


def english_in(text: str) -> list[str]:
    """The English words of Textual's own UI found in ``text``."""
    return [word for word in ENGLISH if word in text]


@pytest.fixture
def polish(new_project: ProjectFactory) -> Path:
    """A ``language: pl`` project with a live meeting."""
    return new_project(lang="pl", meeting=PROTOTYPE_REVIEW)


async def test_the_footer_has_no_english(polish: Path) -> None:
    app = make_app(polish)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = str(app.screen.query_one(KeysFooter).render())
        assert "paleta" in footer
        assert english_in(footer) == []
    app.project.close()


async def test_the_system_commands_are_polish(polish: Path) -> None:
    app = make_app(polish)
    async with app.run_test(size=SIZE):
        commands = list(app.get_system_commands(app.screen))
        text = " ".join(f"{c.title} {c.help}" for c in commands)
        assert english_in(text) == []
        titles = [c.title for c in commands]
        assert {"Motyw", "Klawisze", "Zrzut ekranu", "Zakończ spotkanie"} <= set(titles)
    app.project.close()


async def test_the_palette_prompt_and_no_matches_are_polish(polish: Path) -> None:
    app = make_app(polish)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert palette.query_one("CommandInput").placeholder == "Szukaj poleceń…"  # type: ignore[attr-defined]
        await pilot.press(*"zzqqxx")
        for _ in range(30):  # "no matches" shows after Textual's short countdown
            await pilot.pause(0.1)
            shown = " ".join(str(option.prompt) for option in
                             palette.query_one("CommandList").options)  # type: ignore[attr-defined]
            if shown:
                break
        assert "Nic nie pasuje" in shown and english_in(shown) == []
    app.project.close()


async def test_keys_opens_the_polish_help_instead_of_textuals_panel(polish: Path) -> None:
    app = make_app(polish)
    async with app.run_test(size=SIZE) as pilot:
        keys = next(c for c in app.get_system_commands(app.screen) if c.title == "Klawisze")
        keys.callback()
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        assert not app.screen.query("HelpPanel")
    app.project.close()


async def test_keys_from_the_request_form_shows_the_help(polish: Path) -> None:
    app = make_app(polish)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        keys = next(c for c in app.get_system_commands(app.screen) if c.title == "Klawisze")
        keys.callback()
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
    app.project.close()


async def test_the_theme_search_is_polish(polish: Path) -> None:
    app = make_app(polish)
    async with app.run_test(size=SIZE) as pilot:
        theme = next(c for c in app.get_system_commands(app.screen) if c.title == "Motyw")
        theme.callback()
        await pilot.pause()
        placeholder = app.screen.query_one("CommandInput").placeholder  # type: ignore[attr-defined]
        assert placeholder == "Szukaj motywów…"
    app.project.close()


async def test_ctrl_c_says_how_to_quit_in_polish(polish: Path) -> None:
    app = make_app(polish)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        messages = [n.message for n in notes]
        assert messages and "naciśnij q" in messages[-1]
        assert english_in(" ".join(messages)) == []
    app.project.close()
