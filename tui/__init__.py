"""reviewroom's terminal side: the click CLI and the Textual meeting app."""
