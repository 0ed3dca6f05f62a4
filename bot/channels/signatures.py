"""Who is calling our webhooks: Twilio's and Meta's signatures, Meta's verification challenge.

Twilio signs the URL it called plus the sorted POST parameters (HMAC-SHA1 with the auth
token, `X-Twilio-Signature`); the twilio library's RequestValidator checks it. Behind a
proxy the URL Rasa sees is not the one Twilio called, so the signed URL is rebuilt from the
configured public base URL. Meta signs the raw body (HMAC-SHA256 with the app secret,
`X-Hub-Signature-256: sha256=<hex>`). Every comparison is constant-time.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Dict, List, Mapping, Optional
from urllib.parse import parse_qsl

from twilio.request_validator import RequestValidator


class FormParams(dict):
    """POST parameters with every value kept, blank ones too (Twilio signs them all).

    `getlist` is what RequestValidator uses to read repeated parameters."""

    def getlist(self, key: str) -> List[str]:
        return list(self[key])

    def first(self, key: str, default: str = "") -> str:
        values = self.get(key)
        return values[0] if values else default


def parse_form(body: bytes) -> FormParams:
    params = FormParams()
    for key, value in parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True):
        params.setdefault(key, []).append(value)
    return params


def signed_url(public_base_url: str, path: str, query_string: str, request_url: str) -> str:
    """The URL Twilio called: the public base URL + path (+ query); else what Rasa saw."""
    if not public_base_url:
        return request_url
    url = public_base_url.rstrip("/") + path
    return f"{url}?{query_string}" if query_string else url


def twilio_signature_ok(auth_token: str, url: str, params: Mapping[str, List[str]],
                        signature: Optional[str]) -> bool:
    if not auth_token or not signature:
        return False
    return RequestValidator(auth_token).validate(url, params, signature)


def meta_signature_ok(app_secret: str, raw_body: bytes, header: Optional[str]) -> bool:
    if not app_secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256="):].strip().lower())


def meta_challenge(query: Dict[str, str], verify_token: str) -> Optional[str]:
    """The challenge to echo when Meta subscribes the webhook with our verify token."""
    if not verify_token or query.get("hub.mode") != "subscribe":
        return None
    if not hmac.compare_digest(query.get("hub.verify_token", "").encode(), verify_token.encode()):
        return None
    return query.get("hub.challenge")
