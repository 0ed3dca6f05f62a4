"""Custom Rasa NLU components of the Levallois assistant."""
