"""store/schema.py: what a reviewroom store is, and the schema version as the migration policy."""

from __future__ import annotations

import json
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from reviewroom.store import schema, schema_spec
from reviewroom.store.backup import restore
from reviewroom.store.errors import DamagedFileError, ReviewError
from reviewroom.store.project import Project
from tests.conftest import ProjectFactory

STORE, BAK = "reviewroom.json", "reviewroom.json.bak"


def test_every_stored_field_of_the_model_has_a_rule() -> None:
    """A field added to a model must get a type rule here, or the store would not check it."""
    for model, spec in schema_spec.SPECS.items():
        stored = {f.name for f in fields(schema_spec.MODELS[model])}
        assert stored == set(spec), model


@pytest.mark.parametrize("sample", ["harbour-warehouse-safety", "northwind-onboarding",
                                    "ochrona-danych-przychodnia"])
def test_every_bundled_sample_is_a_valid_store(sample: str) -> None:
    source = resources.files("reviewroom.tui").joinpath("samples", sample, STORE)
    data = json.loads(source.read_text("utf-8"))
    assert schema.validate(data, Path(STORE)).migrated_from is None


def test_tables_that_are_absent_or_empty_are_fine() -> None:
    """TinyDB writes no empty table, and leaves an emptied one as {}."""
    marker = {"meta": {"1": {"schema": schema.SCHEMA}}}
    schema.validate(marker, Path(STORE))
    schema.validate({**marker, "requests": {}, "_default": {}}, Path(STORE))
    with pytest.raises(DamagedFileError):
        schema.validate({}, Path(STORE))


def test_a_refusal_is_translated_whole(acme_store: Path) -> None:
    data = json.loads(acme_store.read_bytes())
    data["requests"]["1"]["by"] = 7
    acme_store.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DamagedFileError) as refused:
        Project.open(acme_store.parent, readonly=True, lang="pl")
    message = str(refused.value)
    assert message.startswith(f"Plik {acme_store} nie jest magazynem reviewroom (requests/1: 'by'")
    assert "tekst" in message and "should" not in message


@pytest.fixture
def acme_store(new_project: ProjectFactory) -> Path:
    """A project with a live meeting and one request; returns its store file."""
    folder = new_project(meeting="Review")
    with Project.open(folder) as opened:
        opened.add_request("Make the logo bigger", by="Dana")
    return folder / STORE


def shout_by(tables: dict[str, Any]) -> dict[str, Any]:
    """A test migration from schema 2 to 3: every request's ``by`` in capitals."""
    requests = {k: dict(doc, by=doc.get("by", "").upper()) for k, doc in
                tables.get("requests", {}).items()}
    return {**tables, "requests": requests}


@pytest.fixture
def older_store(acme_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store written at schema 2, then a reviewroom that reads schema 3, migrating schema 2
    forward with :func:`shout_by`."""
    assert json.loads(acme_store.read_bytes())["meta"]["1"] == {"schema": 2}
    monkeypatch.setattr(schema, "SCHEMA", 3)
    monkeypatch.setattr(schema, "MIGRATIONS", {**schema.MIGRATIONS, 2: shout_by})
    return acme_store


def test_an_older_store_is_migrated_in_the_first_commit_after_the_backup(
    older_store: Path,
) -> None:
    acme_store = older_store
    folder = acme_store.parent
    old, old_bak = acme_store.read_bytes(), (folder / BAK).read_bytes()
    with Project.open(folder, readonly=True) as reader:
        assert reader.request("CR-1").by == "DANA", "read as migrated"
    with Project.open(folder) as writer:
        assert writer.request("CR-1").by == "DANA"
        with pytest.raises(ReviewError):
            writer.add_request("   ")  # refused: nothing written, not even the migration
        assert acme_store.read_bytes() == old and (folder / BAK).read_bytes() == old_bak
        writer.add_request("Shorter quiz", by="Ola")
    data = json.loads(acme_store.read_bytes())
    assert data["meta"]["1"] == {"schema": 3}
    assert [d["by"] for d in data["requests"].values()] == ["DANA", "Ola"]
    assert (folder / BAK).read_bytes() == old, "the backup holds the store as it was"


def test_a_newer_store_is_refused_by_an_older_reviewroom(acme_store: Path) -> None:
    data = json.loads(acme_store.read_bytes())
    data["meta"]["1"]["schema"] = schema.SCHEMA + 1
    acme_store.write_text(json.dumps(data), "utf-8")
    before = acme_store.read_bytes()
    with pytest.raises(DamagedFileError) as refused:
        Project.open(acme_store.parent)
    assert refused.value.key == "storage.newer_schema"
    assert acme_store.read_bytes() == before


def as_schema_1(store: Path) -> bytes:
    """Rewrite ``store`` as reviewroom wrote it at schema 1 (no ``where``); returns the bytes."""
    data = json.loads(store.read_bytes())
    data["meta"]["1"] = {"schema": 1}
    for doc in data["requests"].values():
        del doc["where"]
    store.write_text(json.dumps(data, indent=2, sort_keys=True), "utf-8")
    return store.read_bytes()


def test_a_schema_1_store_gets_an_empty_where_in_the_first_commit(acme_store: Path) -> None:
    """Schema 2 added ``where``: a schema 1 store opens, reads as migrated, and the first
    change writes every request with the field (the backup keeps the schema 1 file)."""
    folder = acme_store.parent
    old = as_schema_1(acme_store)
    with Project.open(folder, readonly=True) as reader:
        assert reader.request("CR-1").where == ""
    assert acme_store.read_bytes() == old, "reading migrates in memory only"
    with Project.open(folder) as writer:
        writer.add_request("Shorter quiz", where="Lesson 2, slide 4")
    data = json.loads(acme_store.read_bytes())
    assert data["meta"]["1"] == {"schema": 2}
    assert [d["where"] for d in data["requests"].values()] == ["", "Lesson 2, slide 4"]
    assert (folder / BAK).read_bytes() == old, "the backup holds the schema 1 store"
    acme_store.write_bytes(b"{ damaged")
    restore(folder, STORE)  # the schema 1 backup is a sound store to put back
    assert acme_store.read_bytes() == old
    with Project.open(folder, readonly=True) as again:
        assert [r.where for r in again.requests()] == [""]


def test_the_migration_leaves_a_damaged_requests_table_to_the_checks() -> None:
    """The migration runs before the checks: a table that is not one must still be refused
    with one line, never crash the migration."""
    broken = {"meta": {"1": {"schema": 1}}, "requests": ["not", "a", "table"]}
    with pytest.raises(DamagedFileError):
        schema.validate(broken, Path(STORE))  # type: ignore[arg-type]


def test_where_must_be_text(acme_store: Path) -> None:
    data = json.loads(acme_store.read_bytes())
    data["requests"]["1"]["where"] = 3
    with pytest.raises(DamagedFileError) as refused:
        schema.validate(data, Path(STORE))
    assert "requests/1: 'where'" in str(refused.value)
