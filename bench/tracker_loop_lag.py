"""Does the SQL tracker store block Rasa's event loop? Loop lag while conversations write.

Rasa serves every conversation of an instance on ONE asyncio event loop. Rasa's
SQLTrackerStore is `async def` outside but runs blocking SQLAlchemy calls inside: while
PostgreSQL answers, nothing else on the instance moves (other residents' messages,
socket.io pings, health checks). This measures it:

- N conversations each save and re-read their tracker T times (a turn: the resident's
  message, the action, the bot's answer, a slot), concurrently, on the local PostgreSQL;
- a ticker sleeps 5 ms in a loop and records how late it wakes up: the loop lag.

    .venv/bin/python bench/tracker_loop_lag.py [--conversations 40] [--turns 15] [--store privacy]

--store: privacy (bot.tracker_store.PrivacySQLTrackerStore, what we run), threaded
(bot.tracker_threads.ThreadedSQLTrackerStore: the same threads, no redaction) or rasa
(Rasa's SQLTrackerStore, blocking). TRACKER_STORE_THREADS sets the threads (default 4).
Creates a temporary database bench_tracker_<random> and drops it.
Results are in the README ("Deployment": the tracker store and the event loop).
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from pathlib import Path

import psycopg2

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import PrivacySQLTrackerStore
from bot.tracker_threads import ThreadedSQLTrackerStore

STORES = {"privacy": PrivacySQLTrackerStore, "threaded": ThreadedSQLTrackerStore, "rasa": SQLTrackerStore}

ROOT = Path(__file__).resolve().parents[1]
ADMIN = dict(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
TICK_S = 0.005


def admin(sql: str) -> None:
    connection = psycopg2.connect(**ADMIN)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def turn_events(turn: int):
    return [
        UserUttered(f"Quels sont les horaires de la mairie ? ({turn})",
                    {"name": "ask_opening_hours", "confidence": 0.98}),
        ActionExecuted("action_opening_hours"),
        BotUttered(f"La mairie est ouverte de 8h30 à 17h30 ({turn}).", {}),
        SlotSet("language", "fr"),
        ActionExecuted("action_listen"),
    ]


async def conversation(store, domain: Domain, sender: str, turns: int, latencies: list) -> None:
    tracker = DialogueStateTracker(sender, domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    for turn in range(turns):
        started = time.perf_counter()
        for event in turn_events(turn):
            tracker.update(event)
        await store.save(tracker)
        tracker = await store.retrieve(sender)
        latencies.append(time.perf_counter() - started)


async def ticker(lags: list, stop: asyncio.Event) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(TICK_S)
        lags.append(time.perf_counter() - started - TICK_S)


def percentile(values: list, q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(store, domain: Domain, conversations: int, turns: int) -> None:
    lags, latencies, stop = [], [], asyncio.Event()
    tick = asyncio.create_task(ticker(lags, stop))
    await asyncio.sleep(0.5)
    idle = list(lags)
    started = time.perf_counter()
    await asyncio.gather(*(conversation(store, domain, f"bench-{i}", turns, latencies)
                           for i in range(conversations)))
    elapsed = time.perf_counter() - started
    stop.set()
    await tick
    busy = lags[len(idle):]
    print(f"  idle loop lag    p50 {statistics.median(idle) * 1000:6.1f} ms   max {max(idle) * 1000:6.1f} ms")
    print(f"  loaded loop lag  p50 {statistics.median(busy) * 1000:6.1f} ms   p99 "
          f"{percentile(busy, 0.99) * 1000:6.1f} ms   max {max(busy) * 1000:6.1f} ms   "
          f"({len(busy)} ticks in {elapsed:.1f} s, {len(busy) * TICK_S / elapsed:.0%} of the ideal)")
    print(f"  save+retrieve    p50 {statistics.median(latencies) * 1000:6.1f} ms   p99 "
          f"{percentile(latencies, 0.99) * 1000:6.1f} ms   {len(latencies) / elapsed:.0f} turns/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=40)
    parser.add_argument("--turns", type=int, default=15)
    parser.add_argument("--store", choices=sorted(STORES), default="privacy")
    args = parser.parse_args()
    name = f"bench_tracker_{uuid.uuid4().hex[:8]}"
    admin(f'CREATE DATABASE "{name}"')
    try:
        domain = Domain.load(str(ROOT / "domain.yml"))
        kind = STORES[args.store]
        store = kind(domain=domain, dialect="postgresql", host=ADMIN["host"], port=ADMIN["port"],
                     db=name, username=ADMIN["user"])
        print(f"{kind.__name__}: {args.conversations} conversations x {args.turns} turns, PostgreSQL")
        asyncio.run(run(store, domain, args.conversations, args.turns))
        store.engine.dispose()
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
