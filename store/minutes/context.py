"""What one rendering of the minutes needs, looked up once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reviewroom.store.i18n import normalise_language, t
from reviewroom.store.model import (
    ChangeRequest,
    CriteriaVersion,
    Criterion,
    Decision,
    Listing,
    Meeting,
    Verdict,
)

if TYPE_CHECKING:
    from reviewroom.store.project import Project


@dataclass
class MinutesContext:
    """Everything one rendering needs, looked up once."""

    project: Project
    meeting: Meeting
    lang: str
    requests: list[ChangeRequest]
    versions: dict[int, CriteriaVersion]
    listing: dict[str, Listing] = field(default_factory=dict)
    stale: dict[str, bool] = field(default_factory=dict)
    _by_id: dict[int, Mapping[str, Criterion]] = field(default_factory=dict)
    _labels: dict[str, str] = field(default_factory=dict)

    def t(self, key: str, **params: Any) -> str:
        """A catalog string in the minutes' language (looked up once per key)."""
        template = self._labels.get(key)
        if template is None:
            template = self._labels[key] = t(self.lang, f"minutes.{key}")
        return template.format(**params) if params else template

    def items(self, number: int) -> Mapping[str, Criterion]:
        """Criteria items of version ``number`` by ID (empty for an unknown version)."""
        if number not in self._by_id:
            version = self.versions.get(number)
            self._by_id[number] = version.criteria.by_id() if version else {}
        return self._by_id[number]

    @property
    def current(self) -> int:
        """The current criteria version number."""
        return max(self.versions, default=0)

    def verdict(self, verdict: Verdict) -> str:
        """A verdict's name."""
        return self.t(f"verdict.{verdict.value}")

    def decision(self, decision: Decision) -> str:
        """A decision's name."""
        return self.t(f"decision.{decision.value}")

    def earlier(self, req: ChangeRequest) -> Listing | None:
        """How a request of an earlier meeting (not carried over) came onto this list, if so."""
        why = self.listing.get(req.id)
        return why if why is not None and why.is_earlier else None


def build_context(project: Project, meeting: Meeting, lang: str | None) -> MinutesContext:
    """Gather the meeting's requests (and why each is listed), the versions and the stale flags."""
    listing = project.meeting_listing(meeting)
    requests = [req for req, _ in listing]
    ctx = MinutesContext(
        project=project,
        meeting=meeting,
        lang=normalise_language(lang or project.lang),
        requests=requests,
        versions={v.number: v for v in project.versions()},
        listing={req.id: why for req, why in listing},
    )
    ctx.stale = {r.id: project.is_stale(r) for r in requests}
    return ctx
