"""A corpus of hostile and unusual text, as clients say it and as attackers would type it.

Every string goes into every text field in tests/app/test_hostile_tui.py (every screen and
dialog) and tests/cli/test_hostile_cli.py (every CLI listing, under a real terminal). What must
hold: nothing is parsed as markup, nothing raw reaches the terminal, and the visible part shows.
"""

from __future__ import annotations

import re

from reviewroom.store.text import clean_line, is_blank

# Rich and Textual markup: tags, closers, actions and links. Square brackets are ordinary client
# wording ("[TBD]", "[brand]", "[/about]").
MARKUP = [
    "Move the page [/about] to the menu",
    "Replace [red] with [blue] in the logo",
    "Dana [client]",
    "[TBD]",
    "[brand] colours on every slide",
    "[/]",
    "[/b]",
    "[b]bold[/b] and [i]italic[/i]",
    "[bold red on white]loud[/]",
    "[@click=app.screenshot('victim.txt','/tmp')]Overwrite[/]",
    "[@click=app.quit]x[/]",
    "[@click=screen.new_request]new[/]",
    "[@click=app.bell]ring[/]",
    "[link=https://evil.example]click here[/link]",
    "[link='javascript:alert(1)']js[/link]",
    "[$accent]variable[/]",
    "[on $error]bg[/]",
    "\\[escaped] \\\\[double]",
    "[[double brackets]]",
    "[",
    "]",
    "[/ unclosed",
    "[b",
    "text with ] stray",
]
# Every C0 control, DEL and every C1 control, eight to a string.
C0 = ["c0 " + " ".join(chr(code) for code in range(start, start + 8)) for start in range(0, 32, 8)]
C1 = ["c1 " + " ".join(chr(code) for code in range(start, start + 8))
      for start in range(0x80, 0xA0, 8)]
# Escape sequences a terminal acts on: the window title, the clipboard, links, clearing.
SEQUENCES = [
    "\x1b]0;pwned title\x07 after OSC 0",
    "\x1b]2;pwned title\x1b\\ after OSC 2 with ST",
    "\x1b]52;c;cHduZWQ=\x07 OSC 52 writes the clipboard",
    "\x1b]8;;https://evil.example\x1b\\link text\x1b]8;;\x1b\\ OSC 8",
    "\x1b[2J\x1b[H cleared the screen",
    "\x1b[31mred\x1b[0m SGR",
    "\x1b[?1049l left the alternate screen",
    "\x1bP1$r\x1b\\ DCS",
    "\x9b2J C1 CSI clears",
    "\x9d0;c1 title\x9c C1 OSC",
    "open OSC without end \x1b]0;",
    "backspace\x08\x08\x08 over",
    "bell \x07\x07",
    "\x7f delete",
    "a\rb carriage return",
]
# Direction and invisibility: bidi overrides and isolates, zero-width characters, combining marks.
UNICODE = [
    "safe \u202etxt.exe",
    "\u202dLTR override\u202c",
    "\u2066isolate\u2069 \u2067rtl\u2069 \u2068first\u2069",
    "\u200emark\u200f \u061carabic mark",
    "zero\u200bwidth\u200cnon\u200djoiner",
    "\ufeffBOM at the start",
    "word\u2060joiner",
    "soft\u00adhyphen",
    "e\u0301 combining acute, a\u0328 ogonek",
    "Z\u0335\u0327\u031b\u0316\u0317algo",
    "\u0301 leading combining mark",
    "\u3164 hangul filler",
    "Zażółć gęślą jaźń, ŻÓŁW",
    "Emoji 🎉👩\u200d💻👍🏽🏳️\u200d🌈",
    "CJK 会議の議事録 wide",
    "line one\nline two\nline three",
    "crlf one\r\ncrlf two",
    "tab\there\tand\tthere",
    "\u2028line separator\u2029paragraph",
    "\x85next line",
]
HUGE = ["x" * 100_000, ("Zażółć [b]gęślą[/b] \x1b[2J jaźń \u202e " * 4_000)[:100_000]]
# Strings that hold nothing visible: refused where text is required.
BLANK = ["\u200b", "\u202e", "\ufeff\u200b\u2060", " \u3164 "]

CORPUS: list[str] = MARKUP + C0 + C1 + SEQUENCES + UNICODE + HUGE + BLANK

# What may never reach a terminal raw: C0 but newline, DEL, C1, bidi controls, zero-width and
# other format characters, surrogates. (A zero-width joiner inside an emoji is allowed.)
RAW = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e"
    "\u2028\u2029\u2060-\u2064\u2066-\u206f\ufeff\ud800-\udfff]"
)
C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")  # C1 controls as UTF-8


def required(text: str) -> str:
    """``text`` made acceptable where a value is required (a request, a title, a name)."""
    return "x" + text if is_blank(text) else text


def raw_characters(text: str) -> list[str]:
    """The characters of ``text`` a terminal must never receive raw."""
    found = RAW.findall(text)
    found += [m.group(0) for m in re.finditer("\u200d", text)
              if not _between_pictographs(text, m.start())]
    return found


def _between_pictographs(text: str, at: int) -> bool:
    """A joiner inside an emoji sequence (👩‍💻) is part of the glyph."""
    import unicodedata

    def pictograph(char: str) -> bool:
        return unicodedata.category(char) == "So" or char in "\ufe0f" or (
            "\U0001f3fb" <= char <= "\U0001f3ff")

    return 0 < at < len(text) - 1 and pictograph(text[at - 1]) and pictograph(text[at + 1])


def windows(text: str, size: int = 8) -> list[str]:
    """Fragments of ``text`` as it shows on one line: what a screen must contain one of.

    The sanitised one-line form, split at the spaces that a widget may wrap at, and cut into
    pieces of at most ``size`` characters, from the start and from the end (an input scrolled
    to its cursor shows the end). Only the first and last 40 are returned, for speed.
    """
    shown = clean_line(text)
    words = [w for w in shown.split(" ") if w]
    pieces = [w[i:i + size] for w in words for i in range(0, len(w), size)]
    return pieces[:40] + pieces[-40:]
