"""The city's texts in French and English on every kind of answer, holiday and specialty names,
and the fallback to the data pack's own words."""

import pytest

from language_helpers import (
    DOMICILIATION,
    FR,
    HEALTH,
    PARTNERS,
    PLACES,
    PRACTITIONERS,
    TARIFFS,
    get,
)

# --- French and English on every kind of answer -------------------------------------------------

def test_places_in_french_and_english(api):
    french = get(api, "/v1/places/msp", "fr")
    assert french.headers["Content-Language"] == "fr" and "Accept-Language" in french.headers["Vary"]
    msp = french.json()
    assert msp["kind"] == "guichet unique de services publics (sur le modèle des espaces France Services)"
    assert msp["services"][0].startswith("aide aux démarches en ligne")
    assert msp["name"] == "Maison des Services Publics"  # names, addresses, phones stay
    assert msp["address"] == PLACES["msp"]["address"] and msp["phone"] == "01 99 00 12 00"
    ccas = get(api, "/v1/places/ccas", "fr").json()
    assert ccas["mail_pickup"].startswith("le courrier des personnes domiciliées")
    assert "pièce d'identité" in ccas["mail_pickup"]
    assert ccas["name"] == "CCAS (Centre communal d'action sociale)"
    health_centre = get(api, "/v1/places/maison-de-sante", "fr").json()
    assert health_centre["walk_in"]["description"].startswith("soins non programmés, sans rendez-vous")
    assert health_centre["emergency_note"].startswith("En cas d'urgence vitale, appelez le 15 (SAMU) ou le 112")
    english = get(api, "/v1/places/msp", "en")
    assert english.headers["Content-Language"] == "en"
    assert english.json()["services"] == PLACES["msp"]["services"]


def test_partners_in_french_and_english(api):
    caf = get(api, "/v1/partners/caf", "fr").json()
    assert caf["topics"] == ["prestations familiales", "aide personnalisée au logement (APL)", "RSA",
                             "prime d'activité", "attestation de quotient familial"]
    assert caf["name"] == "CAF des Hauts-de-Seine"
    assert get(api, "/v1/partners/caf", "en").json()["topics"] == PARTNERS["caf"]["topics"]

    def ids(topic, language):
        return [p["id"] for p in get(api, "/v1/partners", language, topic=topic).json()]

    assert ids("impots locaux", "fr") == ["dgfip"]            # the French topic
    assert ids("local taxes", "fr") == ["dgfip"]              # the data pack's words still match
    assert ids("conflits de voisinage", "fr") == ["conciliateur"]
    assert ids("conflits de voisinage", "en") == []


def test_documents_in_french_and_english(api):
    french = {d["topic"]: d for d in get(api, "/v1/documents", "fr").json()}
    caf = french["caf"]
    assert caf["title"] == "Permanence de la CAF (prestations familiales, APL, RSA, prime d'activité)"
    assert caf["documents"][0] == "une pièce d'identité (carte nationale d'identité, passeport ou titre de séjour)"
    assert "un RIB à votre nom" in caf["documents"]
    assert "votre dernier avis d'imposition" in caf["documents"]
    assert "un justificatif de domicile ou votre attestation de domiciliation" in caf["documents"]
    assert french["tariffs"]["documents"][0] == "l'attestation de quotient familial de la CAF de moins de 3 mois"
    assert french["domiciliation"]["title"] == "Demande de domiciliation au CCAS"
    english = {d["topic"]: d for d in get(api, "/v1/documents", "en").json()}
    assert english["domiciliation"]["documents"] == DOMICILIATION["documents"]
    # The topic filter reads French titles too.
    topics = [d["topic"] for d in get(api, "/v1/documents", "fr", topic="logement social").json()]
    assert topics == ["social-housing"]


