"""Command-line interface: the same services as the window (DESIGN.md §9)."""
