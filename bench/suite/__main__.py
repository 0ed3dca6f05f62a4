"""`make bench`: the benchmark suite, in one run; bench/results.json and the README's table.

    python -m bench.suite [--parts stack,stock,profile,accuracy,training] [--quick] [--no-readme]

Parts (one module each, README "Benchmarks"):
  stack     our stack over REST at concurrency 1, 8, 32: latency, messages/s, CPU-ms per
            message (all the stack's processes), peak RSS; its start-up (our_stack.py)
  stock     Rasa 3.6.21's `rasa init` bot, same load generator and concurrencies; its start-up (stock.py)
  profile   where a turn's time goes in the Rasa process (profile_turn.py)
  accuracy  held-out NLU sets, ours and Rasa's default pipeline trained on our data (accuracy.py)
  training  full training with an empty cache, then after one NLU example changed (training.py)

BENCH_QUICK=1 (or --quick): fewer messages, the stock NLU pipeline on fr/en for 2 epochs:
proves every part works, figures not comparable. BENCH_STOCK_EPOCHS: the stock NLU
pipeline's epochs (default 100, rasa init's: hours on a 2-core machine, see accuracy.py). BENCH_MODEL: the model to serve (default: the
current data's, trained if missing). Running only some parts keeps the others' figures
from the previous results.json. Logs in bench/results/logs/.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Dict, List, Optional

from bench.loadgen import stacks
from bench.loadgen.report import machine, write_json
from bench.suite import report

BENCH = Path(__file__).resolve().parents[1]
OUT = BENCH / "results.json"
LOGS = BENCH / "results" / "logs"
PARTS = ["stack", "stock", "profile", "accuracy", "training"]
LEVELS = [1, 8, 32]
# concurrency -> (residents, turns each): every resident has at most one message in flight
SIZES = {1: (6, 10), 8: (24, 10), 32: (64, 10)}
QUICK_SIZES = {1: (2, 5), 8: (8, 5), 32: (32, 4)}


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt   # so that every started service is stopped


def run_part(name: str, model: Path, quick: bool) -> Dict:
    sizes = QUICK_SIZES if quick else SIZES
    if name == "stack":
        from bench.suite import our_stack
        return our_stack.measure(model, LEVELS, sizes)
    if name == "stock":
        from bench.suite import stock
        return stock.measure(LEVELS, sizes, LOGS)
    if name == "profile":
        from bench.suite import profile_turn
        return profile_turn.measure(model, BENCH / "results", rounds=1 if quick else 3)
    if name == "accuracy":
        from bench.suite import accuracy
        return accuracy.measure(model, quick, LOGS)
    if name == "training":
        from bench.suite import training
        return training.measure(LOGS)
    raise ValueError(name)


def main(argv: Optional[List[str]] = None) -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(prog="python -m bench.suite", description=__doc__.split("\n")[0])
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, among {','.join(PARTS)}")
    parser.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK") == "1")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite the README's table")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    LOGS.mkdir(parents=True, exist_ok=True)
    previous = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() and set(parts) != set(PARTS) else {}
    for name in PARTS:   # parts kept from the previous run keep their own quick/full mark
        if isinstance(previous.get(name), dict) and isinstance(previous[name].get("measured"), dict):
            previous[name]["measured"].setdefault("quick", previous.get("quick"))
    results = {**previous, "machine": machine(), "quick": args.quick}
    model = stacks.default_model()
    results["model"] = model.name
    started, failed = time.monotonic(), []
    for name in parts:
        print(f"--- {name} ({time.strftime('%H:%M:%S')}, load {os.getloadavg()[0]:.1f})", flush=True)
        part_started = time.monotonic()
        try:
            results[name] = {**run_part(name, model, args.quick),
                             "measured": {**machine(), "seconds": round(time.monotonic() - part_started),
                                          "quick": args.quick}}
        except KeyboardInterrupt:
            raise
        except Exception:
            failed.append(name)
            results[name] = {"error": traceback.format_exc()[-3000:]}
            print(f"{name} failed:\n{results[name]['error']}", flush=True)
        print(f"    {name}: {time.monotonic() - part_started:.0f} s", flush=True)
    results["seconds"] = round(time.monotonic() - started)
    results["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = report.targets({k: v for k, v in results.items() if not _failed(v)})
    write_json(args.out, results)
    table = report.markdown({k: v for k, v in results.items() if not _failed(v)})
    print(table)
    if not args.no_readme:
        print("README updated" if report.update_readme(table) else "README has no generated block: not updated")
    if failed:
        print(f"failed parts: {', '.join(failed)} (see {args.out})")
    return 1 if failed else 0


def _failed(value: object) -> bool:
    return isinstance(value, dict) and "error" in value


if __name__ == "__main__":
    sys.exit(main())
