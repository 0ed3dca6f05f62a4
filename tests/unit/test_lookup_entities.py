"""The closed vocabularies of data/nlu (lookup tables, regexes, synonyms) as Rasa's own
RegexEntityExtractor and EntitySynonymMapper read them, without a trained model: the Maison de
Santé in Portuguese, and greetings that name no time of day."""
import re
import tempfile
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.entity_synonyms import EntitySynonymMapper
from rasa.nlu.extractors.regex_entity_extractor import RegexEntityExtractor
from rasa.nlu.utils.pattern_utils import extract_patterns
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

DATA = Path(__file__).resolve().parents[2] / "data" / "nlu"
VOCABULARY = re.compile(r"^  - (lookup|regex|synonym):", re.MULTILINE)
CONFIG = {"case_sensitive": False, "use_lookup_tables": True, "use_regexes": True,
          "use_word_boundaries": True}   # as in config.yml


@pytest.fixture(scope="module")
def extract():
    files = [p for p in sorted(DATA.rglob("*.yml")) if VOCABULARY.search(p.read_text(encoding="utf-8"))]
    data = TrainingData().merge(*[load_data(str(p)) for p in files])
    storage = LocalModelStorage(Path(tempfile.mkdtemp()))
    context = ExecutionContext(GraphSchema({}), "test")
    # every table and regex is used in the assistant (tests/unit/test_training_data.py checks it)
    patterns = extract_patterns(data, use_only_entities=False, use_word_boundaries=True)
    extractor = RegexEntityExtractor(CONFIG, storage, Resource("regex"), patterns=patterns)
    synonyms = EntitySynonymMapper.create({}, storage, Resource("synonyms"), context)
    synonyms.train(data)

    def run(text):
        message = Message.build(text=text)
        extractor.process([message])
        synonyms.process([message])
        return {(e["entity"], e["value"]) for e in message.get("entities", [])}
    return run


@pytest.mark.parametrize("text", [
    "casa de saúde", "casa da saúde", "casa de saude", "casa da saude", "Casa da Saúde",
    "qual é o horário da casa da saúde amanhã?", "a casa de saude está aberta?", "Maison de Santé",
])
def test_the_maison_de_sante_in_portuguese(extract, text):
    assert ("place", "maison-de-sante") in extract(text)


@pytest.mark.parametrize("text", [
    "boa tarde", "Boa tarde!", "boa noite", "bom dia", "buenas tardes", "buena tarde", "buenas noches",
    "good afternoon", "Good evening", "good morning", "bonsoir", "bonne soirée", "bon après-midi",
    "bonne fin de journée", "bon matin", "добрий вечір", "доброго вечора", "добрий день", "доброго ранку",
    "مساء الخير", "مسا الخير", "مساء النور", "صباح الخير", "صباح النور",
    "boa tarde, queria marcar uma consulta", "good afternoon, I need a doctor", "مساء الخير، بغيت موعد",
])
def test_a_greeting_names_no_time_of_day(extract, text):
    assert not {value for entity, value in extract(text) if entity == "part_of_day"}


@pytest.mark.parametrize("text, part", [
    ("boa tarde, há vaga à tarde?", "afternoon"), ("buenas tardes, hay hueco por la tarde?", "afternoon"),
    ("el viernes tarde", "afternoon"), ("good afternoon, any slot this afternoon?", "afternoon"),
    ("in the evening", "evening"), ("tomorrow morning", "morning"), ("bonsoir, un rdv ce soir ?", "evening"),
    ("plutôt l'après-midi", "afternoon"), ("en fin de journée", "evening"), ("demain matin", "morning"),
    ("добрий вечір, є запис ввечері?", "evening"), ("مساء الخير، كاين موعد في المساء؟", "evening"),
    ("موعد مساء الخميس", "evening"), ("بغيت نجي صباح الجمعة", "morning"), ("mañana por la noche", "evening"),
])
def test_a_time_of_day_next_to_a_greeting_is_still_read(extract, text, part):
    assert {value for entity, value in extract(text) if entity == "part_of_day"} == {part}
