"""Database access: URLs, engines with the right pragmas, migrations and backups."""
