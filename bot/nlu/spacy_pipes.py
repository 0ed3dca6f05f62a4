"""spaCy's French pipeline without the parts nothing reads: the parser (Rasa leaves it out
already) and the named-entity recogniser.

Rasa 3.6's SpacyNLP loads the model with `disable=["parser"]` only, so every message also
went through fr_core_news_sm's NER: half of spaCy's time per message (1.8 of 3.6 ms,
measured here). Nothing reads its entities: the entities come from RegexEntityExtractor
and our own extractors, the tokens and lemmas from the tokenizer, morphologizer and
lemmatizer, which stay. `install()` (called when bot.nlu is imported, that is when Rasa
builds the pipeline of config.yml, before SpacyNLP loads) wraps SpacyNLP.load_model.
"""
from __future__ import annotations

from typing import Text

from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP

UNUSED_PIPES = ("ner",)


def install() -> None:
    if getattr(SpacyNLP.load_model, "_without_unused_pipes", False):
        return
    load = SpacyNLP.load_model

    def load_model(spacy_model_name: Text) -> SpacyModel:
        model = load(spacy_model_name)
        for name in UNUSED_PIPES:
            if name in model.model.pipe_names:
                model.model.disable_pipe(name)
        return model

    load_model._without_unused_pipes = True
    SpacyNLP.load_model = staticmethod(load_model)
