"""Part 2 (and 3 for stock): Rasa 3.6.21 as it comes, the baseline our figures are ratios to.

`rasa init --no-prompt` in a temporary directory (the mood bot: English, greet / mood /
goodbye, rules and stories, no custom action, in-memory tracker store; init trains its
default DIET/TED configuration, nothing is downloaded), served with
`rasa run --enable-api`, loaded by the same load generator with its own English
conversations (bench/loadgen/conversations.yml, `stock`). BENCH_STOCK_DIR keeps the
project (and its trained model) between runs: a directory that already holds a model is
reused as it is.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

import httpx

from bench.loadgen import runner, scripts
from bench.loadgen.report import speed
from bench.suite.processes import BIN, environment, spawn, stop, timed_run
from bench.suite.resources import CpuMeter, PeakMemory
from bot.cli.stack import free_port


def project(log_dir: Path) -> Tuple[Path, Dict, bool]:
    """The stock project, initialised and trained if needed; (dir, init figures, temporary)."""
    kept = os.environ.get("BENCH_STOCK_DIR")
    work = Path(kept) if kept else Path(tempfile.mkdtemp(prefix="bench-stock-"))
    if list((work / "models").glob("*.tar.gz")):
        return work, {"reused": str(work)}, not kept
    work.mkdir(parents=True, exist_ok=True)
    figures = timed_run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(work)], work,
                        log_dir / "stock-init.log", environment(RASA_CACHE_DIRECTORY=str(work / ".cache")))
    return work, figures, not kept


def first_answer(url: str, sender: str = "first", timeout: float = 600) -> float:
    started = time.monotonic()
    response = httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": "hello"},
                          timeout=timeout)
    response.raise_for_status()
    if not response.json():
        raise RuntimeError("the stock bot did not answer 'hello'")
    return time.monotonic() - started


def serve(work: Path, log_dir: Path) -> Tuple[object, str, Dict]:
    """`rasa run --enable-api` in the project; (process, url, start-up seconds)."""
    port = free_port()
    started = time.monotonic()
    process = spawn([str(BIN / "rasa"), "run", "--enable-api", "--port", str(port), "--interface", "127.0.0.1"],
                    work, log_dir / "stock-rasa.log")
    url = f"http://127.0.0.1:{port}"
    deadline = started + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"stock rasa exited ({process.returncode}); see {log_dir / 'stock-rasa.log'}")
        try:
            if httpx.get(f"{url}/status", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    http_ready = time.monotonic() - started
    first_answer(url)
    return process, url, {"rasa_to_http_s": round(http_ready, 1),
                          "rasa_to_first_answer_s": round(time.monotonic() - started, 1)}


def load_levels(url: str, pid: int, levels: List[int], sizes: Dict[int, Tuple[int, int]]) -> Dict:
    out = {}
    with PeakMemory({"rasa": pid}) as memory:
        for concurrency in levels:
            residents, turns = sizes[concurrency]
            plan = scripts.stock_plan(residents, turns, seed=concurrency)
            meter = CpuMeter({"rasa": pid}).start()
            result = runner.run(f"{url}/webhooks/rest/webhook", plan, concurrency)
            meter.stop()
            answered = sum(t.answered for t in result.turns)
            out[str(concurrency)] = {**speed(result), "unanswered": len(result.turns) - answered,
                                     "cpu_ms_per_message": meter.per_message_ms(answered)}
    return {"levels": out, "peak_rss_mb": memory.peaks_mb()}


def measure(levels: List[int], sizes: Dict[int, Tuple[int, int]], log_dir: Path) -> Dict:
    work, init, temporary = project(log_dir)
    process = None
    try:
        process, url, startup = serve(work, log_dir)
        loads = load_levels(url, process.pid, levels, sizes)
        return {"init_and_training": init, "startup": startup, **loads}
    finally:
        if process is not None:
            stop(process)
        if temporary:
            shutil.rmtree(work, ignore_errors=True)
