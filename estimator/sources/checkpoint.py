"""``estimator count FILE...`` and ``estimator diff SPEC FILE``: real model files, counted.

A file's tensors (read by :mod:`estimator.metadata`, never their data) become the same
:class:`~estimator.expand.Inventory` a spec expands into, and are summed by the same
:func:`~estimator.totals.compute_totals`: one set of counting rules for specs and files.
What a file cannot say is decided by name (``metadata.is_buffer``, ``metadata.is_embedding``).
"""
from __future__ import annotations

import re
from typing import Any

from estimator.core.errors import COMMAND_LINE, EstimatorError, Location
from estimator.engine import results
from estimator.engine.expand import Inventory, Tensor
from estimator.engine.totals import compute_totals, COUNT_KEYS
from estimator.sources.metadata import (GGUF_LLAMA_ARCHITECTURES, hf_name, is_buffer, is_embedding,
                                        is_recomputed_buffer, ModelFile, read_model_file, split_name)
from estimator.sources.resolve import load_spec

BYTES_PER_ELEMENT = {"float32": 4, "bfloat16": 2}


# ---------------------------------------------------------------- config.json: the one hook


def _from_config(model_file: ModelFile, overrides: dict, what: str) -> dict:
    """A Hugging Face config.json holds hyperparameters, not tensors: it goes through the
    spec path, as a SPEC does (an estimate for count, the tensor listing for diff)."""
    spec = load_spec(str(model_file.path))
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
        return _from_config(model_file, overrides or {}, "estimate")
    if overrides:
        raise EstimatorError(f"--set changes a spec's hyperparameters; {argument} is a model file, which "
                             "has none to change", Location(COMMAND_LINE))
    return count_file(model_file)


# ---------------------------------------------------------------- diff


def file_shapes(model_file: ModelFile) -> tuple[dict, list]:
    """Name -> shape of a file's tensors, GGUF names mapped to transformers' where known."""
    notes: list[str] = []
    if model_file.names != "gguf":
        return {t.name: list(t.shape) for t in model_file.tensors}, notes
    if model_file.architecture not in GGUF_LLAMA_ARCHITECTURES:
        notes.append(f"GGUF names of architecture {model_file.architecture!r} are compared as they are "
                     f"(mapped to transformers names for {', '.join(sorted(GGUF_LLAMA_ARCHITECTURES))})")
        return {t.name: list(t.shape) for t in model_file.tensors}, notes
    shapes: dict = {}
    for tensor in model_file.tensors:
        shapes[hf_name(tensor.name) or tensor.name] = list(tensor.shape)
    return shapes, notes


def align_prefix(wanted: set, stored: dict) -> tuple[dict, str | None]:
    """A checkpoint saved from the base model (``h.0...``) against a spec of the model with
    a head (``transformer.h.0...``), or the other way round: add or strip the first name
    segment when that makes more names meet, as transformers does on load."""
    best, best_count, note = stored, len(wanted & set(stored)), None
    for prefix in dict.fromkeys(name.split(".", 1)[0] for name in wanted if "." in name):
        if any(name.startswith(prefix + ".") for name in stored):
            continue
        candidate = {f"{prefix}.{name}": shape for name, shape in stored.items()}
        count = len(wanted & set(candidate))
        if count > best_count:
            best, best_count, note = candidate, count, f"the file's names are read with the prefix `{prefix}.`"
    for prefix in dict.fromkeys(name.split(".", 1)[0] for name in stored if "." in name):
        if any(name.startswith(prefix + ".") for name in wanted):
            continue
        candidate = {name[len(prefix) + 1:] if name.startswith(prefix + ".") else name: shape
                     for name, shape in stored.items()}
        if len(candidate) != len(stored):
            continue  # stripping would merge two names
        count = len(wanted & set(candidate))
        if count > best_count:
            best, best_count, note = candidate, count, f"the file's names are read without the prefix `{prefix}.`"
    return best, note


# Renames transformers 5 makes when it loads a checkpoint (conversion_mapping.py), for the
# few layouts that common checkpoints use: (pattern, replacement).
LOAD_RENAMES = ((re.compile(r"\.block_sparse_moe\."), ".mlp."),  # Mixtral
                (re.compile(r"^embed_out\."), "lm_head."))  # GPT-NeoX
_EXPERT = re.compile(r"^(.*\.experts)\.(\d+)\.(w1|w3|w2|gate_proj|up_proj|down_proj)\.weight$")
_EXPERT_ROLE = {"w1": "gate", "gate_proj": "gate", "w3": "up", "up_proj": "up", "w2": "down", "down_proj": "down"}


