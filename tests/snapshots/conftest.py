"""The snapshot tests' shared fixture: the meeting app on a sample, in each language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.snapshots.test_snapshots import CASES, meeting_app


@pytest.fixture(params=["en", "pl"])
def app(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The meeting app on a sample's second meeting under way, in each language (its fixed
    clock is also the report's today)."""
    sample, title, start = CASES[request.param]
    app = meeting_app(tmp_path, sample, title, start)
    yield app
    app.project.close()
