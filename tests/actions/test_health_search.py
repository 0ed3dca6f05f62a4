"""Free slots, C2S, walk-in and practitioners, against the real municipal API (frozen clock:
Tuesday 2026-12-01 08:00 Europe/Paris). The booking tests book other slots than these."""
from __future__ import annotations

import httpx
import pytest

import time

from rasa_sdk.events import SlotSet

from actions.common.fallback import fallback_contact
from actions.health.find_slots import ActionSearchSlots
from actions.health.info import ActionC2SInfo, ActionPractitioners, ActionWalkIn
from tests.trackers import run, tracker


@pytest.fixture(scope="module", autouse=True)
def warm_city(city_api) -> None:
    """A first answer can be slow on a busy machine: not on the actions' 2 s clock."""
    for path in ("/v1/health/info", "/v1/health/practitioners", "/v1/health/slots?limit=1", "/v1/places"):
        httpx.get(city_api.url + path, headers={"Accept-Language": "fr"}, timeout=30)


def book(slot_id: str, title: str, intent: str = "book_appointment") -> dict:
    return {"title": title, "payload": f'/{intent}{{"appointment_slot_id":"{slot_id}"}}'}


def criteria_events(specialty=None, practitioner=None, spoken_language=None, health_filter=None,
                    search_date=None, part_of_day=None) -> list:
    return [SlotSet("specialty", specialty), SlotSet("practitioner", practitioner),
            SlotSet("spoken_language", spoken_language), SlotSet("health_filter", health_filter),
            SlotSet("search_date", search_date), SlotSet("part_of_day", part_of_day)]


def entity(name: str, value: str) -> dict:
    return {"entity": name, "value": value}


ALL_SPECIALTIES_FR = [
    ("general-practitioner", "Médecin généraliste"), ("pediatrician", "Pédiatre"), ("gynecologist", "Gynécologue"),
    ("ophthalmologist", "Ophtalmologue"), ("dentist", "Chirurgien-dentiste"), ("midwife", "Sage-femme"),
    ("physiotherapist", "Masseur-kinésithérapeute"), ("psychologist", "Psychologue"), ("osteopath", "Ostéopathe"),
]


async def test_pediatrician_on_tuesday_morning_has_none_so_the_next_ones_are_offered(city):
    t = tracker(text="un créneau chez le pédiatre mardi matin", intent="ask_health_slots",
                entities=[entity("specialty", "pediatrician"), entity("part_of_day", "morning")])
    events, messages = await run(ActionSearchSlots(), t)
    assert messages == [{
        "response": "utter_health_no_slots_then",
        "criteria": "pédiatre, mardi 8 décembre, le matin",
        "buttons": [
            book("ped-lefevre.20261202T0900", "mercredi 2 décembre à 9 h 00 — Dr Paul Lefèvre"),
            book("ped-lefevre.20261202T0930", "mercredi 2 décembre à 9 h 30 — Dr Paul Lefèvre"),
            book("ped-lefevre.20261202T1000", "mercredi 2 décembre à 10 h 00 — Dr Paul Lefèvre"),
            book("ped-lefevre.20261202T1030", "mercredi 2 décembre à 10 h 30 — Dr Paul Lefèvre"),
            book("ped-lefevre.20261202T1100", "mercredi 2 décembre à 11 h 00 — Dr Paul Lefèvre"),
        ],
    }]
    assert events == criteria_events("pediatrician", search_date="2026-12-08", part_of_day="morning")


