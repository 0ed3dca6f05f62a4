"""actions.common.client keeps one httpx client per API address and event loop: a new
client costs 20-30 ms of CPU (SSL context, CA bundle), more than the rest of an action."""
from __future__ import annotations

import asyncio

from actions.common import client as city


async def _clients_of_one_loop():
    first = city._http_for("http://127.0.0.1:9")
    again = city._http_for("http://127.0.0.1:9")
    other = city._http_for("http://127.0.0.1:10")
    return first, again, other


def test_one_client_per_address_and_loop_and_none_kept_for_finished_loops() -> None:
    first, again, other = asyncio.run(_clients_of_one_loop())
    assert first is again and first is not other
    later, _, _ = asyncio.run(_clients_of_one_loop())
    assert later is not first
    assert first not in city._clients.values()     # the finished loop's clients are dropped


def test_a_test_transport_gets_a_client_of_its_own() -> None:
    import httpx

    calls = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(200, json=[])

    async def ask():
        before = dict(city._clients)
        places = await city.MunicipalClient(transport=httpx.MockTransport(answer)).places()
        return places, before == city._clients
    places, untouched = asyncio.run(ask())
    assert places == [] and calls == ["/v1/places"] and untouched
