"""What the language tests share: the catalogues, the data pack, the routes that answer texts."""

from pydantic import BaseModel, TypeAdapter

from municipal_api.core.i18n import (
    load_catalogues,
    walk_model,
)
from municipal_api.documents.schemas import DocumentChecklistOut
from municipal_api.domiciliation.schemas import DomiciliationInfoOut
from municipal_api.health.schemas import HealthInfoOut, PractitionerOut
from municipal_api.partners.schemas import PartnerOut
from municipal_api.places.schemas import PlaceOut
from municipal_api.tariffs.schemas import ActivityOut, PriceOut, TariffRulesOut

from conftest import SEED_DIR
from seed_data import pack

CATALOGUES = load_catalogues(SEED_DIR / "translations")  # language code -> source text -> translation
FR = CATALOGUES["fr"]
PLACES = {place["id"]: place for place in pack("places")["places"]}
PARTNERS = {partner["id"]: partner for partner in pack("partners")["partners"]}
TARIFFS = pack("tariffs")
DOMICILIATION = pack("domiciliation")
HEALTH = pack("health-centre")
PRACTITIONERS = {p["id"]: p for p in HEALTH["practitioners"]}
# specialty_names has fr and en only: other catalogues may translate the English name.
SPECIALTY_SOURCES = {names["en"] for names in HEALTH["specialty_names"].values()}

# Every public read that answers texts of the city, with the model it answers.
TEXT_ROUTES: list[tuple[str, object]] = [
    ("/v1/places", list[PlaceOut]),
    *[(f"/v1/places/{place_id}", PlaceOut) for place_id in PLACES],
    ("/v1/partners", list[PartnerOut]),
    *[(f"/v1/partners/{partner_id}", PartnerOut) for partner_id in PARTNERS],
    ("/v1/documents", list[DocumentChecklistOut]),
    ("/v1/tariffs", list[ActivityOut]),
    *[(f"/v1/tariffs/{activity['id']}?qf=850", PriceOut) for activity in TARIFFS["activities"]],
    ("/v1/tariffs/rules", TariffRulesOut),
    ("/v1/domiciliation/info", DomiciliationInfoOut),
    ("/v1/health/info", HealthInfoOut),
    ("/v1/health/practitioners", list[PractitionerOut]),
]


def texts_of(answer, shape) -> list[str]:
    """The translatable texts (fields typed `Text`) of an answer, in order."""
    found: list[str] = []
    value = TypeAdapter(shape).validate_python(answer)
    for model in value if isinstance(value, list) else [value]:
        assert isinstance(model, BaseModel)
        walk_model(model, lambda text: found.append(text) or text)
    return found


def get(api, path: str, language: str | None = None, **params):
    headers = {"Accept-Language": language} if language else {}
    response = api.get(path, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response
