"""Request commands: ``request add``, ``request set`` and ``request list``."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

import click

from reviewroom.store.model import EDITABLE_FIELDS, ChangeRequest, Decision, Meeting, Verdict
from reviewroom.store.project import Project
from reviewroom.store.words import labels, parse_word
from reviewroom.tui.cli.common import (
    Settings,
    echo_json,
    format_table,
    json_option,
    label,
    out,
    pass_settings,
    project_argument,
    usage_error,
    warn,
)

F = TypeVar("F", bound=Callable[..., Any])


class WordChoice(click.Choice[str]):
    """A verdict or a decision: the stored values are listed; their Polish names work too.

    ``--verdict spójna`` and ``--decision PRZYJĘTA`` give the same value as ``consistent`` and
    ``accepted`` (any case); anything else is a usage error (exit 2) listing the choices.
    """

    def __init__(self, kind: type[StrEnum]) -> None:
        super().__init__([member.value for member in kind], case_sensitive=False)
        self.kind = kind

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The stored value of a value or a name in any language; click's error otherwise."""
        member = parse_word(self.kind, value)
        if member is not None:
            return member.value
        return super().convert(value, param, ctx)

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        """Click's message, plus the Polish names."""
        polish = ", ".join(repr(name) for name in labels(self.kind, "pl"))
        message = super().get_invalid_choice_message(value, ctx).rstrip(".")
        return f"{message} (in Polish: {polish})."


# (option, parameter, metavar or type, help) for the fields both ``add`` and ``set`` can give.
FIELD_OPTIONS: tuple[tuple[str, str, str | click.ParamType[Any], str], ...] = (
    ("--by", "by", "NAME", "Who asked for the change."),
    ("--where", "where", "PLACE",
     "Where in the course: a slide, screen, lesson or timestamp (one line)."),
    ("--intent", "intent", "TEXT", "Why the client wants it: what it should achieve."),
    ("--criteria", "criteria", "IDS", "Criterion IDs it touches, comma-separated (R1,B2)."),
    ("--verdict", "verdict", WordChoice(Verdict),
     "The verdict (Polish names too: spójna, niespójna, niejasna, do oceny)."),
    ("--decision", "decision", WordChoice(Decision),
     "The decision (Polish names too: przyjęta, odrzucona, odłożona, alternatywa, otwarta)."),
    ("--note", "note", "TEXT", "The verdict note."),
    ("--alternative", "alternative", "TEXT", "The alternative that was agreed."),
    ("--reason", "reason", "TEXT",
     "Why it was rejected or deferred (stored in the same field as --alternative)."),
    ("--owner", "owner", "NAME", "Who carries out the decision."),
    ("--due", "due", "YYYY-MM-DD", "When it is due (a calendar date)."),
)


def field_options(func: F) -> F:
    """Add every request field option; an empty string clears a field."""
    for option, name, kind, text in reversed(FIELD_OPTIONS):
        if isinstance(kind, click.ParamType):
            func = click.option(option, name, type=kind, default=None, help=text)(func)
        else:
            func = click.option(option, name, default=None, metavar=kind, help=text)(func)
    return func


def field_values(options: dict[str, Any]) -> dict[str, Any]:
    """The fields given on the command line, with ``--reason`` stored as ``alternative``."""
    values = {name: value for name, value in options.items() if value is not None}
    if "reason" in values:
        if "alternative" in values:
            usage_error("--reason and --alternative set the same field; give only one.")
        values["alternative"] = values.pop("reason")
    return values


@click.group("request")
def request_group() -> None:
    """Capture, change and list a project's change requests.

    \b
    Example:
      reviewroom request add acme-onboarding "Make the logo bigger" --by Dana
      reviewroom request set acme-onboarding CR-1 --intent "Brand recognition" \\
          --criteria A1 --verdict inconsistent --decision deferred --reason "Next sprint"
    """


@request_group.command("add")
@project_argument
@click.argument("text")
@field_options
@pass_settings
def add_command(settings: Settings, /, project: str, text: str, **options: Any) -> None:
    """Record request TEXT in PROJECT's live meeting and print its ID (CR-<n>).

    The rules apply: a consistent or inconsistent verdict needs an intent and criteria, only a
    consistent verdict can be accepted, a rejection needs --reason and an alternative its text.

    \b
    Example:
      reviewroom request add acme-onboarding "Make the hero livelier" --by "Dana" \\
          --intent "Learners should feel welcome" --criteria A1 --verdict consistent
    """
    values = field_values(options)
    with settings.open(project, write=True) as opened:
        req = opened.add_request(text, **values)
        out(req.id)
        _warn_tone(opened, req)


