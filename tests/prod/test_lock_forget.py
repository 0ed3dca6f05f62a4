""""Forget me" and the production lock store (bot/lock_store.py), on the local Redis
(127.0.0.1:6379): once a conversation is forgotten, no key naming it is left, its ticket
counter included, even when a message of it was still waiting; the messages that wait keep
their order and a message arriving after is served after them. No stack needed."""
from __future__ import annotations

import asyncio
import uuid

import pytest
import redis

from bot.lock_store import AtomicRedisLockStore
from tests.prod.conftest import REDIS


@pytest.fixture
def store():
    prefix = f"lockforget{uuid.uuid4().hex[:10]}"
    yield AtomicRedisLockStore(host=REDIS["host"], port=REDIS["port"], db=REDIS["db"], key_prefix=prefix)
    client = redis.Redis(**REDIS)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def keys_of(store: AtomicRedisLockStore, conversation: str) -> list:
    return sorted(k.decode() for k in store.red.scan_iter(match=f"{store.key_prefix}{{{conversation}}}*"))


async def test_an_idle_forgotten_conversation_leaves_no_key(store) -> None:
    async with store.lock("resident"):
        pass
    assert keys_of(store, "resident") == [f"{store.key_prefix}{{resident}}:seq"]     # the counter, a day
    store.delete_lock("resident")
    assert keys_of(store, "resident") == []


async def test_forgetting_while_a_message_waits_keeps_the_order_and_leaves_nothing_after(store) -> None:
    served, holder_in, release = [], asyncio.Event(), asyncio.Event()

    async def message(name: str, hold: bool = False) -> None:
        async with store.lock("resident", wait_time_in_seconds=0.2):
            served.append(name)
            if hold:
                holder_in.set()
                await release.wait()

    first = asyncio.create_task(message("forget me", hold=True))
    await holder_in.wait()
    waiting = asyncio.create_task(message("waiting"))
    while not store.get_lock("resident") or len(store.get_lock("resident").tickets) < 2:
        await asyncio.sleep(0.01)
    store.delete_lock("resident")                      # the turn that forgot is over... almost
    assert f"{store.key_prefix}{{resident}}:seq" not in keys_of(store, "resident")
    assert store.is_someone_waiting("resident")        # the waiting message is not dropped
    late = asyncio.create_task(message("late"))        # its ticket restarts above the queue
    while len(store.get_lock("resident").tickets) < 3:
        await asyncio.sleep(0.01)
    numbers = [t.number for t in store.get_lock("resident").tickets]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3
    release.set()
    await asyncio.gather(first, waiting, late)
    assert served == ["forget me", "waiting", "late"]
    store.delete_lock("resident")
    assert keys_of(store, "resident") == []


async def test_the_queue_of_a_forgotten_conversation_vanishes_once_its_messages_are_served(store) -> None:
    holder_in, release = asyncio.Event(), asyncio.Event()

    async def holder() -> None:
        async with store.lock("resident"):
            holder_in.set()
            await release.wait()

    async def waiter() -> None:
        async with store.lock("resident", wait_time_in_seconds=0.2):
            pass

    tasks = [asyncio.create_task(holder())]
    await holder_in.wait()
    tasks.append(asyncio.create_task(waiter()))
    while not store.is_someone_waiting("resident") or len(store.get_lock("resident").tickets) < 2:
        await asyncio.sleep(0.01)
    store.delete_lock("resident")
    release.set()
    await asyncio.gather(*tasks)
    assert keys_of(store, "resident") == []            # nothing, without a second "forget"
