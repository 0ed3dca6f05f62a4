"""Plays residents' conversations over Rasa's REST channel with a fixed concurrency.

Every resident is a task sending its messages one after the other, each once the previous
one was answered, as a person would (no think time: the load is as high as the
concurrency allows). A semaphore bounds the messages in flight to `concurrency`; it is
first come first served, so residents move forward together and those who book the same
slot confirm at about the same time. Nothing is retried: a message that failed is lost.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import httpx

from bench.loadgen.scripts import Plan, Resident


@dataclass
class Turn:
    sender: str
    index: int
    text: str
    started: float                       # seconds since the run started
    latency: float                       # seconds until the whole answer was read
    status: Optional[int] = None         # HTTP status; None: no answer (timeout, connection)
    replies: List[Dict] = field(default_factory=list)
    error: Optional[str] = None

    @property
    def answered(self) -> bool:
        return self.status == 200 and bool(self.replies)

    def reply_text(self) -> str:
        return "\n".join(str(r.get("text") or "") for r in self.replies)


@dataclass
class RunResult:
    concurrency: int
    seconds: float
    turns: List[Turn]

    def by_sender(self) -> Dict[str, List[Turn]]:
        out: Dict[str, List[Turn]] = {}
        for turn in self.turns:
            out.setdefault(turn.sender, []).append(turn)
        for turns in out.values():
            turns.sort(key=lambda t: t.index)
        return out


async def _resident(client: httpx.AsyncClient, url: str, resident: Resident, gate: asyncio.Semaphore,
                    headers: Dict[str, str], t0: float, turns: List[Turn], timeout: float) -> None:
    for index, text in enumerate(resident.messages):
        async with gate:
            started = time.perf_counter()
            turn = Turn(resident.sender, index, text, started - t0, 0.0)
            try:
                response = await client.post(url, json={"sender": resident.sender, "message": text},
                                             headers=headers, timeout=timeout)
                turn.status = response.status_code
                if response.status_code == 200:
                    turn.replies = response.json()
                else:
                    turn.error = f"HTTP {response.status_code}: {response.text[:200]}"
            except (httpx.HTTPError, ValueError) as error:
                turn.error = f"{type(error).__name__}: {error}"[:300]
            turn.latency = time.perf_counter() - started
        turns.append(turn)


async def _progress(turns: List[Turn], total: int, t0: float, every: float) -> None:
    """A line every `every` seconds, so that a long unattended run shows it is alive."""
    while every > 0:
        await asyncio.sleep(every)
        done = len(turns)
        elapsed = time.perf_counter() - t0
        print(f"  {done}/{total} messages in {elapsed:.0f} s ({done / elapsed:.1f}/s), "
              f"{sum(1 for t in turns if not t.answered)} unanswered", flush=True)


async def run_async(url: str, plan: Plan, concurrency: int,
                    headers: Callable[[str], Dict[str, str]] = lambda sender: {},
                    timeout: float = 60.0, progress: float = 30.0) -> RunResult:
    gate = asyncio.Semaphore(concurrency)
    turns: List[Turn] = []
    limits = httpx.Limits(max_connections=concurrency + 4, max_keepalive_connections=concurrency + 4)
    async with httpx.AsyncClient(limits=limits) as client:
        t0 = time.perf_counter()
        ticker = asyncio.create_task(_progress(turns, plan.messages, t0, progress))
        try:
            await asyncio.gather(*(_resident(client, url, r, gate, headers(r.sender), t0, turns, timeout)
                                   for r in plan.residents))
        finally:
            ticker.cancel()
        seconds = time.perf_counter() - t0
    return RunResult(concurrency, seconds, turns)


def run(url: str, plan: Plan, concurrency: int, headers: Callable[[str], Dict[str, str]] = lambda s: {},
        timeout: float = 60.0, progress: float = 30.0) -> RunResult:
    return asyncio.run(run_async(url, plan, concurrency, headers, timeout, progress))
