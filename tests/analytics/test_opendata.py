"""The monthly open data: counts per topic, language and channel with their totals; every
count under 10 suppressed, and none recomputable from what is published — checked by an
attacker written here from the published CSV alone (linear programs over the totals)."""
from __future__ import annotations

import csv
import json
import os
import random
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Tuple

import numpy as np
import pytest
import sqlalchemy as sa
from scipy.optimize import linprog

from bot.analytics import rollup
from bot.analytics.opendata import FIELDS, month_bounds, monthly_table, previous_month, write_export
from bot.analytics.suppression import TOTAL, cube_equations, suppress
from bot.cli.stack import ROOT
from tests.analytics.seed import city_month, save_all, tracker_store

THRESHOLD = 10
OCTOBER_END = datetime(2026, 10, 31, 20, 0, tzinfo=timezone.utc)


def attack(rows: List[Dict[str, str]]) -> Dict[Tuple[str, str, str], Tuple[float, float]]:
    """For every suppressed count, the least and most it can be given every published count,
    the totals (a `total` row is the sum of the rows it covers) and counts being >= 0."""
    key = lambda r: (r["topic"], r["language"], r["channel"])
    cells = [key(r) for r in rows]
    published = {key(r): int(r["questions"]) for r in rows if r["suppressed"] == "false"}
    unknown = [k for k in cells if k not in published]
    position = {k: i for i, k in enumerate(unknown)}
    equations, rhs = [], []
    for total in (k for k in cells if TOTAL in k):
        covered = [k for k in cells if TOTAL not in k and all(t == TOTAL or t == v for t, v in zip(total, k))]
        row, known = np.zeros(len(unknown)), 0
        for k in covered:
            if k in position:
                row[position[k]] += 1
            else:
                known += published[k]
        if total in position:
            row[position[total]] -= 1
            rhs.append(-known)
        else:
            rhs.append(published[total] - known)
        equations.append(row)
    ranges = {}
    for k in unknown:
        objective = np.zeros(len(unknown))
        objective[position[k]] = 1
        low = linprog(objective, A_eq=np.array(equations), b_eq=np.array(rhs), bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=np.array(equations), b_eq=np.array(rhs), bounds=(0, None), method="highs")
        assert low.status == 0, low.message
        ranges[k] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return ranges


@pytest.fixture(scope="module")
def october(tmp_path_factory: pytest.TempPathFactory):
    """A month of the city (260 conversations in October 2026), rolled up."""
    folder = tmp_path_factory.mktemp("opendata")
    store = tracker_store(folder / "tracker.db")
    save_all(store, city_month(OCTOBER_END))
    stats = sa.create_engine(f"sqlite:///{folder / 'analytics.db'}")
    rollup.refresh(store.engine, stats, datetime(2026, 11, 2, tzinfo=timezone.utc))
    yield folder, stats
    stats.dispose()
    store.engine.dispose()


def test_the_export_has_every_cell_and_total_and_hides_every_count_under_10(october, tmp_path):
    _, stats = october
    table = monthly_table(stats, "2026-10")
    written = write_export(table, "2026-10", tmp_path)
    assert [p.name for p in written] == ["levallois-assistant-questions-2026-10.csv",
                                         "levallois-assistant-questions-2026-10.json", "README.md"]
    with written[0].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == FIELDS
    topics = {r["topic"] for r in rows} - {TOTAL}
    languages = {r["language"] for r in rows} - {TOTAL}
    channels = {r["channel"] for r in rows} - {TOTAL}
    assert (len(topics), len(languages), len(channels)) == (12, 6, 5)
    assert len(rows) == 12 * 6 * 5 + 12 + 6 + 5 + 1
    grand = next(r for r in rows if (r["topic"], r["language"], r["channel"]) == (TOTAL, TOTAL, TOTAL))
    assert grand["suppressed"] == "false" and int(grand["questions"]) > 400

    for row in rows:
        if row["suppressed"] == "true":
            assert row["questions"] == ""
        else:
            assert int(row["questions"]) >= THRESHOLD, row

    document = json.loads(written[1].read_text(encoding="utf-8"))
    assert document["licence"].startswith("Licence Ouverte") and document["suppression_threshold"] == 10
    assert len(document["rows"]) == len(rows)
    assert all(r["questions"] is None for r in document["rows"] if r["suppressed"])
    readme = written[2].read_text(encoding="utf-8")
    for needed in ("Licence Ouverte", "etalab.gouv.fr", "inférieur à 10", "suppressed", "topic_label",
                   "Masquage complémentaire", "2026-10"):
        assert needed in readme, needed
    assert not list(tmp_path.rglob("*.part"))


