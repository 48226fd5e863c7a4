"""The meeting screen's panels, one widget per file."""

from reviewroom.tui.widgets.criteria_panel import CriteriaPanel
from reviewroom.tui.widgets.detail_pane import DetailPane
from reviewroom.tui.widgets.keys_footer import KeysFooter
from reviewroom.tui.widgets.meeting_header import MeetingHeader
from reviewroom.tui.widgets.requests_table import RequestsTable

# StoreWatcher (a watcher's) is imported from its module where it is used: a writer's screen,
# the one whose first paint counts, never needs it.
__all__ = ["CriteriaPanel", "DetailPane", "KeysFooter", "MeetingHeader", "RequestsTable"]
