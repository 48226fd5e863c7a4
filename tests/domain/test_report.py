"""The criteria-health report (issue 14): figures, golden files per format and language, SVG
charts well-formed and script-free, hostile text escaped.

Regenerate the golden files after an intended change with

    REVIEWROOM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/domain/test_report.py
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reviewroom.store.model import Criterion, Section
from reviewroom.store.project import Project
from reviewroom.store.report import build_report
from reviewroom.store.report_html import render_report_html
from reviewroom.store.report_render import render_json, render_markdown
from reviewroom.store.report_svg import Bar, Segment, columns
from tests.domain.test_minutes import (
    BRIEF,
    TagCollector,
    assert_golden,
    build_review_project,
)
from tests.hostile import CORPUS, HUGE, raw_characters
from tests.support import make_project

TODAY = dt.date(2026, 11, 30)
SVG_XMLNS = "http://www.w3.org/2000/svg"
SVG_NS = "{" + SVG_XMLNS + "}"
SVG_TAGS = {"svg", "title", "g", "rect", "line", "text"}
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "p", "table",
             "thead", "tbody", "tr", "th", "td", "figure", *SVG_TAGS}


@pytest.fixture
def review(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The minutes' two-meeting review project (revision, carry-over, stale verdict)."""
    proj = build_review_project(tmp_path / "home")
    yield proj
    proj.close()


# ----------------------------------------------------------------------------- figures


def test_criteria_figures_count_requests_verdicts_and_revisions(review: Project) -> None:
    report = build_report(review, TODAY)
    found = {c.id: c for c in report.criteria}
    # The current items in brief order, then those a revision removed.
    assert [c.id for c in report.criteria] == ["P1", "R1", "B1", "B2", "K1", "A1", "C1", "A2"]
    a1, c1 = found["A1"], found["C1"]
    assert (a1.named, a1.consistent, a1.inconsistent, a1.revised) == (2, 1, 1, 0)
    assert (c1.named, c1.consistent, c1.inconsistent, c1.revised) == (2, 2, 0, 1)
    assert (found["B2"].revised, found["A2"].revised, found["A2"].current) == (1, 1, False)


def test_meeting_figures_are_as_each_meeting_ended(review: Project) -> None:
    m1, m2 = build_report(review, TODAY).meetings
    # CR-1 was deferred when M-1 ended; M-2 accepted it: M-1's figures keep the deferral.
    assert (m1.listed, m1.raised, m1.carried_in, m1.carried_on) == (3, 3, 0, 2)
    assert m1.decisions == {"open": 1, "accepted": 1, "rejected": 0, "deferred": 1,
                            "alternative": 0}
    assert m1.verdicts["pending"] == 1 and m1.verdicts["consistent"] == 2
    assert (m2.listed, m2.raised, m2.carried_in, m2.carried_on) == (7, 5, 2, 2)
    assert m2.decisions == {"open": 1, "accepted": 3, "rejected": 1, "deferred": 1,
                            "alternative": 1}
    assert m2.verdicts == {"pending": 1, "consistent": 3, "inconsistent": 2, "unclear": 1}


def test_revisions_open_items_and_past_due(review: Project) -> None:
    report = build_report(review, TODAY)
    v2 = report.revisions[1]
    assert (v2.version, v2.request, v2.meeting) == (2, "CR-5", "M-2")
    assert (v2.added, v2.reworded, v2.removed) == (("B2",), ("C1",), ("A2",))
    assert v2.request_text.startswith("The course is too long.")
    assert [(i.id, i.decision, i.carried) for i in report.open_items] == [
        ("CR-2", "deferred", 1), ("CR-8", "open", 0)]
    assert report.by_age == [(0, 1), (1, 1)]
    assert [(p.id, p.due, p.days_late) for p in report.past_due] == [
        ("CR-3", "2026-11-10", 20), ("CR-4", "2026-11-17", 13), ("CR-1", "2026-11-24", 6),
        ("CR-5", "2026-11-24", 6)]
    assert build_report(review, dt.date(2026, 11, 10)).past_due == ()  # due today: not late


def test_the_report_is_deterministic_for_a_given_day(review: Project) -> None:
    assert render_json(build_report(review, TODAY)) == render_json(build_report(review, TODAY))
    assert build_report(review, dt.date(2027, 1, 1)).past_due[0].days_late == 52


def test_json_keys_are_the_documented_ones(review: Project) -> None:
    data = json.loads(render_json(build_report(review, TODAY)))
    assert list(data) == ["project", "slug", "today", "criteria_version", "request_count",
                          "criteria", "meetings", "revisions", "open_items", "past_due",
                          "format", "by_age"]
    assert list(data["meetings"][0]) == ["id", "title", "date", "live", "listed", "raised",
                                         "carried_in", "verdicts", "decisions", "carried_on"]


# ----------------------------------------------------------------------------- golden files


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_golden_report_markdown_and_html(review: Project, lang: str) -> None:
    report = build_report(review, TODAY)
    assert_golden(f"report-{lang}.md", render_markdown(report, lang))
    assert_golden(f"report-{lang}.html", render_report_html(report, lang))


