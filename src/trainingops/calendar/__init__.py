"""Private iCalendar feeds of scheduled sessions and practices."""
