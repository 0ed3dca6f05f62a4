"""Seen message ids and last menus, in the channels' SQLite file."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from bot.channels import state as state_module
from bot.channels.state import ChannelState


def test_a_message_id_is_claimed_once_even_by_concurrent_deliveries(tmp_path):
    store = ChannelState(tmp_path / "channels.db")
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: store.claim_now("sms", "SM1"), range(8)))
    assert results.count(True) == 1
    assert store.claim_now("whatsapp", "SM1")     # ids are per channel


def test_claims_survive_a_restart(tmp_path):
    assert ChannelState(tmp_path / "channels.db").claim_now("sms", "SM2")
    assert not ChannelState(tmp_path / "channels.db").claim_now("sms", "SM2")


async def test_menus_are_remembered_replaced_and_cleared(tmp_path):
    store = ChannelState(tmp_path / "channels.db")
    await store.remember_menu("sms-a", ["/help", '/choose_language{"ui_language":"en"}'])
    assert await store.menu("sms-a") == ["/help", '/choose_language{"ui_language":"en"}']
    assert await store.menu("sms-b") == []
    await store.remember_menu("sms-a", [])
    assert await store.menu("sms-a") == []


def test_old_menus_expire(tmp_path, monkeypatch):
    store = ChannelState(tmp_path / "channels.db")
    store.remember_menu_now("sms-a", ["/help"])
    later = time.time() + state_module.MENU_HOURS * 3600 + 60
    monkeypatch.setattr(state_module.time, "time", lambda: later)
    assert store.menu_now("sms-a") == []


def test_old_message_ids_are_pruned(tmp_path, monkeypatch):
    store = ChannelState(tmp_path / "channels.db")
    store.claim_now("sms", "SM3")
    later = time.time() + state_module.SEEN_DAYS * 86400 + 60
    monkeypatch.setattr(state_module.time, "time", lambda: later)
    store.claim_now("sms", "SM4")                 # prunes what is older than the window
    assert store.claim_now("sms", "SM3")
