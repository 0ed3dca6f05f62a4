"""Weekly templates: weekday names and "HH:MM-HH:MM" ranges."""

from datetime import date, time

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_name(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def parse_range(value: str) -> tuple[time, time]:
    start, end = value.split("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())


def full_week(hours: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """Every weekday present, in order; missing days are closed."""
    hours = hours or {}
    return {day: list(hours.get(day) or []) for day in WEEKDAYS}


def week_of_month(day: date) -> int:
    """1 for days 1-7, 2 for 8-14... (the '1st/3rd friday of the month' convention)."""
    return (day.day - 1) // 7 + 1