def as_loaded(stored: dict) -> dict:
    """The names and shapes transformers 5 gives a checkpoint's tensors on load: listed
    experts ``experts.N.gate_proj/up_proj/down_proj`` (Mixtral: ``w1/w3/w2``) fused into
    ``experts.gate_up_proj`` [E, 2*I, H] and ``experts.down_proj`` [E, H, I]."""
    renamed = {}
    for name, shape in stored.items():
        for pattern, replacement in LOAD_RENAMES:
            name = pattern.sub(replacement, name)
        renamed[name] = shape
    groups: dict = {}
    for name, shape in renamed.items():
        match = _EXPERT.match(name)
        if match:
            groups.setdefault(match.group(1), {}).setdefault(int(match.group(2)), {})[_EXPERT_ROLE[match.group(3)]] = (
                name, tuple(shape))
    result = dict(renamed)
    for base, experts in groups.items():
        count = len(experts)
        if sorted(experts) != list(range(count)) or any(set(e) != {"gate", "up", "down"} for e in experts.values()):
            continue
        shapes = {role: {e[role][1] for e in experts.values()} for role in ("gate", "up", "down")}
        if any(len(s) != 1 for s in shapes.values()):
            continue
        (gate,), (up,), (down,) = shapes["gate"], shapes["up"], shapes["down"]
        if len(gate) != 2 or gate != up or len(down) != 2:
            continue
        for expert in experts.values():
            for name, _ in expert.values():
                del result[name]
        result[f"{base}.gate_up_proj"] = [count, 2 * gate[0], gate[1]]
        result[f"{base}.down_proj"] = [count, down[0], down[1]]
    return result


def align_names(wanted: set, stored: dict) -> tuple[dict, list]:
    """The file's names as the model would load them, when that makes more names meet."""
    best, notes = align_prefix(wanted, stored)
    best_notes = [notes] if notes else []
    loaded = as_loaded(stored)
    if loaded != stored:
        candidate, note = align_prefix(wanted, loaded)
        if len(wanted & set(candidate)) > len(wanted & set(best)):
            best = candidate
            best_notes = ["the file's tensors are compared as transformers loads them (listed experts fused, "
                          "renamed modules)"] + ([note] if note else [])
    return best, best_notes


def diff(spec_tensors: list[dict], stored: dict) -> dict:
    """Compare a spec's stored tensors with a file's: missing, unexpected, mismatched."""
    wanted = {t["name"]: t for t in spec_tensors if t["kind"] == "parameter" or t["persistent"]}
    skipped = {t["name"] for t in spec_tensors if t["kind"] == "buffer" and not t["persistent"]}
    stored, alignment_notes = align_names(set(wanted), stored)
    # buffers a model recomputes, which older checkpoints still store (rotary inv_freq, GPT-2's mask)
    skipped |= {name for name, shape in stored.items() if name not in wanted and is_recomputed_buffer(name, shape)}
    missing = [name for name in wanted if name not in stored]
    # a tie is stored once, under either of its names
    for name in list(missing):
        tensor = wanted[name]
        if tensor["tied_to"] and (tensor["tied_to"] in stored or tensor["tied_to"] not in wanted):
            missing.remove(name)
    for name, tensor in wanted.items():
        target = tensor["tied_to"]
        if target in missing and name in stored:
            missing.remove(target)
    tied_once = [name for name, t in wanted.items() if t["tied_to"] and name not in stored and name not in missing]
    unexpected = [name for name in stored if name not in wanted and name not in skipped]
    ignored = [name for name in stored if name in skipped]
    mismatched = [name for name in wanted if name in stored and list(wanted[name]["shape"]) != list(stored[name])]
    matched = sum(1 for name in wanted if name in stored and name not in mismatched)
    return {
        "match": not (missing or unexpected or mismatched),
        "missing": [{"name": n, "shape": wanted[n]["shape"]} for n in missing],
        "unexpected": [{"name": n, "shape": stored[n]} for n in unexpected],
        "mismatched": [{"name": n, "spec_shape": wanted[n]["shape"], "file_shape": stored[n]} for n in mismatched],
        "matched": matched,
        "tied_stored_once": tied_once,
        "ignored": ignored,
        "notes": alignment_notes,
    }


def diff_result(spec: str, file: str, overrides: dict | None = None) -> dict:
    """A spec's stored tensors against a file's: missing, unexpected, mismatched, match."""
    shapes = results.shapes(load_spec(spec), overrides)
    model_file = read_model_file(file)
    notes: list = []
    if model_file.kind == "config":
        config = _from_config(model_file, {}, "shapes")
        stored = {t["name"]: t["shape"] for t in config["tensors"] if t["kind"] == "parameter" or t["persistent"]}
    else:
        stored, notes = file_shapes(model_file)
    result = {"spec": shapes["name"], "file": model_file.file, "format": model_file.format, **diff(shapes["tensors"], stored)}
    result["notes"] = notes + list(model_file.notes) + result["notes"]
    if result["ignored"]:
        result["notes"].append(f"{len(result['ignored'])} stored buffer(s) the model recomputes are not compared "
                               f"({', '.join(result['ignored'][:3])}{', ...' if len(result['ignored']) > 3 else ''})")
    result["summary"] = summary_line(result)
    return result


def summary_line(result: dict) -> str:
    ties = len(result["tied_stored_once"])
    tied = f"; {ties} tied tensor{'s' if ties != 1 else ''} stored once" if ties else ""
    if result["match"]:
        return f"match: {result['spec']} and {result['file']} hold the same {result['matched']:,} tensors{tied}"
    return (f"mismatch: {len(result['missing'])} missing, {len(result['unexpected'])} unexpected, "
            f"{len(result['mismatched'])} with another shape; {result['matched']:,} tensors match{tied}")


