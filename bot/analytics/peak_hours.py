"""Peak hours: questions per hour of the week (Monday 0 h to Sunday 23 h, the city's time),
for the heat map of the dashboard."""
from __future__ import annotations

from typing import List

from bot.analytics.counts import QuestionCount
from bot.analytics.settings import analytics_settings

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def hour_of_week(rows: List[QuestionCount]) -> List[List[int]]:
    """7 rows (Monday first) of 24 hours."""
    zone = analytics_settings().timezone
    grid = [[0] * 24 for _ in DAYS]
    for row in rows:
        local = row.hour.astimezone(zone)
        grid[local.weekday()][local.hour] += row.questions
    return grid


def busiest(grid: List[List[int]], count: int = 3) -> List[tuple]:
    """The busiest (day name, hour, questions), most first; empty hours left out."""
    cells = [(DAYS[d], h, n) for d, row in enumerate(grid) for h, n in enumerate(row) if n]
    return sorted(cells, key=lambda cell: -cell[2])[:count]
