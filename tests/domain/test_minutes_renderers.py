"""The HTML minutes' renderer against the reference: cmark-gfm and markdown-it-py agree.

The HTML minutes are rendered by cmarkgfm (GitHub's cmark-gfm, table extension, safe mode;
``store.minutes.html.markdown_to_html``) because it is an order of magnitude faster than
markdown-it-py. markdown-it-py (CommonMark + tables, raw HTML off) rendered them before and is the
reference here: on every piece of Markdown the app writes, the two give the same bytes, so the
page shows what the Markdown shows on GitHub and GitLab. Checked on the review project and every
bundled sample in English and Polish, on the hostile corpora as request, intent and note text,
and on meetings Hypothesis builds with random text (through the app's own escaping).

On Markdown the app never writes they differ: raw HTML (markdown-it-py shows it as text,
cmark-gfm's safe mode drops it for ``<!-- raw HTML omitted -->``), ``[x](javascript:...)``
(markdown-it-py leaves it text, cmark-gfm makes a link with an empty ``href``), aligned table
columns (``style="text-align:center"`` against ``align="center"``) and Unicode whitespace at the
end of a paragraph (markdown-it-py strips it, cmark-gfm keeps it). The escaping and the layout
keep all four out of the minutes; the tests below would catch one slipping in.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from contextlib import suppress
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reviewroom.store.errors import ReviewError
from reviewroom.store.minutes import markdown_to_html, render_markdown
from reviewroom.store.model import Attendee, Criterion, Section, Side
from reviewroom.store.project import Project
from reviewroom.store.text import is_blank
from tests.domain.test_minutes import BRIEF, HOSTILE, build_review_project, sample_meetings
from tests.hostile import CORPUS
from tests.support import make_project

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tui" / "samples"
LANGS = ("en", "pl")
REFERENCE = MarkdownIt("commonmark", {"html": False}).enable("table")


def reference_html(markdown: str) -> str:
    """The minutes' HTML body as markdown-it-py renders it (the renderer before cmark-gfm)."""
    return REFERENCE.render(markdown)


def assert_renderers_agree(markdown: str) -> None:
    """cmark-gfm gives byte for byte what markdown-it-py gives."""
    assert markdown_to_html(markdown) == reference_html(markdown), markdown


def meeting_markdown(project: Project, meeting: str = "latest") -> dict[str, str]:
    """The minutes of ``meeting`` in each language."""
    found = project.meeting(meeting)
    return {lang: render_markdown(project, found, lang) for lang in LANGS}


# ----------------------------------------------------------------------------- the app's minutes


def test_the_review_project_renders_the_same_in_english_and_polish(tmp_path: Path) -> None:
    with build_review_project(tmp_path / "home") as project:
        for meeting in ("M-1", "M-2"):
            for markdown in meeting_markdown(project, meeting).values():
                assert_renderers_agree(markdown)


@pytest.mark.parametrize(("folder", "meeting"), sample_meetings(),
                         ids=lambda v: v.name if isinstance(v, Path) else v)
def test_every_sample_meeting_renders_the_same(folder: Path, meeting: str) -> None:
    with Project.open(folder, readonly=True) as project:
        for markdown in meeting_markdown(project, meeting).values():
            assert_renderers_agree(markdown)


def hostile_strings() -> list[str]:
    """tests/hostile.py's corpus (terminal markup, controls, bidi, huge) and the Markdown and
    HTML attacks of test_minutes.py."""
    return [*CORPUS, *HOSTILE]


def build_corpus_meeting(home: Path) -> Project:
    """One live meeting: a request per hostile string, the string in every text field."""
    project = Project.open(make_project(home, "corpus", brief=BRIEF))
    project.start_meeting("Review <script>alert(1)</script> | # [x](javascript:alert(1))",
                          [Attendee("Dana <b>", Side.CLIENT, "HR | *lead*"),
                           Attendee("Marta `x`", Side.VENDOR)])
    for text in hostile_strings():
        project.add_request("x" + text, by=text, intent=text, note=text, verdict="unclear",
                            criteria="A1", decision="rejected", alternative="y" + text,
                            owner=text, due="2026-12-01")
    return project


@pytest.fixture(scope="module")
def corpus_minutes() -> dict[str, str]:
    """The hostile corpus meeting's Markdown minutes, in English and Polish (built once)."""
    with tempfile.TemporaryDirectory() as home, build_corpus_meeting(Path(home)) as project:
        return meeting_markdown(project)


@pytest.mark.parametrize("lang", LANGS)
def test_the_hostile_corpus_renders_the_same(corpus_minutes: dict[str, str], lang: str) -> None:
    assert_renderers_agree(corpus_minutes[lang])


# ----------------------------------------------------------------------------- generated meetings

# Markdown's and HTML's own punctuation, entities, line starts and Unicode spaces, as fragments.
MARKDOWN_BITS = [*"\\`*_[]<>#|~$@&:.!-+=()'\"/;", "www.", "http://", "mailto:", "javascript:",
                 "&amp;", "&#60;", "&#x3C;", "&nbsp", "1. ", "1) ", "- ", "> ", "```", "    ",
                 "\t", "\n", "\r\n", "  \n", "\\\n", "\u00a0", "\u3000", "\u2028", "\x00", "\x85",
                 "\u202e", "\u200b", "ż", "Ł", "🎉"]
