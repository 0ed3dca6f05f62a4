"""Custom Rasa NLU components of the Levallois assistant."""
from bot import graph_runner
from bot.nlu import spacy_pipes

spacy_pipes.install()    # spaCy without its unused NER (bot/nlu/spacy_pipes.py)
graph_runner.install()   # the model graph run without dask's scheduler (bot/graph_runner.py)
