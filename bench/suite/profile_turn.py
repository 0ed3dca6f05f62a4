"""Part 6: where a turn's time goes in the Rasa process (stage timers and pyinstrument).

Rasa's message processing (`Agent.handle_message`: the same processor, tracker store,
action endpoint and NLG as `rasa run`, with the action server guard our REST channel
installs, without the HTTP server) runs in this process, against a real municipal API and
action server started by our launcher, with our endpoints.yml (SQLite tracker store in a
temporary directory). After two warm-up messages, a few conversations are played twice:

- with timers on the processor's stages (bench/suite/stages.py): wall time per turn of
  each stage, awaits included (the action server's and the tracker store's work count as
  long as Rasa waits for them); the three largest, with NLU counted through its
  components, are the "top three costs";
- under pyinstrument: NLU time per component, and the full tree (profile.txt; the
  session in profile.pyisession, for `pyinstrument --load`).
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from pathlib import Path
from typing import Dict, List

from bench.loadgen import stacks
from bench.suite.stages import StageTimer
from bot import action_guard

NLU_METHODS = {"process"}
TURNS = [  # questions, the QF form, a slot search, another language, thanks
    "Quels sont les horaires de la MSP samedi ?", "what services are available at the MSP?",
    "je ne connais pas mon quotient familial", "en couple", "trois",
    "combien coûte le conservatoire avec un QF de 600", "dentiste jeudi après-midi",
    "¿cuándo es la permanencia de la CAF?", "merci beaucoup",
]


class _Problems(logging.Handler):
    """Warnings and errors logged while profiling (an action server call that failed would
    make a turn look cheap)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.seen) < 10:
            self.seen.append(f"{record.name}: {record.getMessage()[:200]}")


def _nlu_components(frame, inside: bool, out: Dict[str, float]) -> None:
    """Adds the time of each NLU component's `process` under Rasa's NLU graph."""
    if frame.function == "_parse_message_with_graph":
        inside = True
    elif inside and frame.function in NLU_METHODS and frame.class_name:
        out[frame.class_name] = out.get(frame.class_name, 0.0) + frame.time
        return
    for child in frame.children:
        _nlu_components(child, inside, out)


def nlu_breakdown(session, turns: int) -> Dict[str, float]:
    totals: Dict[str, float] = {}
    _nlu_components(session.root_frame(), False, totals)
    return {k: round(v * 1000 / turns, 1) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}


def top_costs(stages: Dict[str, float], nlu: Dict[str, float], count: int = 3) -> List[Dict]:
    """The largest stages, NLU counted through its components rather than as a whole."""
    items = [(k, v) for k, v in stages.items() if k != "NLU"] + [(f"NLU: {k}", v) for k, v in nlu.items()]
    items.sort(key=lambda kv: -kv[1])
    return [{"what": k, "ms_per_turn": v} for k, v in items[:count]]


async def _play(agent, rounds: int) -> tuple:
    from rasa.core.channels.channel import UserMessage

    count = answered = 0
    started = time.perf_counter()
    for round_ in range(rounds):
        sender = f"profile-{round_}-{uuid.uuid4().hex[:6]}"
        for text in TURNS:
            replies = await agent.handle_message(UserMessage(text, sender_id=sender))
            count += 1
            answered += bool(replies)
    return count, answered, time.perf_counter() - started


async def _profile(model: Path, rounds: int, out_dir: Path) -> Dict:
    from pyinstrument import Profiler
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    # As `rasa run` sets them up (its default level, INFO): logging is part of a turn's cost.
    configure_logging_and_warnings(None, warn_only_once=True, filter_repeated_logs=True)
    configure_structlog(None)

    endpoints = AvailableEndpoints.read_endpoints(str(stacks.ROOT / "endpoints.yml"))
    started = time.monotonic()
    agent = await load_agent(model_path=str(model), endpoints=endpoints)
    load_seconds = time.monotonic() - started
    action_guard.install(agent)   # as our REST channel does when Rasa starts
    for text in ("Bonjour", "Quels sont les horaires de la mairie samedi ?"):
        await agent.handle_message(UserMessage(text, sender_id=f"warm-{uuid.uuid4().hex[:6]}"))
    problems = _Problems()
    logging.getLogger().addHandler(problems)
    timer = StageTimer().install()
    try:
        turns, answered, wall = await _play(agent, rounds)
    finally:
        timer.uninstall()
    stages = timer.per_turn_ms(turns, wall)
    profiler = Profiler(interval=0.0005, async_mode="enabled")
    with profiler:
        profiled_turns, profiled_answered, _ = await _play(agent, rounds)
    logging.getLogger().removeHandler(problems)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "profile.txt").write_text(profiler.output_text(unicode=True, color=False, show_all=False),
                                         encoding="utf-8")
    profiler.last_session.save(str(out_dir / "profile.pyisession"))
    nlu = nlu_breakdown(profiler.last_session, profiled_turns)
    return {"turns": turns, "answered": answered + profiled_answered, "of": turns + profiled_turns,
            "problems_logged": problems.seen, "ms_per_turn": round(wall * 1000 / turns, 1),
            "agent_load_seconds": round(load_seconds, 1), "stages_ms_per_turn": stages,
            "nlu_components_ms_per_turn": nlu, "top_three": top_costs(stages, nlu),
            "tree": str(out_dir / "profile.txt")}


def measure(model: Path, out_dir: Path, rounds: int = 3) -> Dict:
    bench = stacks.dev_stack(model)
    try:
        bench.stack.start_api()
        bench.stack.start_actions()
        # This process plays Rasa: the environment `rasa run` would get from our launcher.
        os.environ.update(bench.stack._env())
        return asyncio.run(_profile(model, rounds, out_dir))
    finally:
        bench.stop()
