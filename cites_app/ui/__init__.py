"""The Qt window: everything that imports PySide6 lives in this package and only here."""
