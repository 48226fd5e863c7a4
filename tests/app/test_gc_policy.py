"""The app's garbage-collection policy (tui/gc_policy.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewroom.tui.gc_policy import THRESHOLDS, relax
from tests.support import make_app


@pytest.fixture
def default_thresholds() -> Iterator[None]:
    """Start from CPython's defaults and put back what the session had."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_relax_collects_less_often_but_still_collects(default_thresholds: None) -> None:
    relax()
    assert gc.get_threshold() == THRESHOLDS
    assert gc.isenabled() and THRESHOLDS[0] > 700


async def test_the_app_takes_the_policy_as_it_loads(default_thresholds: None, folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(100, 30)):
        assert gc.get_threshold() == THRESHOLDS
    app.project.close()
