"""bot.nlu.spacy_pipes: SpacyNLP loads fr_core_news_sm without NER (nor parser), and the
tokens and lemmas our features use are the same as with it."""
from __future__ import annotations

import spacy

import bot.nlu  # noqa: F401  (installs the patch, as config.yml's components do)
from rasa.nlu.utils.spacy_utils import SpacyNLP

TEXTS = ["Quels sont les horaires de la MSP samedi ?", "j'habite à Levallois, l'adresse ?",
         "combien coûte le conservatoire avec un QF de 600", "les médecins ouvrent jeudi"]


def test_spacynlp_loads_the_french_model_without_ner_and_parser() -> None:
    nlp = SpacyNLP.load_model("fr_core_news_sm").model
    assert "ner" not in nlp.pipe_names and "parser" not in nlp.pipe_names
    assert {"tok2vec", "morphologizer", "lemmatizer"} <= set(nlp.pipe_names)
    full = spacy.load("fr_core_news_sm")
    for text in TEXTS:
        ours, reference = nlp(text), full(text)
        assert [(t.text, t.lemma_, t.pos_) for t in ours] == [(t.text, t.lemma_, t.pos_) for t in reference]
        assert ours.ents == ()
