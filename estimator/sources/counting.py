"""``estimator count FILE...``: the tensors of real model files, counted.

A file's tensors (read by :mod:`estimator.sources.metadata`, never their data) become the same
:class:`~estimator.engine.expand.Inventory` a spec expands into, and are summed by the same
:func:`~estimator.engine.totals.compute_totals`: one set of counting rules for specs and files.
What a file cannot say is decided by name (``metadata.is_buffer``, ``metadata.is_embedding``).
"""
from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from estimator.core.errors import COMMAND_LINE, EstimatorError, Location
from estimator.engine.inventory import Inventory, Tensor
from estimator.engine.totals import compute_totals, COUNT_KEYS
from estimator.sources.metadata import is_buffer, is_embedding, ModelFile, read_model_file, split_name

# A config.json holds hyperparameters, not tensors: it is estimated through the spec path, whose
# modules (the engine's metrics, the Hugging Face templates) a count of a checkpoint never needs;
# they are imported when a config.json comes (tests/test_layout.py checks these as imports).
DEFERRED_MODULES = {
    "results": "estimator.engine.results",
    "resolve": "estimator.sources.resolve",
}


def _deferred(name: str) -> ModuleType:
    return importlib.import_module(DEFERRED_MODULES[name])


BYTES_PER_ELEMENT = {"float32": 4, "bfloat16": 2}


# ---------------------------------------------------------------- config.json: the one hook


def from_config(model_file: ModelFile, overrides: dict, what: str) -> dict:
    """A Hugging Face config.json holds hyperparameters, not tensors: it goes through the
    spec path, as a SPEC does (an estimate for count, the tensor listing for diff)."""
    spec = _deferred("resolve").load_spec(str(model_file.path))
    results = _deferred("results")
    if what == "estimate":
        result = results.estimate(spec, overrides)
        result.update(file=model_file.file, format="config.json", dtypes={}, bytes_by_dtype={}, stored_bytes=None)
        return result
    return results.shapes(spec, overrides)


# ---------------------------------------------------------------- count


def inventory_of(model_file: ModelFile) -> Inventory:
    tensors = []
    for stored in model_file.tensors:
        kind = stored.kind or ("buffer" if is_buffer(stored.name, stored.shape) else "parameter")
        tensors.append(Tensor(
            path=split_name(stored.name),
            shape=tuple(stored.shape),
            kind=kind,
            persistent=stored.persistent,
            trainable=stored.trainable,
            tied_to=stored.tied_to,
            embedding=kind == "parameter" and is_embedding(stored.name, stored.shape),
        ))
    return Inventory(model_file.file, tensors)


def count_file(model_file: ModelFile) -> dict:
    """The counts of ``estimate`` for one file, plus what it stores per dtype."""
    totals = compute_totals(inventory_of(model_file))
    result: dict[str, Any] = {"name": model_file.file, "file": model_file.file, "format": model_file.format}
    if model_file.architecture:
        result["architecture"] = model_file.architecture
    for key in COUNT_KEYS:
        result[key] = totals[key]
    result["tensors"] = len(model_file.tensors)
    stored = totals["params"] + totals["persistent_buffer_elements"]
    result["weights_bytes"] = {dtype: stored * size for dtype, size in BYTES_PER_ELEMENT.items()}
    dtypes: dict = {}
    for tensor in model_file.tensors:
        if tensor.dtype is None:
            continue
        entry = dtypes.setdefault(tensor.dtype, {"tensors": 0, "elements": 0, "bytes": 0})
        entry["tensors"] += 1
        entry["elements"] += tensor.numel
        entry["bytes"] += tensor.nbytes or 0
    result["dtypes"] = dtypes
    result["bytes_by_dtype"] = {dtype: entry["bytes"] for dtype, entry in dtypes.items()}
    result["stored_bytes"] = sum(result["bytes_by_dtype"].values()) if dtypes else None
    result["hyperparameters"] = _gguf_hyperparameters(model_file)
    result["metadata"] = {k: v for k, v in model_file.metadata.items()}
    result["notes"] = list(model_file.notes) + _quantisation_notes(model_file)
    result["modules"] = [
        {"path": entry.path, "type": entry.type, "depth": entry.depth, "params": entry.params,
         "buffer_elements": entry.buffer_elements, "repeat": None}
        for entry in totals.modules.values()
        if entry.params != 0 or entry.buffer_elements != 0
    ]
    return result


# Tensors that quantised safetensors checkpoints add or pack (GPTQ/AWQ, bitsandbytes, FP8).
QUANTISATION_PARTS = {"qweight", "qzeros", "scales", "g_idx", "weight_scale_inv", "weight_scale", "input_scale",
                      "absmax", "quant_map", "quant_state"}


def _quantisation_notes(model_file: ModelFile) -> list:
    if model_file.names == "gguf":
        return []  # GGUF types are counted in elements (see metadata.GGML_TYPES)
    found = sorted({part for t in model_file.tensors for part in split_name(t.name)[-2:]
                    if part in QUANTISATION_PARTS})
    if not found:
        return []
    return [f"quantised checkpoint ({', '.join(found[:4])}): packed tensors and scales are counted as the elements "
            f"they store, not as the model's parameters"]


def _gguf_hyperparameters(model_file: ModelFile) -> dict:
    """GGUF's ``llama.block_count: 32`` and the like, without the architecture prefix."""
    if not model_file.architecture:
        return {}
    prefix = model_file.architecture + "."
    return {key[len(prefix):]: value for key, value in model_file.metadata.items()
            if key.startswith(prefix) and not (isinstance(value, str) and value.startswith("<"))}


def count_result(argument: str, overrides: dict | None = None) -> dict:
    """The counts of one model file (or a config.json, estimated as a spec)."""
    model_file = read_model_file(argument)
    if model_file.kind == "config":
        return from_config(model_file, overrides or {}, "estimate")
    if overrides:
        raise EstimatorError(f"--set changes a spec's hyperparameters; {argument} is a model file, which "
                             "has none to change", Location(COMMAND_LINE))
    return count_file(model_file)
