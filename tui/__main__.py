"""``python -m tui``: the ``reviewroom`` command, for when the console script is not on PATH."""

from tui.cli import main

main()
