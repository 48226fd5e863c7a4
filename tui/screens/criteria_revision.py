"""Revise the criteria item by item: a list grouped by section, then a preview before saving."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewroom.store.errors import BriefError, ReviewError
from reviewroom.store.i18n import t
from reviewroom.store.model import CriteriaVersion, Section
from reviewroom.store.project import Project
from reviewroom.store.revision import CriteriaDraft, DraftItem, check_criteria
from reviewroom.store.text import clean_line
from reviewroom.tui.keys import localised
from reviewroom.tui.language import ui_language
from reviewroom.tui.plain import keep_stored, shown
from reviewroom.tui.screens.dialog import Dialog
from reviewroom.tui.typeahead import flow
from reviewroom.tui.widgets.error_line import ErrorLine

SECTION_ROW = "section:"  # option IDs: "section:result" for a heading, the item ID for an item
KEY_NAMES = {"escape": "esc", "delete": "del"}


class CriteriaRevision(Dialog[CriteriaVersion | None]):
    """The current criteria as a list; add, reword and remove items one at a time.

    Nothing is saved until the preview (``s``) is confirmed, so a removal is only marked (and
    undone by the same key) and every edit can still be looked over. IDs come from the domain's
    draft: an item keeps its ID, a new one gets an ID no version ever had. ``r`` opens the
    brief's Markdown for those who prefer it.
    """

    DEFAULT_CSS = """
    CriteriaRevision > .dialog-frame { width: 96%; max-width: 120; height: 96%; }
    CriteriaRevision OptionList, CriteriaRevision OptionList:focus { height: 1fr; border: none;
                                                                     padding: 0; }
    """
    BINDINGS = [
        Binding("a", "add", "Add", id="revision-add"),
        Binding("e", "edit", "Edit", id="revision-edit"),
        Binding("x,delete", "remove", "Remove", id="revision-remove"),
        Binding("r", "raw", "Brief text", id="revision-raw"),
        Binding("s,ctrl+s", "save", "Save", id="revision-save"),
        Binding("escape", "cancel", "Cancel", id="revision-cancel"),
    ]

    def __init__(self, project: Project, request_id: str | None) -> None:
        super().__init__()
        self.project = project
        self.request_id = request_id
        self.draft = CriteriaDraft(project.criteria, project.ever_ids())
        self.reason = ""  # what the preview was given, kept between previews
        self.linked = request_id

    @property
    def lang(self) -> str:
        """The UI language: the app's, else the project's."""
        return ui_language(self, self.project.lang)

    def compose(self) -> ComposeResult:
        """Title, the list, the line that says why a key did nothing, the keys."""
        with Vertical(classes="dialog-frame"):
            yield Static(Content(t(self.lang, "editor.title",
                                   version=self.project.criteria_version)),
                         classes="dialog-title")
            yield OptionList(*self._options(), id="revision-list", markup=False)
            yield ErrorLine(id="revision-error")
            yield Static(self._hint(), classes="keys")

    def on_mount(self) -> None:
        """Start on the highlighted request's first criterion, else the first item."""
        first = [item.id for item in self.draft.items(Section.PROBLEM)]
        names = self._request_criteria()[:1] + first
        self._highlight(names[0] if names else f"{SECTION_ROW}{Section.PROBLEM.value}")
        self.query_one(OptionList).focus()

    def _request_criteria(self) -> list[str]:
        """The criteria the highlighted request names (none when there is no such request)."""
        if not self.request_id:
            return []
        try:
            named = self.project.request(self.request_id).criteria
        except ReviewError:
            return []
        return [cid for cid in named if cid in self.project.criteria.by_id()]

    def _hint(self) -> Content:
        """The keys, from the (translated) bindings themselves."""
        parts = []
        for binding in self.BINDINGS:
            if isinstance(binding, Binding):
                key = "/".join(KEY_NAMES.get(k, k) for k in binding.key.split(",")[:2])
                parts.append(f"{key} {binding.description}")
        return Content(" · ".join(parts))

    # ----------------------------------------------------------------- the list

    def _options(self) -> list[Option]:
        """A heading per section, then its items (marked new, changed or removed)."""
        options = []
        for section in Section:
            options.append(Option(self._heading(section), id=f"{SECTION_ROW}{section.value}"))
            options.extend(Option(self._row(item), id=item.id)
                           for item in self.draft.items(section))
        return options

    def _heading(self, section: Section) -> Content:
        """``Problem``, ``Goals · Result`` …, in the UI language."""
        name = t(self.lang, f"section.{section.value}")
        if section.is_goal:
            name = f"{t(self.lang, 'tui.criteria.goals')} · {name}"
        return Content.styled(name, "bold $accent")

    def _row(self, item: DraftItem) -> Content:
        """``  R2  text``, with what the draft did to it; client text is sanitised data."""
        mark, style = "  ", ""
        if item.removed:
            mark, style = "- ", "strike $text-muted"
        elif item.was is None:
            mark, style = "+ ", "$success"
        elif item.changed:
            mark, style = "~ ", "$warning"
        note = self._note(item)
        return Content.assemble(
            (mark, "bold"), (f"{item.id:<4}", "bold"), (clean_line(item.text), style),
            (f"  ({note})" if note else "", "italic $text-muted"),
        )

    def _note(self, item: DraftItem) -> str:
        """The word after a changed row: new, changed, removed."""
        if item.removed:
            return t(self.lang, "revision.removed")
        if item.was is None:
            return t(self.lang, "revision.added")
        return t(self.lang, "revision.changed") if item.changed else ""

    def _refresh_list(self, highlight: str) -> None:
        """Redraw the list after a change and keep the cursor where the facilitator works."""
        options = self.query_one(OptionList)
        options.set_options(self._options())
        self._highlight(highlight)

    def _highlight(self, option_id: str) -> None:
        """Put the cursor on one row by its option ID."""
        options = self.query_one(OptionList)
        options.highlighted = options.get_option_index(option_id)

    def _current(self) -> tuple[Section, DraftItem | None]:
        """The section under the cursor and the item there (None on a heading)."""
        option = self.query_one(OptionList).highlighted_option
        option_id = option.id if option and option.id else f"{SECTION_ROW}{Section.PROBLEM.value}"
        if option_id.startswith(SECTION_ROW):
            return Section(option_id.removeprefix(SECTION_ROW)), None
        item = self.draft.item(option_id)
        return item.section, item

    def _say(self, message: str | None) -> None:
        """One line under the list about a key that did nothing (or clear it)."""
        self.query_one("#revision-error", ErrorLine).show(message)

    # ----------------------------------------------------------------- the keys

    @flow
    async def action_add(self) -> None:
        """``a``: a new item at the end of the section under the cursor."""
        from reviewroom.tui.screens.text_prompt import TextPrompt

        section, _ = self._current()
        self._say(None)
        question = t(self.lang, "revision.add_prompt", id=self.draft.upcoming(section),
                     section=t(self.lang, f"section.{section.value}"))
        text = await self.app.push_screen_wait(TextPrompt(question))
        if text is not None:
            self._refresh_list(self.draft.add(section, text.strip()).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """``enter`` on an item edits it, like ``e``; on a heading it adds to that section."""
        event.stop()
        if event.option.id and event.option.id.startswith(SECTION_ROW):
            self.action_add()
        else:
            self.action_edit()

    @flow
    async def action_edit(self) -> None:
        """``e``: reword the highlighted item; its ID stays."""
        from reviewroom.tui.screens.text_prompt import TextPrompt

        _, item = self._current()
        if item is None:
            self._say(t(self.lang, "revision.on_heading"))
            return
        if item.removed:
            self._say(t(self.lang, "revision.edit_removed", id=item.id))
            return
        self._say(None)
        prompt = TextPrompt(t(self.lang, "revision.edit_prompt", id=item.id),
                            value=shown(item.text))
        text = await self.app.push_screen_wait(prompt)
        if text is not None:
            self.draft.edit(item.id, keep_stored(text.strip(), item.text))
            self._refresh_list(item.id)

    def action_remove(self) -> None:
        """``x``: mark the highlighted item removed, or keep it after all (the same key)."""
        _, item = self._current()
        if item is None:
            self._say(t(self.lang, "revision.on_heading"))
            return
        self._say(None)
        self._refresh_list(self.draft.toggle_removed(item.id).id)

    @flow
    async def action_raw(self) -> None:
        """``r``: the brief's Markdown (with this draft in it), for those who prefer it."""
        from reviewroom.tui.screens.criteria_editor import CriteriaEditor

        editor = localised(CriteriaEditor, self.lang)(self.project, self.request_id,
                                                      start=self.draft.criteria())
        version = await self.app.push_screen_wait(editor)
        if version is not None:
            self.dismiss(version)

    @flow
    async def action_save(self) -> None:
        """``s``: check the draft like a brief, then the preview; confirming it saves."""
        from reviewroom.tui.screens.revision_preview import RevisionPreview

        if not self.draft.changes():
            self._say(t(self.lang, "rule.revision_unchanged"))
            return
        criteria = self.draft.criteria()
        try:
            warnings = check_criteria(criteria)
        except BriefError as error:
            self._say(error.problems[0].message(self.lang))
            return
        self._say(None)
        preview = localised(RevisionPreview, self.lang)(
            self.project, criteria, self.draft.changes(), warnings, self.linked, self.reason)
        version = await self.app.push_screen_wait(preview)
        if version is not None:
            self.dismiss(version)
        self.reason, self.linked = preview.reason, preview.request_id  # for the next preview

    def action_cancel(self) -> None:
        """``escape``: leave; nothing was saved, so the criteria stay as they were."""
        self.dismiss(None)
