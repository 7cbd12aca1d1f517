"""Cités éducatives — coordination: periscolaire sessions, attendance and social-mix indicators."""

__version__ = "0.1.0"
