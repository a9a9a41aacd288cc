#!/usr/bin/env python3
"""Differential fuzzer: random configs of every supported model_type, transformers vs the estimator.

Dev-only, run in the reference venv (torch + transformers; never part of the test suite):

    /work/venv-ref/bin/python tools/fuzz_hf.py --per-type 30 --seconds 1200 [--json out.json]
    /work/venv-ref/bin/python tools/fuzz_hf.py llama t5 --per-type 50

For each family template (estimator/families/*.yaml with ``hf: model_type``) it draws random
configs: it starts from the config class's defaults and redraws, by the key's name, the values
the template reads (its hyperparameters, hf.sources paths, hf.strings keys, sub-config keys)
plus every top-level boolean of the config, keeping widths, depths and vocabularies tiny so
the meta build is fast. transformers' own validation decides validity: a config the config
class or the model class refuses is skipped (counted as refused). Heads are drawn round
robin over the family's hf.architectures, and a refused config does not advance the round
(every head is drawn, not every other one).

Each model is built on the meta device (tools/make_fixtures.describe lists its tensors as the
fixtures do) and compared with the estimator in-process (estimator.api: params, buffers,
persistent buffers, then the whole inventory tensor by tensor: name, shape, kind, persistence,
tie, in state-dict order), for the config in both forms a user meets: the full
``config.to_dict()`` and the diff-only ``config.to_diff_dict()`` that save_pretrained writes.

Mismatches are grouped by (model_type, head, kind of mismatch); each group's first example is
minimised: its drawn values are put back to the class defaults one at a time while the same
kind of mismatch remains. The summary prints cases run, exact %, and each group with its
minimal config; ``--json`` writes it all.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

import torch
import transformers

transformers.logging.set_verbosity_error()

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
sys.path.insert(0, str(TOOLS))
sys.path.insert(0, str(ROOT))
from make_fixtures import describe  # noqa: E402

from estimator import api  # noqa: E402
from estimator.core.errors import EstimatorError  # noqa: E402
from estimator.sources.hf import supported_families  # noqa: E402
from estimator.spec.loader import load_yaml_file  # noqa: E402
from estimator.spec.model import load_spec_document  # noqa: E402

FIELDS = ("name", "shape", "kind", "persistent", "tied_to")
# config booleans that change no tensor (or the meaning of the whole config), never flipped
QUIET_BOOLEANS = {"return_dict", "output_hidden_states", "output_attentions", "torchscript", "use_cache",
                  "is_encoder_decoder", "tie_encoder_decoder", "chunk_size_feed_forward", "use_return_dict",
                  "problem_type", "_attn_implementation_autoset", "gradient_checkpointing"}
MAX_MINIMISE_STEPS = 60


# ---------------------------------------------------------------- what a family reads


def family_reads(path: Path) -> dict:
    """The model_type, heads and the config paths (dotted) a family template reads."""
    spec = load_spec_document(load_yaml_file(path, display=str(path)))
    hf = spec.data.get("hf", {})
    names = set(spec.data.get("hyperparameters", {}))
    sources = hf.get("sources", {}) or {}
    paths = {name for name in names if name not in sources}
    for entries in sources.values():
        paths.update(entries or [])
    paths.update(hf.get("strings", {}) or {})
    paths.update(hf.get("null_means", {}) or {})
    strings = {key: list(choices) for key, choices in (hf.get("strings", {}) or {}).items() if choices}
    return {"model_type": hf["model_type"], "heads": list(hf.get("architectures", {})), "paths": paths,
            "strings": strings, "fractional": set(hf.get("fractional", []))}


# ---------------------------------------------------------------- drawing values


CATEGORIES = [  # (pattern on the leaf key, choices); the first match wins
    (r"(key_value|kv_heads|num_kv|query_groups|kv_head)", [1, 2, 4]),
    (r"(vocab)", [64, 96, 128, 256]),
    (r"(experts_per_tok|top_k|topk|moe_k$|num_selected)", [1, 2]),
    (r"(shared_expert)", [0, 1, 2]),
    (r"(num_experts|n_routed_experts|num_local_experts|moe_num_experts|expert_count)", [2, 4, 8]),
    (r"(head_dim|d_kv|kv_channels|_head_dim|qk_rope|qk_nope|v_head)", [8, 16, 32]),
    (r"(heads|n_head)", [1, 2, 4, 8]),
    (r"(num_.*layers|n_layer|num_layers|depth|n_layers|_layers$|num_blocks)", [1, 2, 3, 4]),
    (r"(lora_rank)", [16, 32]),
    (r"(max_position|n_positions|max_seq|positions|n_ctx|max_len)", [64, 128, 512]),
    (r"(image_size|img_size)", [32, 64, 224]),
    (r"(patch_size)", [2, 4, 8, 16]),
    (r"(num_channels|in_chans)", [1, 3]),
    (r"(bucket)", [8, 16, 32]),
    (r"(intermediate|d_ff|ffn|ff_dim|inner|mlp_dim|n_inner)", [64, 96, 128, 192, 344]),
    (r"(hidden_size|d_model|n_embd|embed_dim|^dim$|width|_dim$|_size$|channels|hidden_dim)",
     [32, 64, 128, 192, 256]),
    (r"(num_labels)", [1, 2, 5]),
    (r"(sliding_window|window)", [4, 16, 64]),
    (r"(layer|step|replace|every|interval|freq)", [0, 1, 2]),
]


def draw_int(rng: random.Random, key: str, default):
    leaf = key.rsplit(".", 1)[-1].lower()
    for pattern, choices in CATEGORIES:
        if re.search(pattern, leaf):
            return rng.choice(choices)
    return rng.choice([1, 2, 3, 4] + ([default] if isinstance(default, int) and default <= 64 else []))


def leaves(config: dict, prefix: str = ""):
    """(dotted path, value) of every leaf of a config dict, sub-config dicts included."""
    for key, value in config.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and key.endswith("_config"):
            yield from leaves(value, path + ".")
        else:
            yield path, value


def layer_count(config: dict, path: str):
    """The value of the layer count beside a per-layer list (layer_types has one per layer)."""
    parent = path.rsplit(".", 1)[0] + "." if "." in path else ""
    for key, value in leaves(config):
        if key.startswith(parent) and "." not in key[len(parent):] and isinstance(value, int) \
                and not isinstance(value, bool) and re.search(r"layers", key) and not key.endswith("_types"):
            return key
    return None


def draw(rng: random.Random, family: dict, defaults: dict) -> dict:
    """Overrides (dotted path -> value) on the config class's defaults."""
    overrides: dict = {}
    lists = []
    for path, value in leaves(defaults):
        leaf = path.rsplit(".", 1)[-1]
        read = path in family["paths"] or leaf in family["strings"]
        if isinstance(value, bool):
            if (read or "." not in path) and leaf not in QUIET_BOOLEANS and not leaf.startswith("_") \
                    and rng.random() < 0.3:
                overrides[path] = not value
        elif not read:
            continue
        elif leaf in family["strings"] and isinstance(value, list):
            lists.append(path)
        elif leaf in family["strings"] and (isinstance(value, str) or value is None):
            if rng.random() < 0.5:
                overrides[path] = rng.choice(family["strings"][leaf])
        elif isinstance(value, int):
            if value > 4 or rng.random() < 0.5:  # sizes always tiny; small switches sometimes kept
                overrides[path] = draw_int(rng, path, value)
        elif isinstance(value, float) and leaf in family["fractional"]:
            overrides[path] = rng.choice([0.25, 0.5, 1.0])
        elif value is None and rng.random() < 0.3:
            overrides[path] = draw_int(rng, path, None)
        elif isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value) \
                and (value or "layers" in leaf):  # a list of layer indices (mlp_only_layers), empty by default too
            lists.append(path)
    for path in lists:  # lists drawn after the layer count they may follow
        leaf = path.rsplit(".", 1)[-1]
        default = get(defaults, path)
        count_key = layer_count(defaults, path)
        default_count = get(defaults, count_key) if count_key else None
        count = overrides.get(count_key, default_count) if count_key else len(default)
        if not isinstance(count, int):
            continue
        if leaf in family["strings"]:  # layer_types: one name per layer
            overrides[path] = [rng.choice(family["strings"][leaf]) for _ in range(count)]
        elif default and len(default) == default_count:  # one value per layer (no_rope_layers' 0/1 flags)
            if set(default) <= {0, 1}:
                overrides[path] = [rng.randint(0, 1) for _ in range(count)]
            else:
                overrides[path] = [draw_int(rng, path, value) for value in [default[0]] * count]
        elif "layers" in leaf:  # layer indices (mlp_only_layers)
            if rng.random() < 0.5:
                overrides[path] = sorted(rng.sample(range(count), rng.randint(0, count)))
        elif rng.random() < 0.5:  # one value per stage (depths, hidden_sizes): the same number of stages
            overrides[path] = [draw_int(rng, path, value) for value in default]
    coherent_kv_heads(rng, defaults, overrides)
    coherent_experts(defaults, overrides)
    token_ids_in_vocabulary(defaults, overrides)
    return overrides


