"""Rasa's event classes found by a dictionary instead of a walk of every Event subclass.

Rasa 3.6 deserialises each stored or returned event with `Event.resolve_by_type`, which
lists all Event subclasses (`all_subclasses`, recursive, with `inspect.isabstract` on each)
to find the one with that type name: once per event, for every event of a conversation
read from the tracker store at every message. Under load it was 4 % of the Rasa process's
Python time (py-spy, `make bench` stack). The first answer for a type name is kept: the
same class Rasa's walk finds, since event classes are all defined at import. Unknown
names, "topic" and defaults go to Rasa's function as before.
"""
from __future__ import annotations

from typing import Dict, Optional, Text, Type

from rasa.shared.core.events import Event

_found: Dict[Text, Type[Event]] = {}


def install() -> None:
    original = Event.resolve_by_type
    if getattr(original, "_cached", False):
        return

    def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        cls = _found.get(type_name)
        if cls is not None:
            return cls
        try:
            cls = original(type_name)
        except ValueError:
            return original(type_name, default)
        if cls is not None:
            _found[type_name] = cls
        return cls

    resolve_by_type._cached = True
    resolve_by_type._original = original
    Event.resolve_by_type = staticmethod(resolve_by_type)
