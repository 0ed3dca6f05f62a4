"""Why bot.lock_store exists: Rasa's RedisLockStore against ours, under contention.

Several processes (standing for Rasa instances) each handle messages of ONE conversation:
under the lock they read a counter, wait a little (the message's work), write it + 1.
With a lock that really excludes, the counter ends at processes x rounds; every missing
unit is a message processed while another one of the same conversation was running.
A run still waiting after 60 s is reported as STALLED, with the lock Redis kept.

    .venv/bin/python bench/lock_store_race.py [--processes 6] [--rounds 30]

Uses the local Redis (127.0.0.1:6379, db 0) under a random key prefix, deleted at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import time
import uuid

import redis

from bot.lock_store import AtomicRedisLockStore
from rasa.core.lock_store import LockError, RedisLockStore

HOST, PORT, DB = "127.0.0.1", 6379, 0
DEADLINE_S = 60


def make(kind: str, prefix: str):
    if kind == "rasa":
        return RedisLockStore(host=HOST, port=PORT, db=DB, key_prefix=prefix)
    return AtomicRedisLockStore(host=HOST, port=PORT, db=DB, key_prefix=prefix)


def worker(kind: str, prefix: str, rounds: int, errors) -> None:
    store = make(kind, prefix)
    client = redis.Redis(host=HOST, port=PORT, db=DB)

    async def run() -> None:
        for _ in range(rounds):
            try:
                async with store.lock("conversation", lock_lifetime=5, wait_time_in_seconds=0.01):
                    value = int(client.get(f"{prefix}:counter") or 0)
                    await asyncio.sleep(0.003)
                    client.set(f"{prefix}:counter", value + 1)
            except LockError:
                with errors.get_lock():
                    errors.value += 1

    asyncio.run(run())


def race(kind: str, processes: int, rounds: int) -> None:
    prefix = f"bench{uuid.uuid4().hex[:10]}"
    context = multiprocessing.get_context("fork")
    errors = context.Value("i", 0)
    started = time.monotonic()
    workers = [context.Process(target=worker, args=(kind, prefix, rounds, errors)) for _ in range(processes)]
    for process in workers:
        process.start()
    deadline = started + DEADLINE_S
    for process in workers:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
    stalled = [process for process in workers if process.is_alive()]
    for process in stalled:
        process.kill()
        process.join()
    elapsed = time.monotonic() - started
    client = redis.Redis(host=HOST, port=PORT, db=DB)
    counted = int(client.get(f"{prefix}:counter") or 0)
    expected = processes * rounds
    report = (f"{kind:7s} expected {expected}, counted {counted}, {errors.value} lock errors, "
              f"{elapsed:.1f} s")
    if stalled:
        leftover = client.get(f"{prefix}:lock:conversation")
        print(f"{report}: STALLED, {len(stalled)} processes still waiting after {DEADLINE_S} s; "
              f"lock left in Redis: {leftover.decode() if leftover else None}")
    else:
        print(f"{report}: {expected - counted - errors.value} messages ran while another one "
              "of the same conversation was running")
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    for kind in ("rasa", "atomic"):
        race(kind, args.processes, args.rounds)


if __name__ == "__main__":
    main()