def coherent_experts(defaults: dict, overrides: dict) -> None:
    """Experts per token no more than the experts there are (torch.topk would refuse at run
    time; the estimator's constraint refuses it at once)."""
    experts_pattern, top_k_pattern = CATEGORIES[4][0], CATEGORIES[2][0]
    for path, value in list(leaves(apply(defaults, overrides))):
        leaf = path.rsplit(".", 1)[-1]
        if not isinstance(value, int) or isinstance(value, bool) or not re.search(top_k_pattern, leaf):
            continue
        parent = path[: len(path) - len(leaf)]
        for key, experts in leaves(apply(defaults, overrides)):
            sibling = key[len(parent):] if key.startswith(parent) else "."
            if "." not in sibling and re.search(experts_pattern, sibling) and isinstance(experts, int) \
                    and not isinstance(experts, bool) and 0 < experts < value:
                overrides[path] = experts


def token_ids_in_vocabulary(defaults: dict, overrides: dict) -> None:
    """Special token ids of the big default vocabulary (GLM's pad_token_id 151329) do not fit
    a tiny one: nn.Embedding refuses a padding_idx outside it. They shape nothing, so they
    become 0 (or each id of a list)."""
    for path in [p for p in overrides if p.rsplit(".", 1)[-1] == "vocab_size"]:
        parent = path[: len(path) - len("vocab_size")]
        for key in ("pad_token_id", "bos_token_id", "eos_token_id", "decoder_start_token_id", "sep_token_id"):
            value = get(defaults, parent + key)
            if isinstance(value, int) and not isinstance(value, bool) and value >= overrides[path]:
                overrides[parent + key] = 0
            elif isinstance(value, list) and any(isinstance(v, int) and v >= overrides[path] for v in value):
                overrides[parent + key] = [0] * len(value)


