"""What the assistant is asked, how well it answers, and what residents think of it: the
staff dashboard (/staff/dashboard) and the monthly open data (`make opendata`).

Read from the tracker store's stored, already redacted events (conversations.py) and the
answer feedback (bot/feedback), rolled up into hourly counts that outlive the 30-day
conversation retention (rollup.py). One module per concern: counts.py (topic, language,
channel, ISO week), resolution.py, peak_hours.py, fallback_clusters.py,
feedback_summary.py, svg_charts.py, dashboard.py (the page's figures), opendata.py and
suppression.py (the export). Settings and labels: analytics.yml; databases: database.py.
"""
