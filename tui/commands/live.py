"""The commands that start the meeting app: ``open`` (also ``reviewroom PROJECT``) and ``demo``.

Textual is imported only inside these commands, so the rest of the CLI stays fast.
"""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

import click

from store.project import Project

DEFAULT_SAMPLE = "northwind-onboarding"


def _root_options(ctx: click.Context) -> tuple[Path | None, str | None]:
    """``--home`` and ``--lang`` of the top-level group."""
    params = ctx.find_root().params
    home = params.get("home")
    return (Path(home) if home else None), params.get("lang")


def run_app(
    project: Project,
    *,
    lang: str | None,
    read_only: bool = False,
    meeting_title: str | None = None,
    mouse: bool = True,
) -> None:
    """Run the meeting app on an opened project and close it (releasing the lock) whatever happens.

    What the app leaves for the terminal (such as "meeting ended") Textual prints on exit.
    """
    from tui.app import ReviewApp

    with project:
        app = ReviewApp(project, lang=lang, read_only=read_only, meeting_title=meeting_title)
        app.run(mouse=mouse)


def sample_names() -> list[str]:
    """The bundled samples, shipped inside the package."""
    root = resources.files("tui").joinpath("samples")
    return sorted(entry.name for entry in root.iterdir() if entry.is_dir())


def copy_sample(name: str, home: Path) -> Path:
    """Copy a bundled sample into ``home`` (0700) so the demo never touches the package."""
    if name not in sample_names():
        raise click.BadParameter(
            f"'{name}' is not a bundled sample; choose one of: {', '.join(sample_names())}",
            param_hint="SAMPLE",
        )
    source = resources.files("tui").joinpath("samples", name)
    target = home / name
    with resources.as_file(source) as folder:
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns("*.lock", "*.bak"))
    for path in [target, *target.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    return target


@click.command("open")
@click.argument("project")
@click.option("--new-meeting", "meeting_title", metavar="TITLE",
              help="With no live meeting, start one with this title instead of asking.")
@click.option("--no-mouse", is_flag=True, help="No mouse tracking (quieter over slow SSH links).")
@click.pass_context
def open_command(ctx: click.Context, project: str, meeting_title: str | None,
                 no_mouse: bool) -> None:
    """Open the meeting screen of PROJECT (resumes its live meeting).

    \b
    Example:
      reviewroom open northwind-onboarding
      reviewroom northwind-onboarding --new-meeting "Prototype review 2"
    """
    home, lang = _root_options(ctx)
    opened = Project.open(project, home=home, lang=lang)
    run_app(opened, lang=lang, meeting_title=meeting_title, mouse=not no_mouse)


@click.command("watch")
@click.argument("project")
@click.option("--no-mouse", is_flag=True, help="No mouse tracking (quieter over slow SSH links).")
@click.pass_context
def watch_command(ctx: click.Context, project: str, no_mouse: bool) -> None:
    """Follow PROJECT's live meeting read-only, as it happens.

    Takes no lock and writes nothing, so any number of watchers can follow one writer: give a
    client their own SSH login and let them run this. Changes show within a second.

    \b
    Example:
      reviewroom watch northwind-onboarding
    """
    home, lang = _root_options(ctx)
    opened = Project.open(project, home=home, lang=lang, readonly=True)
    run_app(opened, lang=lang, read_only=True, mouse=not no_mouse)


@click.command("demo")
@click.argument("sample", required=False, default=DEFAULT_SAMPLE)
@click.option("--no-mouse", is_flag=True, help="No mouse tracking (quieter over slow SSH links).")
@click.pass_context
def demo_command(ctx: click.Context, sample: str, no_mouse: bool) -> None:
    """Copy a bundled sample project to a scratch home and open it.

    Your own projects are never touched; the scratch folder's path is printed on exit.

    \b
    Example:
      reviewroom demo
      reviewroom demo ochrona-danych-przychodnia
    """
    _, lang = _root_options(ctx)
    scratch = Path(tempfile.mkdtemp(prefix="reviewroom-demo-"))
    folder = copy_sample(sample, scratch)
    project = Project.open(folder, lang=lang)
    title = None if project.live_meeting else _next_title(project)
    run_app(project, lang=lang, meeting_title=title, mouse=not no_mouse)
    click.echo(f"demo project: {folder}")


def _next_title(project: Project) -> str:
    """A title for the demo's next meeting, so the demo opens straight onto the screen."""
    from store.i18n import t

    return t(project.lang, "tui.demo_meeting", number=len(project.meetings()) + 1)