def coherent_kv_heads(rng: random.Random, defaults: dict, overrides: dict) -> None:
    """A drawn head count with the default (derived) kv-head count of a bigger model is a
    config no one ships: the kv heads are redrawn among the head count's divisors."""
    for path in list(overrides):
        leaf = path.rsplit(".", 1)[-1]
        if not re.search(CATEGORIES[0][0], leaf):
            continue
        parent = path[: len(path) - len(leaf)]
        for heads_path in (parent + "num_attention_heads", parent + "num_heads", parent + "n_head"):
            heads = overrides.get(heads_path, get(defaults, heads_path))
            kv = overrides[path]
            if isinstance(heads, int) and isinstance(kv, int) and heads > 0 and kv > 0 and heads % kv:
                overrides[path] = rng.choice([d for d in range(1, heads + 1) if heads % d == 0])
    for path, value in leaves(defaults):  # a kv count the draw left at a default the new head count breaks
        leaf = path.rsplit(".", 1)[-1]
        if path in overrides or not isinstance(value, int) or not re.search(CATEGORIES[0][0], leaf):
            continue
        parent = path[: len(path) - len(leaf)]
        for heads_path in (parent + "num_attention_heads", parent + "num_heads", parent + "n_head"):
            heads = overrides.get(heads_path)
            if isinstance(heads, int) and heads > 0 and value > 0 and heads % value:
                overrides[path] = rng.choice([d for d in range(1, heads + 1) if heads % d == 0])


