"""A terminal chat with the running assistant, over Rasa's REST channel (`make chat`)."""
from __future__ import annotations

import os
import uuid

import httpx

URL = os.environ.get("RASA_URL", "http://127.0.0.1:5005") + "/webhooks/rest/webhook"


def main() -> int:
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    print("Chat with the assistant (Ctrl-D to quit). Buttons: type their number.")
    buttons = []
    while True:
        try:
            text = input("vous> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            replies = httpx.post(URL, json={"sender": sender, "message": text}, timeout=30).json()
        except httpx.HTTPError as exc:
            print(f"(the assistant is not reachable at {URL}: {exc}; start it with `make run`)")
            continue
        buttons = []
        for reply in replies:
            if reply.get("text"):
                print(f"bot> {reply['text']}")
            for button in reply.get("buttons") or []:
                buttons.append(button)
                print(f"     [{len(buttons)}] {button['title']}")
