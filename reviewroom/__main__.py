"""``python -m reviewroom``: the same as the ``reviewroom`` command."""

from reviewroom.tui.cli import main

main()
