"""A meeting's minutes as CommonMark + GFM-table Markdown, and as one self-contained HTML file.

The minutes go to the client, so they must read like a careful facilitator wrote them, and no
text typed in the meeting may change their layout. Every piece of user text passes through
:func:`escape_line` (one line, Markdown punctuation backslash-escaped) or :func:`text_block`
(several such lines joined by hard breaks); table cells and headings use a one-line summary.
The HTML page's body is that Markdown rendered by cmark-gfm in safe mode, exactly as
markdown-it-py renders it with raw HTML off (:func:`markdown_to_html`), inside a page with a small
stylesheet and no script.

Nothing here reads the clock: the same stored meeting always gives byte-identical minutes.

The package follows the document's parts: ``escaping`` (user text as Markdown), ``dates``,
``context`` (what one rendering looks up once), ``document`` (the Markdown, section by
section), ``html`` (the page) and ``export`` (formats, paths, writing, tone warnings).
"""

from reviewroom.store.minutes.document import render_markdown
from reviewroom.store.minutes.escaping import escape_line, first_line, lines_of, text_block
from reviewroom.store.minutes.export import (
    FORMATS,
    Format,
    default_path,
    describe_tone_warning,
    export_minutes,
    output_path,
    render,
    tone_warnings_for,
)
from reviewroom.store.minutes.html import STYLE, markdown_to_html, render_html

__all__ = [
    "FORMATS",
    "STYLE",
    "Format",
    "default_path",
    "describe_tone_warning",
    "escape_line",
    "export_minutes",
    "first_line",
    "lines_of",
    "markdown_to_html",
    "output_path",
    "render",
    "render_html",
    "render_markdown",
    "text_block",
    "tone_warnings_for",
]
