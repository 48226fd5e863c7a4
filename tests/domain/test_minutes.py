"""Meeting minutes: contents, golden files in English and Polish, hostile text, HTML safety.

Golden files live in tests/golden/. After an intended change to the minutes, regenerate them and
review the diff:

    REVIEWROOM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/domain/test_minutes.py

Any project folder can get golden minutes with :func:`check_minutes_golden` (the bundled samples
do, below).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reviewroom.store.errors import ReviewError
from reviewroom.store.minutes import (
    describe_tone_warning,
    escape_line,
    export_minutes,
    first_line,
    lines_of,
    render,
    render_html,
    render_markdown,
    tone_warnings_for,
)
from reviewroom.store.model import Attendee, Criterion, Section, Side
from reviewroom.store.project import Project
from reviewroom.store.text import is_blank
from tests.support import A1, brief_text, make_project

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
SAMPLES = Path(__file__).resolve().parents[2] / "tui" / "samples"
UPDATE_GOLDEN = os.environ.get("REVIEWROOM_UPDATE_GOLDEN") == "1"
CET = dt.timezone(dt.timedelta(hours=1))

BRIEF = brief_text().replace(
    A1, A1 + "- A2: Staff feel confident handling 90% of customer questions at the till.\n"
)


class StepClock:
    """A clock that moves one minute per reading and can jump to the next meeting's day."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now

    def jump(self, moment: dt.datetime) -> None:
        """Continue from ``moment``."""
        self.now = moment


def build_review_project(home: Path, slug: str = "acme-onboarding") -> Project:
    """Two closed meetings covering every verdict and decision, a revision, carry-over, stale.

    M-1 leaves CR-1 (deferred) and CR-2 (open) to carry over. M-2 decides both, raises CR-4 to
    CR-8, revises the criteria because of CR-5 (C1 reworded, B2 added, A2 removed), which makes
    CR-4's verdict stale. CR-5's intent holds a loaded word for the tone check.
    """
    clock = StepClock(dt.datetime(2026, 11, 3, 9, 58, tzinfo=CET))
    p = Project.open(make_project(home, slug, brief=BRIEF, clock=clock), clock=clock)
    p.start_meeting(
        "Storyboard review",
        [
            Attendee("Dana Whitfield", Side.CLIENT, "Head of Store Operations"),
            Attendee("Marta Kowalczyk", Side.VENDOR, "Facilitator"),
        ],
        facilitator="Marta Kowalczyk",
    )
    p.add_request("Add a glossary of till terms.", by="Priya Natarajan",
                  intent="New staff mix up 'float' and 'till' in their first week.",
                  criteria="K1", verdict="consistent", decision="deferred",
                  alternative="Wait for the legal wording of the terms.")
    p.add_request("Translate the course into Ukrainian.", by="Dana Whitfield")
    p.add_request("Show the store manager in the intro.", by="Dana Whitfield",
                  intent="New staff should meet their manager's voice early.", criteria="A1",
                  verdict="consistent", decision="accepted", owner="Leo Adeyemi",
                  due="2026-11-10")
    p.end_meeting()

    clock.jump(dt.datetime(2026, 11, 10, 9, 59, tzinfo=CET))
    p.start_meeting(
        "Prototype review",
        [
            Attendee("Dana Whitfield", Side.CLIENT, "Head of Store Operations"),
            Attendee("Priya Natarajan", Side.CLIENT, "L&D manager"),
            Attendee("Tom Berger", Side.CLIENT),
            Attendee("Marta Kowalczyk", Side.VENDOR, "Facilitator"),
            Attendee("Leo Adeyemi", Side.VENDOR, "Visual designer"),
        ],
        facilitator="Marta Kowalczyk",
    )
    p.update_request("CR-1", decision="accepted", alternative="", owner="Priya Natarajan",
                     due="2026-11-24")
    p.update_request("CR-2", intent="Two of five stores hire many Ukrainian speakers.",
                     criteria="P1", verdict="unclear",
                     note="Not known yet how many new staff would need it.",
                     decision="deferred", alternative="Wait for HR's hiring figures.")
    p.add_request("Use a lighter background colour.", by="Priya Natarajan",
                  intent="Dark screens are hard to read on the shop-floor tablet.",
                  criteria="C1", verdict="consistent", decision="accepted",
                  owner="Leo Adeyemi", due="2026-11-17")
    p.add_request("The course is too long.\nManagers cannot spare 7 minutes.", by="Tom Berger",
                  intent="Managers can obviously release staff for five minutes, not seven.",
                  criteria="C1", verdict="inconsistent",
                  note="C1 sets lessons of up to 7 minutes.")
    criteria = p.criteria
    c1 = Criterion("C1", "Eight scenario-based micro-lessons of at most 5 minutes, taken on "
                   "the shop-floor tablet.")
    criteria = criteria.with_section(Section.CONCEPT, (c1,))
    criteria = criteria.with_section(
        Section.BEHAVIOUR,
        (*criteria.behaviour, Criterion("B2", "Staff count the float without help by their "
                                              "third shift.")),
    )
    criteria = criteria.with_section(Section.ATTITUDE, criteria.attitude[:1])
    p.revise_criteria(criteria, "Managers can release new staff for five minutes at a time.",
                      request="CR-5")
    p.update_request("CR-5", verdict="consistent", note="Consistent with the revised C1.",
                     decision="accepted", owner="Marta Kowalczyk", due="2026-11-24")
    p.add_request("Remove the scenario about a disputed change.", by="Tom Berger",
                  intent="It might unsettle new staff in their first week.", criteria="B1",
                  verdict="inconsistent",
                  note="Disputed change is a common source of the till errors in P1.",
                  decision="rejected", alternative="The scenario addresses P1 directly.")
    p.add_request("Add a leaderboard that ranks the stores.", by="Tom Berger",
                  intent="Some friendly competition between stores.", criteria="A1",
                  verdict="inconsistent", note="A ranking works against A1.",
                  decision="alternative",
                  alternative="Each store sees its own progress over time.",
                  owner="Marta Kowalczyk")
    p.add_request("Offer a printable summary card.", by="Priya Natarajan")
    p.end_meeting()
    return p


