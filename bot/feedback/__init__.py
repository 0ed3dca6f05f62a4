"""Residents' thumbs up / down on the assistant's answers, and what was wrong (web chat and
kiosk): validation.py checks what the browser sends, comment.py redacts the comment,
store.py keeps the rows (no conversation id, the hour only). The web route is
bot/web/feedback_api.py; the dashboard sums them up (bot/analytics/feedback_summary.py)."""