async def test_next_slot_with_a_gp_who_speaks_arabic_in_english(city):
    t = tracker(text="next free slot with a GP who speaks Arabic", intent="ask_health_slots",
                entities=[entity("specialty", "general-practitioner"), entity("spoken_language", "ar")],
                slots={"language": "en"})
    events, messages = await run(ActionSearchSlots(), t)
    assert messages == [{
        "response": "utter_health_slots",
        "criteria": "general practitioner, speaks Arabic",
        "buttons": [
            book("gp-benali.20261202T0900", "Wednesday 2 December at 9:00 — Dr Karim Benali"),
            book("gp-benali.20261202T0920", "Wednesday 2 December at 9:20 — Dr Karim Benali"),
            book("gp-benali.20261202T0940", "Wednesday 2 December at 9:40 — Dr Karim Benali"),
            book("gp-benali.20261202T1000", "Wednesday 2 December at 10:00 — Dr Karim Benali"),
            book("gp-benali.20261202T1020", "Wednesday 2 December at 10:20 — Dr Karim Benali"),
        ],
    }]
    assert events == criteria_events("general-practitioner", spoken_language="ar")


async def test_dentist_on_thursday_afternoon(city):
    t = tracker(text="dentiste jeudi après-midi", intent="ask_health_slots",
                entities=[entity("specialty", "dentist"), entity("part_of_day", "afternoon")])
    events, messages = await run(ActionSearchSlots(), t)
    assert messages == [{
        "response": "utter_health_slots",
        "criteria": "chirurgien-dentiste, jeudi 3 décembre, l'après-midi",
        "buttons": [book("dent-haddad.20261203T1200", "jeudi 3 décembre à 12 h 00 — Dr Leila Haddad")],
    }]
    assert events == criteria_events("dentist", search_date="2026-12-03", part_of_day="afternoon")


async def test_evening_without_a_day_keeps_only_evening_slots(city):
    t = tracker(text="un généraliste le soir", intent="ask_health_slots",
                entities=[entity("specialty", "general-practitioner"), entity("part_of_day", "evening")])
    events, messages = await run(ActionSearchSlots(), t)
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        book("gp-ferreira.20261201T1800", "")["payload"], book("gp-ferreira.20261201T1820", "")["payload"],
        book("gp-ferreira.20261201T1840", "")["payload"], book("gp-benali.20261202T1800", "")["payload"],
        book("gp-kovalenko.20261202T1800", "")["payload"],
    ]
    assert messages[0]["criteria"] == "médecin généraliste, le soir"
    assert events == criteria_events("general-practitioner", part_of_day="evening")


async def test_dr_martin_is_a_practitioner_filter(city):
    t = tracker(text="rdv avec le Dr Martin", intent="ask_health_slots", entities=[entity("practitioner", "gp-martin")])
    events, messages = await run(ActionSearchSlots(), t)
    assert messages == [{
        "response": "utter_health_slots",
        "criteria": "Dr Claire Martin",
        "buttons": [
            book("gp-martin.20261201T1000", "mardi 1 décembre à 10 h 00 — Dr Claire Martin"),
            book("gp-martin.20261201T1020", "mardi 1 décembre à 10 h 20 — Dr Claire Martin"),
            book("gp-martin.20261201T1040", "mardi 1 décembre à 10 h 40 — Dr Claire Martin"),
            book("gp-martin.20261201T1100", "mardi 1 décembre à 11 h 00 — Dr Claire Martin"),
            book("gp-martin.20261201T1120", "mardi 1 décembre à 11 h 20 — Dr Claire Martin"),
        ],
    }]
    assert events == criteria_events(practitioner="gp-martin")


async def test_no_slot_at_all_suggests_another_practitioner(city):
    t = tracker(text="un gynécologue secteur 1", intent="ask_health_slots",
                entities=[entity("specialty", "gynecologist"), entity("health_filter", "sector1")])
    events, messages = await run(ActionSearchSlots(), t)
    assert messages == [{"response": "utter_health_no_slots", "criteria": "gynécologue, secteur 1"}]
    assert events == criteria_events("gynecologist", health_filter=["sector1"])


