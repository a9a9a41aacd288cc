"""``estimator count FILE...`` and ``estimator diff SPEC FILE``: real model files, counted.

A file's tensors (read by :mod:`estimator.metadata`, never their data) become the same
:class:`~estimator.expand.Inventory` a spec expands into, and are summed by the same
:func:`~estimator.totals.compute_totals`: one set of counting rules for specs and files.
What a file cannot say is decided by name (``metadata.is_buffer``, ``metadata.is_embedding``).
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from . import report
from .errors import EstimatorError, Location
from .expand import Inventory, Tensor
from .metadata import (GGUF_LLAMA_ARCHITECTURES, ModelFile, hf_name, is_buffer, is_embedding, is_recomputed_buffer,
                       read_model_file, split_name)
from .report import exact, human_bytes, human_count, render_json, render_rows
from .totals import COUNT_KEYS, compute_totals

BYTES_PER_ELEMENT = {"float32": 4, "bfloat16": 2}


# ---------------------------------------------------------------- config.json: the one hook


def _from_config(model_file: ModelFile, overrides: dict, what: str) -> dict:
    """A Hugging Face config.json holds hyperparameters, not tensors: it goes through the
    spec path, as a SPEC does (``api.estimate`` for count, ``api.shapes`` for diff)."""
    from . import api

    if what == "estimate":
        result = api.estimate(str(model_file.path), overrides)
        result.update(file=model_file.file, format="config.json", dtypes={}, bytes_by_dtype={}, stored_bytes=None)
        return result
    return api.shapes(str(model_file.path), overrides)


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
                             "has none to change", Location("<command line>"))
    return count_file(model_file)


def run_count(args: argparse.Namespace, overrides: dict) -> str:
    results = [count_result(argument, overrides) for argument in args.files]
    if args.format == "json":
        return render_json(results[0] if len(results) == 1 else results)
    if len(results) == 1:
        return render_count(results[0], args.format, args.depth)
    return render_side_by_side(results, args.format, args.depth, args.files)


COUNT_ROWS = report.COUNT_LABELS


def _dtype_rows(result: dict) -> list[dict]:
    return [{"dtype": dtype, "tensors": entry["tensors"], "elements": entry["elements"], "bytes": entry["bytes"],
             "size": human_bytes(entry["bytes"])} for dtype, entry in result.get("dtypes", {}).items()]


def render_count(result: dict, fmt: str, depth: int) -> str:
    rows = report.module_rows(result, depth)
    if fmt == "csv":
        total = {"path": "(total)", "params": result["params"], "buffer_elements": result["buffer_elements"]}
        return render_rows([total] + rows, ["path", "params", "buffer_elements"], "csv")
    summary = [{"count": label.strip() if fmt == "markdown" else label, "value": result[key],
                "human": human_count(result[key])} for key, label in COUNT_ROWS]
    if result.get("stored_bytes") is not None:
        summary.append({"count": "stored bytes", "value": result["stored_bytes"],
                        "human": human_bytes(result["stored_bytes"])})
    facts = [result["format"]]
    if result.get("architecture"):
        facts.append(result["architecture"])
    if "tensors" in result:
        facts.append(f"{result['tensors']:,} tensors")
    title = f"{result['file']} ({', '.join(facts)}): {exact(result['params'])} parameters ({human_count(result['params'])})"
    dtype_rows = _dtype_rows(result)
    parts = []
    if fmt == "markdown":
        parts.append(f"**{title}**\n")
        parts += [f"Note: {note}\n" for note in result.get("notes", [])]
        parts.append(render_rows(summary, ["count", "value", "human"], "markdown", {"value", "human"}))
        if dtype_rows:
            parts.append(render_rows(dtype_rows, ["dtype", "tensors", "elements", "bytes", "size"], "markdown",
                                     {"tensors", "elements", "bytes", "size"}))
        parts.append(render_rows(rows, ["path", "params", "share"], "markdown", {"params", "share"}))
        return "\n".join(parts)
    parts.append(title)
    parts += [f"note: {note}" for note in result.get("notes", [])]
    parts.append("")
    parts.append(render_rows(summary, ["count", "value", "human"], "table", {"value"}).split("\n", 1)[1])
    if dtype_rows:
        parts.append(render_rows(dtype_rows, ["dtype", "tensors", "elements", "bytes", "size"], "table",
                                 {"tensors", "elements", "bytes", "size"}))
    parts.append(render_rows(rows, ["module", "params", "human", "share"], "table", {"params", "share", "human"}))
    return "\n".join(parts)


def _column_names(arguments: list[str]) -> list[str]:
    """Each file's name as given (its last part when those are unique)."""
    names = [Path(a).name or a for a in arguments]
    if len(set(names)) == len(names) and "count" not in names and "total" not in names:
        return names
    return [f"{i + 1}: {a}" for i, a in enumerate(arguments)]


