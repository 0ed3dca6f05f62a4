"""The residents' scripted conversations, from conversations.yml.

Every resident speaks one language (the file's weights), greets, and then, for those who
book, takes a Maison de Santé slot with the button's payload, a name, a phone number and
"yes". The first `contended_slots x per_slot` bookers are split over a few slots: several
residents deliberately book the same slot at the same turn, so their confirmations race.
Some run the QF calculator (a form of six answers); questions fill the remaining turns;
thanks close the conversation. The same seed gives the same conversations.
"""
from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

PHRASES = Path(__file__).with_name("conversations.yml")


@dataclass
class Resident:
    sender: str
    language: str
    messages: List[str]
    phone: Optional[str] = None          # E.164 of the number given when booking
    slot_id: Optional[str] = None        # the slot it tries to book
    contended: bool = False              # other residents try to book the same slot
    booking_turn: Optional[int] = None   # index of the message that confirms the booking


@dataclass
class Plan:
    residents: List[Resident]
    contended_slots: List[str] = field(default_factory=list)

    @property
    def messages(self) -> int:
        return sum(len(r.messages) for r in self.residents)


def phrases() -> Dict:
    return yaml.safe_load(PHRASES.read_text(encoding="utf-8"))


def _languages(count: int, table: Dict[str, Dict]) -> List[str]:
    """Languages in proportion to their weights, interleaved (fr, en, es, ... fr, en, ...)."""
    wheel: List[str] = []
    weights = {code: int(entry.get("weight", 1)) for code, entry in table.items()}
    while any(weights.values()):
        for code in table:
            if weights[code]:
                wheel.append(code)
                weights[code] -= 1
    return [wheel[k % len(wheel)] for k in range(count)]


def _phone(run: int, k: int) -> tuple:
    """A French mobile number unique to the run and resident: as typed, and as E.164."""
    digits = f"0655{run % 100:02d}{k:04d}"
    typed = " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    return typed, "+33" + digits[1:]


def _fill(head: List[str], middle: List[str], tail: List[str], turns: int) -> List[str]:
    room = turns - len(head) - len(tail)
    if room < 0:
        return (head + tail)[:turns]
    return head + middle[:room] + tail


def plan(residents: int, turns: int, free_slots: Sequence[str], contended_slots: int = 4,
         per_slot: int = 5, booking_share: float = 0.6, qf_share: float = 0.34,
         seed: int = 0, run: int = 0, tag: str = "") -> Plan:
    """`free_slots`: slot ids free now, earliest first (GET /v1/health/slots)."""
    table = phrases()["languages"]
    rng = random.Random(seed)
    tag = tag or uuid.uuid4().hex[:6]
    bookers = min(residents, round(residents * booking_share))
    contended = list(free_slots[:contended_slots])
    rivals = min(bookers, len(contended) * per_slot)
    unique = list(free_slots[len(contended):])
    if bookers - rivals > len(unique):
        raise ValueError(f"{bookers - rivals} residents book a slot of their own, only {len(unique)} are free")
    out = []
    for k, language in enumerate(_languages(residents, table)):
        words = table[language]
        questions = list(words["questions"])
        rng.shuffle(questions)
        middle = (list(words["qf_form"]) if rng.random() < qf_share else []) + questions * 4
        head = [rng.choice(words["greet"])]
        resident = Resident(sender=f"load-{tag}-{k:03d}", language=language, messages=[])
        if k < bookers:
            resident.contended = k < rivals
            resident.slot_id = contended[k % len(contended)] if resident.contended else unique[k - rivals]
            typed, resident.phone = _phone(run, k)
            payload = "/book_appointment" + json.dumps({"appointment_slot_id": resident.slot_id})
            head += [payload, words["booking"]["name"], typed, words["booking"]["yes"]]
            resident.booking_turn = len(head) - 1
        resident.messages = _fill(head, middle, list(words["thanks"]), turns)
        if resident.booking_turn is not None and resident.booking_turn >= len(resident.messages):
            resident.booking_turn = None
        out.append(resident)
    return Plan(out, contended)


def stock_plan(residents: int, turns: int, seed: int = 0, tag: str = "") -> Plan:
    """Conversations for `rasa init`'s mood bot (the stock baseline of `make bench`)."""
    words = phrases()["stock"]
    rng = random.Random(seed)
    tag = tag or uuid.uuid4().hex[:6]
    out = []
    for k in range(residents):
        middle = [rng.choice(words["questions"]) for _ in range(turns)]
        messages = _fill([rng.choice(words["greet"])], middle, list(words["thanks"]), turns)
        out.append(Resident(sender=f"stock-{tag}-{k:03d}", language="en", messages=messages))
    return Plan(out)


def free_slot_ids(api_url: str, limit: int = 200) -> List[str]:
    """The Maison de Santé's free slots now, earliest first, from the municipal API."""
    import httpx

    response = httpx.get(f"{api_url}/v1/health/slots", params={"limit": limit}, timeout=30)
    response.raise_for_status()
    return [slot["id"] for slot in response.json()]
