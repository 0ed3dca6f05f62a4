"""What to bring, per topic; some lists come straight from the data pack."""

from seed_data import pack

EXPECTED_TOPICS = {partner["id"] for partner in pack("partners")["partners"]} | {
    "tariffs", "domiciliation", "maison-de-sante", "social-housing"}


def by_topic(api, **params):
    return {entry["topic"]: entry for entry in api.get("/v1/documents", params=params).json()}


def test_every_topic_has_documents(api):
    checklists = by_topic(api)
    assert checklists.keys() == EXPECTED_TOPICS
    for entry in checklists.values():
        assert entry["title"] and entry["documents"]


def test_lists_taken_from_the_data_pack(api):
    checklists = by_topic(api)
    assert checklists["tariffs"]["documents"] == pack("tariffs")["quotient_familial"]["accepted_proofs"]
    assert checklists["domiciliation"]["documents"] == pack("domiciliation")["documents"]


def test_realistic_french_documents(api):
    checklists = by_topic(api)
    text = {topic: " ".join(entry["documents"]).lower() for topic, entry in checklists.items()}
    assert "caf number" in text["caf"] and "rib" in text["caf"]
    assert "carte vitale" in text["cpam"]
    assert "pre-application number" in text["ants"] and "photo" in text["ants"] and "proof of address" in text["ants"]
    assert "carte vitale" in text["maison-de-sante"] and "c2s" in text["maison-de-sante"]
    assert "numéro unique" in text["social-housing"] and "tax notice" in text["social-housing"]


def test_filter_by_topic(api):
    assert list(by_topic(api, topic="ants")) == ["ants"]
    assert list(by_topic(api, topic="Maison-de-Sante")) == ["maison-de-sante"]
    assert list(by_topic(api, topic="housing")) == ["adil", "social-housing"]  # words of the titles
    assert by_topic(api, topic="nothing like it") == {}
