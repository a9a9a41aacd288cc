#!/usr/bin/env python3
"""Ground truth for Qwen2-MoE training activation memory (dev-only), measured exactly as
tools/measure_activations.py measures the other families (its ``measure`` and ``aggregate``:
one training-mode forward, saved_tensors_hooks, parameters left out, each storage once), and
checked against the formulas of docs/activations.md (its ``FORMULAS``) before fixtures are
written. Kept apart from that script so its case table and checks stay as they are.

Qwen2MoeSparseMoeBlock = the shared expert (a LlamaMLP, run first: it keeps the block's input,
which the router and the experts also use, one storage) + the Qwen3-MoE router + the grouped_mm
experts (routing weights in the model dtype) + sigmoid(shared_expert_gate(x)) * shared output,
whose product keeps the sigmoid output [b*s, 1] and the shared expert's output [b*s, h]. So the
block is gated_mlp(shared) + router + experts + b*s*a: the router's input term (b*s*h) stands
for the shared expert's output, of the same size.

    /work/venv-ref/bin/python tools/measure_qwen2_moe_activations.py   # measure, check, write fixtures

Grouped_mm experts only (the default; the per-expert loop is the same as Qwen3-MoE's), use_cache
False, random routing and forced balanced routing (their totals must be equal).
"""
from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure_activations as M  # noqa: E402  (the sibling dev script: measure, aggregate, FORMULAS)
import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import Qwen2MoeConfig, Qwen2MoeForCausalLM  # noqa: E402

CASES = {
    # every layer sparse, GQA, renormalised top-k
    "qwen2_moe-a": dict(vocab_size=64, hidden_size=32, intermediate_size=48, moe_intermediate_size=24,
                        shared_expert_intermediate_size=40, num_hidden_layers=2, num_attention_heads=4,
                        num_key_value_heads=2, num_experts=4, num_experts_per_tok=2, norm_topk_prob=True),
    # MQA, a dense middle layer, top-k not renormalised
    "qwen2_moe-b": dict(vocab_size=80, hidden_size=40, intermediate_size=56, moe_intermediate_size=16,
                        shared_expert_intermediate_size=24, num_hidden_layers=3, num_attention_heads=4,
                        num_key_value_heads=1, num_experts=6, num_experts_per_tok=3, norm_topk_prob=False,
                        mlp_only_layers=[1]),
    # every second layer sparse, MHA, one expert a token
    "qwen2_moe-c": dict(vocab_size=56, hidden_size=48, intermediate_size=64, moe_intermediate_size=32,
                        shared_expert_intermediate_size=16, num_hidden_layers=4, num_attention_heads=6,
                        num_key_value_heads=6, num_experts=8, num_experts_per_tok=1, norm_topk_prob=True,
                        decoder_sparse_step=2),
}
BATCHES, SEQS = (1, 2, 3), (1, 4, 7, 16)
FIXTURE_BATCHES, FIXTURE_SEQS = (1, 3), (7,)


def build(kwargs: dict, dtype: str, attn: str, recompute: str):
    config = Qwen2MoeConfig(**{**M.NO_DROPOUT_LLAMA, **kwargs})
    config._attn_implementation = attn
    config._experts_implementation = "grouped_mm"
    torch.manual_seed(0)
    model = Qwen2MoeForCausalLM(config).to(M.DTYPES[dtype])
    model.train()
    if recompute == "full":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.gradient_checkpointing_enable()
    return model


