"""Errors of the attendance services, each carrying a French message for the coordinator."""

from __future__ import annotations


class AttendanceError(Exception):
    """A refusal to show to the user as is (French message)."""


class MarkConflictError(AttendanceError):
    """Someone else changed this pupil's mark since the user saw it (raised only when the
    caller asked to refuse conflicts; by default the last write wins and the conflict is
    reported in :attr:`~cites_app.attendance.roll_call.MarkResult.conflict`)."""