def test_tariffs_and_rules_in_french_and_english(api):
    names = {a["activity_id"]: a["name"] for a in get(api, "/v1/tariffs", "fr").json()}
    assert names["sports-piscine-10"] == "Piscine — carte de 10 entrées"
    assert names["escale-atelier-enfant"] == "L'Escale — atelier annuel, enfant (moins de 18 ans)"
    price = get(api, "/v1/tariffs/conservatoire-cursus", "fr", qf=850).json()
    assert (price["bracket"], price["price_eur"]) == ("C", 150)
    assert price["name"] == "Conservatoire — cursus complet (instrument + formation musicale), par élève et par an"
    rules = get(api, "/v1/tariffs/rules", "fr").json()
    assert rules["quotient_familial"]["definition"].startswith("QF = (revenu imposable annuel du foyer / 12")
    assert rules["quotient_familial"]["accepted_proofs"][1].startswith("à défaut, le dernier avis d'imposition")
    assert rules["reductions"][1].startswith("les bénéficiaires du RSA ou de l'ASS paient le tarif de la tranche A")
    assert rules["how_to_apply"].startswith("apportez votre justificatif de QF à la Maison des Services Publics")
    assert rules["brackets"] == TARIFFS["brackets"] and rules["non_resident_code"] == "X"
    assert rules["quotient_familial"]["parts"] == TARIFFS["quotient_familial"]["parts"]
    english = get(api, "/v1/tariffs/rules", "en").json()
    assert english["reductions"] == TARIFFS["reductions"] and english["how_to_apply"] == TARIFFS["how_to_apply"]


def test_domiciliation_info_in_french_and_english(api):
    info = get(api, "/v1/domiciliation/info", "fr").json()
    assert info["who_can_apply"].startswith("toute personne qui n'a pas d'adresse stable")
    assert info["steps"][3] == ("une fois la demande acceptée, le CCAS délivre l'attestation, cerfa n° 15547*03, "
                                "valable 1 an et renouvelable")
    assert info["documents"][1].startswith("une pièce d'identité si vous en avez une")
    assert info["statuses"] == DOMICILIATION["statuses"]  # codes
    options = {o["id"]: o for o in info["link_options"]}
    assert options["works"] == {"id": "works", "label": "Je travaille à Levallois",
                                "description": "travaille à Levallois"}
    english = get(api, "/v1/domiciliation/info", "en").json()
    assert english["steps"] == DOMICILIATION["steps"]
    assert english["link_options"][1]["label"] == "Works in Levallois"


def test_domiciliation_request_answers_next_steps_in_french(api):
    created = api.post("/v1/domiciliation/requests", headers={**api.auth, "Accept-Language": "fr"},
                       json={"link_with_commune": "works", "has_identity_document": False})
    assert created.status_code == 201 and created.headers["Content-Language"] == "fr"
    body = created.json()
    assert body["next_steps"] == [FR[step] for step in DOMICILIATION["steps"]]
    status = api.get(f"/v1/domiciliation/requests/{body['reference']}", headers=api.auth,
                     params={"access_code": body["access_code"], "lang": "en"})
    assert status.json()["next_steps"] == DOMICILIATION["steps"]


def test_health_info_and_practitioners_in_french_and_english(api):
    info = get(api, "/v1/health/info", "fr").json()
    assert info["walk_in"]["description"].startswith("soins non programmés")
    assert info["emergency_note"].startswith("En cas d'urgence vitale")
    assert info["specialty_names"] == HEALTH["specialty_names"] and info["booking_rules"] == HEALTH["booking_rules"]
    french = {p["id"]: p for p in get(api, "/v1/health/practitioners", "fr").json()}
    english = {p["id"]: p for p in get(api, "/v1/health/practitioners", "en").json()}
    assert french["dent-haddad"]["specialty_name"] == "chirurgien-dentiste"
    assert english["dent-haddad"]["specialty_name"] == "dentist"
    assert french["dent-haddad"]["specialty_names"] == english["dent-haddad"]["specialty_names"]
    assert french["osteo-lambert"]["note"] == ("non remboursé par l'Assurance Maladie ; certaines mutuelles "
                                               "en remboursent une partie")
    assert english["osteo-lambert"]["note"] == PRACTITIONERS["osteo-lambert"]["note"]
    assert french["gp-martin"]["note"] is None and french["gp-martin"]["name"] == "Dr Claire Martin"
    one = get(api, "/v1/health/practitioners/sf-morel", lang="fr").json()
    assert one["specialty_name"] == "sage-femme"


