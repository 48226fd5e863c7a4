"""The minutes as one self-contained HTML page: the Markdown rendered, with no script."""

from __future__ import annotations

import html
from functools import cache
from typing import TYPE_CHECKING

from reviewroom.store.i18n import normalise_language, t
from reviewroom.store.minutes.document import render_markdown
from reviewroom.store.minutes.escaping import one_line
from reviewroom.store.model import (
    Meeting,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from reviewroom.store.project import Project


STYLE = """\
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;\
color:#1b1b1b;background:#fff;max-width:54rem;margin:2rem auto;padding:0 1.25rem}
h1{font-size:1.6rem;border-bottom:2px solid #333;padding-bottom:.3rem}
h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #bbb;padding-bottom:.2rem}
h3{font-size:1.05rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f1f1}
p,li,td,th,h1,h2,h3{overflow-wrap:break-word}
td:first-child{white-space:nowrap}
ul{padding-left:1.4rem}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2,h3{break-after:avoid}\
tr,li{break-inside:avoid}th{background:#eee}}
"""

# Defence in depth: even if markup slipped through, the page may load and run nothing.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

def markdown_to_html(markdown: str) -> str:
    """The HTML body: the minutes' Markdown rendered by markdown-it-py, raw HTML off.

    CommonMark plus GFM tables, as GitHub and GitLab show the ``.md``; with ``html`` off and
    every piece of user text escaped, no input can inject markup, and markdown-it's link
    validation refuses ``javascript:`` even if a link ever appeared.
    """
    html_body: str = _html_renderer().render(markdown)
    return html_body


@cache
def _html_renderer() -> MarkdownIt:
    """Built once, and only when HTML is asked for (the Markdown export never loads it)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render_html(project: Project, meeting: Meeting, lang: str | None = None) -> str:
    """The minutes as one self-contained HTML page: no script, no external resource.

    The body is :func:`render_markdown`'s output rendered as markdown-it-py with raw HTML off
    renders it (see :func:`markdown_to_html`), so the page shows exactly what the Markdown shows.
    """
    lang = normalise_language(lang or project.lang)
    body = markdown_to_html(render_markdown(project, meeting, lang))
    title = t(lang, "minutes.html_title", meeting=one_line(meeting.title, None),
              project=one_line(project.criteria.title or project.slug, None))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="reviewroom">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{STYLE}</style>\n"
        "</head>\n"
        "<body>\n"
        f"<main>\n{body}</main>\n"
        "</body>\n"
        "</html>\n"
    )
