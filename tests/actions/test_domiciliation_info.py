"""What a domiciliation is, its documents and steps (real API), and the status form's checks."""
from __future__ import annotations

import time

import pytest
from rasa_sdk.events import SlotSet

from actions.common.fallback import fallback_contact
from actions.domiciliation.info import ActionDomiciliationInfo, ActionDomiciliationSteps
from actions.domiciliation.status import ActionDomiciliationStatus, ValidateDomiciliationStatusForm
from tests.trackers import run, tracker

CCAS = {"place_name": "CCAS (Centre communal d'action sociale)",
        "address": "12 rue Aristide Briand, 92300 Levallois-Perret (1er étage)", "phone": "01 99 00 12 30"}


async def test_who_can_apply_and_what_it_gives_access_to_in_english(city):
    events, messages = await run(ActionDomiciliationInfo(), tracker(intent="ask_domiciliation",
                                                                   slots={"language": "en"}))
    assert events == []
    assert messages == [dict(
        CCAS, response="utter_domiciliation_info",
        who_can_apply="anyone who has no stable address where they can receive mail and who has a link with "
                      "Levallois",
        links="- lives or stays in Levallois (including in a shelter, a hotel, a vehicle, a tent, or hosted by "
              "someone)\n- works in Levallois\n- follows an integration, social, medico-social or professional "
              "support programme in Levallois\n- has family ties with someone living in Levallois\n- has parental "
              "authority over a child attending school in Levallois",
        access="identity documents, social benefits (RSA, CAF), health insurance and C2S, bank account, "
               "voting registration and legal aid",
        ame_note="for AME (state medical aid) a domiciliation for AME can also be requested at the CCAS with "
                 "the same form",
    )]


async def test_the_french_answer_keeps_every_fact(city):
    _, messages = await run(ActionDomiciliationInfo(), tracker(intent="ask_domiciliation"))
    info = messages[0]
    assert info["who_can_apply"] == ("toute personne qui n'a pas d'adresse stable où recevoir son courrier et "
                                     "qui a un lien avec Levallois")
    assert info["access"] == ("papiers d'identité, prestations sociales (RSA, CAF), assurance maladie et C2S, "
                              "compte bancaire, inscription sur les listes électorales et aide juridictionnelle")


async def test_documents_steps_and_delays(city):
    events, messages = await run(ActionDomiciliationSteps(), tracker(intent="ask_domiciliation_steps"))
    assert events == []
    assert messages == [dict(
        CCAS, response="utter_domiciliation_steps",
        documents="- le formulaire de demande, cerfa n° 15548*03 (demande d'élection de domicile), disponible au "
                  "CCAS ou à remplir sur place avec un agent\n- une pièce d'identité si vous en avez une (pas "
                  "obligatoire : la demande est acceptée sans)\n- tout élément qui montre votre lien avec Levallois "
                  "(une déclaration sur l'honneur est acceptée)",
        steps="- vous venez à l'accueil du CCAS ou demandez un rendez-vous ; un entretien avec un travailleur "
              "social est obligatoire\n- le CCAS accuse réception de la demande et décide dans les 2 mois ; sans "
              "réponse au bout de 2 mois, la demande est refusée\n- un refus est écrit et motivé, et le CCAS vous "
              "oriente vers un autre organisme\n- une fois la demande acceptée, le CCAS délivre l'attestation, "
              "cerfa n° 15547*03, valable 1 an et renouvelable\n- vous devez contacter le CCAS ou y passer au "
              "moins une fois tous les 3 mois, sinon la domiciliation peut prendre fin\n- le courrier est gardé "
              "au CCAS et vous est remis sur présentation d'une pièce d'identité ou de l'attestation",
    )]


async def test_the_city_down_gives_the_phone_quickly(city_down):
    contact = fallback_contact()
    started = time.monotonic()
    events, messages = await run(ActionDomiciliationSteps(), tracker(intent="ask_domiciliation_steps"))
    assert time.monotonic() - started < 3.0
    assert (events, messages) == ([], [{"response": "utter_city_unavailable", "phone": contact["phone"],
                                        "place_name": contact["name"]}])


# --- domiciliation_status_form


def _status_form(slot: str, text: str):
    return tracker(text=text, intent="inform", slots={slot: text}, active_loop="domiciliation_status_form",
                   requested_slot=slot, events=[{"event": "slot", "name": slot, "value": text}])


@pytest.mark.parametrize("text, expected", [
    ("DOM-2026-000042", "DOM-2026-000042"), ("dom 2026 000042", "DOM-2026-000042"),
    ("mon numéro de dossier est DOM-2026-000007", "DOM-2026-000007"),
])
async def test_a_reference_is_read_as_typed(text, expected):
    events, messages = await run(ValidateDomiciliationStatusForm(), _status_form("dom_reference", text))
    assert (events, messages) == ([SlotSet("dom_reference", expected)], [])


async def test_something_else_than_a_reference_is_explained():
    events, messages = await run(ValidateDomiciliationStatusForm(), _status_form("dom_reference", "123456"))
    assert events == [SlotSet("dom_reference", None)]
    assert messages == [{"response": "utter_dom_reference_not_understood"}]


@pytest.mark.parametrize("text, expected", [
    ("K7QM-3XPA", "K7QM-3XPA"), ("k7qm3xpa", "K7QM-3XPA"), ("le code c'est ABCD-2345", "ABCD-2345"),
])
async def test_an_access_code_is_read_in_any_form(text, expected):
    events, messages = await run(ValidateDomiciliationStatusForm(), _status_form("dom_access_code", text))
    assert (events, messages) == ([SlotSet("dom_access_code", expected)], [])


async def test_something_else_than_a_code_is_explained():
    events, messages = await run(ValidateDomiciliationStatusForm(), _status_form("dom_access_code", "abc"))
    assert events == [SlotSet("dom_access_code", None)]
    assert messages == [{"response": "utter_dom_access_code_not_understood"}]


async def test_the_status_without_the_city_forgets_the_code(city_down):
    contact = fallback_contact()
    t = tracker(slots={"dom_reference": "DOM-2026-000001", "dom_access_code": "ABCD-2345"})
    events, messages = await run(ActionDomiciliationStatus(), t)
    assert events == [SlotSet("dom_reference", None), SlotSet("dom_access_code", None)]
    assert messages == [{"response": "utter_city_unavailable", "phone": contact["phone"],
                         "place_name": contact["name"]}]
