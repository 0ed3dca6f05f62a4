"""`make load`: simulated residents against the whole stack; checks nothing is lost or booked twice.

    python -m bench.loadgen [--residents 100] [--turns 20] [--concurrency 8] [--profile dev|prod]

Starts the stack with our launcher (bot/cli/stack.py) on temporary databases (`dev`) or
as the production profile (`prod`: two Rasa instances, PostgreSQL, Redis), plays the
residents' conversations (bench/loadgen/scripts.py), checks the tracker store and the
municipal API's database, writes bench/results/load.json and prints a Markdown table.
Exit code 1 when a message was lost or a slot booked twice, 2 when no booking went through
(the race did not happen: too much load for this machine). BENCH_MODEL picks the model.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import List, Optional

from bench.loadgen import checks, report, runner, scripts, stacks
from bench.suite.resources import CpuMeter

OUT = Path(__file__).resolve().parents[1] / "results" / "load.json"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt   # so that the stack is stopped


def main(argv: Optional[List[str]] = None) -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    quick = os.environ.get("BENCH_QUICK") == "1"
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen", description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=30 if quick else 100)
    parser.add_argument("--turns", type=int, default=8 if quick else 20)
    parser.add_argument("--concurrency", type=int, default=8, help="messages in flight at once")
    parser.add_argument("--profile", choices=["dev", "prod"], default=os.environ.get("LOAD_PROFILE", "dev"))
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a message counts as lost")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--dump", type=Path, help="also write every turn (message, replies, latency) as JSON lines")
    args = parser.parse_args(argv)

    model = stacks.default_model()
    print(f"starting the stack ({args.profile} profile, model {model.name})...", flush=True)
    bench = stacks.start(model, args.profile)
    try:
        print(f"started in {bench.started_seconds:.0f} s; {args.residents} residents × {args.turns} turns, "
              f"{args.concurrency} messages in flight", flush=True)
        plan = scripts.plan(args.residents, args.turns, scripts.free_slot_ids(bench.api_url))
        meter = CpuMeter(bench.pids()).start()
        result = runner.run(bench.rest_url, plan, args.concurrency, bench.headers, args.timeout)
        meter.stop()
        if args.dump:
            report.dump_turns(args.dump, result)
        languages = Counter(r.language for r in plan.residents)
        summary = {
            "machine": report.machine(), "profile": args.profile, "model": model.name,
            "residents": args.residents, "turns_per_resident": args.turns,
            "languages": ", ".join(f"{code} {n}" for code, n in languages.most_common()),
            "stack_start_seconds": round(bench.started_seconds, 1),
            "speed": report.speed(result),
            "cpu_ms_per_message": meter.per_message_ms(sum(t.answered for t in result.turns)),
            "lost": checks.lost_messages(result, bench.tracker_db_url),
            "bookings": checks.bookings(plan, result, bench.city_db_url),
            "errors": checks.errors(result),
            "degraded": checks.degraded_answers(result),
        }
    except BaseException:
        print(bench.logs(), flush=True)
        raise
    finally:
        bench.stop()
    report.write_json(args.out, summary)
    print(report.load_markdown(summary))
    print(f"\n(written to {args.out})")
    book = summary["bookings"]
    ok = summary["lost"]["lost"] == 0 and book["double_bookings"] == 0 and book["contended_slots_told_twice"] == 0
    if not ok:
        return 1
    if book["residents_booking"] and not book["appointments_made"]:
        # Nothing was booked (e.g. every answer degraded by overload): the race was not run.
        print("INCONCLUSIVE: no booking went through, so double bookings were not put to the test; "
              "try a lower --concurrency on this machine")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
