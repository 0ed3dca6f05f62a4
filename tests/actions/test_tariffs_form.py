"""tariff_form (activity, QF), its questions, and the reductions / how-to answers (real API)."""
from __future__ import annotations

import time

from rasa_sdk.events import SlotSet

from actions.common.fallback import fallback_contact
from actions.tariffs.rules_info import ActionTariffHowto, ActionTariffReductions
from actions.tariffs.tariff_form import ActionAskActivity, ValidateTariffForm
from tests.trackers import run, tracker


def _form(slot: str, value, text: str, intent: str = "inform", entities=None, slots=None):
    all_slots = dict(slots or {})
    all_slots[slot] = value
    return tracker(text=text, intent=intent, entities=entities, slots=all_slots, active_loop="tariff_form",
                   requested_slot=slot, events=[{"event": "slot", "name": slot, "value": value}])


async def test_an_activity_named_in_the_answer_is_kept():
    t = _form("activity", "sports-piscine-10", "la piscine",
              entities=[{"entity": "activity", "value": "sports-piscine-10", "start": 0, "end": 10}])
    events, messages = await run(ValidateTariffForm(), t)
    assert events == [SlotSet("activity", "sports-piscine-10")]
    assert messages == []


async def test_free_text_that_names_no_activity_is_explained_and_asked_again():
    events, messages = await run(ValidateTariffForm(), _form("activity", "le judo", "le judo"))
    assert events == [SlotSet("activity", None)]
    assert messages == [{"response": "utter_tariff_activity_not_understood", "text": "le judo"}]


async def test_a_qf_is_read_from_the_answer():
    t = _form("qf", 1200, "1 200 €", slots={"activity": "sports-ecole"},
              entities=[{"entity": "amount", "value": 1200, "start": 0, "end": 5}])
    events, messages = await run(ValidateTariffForm(), t)
    assert events == [SlotSet("qf", 1200.0)]
    assert messages == []


async def test_the_number_of_an_activity_is_not_a_qf():
    t = _form("qf", 10, "la carte de 10 entrées", slots={"activity": "sports-piscine-10"},
              entities=[{"entity": "activity", "value": "sports-piscine-10", "start": 3, "end": 22},
                        {"entity": "amount", "value": 10, "start": 12, "end": 14}])
    events, messages = await run(ValidateTariffForm(), t)
    assert events == [SlotSet("qf", None)]
    assert messages == []


async def test_an_impossible_qf_is_explained():
    t = _form("qf", 5000000, "5 000 000", slots={"activity": "sports-ecole"},
              entities=[{"entity": "amount", "value": 5000000, "start": 0, "end": 9}])
    events, messages = await run(ValidateTariffForm(), t)
    assert events == [SlotSet("qf", None)]
    assert messages == [{"response": "utter_qf_not_understood"}]


async def test_a_non_resident_is_not_asked_for_a_qf():
    t = _form("activity", "conservatoire", "je n'habite pas à Levallois, le conservatoire",
              slots={"residency": "non_resident"},
              entities=[{"entity": "activity", "value": "conservatoire", "start": 32, "end": 45},
                        {"entity": "residency", "value": "non_resident", "start": 0, "end": 27}])
    events, messages = await run(ValidateTariffForm(), t)
    assert events == [SlotSet("activity", "conservatoire"), SlotSet("requested_slot", None)]
    assert messages == []


async def test_the_activity_question_offers_every_activity(city):
    events, messages = await run(ActionAskActivity(), tracker(slots={"language": "en"}))
    assert events == []
    assert messages[0]["response"] == "utter_ask_activity"
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/ask_tariff{"activity": "%s"}' % a for a in
        ("conservatoire-cursus", "conservatoire-fm", "escale-atelier-enfant", "escale-atelier-adulte",
         "sports-ecole", "sports-piscine-10")]
    assert messages[0]["buttons"][-1]["title"] == "Swimming pool — card of 10 entries"


async def test_the_activity_question_without_the_city_still_asks(city_down):
    events, messages = await run(ActionAskActivity(), tracker())
    assert (events, messages) == ([], [{"response": "utter_ask_activity"}])


async def test_reductions_come_from_the_rules(city):
    events, messages = await run(ActionTariffReductions(), tracker(intent="ask_tariff_reductions",
                                                                  slots={"language": "en"}))
    assert events == []
    assert messages == [{
        "response": "utter_tariff_reductions",
        "reductions": "- second and further child of the same household enrolled in the same activity: "
                      "-20% on that child's price\n"
                      "- beneficiaries of RSA or ASS pay bracket A whatever their QF, on proof of their rights",
    }]


async def test_how_to_apply_and_the_proofs_come_from_the_rules(city):
    events, messages = await run(ActionTariffHowto(), tracker(intent="ask_tariff_howto"))
    assert events == []
    assert messages == [{
        "response": "utter_tariff_howto",
        "how_to_apply": "apportez votre justificatif de QF à la Maison des Services Publics ou à l'accueil de "
                        "l'activité ; la tranche est valable pour l'année scolaire (de septembre à août)",
        "proofs": "- l'attestation de quotient familial de la CAF de moins de 3 mois\n"
                  "- à défaut, le dernier avis d'imposition et le dernier relevé de paiement de la CAF",
        "definition": "QF = (revenu imposable annuel du foyer / 12 + prestations familiales mensuelles) "
                      "/ nombre de parts",
    }]


async def test_reductions_without_the_city_give_the_phone_quickly(city_down):
    contact = fallback_contact()
    started = time.monotonic()
    events, messages = await run(ActionTariffReductions(), tracker(intent="ask_tariff_reductions"))
    assert time.monotonic() - started < 3.0
    assert (events, messages) == ([], [{"response": "utter_city_unavailable", "phone": contact["phone"],
                                        "place_name": contact["name"]}])
