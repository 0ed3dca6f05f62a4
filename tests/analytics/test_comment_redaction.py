"""The resident's "what was wrong" is redacted before it is stored (bot/feedback/comment.py):
phones, e-mails, codes, figures and names go; what the comment says stays."""
from __future__ import annotations

import pytest

from bot.feedback.comment import redact_comment


@pytest.mark.parametrize("typed, stored", [
    # names after an introduction, in the six languages
    ("je m'appelle karim benali et le tarif est faux", "je m'appelle [name] et le tarif est faux"),
    ("mon nom est Sophie Martin.", "mon nom est [name]."),
    ("my name is John Smith and the hours were wrong", "my name is [name] and the hours were wrong"),
    ("me llamo Lucía Fernández, no entiendo", "me llamo [name], no entiendo"),
    ("o meu nome é João Silva e a resposta está errada", "o meu nome é [name] e a resposta está errada"),
    ("мене звати Олена Коваленко, відповідь неправильна", "мене звати [name], відповідь неправильна"),
    ("اسمي محمد علي والجواب غير صحيح", "اسمي [name] والجواب غير صحيح"),
    # names after a title
    ("Le Dr Haddad n'était pas là", "Le Dr [name] n'était pas là"),
    ("I spoke to Mrs. Brown yesterday", "I spoke to Mrs. [name] yesterday"),
    ("la Sra. García López no estaba", "la Sra. [name] no estaba"),
    ("السيد أحمد لم يجب", "السيد [name] لم يجب"),
    # capitalised names in the middle of a sentence, and a name opening the comment
    ("Merci Marie pour rien", "Merci [name] pour rien"),
    ("Marie Dupont ici, la CAF ne répond pas", "[name] ici, la CAF ne répond pas"),
    ("c'est pour ma fille Léa, la réponse est fausse", "c'est pour ma fille [name], la réponse est fausse"),
    ("Mme DURAND dit que c'est faux", "Mme [name] dit que c'est faux"),
    # phones, e-mails, codes, references, figures
    ("appelez-moi au 06 12 34 56 78", "appelez-moi au [phone]"),
    ("call +44 20 7946 0958 please", "call [phone] please"),
    ("écrivez à jean.dupont@mail.fr", "écrivez à [email]"),
    ("mon code ABCD-1234 ne marche pas", "mon code [code] ne marche pas"),
    ("dossier DOM-2026-000123 introuvable", "dossier [reference] introuvable"),
    ("mon QF est 1 250 et le tarif n'est pas bon", "mon QF est [number] et le tarif n'est pas bon"),
])
def test_personal_details_are_replaced_by_what_they_are(typed, stored):
    assert redact_comment(typed) == stored


@pytest.mark.parametrize("typed", [
    "La réponse ne donne pas les horaires du samedi",
    "Bonjour, la réponse ne donne pas les horaires du CCAS",
    "The Maison de Santé hours were wrong on Saturday",
    "La CAF et France Travail : pas le bon lieu",
    "Il manque le prix du Conservatoire à 9 h",
    "No me ha dado la dirección",
    "Відповідь була французькою",
    "الجواب كان بالفرنسية",
])
def test_what_the_comment_says_about_the_answer_stays(typed):
    assert redact_comment(typed) == typed


def test_control_characters_and_runs_of_spaces_go():
    assert redact_comment("faux\x00\x07 et\n\n   trop   long\u200b") == "faux et trop long"
