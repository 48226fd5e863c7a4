"""reviewroom's domain and persistence: criteria, meetings, change requests, durable store.

Nothing here imports Textual, Rich or the ``tui`` package; the UI and the CLI sit on top of
:class:`reviewroom.store.project.Project`.
"""

__version__ = "0.1.0"
