#!/usr/bin/env python3
"""Ground truth for the fixed-size recurrent state of hybrid and state-space models (dev-only).

Mamba mixers keep a conv state and an SSM state per layer, a linear (lightning) attention
layer its running K^T V: a fixed size per sequence, whatever the context. For every case
under tests/fixtures/hf/ whose model_type is in STATE_TYPES, this builds the case's model
(its config.json and head) on the meta device in bf16, prefills ONE sequence of
PREFILL_TOKENS tokens with ``use_cache=True`` and reads what the returned cache holds:

- transformers 5.24's DynamicCache of linear-attention layers: each layer's ``conv_states``
  and ``recurrent_states`` (Mamba, Mamba-2, Bamba, Falcon-H1, GraniteMoeHybrid, Nemotron-H,
  Jamba, Zamba2; Qwen3-Next's gated DeltaNet and Kimi Linear's KDA: one conv state over q, k
  and v and a [heads, k_dim, v_dim] state in fp32; LFM2's short convs: a conv state only);
- MiniMaxCache's ``linear_cache`` (one [batch, heads, head_dim, head_dim] per lightning layer).

Elements are recorded by dtype: in the model's dtype (bf16 here; the estimator's KV-cache
dtype) and in fp32 (transformers keeps the SSM states in fp32 whatever the model's dtype).
Every prefill length gives the same figures (checked: that is what "fixed size" means);
per-token K/V of the attention layers are not counted here (kv_cache_elements_per_token in
the case's expected.json has them).

tests/fixtures/state/recurrent_state.json maps case -> {model_dtype_elements, fp32_elements}, or
{no_figure: why} for a head whose forward returns no cache (token classification, QA: the
MiniMax and Qwen3-Next ones in transformers 5.24);
tests/test_recurrent_state.py checks the estimator's recurrent_state_bytes_per_sequence.

    /work/venv-ref/bin/python tools/measure_recurrent_state.py
"""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

import torch
import transformers

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import VERSIONS, write_json  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HF_DIR = ROOT / "tests" / "fixtures" / "hf"
OUT = ROOT / "tests" / "fixtures" / "state" / "recurrent_state.json"
STATE_TYPES = ("mamba", "falcon_mamba", "mamba2", "bamba", "falcon_h1", "granitemoehybrid", "nemotron_h", "jamba",
               "minimax", "zamba2", "qwen3_next", "kimi_linear", "lfm2", "lfm2_moe")
PREFILL_TOKENS = (2, 5)
DTYPE = torch.bfloat16


def state_tensors(cache) -> list:
    """Every fixed-size state tensor a cache object holds (not its per-token keys/values)."""
    tensors = []
    for layer in getattr(cache, "layers", []):
        for attribute in ("conv_states", "recurrent_states"):
            tensors += [t for t in (getattr(layer, attribute, None) or {}).values() if t is not None]
    tensors += [t for t in getattr(cache, "linear_cache", []) if isinstance(t, torch.Tensor)]
    return tensors


def forward(model, tokens: int, **kwargs):
    with torch.no_grad():
        return model(input_ids=torch.zeros((1, tokens), dtype=torch.long, device="meta"), use_cache=True, **kwargs)


def measure(model, tokens: int) -> dict:
    try:
        output = forward(model, tokens)
    except ValueError as exc:
        # A hybrid model without attention layers (every layer Mamba) cannot build its causal
        # mask from a cache of linear-attention layers only (transformers 5.24 raises in
        # get_seq_length); no layer needs a mask here, so give every layer kind none, and the
        # positions (the first prefill's).
        if "get_seq_length" not in str(exc):
            raise
        output = forward(model, tokens, attention_mask=collections.defaultdict(lambda: None),
                         position_ids=torch.arange(tokens, device="meta").unsqueeze(0))
    cache = output["cache"] if "cache" in output else output.get("past_key_values")
    if cache is None:
        raise RuntimeError("the forward returned no cache")
    counts = {"model_dtype_elements": 0, "fp32_elements": 0}
    for tensor in state_tensors(cache):
        if tensor.dtype == DTYPE:
            counts["model_dtype_elements"] += tensor.numel()
        elif tensor.dtype == torch.float32:
            counts["fp32_elements"] += tensor.numel()
        else:
            raise RuntimeError(f"a state in {tensor.dtype}")
    return counts


def main(types: list[str]) -> None:
    fixture = json.loads(OUT.read_text()) if OUT.exists() else {}
    fixture.pop("_meta", None)
    for folder in sorted(HF_DIR.iterdir()):
        config_path = folder / "config.json"
        if not config_path.exists():
            continue
        config = json.loads(config_path.read_text())
        model_type = config.pop("model_type")
        if model_type not in types:
            continue
        architecture = config.pop("architectures")[0]
        hf_config = transformers.AutoConfig.for_model(model_type).__class__(**config)
        with torch.device("meta"):
            model = getattr(transformers, architecture)(hf_config).to(DTYPE).eval()
        try:
            figures = [measure(model, tokens) for tokens in PREFILL_TOKENS]
        except Exception as exc:  # noqa: BLE001 - a head whose forward takes no cache
            reason = f"{type(exc).__name__}: {str(exc)[:120]}"
            print(f"{folder.name:44s} no figure: {reason}")
            fixture[folder.name] = {"architecture": architecture, "no_figure": reason}
            continue
        assert all(f == figures[0] for f in figures), (folder.name, figures)  # fixed size: any prefill length
        fixture[folder.name] = {"architecture": architecture, **figures[0]}
        print(f"{folder.name:44s} {architecture:36s} {figures[0]}")
    meta = {"source": "tools/measure_recurrent_state.py", "prefill_tokens": list(PREFILL_TOKENS),
            "model_dtype": "bfloat16", "versions": VERSIONS}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_json(OUT, {"_meta": meta, **dict(sorted(fixture.items()))})


if __name__ == "__main__":
    main(sys.argv[1:] or list(STATE_TYPES))
