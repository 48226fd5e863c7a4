"""What opening a project does made cheaper, and still the same: the brief's digest without
hashlib, a blank store told from a store of bytes that only look blank, the collector paused
while a store loads and running again after, a killed writer's temp files found without a
glob."""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path

import pytest

from reviewroom.store.errors import DamagedFileError
from reviewroom.store.files import digest, file_digest, remove_leftover_temps
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


def test_leftover_temps_are_the_files_a_glob_of_their_name_finds(tmp_path: Path) -> None:
    """``remove_leftover_temps`` tells a temp by its name's two ends, as the glob
    ``.NAME.*.tmp`` it replaced: only regular files, never a link or a folder named like one."""
    store = tmp_path / "reviewroom.json"
    names = [".reviewroom.json.k9x2.tmp", ".reviewroom.json..tmp", ".reviewroom.json.a.b.tmp",
             ".reviewroom.json.tmp", "reviewroom.json.k9.tmp", ".reviewroom.json.k9.tmpx",
             ".reviewroom.jsonx.k9.tmp", ".other.json.k9.tmp", ".reviewroom.json.k9.TMP"]
    for name in names:
        (tmp_path / name).write_bytes(b"{")
    (tmp_path / ".reviewroom.json.dir.tmp").mkdir()
    (tmp_path / ".reviewroom.json.link.tmp").symlink_to(tmp_path / ".other.json.k9.tmp")
    globbed = {p for p in tmp_path.glob(".reviewroom.json.*.tmp")
               if p.is_file() and not p.is_symlink()}
    assert sorted(remove_leftover_temps(store)) == sorted(globbed)
    assert {p.name for p in globbed} == {".reviewroom.json.k9x2.tmp", ".reviewroom.json..tmp",
                                          ".reviewroom.json.a.b.tmp"}
    assert not any(p.exists() for p in globbed)
    assert (tmp_path / ".reviewroom.json.dir.tmp").is_dir()
    assert (tmp_path / ".reviewroom.json.link.tmp").is_symlink()
    assert (tmp_path / ".other.json.k9.tmp").exists()


def test_leftover_temps_of_a_missing_folder_are_none(tmp_path: Path) -> None:
    assert remove_leftover_temps(tmp_path / "gone" / "reviewroom.json") == []
