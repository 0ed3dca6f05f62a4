"""The web chat (city page) and the kiosk in a real browser, against the real stack.

Each scenario in scenarios/ is a node script driving Debian's Chromium with
playwright-core (bot/web's locked npm packages, `make install`); it asserts what the
resident sees and prints its result as JSON. The wipe scenarios stop at a checkpoint so
this side can look at Rasa's tracker store before and after the resident is forgotten.
`make screenshots` writes the screenshots into docs/ (WEB_SCREENSHOTS).
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, Optional

import pytest

from bot.cli.stack import Stack
from bot.languages import load_languages
from bot.tracker_store import PrivacySQLTrackerStore

SCENARIOS = Path(__file__).with_name("scenarios")
GREETINGS = {"ar": "مرحبا"}  # a first message in a right-to-left language


def run_scenario(stack: Stack, name: str, screenshots: Optional[Path] = None,
                 on_checkpoint: Callable[[Dict[str, Any]], None] = lambda data: None,
                 **params: Any) -> Dict[str, Any]:
    env = dict(os.environ, WEB_URL=stack.web_url, SCENARIO_PARAMS=json.dumps(params),
               WEB_SCREENSHOTS=str(screenshots or ""))
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(["node", str(SCENARIOS / f"{name}.mjs")], env=env, text=True,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
        output = []
        try:
            for line in process.stdout:
                output.append(line)
                if line.startswith("CHECKPOINT "):
                    on_checkpoint(json.loads(line[len("CHECKPOINT "):]))
                    process.stdin.write("go\n")
                    process.stdin.flush()
            process.wait(timeout=300)
        finally:
            if process.poll() is None:
                process.kill()
        errors.seek(0)
        assert process.returncode == 0, f"{name} failed:\n{''.join(output)}\n{errors.read()}"
    return json.loads(output[-1])


def stored_events(stack: Stack, sender_id: str) -> int:
    """How many events the stack's tracker store holds for this conversation, read through
    the store itself (with Rasa's settings: the store may keep ids pseudonymised)."""
    saved = dict(os.environ)
    os.environ.update({k: v for k, v in stack._env().items() if k.startswith("TRACKER_")})
    try:
        store = PrivacySQLTrackerStore(dialect="sqlite", db=str(stack.config.var_dir / "tracker.db"))
        tracker = asyncio.run(store.retrieve(sender_id))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return len(tracker.events) if tracker else 0


def screenshot_dir(tmp_path: Path) -> Path:
    return Path(os.environ.get("WEB_SCREENSHOTS") or tmp_path)


def test_city_page_conversation(stack, tmp_path):
    languages = [{"code": i.code, "name": i.name} for i in load_languages().languages.values()]
    result = run_scenario(stack, "city_conversation", screenshot_dir(tmp_path), languages=languages)
    assert result["replies"] >= 3
    assert (screenshot_dir(tmp_path) / "web-chat.png").stat().st_size > 10_000


def test_kiosk_conversation(stack, tmp_path):
    result = run_scenario(stack, "kiosk_conversation", screenshot_dir(tmp_path))
    assert result["replies"] >= 2
    assert (screenshot_dir(tmp_path) / "kiosk.png").stat().st_size > 10_000


@pytest.mark.parametrize("mode", ["clear", "idle"])
def test_kiosk_wipe_forgets_the_resident(stack, mode):
    def stored_before_the_wipe(data: Dict[str, Any]) -> None:
        assert stored_events(stack, data["session"]) > 0, "the conversation was not stored"

    result = run_scenario(stack, "kiosk_wipe", on_checkpoint=stored_before_the_wipe, mode=mode)
    assert result["new_session"] != result["old_session"]
    deadline = time.monotonic() + 20
    while stored_events(stack, result["old_session"]) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert stored_events(stack, result["old_session"]) == 0, "the bot kept the conversation"


def test_right_to_left_conversation(stack, tmp_path):
    rtl = [i.code for i in load_languages().languages.values() if i.dir == "rtl"]
    if not rtl:
        pytest.skip("bot/languages.yml has no right-to-left language yet")
    code = rtl[0]
    result = run_scenario(stack, "right_to_left", screenshot_dir(tmp_path), language=code,
                          greeting=GREETINGS.get(code, "?"))
    assert result["replies"] >= 3


def test_accessibility(stack):
    assert run_scenario(stack, "accessibility") == {"/": "ok", "/kiosk": "ok"}
