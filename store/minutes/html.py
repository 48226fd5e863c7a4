"""The minutes as one self-contained HTML page: the Markdown rendered, with no script."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from reviewroom.store.i18n import normalise_language, t
from reviewroom.store.minutes.document import render_markdown
from reviewroom.store.minutes.escaping import one_line
from reviewroom.store.model import (
    Meeting,
)

if TYPE_CHECKING:
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

# The dialect the minutes are written in: CommonMark plus GFM tables. GitHub's other extensions
# (autolinks, strikethrough, task lists, the tag filter) stay off: the escaping keeps their
# syntax out of the Markdown anyway, and the page must not depend on it.
_EXTENSIONS = ("table",)


def markdown_to_html(markdown: str) -> str:
    """The HTML body: the minutes' Markdown rendered by cmark-gfm (cmarkgfm), in safe mode.

    CommonMark plus GFM tables, rendered by GitHub's own cmark-gfm, as GitHub shows the ``.md``;
    an order of magnitude faster than markdown-it-py on a 1,000-request meeting, and identical
    to it on the app's Markdown (tests/domain/test_minutes_renderers.py). Only the table
    extension is attached, and the options are cmark's defaults: safe mode, in which raw HTML
    becomes a comment and ``javascript:`` links lose their URL. ``CMARK_OPT_UNSAFE`` must never
    be added. With every piece of user text escaped, no input reaches either of those anyway.

    cmarkgfm (2025.10.22) never frees cmark's syntax tree or the output buffer, so each call
    keeps some 20 times the Markdown's size in memory (17 MB for a 1,000-request meeting):
    harmless in ``reviewroom export``, which renders once and exits (the app itself exports
    Markdown only), but a long-running caller rendering over and over would grow.
    """
    from cmarkgfm.cmark import Options, markdown_to_html_with_extensions  # only for HTML

    html_body: str = markdown_to_html_with_extensions(
        markdown, options=Options.CMARK_OPT_DEFAULT, extensions=_EXTENSIONS)
    return html_body


def render_html(project: Project, meeting: Meeting, lang: str | None = None) -> str:
    """The minutes as one self-contained HTML page: no script, no external resource.

    The body is :func:`render_markdown`'s output rendered by cmark-gfm in safe mode (see
    :func:`markdown_to_html`), so the page shows exactly what the Markdown shows.
    """
    lang = normalise_language(lang or project.lang)
    body = markdown_to_html(render_markdown(project, meeting, lang))
    title = t(lang, "minutes.html_title", meeting=one_line(meeting.title, None),
              project=one_line(project.criteria.title or project.slug, None))
    return page(lang, title, STYLE, body)


def page(lang: str, title: str, style: str, main: str) -> str:
    """One self-contained HTML page (the minutes, the report): the CSP, ``style`` inline and
    ``main`` (HTML, ending with a line break) as the page's content; ``title`` is escaped."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="reviewroom">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{style}</style>\n"
        "</head>\n"
        "<body>\n"
        f"<main>\n{main}</main>\n"
        "</body>\n"
        "</html>\n"
    )
