"""CPU time and memory of the stack's processes (psutil), each with its children."""
from __future__ import annotations

import threading
import time
from typing import Dict, List

import psutil


def _tree(pid: int) -> List[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def cpu_seconds(pids: Dict[str, int]) -> Dict[str, float]:
    """User + system CPU seconds so far, per service (its process and children)."""
    out = {}
    for name, pid in pids.items():
        total = 0.0
        for process in _tree(pid):
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        out[name] = total
    return out


def rss_bytes(pids: Dict[str, int], largest: bool = False) -> Dict[str, int]:
    """Resident memory per service: its processes' sum, or its largest process's."""
    out = {}
    for name, pid in pids.items():
        sizes = []
        for process in _tree(pid):
            try:
                sizes.append(process.memory_info().rss)
            except psutil.NoSuchProcess:
                pass
        out[name] = (max(sizes) if largest else sum(sizes)) if sizes else 0
    return out


class PeakMemory:
    """Samples the services' resident memory in a thread; keeps each one's peak."""

    def __init__(self, pids: Dict[str, int], interval: float = 0.25) -> None:
        self.pids = dict(pids)
        self.interval = interval
        self.peaks: Dict[str, int] = {}
        self.largest: Dict[str, int] = {}     # peak of the largest single process
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, rss in rss_bytes(self.pids).items():
                self.peaks[name] = max(self.peaks.get(name, 0), rss)
            for name, rss in rss_bytes(self.pids, largest=True).items():
                self.largest[name] = max(self.largest.get(name, 0), rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def peaks_mb(self, largest: bool = False) -> Dict[str, float]:
        return {name: round(rss / 2**20, 1) for name, rss in (self.largest if largest else self.peaks).items()}


class CpuMeter:
    """CPU milliseconds the services spent between start() and stop()."""

    def __init__(self, pids: Dict[str, int]) -> None:
        self.pids = dict(pids)
        self.before: Dict[str, float] = {}
        self.spent: Dict[str, float] = {}
        self.own_before = 0.0
        self.own_spent = 0.0

    def start(self) -> "CpuMeter":
        self.before = cpu_seconds(self.pids)
        self.own_before = time.process_time()
        return self

    def stop(self) -> Dict[str, float]:
        after = cpu_seconds(self.pids)
        self.spent = {name: after[name] - self.before.get(name, 0.0) for name in after}
        self.own_spent = time.process_time() - self.own_before
        return self.spent

    def per_message_ms(self, messages: int) -> Dict:
        per_service = {name: round(s * 1000 / max(messages, 1), 1) for name, s in self.spent.items()}
        return {"total": round(sum(self.spent.values()) * 1000 / max(messages, 1), 1),
                "per_service": per_service,
                "load_generator": round(self.own_spent * 1000 / max(messages, 1), 1)}
