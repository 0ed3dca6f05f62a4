"""Days as residents write them in Ukrainian, Spanish, Portuguese and Arabic: every weekday in the
form a sentence puts it in, "today", "tomorrow" and "the day after", both apostrophes, dates and dialects
in whole sentences. The words dateparser misses are data (actions/common/day_words.yml)."""
from datetime import date, timedelta

import pytest

from actions.common.parsing import parse_day
from actions.health.search import day_in

FROZEN_NOW = "2026-12-01T08:00:00+01:00"   # a Tuesday
TODAY = date(2026, 12, 1)
# the next Monday..Sunday after the frozen Tuesday (Tuesday itself is the next week's)
WEEK = {name: TODAY + timedelta(days=(i - TODAY.weekday()) % 7 or 7)
        for i, name in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])}


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_NOW", FROZEN_NOW)


UK = [
    ("у понеділок", "mon"), ("у вівторок", "tue"), ("в середу", "wed"), ("у четвер", "thu"),
    ("у п'ятницю", "fri"), ("в п’ятницю", "fri"), ("у пʼятницю", "fri"), ("в пятницю", "fri"),
    ("У П'ЯТНИЦЮ", "fri"), ("в суботу", "sat"), ("у неділю", "sun"),
    ("до п'ятниці", "fri"), ("з понеділка", "mon"), ("після четверга", "thu"), ("до суботи", "sat"),
    ("по п’ятницях", "fri"), ("чи є місце у п'ятницю?", "fri"), ("запис до педіатра на п’ятницю", "fri"),
    ("мне нужно в пятницу", "fri"), ("в среду", "wed"),        # Russian words, read with Ukrainian
]
ES = [("el lunes", "mon"), ("el martes", "tue"), ("el miércoles", "wed"), ("el miercoles", "wed"),
      ("el jueves", "thu"), ("el viernes", "fri"), ("el sábado", "sat"), ("el sabado", "sat"),
      ("el domingo", "sun"), ("hay hueco el viernes por la tarde?", "fri")]
PT = [("na segunda", "mon"), ("na terça", "tue"), ("na terca-feira", "tue"), ("na quarta-feira", "wed"),
      ("na quinta", "thu"), ("na sexta", "fri"), ("sexta-feira", "fri"), ("no sábado", "sat"),
      ("no sabado de manhã", "sat"), ("no domingo", "sun"), ("tem vaga na sexta?", "fri")]
AR = [("يوم الاثنين", "mon"), ("الثلاثاء", "tue"), ("الأربعاء", "wed"), ("الاربعاء", "wed"),
      ("نهار الخميس", "thu"), ("يوم الجمعة", "fri"), ("السبت", "sat"), ("الأحد", "sun"), ("الاحد", "sun")]


@pytest.mark.parametrize("language, text, day", [("uk", t, d) for t, d in UK] + [("es", t, d) for t, d in ES]
                         + [("pt", t, d) for t, d in PT] + [("ar", t, d) for t, d in AR])
def test_weekdays(language, text, day):
    assert parse_day(text, language) == WEEK[day]


@pytest.mark.parametrize("language, today, tomorrow, after", [
    ("uk", "сьогодні", "завтра", "післязавтра"),
    ("es", "hoy", "mañana", "pasado mañana"),
    ("pt", "hoje", "amanhã", "depois de amanhã"),
    ("ar", "اليوم", "غدا", "بعد غد"),
])
def test_today_tomorrow_and_the_day_after(language, today, tomorrow, after):
    assert parse_day(today, language) == TODAY
    assert parse_day(tomorrow, language) == TODAY + timedelta(days=1)
    assert parse_day(after, language) == TODAY + timedelta(days=2)


@pytest.mark.parametrize("language, text", [
    ("es", "pasado manana por la tarde"), ("pt", "depois de amanha de manhã"), ("ar", "بعد بكرة الصباح"),
    ("uk", "Післязавтра вранці"),
])
def test_the_day_after_tomorrow_in_a_sentence(language, text):
    assert parse_day(text, language) == TODAY + timedelta(days=2)