async def test_without_a_specialty_the_resident_chooses_one(city):
    t = tracker(text="un créneau mardi", intent="ask_health_slots")
    events, messages = await run(ActionSearchSlots(), t)
    assert messages == [{
        "response": "utter_health_which_specialty",
        "buttons": [{"title": title, "payload": f'/inform{{"specialty":"{sid}"}}'} for sid, title in ALL_SPECIALTIES_FR],
    }]
    assert events == criteria_events(search_date="2026-12-08")


async def test_a_day_after_a_list_keeps_the_specialty(city):
    t = tracker(text="et vendredi ?", intent="inform", slots={"specialty": "pediatrician", "part_of_day": "morning"})
    events, messages = await run(ActionSearchSlots(), t)
    assert messages == [{
        "response": "utter_health_slots",
        "criteria": "pédiatre, vendredi 4 décembre",
        "buttons": [
            book("ped-lefevre.20261204T1400", "vendredi 4 décembre à 14 h 00 — Dr Paul Lefèvre"),
            book("ped-lefevre.20261204T1430", "vendredi 4 décembre à 14 h 30 — Dr Paul Lefèvre"),
            book("ped-lefevre.20261204T1500", "vendredi 4 décembre à 15 h 00 — Dr Paul Lefèvre"),
            book("ped-lefevre.20261204T1530", "vendredi 4 décembre à 15 h 30 — Dr Paul Lefèvre"),
            book("ped-lefevre.20261204T1600", "vendredi 4 décembre à 16 h 00 — Dr Paul Lefèvre"),
        ],
    }]
    assert events == criteria_events("pediatrician", search_date="2026-12-04")


async def test_asked_while_the_booking_form_waits_for_a_slot_the_form_shows_them(city):
    t = tracker(text="plutôt jeudi après-midi", intent="ask_health_slots", entities=[entity("part_of_day", "afternoon")],
                slots={"specialty": "dentist"}, active_loop="appointment_form", requested_slot="appointment_slot_id")
    events, messages = await run(ActionSearchSlots(), t)
    assert messages == []
    assert events == criteria_events("dentist", search_date="2026-12-03", part_of_day="afternoon")


async def test_c2s_rights_and_who_accepts_it(city):
    t = tracker(text="c'est quoi la C2S ?", intent="ask_c2s", entities=[entity("health_filter", "c2s")])
    events, messages = await run(ActionC2SInfo(), t)
    assert events == []
    assert messages == [
        {"response": "utter_c2s_rights"},
        {"response": "utter_c2s_practitioners", "practitioners": "\n".join([
            "- Dr Claire Martin — médecin généraliste, secteur 1",
            "- Dr Karim Benali — médecin généraliste, secteur 1",
            "- Dr Ana Ferreira — médecin généraliste, secteur 1",
            "- Dr Olena Kovalenko — médecin généraliste, secteur 1",
            "- Dr Paul Lefèvre — pédiatre, secteur 1",
            "- Dr Sophie Nguyen — gynécologue, secteur 2 (OPTAM)",
            "- Dr Marc Dubois — ophtalmologue, secteur 2",
            "- Dr Leila Haddad — chirurgien-dentiste, secteur 1",
            "- Inès Morel — sage-femme, secteur 1",
            "- Thomas Petit — masseur-kinésithérapeute, secteur 1",
        ])},
        {"response": "utter_c2s_not_covered",
         "practitioners": "David Cohen (psychologue, non conventionné) et Hugo Lambert (ostéopathe, non conventionné)"},
    ]


async def test_c2s_for_a_doctor_means_every_practitioner(city):
    text = "Un médecin peut refuser la CMU ?"
    start = text.index("médecin")
    t = tracker(text=text, intent="ask_c2s", entities=[
        {"entity": "specialty", "value": "general-practitioner", "start": start, "end": start + len("médecin")},
        {"entity": "health_filter", "value": "c2s"}])
    _, messages = await run(ActionC2SInfo(), t)
    assert messages[1]["practitioners"].count("\n") == 9       # the ten who accept it, not only the GPs
    assert messages[2]["response"] == "utter_c2s_not_covered"


