"""bot.graph_runner: Rasa's graph run without dask's scheduler gives what dask gives (the
same outputs, the same calls in the same order, the same errors) on random graphs."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple

import pytest
from rasa.engine.exceptions import GraphComponentException, GraphRunError
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from bot import graph_runner

CALLS: List[Text] = []   # every node's name, as it runs


class Combine(GraphComponent):
    """Adds its inputs' values to its own, appends its name to a shared list (a stand-in
    for NLU components, which change the messages they are given)."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "Combine":
        return cls(config)

    def combine(self, **inputs: Any) -> Tuple[int, List[Text]]:
        CALLS.append(self.config["name"])
        if self.config.get("fails"):
            raise ValueError("this node fails")
        trail: List[Text] = []
        total = self.config["value"]
        for key in sorted(inputs):
            value = inputs[key]
            if isinstance(value, tuple):
                total += value[0]
                trail = trail + value[1]
            else:
                total += value
        return total, trail + [self.config["name"]]


def random_schema(rng: random.Random) -> GraphSchema:
    nodes: Dict[Text, SchemaNode] = {}
    names: List[Text] = []
    for index in range(rng.randint(3, 12)):
        name = f"n{index}"
        pool = names + ["__input_a__", "__input_b__"]
        needs = {f"p{k}": provider for k, provider in enumerate(rng.sample(pool, rng.randint(0, min(3, len(pool)))))}
        nodes[name] = SchemaNode(needs=needs, uses=Combine, constructor_name="create", fn="combine",
                                 config={"name": name, "value": rng.randint(1, 9), "fails": rng.random() < 0.04},
                                 eager=rng.random() < 0.5, is_target=rng.random() < 0.3)
        names.append(name)
    return GraphSchema(nodes)


def outcome(schema: GraphSchema, storage: Path, inputs: Dict[Text, Any],
            targets: Optional[List[Text]]) -> Tuple[Any, List[Text]]:
    CALLS.clear()
    runner = DaskGraphRunner(schema, LocalModelStorage(storage), ExecutionContext(graph_schema=schema, model_id="1"))
    try:
        result: Any = runner.run(inputs=inputs, targets=targets)
    except (GraphRunError, GraphComponentException) as e:
        result = (type(e).__name__, str(e), type(e.__cause__).__name__)
    return result, list(CALLS)


@pytest.fixture
def both_runners():
    def run_both(schema: GraphSchema, storage: Path, inputs: Dict[Text, Any], targets: Optional[List[Text]]):
        graph_runner.uninstall()
        expected = outcome(schema, storage, inputs, targets)
        graph_runner.install()
        return expected, outcome(schema, storage, inputs, targets)

    yield run_both
    graph_runner.uninstall()


def test_same_outputs_calls_and_errors_as_dask(both_runners, tmp_path: Path) -> None:
    rng = random.Random(7)
    compared = failures = 0
    for _ in range(300):
        schema = random_schema(rng)
        names = list(schema.nodes)
        targets = rng.sample(names, rng.randint(1, min(3, len(names)))) if rng.random() < 0.8 else None
        inputs = {"__input_a__": (rng.randint(1, 5), ["a"])}
        if rng.random() < 0.8:   # otherwise a node needing it gets its bare name
            inputs["__input_b__"] = rng.randint(1, 5)
        if rng.random() < 0.05:  # a value that names a node: refused
            inputs["__input_b__"] = rng.choice(names)
        if rng.random() < 0.1:   # an input named like a node: it replaces the node
            inputs[rng.choice(names)] = (rng.randint(1, 5), ["input"])
        expected, ours = both_runners(schema, tmp_path, inputs, targets)
        assert ours == expected
        compared += 1
        failures += isinstance(expected[0], tuple) and len(expected[0]) == 3
    assert compared == 300 and failures > 10      # errors were compared too


def test_the_same_runner_reuses_its_plan(tmp_path: Path) -> None:
    schema = GraphSchema({
        "a": SchemaNode(needs={"x": "__in__"}, uses=Combine, constructor_name="create", fn="combine",
                        config={"name": "a", "value": 1}),
        "b": SchemaNode(needs={"x": "a"}, uses=Combine, constructor_name="create", fn="combine",
                        config={"name": "b", "value": 10}),
        "c": SchemaNode(needs={}, uses=Combine, constructor_name="create", fn="combine",
                        config={"name": "c", "value": 100}),
    })
    graph_runner.install()
    try:
        runner = DaskGraphRunner(schema, LocalModelStorage(tmp_path), ExecutionContext(graph_schema=schema))
        CALLS.clear()
        assert runner.run(inputs={"__in__": 5}, targets=["b"]) == {"b": (16, ["a", "b"])}
        assert runner.run(inputs={"__in__": 6}, targets=["b"]) == {"b": (17, ["a", "b"])}
        assert CALLS == ["a", "b", "a", "b"]          # "c" is not needed by "b": never run
        assert list(runner.__dict__["_sequential_plans"]) == [(("b",), ("__in__",))]
        with pytest.raises(GraphRunError, match="clashes with a node name"):
            runner.run(inputs={"__in__": "a"}, targets=["b"])
    finally:
        graph_runner.uninstall()
