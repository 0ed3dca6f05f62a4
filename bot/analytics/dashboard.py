"""Everything the staff dashboard shows for a period, ready for its template: key figures,
charts (svg_charts.py) each with the table of its figures, the fallback groups and the
latest comments. French labels: the page is for the Maison des Services Publics' staff."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import List, Optional, Sequence

import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.engine import Engine

from bot.analytics import counts, peak_hours, resolution, rollup
from bot.analytics.conversations import fallback_texts
from bot.analytics.fallback_clusters import Encoder, FallbackCluster, cluster_fallbacks, use_encoder
from bot.analytics.feedback_summary import FeedbackSummary, summarise
from bot.analytics.settings import analytics_settings
from bot.analytics.svg_charts import bar_chart, column_chart, heat_map
from bot.feedback.store import FeedbackStore
from bot.languages import load_languages

logger = logging.getLogger(__name__)
WEEK_CHOICES = (1, 4, 8, 12, 26, 52)
DEFAULT_WEEKS = 4


def number(value: float) -> str:
    """French style: 1 234 (narrow no-break space)."""
    return f"{int(value):,}".replace(",", "\u202f")


def percent(share: Optional[float]) -> str:
    return "—" if share is None else f"{round(share * 100)}\u00a0%"


@dataclass
class Panel:
    id: str
    title: str
    chart: Markup
    headers: List[str]
    rows: List[List[str]]
    note: str = ""


@dataclass
class KeyFigure:
    label: str
    value: str
    detail: str = ""


@dataclass
class DashboardView:
    since: datetime
    until: datetime
    weeks: int
    figures: List[KeyFigure] = field(default_factory=list)
    panels: List[Panel] = field(default_factory=list)
    clusters: List[FallbackCluster] = field(default_factory=list)
    feedback: Optional[FeedbackSummary] = None
    refreshed: bool = True

    @property
    def period(self) -> str:
        zone = analytics_settings().timezone
        last = (self.until - timedelta(seconds=1)).astimezone(zone)
        return f"du {self.since.astimezone(zone):%d/%m/%Y} au {last:%d/%m/%Y}"


def period_for(weeks: int, now: datetime) -> tuple:
    """The last `weeks` weeks up to now: from the city's midnight 7 × weeks - 1 days ago."""
    zone = analytics_settings().timezone
    today = now.astimezone(zone).date()
    since = datetime.combine(today - timedelta(days=7 * weeks - 1), time(0), zone)
    return since.astimezone(timezone.utc), now.astimezone(timezone.utc)


def _language_label(code: str) -> str:
    info = load_languages().languages.get(code)
    return f"{info.name} ({code})" if info else code


def _items(pairs: Sequence[tuple], label=lambda key: key) -> List[tuple]:
    return [(label(key), value, number(value)) for key, value in pairs]


def _question_panels(rows: List[counts.QuestionCount], since: datetime, until: datetime) -> List[Panel]:
    settings = analytics_settings()
    total = counts.total(rows) or 1
    panels = []
    for panel_id, title, pairs, label, heading in (
        ("topics", "Questions par thème", counts.by_topic(rows), lambda k: settings.topic_labels.get(k, k), "Thème"),
        ("languages", "Questions par langue", counts.by_language(rows, tuple(load_languages().codes)),
         _language_label, "Langue"),
        ("channels", "Questions par canal", counts.by_channel(rows),
         lambda k: settings.channel_labels.get(k, k), "Canal"),
    ):
        items = _items(pairs, label)
        panels.append(Panel(panel_id, title, bar_chart(f"chart-{panel_id}", title, items),
                            [heading, "Questions", "Part"],
                            [[name, shown, percent(value / total)] for name, value, shown in items]))
    weeks = counts.by_week(rows, since, until)
    title = "Questions par semaine (ISO)"
    week_items = [(week.split("-")[1].replace("W", "S"), value, number(value)) for week, value in weeks]
    panels.append(Panel("weeks", title, column_chart("chart-weeks", title, week_items), ["Semaine", "Questions"],
                        [[week, number(value)] for week, value in weeks]))
    return panels