async def test_c2s_for_one_specialty_in_english(city):
    t = tracker(text="does the ophthalmologist take CMU?", intent="ask_c2s", slots={"language": "en"},
                entities=[entity("specialty", "ophthalmologist"), entity("health_filter", "c2s")])
    _, messages = await run(ActionC2SInfo(), t)
    assert messages == [
        {"response": "utter_c2s_rights"},
        {"response": "utter_c2s_practitioners", "practitioners": "- Dr Marc Dubois — ophthalmologist, sector 2"},
    ]


async def test_walk_in_hours(city):
    events, messages = await run(ActionWalkIn(), tracker(text="consultation sans rendez-vous", intent="ask_walk_in"))
    assert events == []
    assert messages == [{
        "response": "utter_walk_in", "place_name": "Maison de Santé de Levallois",
        "address": "5 rue Marius Aufan, 92300 Levallois-Perret", "phone": "01 99 00 15 00",
        "hours": "- lundi, mardi, mercredi, jeudi, vendredi et samedi : 08:00–10:00",
    }]


async def test_walk_in_hours_in_english(city):
    _, messages = await run(ActionWalkIn(), tracker(text="walk-in hours", intent="ask_walk_in", slots={"language": "en"}))
    assert messages[0]["hours"] == "- Monday, Tuesday, Wednesday, Thursday, Friday and Saturday: 08:00–10:00"


async def test_practitioners_who_speak_arabic(city):
    t = tracker(text="un médecin qui parle arabe ?", intent="ask_practitioners", entities=[entity("spoken_language", "ar")])
    events, messages = await run(ActionPractitioners(), t)
    assert events == []
    assert messages == [{"response": "utter_practitioners", "practitioners": "\n".join([
        "- Dr Karim Benali — médecin généraliste, secteur 1, C2S/AME acceptées, tiers payant, "
        "langues : français, arabe et anglais",
        "- Dr Leila Haddad — chirurgien-dentiste, secteur 1, C2S/AME acceptées, tiers payant, "
        "langues : français, arabe et anglais",
    ])}]


async def test_practitioners_by_specialty_in_english(city):
    t = tracker(text="who is the psychologist?", intent="ask_practitioners", slots={"language": "en"},
                entities=[entity("specialty", "psychologist")])
    _, messages = await run(ActionPractitioners(), t)
    # The city's note comes last, in the resident's language when the city has a translation.
    assert messages == [{"response": "utter_practitioners", "practitioners":
                         "- David Cohen — psychologist, outside the health insurance agreement, "
                         "C2S/AME not accepted, languages: French and English — sessions under the national "
                         "'Mon soutien psy' scheme are reimbursed on a doctor's referral; other sessions are "
                         "not reimbursed"}]


async def test_practitioners_none_match(city):
    t = tracker(text="un ophtalmo qui parle ukrainien", intent="ask_practitioners",
                entities=[entity("specialty", "ophthalmologist"), entity("spoken_language", "uk")])
    _, messages = await run(ActionPractitioners(), t)
    assert messages == [{"response": "utter_practitioners_none"}]


async def test_city_down_gives_the_phone_quickly(city_down):
    contact = fallback_contact()
    expected = [{"response": "utter_city_unavailable", "phone": contact["phone"], "place_name": contact["name"]}]
    for action, intent in [(ActionSearchSlots(), "ask_health_slots"), (ActionC2SInfo(), "ask_c2s"),
                           (ActionWalkIn(), "ask_walk_in"), (ActionPractitioners(), "ask_practitioners")]:
        started = time.monotonic()
        events, messages = await run(action, tracker(text="pédiatre", intent=intent,
                                                     entities=[entity("specialty", "pediatrician")]))
        assert time.monotonic() - started < 3.0
        assert messages == expected
        assert events == []