@pytest.fixture
def review(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The two-meeting review project, still open for writing."""
    proj = build_review_project(tmp_path / "home")
    yield proj
    proj.close()


# ----------------------------------------------------------------------------- golden files


def assert_golden(name: str, text: str) -> None:
    """Compare ``text`` byte for byte with tests/golden/``name`` (or rewrite it when updating)."""
    path = GOLDEN / name
    data = text.encode("utf-8")
    if UPDATE_GOLDEN:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"{path} is missing; create it with REVIEWROOM_UPDATE_GOLDEN=1"
    assert data == path.read_bytes(), f"minutes differ from {path}; see the diff above"


def check_minutes_golden(
    project_path: Path,
    stem: str,
    *,
    meeting: str = "latest",
    lang: str | None = None,
    formats: tuple[str, ...] = ("md",),
) -> None:
    """Golden-test the minutes of one meeting of the project folder ``project_path``.

    The project is opened read-only, so this works on the bundled samples as they ship.
    Writes ``tests/golden/<stem>.<fmt>`` when ``REVIEWROOM_UPDATE_GOLDEN=1``.
    """
    with Project.open(project_path, readonly=True) as opened:
        found = opened.meeting(meeting)
        for fmt in formats:
            assert_golden(f"{stem}.{fmt}", render(opened, found, fmt, lang))  # type: ignore[arg-type]


def test_golden_minutes_english(review: Project) -> None:
    check_minutes_golden(review.path, "review-m2-en", meeting="M-2", formats=("md", "html"))


def test_golden_minutes_polish(review: Project) -> None:
    check_minutes_golden(review.path, "review-m2-pl", meeting="M-2", lang="pl")


def test_golden_minutes_of_an_earlier_meeting(review: Project) -> None:
    check_minutes_golden(review.path, "review-m1-en", meeting="M-1")


def sample_meetings() -> list[tuple[Path, str]]:
    """(sample folder, meeting ID) for every meeting of every bundled sample."""
    found = []
    for folder in sorted(p.parent for p in SAMPLES.glob("*/brief.md")):
        with Project.open(folder, readonly=True) as opened:
            found += [(folder, m.id) for m in opened.meetings()]
    return found


@pytest.mark.parametrize(("folder", "meeting"), sample_meetings(),
                         ids=lambda v: v.name if isinstance(v, Path) else v)
def test_golden_minutes_of_the_samples(folder: Path, meeting: str) -> None:
    """Each sample in its own language (English and Polish samples ship)."""
    check_minutes_golden(folder, f"sample-{folder.name}-{meeting}", meeting=meeting)


# ----------------------------------------------------------------------------- contents


def test_minutes_are_deterministic(review: Project) -> None:
    meeting = review.meeting("M-2")
    assert render_markdown(review, meeting) == render_markdown(review, meeting)
    with Project.open(review.path, readonly=True) as reader:
        assert render_html(reader, reader.meeting("M-2")) == render_html(review, meeting)


def test_header_has_project_meeting_and_date_from_the_data(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-2"))
    assert md.startswith("# Minutes: Prototype review\n")
    assert "- **Project:** Onboarding for new store staff" in md
    assert "- **Date:** 10 November 2026, 10:00–10:15 (UTC+01:00)" in md


def test_attendees_are_grouped_by_side_with_roles(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-2"))
    client = md.index("### Client side (Northwind Retail)")
    vendor = md.index("### Vendor side (Brightpath Learning)")
    assert client < md.index("- Tom Berger\n") < vendor < md.index("- Leo Adeyemi — Visual")
    assert "- Priya Natarajan — L&D manager" in md


def test_revision_lists_reason_trigger_and_changes(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-2"))
    assert "### Revision: criteria version 2" in md
    assert "- **Triggered by:** CR-5 (The course is too long. Managers cannot spare 7 minutes.)"\
        in md
    assert "  - Added B2: Staff count the float" in md
    assert "  - Removed A2: Staff feel confident" in md
    assert "  - Reworded C1\n    - Was: Six scenario" in md
    assert "The criteria were not revised" in render_markdown(review, review.meeting("M-1"))


def test_summary_counts_every_verdict_and_decision(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-2"))
    assert "- **Requests:** 7 (new: 5, carried over: 2)" in md
    assert "- **Verdicts:** consistent: 3, inconsistent: 2, unclear: 1, pending: 1" in md
    assert ("- **Decisions:** accepted: 3, alternative agreed: 1, rejected: 1, deferred: 1, "
            "open: 1") in md


def test_table_has_one_row_per_request_with_markers(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-2"))
    rows = [line for line in md.splitlines() if line.startswith("| CR-")]
    assert [row.split(" ")[1] for row in rows] == [f"CR-{n}" for n in (1, 2, 4, 5, 6, 7, 8)]
    assert "| CR-1 (carried over) | Add a glossary of till terms. |" in md
    assert "| CR-4 | Use a lighter background colour. | Consistent, to re-check |" in md
    assert "| CR-5 | The course is too long. … | Consistent | Accepted |" in md


def test_request_section_quotes_criteria_as_judged_and_marks_stale(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-2"))
    section = md[md.index("### CR-4:"): md.index("### CR-5:")]
    assert "- **Criteria** (as worded in criteria version 1):\n  - C1: Six scenario" in section
    assert "    - Now (version 2): Eight scenario" in section
    assert "**stale: C1 changed since; judge it again**" in section
    assert "- **Owner:** Leo Adeyemi\n- **Due:** 2026-11-17" in section


def test_multi_line_request_keeps_its_lines_as_hard_breaks(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-2"))
    assert "- **Request:** The course is too long.\\\n  Managers cannot spare 7 minutes." in md


def test_carried_over_requests_show_what_this_meeting_decided(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-2"))
    part = md[md.index("## Carried-over requests"): md.index("## Verdicts to re-check")]
    assert "- **CR-1** (raised in M-1): Add a glossary of till terms." in part
    assert "  - Decision: Deferred → Accepted" in part
    assert "  - Verdict: Pending → Unclear" in part


def test_stale_verdicts_are_listed_to_re_check(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-2"))
    part = md[md.index("## Verdicts to re-check"): md.index("## Action items")]
    assert part.count("\n- ") == 1
    assert "- **CR-4** (Use a lighter background colour.): Consistent against criteria " \
           "version 1; changed since: C1." in part


def test_action_items_are_sorted_by_due_date_undated_last(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-2"))
    part = md[md.index("## Action items"):]
    ids = re.findall(r": (CR-\d+) ", part)
    assert ids == ["CR-4", "CR-1", "CR-5", "CR-7"]
    assert "- **No due date** — Marta Kowalczyk: CR-7" in part


def test_earlier_meeting_says_which_requests_changed_after_it(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-1"))
    assert md.count("Changed after this meeting: M-2.") == 2


def test_polish_minutes_translate_every_label(review: Project) -> None:
    md = render_markdown(review, review.meeting("M-2"), lang="pl")
    assert md.startswith("# Protokół: Prototype review\n")
    assert "10 listopada 2026" in md
    for english in ("Attendees", "Summary", "Verdict", "Decision", "Accepted", "Owner", "Due"):
        assert english not in md


def test_empty_meeting_has_no_table(tmp_path: Path) -> None:
    with Project.open(make_project(tmp_path, "empty", brief=BRIEF)) as p:
        meeting = p.start_meeting("Kick-off")
        md = render_markdown(p, meeting)
    assert "No requests were recorded in this meeting." in md
    assert "|" not in md
    assert "No attendees were recorded." in md


def test_tone_warnings_cover_the_meeting_requests(review: Project) -> None:
    warnings = tone_warnings_for(review, review.meeting("M-2"))
    assert [(w.request, w.field, w.phrase) for w in warnings] == [("CR-5", "intent", "obviously")]
    assert describe_tone_warning(warnings[0], "en") == 'warning: CR-5 intent: "obviously"'
    assert describe_tone_warning(warnings[0], "pl") == "ostrzeżenie: CR-5 intencja: „obviously”"


# ----------------------------------------------------------------------------- export


def test_export_writes_minutes_folder_by_default(review: Project) -> None:
    meeting = review.meeting("M-2")
    path = export_minutes(review, meeting, "md")
    assert path == review.path / "minutes" / "M-2.md"
    assert path.read_text("utf-8") == render_markdown(review, meeting)
    html_path = export_minutes(review, meeting, "html")
    assert html_path.name == "M-2.html"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_export_works_read_only_while_the_writer_holds_the_lock(review: Project) -> None:
    with Project.open(review.path, readonly=True) as reader:
        path = export_minutes(reader, reader.meeting("latest"), "md")
    assert path.exists()


def test_export_to_a_folder_or_missing_folder_fails_and_writes_nothing(
    review: Project, tmp_path: Path
) -> None:
    meeting = review.meeting("M-2")
    with pytest.raises(ReviewError, match="is a folder"):
        export_minutes(review, meeting, "md", tmp_path)
    with pytest.raises(ReviewError, match="Cannot write the minutes"):
        export_minutes(review, meeting, "md", tmp_path / "missing" / "m.md")
    assert not (tmp_path / "missing").exists()


# ----------------------------------------------------------------------------- escaping

HOSTILE = [
    "| a | b |",
    "# heading",
    "## CR-99: fake section",
    "```",
    "~~~",
    "    indented code",
    "\tTabbed code",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- comment -->",
    "[x](javascript:alert(1))",
    "![i](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<http://evil.example>",
    "[ref]: javascript:alert(1)",
    "\n\n---\n",
    "\n===\n",
    "***",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "1) item",
    "> quote",
    "a\\",
    "\\|",
    "&lt;b&gt; &#60;",
    "**bold** _em_ `code`",
    "\r\n\r\n",
    "\x00\x01\x1b[31m\x7f\x85\u2028\u2029",
    "Zażółć gęślą jaźń 🎉👩‍💻",
    "x" * 5000,
    "word " * 1000,
]
hostile = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE)),
                   min_size=0, max_size=4).map("".join)
nonblank = hostile.map(lambda s: "x" + s if is_blank(s) else s)
request_fields = st.fixed_dictionaries(
    {"request": nonblank, "by": hostile, "intent": hostile, "note": hostile,
     "alternative": hostile, "owner": hostile, "where": hostile}
)
FORBIDDEN = {"fence", "code_block", "code_inline", "html_block", "html_inline", "link_open",
             "image", "blockquote_open", "hr", "ordered_list_open", "em_open", "s_open"}


def all_tokens(tokens: list[Token]) -> list[Token]:
    """Block tokens and the inline children inside them, flattened."""
    flat: list[Token] = []
    for token in tokens:
        flat.append(token)
        flat += token.children or []
    return flat


def inline_text(token: Token) -> str:
    """What an inline token shows as plain text (hard breaks as newlines)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "text_special"):
            parts.append(child.content)
        elif child.type in ("hardbreak", "softbreak"):
            parts.append("\n")
    return "".join(parts)


