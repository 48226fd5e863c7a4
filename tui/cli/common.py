"""Shared pieces of the CLI: the root group that reports domain errors, settings, options, output.

Every expected problem is a ``ReviewError``; :class:`ReviewGroup` is the one place that turns it
into a single ``Error: …`` line on stderr and exit code 1, so commands never catch it themselves.

Everything a command prints for a person goes through :func:`out` (or :func:`warn`,
:func:`format_table`, :func:`echo_json`), which pass it through ``store.text``: stored text can
never reach the terminal with an escape sequence, a C1 control or a bidi override in it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from reviewroom.store.errors import BriefError, ReviewError
from reviewroom.store.home import default_home
from reviewroom.store.i18n import LANGUAGES, normalise_language, t
from reviewroom.store.project import Project
from reviewroom.store.text import cell_width, clean_line, clean_text, pad, safe_json, shorten
from reviewroom.tui.early_keys import INTERRUPTED, restore_terminal

F = TypeVar("F", bound=Callable[..., Any])

ERROR_PREFIX = "Error: "


def one_line(text: object) -> str:
    """A message (which may quote user input) as one sanitised line: line breaks collapsed."""
    return clean_line(" ".join(str(text).split()))


def out(text: object = "", *, err: bool = False) -> None:
    """Print text for a person, sanitised: line breaks kept, nothing raw reaches the terminal."""
    click.echo(clean_text(text), err=err)


class ReviewGroup(click.Group):
    """The root group: a ``ReviewError`` anywhere below becomes one stderr line and exit 1.

    A ``BriefError`` prints every ``path:line: error: …`` problem instead, so a facilitator can
    fix the whole brief in one pass. Click's own usage errors keep exit code 2.
    """

    def __init__(self, *args: Any, lazy_commands: dict[str, tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Commands by name, as (module in reviewroom.tui.cli, name in it), imported when first
        # asked for (see reviewroom.tui.cli.COMMANDS)
        self.lazy_commands = lazy_commands or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Commands in the order of the design (the lazy ones' order), not A–Z."""
        return [*self.lazy_commands, *(name for name in self.commands
                                       if name not in self.lazy_commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A command, its module imported the first time it is asked for; ``--home`` and
        ``--lang`` accepted after it too, as before it (``add_root_options``)."""
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy_commands:
            module, name = self.lazy_commands[cmd_name]
            command = getattr(import_module(f"reviewroom.tui.cli.{module}"), name)
            add_root_options(command)
            self.add_command(command, cmd_name)
        return command

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

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """Parse the root options; a usage error quoting what was typed is printed sanitised."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            restore_terminal()
            _sanitise(exc)
            raise

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, reporting domain errors in ``--lang`` or the language they carry.

        Click's own usage errors (which quote what was typed) are sanitised before click
        prints them. The terminal is given back as the command ends, however it ends, when it
        held early keys for the app (see :mod:`reviewroom.tui.early_keys`), so any line after
        prints as usual. ``ctrl+c`` ends the command quietly with 130, as before click is up,
        not with click's English "Aborted!" and 1.
        """
        try:
            try:
                return super().invoke(ctx)
            finally:
                restore_terminal()
        except KeyboardInterrupt:
            ctx.exit(INTERRUPTED)
        except click.ClickException as exc:
            _sanitise(exc)
            raise
        except BriefError as exc:
            lang = _lang_given(ctx) or exc.lang
            for problem in exc.problems:
                out(one_line(problem.render(lang)), err=True)
            ctx.exit(1)
        except ReviewError as exc:
            out(ERROR_PREFIX + one_line(exc.message(_lang_given(ctx))), err=True)
            ctx.exit(1)


def _sanitise(exc: click.ClickException) -> None:
    """Sanitise the message of a click error before click prints it (it quotes typed input).

    Click types ``message`` as final, but it is a plain instance attribute that ``show`` reads.
    """
    setattr(exc, "message", clean_text(exc.message))  # noqa: B010


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

    def command_prefix(self) -> list[str]:
        """``reviewroom`` with the root options given, to print a command the user can rerun."""
        prefix = ["reviewroom"]
        if self.home is not None:
            prefix += ["--home", str(self.home)]
        if self.lang:
            prefix += ["--lang", self.lang]
        return prefix

    def open(self, ref: str, *, write: bool = False) -> Project:
        """Open project ``ref`` (slug or path); read-only unless the command writes.

        A writer's warnings that do not stop a change (a larger backup kept) go to stderr.
        """
        project = Project.open(ref, home=self.home, readonly=not write, lang=self.lang)
        project.on_notice = lambda notice: warn(notice.message(self.lang))
        return project


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
    """Print ``data`` as indented UTF-8 JSON: letters kept as they are, controls, C1, bidi and
    zero-width characters escaped as ``\\uXXXX`` (the JSON still parses to the same data)."""
    click.echo(safe_json(data))


def warn(line: str) -> None:
    """A non-blocking warning on stderr (tone, brief warnings)."""
    out(one_line(line), err=True)


def usage_error(message: str) -> NoReturn:
    """Refuse a combination of options as a click usage error (exit code 2)."""
    raise click.UsageError(message)


def short_time(iso: str | None) -> str:
    """``2026-11-27T09:00:00+01:00`` → ``2026-11-27 09:00`` for tables; empty when unset."""
    return iso[:16].replace("T", " ") if iso else ""


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]],
                 limits: Sequence[int] | None = None) -> str:
    """A plain-text table: columns padded to their widest cell, long cells cut with ``…``.

    A column with no header and no content (an unused marker column) is left out. A row with
    fewer cells than headers ends in a spanning cell that is never cut (an error message, say).
    Cells are sanitised one-line text, measured and cut in terminal cells (wide characters
    count two, accents none), so columns line up and a cut never splits a placeholder.

    Args:
        headers: the column labels.
        rows: the cells, one sequence per row.
        limits: the widest a column may grow (0 = no limit), one per column.
    """
    limits = list(limits or [0] * len(headers))
    full = [list(headers), *(r for r in rows if len(r) == len(headers))]
    table = [[shorten(one_line(c), n) for c, n in zip(row, limits, strict=True)] for row in full]
    keep = [i for i in range(len(headers)) if any(row[i] for row in table)]
    widths = {i: max(cell_width(row[i]) for row in table) for i in keep}
    lines = []
    for row in [list(headers), *rows]:
        if len(row) < len(headers):
            cells = [pad(one_line(c), widths[i]) for i, c in enumerate(row[:-1])]
            cells.append(one_line(row[-1]))
        else:
            cells = [pad(shorten(one_line(row[i]), limits[i]), widths[i]) for i in keep]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * widths[i] for i in keep))
    return "\n".join(lines)


def label(lang: str, key: str, **params: Any) -> str:
    """A catalog string for output (a thin alias that keeps call sites short)."""
    return t(lang, key, **params)