def get(config: dict, path: str):
    value = config
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def apply(defaults: dict, overrides: dict) -> dict:
    config = json.loads(json.dumps(defaults))
    for path, value in overrides.items():
        target = config
        *parents, leaf = path.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value
    return config


# ---------------------------------------------------------------- one case


class Refused(Exception):
    """transformers will not build this config or model."""


def reference(model_type: str, head: str, config_dict: dict):
    """transformers' config object and the model's described inventory, built on meta."""
    config_class = transformers.AutoConfig.for_model(model_type).__class__
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            config = config_class(**config_dict)
            with torch.device("meta"):
                model = getattr(transformers, head)(config)
            return config, describe(model)
    except Exception as exc:  # noqa: BLE001 - any refusal by transformers is a skipped draw
        raise Refused(f"{type(exc).__name__}: {str(exc)[:160]}") from None


def forms(config, head: str) -> dict:
    """The two config.json forms a user meets: every key, and what save_pretrained writes."""
    out = {}
    for form, data in (("full", config.to_dict()), ("diff", config.to_diff_dict())):
        data = dict(data)
        data["architectures"] = [head]
        data.setdefault("model_type", config.model_type)
        out[form] = data
    return out


def estimator_side(config_json: dict, folder: Path) -> dict:
    path = folder / "config.json"
    path.write_text(json.dumps(config_json))
    spec = api.load(str(path))
    result = api.estimate(spec)
    return {"params": result["params"], "buffer_elements": result["buffer_elements"],
            "persistent_buffer_elements": result["persistent_buffer_elements"],
            "tensors": api.shapes(spec)["tensors"]}


def mismatch_kind(want: dict, config_json: dict, folder: Path) -> str | None:
    """None when the estimator equals transformers; else a short kind for grouping."""
    try:
        got = estimator_side(config_json, folder)
    except EstimatorError as exc:
        message = str(getattr(exc, "message", exc)).split(" (used at ")[0]
        return f"error: {re.sub(r'`[^`]*`|[0-9]+', '_', message)[:90]}"
    except Exception as exc:  # noqa: BLE001 - a crash is a finding too
        return f"crash: {type(exc).__name__}"
    if got["params"] != want["params"]:
        return "params"
    if got["buffer_elements"] != want["buffer_elements"]:
        return "buffers"
    if got["persistent_buffer_elements"] != want["persistent_buffer_elements"]:
        return "persistent buffers"
    mine = [tuple(t[f] for f in FIELDS) for t in got["tensors"]]
    theirs = [tuple(t[f] for f in FIELDS) for t in want["tensors"]]
    if mine == theirs:
        return None
    if {t[0] for t in mine} != {t[0] for t in theirs}:
        return "names"
    if [t[0] for t in mine] != [t[0] for t in theirs]:
        return "order"
    for field, index in (("shape", 1), ("kind", 2), ("persistent", 3), ("tie", 4)):
        if sorted((t[0], repr(t[index])) for t in mine) != sorted((t[0], repr(t[index])) for t in theirs):
            return field
    return "inventory"


def run_case(model_type: str, head: str, defaults: dict, overrides: dict, folder: Path) -> dict:
    """Both forms of one drawn config: {form: kind or None}; Refused if transformers refuses."""
    config, described = reference(model_type, head, apply(defaults, overrides))
    want = {k: described[k] for k in ("params", "buffer_elements", "persistent_buffer_elements", "tensors")}
    return {form: mismatch_kind(want, data, folder) for form, data in forms(config, head).items()}


def minimise(model_type: str, head: str, defaults: dict, overrides: dict, form: str, kind: str,
             folder: Path, deadline: float) -> dict:
    """Overrides put back to the class defaults one at a time while ``form`` keeps ``kind``."""
    current = dict(overrides)
    steps = 0
    changed = True
    while changed and steps < MAX_MINIMISE_STEPS and time.monotonic() < deadline:
        changed = False
        for path in sorted(current, key=lambda p: (-len(p), p)):
            trial = {k: v for k, v in current.items() if k != path}
            steps += 1
            try:
                if run_case(model_type, head, defaults, trial, folder)[form] == kind:
                    current, changed = trial, True
            except Refused:
                pass
            if steps >= MAX_MINIMISE_STEPS or time.monotonic() >= deadline:
                break
    return current


