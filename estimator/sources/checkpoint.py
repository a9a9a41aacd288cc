"""``estimator diff SPEC FILE``: a spec's tensors against a real model file's (missing,
unexpected, mismatched); ``estimator diff SPEC SPEC``: two specs, module by module and tensor
by tensor. Counting a file is :mod:`estimator.sources.counting`'s."""
from __future__ import annotations

import re

from estimator.engine import results
from estimator.engine.tables import comparison
from estimator.sources.counting import from_config
from estimator.sources.metadata import is_recomputed_buffer, ModelFile, read_model_file
from estimator.sources.resolve import load_spec
from estimator.spec.model import Spec


# ---------------------------------------------------------------- diff


def file_shapes(model_file: ModelFile) -> tuple[dict, list]:
    """Name -> shape of a file's tensors, GGUF names mapped to transformers' where known."""
    notes: list[str] = []
    if model_file.names != "gguf":
        return {t.name: list(t.shape) for t in model_file.tensors}, notes
    if model_file.architecture not in GGUF_ARCHITECTURES:
        notes.append(f"GGUF names of architecture {model_file.architecture!r} are compared as they are "
                     f"(mapped to transformers names for {', '.join(sorted(GGUF_ARCHITECTURES))})")
        return {t.name: list(t.shape) for t in model_file.tensors}, notes
    return gguf_as_transformers(model_file.architecture, {t.name: list(t.shape) for t in model_file.tensors})


# ---------------------------------------------------------------- GGUF names -> transformers names
#
# llama.cpp names tensors by role (gguf-py constants.py, tensor_mapping.py; written by
# convert_hf_to_gguf.py): `token_embd`, `output_norm`, `output` and per block
# `blk.N.<role>.weight|bias`. Shapes are in PyTorch order here (the reader reverses GGUF's
# ggml order). Below, each architecture's roles as transformers 5 names the module, and the
# few tensors convert_hf_to_gguf reshapes, splits or stacks, undone: stacked experts
# (`ffn_gate_exps` + `ffn_up_exps`, or `ffn_gate_up_exps`) fused into `experts.gate_up_proj`;
# DeepSeek's `attn_k_b` + `attn_v_b` back into `kv_b_proj`; Mamba's squeezed conv1d.

LLAMA_ROLES = {
    "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj", "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj", "attn_q_norm": "self_attn.q_norm", "attn_k_norm": "self_attn.k_norm",
    "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj", "ffn_down": "mlp.down_proj",
    "attn_norm": "input_layernorm", "ffn_norm": "post_attention_layernorm",
}
GEMMA2_ROLES = {**LLAMA_ROLES, "ffn_norm": "pre_feedforward_layernorm",
                "post_attention_norm": "post_attention_layernorm", "post_ffw_norm": "post_feedforward_layernorm"}
