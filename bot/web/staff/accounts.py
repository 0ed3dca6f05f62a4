"""Staff accounts and their server-side sessions, in one small SQLite file (STAFF_DB).

A session is a random token in an HttpOnly cookie; the file keeps only its SHA-256, the
account, its CSRF token and its expiry, so a copy of the file opens no session. Logging
out or disabling an account deletes the sessions at once. Failed logins are counted per
account: after MAX_FAILURES in a row, the account waits LOCK_SECONDS before the next try.
"""
from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional

from bot.web.staff.passwords import check_strength, hash_password, verify_password

MAX_FAILURES = 5
LOCK_SECONDS = 300
# Compared against when the account does not exist, so both cases take the same time.
_DUMMY_HASH = hash_password("not-a-real-account-password")

SCHEMA = """
CREATE TABLE IF NOT EXISTS staff_accounts (
    username TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until REAL NOT NULL DEFAULT 0,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS staff_sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES staff_accounts(username) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    expires_at REAL NOT NULL
);
"""


@dataclass(frozen=True)
class StaffMember:
    username: str
    display_name: str


@dataclass(frozen=True)
class StaffSession:
    staff: StaffMember
    csrf_token: str
    expires_at: float


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class StaffStore:
    def __init__(self, path: Path, session_seconds: int = 8 * 3600) -> None:
        self.path = Path(path)
        self.session_seconds = session_seconds
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = sqlite3.connect(self.path, timeout=10)
            try:
                db.execute("PRAGMA foreign_keys = ON")
                with db:
                    yield db
            finally:
                db.close()

    # --- accounts ------------------------------------------------------------------
    def add(self, username: str, password: str, display_name: str = "", *,
            replace: bool = False, check: bool = True) -> StaffMember:
        username = username.strip().lower()
        if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
            raise ValueError("a username is letters, digits, '.', '-' or '_'")
        if check:
            check_strength(password)
        row = (username, display_name.strip() or username, hash_password(password), time.time())
        with self._db() as db:
            if replace:
                db.execute("INSERT INTO staff_accounts (username, display_name, password_hash, created_at) "
                           "VALUES (?, ?, ?, ?) ON CONFLICT(username) DO UPDATE SET "
                           "display_name = excluded.display_name, password_hash = excluded.password_hash, "
                           "active = 1, failures = 0, locked_until = 0", row)
                db.execute("DELETE FROM staff_sessions WHERE username = ?", (username,))
            else:
                try:
                    db.execute("INSERT INTO staff_accounts (username, display_name, password_hash, "
                               "created_at) VALUES (?, ?, ?, ?)", row)
                except sqlite3.IntegrityError as error:
                    raise ValueError(f"the account {username!r} exists (use --reset)") from error
        return StaffMember(username, row[1])

    def disable(self, username: str) -> bool:
        with self._db() as db:
            changed = db.execute("UPDATE staff_accounts SET active = 0 WHERE username = ?",
                                 (username.strip().lower(),)).rowcount
            db.execute("DELETE FROM staff_sessions WHERE username = ?", (username.strip().lower(),))
        return bool(changed)

    def accounts(self) -> List[StaffMember]:
        with self._db() as db:
            rows = db.execute("SELECT username, display_name FROM staff_accounts WHERE active = 1 "
                              "ORDER BY username").fetchall()
        return [StaffMember(*row) for row in rows]

    def authenticate(self, username: str, password: str, now: Optional[float] = None) -> Optional[StaffMember]:
        """The account when the password is right and the account is neither disabled nor locked."""
        now = time.time() if now is None else now
        username = username.strip().lower()
        with self._db() as db:
            row = db.execute("SELECT display_name, password_hash, active, locked_until FROM staff_accounts "
                             "WHERE username = ?", (username,)).fetchone()
        if row is None:
            verify_password(password, _DUMMY_HASH)
            return None
        display_name, stored, active, locked_until = row
        if not active or locked_until > now:
            verify_password(password, _DUMMY_HASH)
            return None
        if verify_password(password, stored):
            with self._db() as db:
                db.execute("UPDATE staff_accounts SET failures = 0, locked_until = 0 WHERE username = ?",
                           (username,))
            return StaffMember(username, display_name)
        with self._db() as db:
            db.execute("UPDATE staff_accounts SET failures = failures + 1, locked_until = CASE "
                       "WHEN failures + 1 >= ? THEN ? ELSE locked_until END WHERE username = ?",
                       (MAX_FAILURES, now + LOCK_SECONDS, username))
            db.execute("UPDATE staff_accounts SET failures = 0 WHERE username = ? AND failures >= ?",
                       (username, MAX_FAILURES))
        return None

    # --- sessions ------------------------------------------------------------------
    def open_session(self, staff: StaffMember, now: Optional[float] = None) -> tuple:
        """(cookie token, session): a new session; the token is never stored."""
        now = time.time() if now is None else now
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        expires = now + self.session_seconds
        with self._db() as db:
            db.execute("DELETE FROM staff_sessions WHERE expires_at <= ?", (now,))
            db.execute("INSERT INTO staff_sessions VALUES (?, ?, ?, ?)",
                       (_token_hash(token), staff.username, csrf, expires))
        return token, StaffSession(staff, csrf, expires)

    def session(self, token: Optional[str], now: Optional[float] = None) -> Optional[StaffSession]:
        """The live session of this cookie token, its expiry pushed back (sliding), or None."""
        if not token:
            return None
        now = time.time() if now is None else now
        with self._db() as db:
            row = db.execute(
                "SELECT a.username, a.display_name, s.csrf_token, s.expires_at FROM staff_sessions s "
                "JOIN staff_accounts a ON a.username = s.username "
                "WHERE s.token_hash = ? AND a.active = 1", (_token_hash(token),)).fetchone()
            if row is None or row[3] <= now:
                return None
            expires = now + self.session_seconds
            db.execute("UPDATE staff_sessions SET expires_at = ? WHERE token_hash = ?",
                       (expires, _token_hash(token)))
        return StaffSession(StaffMember(row[0], row[1]), row[2], expires)

    def close_session(self, token: Optional[str]) -> None:
        if token:
            with self._db() as db:
                db.execute("DELETE FROM staff_sessions WHERE token_hash = ?", (_token_hash(token),))
