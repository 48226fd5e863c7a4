"""The CLI's commands, one module per group; ``tui.cli`` registers them on the root group."""
