"""Figures of a run: latency percentiles, throughput, the checks; JSON and Markdown."""
from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path
from typing import Dict, Iterable, List

import numpy as np

from bench.loadgen.runner import RunResult


def percentiles_ms(latencies: Iterable[float]) -> Dict[str, float]:
    values = np.array(list(latencies), dtype=float) * 1000
    if not len(values):
        return {"p50": None, "p95": None, "p99": None, "max": None, "mean": None}
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {"p50": round(float(p50), 1), "p95": round(float(p95), 1), "p99": round(float(p99), 1),
            "max": round(float(values.max()), 1), "mean": round(float(values.mean()), 1)}


def speed(result: RunResult) -> Dict:
    """Latency of answered messages, and answered messages per second of the run."""
    answered = [t for t in result.turns if t.answered]
    return {"concurrency": result.concurrency, "messages": len(result.turns),
            "seconds": round(result.seconds, 2),
            "messages_per_s": round(len(answered) / result.seconds, 2) if result.seconds else None,
            "latency_ms": percentiles_ms(t.latency for t in answered)}


def machine() -> Dict:
    """Where and when: figures from a shared, busy machine are pessimistic."""
    load = os.getloadavg()
    return {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "host": platform.node(),
            "cpus": os.cpu_count(), "load_average_1_5_15": [round(x, 2) for x in load],
            "python": platform.python_version()}


def write_json(path: Path, payload: Dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def dump_turns(path: Path, result: RunResult) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for turn in sorted(result.turns, key=lambda t: (t.sender, t.index)):
            out.write(json.dumps({"sender": turn.sender, "turn": turn.index, "text": turn.text,
                                  "status": turn.status, "latency_ms": round(turn.latency * 1000, 1),
                                  "error": turn.error, "replies": turn.replies}, ensure_ascii=False) + "\n")


def _ms(value) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def load_markdown(summary: Dict) -> str:
    s, lost, book = summary["speed"], summary["lost"], summary["bookings"]
    lat = s["latency_ms"]
    contended = book["contended_slots"]
    rows: List[tuple] = [
        ("residents × turns", f"{summary['residents']} × {summary['turns_per_resident']} "
                              f"({s['messages']} messages, {summary['languages']})"),
        ("concurrency (messages in flight)", str(s["concurrency"])),
        ("profile", summary["profile"]),
        ("duration", f"{s['seconds']:.1f} s"),
        ("throughput", f"{s['messages_per_s']} messages/s"),
        ("CPU-ms per answered message (all the stack's processes)",
         f"{summary['cpu_ms_per_message']['total']} ({', '.join(f'{k} {v}' for k, v in summary['cpu_ms_per_message']['per_service'].items())})"),
        ("latency p50 / p95 / p99 / max", f"{_ms(lat['p50'])} / {_ms(lat['p95'])} / {_ms(lat['p99'])} / "
                                          f"{_ms(lat['max'])} ms"),
        ("**lost messages** (target 0)", f"**{lost['lost']}** ({lost['unanswered']} unanswered, "
                                         f"{lost['missing_in_tracker']} not in the tracker store)"),
        ("messages stored twice", str(lost["duplicated_in_tracker"])),
        ("**double bookings** (target 0)", f"**{book['double_bookings']}**"),
        ("bookings", f"{book['residents_booking']} residents tried, {book['appointments_made']} appointments, "
                     f"{book['confirmations_delivered']} confirmations delivered"),
        ("contended slots", f"{len(contended)} slots × {max([c['residents'] for c in contended.values()] or [0])} "
                            f"residents: told 'booked' " +
                            ", ".join(str(c["told_booked"]) for c in contended.values())),
        ("errors", f"{summary['errors']['errors']} {summary['errors']['error_kinds'] or ''}".strip()),
        ("degraded answers (city or action server unreachable)", str(summary["degraded"]["degraded_answers"])),
    ]
    lines = ["| load test | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    return "\n".join(lines)