MOE_ROLES = {**LLAMA_ROLES, "ffn_gate_inp": "mlp.gate"}
DEEPSEEK2_ROLES = {
    **MOE_ROLES, "attn_q_a": "self_attn.q_a_proj", "attn_q_a_norm": "self_attn.q_a_layernorm",
    "attn_q_b": "self_attn.q_b_proj", "attn_kv_a_mqa": "self_attn.kv_a_proj_with_mqa",
    "attn_kv_a_norm": "self_attn.kv_a_layernorm", "attn_kv_b": "self_attn.kv_b_proj",
    "ffn_gate_shexp": "mlp.shared_experts.gate_proj", "ffn_up_shexp": "mlp.shared_experts.up_proj",
    "ffn_down_shexp": "mlp.shared_experts.down_proj", "exp_probs_b": "mlp.gate.e_score_correction",
}
GGUF_ROLES = {
    "llama": LLAMA_ROLES, "mistral": LLAMA_ROLES, "mistral3": LLAMA_ROLES, "qwen2": LLAMA_ROLES,
    "qwen3": LLAMA_ROLES, "gemma": LLAMA_ROLES, "gemma2": GEMMA2_ROLES, "gemma3": GEMMA2_ROLES,
    "phi3": {**LLAMA_ROLES, "attn_qkv": "self_attn.qkv_proj", "ffn_up": "mlp.gate_up_proj"},
    "qwen2moe": {**MOE_ROLES, "ffn_gate_shexp": "mlp.shared_expert.gate_proj",
                 "ffn_up_shexp": "mlp.shared_expert.up_proj", "ffn_down_shexp": "mlp.shared_expert.down_proj",
                 "ffn_gate_inp_shexp": "mlp.shared_expert_gate"},
    "qwen3moe": MOE_ROLES,
    "deepseek2": DEEPSEEK2_ROLES,
    "gpt-oss": {**LLAMA_ROLES, "attn_sinks": "self_attn.sinks", "post_attention_norm": "post_attention_layernorm",
                "ffn_gate_inp": "mlp.router"},
    "mamba": {"attn_norm": "norm", "ssm_in": "mixer.in_proj", "ssm_conv1d": "mixer.conv1d", "ssm_x": "mixer.x_proj",
              "ssm_dt": "mixer.dt_proj", "ssm_a": "mixer.A_log", "ssm_d": "mixer.D", "ssm_out": "mixer.out_proj"},
}
GGUF_ARCHITECTURES = set(GGUF_ROLES)
GGUF_TOP = {"token_embd": "model.embed_tokens", "output_norm": "model.norm", "output": "lm_head"}
GGUF_TOP_BY_ARCH = {"mamba": {"token_embd": "backbone.embeddings", "output_norm": "backbone.norm_f",
                              "output": "lm_head"}}
GGUF_LAYERS = {"mamba": "backbone.layers"}  # else model.layers
# Tensors that are not the module's `weight`/`bias` under another name: (arch, role, suffix) -> tensor
GGUF_TENSOR_NAMES = {("gpt-oss", "attn_sinks", "weight"): "", ("mamba", "ssm_a", None): "",
                     ("mamba", "ssm_d", None): "", ("deepseek2", "exp_probs_b", "bias"): "_bias"}
# What llama.cpp stores that transformers computes from the config (not compared)
GGUF_COMPUTED = {"rope_freqs", "rope_factors_long", "rope_factors_short"}
EXPERT_ROLES = {"ffn_gate_exps": "gate", "ffn_up_exps": "up", "ffn_gate_up_exps": "gate_up", "ffn_down_exps": "down"}
_GGUF_BLOCK = re.compile(r"^blk\.(\d+)\.([a-z0-9_]+?)(?:\.(weight|bias))?$")
_GGUF_GLOBAL = re.compile(r"^([a-z0-9_]+)(?:\.(weight|bias))?$")


def _hf_tensor(arch: str, module: str, role: str, suffix: str | None) -> str:
    """``<module>.<weight|bias>``, or the tensor a role names directly (gpt-oss' ``sinks``,
    Mamba's ``A_log``/``D``, DeepSeek's ``e_score_correction_bias``)."""
    special = GGUF_TENSOR_NAMES.get((arch, role, suffix))
    if special is None:
        return f"{module}.{suffix or 'weight'}"
    return module + special


