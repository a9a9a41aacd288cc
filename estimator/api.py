"""The Python API: each function is one step of the pipeline, composed.

Every function here is also at the top of the package (``estimator.estimate``):

    >>> import estimator
    >>> estimator.estimate("gpt2")["params"]
    124439808
    >>> estimator.count(model)["params"]  # a torch module, a Keras model, a state_dict, a list of dicts, a path
"""
from __future__ import annotations

import itertools
import os
from dataclasses import replace
from typing import Any, Callable, Iterator

from estimator.core.errors import COMMAND_LINE, EstimatorError, Location, short_repr
from estimator.core.expressions import describe, is_concrete
from estimator.engine import results
from estimator.engine.expand import Inventory
from estimator.engine.formula import default_free, structural_free, symbolic_model
from estimator.engine.results import plain
from estimator.engine.sweep import parse_target, run_sweep, solve as solve_for
from estimator.engine.tables import comparison, render_comparison, render_count, render_estimate, shared_assumptions
from estimator.engine.totals import compute_totals, COUNT_KEYS
from estimator.sources.checkpoint import diff_result
from estimator.sources.counting import count_file, count_result
from estimator.sources.live import diff_object, read_object
from estimator.sources.resolve import load_spec
from estimator.spec.model import Spec


# ---------------------------------------------------------------- results that show as tables in a notebook


class Result(dict):
    """A result as a plain dict (JSON-ready, compared with ``==``) that Jupyter shows as a
    table: ``_repr_html_`` and ``_repr_markdown_`` are the Markdown the command line prints
    with ``--format markdown``, from the one table builder (:mod:`estimator.engine.tables`)."""

    depth = 2  # module levels shown in the breakdown

    def render(self, fmt: str) -> str:
        raise NotImplementedError

    def _repr_markdown_(self) -> str:
        return self.render("markdown")

    def _repr_html_(self) -> str:
        return self.render("html")


class Estimate(Result):
    """What :func:`estimate` returns."""

    def render(self, fmt: str) -> str:
        return render_estimate(self, fmt, self.depth)


class Count(Result):
    """What :func:`count` returns (a config.json counts as its spec estimates)."""

    def render(self, fmt: str) -> str:
        return render_count(self, fmt, self.depth)


class Comparison(Result):
    """What :func:`compare` returns: ``{"estimates": [...], "comparison": {...}}``."""

    def render(self, fmt: str) -> str:
        columns = self["comparison"]["columns"]
        return render_comparison(self["comparison"], fmt, shared_assumptions(self["estimates"], columns))


def load(spec: str | Spec) -> Spec:
    return spec if isinstance(spec, Spec) else load_spec(spec)


def build(spec: str | Spec, overrides: dict | None = None, free: set | frozenset = frozenset()) -> tuple[Spec, Inventory, dict]:
    """Load, resolve and expand: the spec, its inventory and its resolved hyperparameters."""
    return results.build(load(spec), overrides, free)


def estimate(spec: str | Spec, overrides: dict | None = None, assumptions: Any = None) -> dict:
    """Totals, trainable/frozen, buffers, embedding split, active params, module breakdown,
    and bytes and FLOPs under ``assumptions`` (:class:`estimator.engine.metrics.Assumptions`)."""
    return Estimate(results.estimate(load(spec), overrides, assumptions))


