"""One spec's results as plain data: its estimate (counts, bytes, FLOPs, module rows) and
its tensor listing. Each takes a loaded :class:`~estimator.spec.model.Spec`; loading a SPEC
argument is the sources' job (``estimator.sources.resolve``)."""
from __future__ import annotations

from typing import Any, Callable, Iterator

from estimator.engine.expand import expand, hyperparameter_scope, Inventory, listing, Tensor
from estimator.engine.metrics import (Assumptions, compute_metrics, default_context, describe_assumptions,
                                      encoder_context_of, has_cross_attention, module_flops, OPTIMIZERS, weights_bytes,
                                      weights_label)
from estimator.engine.placement import module_state_per_device, per_device_report
from estimator.engine.totals import compute_totals, COUNT_KEYS, Totals
from estimator.spec.model import Spec


def build(spec: Spec, overrides: dict | None = None, free: set | frozenset = frozenset()) -> tuple[Spec, Inventory, dict]:
    """Resolve and expand: the spec, its inventory and its resolved hyperparameters."""
    scope = hyperparameter_scope(spec, overrides, free)
    inventory = expand(spec, scope)
    hyperparameters = {name: plain(scope.lookup(name, scope.where_of(name))) for name in spec.hyperparameters}
    inventory.hyperparameters = hyperparameters
    return spec, inventory, hyperparameters


def plain(value: Any) -> Any:
    """A value as JSON: ints and bools as they are, lists as lists, formulas as text."""
    if isinstance(value, bool) or isinstance(value, int):
        return value
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    return str(value)


def estimate(spec: Spec, overrides: dict | None = None, assumptions: Any = None) -> dict:
    """Totals, trainable/frozen, buffers, embedding split, active params, module breakdown,
    and bytes and FLOPs under ``assumptions`` (:class:`estimator.metrics.Assumptions`)."""

    spec, inventory, hyperparameters = build(spec, overrides)
    totals = compute_totals(inventory)
    return estimate_result(spec, totals, hyperparameters, inventory, (assumptions or Assumptions()).check())


def estimate_result(spec: Spec, totals: Totals, hyperparameters: dict, inventory: Inventory, assumptions: Any) -> dict:

    result: dict[str, Any] = {"name": spec.name}
    if "source" in spec.data:
        result["source"] = spec.data["source"]
    for key in COUNT_KEYS:
        result[key] = plain(totals[key])
    context = assumptions.context if assumptions.context is not None else default_context(hyperparameters)
    encoder_context = encoder_context_of(assumptions, hyperparameters, context)
    metrics = compute_metrics(inventory, totals.counts, assumptions, context, encoder_context)
    label = weights_label(assumptions, inventory)
    formats = dict.fromkeys(["fp32", "bf16", "fp8", label])
    result["weights_bytes"] = {  # the chosen format is already in the metrics
        fmt: plain(metrics["weights_bytes"] if fmt == label else weights_bytes(inventory, fmt, assumptions.keep))
        for fmt in formats}
    result["training_bytes"] = plain(metrics["training_bytes"])
    result["training_bytes_by_component"] = {k: plain(v) for k, v in metrics["training_bytes_by_component"].items()}
    for key in ("kv_cache_bytes_per_token", "kv_cache_bytes_per_encoder_token", "kv_cache_bytes",
                "recurrent_state_bytes_per_sequence", "recurrent_state_bytes", "memory_bytes",
                "flops_per_token", "training_flops_per_token"):
        result[key] = plain(metrics[key])
    per_device, per_device_lines = per_device_report(metrics, assumptions)
    result.update(per_device)
    activations: dict = {}
    if assumptions.activations is not None:
        sums = metrics["activation_sums"]  # computed with the metrics' total, once
        result["activation_bytes"] = plain(sums.total)
        activations = sums.modules
    cross = has_cross_attention(inventory)
    result["assumptions"] = describe_assumptions(assumptions, context, encoder_context if cross else None, inventory) \
        + per_device_lines
    result["hyperparameters"] = hyperparameters
    flops = module_flops(inventory, context, encoder_context)
    # per device, only when the layout splits the model or its state over several devices
    layout = metrics["layout"]
    module_devices = module_state_per_device(inventory, layout, OPTIMIZERS[assumptions.optimizer]) \
        if layout.devices > 1 else None
    rows = []
    for entry in totals.modules.values():
        entry_flops = flops.get(entry.path, 0)
        entry_activations = activations.get(entry.path, 0)
        if not (entry.params != 0 or entry.buffer_elements != 0 or entry_flops != 0  # a tied head computes
                or entry_activations != 0):
            continue
        row = {"path": entry.path, "type": entry.type, "depth": entry.depth, "params": plain(entry.params),
               "buffer_elements": plain(entry.buffer_elements),
               "repeat": plain(entry.repeat) if entry.repeat is not None else None,
               "flops_per_token": plain(entry_flops)}
        if assumptions.activations is not None:
            row["activation_bytes"] = plain(entry_activations)
        if module_devices is not None:
            row["weights_bytes_per_device"] = plain(module_devices.get(entry.path, {}).get("weights", 0))
            row["training_bytes_per_device"] = plain(module_devices.get(entry.path, {}).get("training", 0))
        rows.append(row)
    result["modules"] = rows
    return result


def shapes(spec: Spec, overrides: dict | None = None) -> dict:
    """Every tensor by full name, as in the reference implementation's state dict."""
    name, rows = shape_rows(spec, overrides)
    return {"name": name, "tensors": [{"name": tensor_name, **fields} for tensor_name, fields in rows()]}


def shape_rows(spec: Spec, overrides: dict | None = None) -> tuple[str, Callable[[], Iterator[tuple[str, dict]]]]:
    """The model's name and a function that lists ``(tensor name, fields)`` afresh each
    time it is called (the command line streams them: a million tensors never sit in
    memory). Copies of one repeated tensor share one ``fields`` dict."""
    spec, inventory, _ = build(spec, overrides)
    return spec.name, inventory_rows(inventory)


def inventory_rows(inventory: Inventory) -> Callable[[], Iterator[tuple[str, dict]]]:
    """:func:`shape_rows` of an expanded inventory (one expansion can serve an estimate too)."""
    names = listing(inventory)  # refuses a listing that cannot be made, before anything is printed
    fields = {id(tensor): tensor_fields(tensor) for tensor in inventory.tensors}
    return lambda: ((name, fields[id(tensor)]) for name, tensor in names())


def tensor_fields(tensor: Tensor) -> dict:
    """A tensor's row of ``shapes`` without its name."""
    return {
        "shape": [plain(dim) for dim in tensor.shape],
        "numel": plain(tensor.numel),
        "kind": tensor.kind,
        "trainable": tensor.trainable,
        "tied_to": tensor.tied_to,
        "persistent": tensor.persistent,
    }
