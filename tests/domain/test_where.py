"""A request's ``where`` (the place in the course): stored, its history, in the minutes."""

from __future__ import annotations

from pathlib import Path

from reviewroom.store.minutes import render_markdown
from reviewroom.store.project import Project
from tests.support import make_project


def test_where_is_stored_on_one_line_and_its_change_is_recorded(tmp_path: Path) -> None:
    folder = make_project(tmp_path, meeting="Review")
    with Project.open(folder) as p:
        req = p.add_request("Shorter intro", where="  Lesson 2,\n slide 4 ")
        assert req.where == "Lesson 2, slide 4"
        changed = p.update_request(req.id, where="00:42")
    with Project.open(folder, readonly=True) as again:
        assert again.request(req.id).where == "00:42"
    entry = changed.history[-1]
    assert (entry.field, entry.old, entry.new) == ("where", "Lesson 2, slide 4", "00:42")


def test_the_minutes_show_where_only_when_known(tmp_path: Path) -> None:
    folder = make_project(tmp_path, meeting="Review", requests=[
        {"request": "Bigger logo", "by": "Dana", "where": "Slide *3* <b>x</b>"},
        {"request": "Fewer quizzes", "by": "Lee"},
    ])
    with Project.open(folder, readonly=True) as p:
        english = render_markdown(p, p.meeting("latest"))
        polish = render_markdown(p, p.meeting("latest"), lang="pl")
    assert english.count("Where in the course") == 1
    assert "- **Where in the course:** Slide \\*3\\* \\<b>x\\</b>" in english
    assert polish.count("**Miejsce w kursie:**") == 1
