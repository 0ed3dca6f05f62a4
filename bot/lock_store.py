"""An atomic Redis lock store: one message at a time per conversation, in arrival order,
across every Rasa instance.

Rasa 3.6's RedisLockStore reads a JSON TicketLock, changes it in Python and writes it
back: two instances issuing a ticket at the same moment can both read the same lock and
one ticket is lost, so two messages of a conversation may run at once. Here every change
is one Lua script, which Redis runs atomically:

- ``lock:{id}:seq``      INCR gives each message its ticket number (per conversation);
- ``lock:{id}:queue``    sorted set of the waiting tickets, the smallest is served;
- ``lock:{id}:expires``  hash ticket -> expiry (ms, Redis clock: no skew between machines);
- ``lock:{id}:wake:<n>`` list pushed when ticket n reaches the head (waiters BLPOP on it).

A ticket that is waiting is kept alive by its waiter; the one being served expires
``lock_lifetime`` seconds after it was served (TICKET_LOCK_LIFETIME, 60 s by default), so
a dead instance delays its conversation by that much at most, never forever.

endpoints (deploy/endpoints.prod.yml):

    lock_store:
      type: bot.lock_store.AtomicRedisLockStore
      url: ${REDIS_HOST}
      port: ${REDIS_PORT}
      db: ${REDIS_DB}
      password: ${REDIS_PASSWORD}     # empty: no AUTH
"""
from __future__ import annotations

import asyncio
import logging
from collections import deque
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, List, Optional, Text

import redis
import redis.asyncio

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

SEQ_TTL_MS = 24 * 3600 * 1000   # ticket numbers stay monotonic for a day of silence

# Shared by every script: Redis time, removal of expired tickets, waking the head.
_PRELUDE = """
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local seq, queue, expires, wake = KEYS[1], KEYS[2], KEYS[3], ARGV[1]
local lifetime = tonumber(ARGV[2])
local function head()
  local h = redis.call('ZRANGE', queue, 0, 0)
  return h[1]
end
local function wake_head()
  local h = head()
  if h then
    redis.call('RPUSH', wake .. h, 1)
    redis.call('PEXPIRE', wake .. h, lifetime)
  end
end
local function purge()
  local before = head()
  local e = redis.call('HGETALL', expires)
  for i = 1, #e, 2 do
    if tonumber(e[i + 1]) <= now then
      redis.call('HDEL', expires, e[i])
      redis.call('ZREM', queue, e[i])
    end
  end
  if head() ~= before then wake_head() end
end
local function touch()
  local latest = now
  local e = redis.call('HVALS', expires)
  for i = 1, #e do latest = math.max(latest, tonumber(e[i])) end
  if redis.call('EXISTS', queue) == 1 then
    redis.call('PEXPIRE', queue, latest - now + 1000)
    redis.call('PEXPIRE', expires, latest - now + 1000)
  end
end
purge()
"""

# ARGV: wake prefix, lifetime ms -> the new ticket number. A counter that is gone (idle a
# day, or deleted by "forget me") restarts above the queue, so waiting tickets keep their order.
_ISSUE = _PRELUDE + """
if redis.call('EXISTS', seq) == 0 then
  local last = redis.call('ZRANGE', queue, -1, -1, 'WITHSCORES')
  if last[2] then redis.call('SET', seq, last[2]) end
end
local n = redis.call('INCR', seq)
redis.call('PEXPIRE', seq, tonumber(ARGV[3]))
redis.call('ZADD', queue, n, n)
redis.call('HSET', expires, n, now + lifetime)
touch()
return n
"""

# ARGV: wake prefix, lifetime ms, ticket -> 0 served now, k > 0 tickets ahead, -1 expired.
# Either way the ticket's expiry moves to now + lifetime: a waiter keeps its place alive.
_ACQUIRE = _PRELUDE + """
local n = ARGV[3]
if redis.call('HEXISTS', expires, n) == 0 then return -1 end
redis.call('HSET', expires, n, now + lifetime)
touch()
return redis.call('ZRANK', queue, n)
"""

# ARGV: wake prefix, lifetime ms, ticket -> 1 if the ticket was still there
_RELEASE = _PRELUDE + """
local n = ARGV[3]
local removed = redis.call('ZREM', queue, n)
redis.call('HDEL', expires, n)
redis.call('DEL', wake .. n)
if removed == 1 then wake_head() end
touch()
return removed
"""


# Forgetting a conversation: its keys name it, so they go. The ticket counter always (_ISSUE
# restarts it above the queue); the queue only when no message of it is waiting (deleting it
# under waiting messages would drop them): it vanishes by itself once they are served.
# -> 1 when nothing of the conversation is left, 0 when messages still wait.
_DELETE = """
redis.call('DEL', KEYS[1])
if redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
redis.call('DEL', KEYS[2], KEYS[3])
return 1
"""


def _endpoint_settings(endpoint_config: Optional[EndpointConfig]) -> dict:
    if endpoint_config is None:
        return {}
    settings = dict(endpoint_config.kwargs)
    if endpoint_config.url:
        settings["host"] = endpoint_config.url
    return settings


