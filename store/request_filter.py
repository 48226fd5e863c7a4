"""Which requests the meeting's list shows: a pure rule, shared by the screen and its dialog."""

from __future__ import annotations

from typing import NamedTuple

from reviewroom.store.model import ChangeRequest, Decision, Verdict


class RequestFilter(NamedTuple):
    """What the list shows: text anywhere in the request, and optionally one verdict/decision.

    A NamedTuple (cheaper to create at import than a frozen dataclass): filters are compared
    only with filters (the dialog's result, the header's ``Heading``, itself a NamedTuple),
    which tuple equality does as before; ``__bool__`` below says whether it is on (a bare tuple
    of three would always be true).
    """

    text: str = ""
    verdict: Verdict | None = None
    decision: Decision | None = None

    def matches(self, req: ChangeRequest) -> bool:
        """True when ``req`` passes every part of the filter."""
        if self.verdict is not None and req.verdict is not self.verdict:
            return False
        if self.decision is not None and req.decision is not self.decision:
            return False
        if not self.text:
            return True
        needle = self.text.casefold()
        haystack = (req.id, req.request, req.by, req.intent, req.note, req.alternative, req.owner)
        return any(needle in value.casefold() for value in haystack)

    def __bool__(self) -> bool:
        """A filter is on when any of its parts is set."""
        return bool(self.text or self.verdict or self.decision)