# ---------------------------------------------------------------- ties against the config


def tie_disagreements(families: dict, types: list[str], folder: Path) -> list[dict]:
    """Every head, built from the class defaults with tie_word_embeddings false and true: where
    transformers ties (or unties) the output embedding against what the config says, and what
    the estimator does with the same config.json (the checkpoint follows the config)."""
    rows = []
    for model_type in types:
        for head in families[model_type]["heads"]:
            for says in (False, True):
                try:
                    config, _ = reference(model_type, head, {"tie_word_embeddings": says})
                    with torch.device("meta"):
                        model = getattr(transformers, head)(config)
                except Refused:
                    continue
                try:
                    output, input_ = model.get_output_embeddings(), model.get_input_embeddings()
                except NotImplementedError:  # CLIPModel and other models with no one input embedding
                    continue
                if output is None or input_ is None or not hasattr(output, "weight"):
                    continue
                tied = output.weight is input_.weight
                if tied == says:
                    continue
                name = next(f"{n}.weight" for n, m in model.named_modules() if m is output)
                (folder / "config.json").write_text(json.dumps(
                    {"model_type": model_type, "architectures": [head], "tie_word_embeddings": says}))
                try:
                    tensor = next((t for t in api.shapes(str(folder / "config.json"))["tensors"] if t["name"] == name),
                                  None)
                    estimator = "no such tensor" if tensor is None else "tied" if tensor["tied_to"] else "own"
                except EstimatorError as exc:
                    estimator = f"error: {exc}"
                rows.append({"model_type": model_type, "head": head, "tensor": name, "config_says_tied": says,
                             "transformers": "tied" if tied else "own", "estimator": estimator})
                print(f"{model_type:20s} {head:40s} {name}: tie_word_embeddings {str(says).lower()}, "
                      f"transformers {'tied' if tied else 'own'}, estimator {estimator}", flush=True)
    return rows


