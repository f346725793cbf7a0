"""Use cases shared by the CLI and the TUI, and the file formats they read and write."""