def compare(specs: list, overrides: dict | None = None, variants: dict | None = None, assumptions: Any = None,
            depth: int = 2) -> Comparison:
    """Estimates side by side: ``{"estimates": [...], "comparison": {...}}``, where the
    comparison holds a row per count (a value per column, the change against the first column)
    and a row per module up to ``depth``. ``variants`` (``{"gqa": {"num_kv_heads": 8}}``)
    adds a column per variant of the first spec, its hyperparameters over ``overrides``.
    A spec's column is named by the model's name (by its position and argument when two
    share one); a variant's by its key.

    >>> compare(["llama-2-7b"], variants={"gqa": {"num_kv_heads": 8}})
    """
    specs = list(specs)
    if not specs:
        raise EstimatorError("give at least one spec to compare", Location(COMMAND_LINE))
    variants = dict(variants or {})
    # (spec, hyperparameters, how an error names the column, the variant's name)
    runs = [(spec, dict(overrides or {}), spec if isinstance(spec, str) else spec.name, None) for spec in specs]
    runs += [(specs[0], {**(overrides or {}), **values}, f"--variant {name}", name) for name, values in variants.items()]
    estimates = []
    for spec, values, label, variant in runs:
        try:
            estimates.append(estimate(spec, values, assumptions))
        except EstimatorError as exc:
            where = exc.location
            if where is not None and where.file == label:
                raise  # the message names the argument already
            if where is not None and variant is not None and where.option.startswith("--set "):
                key = where.option[len("--set "):]
                if key in variants[variant]:  # the variant's value, not --set's
                    raise EstimatorError(exc.message, replace(where, option=f"--variant {variant}: {key}")) from None
            raise EstimatorError(f"{label}: {exc.message}", where) from None
    names = [str(e["name"]) for e in estimates[:len(specs)]]
    if len(set(names)) != len(names):
        names = [f"{i}: {label}" for i, (_, _, label, _) in enumerate(runs[:len(specs)], 1)]
    columns = names + list(variants)
    if len(set(columns)) != len(columns) or any(c in ("count", "module") or c.startswith("change") for c in columns):
        raise EstimatorError("--variant: a variant needs a name of its own, not count, module or change..."
                             f" (columns: {', '.join(columns)})",
                             Location(COMMAND_LINE))
    return Comparison(estimates=estimates, comparison=comparison(estimates, columns, depth))


def shapes(spec: str | Spec, overrides: dict | None = None) -> dict:
    """Every tensor by full name, as in the reference implementation's state dict."""
    return results.shapes(load(spec), overrides)


def shape_rows(spec: str | Spec, overrides: dict | None = None) -> tuple[str, Callable[[], Iterator[tuple[str, dict]]]]:
    """The model's name and a function that lists ``(tensor name, fields)`` afresh (streamed)."""
    return results.shape_rows(load(spec), overrides)


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
        checks.append({"key": key, "expected": want, "got": plain(got), "ok": is_concrete(got) and got == want})
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
    spec = load(spec)
    if free is None:
        return structural_free(spec, default_free(spec), overrides)[0].formula(of)
    return symbolic_model(spec, list(free), overrides).formula(of)


def sweep(spec: str | Spec, grid: dict | None = None, points: list[dict] | None = None,
          columns: list[str] | None = None, overrides: dict | None = None) -> list[dict]:
    """Rows of counts over a grid (``{"hidden_size": [2048, 4096]}``) or a list of points.

    Each row holds the point, the counts, and ``error`` ('' for a valid point).
    """
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


def count(source: object, name: str | None = None) -> dict:
    """The counts of ``estimate`` for a model file or an object held in Python.

    ``source`` is a path (safetensors, sharded index, GGUF, a name/shape list, config.json)
    or a live object: a PyTorch ``nn.Module``, a ``state_dict``, a Keras model, a list of
    ``{"name", "shape", "trainable"?}`` dicts, a ``{name: shape}`` mapping (see
    :mod:`estimator.sources.live`). ``name`` labels the result (default: the file, or the
    object's type).
    """
    if isinstance(source, os.PathLike) and not os.path.lexists(source):
        # a Path object is a local path: never read as a Hub repo id of the same spelling
        raise EstimatorError("no such file or folder", Location(os.fsdecode(source)))
    if isinstance(source, (str, bytes, os.PathLike)):
        result = Count(count_result(os.fsdecode(source)))
    else:
        result = Count(count_file(read_object(source)))
    if name is not None:
        result["name"] = name
    return result


def diff(spec: str | Spec, file: object, overrides: dict | None = None) -> dict:
    """``{"missing", "unexpected", "mismatched", "match", "summary", ...}`` for a spec against
    a model file, or against an object :func:`count` takes (what a checkpoint of it would hold)."""
    if not isinstance(file, (str, bytes, os.PathLike)):
        return diff_object(load(spec), file, overrides)
    return diff_result(spec if isinstance(spec, str) else spec.document.file, os.fsdecode(file), overrides)
