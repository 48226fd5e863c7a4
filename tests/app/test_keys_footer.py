"""The footer is one widget drawing one line (issue 13, part 2): no key widgets, no recompose,
and a repaint only when the keys it shows change; it looks and acts like Textual's footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding

from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import KeysFooter, RequestsTable
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, make_app, settle, wait_until

SIZE = (100, 30)


@pytest.fixture
def folder(new_project: ProjectFactory) -> Path:
    """A live meeting with two requests."""
    return new_project(meeting=PROTOTYPE_REVIEW, requests=["Shorter course", "Bigger logo"])


def count_renders(monkeypatch: pytest.MonkeyPatch) -> list[KeysFooter]:
    """Record every footer render (a repaint of its line)."""
    renders: list[KeysFooter] = []
    render = KeysFooter.render

    def counted(self: KeysFooter) -> object:
        renders.append(self)
        return render(self)

    monkeypatch.setattr(KeysFooter, "render", counted)
    return renders


async def opened(pilot: object, app: object) -> MeetingScreen:
    """Wait for the meeting screen and its rows."""
    await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen)  # type: ignore[attr-defined]
                     and app.screen.query_one(RequestsTable).row_count > 0)  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    return app.screen  # type: ignore[attr-defined,no-any-return]


async def test_keys_that_stay_repaint_nothing_and_no_key_is_a_widget(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Focus moving between widgets that offer the same keys leaves the line alone (Textual's
    footer recomposed a widget per key, a layout and a frame, at each); new keys repaint it."""
    renders = count_renders(monkeypatch)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        footer = screen.query_one(KeysFooter)
        assert "n" in footer.shown_keys and "New" in str(footer.render())
        renders.clear()
        keys = footer.shown_keys
        for key in ("tab", "tab", "shift+tab", "down", "up"):
            await pilot.press(key)
            await settle(pilot)
        assert footer.shown_keys == keys
        assert renders == []
        await pilot.press("n")
        await settle(pilot)
        assert "ctrl+s" in footer.shown_keys and renders
        assert not footer.children and screen.query(KeysFooter).nodes == [footer]
    app.project.close()


async def test_a_click_on_a_key_presses_it(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        await pilot.click(KeysFooter, offset=(1, 0))  # " n New "
        await wait_until(pilot, lambda: screen.editing)
        await pilot.press("escape")
    app.project.close()


async def test_hovering_a_key_lights_it_and_shows_its_tooltip(folder: Path) -> None:
    """The palette's key has a tooltip (its description, as on Textual's footer); ``n`` none."""
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        footer = screen.query_one(KeysFooter)
        plain = background(footer, "palette")
        await pilot.hover(KeysFooter, offset=(SIZE[0] - 3, 0))
        await wait_until(pilot, lambda: footer.tooltip == "palette")
        assert background(footer, "palette") != plain
        await pilot.hover(KeysFooter, offset=(1, 0))
        await wait_until(pilot, lambda: footer.tooltip is None)
        assert background(footer, "palette") == plain
        assert background(footer, "New") != plain
    app.project.close()


def background(footer: KeysFooter, word: str) -> object:
    """The background the footer draws ``word`` on."""
    return style_of(footer, word).bgcolor


def style_of(footer: KeysFooter, word: str) -> Style:
    """The style of the footer's line where ``word`` starts."""
    line = footer.render()
    return line.get_style_at_offset(footer.app.console, line.plain.index(word))


async def test_the_footer_follows_a_theme_change(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        footer = screen.query_one(KeysFooter)
        before = style_of(footer, " n ")
        app.theme = "textual-light"
        await wait_until(pilot, lambda: style_of(footer, " n ") != before)
        assert style_of(footer, " n ").bold
    app.project.close()


class Host(App[None]):
    """A footer under three keys: one shown, one disabled, one hidden."""

    BINDINGS = [
        Binding("a", "one", "One", id="one"),
        Binding("b", "two", "Two", id="two"),
        Binding("x", "two", "Two again", id="two-again"),  # the same action: shown once
        Binding("c", "three", "Three", id="three", show=False),
    ]

    def compose(self) -> ComposeResult:
        """Just the footer."""
        yield KeysFooter(("two", "one"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``two`` is shown but disabled."""
        return None if action == "two" else True

    def action_one(self) -> None:
        """Count the presses."""
        self.pressed = getattr(self, "pressed", 0) + 1


async def test_a_disabled_key_is_dim_and_a_click_on_it_does_nothing() -> None:
    app = Host()
    async with app.run_test(size=(60, 5)) as pilot:
        footer = app.query_one(KeysFooter)
        assert footer.shown_keys == ("a", "b", "ctrl+p")
        assert "Three" not in str(footer.render()) and "again" not in str(footer.render())
        assert style_of(footer, "Two").dim and not style_of(footer, "One").dim
        await pilot.click(KeysFooter, offset=(str(footer.render()).index("Two"), 0))
        await pilot.click(KeysFooter, offset=(1, 0))
        await pilot.pause()
        assert getattr(app, "pressed", 0) == 1


async def test_a_short_line_drops_the_least_needed_keys() -> None:
    app = Host()
    async with app.run_test(size=(25, 5)) as pilot:
        footer = app.query_one(KeysFooter)
        assert footer.dropped == {"one"} and footer.shown_keys == ("b", "ctrl+p")
        await pilot.resize_terminal(60, 5)
        await wait_until(pilot, lambda: footer.shown_keys == ("a", "b", "ctrl+p"))
        assert not footer.dropped
        await pilot.resize_terminal(8, 5)  # narrower than the palette's key alone
        await wait_until(pilot, lambda: footer.size.width == 8)
        assert "".join(segment.text for segment in footer.render_line(0)) == "▏^p pale"
