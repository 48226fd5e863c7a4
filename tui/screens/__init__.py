"""The app's screens and dialogs, one per file; dialogs return typed results via dismiss()."""