@pytest.mark.parametrize("language, text, day", [
    ("uk", "до терапевта у п’ятницю", "fri"), ("uk", "педіатр в пʼятницю вранці", "fri"),
    ("uk", "вільний час у неділю", "sun"), ("pt", "pediatra na sexta à tarde", "fri"),
    ("es", "pediatra el viernes", "fri"), ("ar", "طبيب الأطفال نهار الجمعة", "fri"),
])
def test_the_day_of_a_slot_search(language, text, day):
    assert day_in(text, language) == WEEK[day]


def test_a_word_that_only_contains_a_day_word_is_no_day():
    # whole words only: "середина" (the middle) is not "середа"
    assert parse_day("в середині дня", "uk") != WEEK["wed"]


# --- whole sentences, as residents ask for a day --------------------------------------------

DAYS = [
    ("es", "un hueco con el pediatra el martes por la mañana", date(2026, 12, 8)),
    ("es", "cita con el médico mañana", date(2026, 12, 2)),
    ("es", "dentista el jueves por la tarde", date(2026, 12, 3)),
    ("es", "el 14 de diciembre", date(2026, 12, 14)),
    ("pt", "o conservatório abre no dia 25 de dezembro?", date(2026, 12, 25)),   # "no dia ..." as people say it
    ("pt", "a câmara está aberta a 14 de julho?", date(2027, 7, 14)),
    ("pt", "abre no sábado dia 5?", date(2026, 12, 5)),
    ("pt", "horário da casa de saúde amanhã", date(2026, 12, 2)),
    ("uk", "запис до лікаря завтра", date(2026, 12, 2)),
    ("uk", "стоматолог у четвер після обіду", date(2026, 12, 3)),
    ("uk", "хочу записатися до остеопата на 12 грудня", date(2026, 12, 12)),
    ("uk", "вільний час у суботу", date(2026, 12, 5)),
    ("ar", "شنو هي أوقات العمل ديال البلدية نهار السبت؟", date(2026, 12, 5)),
    ("ar", "واش الكونسرفاتوار محلول نهار 25 ديسمبر؟", date(2026, 12, 25)),
    ("ar", "موعد عند الطبيب غدا", date(2026, 12, 2)),
    ("ar", "بدي موعد عند الطبيب بكرا", date(2026, 12, 2)),          # Levantine "tomorrow"
    ("ar", "البلدية فاتحة بكرة؟", date(2026, 12, 2)),               # Egyptian
    ("ar", "واش محلولين غدوة؟", date(2026, 12, 2)),                 # Maghrebi
    ("ar", "ليسكال محلولة نهار الحد؟", date(2026, 12, 6)),          # Maghrebi Sunday
    ("ar", "موعد نهار الاتنين", date(2026, 12, 7)),
    ("ar", "في موعد يوم التلات؟", date(2026, 12, 8)),
    ("ar", "الجمعه بعد الظهر", date(2026, 12, 4)),                  # ه for ة
    ("ar", "محلولين 14 جويلية؟", date(2027, 7, 14)),                # Algerian and Tunisian month
    ("ar", "فاتحين 25 دجنبر؟", date(2026, 12, 25)),                 # Moroccan month
    ("ar", "فاتحين 1 كانون الثاني؟", date(2027, 1, 1)),             # Levantine month
]


@pytest.mark.parametrize("code, text, day", DAYS)
def test_the_day_asked_for(code, text, day):
    assert parse_day(text, code) == day


@pytest.mark.parametrize("code, text, day", DAYS + [
    ("pt", "consulta no dia 25 de dezembro", date(2026, 12, 25)),   # "de" after a number stays
])
def test_the_day_asked_for_at_the_booking(code, text, day):
    """The booking form's reading (the words of "may I" and short words taken out first)."""
    assert day_in(text, code) == day


def test_until_is_not_sunday_in_arabic():
    # "لحد" (until) is also the Maghrebi "Sunday" (الحد).
    assert parse_day("لحد أي ساعة فاتحين؟", "ar") != date(2026, 12, 6)
