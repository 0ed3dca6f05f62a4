"""Twilio's and Meta's signatures, computed here from their documented algorithms."""
from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from bot.channels.signatures import (meta_challenge, meta_signature_ok, parse_form, signed_url,
                                     twilio_signature_ok)

TOKEN = "12345678901234567890123456789012"
URL = "https://assistant.levallois.example/webhooks/sms/webhook"
BODY = (b"ToCountry=FR&FromCity=&Body=Bonjour+%C3%A0+vous&To=%2B33757000123&"
        b"MessageSid=SM1&From=%2B33612345678&NumMedia=0")


def twilio_sign(token: str, url: str, pairs: dict) -> str:
    data = url + "".join(k + pairs[k] for k in sorted(pairs))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


PAIRS = {"ToCountry": "FR", "FromCity": "", "Body": "Bonjour à vous", "To": "+33757000123",
         "MessageSid": "SM1", "From": "+33612345678", "NumMedia": "0"}


def test_a_good_twilio_signature_passes_blank_parameters_included():
    form = parse_form(BODY)
    assert form.first("FromCity") == "" and form.first("Body") == "Bonjour à vous"
    assert twilio_signature_ok(TOKEN, URL, form, twilio_sign(TOKEN, URL, PAIRS))


def test_the_port_twilio_may_add_is_accepted():
    with_port = URL.replace(".example/", ".example:443/")
    assert twilio_signature_ok(TOKEN, URL, parse_form(BODY), twilio_sign(TOKEN, with_port, PAIRS))


@pytest.mark.parametrize("signature", [
    None, "", twilio_sign("another token", URL, PAIRS),
    twilio_sign(TOKEN, URL, {**PAIRS, "Body": "Bonjour"}),          # the text was changed on the way
    twilio_sign(TOKEN, "http://127.0.0.1:5005/webhooks/sms/webhook", PAIRS),   # not the public URL
])
def test_a_bad_or_missing_twilio_signature_fails(signature):
    assert not twilio_signature_ok(TOKEN, URL, parse_form(BODY), signature)


def test_no_auth_token_means_no_signature_can_pass():
    assert not twilio_signature_ok("", URL, parse_form(BODY), twilio_sign("", URL, PAIRS))


def test_behind_a_proxy_the_public_url_is_the_signed_one():
    local = "http://127.0.0.1:5005/webhooks/sms/webhook?x=1"
    assert signed_url("https://a.example/", "/webhooks/sms/webhook", "x=1", local) == \
        "https://a.example/webhooks/sms/webhook?x=1"
    assert signed_url("", "/webhooks/sms/webhook", "x=1", local) == local


def test_meta_signature():
    secret, raw = "app-secret", b'{"entry": []}'
    good = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    assert meta_signature_ok(secret, raw, good)
    assert not meta_signature_ok(secret, raw + b" ", good)
    assert not meta_signature_ok("other", raw, good)
    assert not meta_signature_ok(secret, raw, good.replace("sha256=", "sha1="))
    assert not meta_signature_ok(secret, raw, None)
    assert not meta_signature_ok("", raw, "sha256=" + hmac.new(b"", raw, hashlib.sha256).hexdigest())


def test_meta_verification_challenge():
    query = {"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "1158201444"}
    assert meta_challenge(query, "tok") == "1158201444"
    assert meta_challenge({**query, "hub.verify_token": "nope"}, "tok") is None
    assert meta_challenge({**query, "hub.mode": "unsubscribe"}, "tok") is None
    assert meta_challenge(query, "") is None
