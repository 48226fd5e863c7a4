"""Inline SVG bar charts for the HTML report, built by code.

Every piece of text (labels, legends, tooltips) is escaped with :func:`html.escape`, which
yields XML-safe text and attribute values; the charts hold only ``svg``, ``title``, ``g``,
``rect``, ``line`` and ``text`` elements: no script, no ``foreignObject``, no link or other
reference out of the page, so the page's CSP (``default-src 'none'``) holds. Colours are
attributes, not CSS, so a chart reads the same wherever the page is opened.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

# The verdict and decision palette of the minutes' glyphs: agreed green, refused red, waiting
# orange, alternative blue, not yet grey (ColorBrewer-like, legible in greyscale print too).
COLOURS = {
    "consistent": "#2e7d32", "accepted": "#2e7d32",
    "inconsistent": "#c62828", "rejected": "#c62828",
    "unclear": "#ef6c00", "deferred": "#ef6c00",
    "alternative": "#1565c0",
    "pending": "#9e9e9e", "open": "#9e9e9e", "other": "#9e9e9e",
    "bar": "#455a64",
}
FONT = 'font-family="system-ui,sans-serif" font-size="12" fill="#1b1b1b"'


def esc(text: object) -> str:
    """Text or an attribute value, escaped for XML (quotes too)."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Segment:
    """One part of a bar: its value, its colour key, and the tooltip of the whole bar."""

    value: int
    kind: str


@dataclass(frozen=True)
class Bar:
    """One labelled bar made of segments; ``note`` is written after it (horizontal charts)."""

    label: str
    segments: tuple[Segment, ...]
    tooltip: str
    note: str = ""

    @property
    def total(self) -> int:
        """The bar's length in units."""
        return sum(s.value for s in self.segments)


def _open(chart_id: str, width: int, height: int, caption: str) -> list[str]:
    """The ``svg`` element with its accessible title."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{esc(chart_id)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{esc(chart_id)}-title">',
        f'<title id="{esc(chart_id)}-title">{esc(caption)}</title>',
    ]


def legend(items: Sequence[tuple[str, str]], y: int, x: int = 4) -> list[str]:
    """A row of coloured squares with their names: (colour key, name)."""
    parts = []
    for kind, name in items:
        parts.append(f'<rect x="{x}" y="{y}" width="10" height="10" '
                     f'fill="{COLOURS.get(kind, COLOURS["bar"])}"/>')
        parts.append(f'<text x="{x + 14}" y="{y + 9}" {FONT}>{esc(name)}</text>')
        x += 24 + 7 * len(name)
    return parts


def horizontal_bars(chart_id: str, caption: str, bars: Sequence[Bar],
                    legend_items: Sequence[tuple[str, str]], width: int = 640) -> str:
    """One bar per row, label on the left, segments left to right, the note after the bar."""
    label_w, row_h, top = 56, 22, 24 if legend_items else 4
    scale_w = width - label_w - 150
    longest = max((bar.total for bar in bars), default=0) or 1
    height = top + row_h * len(bars) + 6
    parts = _open(chart_id, width, height, caption)
    parts += legend(legend_items, 4)
    for row, bar in enumerate(bars):
        y = top + row * row_h
        parts.append(f"<g><title>{esc(bar.tooltip)}</title>")
        parts.append(f'<text x="0" y="{y + 15}" {FONT}>{esc(bar.label)}</text>')
        x = float(label_w)
        for segment in bar.segments:
            if segment.value <= 0:
                continue
            w = segment.value * scale_w / longest
            parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="14" '
                         f'fill="{COLOURS.get(segment.kind, COLOURS["bar"])}"/>')
            x += w
        note = f"{bar.total}" + (f"  {bar.note}" if bar.note else "")
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" {FONT}>{esc(note)}</text></g>')
    parts.append("</svg>")
    return "\n".join(parts)


def columns(chart_id: str, caption: str, bars: Sequence[Bar],
            legend_items: Sequence[tuple[str, str]], width: int = 640) -> str:
    """One stacked column per bar, bottom up, its label under it and its total on top."""
    top, plot_h, label_h = 24 if legend_items else 4, 160, 20
    gap = 6
    count = max(len(bars), 1)
    col_w = max(6.0, min(48.0, (width - 8 - gap * count) / count))
    width = max(width, int(8 + (col_w + gap) * count))
    tallest = max((bar.total for bar in bars), default=0) or 1
    base = top + 16 + plot_h
    parts = _open(chart_id, width, base + label_h, caption)
    parts += legend(legend_items, 4)
    parts.append(f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#888"/>')
    widest = max((len(bar.label) for bar in bars), default=1) * 7 + 4
    every = max(1, math.ceil(widest / (col_w + gap)))  # labels that would overlap are skipped
    for index, bar in enumerate(bars):
        x = 4 + index * (col_w + gap)
        y = float(base)
        parts.append(f"<g><title>{esc(bar.tooltip)}</title>")
        for segment in bar.segments:
            if segment.value <= 0:
                continue
            h = segment.value * plot_h / tallest
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{col_w:.1f}" height="{h:.1f}" '
                         f'fill="{COLOURS.get(segment.kind, COLOURS["bar"])}"/>')
        middle = x + col_w / 2
        parts.append(f'<text x="{middle:.1f}" y="{y - 3:.1f}" text-anchor="middle" {FONT}>'
                     f"{bar.total}</text>")
        if index % every == 0:
            parts.append(f'<text x="{middle:.1f}" y="{base + 14}" text-anchor="middle" '
                         f"{FONT}>{esc(bar.label)}</text>")
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)