fragment = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    st.lists(st.sampled_from([*MARKDOWN_BITS, "a", "Z", "9", " "]), max_size=12).map("".join),
    st.sampled_from([text for text in hostile_strings() if len(text) <= 200]),
)
text = st.lists(fragment, max_size=5).map("".join)
nonblank = text.map(lambda s: "x" + s if is_blank(s) else s)
request_spec = st.fixed_dictionaries({
    "request": nonblank, "by": text, "intent": text, "note": text, "alternative": text,
    "owner": text,
    "verdict": st.sampled_from(["pending", "consistent", "inconsistent", "unclear"]),
    "decision": st.sampled_from(["open", "accepted", "rejected", "deferred", "alternative"]),
    "criteria": st.sampled_from(["", "A1", "B1, C1", "P1, K1, A2"]),
    "due": st.sampled_from(["", "2026-12-01", "2026-11-20"]),
})
meeting_spec = st.fixed_dictionaries({
    "title": nonblank,
    "attendees": st.lists(st.tuples(nonblank, st.sampled_from(list(Side)), text), max_size=3),
    "facilitator": text,
    "requests": st.lists(request_spec, min_size=1, max_size=4),
    "revision": st.none() | st.tuples(nonblank, nonblank),
    "second_meeting": st.booleans(),
})


def add_request(project: Project, spec: dict[str, str]) -> None:
    """Capture the request with as many of its fields as the rules accept (one by one)."""
    rid = project.add_request(spec["request"], by=spec["by"], intent=spec["intent"]).id
    for field in ("criteria", "verdict", "note", "decision", "alternative", "owner", "due"):
        if spec[field]:
            with suppress(ReviewError):  # refused by a rule: the request stays as it was
                project.update_request(rid, **{field: spec[field]})


def build_generated_meeting(home: Path, spec: dict[str, Any]) -> Project:
    """The meeting ``spec`` describes, through :class:`Project` like the app builds it."""
    project = Project.open(make_project(home, "generated", brief=BRIEF))
    people = [Attendee(name, side, role) for name, side, role in spec["attendees"]]
    project.start_meeting(spec["title"], people, facilitator=spec["facilitator"])
    for request in spec["requests"]:
        add_request(project, request)
    if spec["revision"]:
        reason, wording = spec["revision"]
        criteria = project.criteria.with_section(Section.CONCEPT, (Criterion("C1", wording),))
        with suppress(ReviewError):  # the same wording as before: no revision
            project.revise_criteria(criteria, reason, request="CR-1")
    if spec["second_meeting"]:
        project.end_meeting()
        project.start_meeting("Follow-up " + spec["title"], people)
        add_request(project, spec["requests"][0])
    return project


# 20 meetings per run (each a durable project and two renderings, markdown-it's slow): the
# suite's time is shared; 3,000 were run once for issue 13 without a difference.
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=meeting_spec)
def test_generated_meetings_render_the_same(spec: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as home, \
            build_generated_meeting(Path(home), spec) as project:
        minutes = [markdown for meeting in project.meetings()
                   for markdown in meeting_markdown(project, meeting.id).values()]
    for markdown in minutes:
        assert_renderers_agree(markdown)


# ----------------------------------------------------------------------------- safe mode


MINUTES_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "strong", "table", "thead", "tbody", "tr", "th",
                "td", "br"}


class Markup(HTMLParser):
    """Every start tag, its attributes and every comment of an HTML fragment."""

    def __init__(self, fragment: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.comments: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def assert_inert(body: str) -> None:
    """No script or frame, no event handler, no ``javascript:`` URL anywhere in the markup."""
    lowered = body.lower()
    assert "<script" not in lowered and "<iframe" not in lowered
    markup = Markup(body)
    assert not {"script", "iframe", "svg", "object", "embed"} & set(markup.tags)
    assert not [name for name, _ in markup.attributes if name.startswith("on")]
    assert not [value for _, value in markup.attributes if "javascript:" in value.lower()]


@pytest.mark.parametrize("lang", LANGS)
def test_the_hostile_corpus_is_shown_as_text_not_markup(
    corpus_minutes: dict[str, str], lang: str
) -> None:
    body = markdown_to_html(corpus_minutes[lang])
    assert_inert(body)
    assert set(Markup(body).tags) <= MINUTES_TAGS  # no link, no image: not even an empty one
    assert Markup(body).comments == []  # nothing swallowed as "raw HTML omitted": all shows
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


RAW_ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "a <img src=x onerror=alert(1)> b",
    "<svg onload=alert(1)>",
    "<div onclick=\"alert(1)\">click</div>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "![i](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
]


@pytest.mark.parametrize("markdown", list(dict.fromkeys(RAW_ATTACKS + hostile_strings())),
                         ids=lambda markdown: markdown[:30])
def test_safe_mode_drops_raw_html_and_script_urls(markdown: str) -> None:
    # Straight to the renderer, past the escaping: cmark-gfm's safe mode alone holds the line.
    assert_inert(markdown_to_html(markdown))


def test_the_markdown_export_does_not_load_the_html_renderer(tmp_path: Path) -> None:
    sample = SAMPLES / "northwind-onboarding"
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from reviewroom.store.minutes import export_minutes, render_html\n"
        "from reviewroom.store.project import Project\n"
        f"with Project.open(Path({str(sample)!r}), readonly=True) as p:\n"
        f"    export_minutes(p, p.meeting('latest'), 'md', Path({str(tmp_path / 'm.md')!r}))\n"
        "    print('cmarkgfm' in sys.modules)\n"
        "    render_html(p, p.meeting('latest'))\n"
        "    print('cmarkgfm' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "True"]
