"""The calendar's painted views: a week of hours and a month grid, and what they share.

The views draw a :class:`~cites_app.registers.calendar.CalendarPeriod` (séances, days without
school) with QPainter; the page (:mod:`cites_app.ui.pages.calendar_page`) fetches the period and
reacts to their signals.
"""
