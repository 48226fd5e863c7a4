"""The checker's fast path: records their rules certainly accept, told a field at a time in C.

Opening a project checks every document, and a request has eighteen fields: checked one by one
in Python, they were most of the ~5 ms that checking a store of 1,000 requests took, on every
open. A :class:`Shortcut` answers one question for many records of one kind at once, "all
certainly valid?", from what their rules (store/schema_spec.py) say and nothing else:

* records are grouped by their field names in order (one group, as a rule: the snapshot is
  written with sorted keys), and each group is planned once against the rules: every field
  known, the required ones present;
* then each field is checked down the whole group in one pass: the exact types of its values
  against the field's bare type test (``TYPE_OF``), an enum's values by set inclusion in the
  set its check tests (``VALUES_OF``), a check with a column form by that (``ALL_OF``:
  timestamps), and any other check (dates, numbers, history values) called on every value, as
  the field-by-field pass calls it.

It never refuses: for anything it cannot vouch for (another type, a value outside its enum, a
check that says no, a field unknown or missing, not a record at all) it answers "unsure", and
the checker goes record by record, field by field, and names the first problem in spec order.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from functools import partial
from operator import call
from typing import Any

from reviewroom.store.schema_spec import ALL_OF, VALUES_OF, Check, Rules

# A test of one field's values down a group of records (a column).
ColumnTest = Callable[[tuple[Any, ...]], bool]
Plan = tuple[ColumnTest, ...]
# Each field's values down many records, by field name.
Columns = Mapping[Any, Sequence[Any]]
# Groups of records with other field names (or another order) than the others, at most: a
# reviewroom store has one or two (as the snapshot and the journal write them, older records
# without a later optional field). Past this the shortcut does not try.
MOST_SHAPES = 16


def _of_types(types: frozenset[type], column: tuple[Any, ...]) -> bool:
    """Every value is exactly of one of ``types`` (the field's check is a bare type test)."""
    return set(map(type, column)) <= types


def _one_of(types: frozenset[type], allowed: frozenset[Any], column: tuple[Any, ...]) -> bool:
    """Every value is one of ``allowed`` (the types first: a set holds only hashable values)."""
    return set(map(type, column)) <= types and set(column) <= allowed


def _passes(check: Check, column: tuple[Any, ...]) -> bool:
    """Every value passes ``check``, called as the field-by-field pass calls it."""
    return all(map(check, column))


def _unchecked(column: tuple[Any, ...]) -> bool:
    """A field the model stores and no rule checks yet (tests/domain/test_schema.py)."""
    return True


class Shortcut:
    """Accepts records that ``rules`` certainly accept, many at once; for one checker run (plans
    are kept for the run only: nothing decided about one store is reused for another)."""

    __slots__ = ("_rules", "_plans")

    def __init__(self, rules: Rules) -> None:
        self._rules = rules
        self._plans: dict[tuple[Any, ...], Plan | None] = {}

    def columns(self, records: Collection[Any]) -> Columns | None:
        """Each field's values down ``records``, by field name, when the field-by-field pass
        accepts every record; None when unsure. Records of one shape keep their order; of
        several, the values are grouped by shape, and a field some lack has fewer values."""
        if not records:
            return {}
        if set(map(type, records)) != {dict}:
            return None
        shapes = set(map(tuple, records))
        if len(shapes) == 1:
            return self._group_columns(shapes.pop(), records)
        if len(shapes) > MOST_SHAPES:
            return None
        groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for record in records:
            groups.setdefault(tuple(record), []).append(record)
        merged: dict[Any, list[Any]] = {}
        for keys, group in groups.items():
            columns = self._group_columns(keys, group)
            if columns is None:
                return None
            for name, values in columns.items():
                merged.setdefault(name, []).extend(values)
        return merged

    def _group_columns(self, keys: tuple[Any, ...], records: Collection[dict[str, Any]]
                       ) -> Columns | None:
        """:meth:`columns` of records that all have the fields ``keys``, in that order."""
        if keys not in self._plans:
            self._plans[keys] = plan_for(self._rules, keys)
        plan = self._plans[keys]
        if plan is None:
            return None
        # One column per field, in the keys' order (every record has them all).
        columns = list(zip(*map(dict.values, records), strict=True))
        if not all(map(call, plan, columns)):
            return None
        return dict(zip(keys, columns, strict=True))


def plan_for(rules: Rules, keys: tuple[Any, ...]) -> Plan | None:
    """The test of each field's column for records with the fields ``keys`` (in that order);
    None when no such record is valid: a field unknown or a required one missing.

    A type is compared exactly, never as a subclass: a JSON document holds only the base types,
    and anything else goes to the field-by-field pass.
    """
    if not set(keys) <= rules.known:
        return None
    tests: dict[Any, ColumnTest] = {}
    for name, check, _kind, required, bare in rules.fields:
        if name not in keys:
            if required:
                return None
        elif bare is not None:  # the check is isinstance(value, bare)
            tests[name] = partial(_of_types, frozenset(
                bare if isinstance(bare, tuple) else (bare,)))
        elif check in VALUES_OF:
            allowed = VALUES_OF[check]
            tests[name] = partial(_one_of, frozenset(map(type, allowed)), allowed)
        elif check in ALL_OF:  # its column form (a timestamp)
            tests[name] = ALL_OF[check]
        else:
            tests[name] = partial(_passes, check)
    return tuple(tests.get(name, _unchecked) for name in keys)
