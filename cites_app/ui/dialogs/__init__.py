"""Dialogs of the programme and the calendar (planner, séance editor, registration, fiches).

Their shared form pieces live in :mod:`cites_app.ui.dialogs.form_fields`.
"""
