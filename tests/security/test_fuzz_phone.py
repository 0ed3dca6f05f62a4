"""Fuzz of the SMS and WhatsApp webhooks (bot/channels/sms.py, whatsapp.py): 4,800 requests.

SMS, as Twilio posts them: 1,600 signed correctly (Twilio's documented scheme over the
parameters as received) with bodies that are empty, 100 KB, invalid UTF-8, NULs and control
characters, missing or malformed MessageSid/From/To, repeated and extra parameters, retried
ids; 800 unsigned or wrongly signed, of any content type. WhatsApp, as Meta posts them:
1,800 signed (HMAC-SHA256 of the raw body) with bodies that are not JSON, not UTF-8, nested
10,000 deep, arrays of 100,000 items, objects of the wrong shape at every level, messages
of every kind (photos, reactions...) and texts of every kind; 600 unsigned or badly signed.

Each request gets its answer (403 unsigned, 400 malformed, 200 otherwise) and each message
taken exactly one reply: the assistant's, or the polite "I could not read that message" /
"too long" in the resident's language; never a 5xx nor a logged error. Afterwards every
resident that was fuzzed gets a normal reply to a normal message.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections import Counter
from typing import Dict, List, Tuple
from urllib.parse import parse_qsl, quote

from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.identity import SenderIds
from bot.channels.texts import channel_texts
from tests.security.fuzz_app import (META_SECRET, PHONE_NUMBER_ID, PUBLIC_URL, REPLY, SENDER_SECRET, TWILIO_TOKEN,
                                     FuzzApp, fuzz_app)
from tests.security.fuzz_inputs import (CONTENT_TYPES, READABLE, TOO_LONG, UNREADABLE, deep, deep_object,
                                        huge_array, raw_garbage, rng, text_case, wrong_type)

SMS_SIGNED, SMS_UNSIGNED, WA_SIGNED, WA_UNSIGNED = 1600, 800, 1800, 600
SMS_PATH, WA_PATH = "/webhooks/sms/webhook", "/webhooks/whatsapp/webhook"
NUMBERS = [f"+3361234{n:04d}" for n in range(12)]
ENGLISH_NUMBER = NUMBERS[0]          # this resident's conversation is in English
TEXTS = {code: channel_texts(code) for code in ("fr", "en")}


def polite(kind: str, number: str) -> str:
    texts = TEXTS["en" if number.endswith(ENGLISH_NUMBER[1:]) else "fr"]
    return texts.too_long if kind == TOO_LONG else texts.unreadable


# --- SMS
def twilio_signature(url: str, raw: bytes) -> str:
    """Twilio's documented scheme: base64(HMAC-SHA1(url + each name+value, sorted by name,
    then value)) over the POST parameters as they arrive (here: parsed by the standard library)."""
    params: Dict[str, List[str]] = {}
    for name, value in parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True):
        params.setdefault(name, []).append(value)
    signed = url + "".join(name + value for name in sorted(params) for value in sorted(set(params[name])))
    return base64.b64encode(hmac.new(TWILIO_TOKEN.encode(), signed.encode(), hashlib.sha1).digest()).decode()


def encode_form(pairs: List[Tuple[str, str]], r) -> bytes:
    body = "&".join(f"{quote(k.encode('utf-8', 'surrogatepass'))}={quote(v.encode('utf-8', 'surrogatepass'))}"
                    for k, v in pairs).encode()
    if r.random() < 0.05:   # raw bytes that are not UTF-8, unescaped
        body += b"&Note=\xff\xfe\xc3(" + bytes([r.randrange(256)])
    return body


def sms_case(r, seen: List[str]) -> Tuple[bytes, int, str, str]:
    """(form body, expected status, resident's number, expected reply: REPLY, a polite kind or '')."""
    number, sid = r.choice(NUMBERS), "SM" + uuid.UUID(int=r.getrandbits(128)).hex
    body, text_kind = text_case(r)
    if not isinstance(body, str):        # a form value is always a string: an empty one
        body, text_kind = "", UNREADABLE
    pairs = [("ToCountry", "FR"), ("MessageSid", sid), ("From", number), ("To", "+33757000123"), ("Body", body),
             ("NumMedia", "0"), ("AccountSid", "AC" + "0" * 32)]
    roll, status, reply = r.random(), 200, text_kind
    if roll < 0.15:     # no usable id or number: not a message Twilio sends
        field, value = r.choice([("MessageSid", ""), ("MessageSid", "SM\x00x"), ("MessageSid", "x" * 300),
                                 ("MessageSid", "SMé"), ("From", ""), ("From", "abc"), ("From", "+"),
                                 ("From", "+33 6 12"[:3]), ("From", "+3" + "1" * 30), ("From", "\x00" * 5),
                                 ("From", "x" * 100_000), ("From", "whatsapp:")])
        pairs = [(k, value if k == field else v) for k, v in pairs if not (k == field and r.random() < 0.3)]
        status, reply = 400, ""
    elif roll < 0.22:   # a retry of a message already taken: answered, not processed again
        if seen:
            sid, number = r.choice(seen).split("|")
            pairs = [(k, sid if k == "MessageSid" else number if k == "From" else v) for k, v in pairs]
            reply = ""
    elif roll < 0.3:    # the number Twilio says we are is junk: the reply still goes out
        pairs = [(k, r.choice(["", "junk", "\x00", "x" * 5000]) if k == "To" else v) for k, v in pairs]
    elif roll < 0.4:    # extra, repeated and odd parameters
        pairs += [(r.choice(["X", "Body2", "\x00", "é", "MessageSid "]), r.choice(["", "v", "\x00", "x" * 3000]))
                  for _ in range(r.randint(1, 30))]
        if r.random() < 0.3:
            pairs.append(("Body", "second body"))   # Twilio never repeats it: the first one is read
    if status == 200 and reply:
        seen.append(f"{sid}|{number}")
    return encode_form(pairs, r), status, number, reply


async def sms_fuzz(app: FuzzApp) -> Counter:
    r, seen, expected = rng("sms"), [], Counter()
    for _ in range(SMS_SIGNED):
        raw, status, number, reply = sms_case(r, seen)
        answer = await app.http.post(SMS_PATH, content=raw, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": twilio_signature(PUBLIC_URL + SMS_PATH, raw)})
        assert answer.status_code == status, (answer.status_code, answer.text[:200], raw[:200])
        if status == 200:
            assert answer.text == '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
        if reply:
            expected[(number, REPLY if reply == READABLE else polite(reply, number))] += 1
    for _ in range(SMS_UNSIGNED):
        raw, _, _, _ = sms_case(r, [])
        headers = {"Content-Type": r.choice(CONTENT_TYPES)}
        roll = r.random()
        if roll < 0.4:
            headers["X-Twilio-Signature"] = twilio_signature("http://127.0.0.1" + SMS_PATH, raw)   # wrong URL
        elif roll < 0.6:
            headers["X-Twilio-Signature"] = r.choice(["", "x", "A" * 5000, "==", base64.b64encode(b"0" * 20).decode()])
        elif roll < 0.8:
            raw = raw_garbage(r)
        answer = await app.http.post(SMS_PATH, content=raw, headers=headers)
        assert answer.status_code == 403, (answer.status_code, raw[:100])
    return expected


# --- WhatsApp
def meta_message(r, number: str, counter: List[int]) -> Tuple[dict, str]:
    """A message of the webhook and its expected reply ('' for none)."""
    counter[0] += 1
    message = {"from": number[1:], "id": f"wamid.fuzz{counter[0]}", "timestamp": "1764572400"}
    roll = r.random()
    if roll < 0.5:
        text, kind = text_case(r)
        return {**message, "type": "text", "text": {"body": text}}, kind
    if roll < 0.6:
        choice, kind = r.choice([("/help", READABLE), ("menu:1", READABLE), ("menu:", READABLE),
                                 ("\x00", UNREADABLE), ("x" * 300, READABLE), (" ", UNREADABLE)])
        return {**message, "type": "interactive", "interactive": {"type": "button_reply", "button_reply": {
            "id": choice, "title": "Aide"}}}, kind
    if roll < 0.72:
        kind = r.choice(["image", "audio", "video", "sticker", "location", "contacts", "document", "unsupported",
                         "order", None, 5, "TEXT"])
        return {**message, "type": kind, str(kind): {"id": "media-1"}}, UNREADABLE
    if roll < 0.77:
        return {**message, "type": r.choice(["reaction", "system"]), "reaction": {"emoji": "👍"}}, ""
    if roll < 0.85:
        return {**message, "type": "text", "text": r.choice([wrong_type(r), "flat", {"body": None}])}, UNREADABLE
    bad = r.choice([("id", None), ("id", ""), ("id", 12), ("id", "x" * 300), ("id", "wamid\x00"), ("from", None),
                    ("from", 33612345678), ("from", "abc"), ("from", ""), ("from", "1" * 30), ("from", ["336"])])
    return {**message, bad[0]: bad[1], "type": "text", "text": {"body": "bonjour"}}, ""


def meta_payload(r, counter: List[int]) -> Tuple[bytes, int, List[Tuple[str, str]]]:
    """(raw body, expected status, expected replies as (number, text))."""
    roll = r.random()
    if roll < 0.2:
        raw = raw_garbage(r)
        try:
            shape_ok = isinstance(json.loads(raw), dict)
        except (ValueError, RecursionError):
            shape_ok = False
        return raw, 200 if shape_ok else 400, []
    if roll < 0.3:
        return r.choice([b"[]", b"{}", b'{"entry": 5}', b'{"entry": [1, "x", null]}', b'{"entry": [{"changes": {}}]}',
                         b'{"entry": [{"changes": [{"value": []}]}]}', b'{"object": "x", "entry": ' +
                         deep(10_000).encode() + b"}", b'{"entry": ' + huge_array(100_000).encode() + b"}",
                         b'{"entry": [' + deep_object(900).encode() + b"]}"]), None, []
    replies, messages = [], []
    for _ in range(r.choice([1, 1, 1, 2, 3])):
        number = r.choice(NUMBERS)
        message, kind = meta_message(r, number, counter)
        messages.append(message)
        if kind:
            replies.append((number, REPLY if kind == READABLE else polite(kind, number)))
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": PHONE_NUMBER_ID}, "messages": messages}
    if r.random() < 0.05:       # another business number's messages: not ours to answer
        value["metadata"]["phone_number_id"], replies = "999", []
    if r.random() < 0.1:
        value["statuses"] = [{"id": "wamid.x", "status": "delivered"}, 7]
    raw = json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": [{"value": value}]}]})
    return raw.encode("utf-8", "surrogatepass"), 200, replies


def meta_signature(raw: bytes, secret: str = META_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


async def whatsapp_fuzz(app: FuzzApp) -> Counter:
    r, counter, expected = rng("whatsapp"), [0], Counter()
    for _ in range(WA_SIGNED):
        raw, status, replies = meta_payload(r, counter)
        answer = await app.http.post(WA_PATH, content=raw, headers={"Content-Type": "application/json",
                                                                    "X-Hub-Signature-256": meta_signature(raw)})
        assert answer.status_code in ({status} if status else {200, 400}), (answer.status_code, raw[:200])
        for number, text in replies:
            expected[(number, text)] += 1
    for _ in range(WA_UNSIGNED):
        raw, _, _ = meta_payload(r, counter)
        header = r.choice([None, "", "sha256=", "sha1=" + "0" * 40, meta_signature(raw, "another-secret"),
                           meta_signature(raw + b" "), "sha256=" + "z" * 64, meta_signature(raw).upper()])
        headers = {"Content-Type": r.choice(CONTENT_TYPES)}
        if header is not None:
            headers["X-Hub-Signature-256"] = header
        answer = await app.http.post(WA_PATH, content=raw, headers=headers)
        assert answer.status_code == 403, (answer.status_code, header)
    return expected


def delivered(app: FuzzApp) -> Counter:
    """(resident's number, text) of every SMS and WhatsApp message the assistant sent."""
    return Counter(app.outbox.sent)


async def speaks_english(app: FuzzApp, sender_id: str) -> None:
    tracker = DialogueStateTracker(sender_id, app.tracker_store.domain.slots)
    tracker.update(SlotSet("language", "en"))
    await app.tracker_store.save(tracker)


async def test_phone_fuzz_gets_one_clear_reply_per_message_and_leaves_no_resident_stuck(tmp_path) -> None:
    async with fuzz_app(tmp_path) as app:
        senders = SenderIds(SENDER_SECRET)
        for address in (ENGLISH_NUMBER, f"whatsapp:{ENGLISH_NUMBER}"):
            await speaks_english(app, senders.sender_id(address))
        expected_sms = await sms_fuzz(app)
        expected_wa = await whatsapp_fuzz(app)
        await app.drain()
        got = delivered(app)
        expected = expected_sms + expected_wa
        assert got == expected
        assert sum(expected.values()) > 1500
        assert sum(n for (_, text), n in expected.items() if text != REPLY) > 500   # polite replies were tested
        # Not stuck: each resident gets the normal reply to a normal message, on both channels.
        for number in NUMBERS:
            raw = f"MessageSid=SMend{number[1:]}&From={quote(number)}&To=%2B33757000123&Body=bonjour".encode()
            answer = await app.http.post(SMS_PATH, content=raw, headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": twilio_signature(PUBLIC_URL + SMS_PATH, raw)})
            assert answer.status_code == 200
            payload = {"entry": [{"changes": [{"value": {"metadata": {"phone_number_id": PHONE_NUMBER_ID}, "messages": [
                {"from": number[1:], "id": f"wamid.end{number[1:]}", "type": "text", "text": {"body": "bonjour"}}]}}]}]}
            raw = json.dumps(payload).encode()
            answer = await app.http.post(WA_PATH, content=raw, headers={"X-Hub-Signature-256": meta_signature(raw)})
            assert answer.status_code == 200
        await app.drain()
        assert delivered(app) - got == Counter({(number, REPLY): 2 for number in NUMBERS})
        assert app.rasa.broken == []
        assert app.errors.summary() == [] and app.loop_errors == []
