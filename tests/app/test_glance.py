"""Pilot tests: the list and the criteria panel read at a glance, the choosers in both languages,
and the meeting screen at 80×24 (issue 12, points 2, 3 and 7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rich.style import Style
from textual.color import Color

from reviewroom.store.model import Decision, Verdict
from reviewroom.store.project import Project
from reviewroom.store.request_filter import RequestFilter
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.keys import decision_keys, verdict_keys
from reviewroom.tui.screens.help import HelpScreen
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import CriteriaPanel, KeysFooter, MeetingHeader, RequestsTable
from tests.conftest import ProjectFactory
from tests.support import (
    PROTOTYPE_REVIEW,
    brief_text,
    fixed_clock,
    make_app,
    reopen,
    type_text,
    wait_until,
)

SIZE = (100, 30)
SMALL = (80, 24)

# The brief of tests.support with twenty knowledge goals: the panel must scroll to show K15.
LONG_BRIEF = brief_text().replace(
    "- K1: Staff can name the five steps of the cash-up and when each applies.\n",
    "".join(f"- K{n}: Staff can name step {n} of the cash-up and when it applies.\n"
            for n in range(1, 21)),
)


def panel_shows(panel: CriteriaPanel, item_id: str) -> bool:
    """Whether the whole of an item's lines are inside the panel's visible part."""
    return panel.in_view(item_id)


async def test_moving_the_highlight_scrolls_the_panel_to_the_first_named_criterion(
        new_project: ProjectFactory) -> None:
    folder = new_project(brief=LONG_BRIEF, meeting=PROTOTYPE_REVIEW, requests=[
        {"request": "Bigger logo", "criteria": "P1"},
        {"request": "Shorter lessons", "criteria": "K15, K12"},
    ])
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(CriteriaPanel)
        await wait_until(pilot, lambda: panel.max_scroll_y > 0)  # the brief is longer than it
        assert panel_shows(panel, "P1") and not panel_shows(panel, "K12")
        await pilot.press("down")
        # K12 comes first in the brief: it is the one brought up, with K15 marked too.
        await wait_until(pilot, lambda: panel_shows(panel, "K12"))
        assert panel.referenced == {"K12", "K15"} and not panel_shows(panel, "P1")
        assert panel.scroll_y > 0
        await pilot.press("up")
        await wait_until(pilot, lambda: panel_shows(panel, "P1"))
    app.project.close()


def request_with(folder: Path, verdict: str, decision: str) -> None:
    """Add a judged request to the live meeting of ``folder``."""
    with Project.open(folder, clock=fixed_clock()) as project:
        project.add_request("Bigger logo", intent="Recognition", criteria="A1", verdict=verdict,
                            decision=decision, alternative="Agreed in the room")


def theme_colour(app: ReviewApp, variable: str) -> Style:
    """The style a theme variable gives a cell, as the app's current theme defines it."""
    return Style(color=Color.parse(app.get_css_variables()[variable]).rich_color)


async def test_verdict_and_decision_colours_come_from_the_theme(folder: Path) -> None:
    request_with(folder, "consistent", "rejected")
    app = make_app(folder)
    async with app.run_test(size=(140, 30)) as pilot:
        table = app.screen.query_one(RequestsTable)
        seen = []
        for theme in ("textual-dark", "nord", "ansi-dark"):
            app.theme = theme
            await wait_until(pilot, lambda: table.get_cell("CR-1", "verdict").style
                             == theme_colour(app, "success"))
            decision = table.get_cell("CR-1", "decision")
            assert decision.style == theme_colour(app, "error")
            assert decision.plain == "✗ rejected"
            seen.append(decision.style)
        assert len(set(seen)) == 3  # the themes really differ: the colour is the theme's
    app.project.close()


