"""Rasa's calls to the action server, bounded in time and failing fast when it is down.

Rasa 3.6 waits up to 5 minutes for the action server, and when it cannot reach it, logs
the error and carries on without the action's events: the resident gets no answer.
`GuardedActionEndpoint` replaces the processor's action endpoint (the channel installs it,
`install(agent)`) and:

- gives every call ACTION_SERVER_TIMEOUT seconds and all the calls of a turn together
  ACTION_SERVER_TURN_BUDGET seconds (2.5 both, by default), so the resident hears back
  within 3 s even on a busy machine. An action that finds the city hung answers within its
  own 2 s; when it starts late in the turn the budget may cut it first: the resident then
  gets this apology, with the same phone number;
- after one failed call in a turn, fails the turn's other calls at once (a turn calls the
  action server several times: slot mappings, form validation, the action);
- shares a circuit breaker (3 failures, 15 s) so that a dead action server does not make
  every conversation wait;
- notes the failure on the current turn (bot/turn_context.py), so the channel adds the
  polite `utter_action_server_down` to whatever Rasa said;
- sends each call without the domain's responses, which the action server never reads
  (`without_responses`: 280 of the 300 KB of every call);
- keeps one HTTP session, with its keep-alive connections, per event loop: Rasa's
  `EndpointConfig.request` opens a new session and TCP connection for every call, that is
  two to four a turn (`make bench`, profile);
- runs the few actions that read nothing but the call (`action_validate_slot_mappings`,
  on every message) here, in Rasa's process (bot/local_actions.py); if one fails here, the
  action server runs it as before.

Failures are raised as aiohttp connection errors, which Rasa turns into its own
"failed to execute custom action" handling (never a crash of the turn).
"""
from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Dict, Optional

import aiohttp
from rasa.utils.endpoints import ClientResponseError, EndpointConfig, concat_url

from actions.common.circuit_breaker import CircuitBreaker
from bot import action_responses
from bot.local_actions import LocalActions
from bot.turn_context import current_turn

logger = logging.getLogger(__name__)


def _setting(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


def without_responses(call: Dict[str, Any]) -> Dict[str, Any]:
    """The action call without the domain's responses. Rasa 3.6 sends the whole domain with
    every call: here 300 KB of JSON, 280 KB of which are the replies in six languages, that
    Rasa serialises and the action server parses several times a turn (`make bench`,
    profile). Neither rasa_sdk nor our actions read them (they name responses; Rasa renders
    them); slots, forms and the rest of the domain go as before."""
    domain = call.get("domain")
    if not isinstance(domain, dict) or "responses" not in domain:
        return call
    return {**call, "domain": {k: v for k, v in domain.items() if k != "responses"}}


class GuardedActionEndpoint(EndpointConfig):
    def __init__(self, wrapped: EndpointConfig, timeout: float, breaker: CircuitBreaker,
                 turn_budget: float = 2.5, local: Optional[LocalActions] = None) -> None:
        super().__init__(url=wrapped.url, params=wrapped.params, headers=wrapped.headers,
                         basic_auth=wrapped.basic_auth, token=wrapped.token,
                         token_name=wrapped.token_name, cafile=wrapped.cafile, **wrapped.kwargs)
        self.timeout = timeout
        self.turn_budget = turn_budget
        self.breaker = breaker
        self.local = local
        self._session: Optional[aiohttp.ClientSession] = None
        self._session_loop: Optional[asyncio.AbstractEventLoop] = None

    def _failed(self, why: str) -> aiohttp.ClientConnectionError:
        turn = current_turn()
        if turn is not None:
            turn.action_server_failed = True
        return aiohttp.ClientConnectionError(f"action server unavailable: {why}")

    async def request(self, method: str = "post", subpath: Optional[str] = None,
                      content_type: Optional[str] = "application/json", compress: bool = False,
                      **kwargs: Any) -> Optional[Any]:
        call = kwargs.get("json")
        if self.local is not None and isinstance(call, dict) and self.local.handles(call.get("next_action")):
            try:
                return await self.local.run(without_responses(call))
            except Exception:  # the action server has the same code: let it try
                logger.exception("local action %s failed; calling the action server", call["next_action"])
        turn = current_turn()
        if turn is not None and turn.action_server_failed:
            raise self._failed("it already failed in this turn")
        if not self.breaker.allow():
            raise self._failed("failing fast after repeated failures")
        kwargs.pop("timeout", None)
        if isinstance(kwargs.get("json"), dict):
            kwargs["json"] = without_responses(kwargs["json"])
        timeout = self.timeout
        if turn is not None:
            timeout = max(0.05, min(timeout, self.turn_budget - turn.elapsed()))
        try:
            result = await asyncio.wait_for(
                self._send(method, subpath, content_type, compress, **kwargs), timeout)
        except ClientResponseError as error:
            if error.status < 500:   # the server works: 400 is an action's rejection, 404 an unknown action
                self.breaker.record_success()
                raise
            self.breaker.record_failure()
            raise self._failed(f"HTTP {error.status}") from error
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            self.breaker.record_failure()
            logger.warning("the action server failed: %s", type(error).__name__)
            raise self._failed(type(error).__name__) from error
        self.breaker.record_success()
        return result

    def _live_session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._session_loop is not loop:
            self._session, self._session_loop = self.session(), loop
        return self._session

    async def _send(self, method: str, subpath: Optional[str], content_type: Optional[str],
                    compress: bool, **kwargs: Any) -> Optional[Any]:
        """Rasa's `EndpointConfig.request` (same headers, parameters and errors) on the
        endpoint's lasting session instead of a new one per call."""
        if self.cafile:   # Rasa's TLS set-up stays Rasa's
            return await super().request(method, subpath, content_type, compress, **kwargs)
        headers = {"Content-Type": content_type} if content_type else {}
        headers.update(kwargs.pop("headers", None) or {})
        headers.update(self.headers or {})
        async with self._live_session().request(
                method, concat_url(self.url, subpath), headers=headers,
                params=self.combine_parameters(kwargs), compress=compress, **kwargs) as response:
            if response.status >= 400:
                raise ClientResponseError(response.status, response.reason,
                                          await response.content.read())
            try:
                return await response.json()
            except aiohttp.ContentTypeError:
                return None


_breaker: Optional[CircuitBreaker] = None


def install(agent: Any) -> None:
    """Puts the guard in front of the agent's action server, once per loaded model."""
    global _breaker
    action_responses.install()   # Rasa's check of the responses, its validator built once
    processor = getattr(agent, "processor", None)
    endpoint = getattr(processor, "action_endpoint", None) or getattr(agent, "action_endpoint", None)
    if endpoint is None or isinstance(endpoint, GuardedActionEndpoint):
        return
    if _breaker is None:
        _breaker = CircuitBreaker(failures=int(_setting("ACTION_SERVER_BREAKER_FAILURES", 3)),
                                  cooldown=_setting("ACTION_SERVER_BREAKER_COOLDOWN", 15))
    guarded = GuardedActionEndpoint(endpoint, _setting("ACTION_SERVER_TIMEOUT", 2.5), _breaker,
                                    _setting("ACTION_SERVER_TURN_BUDGET", 2.5), LocalActions())
    agent.action_endpoint = guarded
    if processor is not None:
        processor.action_endpoint = guarded
