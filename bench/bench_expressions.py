"""estimator/core/expressions.py against another tree's copy, in one process: CPU time of
compiling and evaluating, and a differential check of what they give.

    python3 bench/bench_expressions.py --against /tmp/old        # a worktree of an older commit
    python3 bench/bench_expressions.py --against /tmp/old --cases 30000 --seed 3

Both modules are loaded side by side and timed in turns (process_time, best of N rounds), so the
machine's load and speed, which drift by 10% from one run to the next here, weigh on both alike:
- compile: parsing, vetting and compiling generated texts, each once (what a one-shot text costs);
- evaluate: a layer-like workload: a type's scope per use (arguments read in the caller's, its
  derived values, shape entries, flags, constraints) and a loop variable's scope below it.
The differential check evaluates random expressions over scopes with nested bindings, free
symbols, `--set`-like inputs, both roads and symbolic conditions, and compares the value, or the
error's type, text and location, and the checks and values left in the scopes.
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from estimator.core.errors import EstimatorError, Location  # noqa: E402

HERE = Location("spec.yaml", 1, 2)
INPUT = "config.json"
ATOMS = ["a", "b", "h", "z", "t", "f", "l", "d", "r", "x", "y", "w", "u", "q", "s", "k", "0", "1", "2", "3", "7",
         "0.5", "2.25", "true", "false", "[1, 2, 3]", "[a, b]", "2**255", "2**256"]
OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", "<=", ">", ">=", " and ", " or ", " in "]
FUNCTIONS = ["min", "max", "ceil", "floor", "cdiv", "round_up", "ntuple", "prod", "len", "round", "int", "cumsum",
             "positions"]


def load(path: Path, name: str) -> ModuleType:
    """A tree's expressions.py as a module of its own (it imports only errors and symbolic)."""
    spec = importlib.util.spec_from_file_location(name, path / "estimator" / "core" / "expressions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and Fraction subclasses look their module up
    spec.loader.exec_module(module)
    return module


def text(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    if depth <= 0 or roll < 0.3:
        return rng.choice(ATOMS)
    if roll < 0.6:
        return f"({text(rng, depth - 1)}{rng.choice(OPERATORS)}{text(rng, depth - 1)})"
    if roll < 0.7:
        return rng.choice(["-", "+", "not "]) + text(rng, depth - 1)
    if roll < 0.8:
        return f"({text(rng, depth - 1)} if {text(rng, depth - 1)} else {text(rng, depth - 1)})"
    if roll < 0.85:
        return f"{text(rng, depth - 1)}[{text(rng, depth - 1)}]"
    if roll < 0.9:
        return f"{text(rng, depth - 1)} < {text(rng, depth - 1)} <= {text(rng, depth - 1)}"
    arguments = ", ".join(text(rng, depth - 1) for _ in range(rng.choice([1, 2, 2, 3])))
    return f"{rng.choice(FUNCTIONS)}({arguments})"


def outcome(module: ModuleType, rng: random.Random) -> tuple:
    """One random expression in random scopes: what it gives and what it leaves behind."""
    hyperparameters = {
        "a": rng.choice([12, 0, 3, "7", "2 * 3", "1/2", "0.5", True]), "b": rng.choice([0, 5, "a - 12", "a / 5"]),
        "h": rng.choice([1024, "a * 64", "hh", "3"]), "d": rng.choice([2, "a // 0", "[1, 2]", "q"]),
        "t": rng.choice([True, False, "a > 3", "z > 2", "1"]), "f": rng.choice(["0.75", "a * 0.5", 4]),
        "l": rng.choice([[1, 2, 3], ["a", "b"], "[0, 1, 0, 1]"]), "q": rng.choice(["1", "q2", "z * 2", "a + b"]),
        "z": 5}
    free = rng.random() < 0.3
    inputs = set(rng.sample(sorted(hyperparameters), 3))
    copy, expression = rng.choice([0, 1, 2]), text(rng, rng.choice([1, 2, 3, 4]))
    symbolic_conditions, numeric = rng.random() < 0.2, rng.random() < 0.7
    top = module.Scope({name: (raw, Location(INPUT if name in inputs else "spec.yaml", line, 3), None)
                        for line, (name, raw) in enumerate(hyperparameters.items(), 10)}, label="hyperparameters")
    top.inputs = inputs
    if free:
        top.set_value("z", module.symbol("z"), HERE)
    layer = module.Scope(label="layer")
    layer.active, layer.checks = top.active, top.checks
    layer.bindings.update({"x": ("a * 2", HERE, top), "y": ("h / 3", HERE, top), "q": ("q", HERE, top),
                           "w": ("x + y", HERE, None), "u": ("w if t else b", HERE, None), "s": ("s + 1", HERE, None),
                           "k": ([1, "a", "0.5"], HERE, None)})
    loop = module.Scope({"r": (copy, HERE, None)}, parent=layer, label=f"r={copy}")
    try:
        with module.sympy_road() if not numeric else nullcontext():
            value = module.evaluate(expression, HERE, loop, symbolic_conditions=symbolic_conditions)
        result: tuple = ("value", repr(value), type(value).__name__)
    except EstimatorError as exc:
        result = ("error", type(exc).__name__, str(exc), getattr(exc, "names", None))
    left = [sorted((name, repr(value)) for name, value in scope.values.items()) for scope in (top, layer)]
    return expression, result, [tuple(map(str, check)) for check in top.checks], left


def differences(modules: dict[str, ModuleType], cases: int, seed: int) -> list[tuple]:
    found = []
    for case in range(cases):
        outcomes = [outcome(module, random.Random(seed * 1_000_003 + case)) for module in modules.values()]
        if outcomes[0] != outcomes[1]:
            found.append(tuple(outcomes))
    return found


def compile_texts(module: ModuleType, texts: list[str]) -> None:
    for expression in texts:
        module._Plan(expression, HERE)


LAYER_ARGUMENTS = {"dim": "hidden_size", "heads": "num_attention_heads", "kv_heads": "num_key_value_heads",
                   "head_dim": "head_dim", "bias": "bias", "fused_qkv": "fused_qkv"}
LAYER_DERIVED = {"q_dim": "heads * head_dim", "kv_dim": "kv_heads * head_dim", "group": "heads // kv_heads"}
LAYER_TEXTS = ["q_dim", "dim", "kv_dim", "dim", "2 * kv_dim", "dim", "not fused_qkv", "bias", "heads % kv_heads == 0",
               "q_dim", "dim", "cdiv(dim, 2)", "dim if bias else 0", "kv_heads > 1 and heads > 1"]
HYPERPARAMETERS = {"hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8,
                   "head_dim": "hidden_size / num_attention_heads", "fused_qkv": False, "bias": False}


def evaluate_layers(module: ModuleType, models: int = 50, layers: int = 32) -> None:
    for _ in range(models):
        top = module.Scope({name: (raw, HERE, None) for name, raw in HYPERPARAMETERS.items()}, label="hyperparameters")
        for _ in range(layers):
            layer = module.Scope(label="attention")
            layer.active, layer.checks = top.active, top.checks
            layer.bindings.update({name: (raw, HERE, top) for name, raw in LAYER_ARGUMENTS.items()})
            layer.bindings.update({name: (raw, HERE, None) for name, raw in LAYER_DERIVED.items()})
            for expression in LAYER_TEXTS:
                module.evaluate(expression, HERE, layer)
            for copy in range(4):
                inner = module.Scope({"i": (copy, HERE, None)}, parent=layer, label=f"i={copy}")
                for expression in ("i * dim", "dim", "i % 2 == 0"):
                    module.evaluate(expression, HERE, inner)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="the root of the other tree (a git worktree)")
    parser.add_argument("--rounds", type=int, default=7, help="timing rounds; the best is shown (default 7)")
    parser.add_argument("--cases", type=int, default=10_000, help="differential cases (default 10,000)")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    modules = {"other": load(options.against, "expressions_other"), "this": load(ROOT, "expressions_this")}
    rng = random.Random(options.seed)
    texts = []
    while len(texts) < 5_000:  # texts both compile (an error is cheaper than a plan)
        expression = text(rng, rng.choice([2, 3, 4]))
        try:
            modules["other"]._Plan(expression, HERE)
        except EstimatorError:
            continue
        texts.append(expression)
    work = {"compile": lambda module: compile_texts(module, texts), "evaluate": evaluate_layers}
    best = {(step, name): float("inf") for step in work for name in modules}
    for _ in range(options.rounds):
        for step, run in work.items():
            for name, module in modules.items():
                start = time.process_time()
                run(module)
                best[step, name] = min(best[step, name], time.process_time() - start)
    print(f"CPU seconds, best of {options.rounds} rounds: {options.against} -> this tree")
    for step in work:
        other, this = best[step, "other"], best[step, "this"]
        print(f"  {step:10s} {other:7.3f} -> {this:7.3f} s ({100 * (this / other - 1):+.1f}%)")
    found = differences(modules, options.cases, options.seed)
    print(f"differential: {options.cases:,} cases, {len(found)} differ")
    for other, this in found[:5]:
        print(f"  {other[0]!r}\n    other: {other[1:]}\n    this:  {this[1:]}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
