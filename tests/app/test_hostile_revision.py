"""Hostile text in the criteria list and the revision preview: items, request texts and the
reason are shown as the literal text they are (never markup, never raw control characters), and
an item left untouched keeps its stored characters when the revision is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Input, OptionList

from reviewroom.store.errors import ReviewError
from reviewroom.store.project import Project
from reviewroom.tui.plain import shown
from reviewroom.tui.screens.criteria_revision import CriteriaRevision
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.screens.revision_preview import RevisionPreview
from reviewroom.tui.screens.text_prompt import TextPrompt
from tests.app.test_hostile_tui import (
    BATCHES,
    app_for,
    assert_shows,
    batches,
    build,
    frame,
    squeeze,
    tagged,
    widget_text,
)
from tests.hostile import raw_characters
from tests.support import fixed_clock, reopen, settle

SIZE = (120, 40)


def judge_all(folder: Path) -> list[str]:
    """Judge every request on P1 (those whose hostile intent a rule refuses stay pending)."""
    judged = []
    with Project.open(folder, clock=fixed_clock()) as project:
        for req in project.requests():
            try:
                project.update_request(req.id, verdict="inconsistent")
            except ReviewError:
                continue
            judged.append(req.id)
    return judged


@pytest.mark.parametrize("batch", range(BATCHES))
async def test_the_revision_list_and_preview_show_hostile_text_literally(
        tmp_path: Path, batch: int) -> None:
    strings = batches()[batch]
    folder = build(tmp_path, strings)
    judged = judge_all(folder)
    app = app_for(folder)
    before = app.project.criteria
    reason = tagged(strings[0][0], "rs", strings[0][1])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CriteriaRevision)
        frame(app)
        options = app.screen.query_one(OptionList)
        for item in before.problem:  # what each row hands the list: the plain, sanitised text
            prompt = options.get_option(item.id).prompt
            assert isinstance(prompt, Content)
            assert raw_characters(prompt.plain) == []
            assert_shows(squeeze(prompt.plain), item.text, f"list row {item.id}")
        assert_shows(widget_text(options), before.problem[0].text, "the first row drawn")

        app.screen.query_one(OptionList).highlighted = 1  # P1: edited, left as it was shown
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        frame(app)
        assert app.screen.query_one(Input).value == shown(before.problem[0].text)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CriteriaRevision)
        assert app.screen.draft.changes() == []

        app.screen.query_one(OptionList).highlighted = 2  # P2 removed
        await pilot.press("x", "s")
        await settle(pilot)
        assert isinstance(app.screen, RevisionPreview)
        frame(app)
        body = widget_text(app.screen.query_one("#preview-changes"))
        assert_shows(body, before.problem[1].text, "preview Was")
        app.screen.query_one("#reason", Input).value = reason
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    after = reopen(folder)
    assert after.criteria.problem == (before.problem[0], *before.problem[2:])
    assert after.versions()[-1].reason == reason
    assert judged == [] or after.stale_requests() == []  # P2 named by none of them


async def test_the_preview_lists_hostile_request_texts_literally(tmp_path: Path) -> None:
    folder = build(tmp_path, batches()[0])
    judged = judge_all(folder)
    assert judged, "no request of the batch could be judged"
    app = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        app.screen.query_one(OptionList).highlighted = 1
        await pilot.press("x", "s")  # P1, which every judged request rests on
        await settle(pilot)
        assert isinstance(app.screen, RevisionPreview)
        frame(app)
        body = widget_text(app.screen.query_one("#preview-changes"))
        for rid in judged:
            assert_shows(body, app.project.request(rid).request, f"stale {rid}")
        await pilot.press("escape", "escape")
        await settle(pilot)
    app.project.close()