@request_group.command("set")
@project_argument
@click.argument("request_id", metavar="CR-<n>")
@click.option("--text", "request", default=None, help="New wording of the request itself.")
@field_options
@pass_settings
def set_command(
    settings: Settings, /, project: str, request_id: str, **options: Any
) -> None:
    """Change fields of request CR-<n>; only the options given change, "" clears one.

    Setting --verdict (even to the same value) judges it again against the current criteria.

    \b
    Example:
      reviewroom request set acme-onboarding CR-3 --decision rejected \\
          --reason "Outside the agreed concept (C1)"
      reviewroom request set acme-onboarding CR-3 --due ""
    """
    values = field_values(options)
    if not values:
        usage_error("Nothing to change: give at least one option, such as --intent or --verdict.")
    with settings.open(project, write=True) as opened:
        before = opened.request(request_id)
        after = opened.update_request(request_id, **values)
        changed = [f for f in EDITABLE_FIELDS if getattr(before, f) != getattr(after, f)]
        lang = opened.lang
        if changed:
            fields = ", ".join(label(lang, f"field.{name}") for name in changed)
            out(label(lang, "cli.request.updated", id=after.id, fields=fields))
        elif after.verdict_version != before.verdict_version:
            out(label(lang, "cli.request.rejudged", id=after.id,
                      version=after.verdict_version))
        else:
            out(label(lang, "cli.request.unchanged", id=after.id))
        _warn_tone(opened, after, changed)


def _warn_tone(project: Project, req: ChangeRequest, fields: list[str] | None = None) -> None:
    """Rule 6: loaded or blaming phrases as warnings on stderr; they never block.

    Args:
        fields: only warn about these fields (the ones just changed); None for all.
    """
    lang = project.lang
    for warning in project.tone_warnings([req]):
        if fields is not None and warning.field not in fields:
            continue
        warn(label(lang, "cli.tone", id=warning.request,
                   field=label(lang, f"field.{warning.field}"), phrase=warning.phrase))


@request_group.command("list")
@project_argument
@click.option("--meeting", "meeting_ref", metavar="ID|latest",
              help="Only one meeting's list (carried-over requests included).")
@json_option
@pass_settings
def list_command(settings: Settings, project: str, meeting_ref: str | None,
                 as_json: bool) -> None:
    """List PROJECT's change requests (stale verdicts and carried-over requests marked).

    Works while a meeting is running.

    \b
    Example:
      reviewroom request list acme-onboarding --meeting latest
      reviewroom request list acme-onboarding --json
    """
    with settings.open(project) as opened:
        meeting = opened.meeting(meeting_ref) if meeting_ref else None
        requests = opened.meeting_requests(meeting) if meeting else opened.requests()
        if as_json:
            echo_json([request_dict(opened, r) for r in requests])
        elif not requests:
            out(label(opened.lang, "cli.request.none"))
        else:
            context = meeting or opened.latest_meeting
            out(_request_table(opened, requests, context))
            stale = [r.id for r in requests if opened.is_stale(r)]
            if stale:
                out(label(opened.lang, "cli.request.stale_footer", ids=", ".join(stale)))


def request_dict(project: Project, req: ChangeRequest) -> dict[str, Any]:
    """One request as ``request list --json`` prints it (exactly these keys)."""
    return {
        "id": req.id,
        "meeting": req.meeting,
        "request": req.request,
        "by": req.by,
        "where": req.where,
        "intent": req.intent,
        "criteria": list(req.criteria),
        "verdict": req.verdict.value,
        "decision": req.decision.value,
        "note": req.note,
        "alternative": req.alternative,
        "owner": req.owner,
        "due": req.due,
        "criteria_version": req.verdict_version,
        "stale": project.is_stale(req),
    }


def _request_table(project: Project, requests: list[ChangeRequest],
                   meeting: Meeting | None) -> str:
    """The readable request list: ID, request, by, verdict, decision, why it is listed."""
    lang = project.lang
    listing = {r.id: why for r, why in project.meeting_listing(meeting)} if meeting else {}
    columns = ("id", "request", "by", "verdict", "decision", "flags")
    headers = [label(lang, f"cli.request.col.{c}") for c in columns]
    rows = []
    for req in requests:
        verdict = label(lang, f"verdict.{req.verdict.value}")
        if project.is_stale(req):
            verdict = label(lang, "cli.request.stale_verdict", verdict=verdict)
        why = listing.get(req.id)
        flags = label(lang, f"cli.request.{why.value}", meeting=req.meeting) if why else ""
        if req.meeting is None:  # imported while no meeting ran: the next one adopts it
            flags = label(lang, "cli.request.agenda")
        rows.append([req.id, req.request, req.by, verdict,
                     label(lang, f"decision.{req.decision.value}"), flags])
    return format_table(headers, rows, [0, 48, 20, 0, 0, 0])