def gguf_as_transformers(arch: str, stored: dict) -> tuple[dict, list]:
    """A GGUF file's names and shapes as transformers 5 has them (see the tables above)."""
    roles = GGUF_ROLES[arch]
    top = GGUF_TOP_BY_ARCH.get(arch, GGUF_TOP)
    layers = GGUF_LAYERS.get(arch, "model.layers")
    result: dict = {}
    experts: dict = {}  # (block, suffix) -> {role: shape}
    split_kv: dict = {}  # block -> {"k_b": shape, "v_b": shape}
    computed = []
    for name, shape in stored.items():
        block = _GGUF_BLOCK.match(name)
        if block:
            index, role, suffix = block.group(1), block.group(2), block.group(3)
            if role in EXPERT_ROLES and suffix is not None:
                experts.setdefault((index, suffix), {})[EXPERT_ROLES[role]] = shape
                continue
            if arch == "deepseek2" and role in ("attn_k_b", "attn_v_b") and suffix == "weight":
                split_kv.setdefault(index, {})[role[5:]] = shape
                continue
            if role in roles:
                hf = _hf_tensor(arch, f"{layers}.{index}.{roles[role]}", role, suffix)
                if arch == "mamba" and role == "ssm_conv1d" and suffix == "weight" and len(shape) == 2:
                    shape = [shape[0], 1, shape[1]]  # convert_hf_to_gguf squeezes the conv's in-channel axis
                if arch == "qwen2moe" and role == "ffn_gate_inp_shexp" and len(shape) == 1:
                    shape = [1, shape[0]]  # a Linear(hidden, 1) written as a vector
                result[hf] = shape
                continue
        top_match = _GGUF_GLOBAL.match(name)
        if top_match and top_match.group(1) in top:
            result[f"{top[top_match.group(1)]}.{top_match.group(2) or 'weight'}"] = shape
            continue
        if top_match and top_match.group(1) in GGUF_COMPUTED:
            computed.append(name)
            continue
        result[name] = shape  # unknown: compared as it is (it shows as unexpected)
    for (index, suffix), parts in experts.items():
        result.update(_fused_experts(arch, f"{layers}.{index}.mlp.experts", suffix, parts))
    for index, parts in split_kv.items():
        result.update(_joined_kv_b(f"{layers}.{index}.self_attn.kv_b_proj.weight", parts))
    notes = []
    if computed:
        notes.append(f"{len(computed)} GGUF tensor(s) that transformers computes from the config are not compared "
                     f"({', '.join(computed[:3])}{', ...' if len(computed) > 3 else ''})")
    return result, notes


def _fused_experts(arch: str, base: str, suffix: str, parts: dict) -> dict:
    """Stacked experts as transformers 5 fuses them: ``gate_up_proj`` [E, 2I, H] (gpt-oss:
    [E, H, 2I]) and ``down_proj`` [E, H, I] (gpt-oss: [E, I, H]); biases [E, 2I] and [E, H]."""
    result: dict = {}
    tail = "" if suffix == "weight" else "_bias"
    gate_up = parts.get("gate_up")
    if gate_up is None and "gate" in parts and "up" in parts and parts["gate"] == parts["up"]:
        gate = parts["gate"]
        gate_up = [gate[0], 2 * gate[1], *gate[2:]]
    elif gate_up is None:  # gate or up alone: left as GGUF names them, to show as unexpected
        for role in ("gate", "up"):
            if role in parts:
                result[f"{base}.{role}_exps.{suffix}"] = parts[role]
    if gate_up is not None:
        if arch == "gpt-oss" and suffix == "weight":
            gate_up = [gate_up[0], gate_up[2], gate_up[1]]
        result[f"{base}.gate_up_proj{tail}"] = gate_up
    if "down" in parts:
        down = parts["down"]
        if arch == "gpt-oss" and suffix == "weight":
            down = [down[0], down[2], down[1]]
        result[f"{base}.down_proj{tail}"] = down
    return result


def _joined_kv_b(name: str, parts: dict) -> dict:
    """DeepSeek's ``attn_k_b`` [heads, kv_lora, qk_nope] and ``attn_v_b`` [heads, v_head,
    kv_lora] (convert_hf_to_gguf splits kv_b_proj for MLA absorption) as ``kv_b_proj``
    [heads x (qk_nope + v_head), kv_lora]."""
    k_b, v_b = parts.get("k_b"), parts.get("v_b")
    if k_b is None or v_b is None or len(k_b) != 3 or len(v_b) != 3 or k_b[0] != v_b[0] or k_b[1] != v_b[2]:
        return {name.replace("kv_b_proj", f"{key}_proj"): shape for key, shape in parts.items()}
    return {name: [k_b[0] * (k_b[2] + v_b[1]), k_b[1]]}


LANGUAGE_MODEL = "model.language_model."  # transformers 5's text part of a multimodal model