def render_side_by_side(results: list[dict], fmt: str, depth: int, arguments: list[str]) -> str:
    """One column per file and a total column: counts, bytes per dtype, then modules."""
    columns = _column_names(arguments)
    raw = fmt == "csv"

    def cell(value: Any, kind: str = "count") -> Any:
        if value is None or raw:
            return value
        if kind == "bytes":
            return human_bytes(value)
        return f"{exact(value)} ({human_count(value)})" if isinstance(value, int) and abs(value) >= 1000 else exact(value)

    def row(label: str, values: list, kind: str = "count") -> dict:
        known = [v for v in values if v is not None]
        total = sum(known) if known else None
        line = {"count": label}
        for column, value in zip(columns, values):
            line[column] = cell(value, kind)
        line["total"] = cell(total, kind)
        return line

    rows = [row(label.strip() if fmt != "table" else label, [r[key] for r in results]) for key, label in COUNT_ROWS]
    rows.append(row("tensors", [r.get("tensors") for r in results]))
    rows.append(row("stored bytes", [r.get("stored_bytes") for r in results], "bytes"))
    dtypes = list(dict.fromkeys(d for r in results for d in r.get("dtypes", {})))
    for dtype in dtypes:
        rows.append(row(f"  {dtype}" if fmt == "table" else dtype,
                        [r.get("bytes_by_dtype", {}).get(dtype) for r in results], "bytes"))
    header = ["count"] + columns + ["total"]
    parts = [render_rows(rows, header, fmt, set(columns) | {"total"})]
    depths = {m["path"]: m["depth"] for r in results for m in r["modules"] if m["depth"] <= depth}
    module_rows = []
    for path, level in depths.items():
        values = [next((m["params"] for m in r["modules"] if m["path"] == path), None) for r in results]
        line = row("  " * (level - 1) + path if fmt == "table" else path, values)
        line["module"] = line.pop("count")
        module_rows.append(line)
    if module_rows and fmt != "csv":
        parts.append(render_rows(module_rows, ["module"] + columns + ["total"], fmt, set(columns) | {"total"}))
    notes = [f"{r['file']}: {note}" for r in results for note in r.get("notes", [])]
    text = "\n".join(parts)
    if notes and fmt != "csv":
        text += "\n" + "\n".join(f"note: {n}" for n in notes) + "\n"
    return text


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


def run_diff(args: argparse.Namespace, overrides: dict) -> tuple[str, bool]:
    result = diff_result(args.spec, args.file, overrides)
    return render_diff(result, args.format), result["match"]


def diff_result(spec: str, file: str, overrides: dict | None = None) -> dict:
    """A spec's stored tensors against a file's: missing, unexpected, mismatched, match."""
    from . import api

    shapes = api.shapes(spec, overrides)
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


def _shape(shape: Any) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def render_diff(result: dict, fmt: str) -> str:
    if fmt == "json":
        return render_json(result)
    rows = [{"status": "missing", "name": t["name"], "spec_shape": t["shape"], "file_shape": None}
            for t in result["missing"]]
    rows += [{"status": "unexpected", "name": t["name"], "spec_shape": None, "file_shape": t["shape"]}
             for t in result["unexpected"]]
    rows += [{"status": "mismatched", "name": t["name"], "spec_shape": t["spec_shape"], "file_shape": t["file_shape"]}
             for t in result["mismatched"]]
    columns = ["status", "name", "spec_shape", "file_shape"]
    if fmt == "csv":
        return render_rows(rows, columns, "csv")
    if fmt == "markdown":
        text = f"**{result['summary']}**\n"
        if rows:
            text += "\n" + render_rows(rows, columns, "markdown")
        return text
    lines = [f"{result['spec']} (spec) vs {result['file']} ({result['format']})"]
    sections = (
        ("missing from the file", result["missing"], lambda t: _shape(t["shape"])),
        ("unexpected in the file (not in the spec)", result["unexpected"], lambda t: _shape(t["shape"])),
        ("shape differs", result["mismatched"], lambda t: f"spec {_shape(t['spec_shape'])}  file {_shape(t['file_shape'])}"),
    )
    for title, items, describe in sections:
        if items:
            lines.append("")
            lines.append(f"{title} ({len(items)}):")
            width = max(len(t["name"]) for t in items)
            lines += [f"  {t['name'].ljust(width)}  {describe(t)}" for t in items]
    for note in result["notes"]:
        lines.append(f"note: {note}")
    lines.append("")
    lines.append(result["summary"])
    return "\n".join(lines) + "\n"
