"""Custom Rasa NLU components of the Levallois assistant."""
from bot.nlu import spacy_pipes

spacy_pipes.install()   # spaCy without its unused NER (bot/nlu/spacy_pipes.py)