async def test_ascii_look_draws_the_marks_in_ascii(folder: Path) -> None:
    for verdict, decision in (("consistent", "accepted"), ("inconsistent", "deferred"),
                              ("unclear", "alternative"), ("pending", "open")):
        request_with(folder, verdict, decision)
    app = ReviewApp(Project.open(folder, clock=fixed_clock()), ascii=True)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        cells = [(str(table.get_cell(f"CR-{n}", "verdict")), str(table.get_cell(f"CR-{n}",
                                                                             "decision")))
                 for n in range(1, 5)]
        assert [(v[0], d[0]) for v, d in cells] == [("+", "+"), ("x", "-"), ("?", "*"),
                                                    (".", ".")]
        assert all(text.isascii() for row in cells for text in row)
    app.project.close()


@pytest.mark.parametrize("lang", ["en", "pl"])
async def test_80_by_24_keeps_the_main_keys_the_filter_and_a_wide_request(
        new_project: ProjectFactory, lang: str) -> None:
    folder = new_project(lang=lang, meeting=PROTOTYPE_REVIEW,
                         requests=[{"request": "Bigger logo", "by": "Dana Whitfield"}])
    app = make_app(folder)
    async with app.run_test(size=SMALL) as pilot:
        screen = app.screen
        table = screen.query_one(RequestsTable)
        keys = set(screen.query_one(KeysFooter).shown_keys)
        assert {"n", "question_mark", "q"} <= keys
        assert table.columns["request"].width >= 30
        assert "by" not in table.columns
        assert isinstance(screen, MeetingScreen)
        screen.filter = RequestFilter(text="logo", verdict=Verdict.PENDING)
        await pilot.pause()
        header = str(screen.query_one(MeetingHeader).render())
        assert "logo" in header and ("filter" in header or "filtr" in header)
        dropped = screen.query_one(KeysFooter).dropped
        assert dropped and not dropped & {"new", "help", "quit"}
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_text = str(app.screen.query_one("#help-body").render())
        assert "ctrl+p" in help_text and "t" in dropped_keys(help_text)
    app.project.close()


def dropped_keys(help_text: str) -> list[str]:
    """The keys the help names on its line about the footer."""
    line = next(text for text in help_text.splitlines() if "ctrl+p)" in text and ":" in text)
    return line.split(":", 1)[1].split(".", 1)[0].replace(" ", "").split(",")


@pytest.mark.parametrize("lang", ["en", "pl"])
async def test_verdict_digits_work_in_both_languages(new_project: ProjectFactory,
                                                      lang: str) -> None:
    folder = new_project(lang=lang, meeting=PROTOTYPE_REVIEW, requests=[
        {"request": "Bigger logo", "intent": "Recognition", "criteria": "A1",
         "verdict": "unclear"} for _ in range(4)])
    with Project.open(folder, clock=fixed_clock()) as project:
        project.update_request("CR-3", verdict="pending")  # "3" (unclear) must really change
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        for row, digit in enumerate("1234"):
            app.screen.query_one(RequestsTable).move_cursor(row=row)
            await pilot.press("v", digit)
            await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
            await pilot.pause()
    app.project.close()
    stored = reopen(folder)
    assert [stored.request(f"CR-{n}").verdict for n in range(1, 5)] == \
        [Verdict.CONSISTENT, Verdict.INCONSISTENT, Verdict.UNCLEAR, Verdict.PENDING]


DECISION_TEXTS = {Decision.REJECTED: "Out of scope", Decision.ALTERNATIVE: "A welcome clip"}


@pytest.mark.parametrize("lang", ["en", "pl"])
async def test_decision_digits_work_in_both_languages(new_project: ProjectFactory,
                                                       lang: str) -> None:
    order = [value for _, value in decision_keys(lang)]
    folder = new_project(lang=lang, meeting=PROTOTYPE_REVIEW, requests=[
        {"request": "Bigger logo", "intent": "Recognition", "criteria": "A1",
         "verdict": "consistent", "decision": "open" if d is not Decision.OPEN else "deferred"}
        for d in order])
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        for row, decision in enumerate(order):
            app.screen.query_one(RequestsTable).move_cursor(row=row)
            await pilot.press("d", str(row + 1))
            if decision in DECISION_TEXTS:
                await wait_until(pilot, lambda: not isinstance(app.screen, MeetingScreen))
                await type_text(pilot, DECISION_TEXTS[decision])
                await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
            await pilot.pause()
    app.project.close()
    stored = reopen(folder)
    assert [stored.request(f"CR-{n}").decision for n in range(1, 6)] == order
    assert order == [Decision.ACCEPTED, Decision.REJECTED, Decision.DEFERRED,
                     Decision.ALTERNATIVE, Decision.OPEN]