def build_hostile_meeting(home: Path, title: str, person: str,
                          requests: list[dict[str, str]]) -> Project:
    """A live meeting whose every free-text field holds generated text."""
    p = Project.open(make_project(home, "hostile", brief=BRIEF))
    p.start_meeting(title, [Attendee(person, Side.CLIENT, person), Attendee("x" + person,
                                                                           Side.VENDOR)],
                    facilitator=person)
    for fields in requests:
        decision = "open" if is_blank(fields["alternative"]) else "rejected"
        p.add_request(fields["request"], verdict="unclear", decision=decision,
                      due="2026-12-01", **{k: v for k, v in fields.items() if k != "request"})
    return p


def check_structure(md: str, requests: list[dict[str, str]]) -> None:
    """The layout survives: one table, one row and one section per request, nothing injected."""
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    flat = all_tokens(tokens)
    assert not {t.type for t in flat} & FORBIDDEN, md
    assert sum(t.type == "table_open" for t in tokens) == 1
    body = tokens[next(i for i, t in enumerate(tokens) if t.type == "tbody_open"):]
    rows: list[list[str]] = []
    cells: list[str] = []
    for token in body:
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(inline_text(token))
        elif token.type == "tr_close":
            rows.append(cells)
        elif token.type == "tbody_close":
            break
    assert len(rows) == len(requests)
    assert all(len(row) == 4 for row in rows)
    assert [row[1] for row in rows] == [first_line(f["request"]) or "—" for f in requests]

    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens)
                if t.type == "heading_open"]
    assert [tag for tag, _ in headings].count("h1") == 1
    assert [tag for tag, _ in headings].count("h2") == 8
    details = [text for tag, text in headings if tag == "h3" and text.startswith("CR-")]
    assert len(details) == len(requests)
    assert sum(tag == "h3" for tag, _ in headings) == 2 + len(requests)
    expected = [f"CR-{n}: {first_line(f['request'])}".rstrip()
                for n, f in enumerate(requests, 1)]
    assert [inline_text(t) for i, t in enumerate(tokens)
            if t.type == "inline" and tokens[i - 1].tag == "h3"][2:] == expected

    intents = [inline_text(t).removeprefix("Intent: ") for t in flat
               if t.type == "inline" and inline_text(t).startswith("Intent: ")]
    assert intents == ["\n".join(lines_of(f["intent"])) or "not recorded" for f in requests]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=nonblank, person=nonblank, requests=st.lists(request_fields, min_size=1, max_size=4))
