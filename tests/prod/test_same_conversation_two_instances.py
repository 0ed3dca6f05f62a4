"""20 messages of ONE conversation at once, alternating between the two Rasa instances.

Without a lock shared by the instances, two of them read the same stored conversation,
each appends its turn, and one turn is lost (Rasa's SQL store appends only the events
beyond those already stored) or the turns interleave. With the atomic Redis lock store,
every message is processed exactly once, one after the other, in arrival order.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

import redis

from bot.lock_store import AtomicRedisLockStore
from tests.prod.conftest import REDIS, ProdChat, user_texts

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
         "sierra", "tango"]
MESSAGES = [f"bonjour {word}" for word in WORDS]


def _turns(events: List[Dict[str, Any]]) -> List[List[Dict[str, Any]]]:
    """The stored events cut at each resident message."""
    turns: List[List[Dict[str, Any]]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append([])
        if turns:
            turns[-1].append(event)
    return turns


def assert_each_turn_whole(events: List[Dict[str, Any]]) -> None:
    """Every message got its whole turn: nothing of another message inside it, an answer,
    and the assistant listening again before the next message."""
    actions = [e for e in events if e.get("event") == "action"]
    assert actions and events.index(actions[0]) < events.index(next(e for e in events if e.get("event") == "user"))
    for turn in _turns(events):
        kinds = [e.get("event") for e in turn]
        assert kinds.count("user") == 1, kinds
        assert "bot" in kinds, f"no answer to {turn[0].get('text')!r}"
        last_action = [e for e in turn if e.get("event") == "action"][-1]
        assert last_action.get("name") == "action_listen", f"turn of {turn[0].get('text')!r} unfinished"
    ids = [(e.get("event"), e.get("timestamp"), e.get("name"), e.get("text")) for e in events]
    assert len(ids) == len(set(ids)), "an event was stored twice"


class QueueWatcher(threading.Thread):
    """Samples the conversation's lock queue in Redis: how many messages waited at once."""

    def __init__(self, prefix: str, sender: str) -> None:
        super().__init__(daemon=True)
        self.key = f"{prefix}:lock:{{{sender}}}:queue"
        self.most = 0
        self.done = threading.Event()

    def run(self) -> None:
        client = redis.Redis(**REDIS)
        while not self.done.is_set():
            self.most = max(self.most, client.zcard(self.key))
            time.sleep(0.02)


def test_a_burst_on_both_instances_is_processed_exactly_once(prod_stack, resident: ProdChat):
    instances = prod_stack.instance_urls
    resident.send("bonjour", instances[0])          # the conversation exists before the burst
    watcher = QueueWatcher(prod_stack.config.env["REDIS_KEY_PREFIX"], resident.sender)
    watcher.start()
    start = threading.Barrier(len(MESSAGES))

    def send(index: int):
        start.wait()
        return resident.send(MESSAGES[index], instances[index % 2])

    with ThreadPoolExecutor(max_workers=len(MESSAGES)) as pool:
        responses = list(pool.map(send, range(len(MESSAGES))))
    watcher.done.set()
    watcher.join()
    assert all(r.status_code == 200 and r.json() for r in responses)
    assert {r.headers.get("X-Served-By") for r in responses} == {None}     # straight to each instance
    assert watcher.most >= 3, "the messages never queued: the test did not test the lock"
    events = resident.stored_events()
    texts = user_texts(events)
    assert texts[0] == "bonjour"
    assert sorted(texts[1:]) == sorted(MESSAGES)                           # each once, none lost
    assert_each_turn_whole(events)


def test_messages_are_processed_in_the_order_they_arrived(prod_stack, resident: ProdChat):
    """Each message is sent once the previous one holds its ticket (its place in the queue),
    to the other instance: they all wait together, and must be served in that order.

    The test holds the conversation's lock itself (a ticket of its own, at the head of the
    queue) while the messages arrive, then lets go: otherwise a fast instance serves each
    message before the next one arrives, and nothing waits."""
    instances = prod_stack.instance_urls
    resident.send("bonjour", instances[1])
    client = redis.Redis(**REDIS)
    prefix = prod_stack.config.env["REDIS_KEY_PREFIX"]
    seq_key = f"{prefix}:lock:{{{resident.sender}}}:seq"
    store = AtomicRedisLockStore(key_prefix=prefix, **REDIS)
    held = store.issue_ticket(resident.sender)
    pool = ThreadPoolExecutor(max_workers=len(MESSAGES))
    futures, most_waiting = [], 0
    try:
        for index, text in enumerate(MESSAGES):
            futures.append(pool.submit(resident.send, text, instances[index % 2]))
            deadline = time.monotonic() + 60
            while int(client.get(seq_key) or 0) < held + 1 + index:   # its ticket is issued
                assert time.monotonic() < deadline, f"{text!r} never reached the lock"
                time.sleep(0.005)
            most_waiting = max(most_waiting, client.zcard(seq_key.replace(":seq", ":queue")))
        assert not any(future.done() for future in futures)    # all waiting behind the test's ticket
    finally:
        store.finish_serving(resident.sender, held)
    responses = [future.result() for future in futures]
    pool.shutdown()
    assert all(r.status_code == 200 and r.json() for r in responses)
    assert most_waiting == len(MESSAGES) + 1
    events = resident.stored_events()
    assert user_texts(events) == ["bonjour", *MESSAGES]
    assert_each_turn_whole(events)