def gguf_text_part(spec_tensors: list, stored: dict) -> tuple[list, dict, list]:
    """A multimodal model against its GGUF: llama.cpp writes the text model to the model's
    GGUF (named as a text-only model's, without ``language_model.``) and the vision tower
    and projector to a separate mmproj file. The text part is compared; the rest is noted."""
    if not any(t["name"].startswith(LANGUAGE_MODEL) for t in spec_tensors) or any(
            name.startswith(LANGUAGE_MODEL) for name in stored):
        return spec_tensors, stored, []
    renamed = {(LANGUAGE_MODEL + name[len("model."):] if name.startswith("model.") else name): shape
               for name, shape in stored.items()}
    text = [t for t in spec_tensors if t["name"].startswith((LANGUAGE_MODEL, "lm_head."))]
    others = [t for t in spec_tensors if not t["name"].startswith((LANGUAGE_MODEL, "lm_head."))
              and (t["kind"] == "parameter" or t["persistent"])]
    note = (f"the GGUF holds the text model; {len(others)} tensor(s) of the vision tower and projector "
            f"({others[0]['name'] if others else ''}, ...) are not compared: llama.cpp writes them to a separate "
            f"mmproj GGUF")
    return text, renamed, [note] if others else []


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
        config = from_config(model_file, {}, "shapes")
        stored = {t["name"]: t["shape"] for t in config["tensors"] if t["kind"] == "parameter" or t["persistent"]}
    else:
        stored, notes = file_shapes(model_file)
    tensors = shapes["tensors"]
    if model_file.names == "gguf":
        tensors, stored, text_notes = gguf_text_part(tensors, stored)
        notes += text_notes
    result = {"spec": shapes["name"], "file": model_file.file, "format": model_file.format, **diff(tensors, stored)}
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




# ---------------------------------------------------------------- diff SPEC SPEC


def diff_specs(spec: str | Spec, other: str | Spec, overrides: dict | None = None,
               other_overrides: dict | None = None, depth: int = 2) -> dict:
    """Two specs (or a spec and a variant of it): the parameters of each module up to
    ``depth`` in both, with the change; and the stored tensors (parameters and persistent
    buffers, by state-dict name) added in ``other``, removed from it, or reshaped."""
    first = spec if isinstance(spec, Spec) else load_spec(spec)
    second = other if isinstance(other, Spec) else load_spec(other)
    listings = [results.shapes(s, o) for s, o in ((first, overrides), (second, other_overrides))]
    estimates = [results.estimate(s, o) for s, o in ((first, overrides), (second, other_overrides))]
    stored = [{t["name"]: t["shape"] for t in listing["tensors"] if t["kind"] == "parameter" or t["persistent"]}
              for listing in listings]
    before, after = stored
    added = [{"name": n, "shape": shape} for n, shape in after.items() if n not in before]
    removed = [{"name": n, "shape": shape} for n, shape in before.items() if n not in after]
    reshaped = [{"name": n, "shape": shape, "other_shape": after[n]} for n, shape in before.items()
                if n in after and list(after[n]) != list(shape)]
    same = sum(1 for n, shape in before.items() if n in after and list(after[n]) == list(shape))
    names = [str(e["name"]) for e in estimates]
    if names[0] == names[1]:
        names = [f"{names[0]} (1)", f"{names[1]} (2)"]
    modules = comparison(estimates, names, depth)["modules"]
    counts = {key: [e[key] for e in estimates] for key in ("params", "active_params", "buffer_elements")}
    result = {
        "spec": names[0], "other": names[1], "kind": "specs",
        "match": not (added or removed or reshaped),
        "params": counts["params"], "active_params": counts["active_params"],
        "buffer_elements": counts["buffer_elements"],
        "modules": [{"path": m["path"], "depth": m["depth"], "params": m["values"], "change": m["change"][1],
                     "change_percent": m["change_percent"][1]} for m in modules],
        "added": added, "removed": removed, "reshaped": reshaped, "same": same,
    }
    result["summary"] = (f"{'same tensors' if result['match'] else 'differ'}: {len(added)} added, {len(removed)} "
                         f"removed, {len(reshaped)} reshaped; {same:,} tensors the same")
    return result
