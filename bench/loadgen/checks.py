"""What must hold after a load run, read from where the truth is.

- **Lost messages**: a message that got no answer (an HTTP error, a timeout, or an empty
  list of replies), or whose user event is not in the tracker store, in sending order. The
  store redacts personal values ("[patient_name]", "[phone]"), so a stored text that
  differs from the sent one counts as that message only when it carries a redaction mark.
  Extra user events (a message stored twice) are reported as duplicates.
- **Double bookings**: in the municipal API's database, no slot (practitioner and start)
  with more than one live appointment; per contended slot, how many residents were told
  it was theirs (their appointment's cancel code in their replies).
- **Degraded answers**: "the city's services are unreachable" and "technical problem"
  replies (data/responses), which a resident gets when the API or the action server is
  slow or down: not lost, but not an answer either.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List

import sqlalchemy as sa
import yaml

from bench.loadgen.runner import RunResult
from bench.loadgen.scripts import Plan

ROOT = Path(__file__).resolve().parents[2]
DEGRADED_RESPONSES = ("utter_city_unavailable", "utter_action_server_down")


def _engine(url: str) -> sa.engine.Engine:
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


def stored_user_texts(tracker_db_url: str, senders: List[str]) -> Dict[str, List[str]]:
    """Sender -> the texts of its user events, in the order the tracker store holds them."""
    out: Dict[str, List[str]] = {sender: [] for sender in senders}
    engine = _engine(tracker_db_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT sender_id, data FROM events WHERE type_name = 'user' ORDER BY id"))
        for sender, data in rows:
            if sender in out:
                out[sender].append(json.loads(data).get("text") or "")
    engine.dispose()
    return out


def _same_message(sent: str, stored: str) -> bool:
    return sent == stored or ("[" in stored and stored != "")


def lost_messages(result: RunResult, tracker_db_url: str) -> Dict:
    by_sender = result.by_sender()
    stored = stored_user_texts(tracker_db_url, list(by_sender))
    lost, unanswered, missing, duplicated, examples = 0, 0, 0, 0, []
    for sender, turns in by_sender.items():
        texts = stored[sender]
        duplicated += max(0, len(texts) - len(turns))
        for k, turn in enumerate(turns):
            # The k-th message sent must be answered and be the k-th user event stored.
            stored_ok = k < len(texts) and _same_message(turn.text, texts[k])
            unanswered += not turn.answered
            missing += not stored_ok
            if turn.answered and stored_ok:
                continue
            lost += 1
            if len(examples) < 5:
                examples.append({"sender": sender, "turn": k, "text": turn.text,
                                 "why": turn.error or ("empty reply" if not turn.answered else
                                                       "user event missing from the tracker store"),
                                 "stored": texts[k] if k < len(texts) else None})
    return {"lost": lost, "unanswered": unanswered, "missing_in_tracker": missing,
            "duplicated_in_tracker": duplicated, "examples": examples}


def bookings(plan: Plan, result: RunResult, city_db_url: str) -> Dict:
    engine = _engine(city_db_url)
    with engine.connect() as connection:
        doubles = connection.execute(sa.text(
            "SELECT practitioner_id, start_at, COUNT(*) FROM appointments WHERE status = 'booked' "
            "GROUP BY practitioner_id, start_at HAVING COUNT(*) > 1")).fetchall()
        rows = connection.execute(sa.text(
            "SELECT phone, practitioner_id, start_at, cancel_code FROM appointments "
            "WHERE status = 'booked'")).fetchall()
    engine.dispose()
    by_phone = defaultdict(list)
    for phone, practitioner, start, code in rows:
        by_phone[phone].append((practitioner, start, code))
    # Codes are shown as "K7QM-3XPA" and stored as "K7QM3XPA".
    replies = {sender: "\n".join(t.reply_text() for t in turns).replace("-", "")
               for sender, turns in result.by_sender().items()}
    tried = [r for r in plan.residents if r.booking_turn is not None]
    booked = [r for r in tried if by_phone.get(r.phone)]
    told = [r for r in booked if any(code.replace("-", "") in replies.get(r.sender, "") for _, _, code in by_phone[r.phone])]
    winners = Counter(r.slot_id for r in told if r.contended)
    return {
        "double_bookings": len(doubles),
        "doubles": [{"practitioner": p, "start": str(s), "appointments": n} for p, s, n in doubles],
        "residents_booking": len(tried),
        "appointments_made": len(booked),
        "confirmations_delivered": len(told),
        "contended_slots": {slot: {"residents": sum(1 for r in tried if r.contended and r.slot_id == slot),
                                   "told_booked": winners.get(slot, 0)} for slot in plan.contended_slots},
        "contended_slots_told_twice": sum(1 for n in winners.values() if n > 1),
    }


def degraded_markers() -> List[str]:
    """The opening words of the replies that say the city or the action server failed."""
    markers = []
    for path in sorted((ROOT / "data" / "responses").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name in DEGRADED_RESPONSES:
            for variation in responses.get(name) or []:
                markers.append(str(variation.get("text", "")).split("{")[0].strip()[:40])
    return [m for m in markers if m]


def degraded_answers(result: RunResult) -> Dict:
    markers = degraded_markers()
    count = sum(1 for t in result.turns if any(m in t.reply_text() for m in markers))
    return {"degraded_answers": count}


def errors(result: RunResult) -> Dict:
    kinds = Counter((t.error or "").split(":")[0] for t in result.turns if t.error)
    return {"errors": sum(kinds.values()), "error_kinds": dict(kinds)}