def _resolution_panel(rows: List[resolution.ConversationCount], since: datetime, until: datetime) -> Panel:
    weeks = resolution.by_week(rows, since, until)
    title = "Taux de résolution par semaine"
    items = [(week.split("-")[1].replace("W", "S"), (r.rate or 0) * 100, percent(r.rate)) for week, r in weeks]
    return Panel(
        "resolution", title, column_chart("chart-resolution", title, items, maximum=100),
        ["Semaine", "Conversations", "Résolues", "Non comprises", "Vers un agent", "Taux"],
        [[week, number(r.conversations), number(r.resolved), number(r.with_fallback), number(r.handed_off),
          percent(r.rate)] for week, r in weeks],
        note="Une conversation est résolue si aucun message n'a été incompris et si personne n'a demandé un agent.")


def _peak_panel(rows: List[counts.QuestionCount]) -> Panel:
    grid = peak_hours.hour_of_week(rows)
    busiest = peak_hours.busiest(grid)
    desc = ("Heures les plus chargées : " + "; ".join(f"{day} {hour} h : {number(n)} questions"
                                                      for day, hour, n in busiest)) if busiest else "aucune question"
    title = "Heures d'affluence (questions par heure de la semaine)"
    return Panel("peak", title, heat_map("chart-peak", title, grid, [d.capitalize() for d in peak_hours.DAYS], desc),
                 ["Jour"] + [f"{h} h" for h in range(24)],
                 [[day.capitalize()] + [number(n) for n in row] for day, row in zip(peak_hours.DAYS, grid)],
                 note="Heure de Paris, au début de l'heure : « 9 h » compte les questions de 9 h 00 à 9 h 59.")


def _feedback_panel(summary: FeedbackSummary) -> Panel:
    title = "Avis des habitants : part de réponses utiles par intention"
    items = [(intent, (votes.positive_share or 0) * 100,
              f"{percent(votes.positive_share)} ({number(votes.up)}/{number(votes.total)})")
             for intent, _, votes in summary.per_intent[:15]]
    return Panel("feedback", title, bar_chart("chart-feedback", title, items, label_width=270),
                 ["Intention", "Thème", "Utile", "Pas utile", "Part utile"],
                 [[intent, topic, number(v.up), number(v.down), percent(v.positive_share)]
                  for intent, topic, v in summary.per_intent])


def build_dashboard(tracker: Engine, stats: Engine, feedback: FeedbackStore, weeks: int = DEFAULT_WEEKS,
                    now: Optional[datetime] = None, encoder: Encoder = use_encoder,
                    refresh: bool = True) -> DashboardView:
    """The page's figures; `refresh` rolls the counts up from the tracker store first."""
    now = now or datetime.now(timezone.utc)
    since, until = period_for(weeks, now)
    view = DashboardView(since, until, weeks)
    try:
        if refresh:
            rollup.refresh(tracker, stats, now)
    except sa.exc.SQLAlchemyError:      # another view rolling up at the same moment: show what is there
        logger.warning("analytics roll-up skipped", exc_info=True)
        view.refreshed = False
    questions = counts.question_counts(stats, since, until)
    conversations = resolution.conversation_counts(stats, since, until)
    overall = resolution.overall(conversations)
    view.feedback = summarise(feedback, since, until)
    view.figures = [
        KeyFigure("Questions", number(counts.total(questions))),
        KeyFigure("Conversations", number(overall.conversations)),
        KeyFigure("Taux de résolution", percent(overall.rate),
                  f"{number(overall.resolved)} résolues sur {number(overall.conversations)}"),
        KeyFigure("Avis « utile »", percent(view.feedback.overall.positive_share),
                  f"{number(view.feedback.overall.up)} sur {number(view.feedback.overall.total)} avis"),
    ]
    view.panels = (_question_panels(questions, since, until)
                   + [_resolution_panel(conversations, since, until), _peak_panel(questions)]
                   + [_feedback_panel(view.feedback)])
    settings = analytics_settings()
    texts = fallback_texts(tracker, since, until, settings.cluster_max_questions)
    view.clusters = cluster_fallbacks(texts, encoder=encoder)
    return view
