"""The Python API: each function is one step of the pipeline, composed.

    >>> from estimator import api
    >>> result = api.estimate("gpt2")
    >>> result["params"]
    124439808
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from .errors import EstimatorError
from .expand import Inventory, Tensor, expand, hyperparameter_scope, unroll
from .expressions import describe, is_concrete
from .spec import Spec, load_spec
from .totals import COUNT_KEYS, Totals, compute_totals



def load(spec: str | Spec) -> Spec:
    return spec if isinstance(spec, Spec) else load_spec(spec)


def build(spec: str | Spec, overrides: dict | None = None, free: set | frozenset = frozenset()) -> tuple[Spec, Inventory, dict]:
    """Load, resolve and expand: the spec, its inventory and its resolved hyperparameters."""
    spec = load(spec)
    scope = hyperparameter_scope(spec, overrides, free)
    inventory = expand(spec, scope)
    hyperparameters = {name: _plain(scope.lookup(name, scope.where_of(name))) for name in spec.hyperparameters}
    inventory.hyperparameters = hyperparameters
    return spec, inventory, hyperparameters


def _plain(value: Any) -> Any:
    """A value as JSON: ints and bools as they are, lists as lists, formulas as text."""
    if isinstance(value, bool) or isinstance(value, int):
        return value
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return str(value)


def estimate(spec: str | Spec, overrides: dict | None = None, assumptions: Any = None) -> dict:
    """Totals, trainable/frozen, buffers, embedding split, active params, module breakdown,
    and bytes and FLOPs under ``assumptions`` (:class:`estimator.metrics.Assumptions`)."""
    from .metrics import Assumptions

    spec, inventory, hyperparameters = build(spec, overrides)
    totals = compute_totals(inventory)
    return estimate_result(spec, totals, hyperparameters, inventory, (assumptions or Assumptions()).check())


def estimate_result(spec: Spec, totals: Totals, hyperparameters: dict, inventory: Inventory, assumptions: Any) -> dict:
    from .metrics import (compute_metrics, default_context, describe_assumptions, encoder_context_of,
                          has_cross_attention, module_flops, weights_bytes)

    result: dict[str, Any] = {"name": spec.name}
    if "source" in spec.data:
        result["source"] = spec.data["source"]
    for key in COUNT_KEYS:
        result[key] = _plain(totals[key])
    context = assumptions.context if assumptions.context is not None else default_context(hyperparameters)
    encoder_context = encoder_context_of(assumptions, hyperparameters, context)
    metrics = compute_metrics(inventory, totals.counts, assumptions, context, encoder_context)
    formats = dict.fromkeys(["fp32", "bf16", "fp8", assumptions.weights])
    result["weights_bytes"] = {  # the chosen format is already in the metrics
        fmt: _plain(metrics["weights_bytes"] if fmt == assumptions.weights else weights_bytes(inventory, fmt, assumptions.keep))
        for fmt in formats}
    result["training_bytes"] = _plain(metrics["training_bytes"])
    result["training_bytes_by_component"] = {k: _plain(v) for k, v in metrics["training_bytes_by_component"].items()}
    for key in ("kv_cache_bytes_per_token", "kv_cache_bytes_per_encoder_token", "kv_cache_bytes", "memory_bytes",
                "flops_per_token", "training_flops_per_token"):
        result[key] = _plain(metrics[key])
    cross = has_cross_attention(inventory)
    result["assumptions"] = describe_assumptions(assumptions, context, encoder_context if cross else None)
    result["hyperparameters"] = hyperparameters
    flops = module_flops(inventory, context, encoder_context)
    result["modules"] = [
        {
            "path": entry.path,
            "type": entry.type,
            "depth": entry.depth,
            "params": _plain(entry.params),
            "buffer_elements": _plain(entry.buffer_elements),
            "repeat": _plain(entry.repeat) if entry.repeat is not None else None,
            "flops_per_token": _plain(flops.get(entry.path, 0)),
        }
        for entry in totals.modules.values()
        if entry.params != 0 or entry.buffer_elements != 0 or flops.get(entry.path, 0) != 0  # a tied head computes
    ]
    return result


def shapes(spec: str | Spec, overrides: dict | None = None) -> dict:
    """Every tensor by full name, as in the reference implementation's state dict."""
    name, rows = shape_rows(spec, overrides)
    return {"name": name, "tensors": [{"name": tensor_name, **fields} for tensor_name, fields in rows()]}


def shape_rows(spec: str | Spec, overrides: dict | None = None) -> tuple[str, Callable[[], Iterator[tuple[str, dict]]]]:
    """The model's name and a function that lists ``(tensor name, fields)`` afresh each
    time it is called (the command line streams them: a million tensors never sit in
    memory). Copies of one repeated tensor share one ``fields`` dict."""
    spec, inventory, _ = build(spec, overrides)
    unroll(inventory)  # refuses a listing that cannot be made, before anything is printed
    fields = {id(tensor): tensor_fields(tensor) for tensor in inventory.tensors}
    return spec.name, lambda: ((name, fields[id(tensor)]) for name, tensor in unroll(inventory))


