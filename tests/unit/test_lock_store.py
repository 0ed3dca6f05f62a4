"""The atomic Redis lock store, against the real local Redis (127.0.0.1:6379).

Each test uses its own key prefix and deletes only its own keys.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
import uuid

import pytest
import redis

from bot.lock_store import AtomicRedisLockStore
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

REDIS_HOST = os.environ.get("TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("TEST_REDIS_PORT", "6379"))
REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "0"))


@pytest.fixture
def prefix() -> str:
    name = f"test{uuid.uuid4().hex[:12]}"
    yield name
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    keys = list(client.scan_iter(match=f"{name}:*"))
    if keys:
        client.delete(*keys)


def make_store(prefix: str) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, key_prefix=prefix)


async def test_concurrent_tasks_are_served_one_at_a_time_in_ticket_order(prefix):
    store = make_store(prefix)
    inside, most_inside, served = 0, 0, []

    async def message(index: int) -> None:
        nonlocal inside, most_inside
        async with store.lock("conv", wait_time_in_seconds=0.5) as lock:
            inside += 1
            most_inside = max(most_inside, inside)
            served.append((lock.tickets[0].number, index))
            await asyncio.sleep(0.005)   # work that yields to the other tasks
            inside -= 1

    await asyncio.gather(*(message(i) for i in range(40)))
    assert most_inside == 1
    assert len(served) == 40
    tickets = [ticket for ticket, _ in served]
    assert tickets == sorted(tickets) and len(set(tickets)) == 40


async def test_messages_are_served_in_the_order_they_arrived(prefix):
    store = make_store(prefix)
    served = []

    async def message(index: int) -> None:
        await asyncio.sleep(0.02 * index)          # arrive one after the other
        async with store.lock("conv", wait_time_in_seconds=0.5):
            served.append(index)
            if index == 0:
                await asyncio.sleep(0.5)           # everyone else queues behind the first

    await asyncio.gather(*(message(i) for i in reversed(range(15))))
    assert served == list(range(15))


async def test_other_conversations_are_not_blocked(prefix):
    store = make_store(prefix)
    async with store.lock("busy"):
        started = time.monotonic()
        async with store.lock("other", wait_time_in_seconds=5):
            assert time.monotonic() - started < 1


async def test_the_next_waiter_is_woken_at_once_not_at_the_next_poll(prefix):
    store = make_store(prefix)
    times = {}

    async def holder() -> None:
        async with store.lock("conv"):
            await asyncio.sleep(0.3)
            times["released"] = time.monotonic()

    async def waiter() -> None:
        await asyncio.sleep(0.05)
        async with store.lock("conv", wait_time_in_seconds=10):
            times["acquired"] = time.monotonic()

    await asyncio.gather(holder(), waiter())
    assert times["acquired"] - times["released"] < 1.0   # far below the 10 s poll


async def test_a_dead_holder_blocks_only_until_its_ticket_expires(prefix):
    store = make_store(prefix)
    # An instance that took a ticket and died: the ticket is never released.
    dead = store.issue_ticket("conv", lock_lifetime=1.0)
    assert store.get_lock("conv").tickets[0].number == dead
    started = time.monotonic()
    async with store.lock("conv", wait_time_in_seconds=0.1):
        waited = time.monotonic() - started
    assert 0.8 < waited < 3.0
    assert store.get_lock("conv") is None   # nothing left behind


async def test_a_live_waiter_keeps_its_place_longer_than_the_lifetime(prefix):
    store = make_store(prefix)
    order = []

    async def slow_holder() -> None:
        async with store.lock("conv", lock_lifetime=5):
            await asyncio.sleep(1.5)
            order.append("holder")

    async def waiter() -> None:
        await asyncio.sleep(0.05)
        # Lifetime 0.5 s but waits 1.5 s: its own polling keeps the ticket alive.
        async with store.lock("conv", lock_lifetime=0.5, wait_time_in_seconds=0.1):
            order.append("waiter")

    await asyncio.gather(slow_holder(), waiter())
    assert order == ["holder", "waiter"]


async def test_a_cancelled_waiter_hands_its_turn_on(prefix):
    store = make_store(prefix)
    order = []

    async def holder() -> None:
        async with store.lock("conv"):
            await asyncio.sleep(0.3)
            order.append("holder")

    async def waiter(name: str) -> None:
        async with store.lock("conv", wait_time_in_seconds=10):
            order.append(name)

    first = asyncio.create_task(holder())
    await asyncio.sleep(0.05)
    cancelled = asyncio.create_task(waiter("cancelled"))
    await asyncio.sleep(0.05)
    last = asyncio.create_task(waiter("last"))
    await asyncio.sleep(0.05)
    cancelled.cancel()
    started = time.monotonic()
    await asyncio.gather(first, last)
    assert order == ["holder", "last"]
    assert time.monotonic() - started < 2    # not the 10 s poll, nor a lock lifetime
    with pytest.raises(asyncio.CancelledError):
        await cancelled


async def test_a_waiter_whose_ticket_vanished_gets_a_lock_error(prefix):
    store = make_store(prefix)
    store.issue_ticket("conv")                       # a holder that stays

    async def waiter() -> None:
        async with store.lock("conv", wait_time_in_seconds=0.1):
            pytest.fail("served although its ticket was deleted")

    task = asyncio.create_task(waiter())
    await asyncio.sleep(0.3)
    store.delete_lock("conv")                        # refused: a message is waiting
    assert store.is_someone_waiting("conv")
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    client.delete(*store._keys("conv"))              # an operator clearing the queue by hand
    with pytest.raises(LockError):
        await asyncio.wait_for(task, timeout=5)


def _bump_counter(prefix: str, conversation: str, rounds: int) -> None:
    """In another process: read-modify-write a counter under the lock, slowly."""
    store = make_store(prefix)
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    key = f"{prefix}:counter"

    async def bump() -> None:
        for _ in range(rounds):
            async with store.lock(conversation, wait_time_in_seconds=0.2):
                value = int(client.get(key) or 0)
                await asyncio.sleep(0.002)
                client.set(key, value + 1)

    asyncio.run(bump())


def test_processes_competing_for_one_conversation_lose_no_update(prefix):
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_bump_counter, args=(prefix, "conv", 25)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    assert int(client.get(f"{prefix}:counter")) == 100


async def test_keys_disappear_when_the_conversation_is_idle(prefix):
    store = make_store(prefix)
    async with store.lock("conv"):
        pass
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    left = sorted(k.decode() for k in client.scan_iter(match=f"{prefix}:*"))
    assert left == [f"{prefix}:lock:{{conv}}:seq"]
    assert 0 < client.pttl(left[0]) <= 24 * 3600 * 1000


def test_rasa_creates_it_from_the_endpoints_file(prefix):
    config = EndpointConfig(type="bot.lock_store.AtomicRedisLockStore", url=REDIS_HOST,
                            port=str(REDIS_PORT), db=str(REDIS_DB), password="", key_prefix=prefix)
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore)
    first, second = store.issue_ticket("conv"), store.issue_ticket("conv")
    assert second == first + 1
    assert store.is_someone_waiting("conv")
    store.cleanup("conv", first)
    assert [t.number for t in store.get_lock("conv").tickets] == [second]
    store.cleanup("conv", second)
    assert not store.is_someone_waiting("conv")


def test_forgetting_an_idle_conversation_leaves_no_key_naming_it(prefix):
    store = make_store(prefix)
    store.cleanup("conv", store.issue_ticket("conv"))
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    assert list(client.scan_iter(match=f"{prefix}:*"))      # the ticket counter stays a day
    store.delete_lock("conv")
    assert not list(client.scan_iter(match=f"{prefix}:*"))


async def test_redis_unreachable_is_a_lock_error_not_a_hang():
    from bot.cli.stack import free_port

    store = AtomicRedisLockStore(host="127.0.0.1", port=free_port(), socket_timeout=2)
    with pytest.raises(LockError):
        async with store.lock("conv"):
            pytest.fail("served without Redis")
