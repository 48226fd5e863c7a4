"""The three principles as pure functions: intent first, shared criteria, a neutral record.

``Project`` calls these before it writes anything; a refused change raises ``ReviewError`` whose
``field`` names the form field the facilitator must fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from reviewroom.store import tone
from reviewroom.store.errors import ReviewError
from reviewroom.store.model import ChangeRequest, Criteria, Decision, Verdict
from reviewroom.store.text import is_blank

# The free-text fields that rule 6 reads, in form order.
TONE_FIELDS = ("request", "intent", "note", "alternative")


def check_request(
    before: ChangeRequest | None,
    after: ChangeRequest,
    criteria: Criteria,
    *,
    version: int,
    stale: bool,
    lang: str,
) -> None:
    """Apply rules 1–4 to a request about to be stored.

    Only what the change touches is judged, so an accepted request whose verdict a later revision
    made stale can still get an owner, while accepting it again needs a fresh verdict.

    Args:
        before: the stored request, or None for a new one.
        after: the request as it would be stored.
        criteria: the current criteria.
        version: the current criteria version number (for messages).
        stale: whether ``after``'s verdict would be stale.
        lang: the language of the error message.

    Raises:
        ReviewError: the first rule the change breaks.
    """
    changed = _changed_fields(before, after)
    _check_criteria_known(after, changed, criteria, version, lang)
    _check_judgement(after, changed, lang)
    _check_acceptance(after, changed, stale, lang)
    _check_decision_text(after, changed, lang)


def _changed_fields(before: ChangeRequest | None, after: ChangeRequest) -> set[str]:
    """Names of the fields that differ (every field for a new request)."""
    names = ("intent", "criteria", "verdict", "verdict_version", "decision", "alternative")
    if before is None:
        return set(names)
    return {name for name in names if getattr(before, name) != getattr(after, name)}


def _check_criteria_known(
    req: ChangeRequest, changed: set[str], criteria: Criteria, version: int, lang: str
) -> None:
    """Every criterion a change names must exist in the current version (rule 2).

    The check runs when the criteria change and also whenever a verdict is set or judged again:
    a re-judgement stamps the verdict with the current version, so it must not rest on an item
    a revision removed (the request would look judged against criteria that do not exist).
    """
    typed = "criteria" in changed
    rejudged = req.verdict is not Verdict.PENDING and bool(changed & {"verdict", "verdict_version"})
    if not typed and not rejudged:
        return
    known = criteria.by_id()
    missing = next((cid for cid in req.criteria if cid not in known), None)
    if missing is None:
        return
    raise ReviewError(
        "rule.unknown_criterion" if typed else "rule.removed_criterion",
        lang=lang,
        field="criteria",
        id=req.id,
        criterion=missing,
        version=version,
        known=", ".join(known) or "-",
    )


def _check_judgement(req: ChangeRequest, changed: set[str], lang: str) -> None:
    """A consistent or inconsistent verdict needs an intent (rule 1) and criteria (rule 2)."""
    if not req.verdict.is_judged or not changed & {
        "intent",
        "criteria",
        "verdict",
        "verdict_version",
    }:
        return
    verdict = req.verdict.value
    if is_blank(req.intent):
        raise ReviewError(
            "rule.intent_first", lang=lang, field="intent", id=req.id, verdict=verdict
        )
    if not req.criteria:
        raise ReviewError(
            "rule.name_criteria", lang=lang, field="criteria", id=req.id, verdict=verdict
        )


def _check_acceptance(req: ChangeRequest, changed: set[str], stale: bool, lang: str) -> None:
    """Accepted needs a consistent verdict that is not stale (rule 3)."""
    if req.decision is not Decision.ACCEPTED:
        return
    if not changed & {"decision", "verdict", "verdict_version"}:
        return
    if req.verdict is not Verdict.CONSISTENT:
        raise ReviewError(
            "rule.no_quiet_acceptance",
            lang=lang,
            field="decision",
            id=req.id,
            verdict=req.verdict.value,
        )
    if stale:
        raise ReviewError("rule.stale_acceptance", lang=lang, field="verdict", id=req.id)


def _check_decision_text(req: ChangeRequest, changed: set[str], lang: str) -> None:
    """Rejected needs a reason and alternative needs the alternative's text (rule 4)."""
    if not changed & {"decision", "alternative"} or not is_blank(req.alternative):
        return
    if req.decision is Decision.REJECTED:
        raise ReviewError("rule.reason_needed", lang=lang, field="alternative", id=req.id)
    if req.decision is Decision.ALTERNATIVE:
        raise ReviewError("rule.alternative_needed", lang=lang, field="alternative", id=req.id)


