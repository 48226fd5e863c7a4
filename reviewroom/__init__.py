"""reviewroom: the facilitator's terminal app for e-learning review meetings.

The repository keeps the domain in ``store/`` and the app and CLI in ``tui/``; they install as
``reviewroom.store`` and ``reviewroom.tui`` (the two folders are linked in here), so nothing but
``reviewroom`` appears at the top level of site-packages.
"""
