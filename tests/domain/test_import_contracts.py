"""The house's import rules, checked as tests: contracts, installed names, one name per module.

The contracts live in pyproject.toml (``[tool.importlinter]``): the domain imports neither the
app nor Textual, Rich or click; dialogs never import the meeting screen; no import cycles.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_tests_load_every_module_under_its_installed_name_only() -> None:
    """A bare ``store`` or ``tui`` would be a second copy of a module (and of its state)."""
    bare = sorted(name for name in sys.modules if name.split(".")[0] in ("store", "tui"))
    assert bare == []


def test_importing_the_domain_loads_no_ui() -> None:
    code = (
        "import sys, reviewroom.store.project, reviewroom.store.minutes, reviewroom.store.brief\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'click')"
        " or m.startswith('reviewroom.tui')]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd="/")
    assert out.stdout.strip() == ""


@pytest.mark.slow
def test_the_wheel_installs_nothing_but_reviewroom_at_the_top(tmp_path: Path) -> None:
    """``pip install reviewroom`` must not put ``store`` or ``tui`` into site-packages."""
    source = tmp_path / "source"  # setuptools builds in the source tree: build a copy
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("reviewroom", "store", "tui"):
        shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=ignore)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--no-index", "-q", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("reviewroom-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"reviewroom"}
    assert {"reviewroom/store/project.py", "reviewroom/store/minutes/document.py",
            "reviewroom/tui/cli/__init__.py"} <= set(names)
    assert any(name.startswith("reviewroom/store/locales/") for name in names)
    assert any(name.startswith("reviewroom/tui/samples/") for name in names)
