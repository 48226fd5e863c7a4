"""The domain never pulls in the UI: importing store must not import textual, rich or tui."""

from __future__ import annotations

import subprocess
import sys


def test_store_never_imports_textual() -> None:
    code = (
        "import sys, store, store.project, store.rules, store.brief, store.storage, store.model\n"
        "try:\n    import store.minutes\nexcept ImportError:\n    pass\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui')]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