def expected(config, point: dict) -> dict[str, int]:
    """Per-module bytes the formulas give (module names as aggregate() names them)."""
    b, s, dtype, attn = point["b"], point["s"], point["dtype"], point["attn_implementation"]
    a = 4 if dtype == "float32" else 2
    out: dict[str, int] = {}

    def put(name, kind, **args):
        out[name] = out.get(name, 0) + M.formula_bytes(kind, args, b, s, dtype, attn)

    h, nh, kv = config.hidden_size, config.num_attention_heads, config.num_key_value_heads
    d = getattr(config, "head_dim", None) or h // nh
    put("model.embed_tokens", "token_ids")
    full = point["recompute"] == "full"
    if not full:
        put("model.rotary_emb", "rotary", d=d)
    for j in range(config.num_hidden_layers):
        p = f"model.layers.{j}"
        if full:
            put(p, "layer_input", h=h)
            continue
        put(p + ".input_layernorm", "rmsnorm", n=h, rows=1)
        put(p + ".self_attn", "attention", h=h, nh=nh, kv=kv, d=d, qk_norm=False)
        put(p + ".post_attention_layernorm", "rmsnorm", n=h, rows=1)
        E, k = config.num_experts, config.num_experts_per_tok
        if j not in config.mlp_only_layers and E > 0 and (j + 1) % config.decoder_sparse_step == 0:
            put(p + ".mlp", "gated_mlp", h=h, i=config.shared_expert_intermediate_size)
            put(p + ".mlp", "router", h=h, E=E, k=k, norm_topk=config.norm_topk_prob)
            put(p + ".mlp", "experts_grouped_mm", h=h, i=config.moe_intermediate_size, E=E, k=k, w=a)
            out[p + ".mlp"] += b * s * a  # the shared_expert_gate's sigmoid output
        else:
            put(p + ".mlp", "gated_mlp", h=h, i=config.intermediate_size)
    put("model.norm", "rmsnorm", n=h, rows=1)
    put("lm_head", "linear_input", n=h)
    return out


def main() -> int:
    torch.set_num_threads(1)
    transformers.logging.set_verbosity_error()
    problems, checked = [], 0
    fixtures = {}
    for case, kwargs in CASES.items():
        points = []
        for dtype in M.DTYPES:
            for attn in M.ATTNS:
                for recompute in M.RECOMPUTES:
                    model = build(kwargs, dtype, attn, recompute)
                    for b in BATCHES:
                        for s in SEQS:
                            point = {"b": b, "s": s, "dtype": dtype, "attn_implementation": attn,
                                     "recompute": recompute, "use_cache": False,
                                     "experts_implementation": "grouped_mm"}
                            measured = M.measure(model, b, s)
                            balanced = M.measure(model, b, s, balanced=True)
                            want = expected(model.config, point)
                            for label, r in (("", measured), ("balanced ", balanced)):
                                checked += 1
                                got = M.aggregate(r["modules_innermost"])
                                if got != {k: v for k, v in want.items() if v} or r["total_bytes"] != sum(want.values()):
                                    problems.append(f"{case} {label}{point}: measured {got} != formula {want}")
                            if b in FIXTURE_BATCHES and s in FIXTURE_SEQS:
                                point.update(total_bytes=measured["total_bytes"],
                                             modules=M.aggregate(measured["modules_innermost"]),
                                             tokens_per_expert=measured["tokens_per_expert"],
                                             balanced={"total_bytes": balanced["total_bytes"],
                                                       "tokens_per_expert": balanced["tokens_per_expert"]})
                                if measured["recompute_closure_bytes"]:
                                    point["recompute_closure_bytes"] = measured["recompute_closure_bytes"]
                                points.append(point)
                    del model
        fixtures[case] = points
        print(f"{case}: measured", flush=True)
    for line in problems[:20]:
        print("MISMATCH", line)
    print(f"{checked} measurements checked against the formulas, {len(problems)} mismatches")
    if problems:
        return 1
    for case, points in fixtures.items():
        fixture = {
            "case": case, "family": "qwen2_moe", "model_type": "qwen2_moe", "architecture": "Qwen2MoeForCausalLM",
            "config": {**M.NO_DROPOUT_LLAMA, **CASES[case]},
            "method": "as tools/measure_activations.py (grouped_mm experts, use_cache False); "
                      "see tools/measure_qwen2_moe_activations.py and docs/activations.md.",
            "versions": M.VERSIONS,
        }
        points_json = ",\n  ".join(json.dumps(p, separators=(", ", ": ")) for p in points)
        text = json.dumps(fixture, indent=1)[:-2] + ',\n "points": [\n  ' + points_json + "\n ]\n}\n"
        json.loads(text)
        (M.OUT_DIR / f"{case}.json").write_text(text, encoding="utf-8")
    print(f"wrote {len(fixtures)} fixtures to {M.OUT_DIR.relative_to(M.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
