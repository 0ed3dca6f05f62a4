"""`python -m bot.cli staff add|reset|disable|list`: the staff console's accounts (STAFF_DB).

    python -m bot.cli staff add jdupont --name "Jeanne Dupont"      # asks the password twice
    python -m bot.cli staff add jdupont --password-stdin < file    # for scripts
    python -m bot.cli staff reset jdupont                          # new password, sessions closed
    python -m bot.cli staff disable jdupont                        # sessions closed at once
    python -m bot.cli staff list

Passwords need 12 characters and may not be a placeholder; they are stored as salted scrypt.
`ensure_dev_account` is what `make run` uses in development only.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import List, Optional, Tuple

from bot.web.staff.accounts import StaffStore
from bot.web.staff.passwords import WeakPassword, generate_password
from bot.web.staff.settings import DEV_USERNAME, StaffSettings, StaffSettingsError


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (12 characters or more): ")
    if first != getpass.getpass("Again: "):
        raise ValueError("the two passwords differ")
    return first


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli staff", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["add", "reset", "disable", "list"])
    parser.add_argument("username", nargs="?")
    parser.add_argument("--name", default="", help="display name shown in the console")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    parser.add_argument("--db", help="account file (default: STAFF_DB or var/staff.db)")
    args = parser.parse_args(argv)
    try:
        settings = StaffSettings.from_env()
    except StaffSettingsError as error:
        print(error, file=sys.stderr)
        return 2
    store = StaffStore(Path(args.db) if args.db else settings.db_path)
    if args.action == "list":
        for member in store.accounts():
            print(f"{member.username}\t{member.display_name}")
        return 0
    if not args.username:
        parser.error("a username is needed")
    try:
        if args.action == "disable":
            if not store.disable(args.username):
                print(f"no account {args.username!r}", file=sys.stderr)
                return 1
            print(f"{args.username}: disabled, its sessions are closed")
            return 0
        member = store.add(args.username, _read_password(args.password_stdin), args.name,
                           replace=args.action == "reset")
    except (ValueError, WeakPassword) as error:
        print(f"refused: {error}", file=sys.stderr)
        return 1
    print(f"{member.username}: {'password reset' if args.action == 'reset' else 'account created'}")
    return 0


def ensure_dev_account(env_file: Optional[Path]) -> Tuple[str, str]:
    """Development only: the `staff` account, its password from STAFF_DEV_PASSWORD (environment
    or .env) or generated once and written into .env. Returns (username, password) to print."""
    from bot.channels.settings import read_env_file
    import os

    settings = StaffSettings.from_env()
    if settings.production:
        raise StaffSettingsError("no development account in production")
    password = settings.dev_password or read_env_file(env_file).get("STAFF_DEV_PASSWORD")
    if not password:
        password = generate_password()
        if env_file:
            with env_file.open("a", encoding="utf-8") as out:
                out.write(f"STAFF_DEV_PASSWORD={password}\n")
    os.environ["STAFF_DEV_PASSWORD"] = password
    # The development password is whatever .env says: kept in step at every start.
    StaffStore(settings.db_path).add(DEV_USERNAME, password, "Agent (développement)",
                                     replace=True, check=False)
    return DEV_USERNAME, password
