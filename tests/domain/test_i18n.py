"""The English and Polish catalogs carry the same keys with the same placeholders."""

from __future__ import annotations

import string

from reviewroom.store.i18n import catalog, normalise_language, phrases, t


def placeholders(template: str) -> set[str]:
    """The ``{name}`` fields of a catalog string."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalogs_have_the_same_keys() -> None:
    assert sorted(catalog("en")) == sorted(catalog("pl"))


def test_translations_use_the_same_placeholders() -> None:
    en, pl = catalog("en"), catalog("pl")
    mismatched = [k for k in en if placeholders(en[k]) != placeholders(pl[k])]
    assert mismatched == []


def test_language_normalisation() -> None:
    assert normalise_language("pl-PL") == "pl"
    assert normalise_language("PL") == "pl"
    assert normalise_language("de") == "en"
    assert normalise_language(None) == "en"


def test_unknown_language_falls_back_to_english() -> None:
    assert t("de", "meeting.empty_title") == t("en", "meeting.empty_title")


def test_tone_lists_are_loaded_without_comments() -> None:
    assert "obviously" in phrases("en")
    assert any(line.endswith(" wina") and "wasza" in line for line in phrases("pl"))
    assert not any(p.startswith("#") for p in phrases("en") + phrases("pl"))