class AtomicRedisLockStore(LockStore):
    """Ticket lock per conversation in Redis, every step one atomic Lua script."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, host: Text = "localhost",
                 port: int = 6379, db: int = 1, username: Optional[Text] = None,
                 password: Optional[Text] = None, use_ssl: bool = False,
                 key_prefix: Optional[Text] = None, socket_timeout: float = 10.0,
                 **_: Any) -> None:
        settings = dict(host=host, port=port, db=db, username=username, password=password,
                        use_ssl=use_ssl, key_prefix=key_prefix, socket_timeout=socket_timeout)
        settings.update({k: v for k, v in _endpoint_settings(endpoint_config).items() if k in settings})
        # An empty ${REDIS_PASSWORD} means "no password", not AUTH with "".
        self._connection = dict(
            host=settings["host"], port=int(settings["port"]), db=int(settings["db"]),
            username=settings["username"] or None, password=settings["password"] or None,
            ssl=str(settings["use_ssl"]).lower() == "true",
            socket_timeout=float(settings["socket_timeout"]),
        )
        prefix = settings["key_prefix"]
        self.key_prefix = f"{prefix}:lock:" if prefix else "lock:"
        self.red = redis.Redis(**self._connection)
        self._sync_scripts = [self.red.register_script(s) for s in (_ISSUE, _ACQUIRE, _RELEASE)]
        self._async_client: Optional[redis.asyncio.Redis] = None
        self._async_loop: Optional[asyncio.AbstractEventLoop] = None
        self._async_scripts: List[Any] = []
        super().__init__()

    # --- keys and scripts
    def _keys(self, conversation_id: Text) -> List[Text]:
        # {id} is a hash tag: all keys of a conversation live in one Redis Cluster slot.
        base = f"{self.key_prefix}{{{conversation_id}}}:"
        return [base + "seq", base + "queue", base + "expires"]

    def _wake_prefix(self, conversation_id: Text) -> Text:
        return f"{self.key_prefix}{{{conversation_id}}}:wake:"

    def _args(self, conversation_id: Text, lifetime: float, *extra: Any) -> List[Any]:
        return [self._wake_prefix(conversation_id), int(lifetime * 1000), *extra]

    def _async(self) -> redis.asyncio.Redis:
        """One asyncio client per event loop (its connections belong to the loop)."""
        loop = asyncio.get_running_loop()
        if self._async_client is None or self._async_loop is not loop:
            self._async_client = redis.asyncio.Redis(**self._connection)
            self._async_loop = loop
            self._async_scripts = [self._async_client.register_script(s)
                                   for s in (_ISSUE, _ACQUIRE, _RELEASE)]
        return self._async_client

    # --- the lock Rasa takes around every message
    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        client = self._async()
        issue, acquire, release = self._async_scripts
        keys = self._keys(conversation_id)
        try:
            ticket = int(await issue(keys, self._args(conversation_id, lock_lifetime, SEQ_TTL_MS)))
        except redis.RedisError as error:
            raise LockError(f"Could not issue a ticket: {error}") from error
        try:
            while True:
                try:
                    ahead = int(await acquire(keys, self._args(conversation_id, lock_lifetime, ticket)))
                except redis.RedisError as error:
                    raise LockError(f"Redis failed while ticket {ticket} waited: {error}") from error
                if ahead == 0:
                    break
                if ahead < 0:
                    raise LockError(f"Ticket {ticket} expired while waiting for its turn.")
                # Woken as soon as our ticket reaches the head; the timeout re-checks
                # (and purges a dead holder's expired ticket) at least every wait_time.
                await client.blpop(self._wake_prefix(conversation_id) + str(ticket),
                                   timeout=max(wait_time_in_seconds, 0.05))
            yield TicketLock(conversation_id, deque([Ticket(ticket, 0.0)]))
        finally:
            # Shielded: a cancelled request must still hand the conversation on.
            try:
                await asyncio.shield(release(keys, self._args(conversation_id, lock_lifetime, ticket)))
            except redis.RedisError:
                logger.warning("a ticket could not be released; it expires by itself")

    # --- the synchronous API of rasa.core.lock_store.LockStore, atomic too
    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return int(self._sync_scripts[0](self._keys(conversation_id),
                                             self._args(conversation_id, lock_lifetime, SEQ_TTL_MS)))
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._sync_scripts[2](self._keys(conversation_id),
                              self._args(conversation_id, LOCK_LIFETIME, ticket_number))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        self.finish_serving(conversation_id, ticket_number)   # the keys expire when empty

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        """A snapshot of the queue (expiries in epoch seconds)."""
        _, queue, expires = self._keys(conversation_id)
        numbers = [int(n) for n in self.red.zrange(queue, 0, -1)]
        if not numbers:
            return None
        deadlines = self.red.hgetall(expires)
        tickets = [Ticket(n, int(deadlines.get(str(n).encode(), 0)) / 1000) for n in numbers]
        return TicketLock(conversation_id, deque(tickets))

    def is_someone_waiting(self, conversation_id: Text) -> bool:
        return bool(self.red.zcard(self._keys(conversation_id)[1]))

    def delete_lock(self, conversation_id: Text) -> None:
        """Deletes the conversation's keys: the ticket counter at once, the queue once no
        message of it waits (it then vanishes by itself)."""
        deleted = self.red.eval(_DELETE, 3, *self._keys(conversation_id))
        self._log_deletion(conversation_id, bool(deleted))

    def save_lock(self, lock: TicketLock) -> None:
        """Replaces the queue in one transaction (Rasa's own code paths no longer call it)."""
        seq, queue, expires = self._keys(lock.conversation_id)
        with self.red.pipeline(transaction=True) as pipe:
            pipe.delete(queue, expires)
            for ticket in lock.tickets:
                pipe.zadd(queue, {ticket.number: ticket.number})
                pipe.hset(expires, ticket.number, int(ticket.expires * 1000))
            if lock.tickets:
                pipe.set(seq, max(t.number for t in lock.tickets), px=SEQ_TTL_MS, nx=True)
            pipe.execute()