def tensor_fields(tensor: Tensor) -> dict:
    """A tensor's row of ``shapes`` without its name."""
    return {
        "shape": [_plain(dim) for dim in tensor.shape],
        "numel": _plain(tensor.numel),
        "kind": tensor.kind,
        "trainable": tensor.trainable,
        "tied_to": tensor.tied_to,
        "persistent": tensor.persistent,
    }


def tensor_record(name: str, tensor: Tensor) -> dict:
    return {"name": name, **tensor_fields(tensor)}


def check_expectations(spec: Spec, overrides: dict | None = None) -> list[dict]:
    """Compare the spec's ``expect:`` block with its computed counts."""
    expected = spec.data.get("expect", {})
    if not expected:
        return []
    _, inventory, _ = build(spec, overrides)
    totals = compute_totals(inventory)
    checks = []
    for key, want in expected.items():
        got = totals[key]
        checks.append({"key": key, "expected": want, "got": _plain(got), "ok": is_concrete(got) and got == want})
    return checks


def validate(spec_argument: str, overrides: dict | None = None) -> dict:
    """Schema, semantics (a full expansion) and the ``expect:`` block of one spec."""
    try:
        spec = load(spec_argument)
        spec, inventory, _ = build(spec, overrides)
        checks = check_expectations(spec, overrides)
    except EstimatorError as exc:
        return {"spec": spec_argument, "ok": False, "bad_input": True, "errors": [str(exc)], "checks": []}
    failed = [c for c in checks if not c["ok"]]
    errors = [
        f"{spec.document.where(('expect', c['key']))}: expected {c['key']} = {c['expected']:,}, got {describe(c['got'])}"
        for c in failed
    ]
    return {"spec": spec_argument, "ok": not failed, "bad_input": False, "errors": errors, "checks": checks}


# ---------------------------------------------------------------- formulas, sweeps, solving


def formula(spec: str | Spec, free: list[str] | None = None, of: str = "params", overrides: dict | None = None):
    """The count ``of`` as a :class:`estimator.formula.Formula` of the ``free`` hyperparameters.

    >>> f = formula("gpt2", free=["hidden_size", "num_layers"])
    >>> f.text(), f.leading().text(), f(hidden_size=768, num_layers=12)
    """
    from .formula import default_free, structural_free, symbolic_model

    spec = load(spec)
    if free is None:
        return structural_free(spec, default_free(spec), overrides)[0].formula(of)
    return symbolic_model(spec, list(free), overrides).formula(of)


def sweep(spec: str | Spec, grid: dict | None = None, points: list[dict] | None = None,
          columns: list[str] | None = None, overrides: dict | None = None) -> list[dict]:
    """Rows of counts over a grid (``{"hidden_size": [2048, 4096]}``) or a list of points.

    Each row holds the point, the counts, and ``error`` ('' for a valid point).
    """
    import itertools

    from .sweep import run_sweep

    spec = load(spec)
    if (grid is None) == (points is None):
        raise EstimatorError("give either grid or points")
    if grid is not None:
        points = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    assert points is not None  # exactly one of grid and points, checked above
    for point in points:
        for name in point:
            if name not in spec.hyperparameters and name not in ("name", "label", "model"):
                raise EstimatorError(f"no hyperparameter `{name}` in {spec.name}")
    columns = list(columns or COUNT_KEYS)
    return list(run_sweep(spec, points, overrides, columns, len(points), progress=False))


def solve(spec: str | Spec, target: dict, for_name: str, multiple_of: int = 1, overrides: dict | None = None,
          alternatives: int = 1, side: str = "both") -> dict:
    """``solve("llama-2-7b", {"params": 7_000_000_000}, "hidden_size", multiple_of=128)``:
    the valid values on either side of the target, best first, in ``["solutions"]``."""
    from .errors import COMMAND_LINE, Location, short_repr
    from .sweep import parse_target, solve as solve_for

    if not isinstance(target, dict) or len(target) != 1:
        raise EstimatorError(f"target: one count and its value, e.g. {{'params': 7_000_000_000}}; got {short_repr(target)}",
                             Location(COMMAND_LINE))
    ((key, value),) = target.items()
    if isinstance(value, str):  # "7e9", "7B", "80GiB": read exactly, as --target reads it
        key, value = parse_target(f"{key}={value}")
    elif isinstance(value, float) and value.is_integer():
        value = int(value)  # 7e9: a float that is a whole number is exactly that number
    # anything else (a fraction, 1.5, nan, a bool) is passed as given: solve refuses it
    return solve_for(load(spec), key, value, for_name, overrides, multiple_of, alternatives=alternatives,
                     side=side)


# ---------------------------------------------------------------- model files


def count(file: str) -> dict:
    """Counts from a model file's metadata (safetensors, sharded index, GGUF, name/shape list)."""
    from .checkpoint import count_result

    return count_result(file)


def diff(spec: str | Spec, file: str, overrides: dict | None = None) -> dict:
    """``{"missing", "unexpected", "mismatched", "match", "summary", ...}`` for a spec against a file."""
    from .checkpoint import diff_result

    return diff_result(spec if isinstance(spec, str) else spec.document.file, file, overrides)
