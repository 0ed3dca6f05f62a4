"""Sending to the providers: what goes over the wire, retries, and an event loop never blocked.

Against tests/fake_provider.py, a real HTTP server on a free port.
"""
from __future__ import annotations

import asyncio
import base64

import pytest

from bot.channels import outbound
from bot.channels.outbound import MetaMessages, TwilioMessages
from bot.cli.stack import free_port
from tests.fake_provider import FakeProvider


@pytest.fixture
def fake():
    server = FakeProvider().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def short_pauses(monkeypatch):
    monkeypatch.setattr(outbound, "FIRST_PAUSE", 0.05)


async def test_an_sms_is_posted_to_twilio_with_the_account_credentials(fake):
    twilio = TwilioMessages(fake.url, "AC123", "token")
    assert await twilio.send(to="+33612345678", sender="+33757000123", body="Bonjour à vous")
    [sent] = fake.delivered()
    assert sent.path == "/2010-04-01/Accounts/AC123/Messages.json"
    assert sent.form == {"To": "+33612345678", "From": "+33757000123", "Body": "Bonjour à vous"}
    assert sent.headers["Authorization"] == "Basic " + base64.b64encode(b"AC123:token").decode()
    await twilio.outbound.close()


async def test_a_whatsapp_message_is_posted_to_the_number_with_the_token(fake):
    meta = MetaMessages(fake.url + "/v21.0", "PNID", "tok")
    message = {"messaging_product": "whatsapp", "to": "33612345678", "type": "text", "text": {"body": "Salut"}}
    assert await meta.send(message)
    [sent] = fake.delivered()
    assert sent.path == "/v21.0/PNID/messages" and sent.json == message
    assert sent.headers["Authorization"] == "Bearer tok"
    await meta.outbound.close()


async def test_unavailable_then_accepted_is_retried(fake):
    fake.fail_next(2, status=503)
    twilio = TwilioMessages(fake.url, "AC1", "t")
    assert await twilio.send(to="+1", sender="+2", body="x")
    assert [r.status for r in fake.requests] == [503, 503, 201]
    await twilio.outbound.close()


async def test_too_many_requests_is_retried_but_a_refusal_is_not(fake):
    fake.fail_next(1, status=429)
    twilio = TwilioMessages(fake.url, "AC1", "t")
    assert await twilio.send(to="+1", sender="+2", body="x")
    fake.fail_next(1, status=400)
    assert not await twilio.send(to="+1", sender="+2", body="y")
    assert [r.status for r in fake.requests] == [429, 201, 400]
    await twilio.outbound.close()


async def test_it_gives_up_after_its_attempts(fake):
    fake.fail_next(10, status=500)
    twilio = TwilioMessages(fake.url, "AC1", "t")
    assert not await twilio.send(to="+1", sender="+2", body="x")
    assert len(fake.requests) == outbound.ATTEMPTS
    await twilio.outbound.close()


async def test_an_unreachable_provider_is_retried_without_blocking_other_work():
    twilio = TwilioMessages(f"http://127.0.0.1:{free_port()}", "AC1", "t")   # nothing listens
    ticks = 0

    async def other_residents() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(other_residents())
    assert not await twilio.send(to="+1", sender="+2", body="x")
    ticker.cancel()
    # The pauses between attempts (0.05 + 0.1 + 0.2 s) let the other task run meanwhile.
    assert ticks >= 10
    await twilio.outbound.close()
