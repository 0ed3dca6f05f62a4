"""The monthly open data: questions asked to the assistant per topic, language and channel,
for the city's social needs diagnostic (analyse des besoins sociaux).

    python -m bot.cli opendata [--month 2026-11] [--out var/opendata]     # or: make opendata
    python -m bot.cli opendata --rollup-only     # roll up alone (`make retention` also does, first)

Counts only, from the rolled-up counts (rollup.py, refreshed from the tracker store first):
one row per topic × language × channel and one per total (topic, language, channel, all);
every count under 10 is suppressed, and enough others with it that none can be recomputed
from the totals (suppression.py). Written as CSV and JSON, with a README describing the
fields, the suppression and the licence (Licence Ouverte 2.0), into <out>/<month>/.
"""
from __future__ import annotations

import argparse
import csv
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy.engine import Engine

from bot.analytics import counts, rollup
from bot.analytics.database import ROOT, dispose_all, engine_for, stats_db_url, tracker_db_url
from bot.analytics.settings import analytics_settings
from bot.analytics.suppression import TOTAL, cube_equations, suppress
from bot.languages import load_languages

README_TEMPLATE = Path(__file__).with_name("opendata_readme.md")
FIELDS = ["month", "topic", "topic_label", "language", "channel", "questions", "suppressed"]
DATASET = "levallois-assistant-questions"


@dataclass(frozen=True)
class Row:
    month: str
    topic: str
    topic_label: str
    language: str
    channel: str
    questions: Optional[int]      # None when suppressed
    suppressed: bool


def month_bounds(month: str) -> Tuple[datetime, datetime]:
    """The city's calendar month as a UTC interval."""
    year, number = (int(part) for part in month.split("-"))
    zone = analytics_settings().timezone
    start = datetime.combine(date(year, number, 1), time(0), zone)
    end = datetime.combine(date(year + number // 12, number % 12 + 1, 1), time(0), zone)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def previous_month(now: datetime) -> str:
    local = now.astimezone(analytics_settings().timezone)
    return f"{local.year - 1}-12" if local.month == 1 else f"{local.year}-{local.month - 1:02d}"


def _dimensions(rows: List[counts.QuestionCount]) -> Tuple[List[str], List[str], List[str]]:
    """The cube's axes: every known topic, language and channel (so a missing row says
    nothing), and any other one found in the data."""
    settings = analytics_settings()
    topics = list(settings.topics) + sorted({r.topic for r in rows} - set(settings.topics))
    languages = list(load_languages().codes) + sorted({r.language for r in rows} - set(load_languages().codes))
    channels = list(settings.channels) + sorted({r.channel for r in rows} - set(settings.channels))
    return topics, languages, channels


def monthly_table(stats: Engine, month: str) -> List[Row]:
    settings = analytics_settings()
    since, until = month_bounds(month)
    rows = counts.question_counts(stats, since, until)
    topics, languages, channels = _dimensions(rows)
    equations = cube_equations(topics, languages, channels)
    values: Dict[tuple, int] = {(t, l, c): 0 for t in topics for l in languages for c in channels}
    for row in rows:
        values[(row.topic, row.language, row.channel)] += row.questions
    for equation in equations:
        values[equation.total] = sum(values[k] for k in equation.terms)
    hidden = suppress(values, equations, settings.opendata_threshold)
    order = {key: index for index, key in enumerate(
        [(t, l, c) for t in topics + [TOTAL] for l in languages + [TOTAL] for c in channels + [TOTAL]])}
    return [Row(month, t, settings.topic_labels.get(t, "Tous les thèmes" if t == TOTAL else t), l, c,
                None if (t, l, c) in hidden else values[(t, l, c)], (t, l, c) in hidden)
            for (t, l, c) in sorted(values, key=lambda k: order[k])]


def write_export(table: Sequence[Row], month: str, out: Path, now: Optional[datetime] = None) -> List[Path]:
    """CSV, JSON and README into out/<month>/; each file written whole, then renamed into place."""
    settings = analytics_settings()
    folder = out / month
    folder.mkdir(parents=True, exist_ok=True)
    generated = (now or datetime.now(timezone.utc)).astimezone(settings.timezone).isoformat(timespec="seconds")
    base = folder / f"{DATASET}-{month}"
    written = []

    def put(path: Path, text: str) -> None:
        partial = path.with_name(path.name + ".part")
        partial.write_text(text, encoding="utf-8", newline="")
        partial.replace(path)
        written.append(path)

    lines = [",".join(FIELDS)]
    for row in table:
        record = {**row.__dict__, "questions": "" if row.questions is None else row.questions,
                  "suppressed": "true" if row.suppressed else "false"}
        lines.append(_csv_line([record[f] for f in FIELDS]))
    put(base.with_suffix(".csv"), "\r\n".join(lines) + "\r\n")
    put(base.with_suffix(".json"), json.dumps({
        "dataset": DATASET, "month": month, "generated": generated, "publisher": settings.publisher,
        "licence": settings.licence, "licence_url": settings.licence_url,
        "suppression_threshold": settings.opendata_threshold, "total_marker": TOTAL,
        "rows": [row.__dict__ for row in table]}, ensure_ascii=False, indent=1) + "\n")
    readme = README_TEMPLATE.read_text(encoding="utf-8").format(
        month=month, dataset=DATASET, generated=generated, threshold=settings.opendata_threshold,
        licence=settings.licence, licence_url=settings.licence_url, publisher=settings.publisher,
        topics="\n".join(f"| `{t}` | {label} |" for t, label in settings.topic_labels.items()),
        languages=", ".join(f"`{c}`" for c in load_languages().codes),
        channels="\n".join(f"| `{c}` | {label} |" for c, label in settings.channel_labels.items()),
        rows=len(table), suppressed=sum(r.suppressed for r in table))
    put(folder / "README.md", readme)
    return written


def _csv_line(values: Sequence[object]) -> str:
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli opendata", description=__doc__.split("\n\n")[0])
    parser.add_argument("--month", help="YYYY-MM, a month that is over (default: last month)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "opendata", help="folder (default var/opendata)")
    parser.add_argument("--rollup-only", action="store_true",
                        help="only roll the counts up from the tracker store (the retention job does it too)")
    args = parser.parse_args(argv)
    now = datetime.now(timezone.utc)
    if args.rollup_only:
        try:
            days = rollup.refresh(engine_for(tracker_db_url()), engine_for(stats_db_url()), now)
        finally:
            dispose_all()
        print(f"analytics: {len(days)} days rolled up")
        return 0
    month = args.month or previous_month(now)
    try:
        since, until = month_bounds(month)
        if len(month) != 7:
            raise ValueError
    except ValueError:
        parser.error(f"--month must be YYYY-MM, not {month!r}")
    if until > now:
        parser.error(f"{month} is not over yet: its figures would change")
    tracker, stats = engine_for(tracker_db_url()), engine_for(stats_db_url())
    try:
        rollup.refresh(tracker, stats, now)
        table = monthly_table(stats, month)
        written = write_export(table, month, args.out, now)
    finally:
        dispose_all()
    published = [r for r in table if not r.suppressed]
    print(f"open data {month}: {len(table)} rows, {len(table) - len(published)} suppressed "
          f"(counts under {analytics_settings().opendata_threshold} and what would reveal them); "
          f"{', '.join(str(p) for p in written)}")
    return 0
