"""Running Rasa's command line for a measure: wall time, peak memory, logs, clean stop."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

from bench.suite.resources import PeakMemory
from bot.cli.stack import stop_process_group

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NICE = ["nice", "-n", "10"]   # heavy work on a shared machine


def environment(**extra: str) -> Dict[str, str]:
    env = dict(os.environ)
    env.update({"PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"})
    env.update(extra)
    return env


def timed_run(command: List[str], cwd: Path, log: Path, env: Optional[Dict[str, str]] = None,
              timeout: float = 3 * 3600) -> Dict:
    """Runs to the end; wall seconds, peak resident memory of its process tree and of its
    largest process (sampled every 0.5 s). Raises on failure."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("ab") as out:
        process = subprocess.Popen(NICE + command, cwd=cwd, env=env or environment(), stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            with PeakMemory({"tree": process.pid}, interval=0.5) as memory:
                process.wait(timeout=timeout)
        except BaseException:
            stop(process)
            raise
    seconds = time.monotonic() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} failed ({process.returncode}); "
                           f"last lines of {log}:\n{log.read_text(errors='replace')[-3000:]}")
    return {"seconds": round(seconds, 1), "peak_tree_rss_mb": memory.peaks_mb().get("tree"),
            "peak_process_rss_mb": memory.peaks_mb(largest=True).get("tree")}


def spawn(command: List[str], cwd: Path, log: Path, env: Optional[Dict[str, str]] = None) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    out = log.open("ab")
    return subprocess.Popen(command, cwd=cwd, env=env or environment(), stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    stop_process_group(process, timeout=20)
