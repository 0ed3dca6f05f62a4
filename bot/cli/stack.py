"""Start and stop the whole assistant: municipal API, action server and Rasa.

Used by `make run` (fixed ports, Ctrl-C stops everything) and by the end-to-end tests
(free ports, temporary databases, frozen clock).
"""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import httpx

from bot.channels.settings import channel_environment

ROOT = Path(__file__).resolve().parents[2]
API_DIR = ROOT / "municipal_api"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(url: str, timeout: float, process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode} while starting")
        try:
            if httpx.get(url, timeout=2.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{name} did not answer at {url} within {timeout:.0f} s")


@dataclass
class StackConfig:
    model: Path
    api_port: int = 8000
    actions_port: int = 5055
    rasa_port: int = 5005
    web_port: int = 8080                                  # the web chat and kiosk (bot/web)
    var_dir: Path = ROOT / "var"
    env: Dict[str, str] = field(default_factory=dict)   # extra environment for every process
    log_dir: Optional[Path] = None                        # None: inherit the terminal
    endpoints: Path = ROOT / "endpoints.yml"
    credentials: Path = ROOT / "credentials.yml"
    start_timeout: float = 180.0                          # seconds for Rasa or the actions to answer


def stop_process_group(process: subprocess.Popen, timeout: float) -> None:
    """SIGTERM to the process's group (started with start_new_session), SIGKILL after `timeout`."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Stack:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.processes: Dict[str, subprocess.Popen] = {}
        config.var_dir.mkdir(parents=True, exist_ok=True)
        # Rasa's HTTP API (conversations) is for the staff console only: admin JWTs signed
        # with this secret (bot/web/staff/services.py). A new one per start unless given.
        self.rasa_jwt_secret = (config.env.get("RASA_JWT_SECRET") or os.environ.get("RASA_JWT_SECRET")
                                or secrets.token_urlsafe(32))

    # --- URLs
    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.config.api_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.config.actions_port}/webhook"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.config.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.config.web_port}"

    def _env(self) -> Dict[str, str]:
        env = dict(os.environ)
        env.update(self.config.env)
        env.update({
            "PYTHONPATH": str(ROOT),
            "MUNICIPAL_API_URL": self.api_url,
            "ACTION_SERVER_URL": self.actions_url,
            "TRACKER_DB": str(self.config.var_dir / "tracker.db"),
            "WEB_RASA_URL": self.rasa_url,
            "RASA_JWT_SECRET": self.rasa_jwt_secret,
        })
        env.setdefault("STAFF_RASA_URL", self.rasa_url)           # the staff console -> Rasa's HTTP API
        env.setdefault("STAFF_DB", str(self.config.var_dir / "staff.db"))
        env.setdefault("MUNICIPAL_API_DATABASE_URL", f"sqlite:///{self.config.var_dir / 'municipal.db'}")
        env.setdefault("MUNICIPAL_API_ENV_FILE", str(ROOT / ".env"))
        # SMS / WhatsApp: credentials.yml needs every variable set (empty: channel off).
        env.setdefault("CHANNEL_STATE_DB", str(self.config.var_dir / "channels.db"))
        env.update(channel_environment(env, Path(env["MUNICIPAL_API_ENV_FILE"])))
        # TensorFlow: quiet, and no thread oversubscription on small machines.
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        env.setdefault("RASA_TELEMETRY_ENABLED", "false")  # no telemetry nor crash reports leave the city
        return env

    def _spawn(self, name: str, command: List[str], cwd: Path) -> subprocess.Popen:
        out = None
        if self.config.log_dir:
            self.config.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.config.log_dir / f"{name}.log", "ab")
        process = subprocess.Popen(command, cwd=cwd, env=self._env(), stdout=out,
                                   stderr=subprocess.STDOUT if out else None,
                                   start_new_session=True)
        self.processes[name] = process
        return process

    # --- the three services
    def start_api(self) -> None:
        python = API_DIR / ".venv" / "bin" / "python"
        process = self._spawn("municipal-api", [
            str(python), "-m", "uvicorn", "municipal_api.main:app",
            "--host", "127.0.0.1", "--port", str(self.config.api_port), "--no-access-log",
        ], API_DIR)
        wait_until(f"{self.api_url}/health", 60, process, "municipal API")

    def start_actions(self) -> None:
        process = self._spawn("actions", [
            str(BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
            "--port", str(self.config.actions_port),
        ], ROOT)
        # On a busy machine the action server's imports alone take a minute.
        wait_until(f"http://127.0.0.1:{self.config.actions_port}/health", self.config.start_timeout,
                   process, "action server")

    def start_rasa(self, name: str = "rasa", port: Optional[int] = None) -> None:
        """One Rasa instance (the production profile starts several, bot/cli/prod.py)."""
        port = port or self.config.rasa_port
        process = self._spawn(name, [
            str(BIN / "python"), "-m", "bot.cli.rasa_server", "run", "--model", str(self.config.model),
            "--port", str(port), "--interface", "127.0.0.1",
            "--endpoints", str(self.config.endpoints), "--credentials", str(self.config.credentials),
            "--cors", "*",
            # The HTTP API, for the staff console's hand-back and replies: JWT only.
            # (`=`: a secret may start with "-", which argparse would take for an option)
            "--enable-api", f"--jwt-secret={self.rasa_jwt_secret}", "--jwt-method", "HS256",
        ], ROOT)
        wait_until(f"http://127.0.0.1:{port}/webhooks/rest/", self.config.start_timeout, process, name)

    def start_web(self) -> None:
        """The web chat and kiosk; the browser reaches Rasa's socket.io at rasa_url."""
        process = self._spawn("web", [
            str(BIN / "python"), "-m", "uvicorn", "bot.web.app:app",
            "--host", "127.0.0.1", "--port", str(self.config.web_port), "--no-access-log",
            "--ws", "none",  # no websocket here (and Rasa pins an older websockets)
        ], ROOT)
        wait_until(f"{self.web_url}/health", 60, process, "web chat")

    def start(self) -> "Stack":
        self.start_api()
        self.start_actions()
        self.start_rasa()
        self.start_web()
        return self

    def stop(self, name: Optional[str] = None) -> None:
        names = [name] if name else list(reversed(list(self.processes)))
        for key in names:
            process = self.processes.pop(key, None)
            if process:
                stop_process_group(process, timeout=15)

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
