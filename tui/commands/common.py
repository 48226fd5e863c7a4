"""Shared pieces of the CLI: the root group that reports domain errors, settings, options, output.

Every expected problem is a ``ReviewError``; :class:`ReviewGroup` is the one place that turns it
into a single ``Error: …`` line on stderr and exit code 1, so commands never catch it themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from store.errors import BriefError, ReviewError
from store.i18n import LANGUAGES, normalise_language, t
from store.project import Project, default_home

F = TypeVar("F", bound=Callable[..., Any])

ERROR_PREFIX = "Error: "


def one_line(text: str) -> str:
    """Collapse line breaks so a message (which may quote user input) stays one line."""
    return " ".join(str(text).split())


class ReviewGroup(click.Group):
    """The root group: a ``ReviewError`` anywhere below becomes one stderr line and exit 1.

    A ``BriefError`` prints every ``path:line: error: …`` problem instead, so a facilitator can
    fix the whole brief in one pass. Click's own usage errors keep exit code 2.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Commands in the order they were registered (the order of the design), not A–Z."""
        return list(self.commands)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """``reviewroom PROJECT`` is short for ``reviewroom open PROJECT``.

        Any first word that is not a command (nor an option) is taken as a project, so the
        everyday command stays one short line; a mistyped command then reads as an unknown
        project, whose error lists how to see the projects and the commands.
        """
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            opener = self.get_command(ctx, "open")
            if opener is not None:
                return "open", opener, args
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, reporting domain errors in ``--lang`` or the language they carry."""
        try:
            return super().invoke(ctx)
        except BriefError as exc:
            lang = _lang_given(ctx) or exc.lang
            for problem in exc.problems:
                click.echo(one_line(problem.render(lang)), err=True)
            ctx.exit(1)
        except ReviewError as exc:
            click.echo(ERROR_PREFIX + one_line(exc.message(_lang_given(ctx))), err=True)
            ctx.exit(1)


def _lang_given(ctx: click.Context) -> str | None:
    """``--lang`` wherever it was given (before the command or after it)."""
    settings = ctx.find_object(Settings)
    return settings.lang if settings else None


@dataclass
class Settings:
    """The root options every command reads: the projects home and the ``--lang`` override.

    One object for the whole command line: ``--home`` and ``--lang`` write into it wherever
    they are given (``reviewroom --home DIR new x`` or ``reviewroom new x --home DIR``), so
    every command reads the same values; the one given last wins.
    """

    home: Path | None = None
    lang: str | None = None

    def home_dir(self) -> Path:
        """``--home``, else ``REVIEWROOM_HOME``, else the platform's user data folder."""
        return self.home or default_home()

    def label_lang(self, fallback: str | None = None) -> str:
        """The language of output labels: ``--lang``, else ``fallback`` (the project's)."""
        return normalise_language(self.lang or fallback)

    def open(self, ref: str, *, write: bool = False) -> Project:
        """Open project ``ref`` (slug or path); read-only unless the command writes."""
        return Project.open(ref, home=self.home, readonly=not write, lang=self.lang)


pass_settings = click.make_pass_decorator(Settings)

HOME_HELP = "The projects home (default: $REVIEWROOM_HOME, else your user data folder)."
LANG_HELP = "Language of messages and labels (default: each project's own)."


def _into_settings(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """An option callback that writes its value into the command line's one Settings."""

    def store(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        settings = ctx.ensure_object(Settings)
        if value is not None:
            setattr(settings, name, value.lower() if isinstance(value, str) else value)
        return value

    return store


def home_option(func: F) -> F:
    """``--home DIR``, accepted by the root group and by every command."""
    return click.option(
        "--home", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
        expose_value=False, callback=_into_settings("home"), help=HOME_HELP,
    )(func)


def lang_option(func: F) -> F:
    """``--lang en|pl``, accepted by the root group and by every command."""
    return click.option(
        "--lang", type=click.Choice(LANGUAGES, case_sensitive=False), expose_value=False,
        callback=_into_settings("lang"), help=LANG_HELP,
    )(func)


def root_options(func: F) -> F:
    """``--home`` and ``--lang``, so they work before the command and after it.

    A command with its own ``--lang`` (``new``: the project's language) keeps it; it still
    sets the messages' language, since a new project speaks its own language.
    """
    names = {opt for param in getattr(func, "params", []) for opt in getattr(param, "opts", [])}
    func = home_option(func)
    return func if "--lang" in names else lang_option(func)


def add_root_options(command: click.Command) -> None:
    """Give ``command`` and every command below it ``--home`` and ``--lang``."""
    root_options(command)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_root_options(sub)


def project_argument(func: F) -> F:
    """The PROJECT argument: a slug under the home, or a path to the project folder."""
    return click.argument("project", metavar="PROJECT")(func)


def json_option(func: F) -> F:
    """``--json``: machine-readable output instead of the table."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON instead of a readable table."
    )(func)


def echo_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON (non-ASCII kept as is)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def warn(line: str) -> None:
    """A non-blocking warning on stderr (tone, brief warnings)."""
    click.echo(one_line(line), err=True)


def usage_error(message: str) -> NoReturn:
    """Refuse a combination of options as a click usage error (exit code 2)."""
    raise click.UsageError(message)


def edit_text(text: str, lang: str) -> str:
    """Let the facilitator edit ``text`` in ``$EDITOR``; quitting without saving aborts.

    Raises:
        ReviewError: ``cli.edit_aborted`` when the editor returned nothing (quit without saving).
    """
    result = click.edit(text, extension=".md", require_save=True)
    if result is None:
        raise ReviewError("cli.edit_aborted", lang=lang)
    return result


def short_time(iso: str | None) -> str:
    """``2026-11-27T09:00:00+01:00`` → ``2026-11-27 09:00`` for tables; empty when unset."""
    return iso[:16].replace("T", " ") if iso else ""


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]],
                 limits: Sequence[int] | None = None) -> str:
    """A plain-text table: columns padded to their widest cell, long cells cut with ``…``.

    A column with no header and no content (an unused marker column) is left out. A row with
    fewer cells than headers ends in a spanning cell that is never cut (an error message, say).

    Args:
        headers: the column labels.
        rows: the cells, one sequence per row.
        limits: the widest a column may grow (0 = no limit), one per column.
    """
    limits = list(limits or [0] * len(headers))
    full = [list(headers), *(r for r in rows if len(r) == len(headers))]
    table = [[_cut(one_line(c), n) for c, n in zip(row, limits, strict=True)] for row in full]
    keep = [i for i in range(len(headers)) if any(row[i] for row in table)]
    widths = {i: max(len(row[i]) for row in table) for i in keep}
    lines = []
    for row in [list(headers), *rows]:
        if len(row) < len(headers):
            cells = [c.ljust(widths[i]) for i, c in enumerate(row[:-1])] + [one_line(row[-1])]
        else:
            cells = [_cut(one_line(row[i]), limits[i]).ljust(widths[i]) for i in keep]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * widths[i] for i in keep))
    return "\n".join(lines)


def _cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters with an ellipsis (0 = no limit)."""
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"


def label(lang: str, key: str, **params: Any) -> str:
    """A catalog string for output (a thin alias that keeps call sites short)."""
    return t(lang, key, **params)
