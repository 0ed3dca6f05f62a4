"""Small-cell suppression for the open data: no published figure lets anyone find a count
under the threshold (10), directly or by subtraction.

The table is a cube of counts (topic × language × channel) with its totals: per topic, per
language, per channel, and the grand total. Each total is an equation: it equals the sum of
its cells. Hence:

1. primary suppression: every count under the threshold (zero included, so that a hidden
   cell says nothing, not even "none");
2. complementary suppression: in any equation with exactly one hidden term, or whose hidden
   terms add up to less than the threshold while its total is published (each would be
   known to be small; all zero when they add up to zero), the smallest other term is hidden
   too (a cell rather than a total, when there is one), until no equation is left so;
3. audit (`exposed`): for every hidden count under the threshold, the smallest and largest
   values it can take given every published figure, all the equations and counts being
   non-negative (two linear programs, scipy's HiGHS). If they are equal the count could be
   recomputed: the smallest published term of one of its equations is hidden, and the audit
   runs again. The tests run the same audit as an attacker would.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Hashable, List, Sequence, Set, Tuple

import numpy as np

Key = Hashable
TOTAL = "total"


@dataclass(frozen=True)
class Equation:
    total: Key
    terms: Tuple[Key, ...]

    @property
    def keys(self) -> Tuple[Key, ...]:
        return (self.total,) + self.terms


def cube_equations(topics: Sequence[str], languages: Sequence[str], channels: Sequence[str]) -> List[Equation]:
    """The totals of a topic × language × channel cube: per topic, language, channel, and all."""
    cells = [(t, l, c) for t in topics for l in languages for c in channels]
    equations = [Equation((t, TOTAL, TOTAL), tuple(k for k in cells if k[0] == t)) for t in topics]
    equations += [Equation((TOTAL, l, TOTAL), tuple(k for k in cells if k[1] == l)) for l in languages]
    equations += [Equation((TOTAL, TOTAL, c), tuple(k for k in cells if k[2] == c)) for c in channels]
    grand = (TOTAL, TOTAL, TOTAL)
    equations += [Equation(grand, tuple((t, TOTAL, TOTAL) for t in topics)),
                  Equation(grand, tuple((TOTAL, l, TOTAL) for l in languages)),
                  Equation(grand, tuple((TOTAL, TOTAL, c) for c in channels))]
    return equations


def _is_total(key: Key) -> bool:
    return isinstance(key, tuple) and TOTAL in key


def _hide_one_more(equation: Equation, values: Dict[Key, int], hidden: Set[Key], raise_sum: bool) -> Key:
    """The next term to hide in this equation: its smallest published cell (one that is not
    zero when the hidden terms' sum must grow), else its smallest published total."""
    candidates = [k for k in equation.keys if k not in hidden and (values[k] > 0 or not raise_sum)]
    if not candidates:
        candidates = [k for k in equation.keys if k not in hidden]
    cells = [k for k in candidates if not _is_total(k)] or candidates
    return min(cells, key=lambda k: (values[k], str(k)))


def _needs_more(equation: Equation, values: Dict[Key, int], hidden: Set[Key], threshold: int) -> Tuple[bool, bool]:
    """(hide one more, to raise the hidden sum): one hidden term alone is found by subtraction;
    hidden terms of a published total adding up to less than the threshold are each known to
    be small (all zero when they add up to zero)."""
    count = sum(k in hidden for k in equation.keys)
    if count == 0 or count == len(equation.keys):
        return False, False
    if count == 1:
        return True, False
    if equation.total not in hidden and sum(values[k] for k in equation.terms if k in hidden) < threshold:
        return True, True
    return False, False


def _complete(values: Dict[Key, int], hidden: Set[Key], equations: List[Equation], threshold: int) -> None:
    changed = True
    while changed:
        changed = False
        for equation in equations:
            more, raise_sum = _needs_more(equation, values, hidden, threshold)
            if more:
                hidden.add(_hide_one_more(equation, values, hidden, raise_sum))
                changed = True


def bounds(key: Key, values: Dict[Key, int], hidden: Set[Key], equations: List[Equation]) -> Tuple[float, float]:
    """The range a hidden count can take, knowing every published figure (linear programs)."""
    from scipy.optimize import linprog

    unknowns = sorted(hidden, key=str)
    index = {k: i for i, k in enumerate(unknowns)}
    rows, rhs = [], []
    for equation in equations:
        if not any(k in hidden for k in equation.keys):
            continue
        row = np.zeros(len(unknowns))
        known = 0.0
        for term in equation.terms:
            if term in hidden:
                row[index[term]] += 1
            else:
                known += values[term]
        if equation.total in hidden:
            row[index[equation.total]] -= 1
            rhs.append(-known)
        else:
            rhs.append(values[equation.total] - known)
        rows.append(row)
    objective = np.zeros(len(unknowns))
    objective[index[key]] = 1
    options = {"A_eq": np.array(rows), "b_eq": np.array(rhs)} if rows else {}
    low = linprog(objective, bounds=[(0, None)] * len(unknowns), method="highs", **options)
    high = linprog(-objective, bounds=[(0, None)] * len(unknowns), method="highs", **options)
    if low.status != 0 and low.status != 3:
        raise RuntimeError(f"the suppression audit failed: {low.message}")
    upper = float("inf") if high.status == 3 else -high.fun   # 3: unbounded, nothing caps it
    return low.fun, upper


def exposed(values: Dict[Key, int], hidden: Set[Key], equations: List[Equation], threshold: int) -> List[Key]:
    """Hidden counts under the threshold that the published figures pin to one value."""
    leaks = []
    for key in sorted(hidden, key=str):
        if values[key] < threshold:
            low, high = bounds(key, values, hidden, equations)
            if high - low < 1 - 1e-9:
                leaks.append(key)
    return leaks


def suppress(values: Dict[Key, int], equations: List[Equation], threshold: int) -> Set[Key]:
    """The keys to publish as suppressed (primary, complementary, and audited)."""
    hidden = {k for k, v in values.items() if v < threshold}
    while True:
        _complete(values, hidden, equations, threshold)
        leaks = exposed(values, hidden, equations, threshold)
        if not leaks:
            return hidden
        # Widen the leak's tightest equation: the one whose hidden terms add up to least.
        around = [e for e in equations if leaks[0] in e.keys and any(k not in hidden for k in e.keys)]
        if not around:                      # cannot happen with consistent totals; stay safe
            hidden.update(values)
            return hidden
        tightest = min(around, key=lambda e: sum(values[k] for k in e.terms if k in hidden))
        hidden.add(_hide_one_more(tightest, values, hidden, raise_sum=True))
