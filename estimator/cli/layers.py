"""`estimator layers`: the layer library with each type's arguments and parameter formula.

A type's formula is computed by the same engine as any spec: one node of that type whose
arguments are free symbols.
"""
from __future__ import annotations

from estimator.cli.render import render_json, render_rows
from estimator.core.errors import COMMAND_LINE, did_you_mean, EstimatorError, Location, shorten
from estimator.core.expressions import Undecidable
from estimator.engine.expand import expand, hyperparameter_scope, render_path
from estimator.engine.totals import compute_totals
from estimator.sources.resolve import load_spec
from estimator.spec.loader import Document
from estimator.spec.model import LayerType, library_layer_types, Spec


def type_formula(layer_type: LayerType, types: dict) -> dict:
    """Parameters and buffers of one use of ``layer_type`` as formulas of its arguments.

    Required arguments are symbols; so are integer defaults (``dim_feedforward=2048``,
    ``groups=1``), unless the type's structure depends on them (``proj_size > 0``), in
    which case they keep their default value."""
    definition = layer_type.definition
    required = list(definition.get("required", []))
    defaults = [name for name, value in definition.get("defaults", {}).items()
                if isinstance(value, int) and not isinstance(value, bool) and value > 0]
    node = {"name": "layer", "type": layer_type.name, **{name: name for name in required + defaults}}
    values = {n: 1 for n in required}
    values.update({n: definition["defaults"][n] for n in defaults})
    document = Document(f"<layer type {layer_type.name}>", {"hyperparameters": values, "model": [node]})
    spec = Spec(document, types)
    free = required + defaults
    while True:
        try:
            inventory = expand(spec, hyperparameter_scope(spec, free=set(free)))
            break
        except Undecidable as exc:
            culprits = [name for name in exc.names if name in defaults and name in free]
            if culprits:
                free = [name for name in free if name not in culprits]
                continue
            # e.g. a ResNet block whose shortcut exists only when inplanes != planes * 4
            condition = exc.message.split("`")[1] if "`" in exc.message else exc.message
            note = f"depends on whether {condition}"
            return {"params": note, "buffer_elements": note, "tensors": []}
        except EstimatorError as exc:
            # e.g. an argument the type indexes as a list (`cfg[0]`): no formula in symbols,
            # which is a fact about this type, not an error in the spec that defines it
            lists = [name for name in required + defaults if f"`{name}` is not a list" in exc.message]
            note = (f"needs values: {', '.join(f'`{n}` is a list' for n in lists)}" if lists
                    else f"no formula in symbols ({shorten(_without_location(exc.message), 80)})")
            return {"params": note, "buffer_elements": note, "tensors": []}
    totals = compute_totals(inventory)
    tensors = [
        {"name": render_path(t.path[1:]), "shape": [str(d) for d in t.shape], "kind": t.kind}
        for t in inventory.tensors
    ]
    return {"params": str(totals["params"]), "buffer_elements": str(totals["buffer_elements"]), "tensors": tensors}


def describe_type(layer_type: LayerType, types: dict) -> dict:
    definition = layer_type.definition
    return {
        "type": layer_type.name,
        "doc": definition.get("doc", ""),
        "reference": definition.get("reference", ""),
        "required": list(definition.get("required", [])),
        "defaults": {k: v for k, v in definition.get("defaults", {}).items()},
        "derived": dict(definition.get("derived", {})),
        **type_formula(layer_type, types),
    }


def render_layers(type_name: str | None, fmt: str, spec_argument: str | None = None) -> str:
    types = dict(load_spec(spec_argument).layer_types) if spec_argument else dict(library_layer_types())
    if type_name is not None:
        if type_name not in types:
            raise EstimatorError(f"unknown layer type `{type_name}`{did_you_mean(type_name, types)}",
                                 Location(COMMAND_LINE))
        info = describe_type(types[type_name], types)
        if fmt == "json":
            return render_json(info)
        return _render_one(info, fmt)
    infos = [describe_type(layer_type, types) for layer_type in types.values()]
    if fmt == "json":
        return render_json(infos)
    rows = [{"type": i["type"], "arguments": _arguments(i), "params": i["params"]} for i in infos]
    return render_rows(rows, ["type", "arguments", "params"], fmt)


def _arguments(info: dict) -> str:
    parts = list(info["required"]) + [f"{k}={_value(v)}" for k, v in info["defaults"].items() if v is not None]
    return ", ".join(parts)


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _render_one(info: dict, fmt: str) -> str:
    lines = [f"{info['type']}: {info['doc']}", f"reference: {info['reference']}"]
    lines.append(f"required: {', '.join(info['required']) or '-'}")
    if info["defaults"]:
        lines.append("defaults: " + ", ".join(f"{k}={_value(v) if v is not None else '(unused)'}"
                                               for k, v in info["defaults"].items()))
    if info["derived"]:
        lines.append("derived: " + ", ".join(f"{k} = {_value(v)}" for k, v in info["derived"].items()))
    lines.append(f"params = {info['params']}")
    if info["buffer_elements"] != "0":
        lines.append(f"buffer elements = {info['buffer_elements']}")
    text = "\n".join(lines) + "\n\n"
    rows = [{"tensor": t["name"], "shape": "[" + ", ".join(t["shape"]) + "]", "kind": t["kind"]} for t in info["tensors"]]
    return text + (render_rows(rows, ["tensor", "shape", "kind"], fmt) if rows else "no tensors\n")


def _without_location(message: str) -> str:
    """The reason alone: the reference is the same from any checkout, so the file a nested
    layer type's error names (an absolute path) stays out of it."""
    return message.split(" (in layer type `")[0]