def test_no_suppressed_count_can_be_recomputed_from_the_published_ones(october, tmp_path):
    _, stats = october
    table = monthly_table(stats, "2026-10")
    [csv_file, *_] = write_export(table, "2026-10", tmp_path)
    with csv_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    truth = {(r.topic, r.language, r.channel): r for r in table}
    ranges = attack(rows)
    assert ranges
    for cell, (low, high) in ranges.items():
        assert high - low >= 1, f"{cell} is pinned to {low}"
    # the attacker's ranges hold the truth (the published totals are right)
    from bot.analytics import counts

    since, until = month_bounds("2026-10")
    real: Dict[tuple, int] = {}
    for row in counts.question_counts(stats, since, until):
        real[(row.topic, row.language, row.channel)] = real.get((row.topic, row.language, row.channel), 0) + row.questions
    for cell, (low, high) in ranges.items():
        if TOTAL not in cell:
            assert low - 1e-6 <= real.get(cell, 0) <= high + 1e-6
    assert len(truth) == len(rows)


@pytest.mark.parametrize("seed", range(6))
def test_complementary_suppression_holds_on_random_tables(seed):
    rng = random.Random(seed)
    topics, languages, channels = ["t1", "t2", "t3", "t4"], ["fr", "en", "ar"], ["web", "kiosk", "sms"]
    values = {(t, l, c): rng.choice([0, 0, 1, 3, 8, 9, 10, 12, 25, 60]) for t in topics for l in languages
              for c in channels}
    equations = cube_equations(topics, languages, channels)
    for equation in equations:
        values[equation.total] = sum(values[k] for k in equation.terms)
    hidden = suppress(values, equations, THRESHOLD)
    assert {k for k, v in values.items() if v < THRESHOLD} <= hidden
    rows = [{"topic": k[0], "language": k[1], "channel": k[2], "questions": "" if k in hidden else str(v),
             "suppressed": "true" if k in hidden else "false"} for k, v in values.items()]
    for cell, (low, high) in attack(rows).items():
        if values[cell] < THRESHOLD:
            assert high - low >= 1, (cell, values[cell], low, high)


def test_one_small_cell_alone_in_its_row_takes_a_neighbour_with_it():
    topics, languages, channels = ["a", "b"], ["fr", "en"], ["web", "sms"]
    values = {("a", "fr", "web"): 50, ("a", "fr", "sms"): 30, ("a", "en", "web"): 4, ("a", "en", "sms"): 20,
              ("b", "fr", "web"): 40, ("b", "fr", "sms"): 25, ("b", "en", "web"): 15, ("b", "en", "sms"): 12}
    equations = cube_equations(topics, languages, channels)
    for equation in equations:
        values[equation.total] = sum(values[k] for k in equation.terms)
    hidden = suppress(values, equations, THRESHOLD)
    assert ("a", "en", "web") in hidden and len(hidden) >= 3   # 4 = 24 - 20 would be found otherwise
    assert (TOTAL, TOTAL, TOTAL) not in hidden


def test_months_are_the_citys_calendar_months():
    since, until = month_bounds("2026-10")      # summer time ends on 25 October
    assert since == datetime(2026, 9, 30, 22, tzinfo=timezone.utc)
    assert until == datetime(2026, 10, 31, 23, tzinfo=timezone.utc)
    assert previous_month(datetime(2026, 1, 5, tzinfo=timezone.utc)) == "2025-12"


def test_the_command_line_writes_the_export_and_refuses_a_month_not_over(october, tmp_path):
    folder, _ = october
    env = dict(os.environ, TRACKER_DB=str(folder / "tracker.db"), ANALYTICS_DB_URL=f"sqlite:///{tmp_path / 'a.db'}",
               PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false")
    done = subprocess.run([sys.executable, "-m", "bot.cli", "opendata", "--month", "2026-10", "--out",
                           str(tmp_path / "out")], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "open data 2026-10: 384 rows" in done.stdout
    assert (tmp_path / "out" / "2026-10" / "README.md").exists()
    env["ANALYTICS_DB_URL"] = f"sqlite:///{tmp_path / 'daily.db'}"
    daily = subprocess.run([sys.executable, "-m", "bot.cli", "opendata", "--rollup-only"], env=env,
                           capture_output=True, text=True, timeout=300)
    assert daily.returncode == 0 and re.search(r"analytics: \d+ days rolled up", daily.stdout), daily.stderr
    with sa.create_engine(env["ANALYTICS_DB_URL"]).connect() as connection:
        assert connection.execute(sa.text("select sum(questions) from analytics_questions")).scalar() > 400
    for month in ("2999-01", "2026-13", "october"):
        refused = subprocess.run([sys.executable, "-m", "bot.cli", "opendata", "--month", month, "--out",
                                  str(tmp_path / "refused")], env=env, capture_output=True, text=True, timeout=120)
        assert refused.returncode == 2, refused.stderr
        assert "--month" in refused.stderr or "not over" in refused.stderr, refused.stderr
        assert not (tmp_path / "refused").exists()
