""""Forget me" everywhere: parts that keep something per conversation register here.

The tracker store deletes the conversation's events, then calls every registered hook
with the conversation id, so a channel's per-resident state (menus, message ids...) or a
cache goes with it:

    from bot.forgetting import on_forget

    @on_forget
    def drop_menu(sender_id: str) -> None:
        menus.pop(sender_id, None)

The lock Rasa holds around the turn is dropped by the channel once the turn is over
(bot/channels/rest_auth.py), not here: the turn still holds it.
"""
from __future__ import annotations

import logging
from typing import Callable, List

logger = logging.getLogger(__name__)

Hook = Callable[[str], None]
_hooks: List[Hook] = []


def on_forget(hook: Hook) -> Hook:
    if hook not in _hooks:
        _hooks.append(hook)
    return hook


def forget_elsewhere(sender_id: str) -> int:
    """Runs every hook; one that fails does not stop the others. Returns how many ran."""
    done = 0
    for hook in list(_hooks):
        try:
            hook(sender_id)
            done += 1
        except Exception:
            logger.exception("a part could not forget a conversation")
    return done
