"""The one domain error type, whose message tells the facilitator what to do next."""

from __future__ import annotations

import os
import stat
from typing import Any, Self

from reviewroom.store.i18n import DEFAULT_LANGUAGE, t

# Parameters whose values are enum values with catalog entries (``verdict.consistent`` …).
ENUM_PARAMS = frozenset({"verdict", "decision"})

# Refusals whose advice is ``reviewroom restore``. Each has a ``<key>_no_bak`` twin that says what
# to do instead, used when there is no backup for restore to put back.
RESTORE_ADVICE = frozenset({
    "storage.empty", "storage.bad_json", "storage.bad_shape", "storage.bad_journal",
    "storage.newer_schema", "storage.not_ours", "storage.not_regular", "storage.unreadable",
})
NO_BACKUP_SUFFIX = "_no_bak"


class ReviewError(Exception):
    """A refused change or an expected problem, carried as a catalog key so it can be translated.

    The CLI prints ``message(lang)`` as one ``Error: …`` line and exits 1; the TUI shows it next to
    the form field named by ``field``. ``str()`` gives the message in the language it was raised in.
    """

    def __init__(
        self, key: str, *, lang: str = DEFAULT_LANGUAGE, field: str | None = None, **params: Any
    ) -> None:
        self.key = key
        self.params = params
        self.lang = lang
        self.field = field
        super().__init__(self.message(lang))

    def message(self, lang: str | None = None) -> str:
        """Render the message in ``lang`` (default: the language it was raised in).

        Verdict and decision values are translated too, so a Polish message never quotes
        an English enum value.
        """
        lang = lang or self.lang
        params = {
            name: t(lang, f"{name}.{value}") if name in ENUM_PARAMS else value
            for name, value in self.params.items()
        }
        return t(lang, self.key, **params)

    def in_language(self, lang: str) -> Self:
        """The same error (same class) rendered in ``lang``, for callers that know the project's."""
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.lang = lang
        Exception.__init__(clone, clone.message(lang))
        return clone

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by state, since the constructor takes a key rather than the message."""
        return (_rebuild, (type(self), self.__dict__))


class BriefError(ReviewError):
    """brief.md cannot be used; ``problems`` lists every error with its line."""

    def __init__(self, problems: list[Any], *, lang: str = DEFAULT_LANGUAGE) -> None:
        self.problems = problems
        super().__init__("brief.invalid", lang=lang, detail=problems[0].render(lang))

    def message(self, lang: str | None = None) -> str:
        """The first problem, rendered in ``lang``."""
        return str(self.problems[0].render(lang or self.lang))


class DamagedFileError(ReviewError):
    """The store file exists but cannot be trusted; it is never treated as empty.

    Its advice depends on the backup named by ``bak``: ``reviewroom restore`` only when there is
    one to put back, else (the ``_no_bak`` twin) the user's own copy, since a restore that is
    bound to fail would send them in a circle.
    """

    def __init__(
        self, key: str, *, lang: str = DEFAULT_LANGUAGE, field: str | None = None, **params: Any
    ) -> None:
        bak = params.get("bak")
        if key in RESTORE_ADVICE and bak is not None and not has_backup(str(bak)):
            key += NO_BACKUP_SUFFIX
        super().__init__(key, lang=lang, field=field, **params)


def has_backup(bak: str) -> bool:
    """Whether ``bak`` is a regular file (never a link) that ``reviewroom restore`` could use.

    Only whether it is there: a damaged backup is refused by restore with its own advice.
    """
    try:
        return stat.S_ISREG(os.lstat(bak).st_mode)
    except OSError:
        return False


class LockHeldError(ReviewError):
    """Another writer has the project open."""


def _rebuild(cls: type[ReviewError], state: dict[str, Any]) -> ReviewError:
    """Unpickle a ReviewError (or subclass) from its state."""
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error.message())
    return error
