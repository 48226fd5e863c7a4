"""``python -m reviewroom``: the same as the ``reviewroom`` command."""

from reviewroom.tui.launcher import main

main()
