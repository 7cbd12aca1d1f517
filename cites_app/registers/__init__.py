"""Read-only query services behind the window's lists and home page (no Qt here).

Each register sorts and filters in SQL (portable SQLAlchemy expressions, same SQL on SQLite and
PostgreSQL) and returns plain dataclasses; the UI only formats and displays them.
"""
