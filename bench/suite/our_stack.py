"""Parts 1 and 3: our whole stack over REST, and how long it takes to start.

The stack is started by our launcher (bot/cli/stack.py) on temporary SQLite databases,
one service after the other, timed: the municipal API, the action server, Rasa (until its
HTTP server answers, then until the first answered message), the web chat. Then, for
each concurrency, the load generator plays the residents' multilingual conversations
(bookings included) and the services' CPU time is read before and after (psutil, each
service with its children): CPU-ms per answered message. Resident memory is sampled all
along: the peak of each service.
"""
from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Dict, List, Tuple

import httpx

from bench.loadgen import checks, runner, scripts, stacks
from bench.loadgen.report import speed
from bench.suite.resources import CpuMeter, PeakMemory


def start_timed(model: Path) -> Tuple[stacks.BenchStack, Dict]:
    bench = stacks.dev_stack(model)
    stack, times = bench.stack, {}
    try:
        t0 = time.monotonic()
        stack.start_api()
        times["municipal_api_s"] = time.monotonic() - t0
        t1 = time.monotonic()
        stack.start_actions()
        times["action_server_s"] = time.monotonic() - t1
        t2 = time.monotonic()
        stack.start_rasa()
        times["rasa_to_http_s"] = time.monotonic() - t2
        response = httpx.post(bench.rest_url, json={"sender": f"first-{uuid.uuid4().hex[:6]}",
                                                    "message": "Bonjour"}, timeout=600)
        response.raise_for_status()
        if not response.json():
            raise RuntimeError("no answer to the first message")
        times["rasa_to_first_answer_s"] = time.monotonic() - t2
        times["stack_to_first_answer_s"] = time.monotonic() - t0
        t3 = time.monotonic()
        stack.start_web()
        times["web_s"] = time.monotonic() - t3
        bench.warm_up()
    except BaseException:
        print(bench.logs(), flush=True)
        bench.stop()
        raise
    return bench, {k: round(v, 1) for k, v in times.items()}


def load_levels(bench: stacks.BenchStack, levels: List[int], sizes: Dict[int, Tuple[int, int]]) -> Dict:
    out = {}
    pids = bench.pids()
    with PeakMemory(pids) as memory:
        for run, concurrency in enumerate(levels, start=1):
            residents, turns = sizes[concurrency]
            plan = scripts.plan(residents, turns, scripts.free_slot_ids(bench.api_url), seed=concurrency, run=run,
                                contended_slots=2, per_slot=3)
            meter = CpuMeter(pids).start()
            result = runner.run(bench.rest_url, plan, concurrency, bench.headers)
            meter.stop()
            answered = sum(t.answered for t in result.turns)
            lost = checks.lost_messages(result, bench.tracker_db_url)
            out[str(concurrency)] = {
                **speed(result), "residents": residents, "turns": turns,
                "cpu_ms_per_message": meter.per_message_ms(answered),
                "lost": lost["lost"], "double_bookings": checks.bookings(plan, result, bench.city_db_url)
                ["double_bookings"], **checks.errors(result), **checks.degraded_answers(result)}
    return {"levels": out, "peak_rss_mb": memory.peaks_mb()}


def measure(model: Path, levels: List[int], sizes: Dict[int, Tuple[int, int]]) -> Dict:
    bench, startup = start_timed(model)
    try:
        return {"startup": startup, **load_levels(bench, levels, sizes)}
    finally:
        bench.stop()