def test_hostile_text_never_breaks_the_markdown(
    title: str, person: str, requests: list[dict[str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as home:
        p = build_hostile_meeting(Path(home), title, person, requests)
        try:
            md = render_markdown(p, p.meeting("latest"))
        finally:
            p.close()
    check_structure(md, requests)


@pytest.mark.parametrize("text", HOSTILE)
def test_each_hostile_string_stays_literal(tmp_path: Path, text: str) -> None:
    fields = {"request": "x" + text, "by": text, "intent": text, "note": text,
              "alternative": text, "owner": text, "where": text}
    with build_hostile_meeting(tmp_path, "T" + text, "P" + text, [fields]) as p:
        md = render_markdown(p, p.meeting("latest"))
    check_structure(md, [fields])


def test_escape_line_leaves_prose_readable() -> None:
    assert escape_line("Make it 20% bigger, e.g. 1.5x (see B2): 10:30.") == \
        "Make it 20% bigger, e.g. 1.5x (see B2): 10:30."
    assert escape_line("1. a") == "1\\. a"
    assert escape_line("see www.evil.example or http://x") == \
        "see www\\.evil.example or http\\://x"


# ----------------------------------------------------------------------------- HTML


class TagCollector(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p",
                "ul", "li", "strong", "table", "thead", "tbody", "tr", "th", "td", "br"}


def check_html(page: str, lang: str) -> None:
    """Only the minutes' own tags, no link or source attribute, no script anywhere."""
    assert page.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    assert '<meta charset="utf-8">' in page
    assert "<script" not in page.lower()
    collector = TagCollector()
    collector.feed(page)
    assert {tag for tag, _ in collector.tags} <= ALLOWED_TAGS
    attributes = [(name, value) for _, attrs in collector.tags for name, value in attrs]
    assert not [a for a in attributes if a[0] in ("href", "src") or a[0].startswith("on")]
    assert not [a for a in attributes if "javascript:" in (a[1] or "").lower()]


def test_html_is_a_self_contained_page(review: Project) -> None:
    page = render_html(review, review.meeting("M-2"))
    check_html(page, "en")
    assert "<title>Minutes: Prototype review — Onboarding for new store staff</title>" in page
    assert "<style>" in page and "@media print" in page
    assert "http://" not in page and "https://" not in page
    assert page.count("<table>") == 1
    check_html(render_html(review, review.meeting("M-2"), lang="pl"), "pl")


@pytest.mark.parametrize("text", [h for h in HOSTILE if "<" in h or "javascript" in h])
def test_user_html_is_shown_as_text(tmp_path: Path, text: str) -> None:
    fields = {"request": text, "by": text, "intent": text, "note": text, "alternative": text,
              "owner": text}
    with build_hostile_meeting(tmp_path, text, text, [fields]) as p:
        page = render_html(p, p.meeting("latest"))
    check_html(page, "en")
    if "<script>" in text:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests=st.lists(request_fields, min_size=1, max_size=3))
def test_hostile_text_never_injects_html(requests: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as home:
        p = build_hostile_meeting(Path(home), "Review", "Dana", requests)
        try:
            page = render_html(p, p.meeting("latest"))
        finally:
            p.close()
    check_html(page, "en")


def test_html_title_is_escaped(tmp_path: Path) -> None:
    with Project.open(make_project(tmp_path, "t", brief=BRIEF)) as p:
        meeting = p.start_meeting("</title><script>x</script>")
        page = render_html(p, meeting)
    assert "<title>Minutes: &lt;/title&gt;&lt;script&gt;x&lt;/script&gt; — " in page
    check_html(page, "en")


def test_unknown_format_is_refused(review: Project) -> None:
    with pytest.raises(ValueError):
        render(review, review.meeting("M-2"), "pdf")  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["verdict", "decision"])
def test_a_list_where_a_history_value_should_be_a_word_is_shown_not_a_crash(
    tmp_path: Path, field: str
) -> None:
    """A hand-edited store may hold a list as a verdict's history value (the schema accepts lists
    there, for criteria): the minutes show it instead of failing with a TypeError."""
    import orjson

    folder = make_project(tmp_path, meeting="Review 1", requests=[
        {"request": "Bigger logo", "intent": "Recognition", "criteria": "A1"}])
    with Project.open(folder) as project:
        req = project.request("CR-1")
        project.end_meeting()
        project.start_meeting("Review 2")  # carried over: its changes here are listed
        project.update_request(req.id, **{field: "unclear" if field == "verdict" else "deferred"})
    store = folder / "reviewroom.json"
    data = orjson.loads(store.read_bytes())
    data["requests"]["1"]["history"][0]["new"] = ["", "odd"]
    store.write_bytes(orjson.dumps(data))
    with Project.open(folder, readonly=True) as again:
        minutes = render_markdown(again, again.meeting("latest"))
    assert "Bigger logo" in minutes and "odd" in minutes
