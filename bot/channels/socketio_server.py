"""python-socketio's server, made to refuse malformed packets politely.

The web chat's socket.io channel reads packets from anyone. python-socketio decodes them
with the `json` module and dispatches events as `data[0]`: a packet that is not JSON, is
nested 10,000 deep, or whose event is not a list starting with a name raises inside the
library, which logs a traceback; an event named like the library's own (`connect`,
`disconnect`) would call our connection handler as if it were one. Here each of those is
a warning without the packet's content, and the client gets `on_malformed`'s answer (the
channel's polite "I could not read that message").
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Optional

from socketio import AsyncServer

logger = logging.getLogger(__name__)

RESERVED_EVENTS = frozenset({"connect", "connect_error", "disconnect"})
MALFORMED = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, UnicodeError)


class GuardedAsyncServer(AsyncServer):
    def __init__(self, *args: Any, on_malformed: Optional[Callable[[str, str], Awaitable[None]]] = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_malformed = on_malformed   # (socket.io sid, namespace) of the client

    async def _refuse(self, eio_sid: str, namespace: Optional[str], why: str) -> None:
        logger.warning("a malformed socket.io packet was refused (%s)", why)
        namespace = namespace or "/"
        sid = self.manager.sid_from_eio_sid(eio_sid, namespace)
        if sid is not None and self.on_malformed is not None and self.manager.is_connected(sid, namespace):
            try:
                await self.on_malformed(sid, namespace)
            except Exception:   # the client may be gone already
                logger.warning("the answer to a malformed packet could not be sent")

    async def _handle_eio_message(self, eio_sid: str, data: Any) -> None:
        try:
            await super()._handle_eio_message(eio_sid, data)
        except MALFORMED as error:
            self._binary_packet.pop(eio_sid, None)
            await self._refuse(eio_sid, None, type(error).__name__)

    async def _handle_event(self, eio_sid: str, namespace: Optional[str], id: Any, data: Any) -> None:
        if not isinstance(data, list) or not data or not isinstance(data[0], str) \
                or data[0] in RESERVED_EVENTS:
            await self._refuse(eio_sid, namespace, "not an event")
            return
        await super()._handle_event(eio_sid, namespace, id, data)