def check_revision(reason: str, criteria_changed: bool, lang: str) -> None:
    """A criteria revision needs a reason and an actual change (rule 5)."""
    if is_blank(reason):
        raise ReviewError("rule.revision_reason", lang=lang, field="reason")
    if not criteria_changed:
        raise ReviewError("rule.revision_unchanged", lang=lang, field="criteria")


class CriteriaDiff(NamedTuple):
    """What a revision changed: IDs added, removed, and reworded (same ID, new text).

    A NamedTuple (cheaper to create at import than a frozen dataclass): diffs are built here
    and read by name or truth value, never compared or hashed; ``__bool__`` below says whether
    anything changed, as before (a bare tuple of three would always be true).
    """

    added: tuple[str, ...]
    removed: tuple[str, ...]
    reworded: tuple[str, ...]

    @property
    def touched(self) -> frozenset[str]:
        """IDs whose meaning changed: a verdict resting on any of them is stale."""
        return frozenset(self.removed) | frozenset(self.reworded)

    def __bool__(self) -> bool:
        """Whether the revision changed anything."""
        return bool(self.added or self.removed or self.reworded)


def diff_criteria(old: Criteria, new: Criteria) -> CriteriaDiff:
    """Compare two criteria versions item by item, keyed by ID."""
    before, after = old.by_id(), new.by_id()
    return CriteriaDiff(
        added=tuple(cid for cid in after if cid not in before),
        removed=tuple(cid for cid in before if cid not in after),
        reworded=tuple(
            cid for cid in after if cid in before and before[cid].text != after[cid].text
        ),
    )


def is_judged_on_criteria(req: ChangeRequest) -> bool:
    """Only a verdict made against a version and naming criteria can go stale."""
    return req.verdict is not Verdict.PENDING and req.verdict_version is not None and bool(
        req.criteria
    )


def rests_on(req: ChangeRequest, touched: frozenset[str]) -> bool:
    """True when the request names any of the ``touched`` criteria."""
    return any(cid in touched for cid in req.criteria)


class ToneWarning(NamedTuple):
    """A loaded or blaming phrase found in one field of a request (rule 6, never blocking).

    A NamedTuple (cheaper to create at import than a frozen dataclass): warnings are listed
    and read by name, never compared with anything but each other.
    """

    request: str
    field: str
    phrase: str


def find_phrases(text: str, lang: str) -> list[str]:
    """The loaded or blaming phrases of ``lang`` in ``text``, as written there, in text order.

    Whole words with inflection, and phrases where a word alone cannot decide; see store/tone.py.
    """
    return tone.find(text, lang)


def tone_warnings(req: ChangeRequest, lang: str) -> list[ToneWarning]:
    """Rule 6 for one request: every loaded phrase in its free-text fields."""
    return [
        ToneWarning(req.id, name, phrase)
        for name in TONE_FIELDS
        for phrase in find_phrases(str(getattr(req, name) or ""), lang)
    ]


def all_tone_warnings(requests: Iterable[ChangeRequest], lang: str) -> list[ToneWarning]:
    """Rule 6 over a list of requests, as listed before an export."""
    return [w for req in requests for w in tone_warnings(req, lang)]
