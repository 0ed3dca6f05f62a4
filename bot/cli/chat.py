"""A terminal chat with the running assistant, over Rasa's REST channel (`make chat`)."""
from __future__ import annotations

import os
import uuid

import httpx

URL = os.environ.get("RASA_URL", "http://127.0.0.1:5005") + "/webhooks/rest/webhook"


def _auth(sender: str) -> dict:
    """A fresh token when the REST channel is closed (REST_TOKEN_SECRET set)."""
    from bot.access_tokens import mint_token, secret_from_environment

    secret = secret_from_environment()
    return {"Authorization": f"Bearer {mint_token(sender, secret)}"} if secret else {}


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
            replies = httpx.post(URL, json={"sender": sender, "message": text}, headers=_auth(sender),
                                 timeout=30).json()
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