async def test_polish_chooser_takes_digits_and_ignores_english_letters(
        new_project: ProjectFactory) -> None:
    folder = new_project(lang="pl", meeting=PROTOTYPE_REVIEW, requests=[
        {"request": "Większe logo", "intent": "Rozpoznawalność", "criteria": "A1"}])
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await wait_until(pilot, lambda: not isinstance(app.screen, MeetingScreen))
        chooser = app.screen
        shown = " ".join(str(s.render()) for s in chooser.query("Static"))
        assert " 1 " in shown and "spójna" in shown and " c " not in shown
        await pilot.press("c", "x")  # the English letters: no option here
        await pilot.pause()
        assert app.screen is chooser
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        await pilot.pause()
    app.project.close()
    assert reopen(folder).request("CR-1").verdict is Verdict.INCONSISTENT


def test_chooser_keys_are_one_source_without_collisions() -> None:
    """Each language's keys are distinct within a chooser, digits in both, letters in English."""
    for lang in ("en", "pl"):
        for keys in (verdict_keys(lang), decision_keys(lang)):
            flat = [key for option, _ in keys for key in option]
            assert len(flat) == len(set(flat)), (lang, flat)
            assert [option[-1] for option, _ in keys] == [str(n) for n in range(1, len(keys) + 1)]
    assert [option for option, _ in verdict_keys("en")] == [("c", "1"), ("x", "2"), ("u", "3"),
                                                            ("p", "4")]
    assert all(len(option) == 1 for option, _ in decision_keys("pl"))


async def test_the_elapsed_time_moves_on_with_the_minute(new_project: ProjectFactory) -> None:
    """The header looks every second and redraws when H:MM changes (not at every second)."""
    folder = new_project(meeting=PROTOTYPE_REVIEW)
    project = Project.open(folder, clock=fixed_clock())
    started = dt.datetime.fromisoformat(project.live_meeting.started_at)  # type: ignore[union-attr]
    now = [started + dt.timedelta(minutes=17, seconds=58)]
    app = ReviewApp(project, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        header = app.screen.query_one(MeetingHeader)
        await wait_until(pilot, lambda: "0:17" in header.render_line(0).text)  # as drawn
        now[0] += dt.timedelta(seconds=3)
        await wait_until(pilot, lambda: "0:18" in header.render_line(0).text)
    project.close()


def test_a_class_whose_keys_need_no_translation_is_used_as_it_is() -> None:
    """English: the bindings are written in English, so no translated subclass is made (it cost
    the first paint a Textual class each for the meeting screen and its panel); Polish gets one
    whose every described key is in Polish, the class's own keys otherwise the same."""
    from textual.binding import Binding

    from reviewroom.store.i18n import t
    from reviewroom.tui.keys import localised
    from reviewroom.tui.screens.meeting import MeetingScreen
    from reviewroom.tui.widgets import CriteriaPanel

    for cls in (MeetingScreen, CriteriaPanel):
        assert localised(cls, "en") is cls
        polish = localised(cls, "pl")
        assert polish is not cls and issubclass(polish, cls) and polish.__name__ == cls.__name__
        own = [b for b in cls.BINDINGS if isinstance(b, Binding)]
        translated = [b for b in polish.BINDINGS if isinstance(b, Binding)]
        assert [(b.key, b.action, b.id) for b in translated] == [(b.key, b.action, b.id)
                                                                 for b in own]
        assert [b.description for b in translated] == [
            t("pl", f"key.{b.id}") if b.id else b.description for b in own]
