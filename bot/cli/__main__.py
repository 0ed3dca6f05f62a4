"""`python -m bot.cli run` starts the assistant; `model` trains it if its data changed;
`retention` deletes old conversations (bot/retention.py); `staff` manages the staff
console's accounts (bot/cli/staff.py); `opendata` exports a month's question counts
(bot/analytics/opendata.py)."""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path
from typing import Optional

from bot.cli.model import ensure_model
from bot.cli.stack import Stack, StackConfig


def run(profile: str = "dev", env_file: Optional[str] = None) -> int:
    staff_login = ""
    if profile == "prod":   # bot/cli/prod.py: PostgreSQL, Redis, several Rasa behind a proxy
        from bot.cli.prod import ProdSettingsError, prod_stack

        try:
            stack = prod_stack(Path(env_file) if env_file else None)
        except ProdSettingsError as error:
            print(error, file=sys.stderr)
            return 2
    else:
        from bot.cli.staff import ensure_dev_account

        username, password = ensure_dev_account(Path(__file__).resolve().parents[2] / ".env")
        staff_login = f"  (development login: {username} / {password})"
        stack = Stack(StackConfig(model=ensure_model()))
    print("starting the municipal API, the action server, Rasa and the web chat...", flush=True)
    started = time.monotonic()
    try:
        stack.start()
        print(
            f"\nThe assistant is ready ({time.monotonic() - started:.0f} s).\n"
            f"  Chat over REST:     curl -s {stack.rasa_url}/webhooks/rest/webhook "
            "-d '{\"sender\":\"me\",\"message\":\"Bonjour\"}'\n"
            f"  Chat in a terminal: make chat\n"
            f"  Web chat:           {stack.web_url}/  (a city page carrying the widget)\n"
            f"  Kiosk:              {stack.web_url}/kiosk\n"
            f"  Staff console:      {stack.web_url}/staff{staff_login}\n"
            f"  socket.io channel:  {stack.rasa_url}/socket.io\n"
            f"  Municipal API docs: {stack.api_url}/docs\n"
            "Ctrl-C stops everything.",
            flush=True,
        )
        if profile == "prod":
            print(f"  Production profile: the proxy {stack.rasa_url} spreads over "
                  f"{', '.join(stack.instance_urls)}; REST messages need a token "
                  "(python -m bot.access_tokens <sender>).", flush=True)
        while True:
            time.sleep(1)
            dead = [name for name, proc in stack.processes.items() if proc.poll() is not None]
            if dead:
                print(f"{', '.join(dead)} stopped unexpectedly; stopping the rest.", flush=True)
                return 1
    except KeyboardInterrupt:
        pass
    finally:
        print("\nstopping...", flush=True)
        stack.stop()
    return 0


def main() -> int:
    if sys.argv[1:2] == ["eval"]:   # held-out NLU report per language (bot/cli/evaluate.py)
        from bot.cli.evaluate import main as evaluate

        return evaluate(sys.argv[2:])
    if sys.argv[1:2] == ["staff"]:   # staff console accounts (bot/cli/staff.py)
        from bot.cli.staff import main as staff

        return staff(sys.argv[2:])
    if sys.argv[1:2] == ["opendata"]:   # monthly open data (bot/analytics/opendata.py)
        from bot.analytics.opendata import main as opendata

        return opendata(sys.argv[2:])
    if sys.argv[1:2] == ["crossval"]:   # NLU cross-validation (bot/cli/crossval.py)
        from bot.cli.crossval import main as crossval

        return crossval(sys.argv[2:])
    if sys.argv[1:2] == ["retention"]:   # has options of its own
        from bot.retention import main as retention

        return retention(sys.argv[2:])
    parser = argparse.ArgumentParser(prog="python -m bot.cli")
    parser.add_argument("command", choices=["run", "model", "crossval", "chat", "retention", "opendata"])
    parser.add_argument("--profile", choices=["dev", "prod"], default="dev",
                        help="run: dev (SQLite, one Rasa) or prod (PostgreSQL, Redis, two Rasa behind a proxy)")
    parser.add_argument("--env-file", help="run --profile prod: settings the environment lacks")
    args = parser.parse_args()
    if args.command == "model":
        print(ensure_model())
        return 0
    if args.command == "chat":
        from bot.cli.chat import main as chat

        return chat()
    # Ctrl-C and SIGTERM both stop everything, even when started from a script that
    # ignores SIGINT for its background jobs.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    return run(args.profile, args.env_file)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
