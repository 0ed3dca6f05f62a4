"""The staff console in Chromium (scenarios/staff_console.mjs) against the stack that is inside
the MSP's opening hours (tests/e2e/handoff_stack.py): login, queue, conversation, reply
reaching the resident's chat, hand-back, logout; the kiosk's ticket shown large."""
from __future__ import annotations

from tests.e2e.browser.test_web_pages import run_scenario, screenshot_dir
from tests.e2e.handoff_stack import STAFF_PASSWORD, open_stack, staff_account, tickets


def test_staff_console_in_chromium(tmp_path):
    stack = open_stack()
    username = staff_account(stack, "jeanne")
    result = run_scenario(stack, "staff_console", screenshot_dir(tmp_path),
                          username=username, password=STAFF_PASSWORD)
    closed = {t["number"]: t for t in tickets(stack, "closed")}
    assert closed[result["number"]]["closed_by"] == "jeanne"
    kiosk = next(t for t in tickets(stack) if t["number"] == result["kioskNumber"])
    assert kiosk["channel"] == "kiosk" and kiosk["status"] == "waiting"