def test_golden_report_json(review: Project) -> None:
    """JSON is the same in every language: values are stored values and the users' text."""
    assert_golden("report.json", render_json(build_report(review, TODAY)))


# ----------------------------------------------------------------------------- safety


def svgs(page: str) -> list[ET.Element]:
    """Every inline chart of the page, parsed as XML (a malformed one raises)."""
    found = re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)
    return [ET.fromstring(svg) for svg in found]


def check_page(page: str) -> None:
    """Only the page's own tags; no script, handler, link, foreignObject or outside reference;
    every chart well-formed XML in the SVG namespace."""
    lowered = page.lower()
    assert "<script" not in lowered and "<foreignobject" not in lowered
    collector = TagCollector()
    collector.feed(page)
    assert {tag for tag, _ in collector.tags} <= PAGE_TAGS
    attributes = [(name, value or "") for _, attrs in collector.tags for name, value in attrs]
    names = [name for name, _ in attributes]
    assert not [n for n in names if n.startswith("on") or "href" in n or n in ("src", "srcset")]
    assert not [(n, v) for n, v in attributes  # no reference out of the page
                if ("://" in v or "url(" in v) and (n, v) != ("xmlns", SVG_XMLNS)]
    for chart in svgs(page):
        assert chart.tag == f"{SVG_NS}svg"
        for element in chart.iter():
            assert element.tag.removeprefix(SVG_NS) in SVG_TAGS
            assert not [a for a in element.attrib if a.startswith("on") or "href" in a]


def test_the_html_page_is_self_contained_with_well_formed_charts(review: Project) -> None:
    page = render_report_html(build_report(review, TODAY), "en")
    check_page(page)
    charts = svgs(page)
    assert [c.get("id") for c in charts] == ["chart-criteria", "chart-meetings", "chart-age"]
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def hostile_project(home: Path, texts: list[str]) -> Project:
    """A meeting whose requests, and a revision's reason, hold hostile text."""
    p = Project.open(make_project(home, "hostile", brief=BRIEF))
    p.start_meeting("Review")
    for text in texts:
        p.add_request("x" + text, owner=text, due="2026-11-01", criteria="C1",
                      intent="i", verdict="consistent", decision="accepted")
    c1 = Criterion("C1", "C1 " + texts[0])
    p.revise_criteria(p.criteria.with_section(Section.CONCEPT, (c1,)), "Why: " + texts[-1],
                      request="CR-1")
    return p


@pytest.mark.parametrize("text", [t for t in CORPUS if t not in HUGE])
def test_hostile_text_in_requests_and_reasons_shows_escaped(tmp_path: Path, text: str) -> None:
    with hostile_project(tmp_path, [text]) as p:
        report = build_report(p, TODAY)
    page = render_report_html(report, "en")
    check_page(page)
    markdown = render_markdown(report, "en")
    assert raw_characters(page) == [] and raw_characters(markdown) == []
    for line in markdown.splitlines():  # one table row per line: no cell breaks out
        assert not line.startswith("|") or line.endswith("|")
    if "<" in text:
        assert "&lt;" in page


def test_script_in_a_reason_and_a_request_never_becomes_a_tag(tmp_path: Path) -> None:
    attack = '<script>alert(1)</script><svg onload="x"><foreignObject>'
    with hostile_project(tmp_path, [attack, "]]></text><script>y</script>"]) as p:
        report = build_report(p, TODAY)
    page = render_report_html(report, "pl")
    check_page(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\\<script>alert(1)\\</script>" in render_markdown(report, "en")


def test_many_meetings_keep_their_columns_and_drop_overlapping_labels() -> None:
    bars = [Bar(f"M-{n}", (Segment(n % 7, "accepted"), Segment(1, "open")), f"M-{n}")
            for n in range(1, 41)]
    chart = ET.fromstring(columns("chart", "Decisions", bars, [("open", "open")]))
    groups = chart.findall(f"{SVG_NS}g")
    assert len(groups) == 40
    labels = [g for g in groups if any((t.text or "").startswith("M-")
                                       for t in g.findall(f"{SVG_NS}text"))]
    assert 1 < len(labels) < 40 and "M-1" in ET.tostring(labels[0], encoding="unicode")


def test_comments_waiting_on_the_agenda_are_open_items_of_no_meeting(tmp_path: Path) -> None:
    from tests.domain.test_importing import plan, write_csv

    folder = make_project(tmp_path / "home", meeting="Review 1")
    with Project.open(folder) as p:
        p.end_meeting()
        p.import_comments(plan(write_csv(tmp_path / "c.csv", [["Comment"], ["Shorter intro"]]),
                               p))
        report = build_report(p, TODAY)
    assert [(i.id, i.raised_in, i.carried) for i in report.open_items] == [("CR-1", None, 0)]
    assert "| CR-1 | Shorter intro | open | agenda | 0 | — |" in render_markdown(report, "en")
    assert json.loads(render_json(report))["open_items"][0]["raised_in"] is None
