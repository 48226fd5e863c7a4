"""The language a screen speaks: the app's UI language, read in one typed place."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.dom import DOMNode


@runtime_checkable
class Speaks(Protocol):
    """An app with a UI language (ReviewApp, and the bare hosts the tests show dialogs in)."""

    lang: str


def ui_language(node: DOMNode, fallback: str) -> str:
    """The UI language of ``node``'s app, else ``fallback`` (the project's, or English)."""
    app = node.app
    return app.lang if isinstance(app, Speaks) and app.lang else fallback
