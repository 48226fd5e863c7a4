"""English and Polish catalogs: every label, message and minutes heading lives in store/locales/.

Each language is one folder (``locales/en``, ``locales/pl``) whose JSON files are merged into one
catalog; the files split it by area (rules, brief, cli, tui, minutes) so it stays easy to review.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import orjson

LANGUAGES = ("en", "pl")
DEFAULT_LANGUAGE = "en"
# Beside this module, as Textual finds the app's .tcss files: the package is installed as files
# (pyproject's package-data), and importlib.resources (its readers, zipfile …) cost the start-up
# ~8 ms before the first catalog was read.
LOCALES = Path(__file__).parent / "locales"


def normalise_language(lang: str | None) -> str:
    """Map a front-matter or ``--lang`` value to a supported language, English when unknown."""
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalog(lang: str) -> dict[str, str]:
    """Load one language's catalog once; the JSON files are the single source of UI text.

    Read with orjson (loaded for the store already): the first screen's first label waited for
    the stdlib's pure-Python decoding of the catalog, 0.8 ms of every start."""
    data: dict[str, str] = {}
    folder = LOCALES / lang
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            data.update(orjson.loads((folder / name).read_bytes()))
    return data


def t(lang: str, key: str, **params: Any) -> str:
    """Translate ``key`` into ``lang``, falling back to English for a key not yet translated.

    Raises:
        KeyError: when no catalog knows the key (a programming error, caught by the catalog test).
    """
    lang = normalise_language(lang)
    template = catalog(lang).get(key)
    if template is None:
        template = catalog(DEFAULT_LANGUAGE)[key]
    return template.format(**params) if params else template


@cache
def phrases(lang: str) -> tuple[str, ...]:
    """Rule 6's loaded or blaming phrases for ``lang``: one per line in locales/<lang>/tone.txt.

    Lines starting with ``#`` are comments, so the lists stay easy to extend by hand.
    """
    lang = normalise_language(lang)
    text = (LOCALES / lang / "tone.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line.casefold() for line in lines if line and not line.startswith("#"))