def test_booked_appointment_names_the_specialty_in_french(api):
    response = api.post("/v1/health/appointments", headers={**api.auth, "Accept-Language": "fr"}, json={
        "slot_id": "psy-cohen.20261203T0900", "patient_name": "Camille", "phone": "06 12 34 56 78",
        "idempotency_key": "lang-1"})
    assert response.status_code == 201, response.text
    practitioner = response.json()["practitioner"]
    assert practitioner["specialty_name"] == "psychologue"
    assert practitioner["note"].startswith("les séances du dispositif national « Mon soutien psy »")


@pytest.mark.parametrize(("language", "name", "content_language"), [
    ("fr", "Noël", "fr"), ("en", "Christmas Day", "en"), ("uk", "Різдво Христове", "uk"),
    # The holidays library has no Arabic, Spanish or Portuguese for France: French, the official name.
    ("ar", "Noël", "fr"), ("es", "Noël", "fr"), ("pt", "Noël", "fr"),
    (None, "Christmas Day", "en"),
])
def test_holiday_names_in_the_requested_language(api, language, name, content_language):
    for place in ("escale", "msp"):
        response = get(api, f"/v1/places/{place}/opening-hours", language, date="2026-12-25", days=1)
        assert response.json() == [{"date": "2026-12-25", "open": False, "ranges": [], "holiday": name}], place
        assert response.headers["Content-Language"] == content_language


def test_lang_wins_over_accept_language(api):
    response = api.get("/v1/places/msp/opening-hours", params={"date": "2027-07-14", "days": 1, "lang": "fr"},
                       headers={"Accept-Language": "en"})
    assert response.json()[0]["holiday"] == "Fête nationale"
    response = api.get("/v1/tariffs/rules", params={"lang": "en"}, headers={"Accept-Language": "fr"})
    assert response.headers["Content-Language"] == "en" and response.json()["how_to_apply"] == TARIFFS["how_to_apply"]


# --- fallback -----------------------------------------------------------------------------------

def test_unknown_language_gets_the_data_packs_words(api):
    for language in ("de", "zh", "x-unknown", "*", "fr;q=0"):
        response = get(api, "/v1/places/ccas", language)
        assert response.headers["Content-Language"] == "en"
        assert response.json()["mail_pickup"] == PLACES["ccas"]["mail_pickup"]
    assert get(api, "/v1/tariffs/rules", lang="zz").json()["reductions"] == TARIFFS["reductions"]
    practitioner = get(api, "/v1/health/practitioners/dent-haddad", "de").json()  # no German catalogue
    assert practitioner["specialty_name"] == "dentist"


def test_untranslated_text_keeps_the_data_packs_words(api):
    """As when the city rewords a text: the entry no longer matches, the new wording is served as it is."""
    catalogues = api.app.state.translations
    untranslated = PLACES["msp"]["services"][2]
    api.app.state.translations = {**catalogues, "fr": {k: v for k, v in catalogues["fr"].items() if k != untranslated}}
    try:
        response = get(api, "/v1/places/msp", "fr")
    finally:
        api.app.state.translations = catalogues
    assert response.headers["Content-Language"] == "fr"
    services = response.json()["services"]
    assert services[2] == untranslated
    assert services[0] == FR[PLACES["msp"]["services"][0]]


def test_errors_say_their_language(api):
    response = api.get("/v1/places/nowhere", headers={"Accept-Language": "fr"})
    assert response.status_code == 404 and response.headers["Content-Language"] == "en"
    too_long = api.get("/v1/places", params={"lang": "x" * 36})
    assert too_long.status_code == 422 and too_long.json()["error"]["code"] == "validation_error"


def test_lang_is_documented_on_every_public_read(api):
    document = api.get("/openapi.json").json()
    for path, item in document["paths"].items():
        if path.startswith("/v1/") and "get" in item:
            names = {(p["name"], p["in"]) for p in item["get"].get("parameters", [])}
            assert ("lang", "query") in names, path
    assert "Accept-Language" in document["info"]["description"]
