"""The HTML minutes' stylesheet never breaks a word or an ID in two to fit a table column."""

from __future__ import annotations

import re

from reviewroom.store.minutes import STYLE


def rules() -> dict[str, str]:
    """Each selector of the stylesheet (outside @media) with its declarations."""
    top_level = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", STYLE)
    found: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", top_level):
        for selector in selectors.split(","):
            found[selector.strip()] = found.get(selector.strip(), "") + body + ";"
    return found


def test_table_cells_wrap_between_words_only() -> None:
    # overflow-wrap:anywhere lets the table shrink a column below its longest word, which
    # then breaks mid-word ("Inconsiste|nt"); break-word breaks only what cannot fit at all.
    for selector, body in rules().items():
        assert "anywhere" not in body, selector
    assert "overflow-wrap:break-word" in rules()["td"]


def test_the_id_column_never_breaks_at_its_hyphen() -> None:
    assert "white-space:nowrap" in rules()["td:first-child"]
