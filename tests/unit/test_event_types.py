"""bot.event_types: Event.resolve_by_type answers from a dictionary exactly as Rasa's walk
of the Event subclasses does, for every type name, unknown names and defaults."""
from __future__ import annotations

import pytest
from rasa.shared.core.events import Event, SlotSet, UserUttered, deserialise_events
from rasa.shared.utils.common import all_subclasses

from bot import event_types


def test_every_event_type_resolves_to_the_class_rasa_finds() -> None:
    event_types.install()
    original = Event.resolve_by_type._original
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 20
    for _ in range(2):   # the second time from the dictionary
        for name in names:
            assert Event.resolve_by_type(name) is original(name)
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")


def test_stored_events_deserialise_as_before() -> None:
    event_types.install()
    events = deserialise_events([{"event": "user", "text": "bonjour", "parse_data": {"intent": {"name": "greet"}}},
                                 {"event": "slot", "name": "language", "value": "fr"}])
    assert [type(e) for e in events] == [UserUttered, SlotSet]
    assert events[1] == SlotSet("language", "fr")