# ---------------------------------------------------------------- the run


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("types", nargs="*", help="model_types to fuzz (default: every family)")
    parser.add_argument("--per-type", type=int, default=30, help="configs transformers accepts, per model_type")
    parser.add_argument("--seconds", type=float, default=1200, help="time budget for the whole run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="write cases, groups and minimal configs here")
    parser.add_argument("--ties", action="store_true",
                        help="only list where transformers ties or unties the output embedding against the config")
    args = parser.parse_args(argv)

    families = {}
    for path in supported_families().values():
        try:
            family = family_reads(path)
        except EstimatorError as exc:  # a template being written elsewhere: skipped, said
            print(f"{path.name}: not loaded ({exc})", file=sys.stderr)
            continue
        families[family["model_type"]] = family
    types = args.types or sorted(families)
    if args.ties:
        rows = tie_disagreements(families, types, Path(tempfile.mkdtemp(prefix="fuzz_hf_")))
        print(f"{len(rows)} head(s) where transformers overrides tie_word_embeddings")
        if args.json:
            Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")
        return 0
    start = time.monotonic()
    sampling_budget = args.seconds * 0.8
    stats: dict = {}
    groups: dict = {}
    folder = Path(tempfile.mkdtemp(prefix="fuzz_hf_"))
    for index, model_type in enumerate(types):
        family = families[model_type]
        rng = random.Random(f"{args.seed}:{model_type}")
        slice_end = start + sampling_budget * (index + 1) / len(types)
        try:
            defaults = transformers.AutoConfig.for_model(model_type).to_dict()
        except Exception as exc:  # noqa: BLE001
            print(f"{model_type}: no default config ({type(exc).__name__}: {exc})", file=sys.stderr)
            continue
        stat = stats[model_type] = {"cases": 0, "refused": 0, "exact": {"full": 0, "diff": 0}, "both_exact": 0,
                                    "heads": {}}
        head_index = 0
        attempts = 0
        pending = None
        while attempts < args.per_type * 10 and (  # every head once, even past the type's time slice
                (stat["cases"] < args.per_type and time.monotonic() < slice_end)
                or len(stat["heads"]) < min(len(family["heads"]), args.per_type)):
            attempts += 1
            head = family["heads"][head_index % len(family["heads"])]
            overrides = pending if pending is not None else draw(rng, family, defaults)
            pending = None
            try:
                kinds = run_case(model_type, head, defaults, overrides, folder)
            except Refused:
                stat["refused"] += 1
                if len(overrides) > 1:  # the defaults are valid: half the drawn values are accepted more often
                    pending = dict(rng.sample(sorted(overrides.items(), key=str), len(overrides) // 2))
                continue  # the same head again: a refusal does not skip it
            head_index += 1
            stat["cases"] += 1
            stat["heads"][head] = stat["heads"].get(head, 0) + 1
            for form, kind in kinds.items():
                if kind is None:
                    stat["exact"][form] += 1
                else:
                    groups.setdefault((model_type, head, kind), {"count": 0, "forms": set(), "first": overrides,
                                                                 "form": form})
                    groups[(model_type, head, kind)]["count"] += 1
                    groups[(model_type, head, kind)]["forms"].add(form)
            stat["both_exact"] += all(kind is None for kind in kinds.values())
        print(f"{model_type:24s} cases={stat['cases']:3d} refused={stat['refused']:3d} "
              f"exact full={stat['exact']['full']:3d} diff={stat['exact']['diff']:3d} "
              f"heads={len(stat['heads'])}/{len(family['heads'])}", flush=True)

    deadline = start + args.seconds
    for key, group in groups.items():
        model_type, head, kind = key
        defaults = transformers.AutoConfig.for_model(model_type).to_dict()
        group_deadline = min(deadline, time.monotonic() + max(5.0, (deadline - time.monotonic()) / max(1, len(groups))))
        group["minimal"] = minimise(model_type, head, defaults, group["first"], group["form"], kind, folder,
                                    group_deadline)
    report(stats, groups, families, time.monotonic() - start)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
            "seed": args.seed, "stats": stats,
            "groups": [{"model_type": k[0], "head": k[1], "kind": k[2], "count": g["count"],
                        "forms": sorted(g["forms"]), "first": g["first"], "minimal": g.get("minimal")}
                       for k, g in sorted(groups.items())]}, indent=1, default=str) + "\n")
    return 0


def report(stats: dict, groups: dict, families: dict, elapsed: float) -> None:
    cases = sum(s["cases"] for s in stats.values())
    refused = sum(s["refused"] for s in stats.values())
    both = sum(s["both_exact"] for s in stats.values())
    full = sum(s["exact"]["full"] for s in stats.values())
    diff = sum(s["exact"]["diff"] for s in stats.values())
    heads = sum(len(s["heads"]) for s in stats.values())
    all_heads = sum(len(families[t]["heads"]) for t in stats)
    exact_types = sum(1 for s in stats.values() if s["cases"] and s["both_exact"] == s["cases"])
    pct = (lambda n: f"{100 * n / cases:.1f}%") if cases else (lambda n: "-")
    print()
    print(f"transformers {transformers.__version__}, torch {torch.__version__}; {elapsed:.0f} s")
    print(f"model types      {len(stats)} ({exact_types} exact on every case)")
    print(f"heads drawn      {heads} of {all_heads}")
    print(f"cases run        {cases} (+{refused} configs transformers refused)")
    print(f"exact, full form {full} ({pct(full)})")
    print(f"exact, diff form {diff} ({pct(diff)})")
    print(f"exact, both      {both} ({pct(both)})")
    missing = [f"{t}/{h}" for t, s in stats.items() for h in families[t]["heads"] if h not in s["heads"]]
    if missing:
        print(f"heads not drawn  {', '.join(missing)} (every draw refused by transformers)")
    print(f"mismatch groups  {len(groups)}")
    for (model_type, head, kind), group in sorted(groups.items()):
        print(f"- {model_type} / {head} / {kind}: {group['count']} case(s), forms {','.join(sorted(group['forms']))};"
              f" minimal overrides {json.dumps(group.get('minimal', group['first']), sort_keys=True)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
