"""The meeting screen's panels, one widget per file."""

from tui.widgets.criteria_panel import CriteriaPanel
from tui.widgets.detail_pane import DetailPane
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.meeting_header import MeetingHeader
from tui.widgets.requests_table import RequestsTable

__all__ = ["CriteriaPanel", "DetailPane", "KeysFooter", "MeetingHeader", "RequestsTable"]
