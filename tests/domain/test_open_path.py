"""What opening a project does made cheaper, and still the same: the brief's digest without
hashlib, a blank store told from a store of bytes that only look blank, the collector paused
while a store loads and running again after."""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path

import pytest

from reviewroom.store.errors import DamagedFileError
from reviewroom.store.files import digest, file_digest
from reviewroom.store.project import Project
from reviewroom.store.repository import collector_paused
from reviewroom.store.storage import parse_bytes

STORE = Path("reviewroom.json")


@pytest.mark.parametrize("payload", [b"", b"brief", "Zażółć gęślą jaźń".encode(),
                                     bytes(range(256))])
def test_the_digest_is_sha256_as_hashlib_gives_it(payload: bytes) -> None:
    assert digest(payload) == hashlib.sha256(payload).hexdigest()


def test_the_stored_digest_names_the_brief_as_written(folder: Path) -> None:
    """A store written by any reviewroom (hashlib's digest) is still recognised unedited."""
    with Project.open(folder, readonly=True) as project:
        latest = project.version(project.criteria_version)
    brief = (folder / "brief.md").read_bytes()
    assert latest.brief_digest == file_digest(folder / "brief.md")
    assert latest.brief_digest == hashlib.sha256(brief).hexdigest()


@pytest.mark.parametrize("raw", [b"", b" ", b"\n\n", b" \t\r\n\x0b\x0c "])
def test_a_blank_store_is_refused_as_empty(raw: bytes) -> None:
    with pytest.raises(DamagedFileError) as refused:
        parse_bytes(raw, STORE)
    assert refused.value.key.removesuffix("_no_bak") == "storage.empty"


@pytest.mark.parametrize("raw", [b"\xa0", b"\x1c", b"\x85", b" \x00 ", "\u3000".encode()])
def test_bytes_that_only_look_blank_are_bad_json_not_empty(raw: bytes) -> None:
    with pytest.raises(DamagedFileError) as refused:
        parse_bytes(raw, STORE)
    assert refused.value.key.removesuffix("_no_bak") == "storage.bad_json"


@pytest.mark.parametrize("running", [True, False])
def test_the_collector_is_left_as_it_was_found_however_loading_ends(running: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if running else gc.disable)()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is running
        with pytest.raises(DamagedFileError), collector_paused():
            parse_bytes(b"", STORE)
        assert gc.isenabled() is running
    finally:
        (gc.enable if was else gc.disable)()


def test_opening_leaves_the_collector_running(folder: Path) -> None:
    assert gc.isenabled()
    with Project.open(folder, readonly=True):
        assert gc.isenabled()
