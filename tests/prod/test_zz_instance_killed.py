"""A Rasa instance dies in the middle of a form; the conversation goes on on the other one.

Runs last in tests/prod (file name): it kills rasa-1 (SIGKILL, no goodbye) and starts it
again at the end, which takes a minute.
"""
from __future__ import annotations

import os
import signal

from tests.prod.conftest import ProdChat, reply_text


def _active_loop(events) -> str:
    loops = [e.get("name") for e in events if e.get("event") == "active_loop"]
    return loops[-1] if loops else None


def test_the_qf_form_continues_on_the_other_instance(prod_stack, resident: ProdChat):
    first, second = prod_stack.instance_urls
    answer = reply_text(resident.send("je ne connais pas mon quotient familial", first))
    assert "Calculons votre quotient familial" in answer
    assert "Combien d'enfants" in reply_text(resident.send("en couple", first))
    form = _active_loop(resident.stored_events())
    assert form, "the QF calculator should be running"

    process = prod_stack.processes["rasa-1"]
    os.killpg(process.pid, signal.SIGKILL)     # a crash: no graceful shutdown
    process.wait()
    prod_stack.processes.pop("rasa-1")
    try:
        # Through the proxy, which finds rasa-1 gone and sends everything to rasa-2.
        response = resident.send("trois")
        assert response.headers["X-Served-By"] == "rasa-2"
        assert "handicap" in reply_text(response)
        assert "revenu imposable annuel" in reply_text(resident.send("aucun"))
        assert "prestations familiales" in reply_text(resident.send("36 000 € par an", second))
        result = reply_text(resident.send("400 € par mois"))
        assert "850\u00a0€ par mois" in result and "tranche C" in result
        texts = [e.get("text") for e in resident.stored_events() if e.get("event") == "user"]
        assert len(texts) == 6                 # nothing lost, nothing replayed
    finally:
        prod_stack.start_rasa(name="rasa-1", port=prod_stack.config.rasa_instance_ports[0])


def test_a_restarted_instance_takes_conversations_again(prod_stack, resident: ProdChat):
    first, _ = prod_stack.instance_urls
    assert "Calculons votre quotient familial" in reply_text(
        resident.send("je ne connais pas mon quotient familial", first))
    served = {resident.send("bonjour").headers["X-Served-By"] for _ in range(4)}
    assert served == {"rasa-1", "rasa-2"}
