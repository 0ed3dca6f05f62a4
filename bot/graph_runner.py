"""Rasa's model graph run node after node, in dask's order, without dask's scheduler.

Why: at every message Rasa runs its model graph twice or more (NLU, then each dialogue
prediction) through `DaskGraphRunner.run`, which each time
- recomputes the graph's minimal schema for its targets, by a recursive walk without
  memory (`GraphSchema._all_dependencies_schema`): 3.7 % of the Rasa process's Python
  time under load (py-spy, `--gil`);
- hands the graph to `dask.get`, a scheduler with queues and callbacks that runs the
  nodes one at a time on the calling thread anyway: about 5 % more.

Here the plan (which nodes, each one's inputs, and their order) is computed once per set
of targets and input names, by dask itself on a graph of stand-in nodes, and the real
nodes are then called in that order (NLU components change the messages they are given:
the order is kept exactly).
A node receives what it received from dask: `(node name, output)` of each node it needs,
`(input name, value)` for a graph input, and the bare name of anything unresolved (the
node then reports it, as under dask).
"""
from __future__ import annotations

from typing import Any, Dict, FrozenSet, List, Optional, Text, Tuple

import dask
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

Steps = List[Tuple[Text, Tuple[Text, ...]]]   # (node name, the names it needs), in run order
Plan = Tuple[Steps, FrozenSet[Text]]             # and every node of the targets' minimal graph

_ORIGINAL_RUN = DaskGraphRunner.run


def _dask_order(needs: Dict[Text, Tuple[Text, ...]], inputs: Tuple[Text, ...],
                targets: Tuple[Text, ...]) -> List[Text]:
    """The nodes dask runs for this graph, in its order: found by letting dask run the same
    graph of nodes that only note their turn (its scheduler is depth-first among ready
    nodes, not a sort by `dask.order` priority; asking dask itself keeps it exact)."""
    ran: List[Text] = []

    def noting(name: Text) -> Any:
        def note(*_: Any) -> Tuple[Text, None]:
            ran.append(name)
            return name, None
        return note

    graph: Dict[Text, Any] = {name: (noting(name), *provided_by) for name, provided_by in needs.items()}
    graph.update({name: (name, None) for name in inputs})   # as DaskGraphRunner adds them
    dask.get(graph, list(targets))
    return ran


def plan(runner: DaskGraphRunner, targets: Tuple[Text, ...], inputs: Tuple[Text, ...]) -> Plan:
    """The nodes run for these targets and input names, in dask's order (cached per runner:
    Rasa passes the same targets and input names at every message)."""
    plans: Dict[Tuple[Tuple[Text, ...], Tuple[Text, ...]], Plan] = runner.__dict__.setdefault("_sequential_plans", {})
    found = plans.get((targets, inputs))
    if found is None:
        schema = runner._graph_schema.minimal_graph_schema(list(targets))
        needs = {name: tuple(node.needs.values()) for name, node in schema.nodes.items()}
        steps = [(name, needs[name]) for name in _dask_order(needs, inputs, targets)]
        found = plans[(targets, inputs)] = (steps, frozenset(schema.nodes))
    return found


def run(self: DaskGraphRunner, inputs: Optional[Dict[Text, Any]] = None,
        targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
    """`DaskGraphRunner.run`, same inputs, outputs and errors."""
    run_targets = targets if targets else self._graph_schema.target_names
    steps, nodes = plan(self, tuple(run_targets), tuple(inputs or ()))
    results: Dict[Text, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and (value in nodes or value in results):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the "
                f"input names passed to the `run` method are the same as node names in the graph schema.")
        results[name] = (name, value)
    try:
        for name, needs in steps:
            results[name] = self._instantiated_nodes[name](*[results.get(need, need) for need in needs])
        return dict(results[target] for target in run_targets)
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e


def install() -> None:
    DaskGraphRunner.run = run


def uninstall() -> None:
    DaskGraphRunner.run = _ORIGINAL_RUN
