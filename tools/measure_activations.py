#!/usr/bin/env python3
"""Ground truth for training activation memory: what autograd keeps after one forward (dev-only).

For each case (a small causal-LM config from transformers 5.24, on the CPU, random weights),
for micro-batch ``b`` and sequence length ``s``, dtype fp32 / bf16 (the whole model cast with
``model.to(dtype)``, no autocast), ``attn_implementation`` "eager" / "sdpa" and recompute
"none" / "full" (``model.gradient_checkpointing_enable()``: transformers' non-reentrant
``torch.utils.checkpoint`` around every decoder layer), it runs ONE forward of the causal LM in
training mode with ``input_ids`` only (no labels, so no loss is computed; ``use_cache`` False, as
for training, and also True: it changes GPT-2 only) under ``torch.autograd.graph.saved_tensors_hooks`` and sums the
bytes of the tensors autograd saves for backward:

- parameters are left out (a saved tensor whose untyped storage is a parameter's storage, e.g.
  the weight a Linear saves, or a view of a fused expert weight);
- every storage is counted ONCE, at its full ``untyped_storage().nbytes()``: a view keeps its
  whole storage alive, so this is what the process holds (e.g. GPT-2's q, k and v are views of
  one [b, s, 3h] c_attn output; saving any of them holds all of it). Allocator rounding (the
  CUDA caching allocator's 512-byte blocks) is not included;
- the integer ``input_ids`` (and GPT-2's ``position_ids``) that embedding backward keeps are
  counted: autograd saves them, although the caller usually holds them too;
- all dropout probabilities are 0 (attention_dropout / resid_pdrop / embd_pdrop / attn_pdrop;
  Mixtral's router_jitter_noise 0): with p > 0 dropout would also keep its masks.

Each storage is attributed to a module: the innermost module (forward pre/post hooks) active
when autograd FIRST saved it, except what a decoder layer receives besides its hidden states
(one tensor for all layers: the rotary cos/sin, GPT-2's causal mask under recompute), which goes
to the module that returned it (``model.rotary_emb``) or else to the module that called the
layers (``transformer``). Fixtures aggregate module names to the level a spec declares
(``model.layers.0.self_attn`` holds what q_proj/k_proj/v_proj/o_proj/q_norm/k_norm keep;
``model.layers.0`` alone is what the checkpointed layer keeps under full recompute).

MoE cases (mixtral, qwen3_moe) are measured with the default experts implementation
(``grouped_mm``, what ``from_config`` picks) and with ``experts_implementation="eager"`` (the
per-expert loop); with random routing (the router's own top-k; tokens per expert recorded) and
with forced balanced routing (a constant added to the router logits just before its softmax,
so token t of the b*s flattened tokens picks experts (t*top_k + j) mod E, j < top_k: every
expert gets b*s*top_k/E tokens, or as even as possible).

The formulas of docs/activations.md are encoded below (FORMULAS) and checked against every
measured point (integer equality, total and per module).

    /work/venv-ref/bin/python tools/measure_activations.py            # measure, check, write fixtures
    /work/venv-ref/bin/python tools/measure_activations.py --quick    # a smaller grid, no fixtures
    /work/venv-ref/bin/python tools/measure_activations.py --raw /tmp/raw.json   # keep every point
    /work/venv-ref/bin/python tools/measure_activations.py --check-raw /tmp/raw.json  # re-check them
    /work/venv-ref/bin/python tools/measure_activations.py --dump CASE B S DTYPE ATTN RECOMPUTE
        # print every saved storage of one point (shape, dtype, bytes, savers); with --experts
        # eager|grouped_mm, --balanced, --use-cache

Writes tests/fixtures/activations/<case>.json (a subset of the measured points, with per-module
bytes) and prints how many points each formula was checked on.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import platform
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

import torch
import transformers
from transformers import (
    GPT2Config,
    GPT2LMHeadModel,
    LlamaConfig,
    LlamaForCausalLM,
    MistralConfig,
    MistralForCausalLM,
    MixtralConfig,
    MixtralForCausalLM,
    Qwen2Config,
    Qwen2ForCausalLM,
    Qwen3MoeConfig,
    Qwen3MoeForCausalLM,
)

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tests" / "fixtures" / "activations"
VERSIONS = {"torch": torch.__version__, "transformers": transformers.__version__,
            "python": platform.python_version(), "device": "cpu"}

DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16}
ATTNS = ("eager", "sdpa")
RECOMPUTES = ("none", "full")
BATCHES = (1, 2, 3)
SEQS = (1, 4, 7, 16, 33)
EXTRA_SEQS = {"llama-gqa-wide": (128,), "gpt2-wide": (128,)}  # longer sequences for the wider cases
# the points written to the fixtures (all points are measured and checked)
FIXTURE_BATCHES = (1, 3)
FIXTURE_SEQS = (4, 7)

NO_DROPOUT_LLAMA = {"attention_dropout": 0.0, "use_cache": False, "max_position_embeddings": 64,
                    "tie_word_embeddings": False}
NO_DROPOUT_GPT2 = {"resid_pdrop": 0.0, "embd_pdrop": 0.0, "attn_pdrop": 0.0, "use_cache": False,
                   "n_positions": 64, "bos_token_id": 0, "eos_token_id": 0}

# case id -> (family, config class, model class, config kwargs)
CASES = {
    # llama-style, multi-head attention (num_key_value_heads == num_attention_heads)
    "llama-mha-a": ("llama", LlamaConfig, LlamaForCausalLM,
                    dict(vocab_size=64, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=4)),
    "llama-mha-b": ("llama", LlamaConfig, LlamaForCausalLM,
                    dict(vocab_size=100, hidden_size=48, intermediate_size=80, num_hidden_layers=1,
                         num_attention_heads=6, num_key_value_heads=6, head_dim=16)),
    "llama-mha-c": ("llama", LlamaConfig, LlamaForCausalLM,
                    dict(vocab_size=50, hidden_size=24, intermediate_size=40, num_hidden_layers=3,
                         num_attention_heads=1, num_key_value_heads=1, tie_word_embeddings=True)),
    # llama-style, grouped-query attention
    "llama-gqa-a": ("llama", LlamaConfig, LlamaForCausalLM,
                    dict(vocab_size=64, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2)),
    "llama-gqa-b": ("llama", LlamaConfig, LlamaForCausalLM,
                    dict(vocab_size=96, hidden_size=64, intermediate_size=96, num_hidden_layers=2,
                         num_attention_heads=8, num_key_value_heads=2, head_dim=12)),
    "llama-gqa-c": ("llama", LlamaConfig, LlamaForCausalLM,
                    dict(vocab_size=72, hidden_size=40, intermediate_size=56, num_hidden_layers=1,
                         num_attention_heads=5, num_key_value_heads=1)),
    "llama-gqa-wide": ("llama", LlamaConfig, LlamaForCausalLM,
                       dict(vocab_size=128, hidden_size=256, intermediate_size=512, num_hidden_layers=1,
                            num_attention_heads=8, num_key_value_heads=2, max_position_embeddings=256)),
    # llama-style variants
    "qwen2-a": ("qwen2", Qwen2Config, Qwen2ForCausalLM,
                dict(vocab_size=64, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                     num_attention_heads=4, num_key_value_heads=2)),
    "mistral-a": ("mistral", MistralConfig, MistralForCausalLM,
                  dict(vocab_size=80, hidden_size=48, intermediate_size=64, num_hidden_layers=2,
                       num_attention_heads=6, num_key_value_heads=2)),
    # GPT-2
    "gpt2-a": ("gpt2", GPT2Config, GPT2LMHeadModel,
               dict(vocab_size=64, n_embd=32, n_layer=2, n_head=4)),
    "gpt2-b": ("gpt2", GPT2Config, GPT2LMHeadModel,
               dict(vocab_size=100, n_embd=48, n_layer=1, n_head=3, n_inner=80)),
    "gpt2-c": ("gpt2", GPT2Config, GPT2LMHeadModel,
               dict(vocab_size=50, n_embd=24, n_layer=3, n_head=1, n_inner=40)),
    "gpt2-wide": ("gpt2", GPT2Config, GPT2LMHeadModel,
                  dict(vocab_size=128, n_embd=256, n_layer=1, n_head=4, n_positions=256)),
    # held-out-like: head_dim 8 and 10 (not a power of two), an untied head, three layers
    "gpt2-d": ("gpt2", GPT2Config, GPT2LMHeadModel,
               dict(vocab_size=70, n_embd=40, n_layer=2, n_head=5, n_inner=72)),
    "gpt2-e": ("gpt2", GPT2Config, GPT2LMHeadModel,
               dict(vocab_size=33, n_embd=60, n_layer=3, n_head=6, tie_word_embeddings=False)),
    # other activation functions: relu keeps one intermediate-wide tensor, gelu_fast eight
    "gpt2-f": ("gpt2", GPT2Config, GPT2LMHeadModel,
               dict(vocab_size=48, n_embd=36, n_layer=2, n_head=3, n_inner=56, activation_function="relu")),
    "gpt2-g": ("gpt2", GPT2Config, GPT2LMHeadModel,
               dict(vocab_size=48, n_embd=32, n_layer=1, n_head=2, activation_function="gelu_fast")),
    # Mixtral
    "mixtral-a": ("mixtral", MixtralConfig, MixtralForCausalLM,
                  dict(vocab_size=64, hidden_size=32, intermediate_size=24, num_hidden_layers=2,
                       num_attention_heads=4, num_key_value_heads=2, num_local_experts=4,
                       num_experts_per_tok=2, router_jitter_noise=0.0)),
    "mixtral-b": ("mixtral", MixtralConfig, MixtralForCausalLM,
                  dict(vocab_size=90, hidden_size=48, intermediate_size=40, num_hidden_layers=1,
                       num_attention_heads=6, num_key_value_heads=3, num_local_experts=6,
                       num_experts_per_tok=3, head_dim=10, router_jitter_noise=0.0)),
    "mixtral-c": ("mixtral", MixtralConfig, MixtralForCausalLM,
                  dict(vocab_size=40, hidden_size=24, intermediate_size=16, num_hidden_layers=2,
                       num_attention_heads=2, num_key_value_heads=2, num_local_experts=3,
                       num_experts_per_tok=1, router_jitter_noise=0.0)),
    # Qwen3-MoE
    "qwen3_moe-a": ("qwen3_moe", Qwen3MoeConfig, Qwen3MoeForCausalLM,
                    dict(vocab_size=64, hidden_size=32, intermediate_size=48, moe_intermediate_size=24,
                         num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, head_dim=16,
                         num_experts=4, num_experts_per_tok=2, norm_topk_prob=True)),
    "qwen3_moe-b": ("qwen3_moe", Qwen3MoeConfig, Qwen3MoeForCausalLM,
                    dict(vocab_size=80, hidden_size=40, intermediate_size=56, moe_intermediate_size=16,
                         num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=1, head_dim=8,
                         num_experts=6, num_experts_per_tok=3, norm_topk_prob=False, mlp_only_layers=[1])),
    # every second layer sparse (decoder_sparse_step 2), MHA, one expert a token, renormalised
    "qwen3_moe-c": ("qwen3_moe", Qwen3MoeConfig, Qwen3MoeForCausalLM,
                    dict(vocab_size=56, hidden_size=48, intermediate_size=64, moe_intermediate_size=32,
                         num_hidden_layers=4, num_attention_heads=6, num_key_value_heads=6,
                         num_experts=8, num_experts_per_tok=1, norm_topk_prob=True, decoder_sparse_step=2)),
    # MQA, top_k 4 of 5 experts not renormalised, dense first and last layers, tied embeddings
    "qwen3_moe-d": ("qwen3_moe", Qwen3MoeConfig, Qwen3MoeForCausalLM,
                    dict(vocab_size=40, hidden_size=24, intermediate_size=40, moe_intermediate_size=8,
                         num_hidden_layers=3, num_attention_heads=2, num_key_value_heads=1, head_dim=12,
                         num_experts=5, num_experts_per_tok=4, norm_topk_prob=False, mlp_only_layers=[0, 2],
                         tie_word_embeddings=True)),
    # uniform: every layer sparse (one repeat), top_k == num_experts, renormalised, GQA
    "qwen3_moe-e": ("qwen3_moe", Qwen3MoeConfig, Qwen3MoeForCausalLM,
                    dict(vocab_size=64, hidden_size=32, intermediate_size=48, moe_intermediate_size=16,
                         num_hidden_layers=3, num_attention_heads=8, num_key_value_heads=2,
                         num_experts=3, num_experts_per_tok=3, norm_topk_prob=True)),
}

MOE_FAMILIES = {"mixtral", "qwen3_moe"}
BLOCK_RE = re.compile(r"^(.*?\.(?:layers|h)\.\d+)(?:\.|$)")


# --------------------------------------------------------------------------------------------
# building
# --------------------------------------------------------------------------------------------

def config_kwargs(case: str, use_cache: bool = False) -> dict:
    family, _, _, kwargs = CASES[case]
    base = NO_DROPOUT_GPT2 if family == "gpt2" else NO_DROPOUT_LLAMA
    return {**base, **kwargs, "use_cache": use_cache}


def make_config(case: str, attn: str, experts: str | None, use_cache: bool = False):
    _, config_cls, _, _ = CASES[case]
    config = config_cls(**config_kwargs(case, use_cache))
    config._attn_implementation = attn
    if experts is not None:
        config._experts_implementation = experts
    return config


def build(case: str, dtype: str, attn: str, recompute: str, experts: str | None, use_cache: bool = False):
    _, _, model_cls, _ = CASES[case]
    torch.manual_seed(0)
    model = model_cls(make_config(case, attn, experts, use_cache))
    model.to(DTYPES[dtype])
    model.train()
    if recompute == "full":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.gradient_checkpointing_enable()
    assert model.config._attn_implementation == attn, model.config._attn_implementation
    return model


# --------------------------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------------------------

def _tensors(obj):
    if isinstance(obj, torch.Tensor):
        yield obj
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from _tensors(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _tensors(item)


def _block(name: str) -> str | None:
    m = BLOCK_RE.match(name)
    return m.group(1) if m else None


@contextlib.contextmanager
def balanced_routing(model, num_experts: int, top_k: int):
    """Force token t (of the flattened b*s) to experts (t*top_k + j) % E for j < top_k.

    A constant (no grad, so nothing is saved for it) is added to the router logits right before
    the router's softmax; every other op of the router runs as it does normally.
    """
    routers = [m for n, m in model.named_modules() if n.endswith("mlp.gate") and hasattr(m, "top_k")]
    state = {"on": False}
    original = torch.nn.functional.softmax

    def patched(x, *args, **kwargs):
        if state["on"] and x.dim() == 2 and x.shape[-1] == num_experts:
            t = x.shape[0]
            slots = (torch.arange(t)[:, None] * top_k + torch.arange(top_k)[None, :]) % num_experts
            bias = torch.zeros(t, num_experts, dtype=x.dtype)
            bias.scatter_(1, slots, 1000.0)
            x = x + bias
        return original(x, *args, **kwargs)

    handles = []
    for r in routers:
        handles.append(r.register_forward_pre_hook(lambda *a: state.__setitem__("on", True)))
        handles.append(r.register_forward_hook(lambda *a: state.__setitem__("on", False), always_call=True))
    torch.nn.functional.softmax = patched
    try:
        yield
    finally:
        torch.nn.functional.softmax = original
        for h in handles:
            h.remove()


def measure(model, b: int, s: int, *, balanced: bool = False, details: bool = False) -> dict:
    config = model.config
    params = {p.untyped_storage().data_ptr() for p in model.parameters()}
    buffers = {buf.untyped_storage().data_ptr() for buf in model.buffers()}
    names = {id(m): n for n, m in model.named_modules()}
    stack: list[str] = [""]
    producer: dict[int, str] = {}
    routed: dict[str, list[int]] = {}
    closure: dict[int, tuple] = {}
    layer_inputs: dict[int, str] = {}
    handles = []

    def pre(mod, args, kwargs):
        name = names[id(mod)]
        if name and _block(name) == name:
            # what a decoder layer receives besides its hidden states (rotary cos/sin, the mask):
            # one tensor for every layer, attributed to whoever made it
            for t in _tensors((args[1:], kwargs)):
                layer_inputs.setdefault(t.untyped_storage().data_ptr(), stack[-1])
        stack.append(name)
        checkpointed = getattr(mod, "gradient_checkpointing", False) and hasattr(mod, "_gradient_checkpointing_func")
        if checkpointed and mod.training:
            # transformers binds the layer's keyword arguments (mask, rotary cos/sin) into the
            # checkpoint's recompute closure: held until backward, but not saved by autograd
            for t in _tensors(kwargs):
                closure.setdefault(t.untyped_storage().data_ptr(), (t.untyped_storage(), names[id(mod)]))
        if names[id(mod)].endswith("experts") and len(args) >= 2:
            idx = args[1]
            counts = torch.bincount(idx.reshape(-1), minlength=mod.num_experts).tolist()
            routed[names[id(mod)]] = counts[: mod.num_experts]
        return None

    def post(mod, args, kwargs, output):
        name = stack.pop()
        for t in _tensors(output):
            producer.setdefault(t.untyped_storage().data_ptr(), name)
        return None

    for mod in model.modules():
        handles.append(mod.register_forward_pre_hook(pre, with_kwargs=True))
        handles.append(mod.register_forward_hook(post, with_kwargs=True, always_call=True))

    storages: dict[int, dict] = {}

    def pack(x):
        st = x.untyped_storage()
        ptr = st.data_ptr()
        if ptr in params or st.nbytes() == 0:
            return x
        entry = storages.get(ptr)
        if entry is None:
            entry = storages[ptr] = {"storage": st, "nbytes": st.nbytes(), "savers": [], "views": [],
                                     "buffer": ptr in buffers}
        entry["savers"].append(stack[-1])
        if details:
            entry["views"].append((tuple(x.shape), str(x.dtype).replace("torch.", ""),
                                   x.storage_offset(), tuple(x.stride()), type(x.grad_fn).__name__
                                   if x.grad_fn is not None else None))
        return x

    torch.manual_seed(1234 + b * 100 + s)
    input_ids = torch.randint(0, config.vocab_size, (b, s))
    family_moe = hasattr(config, "num_experts_per_tok")
    ctx = contextlib.nullcontext()
    if balanced:
        num_experts = getattr(config, "num_local_experts", None) or config.num_experts
        ctx = balanced_routing(model, num_experts, config.num_experts_per_tok)
    try:
        with ctx, torch.autograd.graph.saved_tensors_hooks(pack, lambda x: x):
            out = model(input_ids=input_ids)
    finally:
        for h in handles:
            h.remove()
    assert out.loss is None

    modules: Counter = Counter()
    rows = []
    for ptr, entry in storages.items():
        savers = entry["savers"]
        blocks = {_block(n) for n in savers}
        if ptr in layer_inputs and _block(savers[0]) is not None:
            owner = producer.get(ptr, layer_inputs[ptr])
        elif len(blocks) > 1:
            owner = producer.get(ptr, "<shared>")
        else:
            owner = savers[0]
        entry["owner"] = owner
        modules[owner] += entry["nbytes"]
        rows.append(entry)
    total = sum(modules.values())
    extra = {ptr: v for ptr, v in closure.items() if ptr not in storages and ptr not in params}
    result = {
        "total_bytes": total,
        "modules_innermost": dict(modules),
        "recompute_closure_bytes": sum(st.nbytes() for st, _ in extra.values()),
    }
    if family_moe:
        result["tokens_per_expert"] = routed
    if details:
        result["storages"] = rows
    del out
    return result


def aggregate(modules: dict[str, int]) -> dict[str, int]:
    """Module names at the level a spec declares: the children of a decoder layer, or the layer itself
    (what a checkpointed layer keeps), or the model's direct children."""
    agg: Counter = Counter()
    for name, nbytes in modules.items():
        parts = name.split(".")
        m = BLOCK_RE.match(name)
        if m:
            block = m.group(1)
            rest = name[len(block):].lstrip(".")
            key = block + ("." + rest.split(".")[0] if rest else "")
        elif parts[0] in ("model", "transformer") and len(parts) > 1:
            key = ".".join(parts[:2])
        else:
            key = parts[0]
        agg[key] += nbytes
    return dict(sorted(agg.items(), key=lambda kv: _natural(kv[0])))


def _natural(name: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


# --------------------------------------------------------------------------------------------
# The formulas of docs/activations.md, as data. Per module kind: the tensors autograd keeps,
# each (what, element count, dtype[, condition]). Element counts are expressions of
#   b micro-batch, s sequence length, and the module's own arguments (below);
# dtype "act" is the model's dtype (a = 4 bytes fp32, 2 bf16), "f32" float32, "i64" int64,
# "i32" int32. A condition uses `fp32` (the model dtype is float32), `eager` / `sdpa`.
# --------------------------------------------------------------------------------------------

DTYPE_BYTES = {"f32": 4, "i64": 8, "i32": 4}

FORMULAS: dict[str, dict] = {
    "token_ids": {
        "args": [],
        "tensors": [("input_ids, kept by embedding backward (int64)", "b*s", "i64")],
    },
    "position_ids": {  # GPT-2 wpe: position_ids [1, s]
        "args": [],
        "tensors": [("position_ids [1, s] (int64)", "s", "i64")],
    },
    "rmsnorm": {  # LlamaRMSNorm & co: x.to(fp32); x * rsqrt(mean(x^2) + eps); weight * (.).to(dtype)
        "args": ["n", "rows"],  # normalized size; rows per token (1, or heads for q_norm/k_norm)
        "tensors": [
            ("x in fp32 (pow and mul keep it; in bf16 the .to(float32) copy, in fp32 x itself)",
             "b*s*rows*n", "f32"),
            ("rsqrt(mean(x^2) + eps) [.., 1] (fp32)", "b*s*rows", "f32"),
            ("normalized x in the model dtype (weight * (.) keeps it)", "b*s*rows*n", "act"),
        ],
    },
    "layernorm": {  # nn.LayerNorm (GPT-2): native_layer_norm keeps input, mean, rstd
        "args": ["n"],
        "tensors": [
            ("input", "b*s*n", "act"),
            ("mean [b, s, 1] (model dtype on CPU)", "b*s", "act"),
            ("rstd [b, s, 1] (model dtype on CPU)", "b*s", "act"),
        ],
    },
    "rotary": {  # LlamaRotaryEmbedding output, kept by q*cos / rotate_half(q)*sin in every layer
        "args": ["d"],
        "tensors": [("cos [1, s, d]", "s*d", "act"), ("sin [1, s, d]", "s*d", "act")],
    },
    "attention": {  # LlamaAttention (+ Qwen3 q_norm/k_norm when qk_norm), MHA or GQA
        "args": ["h", "nh", "kv", "d", "qk_norm"],
        "tensors": [
            ("input of q/k/v_proj (one storage)", "b*s*h", "act"),
            ("q_norm: x in fp32", "b*s*nh*d", "f32", "qk_norm"),
            ("q_norm: rsqrt (fp32)", "b*s*nh", "f32", "qk_norm"),
            ("q_norm: normalized, model dtype", "b*s*nh*d", "act", "qk_norm"),
            ("k_norm: x in fp32", "b*s*kv*d", "f32", "qk_norm"),
            ("k_norm: rsqrt (fp32)", "b*s*kv", "f32", "qk_norm"),
            ("k_norm: normalized, model dtype", "b*s*kv*d", "act", "qk_norm"),
            ("eager: query after RoPE, bmm operand [b*nh, s, d]", "b*nh*s*d", "act", "eager"),
            # MQA (kv == 1) at b == 1: repeat_kv's expand is a stride-0 view that bmm takes as is
            ("eager: key after RoPE and repeat_kv, bmm operand [b*nh, d, s]",
             "b*s*d*(kv if b == 1 and kv == 1 else nh)", "act", "eager"),
            ("eager: softmax output, fp32 (softmax(dtype=float32))", "b*nh*s*s", "f32", "eager"),
            ("eager: probabilities .to(bf16) (in fp32 the same tensor as above)", "b*nh*s*s", "act",
             "eager and not fp32"),
            ("eager: value after repeat_kv, bmm operand [b*nh, s, d]",
             "b*s*d*(kv if b == 1 and kv == 1 else nh)", "act", "eager"),
            ("eager: attention output, o_proj input", "b*s*nh*d", "act", "eager"),
            ("sdpa: query [b, nh, s, d]", "b*nh*s*d", "act", "sdpa"),
            ("sdpa: key [b, kv, s, d] (enable_gqa: not repeated)", "b*kv*s*d", "act", "sdpa"),
            ("sdpa: value [b, kv, s, d] (the v_proj output)", "b*kv*s*d", "act", "sdpa"),
            ("sdpa: output [b, s, nh, d], also the o_proj input", "b*s*nh*d", "act", "sdpa"),
            ("sdpa: logsumexp [b, nh, s] (fp32)", "b*nh*s", "f32", "sdpa"),
        ],
    },
    "gated_mlp": {  # LlamaMLP: down(act(gate(x)) * up(x))
        "args": ["h", "i"],
        "tensors": [
            ("input of gate_proj/up_proj (one storage)", "b*s*h", "act"),
            ("gate_proj output (act_fn input)", "b*s*i", "act"),
            ("act_fn output (product input)", "b*s*i", "act"),
            ("up_proj output (product input)", "b*s*i", "act"),
            ("product, down_proj input", "b*s*i", "act"),
        ],
    },
    "router": {  # MixtralTopKRouter / Qwen3MoeTopKRouter (the `gate` of the sparse block)
        "args": ["h", "E", "k", "norm_topk"],
        "tensors": [
            ("router input (the sparse block's input)", "b*s*h", "act"),
            ("softmax of the router logits (fp32)", "b*s*E", "f32"),
            ("top-k indices (int64)", "b*s*k", "i64"),
            ("top-k values before the in-place renormalisation (fp32 clone)", "b*s*k", "f32", "norm_topk"),
            ("sum of the top-k values (fp32)", "b*s", "f32", "norm_topk"),
        ],
    },
    "experts_grouped_mm": {  # transformers.integrations.moe.grouped_mm_experts_forward
        # t = b*s*k routed (token, expert) pairs; w = bytes of the routing weights
        "args": ["h", "i", "E", "k", "w"],
        "tensors": [
            ("token index of each routed pair (perm // k, int64)", "b*s*k", "i64"),
            ("sort permutation (int64)", "b*s*k", "i64"),
            ("inverse permutation (int64)", "b*s*k", "i64"),
            ("expert offsets (int32)", "E", "i32"),
            ("gathered expert inputs [t, h]", "b*s*k*h", "act"),
            ("gate_up output [t, 2i] (act_fn keeps gate, the product keeps up)", "b*s*k*2*i", "act"),
            ("act_fn(gate) [t, i]", "b*s*k*i", "act"),
            ("act_fn(gate) * up, down input [t, i]", "b*s*k*i", "act"),
            ("down output [t, h] (kept by the routing-weight product)", "b*s*k*h", "act"),
            ("routing weights of the pairs [t, 1] (fp32 Mixtral, model dtype Qwen3-MoE)", "b*s*k*w", "bytes"),
        ],
    },
    "experts_eager": {  # the per-expert loop of MixtralExperts / Qwen3MoeExperts.forward
        "args": ["h", "i", "E", "k", "w"],
        "tensors": [
            ("torch.where(expert_mask[e]) -> (top_k_pos, token_idx), one int64 storage", "b*s*k*2", "i64"),
            ("expert input hidden_states[token_idx] [n_e, h]", "b*s*k*h", "act"),
            ("gate_up output [n_e, 2i]", "b*s*k*2*i", "act"),
            ("act_fn(gate) [n_e, i]", "b*s*k*i", "act"),
            ("act_fn(gate) * up, down input [n_e, i]", "b*s*k*i", "act"),
            ("down output [n_e, h] (kept by the routing-weight product)", "b*s*k*h", "act"),
            ("routing weights top_k_weights[token_idx, top_k_pos] [n_e, 1]", "b*s*k*w", "bytes"),
            ("weighted output .to(dtype), kept by index_add_ [n_e, h]", "b*s*k*h", "act"),
        ],
    },
    "gpt2_attention": {  # GPT2Attention (c_attn fused qkv, c_proj), MHA
        "args": ["h", "nh"],
        "tensors": [
            ("c_attn input", "b*s*h", "act"),
            ("eager: query, bmm operand [b*nh, s, d]", "b*s*h", "act", "eager"),
            ("eager: key, bmm operand [b*nh, d, s]", "b*s*h", "act", "eager"),
            ("eager: softmax output in the model dtype (no upcast), also the bmm operand", "b*nh*s*s",
             "act", "eager"),
            ("eager: value, bmm operand [b*nh, s, d]", "b*s*h", "act", "eager"),
            ("eager: attention output, c_proj input", "b*s*h", "act", "eager"),
            ("sdpa: c_attn output [b, s, 3h] (q, k, v are views of it)", "3*b*s*h", "act", "sdpa"),
            ("sdpa: output, also the c_proj input", "b*s*h", "act", "sdpa"),
            ("use_cache=True: the DynamicCache's torch.cat copies of k and v, while q (a view) still "
             "holds the c_attn output (sdpa; eager only when b == 1 or nh == 1, where q's bmm operand is a "
             "view too)", "2*b*s*h", "act", "use_cache and (sdpa or b == 1 or nh == 1)"),
            ("sdpa: logsumexp [b, nh, s] (fp32)", "b*nh*s", "f32", "sdpa"),
        ],
    },
    "gpt2_mlp": {  # GPT2MLP: c_fc, ACT2FN[activation_function], c_proj
        # gelu_new (NewGELUActivation, written out in Python) keeps x (the c_fc output, kept by
        # pow), tanh(...), 0.5 * x, 1 + tanh(...) and its output (the c_proj input): c = 5
        # intermediate-wide tensors; other activations keep GPT2_MLP_KEPT[activation] of them
        "args": ["h", "i", "c"],
        "tensors": [
            ("c_fc input", "b*s*h", "act"),
            ("the activation's saved tensors, from the c_fc output to the c_proj input", "c*b*s*i", "act"),
        ],
    },
    "gpt2_checkpointed_mask": {  # GPT2Model passes the causal mask to each block positionally
        "args": [],
        "tensors": [("eager causal mask [b, 1, s, s] in the model dtype, saved by the checkpoint of "
                     "every block (one storage)", "b*s*s", "act", "eager")],
    },
    "linear_input": {  # nn.Linear without bias needs only its input (the weight is a parameter)
        "args": ["n"],
        "tensors": [("input", "b*s*n", "act")],
    },
    "layer_input": {  # a checkpointed decoder layer (full recompute) keeps only its input
        "args": ["h"],
        "tensors": [("the layer's input hidden states (torch.utils.checkpoint saves it)", "b*s*h", "act")],
    },
}


# intermediate-wide tensors GPT2MLP keeps for backward, from the c_fc output to the c_proj input
# inclusive, for each transformers activation (ACT2CLS; xielu keeps a few scalars besides: not
# linear in the widths, left out). One storage where an op keeps its input and the next its output.
GPT2_MLP_KEPT = {
    "gelu_new": 5, "gelu_accurate": 5, "gelu_python_tanh": 5, "gelu_fast": 8, "gelu_python": 4,
    "gelu_10": 3, "quick_gelu": 3, "gelu": 2, "gelu_pytorch_tanh": 2, "relu2": 2, "relu6": 2,
    "silu": 2, "swish": 2, "mish": 2, "leaky_relu": 2, "laplace": 2, "hardswish": 2, "prelu": 2,
    "sqrtsoftplus": 2, "relu": 1, "tanh": 1, "sigmoid": 1, "linear": 1,
}


def formula_bytes(kind: str, args: dict, b: int, s: int, dtype: str, attn: str, use_cache: bool = False) -> int:
    spec = FORMULAS[kind]
    env = {**args, "b": b, "s": s, "fp32": dtype == "float32", "eager": attn == "eager", "sdpa": attn == "sdpa",
           "use_cache": use_cache}
    assert set(args) == set(spec["args"]), (kind, args)
    a = 4 if dtype == "float32" else 2
    total = 0
    for term in spec["tensors"]:
        _, count, dt = term[:3]
        if len(term) > 3 and not eval(term[3], {}, dict(env)):
            continue
        n = eval(count, {}, dict(env))
        assert isinstance(n, int) and n >= 0, (kind, count, n)
        total += n * (a if dt == "act" else 1 if dt == "bytes" else DTYPE_BYTES[dt])
    return total


def expected_modules(case: str, point: dict) -> dict[str, int]:
    """Per-module bytes the formulas give for one measured point (module names as in aggregate())."""
    family, _, _, kwargs = CASES[case]
    cfg = make_config(case, point["attn_implementation"], point.get("experts_implementation"))
    b, s, dtype, attn = point["b"], point["s"], point["dtype"], point["attn_implementation"]
    a = 4 if dtype == "float32" else 2
    full = point["recompute"] == "full"
    out: dict[str, int] = {}

    use_cache = bool(point.get("use_cache")) and not full  # checkpointing turns the cache off

    def put(name, kind, **args):
        out[name] = out.get(name, 0) + formula_bytes(kind, args, b, s, dtype, attn, use_cache)

    if family == "gpt2":
        h, nh, L = cfg.n_embd, cfg.n_head, cfg.n_layer
        i = cfg.n_inner if cfg.n_inner is not None else 4 * h
        put("transformer.wte", "token_ids")
        put("transformer.wpe", "position_ids")
        for j in range(L):
            p = f"transformer.h.{j}"
            if full:
                put(p, "layer_input", h=h)
                continue
            put(p + ".ln_1", "layernorm", n=h)
            put(p + ".attn", "gpt2_attention", h=h, nh=nh)
            put(p + ".ln_2", "layernorm", n=h)
            put(p + ".mlp", "gpt2_mlp", h=h, i=i, c=GPT2_MLP_KEPT[cfg.activation_function])
        if full:
            put("transformer", "gpt2_checkpointed_mask")
        put("transformer.ln_f", "layernorm", n=h)
        put("lm_head", "linear_input", n=h)
        return out

    h, nh, kv, L = cfg.hidden_size, cfg.num_attention_heads, cfg.num_key_value_heads, cfg.num_hidden_layers
    d = getattr(cfg, "head_dim", None) or h // nh
    put("model.embed_tokens", "token_ids")
    if not full:
        put("model.rotary_emb", "rotary", d=d)
    for j in range(L):
        p = f"model.layers.{j}"
        if full:
            put(p, "layer_input", h=h)
            continue
        put(p + ".input_layernorm", "rmsnorm", n=h, rows=1)
        put(p + ".self_attn", "attention", h=h, nh=nh, kv=kv, d=d, qk_norm=family == "qwen3_moe")
        put(p + ".post_attention_layernorm", "rmsnorm", n=h, rows=1)
        if family == "mixtral":
            E, k, i, norm_topk, w = cfg.num_local_experts, cfg.num_experts_per_tok, cfg.intermediate_size, True, 4
            sparse = True
        elif family == "qwen3_moe":
            E, k, i, norm_topk, w = cfg.num_experts, cfg.num_experts_per_tok, cfg.moe_intermediate_size, \
                cfg.norm_topk_prob, a
            sparse = j not in cfg.mlp_only_layers and E > 0 and (j + 1) % cfg.decoder_sparse_step == 0
        else:
            sparse = False
        if sparse:
            put(p + ".mlp", "router", h=h, E=E, k=k, norm_topk=norm_topk)
            experts = "experts_eager" if point.get("experts_implementation") == "eager" else "experts_grouped_mm"
            put(p + ".mlp", experts, h=h, i=i, E=E, k=k, w=w)
        else:
            put(p + ".mlp", "gated_mlp", h=h, i=cfg.intermediate_size)
    put("model.norm", "rmsnorm", n=h, rows=1)
    put("lm_head", "linear_input", n=h)
    return out


def check_point(case: str, point: dict, modules: dict[str, int], total: int) -> list[str]:
    """Compare one measurement (aggregated modules and total) with the formulas."""
    want = expected_modules(case, point)
    problems = []
    if sum(want.values()) != total:
        problems.append(f"total {total} != formula {sum(want.values())}")
    for name in sorted(set(want) | set(modules), key=_natural):
        if want.get(name, 0) != modules.get(name, 0):
            problems.append(f"{name}: measured {modules.get(name, 0)} != formula {want.get(name, 0)}")
    return problems


# --------------------------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------------------------

def experts_variants(family: str):
    return ("grouped_mm", "eager") if family in MOE_FAMILIES else (None,)


def run_case(case: str, batches, seqs, log=print) -> list[dict]:
    family = CASES[case][0]
    points = []
    for experts in experts_variants(family):
        for dtype in DTYPES:
            for attn in ATTNS:
                for recompute in RECOMPUTES:
                    for use_cache in (False, True):
                        model = build(case, dtype, attn, recompute, experts, use_cache)
                        if experts is not None:
                            assert model.config._experts_implementation == experts
                        for b in batches:
                            for s in seqs:
                                point = {"b": b, "s": s, "dtype": dtype, "attn_implementation": attn,
                                         "recompute": recompute, "use_cache": use_cache}
                                if experts is not None:
                                    point["experts_implementation"] = experts
                                point.update(measure(model, b, s))
                                if family in MOE_FAMILIES:
                                    point["balanced"] = measure(model, b, s, balanced=True)
                                points.append(point)
                        del model
    log(f"{case}: {len(points)} points")
    return points


def kinds_used(case: str, point: dict) -> set[str]:
    """The formula kinds a point exercises, with the profile and dtype (for the counts)."""
    family = CASES[case][0]
    full = point["recompute"] == "full"
    if family == "gpt2":
        kinds = {"token_ids", "position_ids", "layernorm", "linear_input"}
        kinds |= {"layer_input", "gpt2_checkpointed_mask"} if full else {"gpt2_attention", "gpt2_mlp"}
    else:
        kinds = {"token_ids", "rmsnorm", "linear_input"}
        if full:
            kinds.add("layer_input")
        else:
            kinds |= {"rotary", "attention"}
            if family in MOE_FAMILIES:
                kinds |= {"router", "experts_eager" if point.get("experts_implementation") == "eager"
                          else "experts_grouped_mm"}
                cfg = make_config(case, "eager", None)
                if family == "qwen3_moe" and (cfg.mlp_only_layers or cfg.decoder_sparse_step > 1):
                    kinds.add("gated_mlp")
            else:
                kinds.add("gated_mlp")
    return kinds


def check_all(raw: dict[str, list[dict]]) -> tuple[int, list[str], Counter, Counter]:
    """Check every measured point against the formulas; return (n, problems, counts by kind, by family)."""
    n = 0
    problems = []
    by_kind: Counter = Counter()
    by_family: Counter = Counter()
    for case, points in raw.items():
        family = CASES[case][0]
        for point in points:
            variants = [("", point)] + ([("balanced ", point["balanced"])] if "balanced" in point else [])
            for label, r in variants:
                n += 1
                bad = check_point(case, point, aggregate(r["modules_innermost"]), r["total_bytes"])
                if bad:
                    key = {k: point[k] for k in ("b", "s", "dtype", "attn_implementation", "recompute",
                                                 "use_cache", "experts_implementation") if k in point}
                    problems.append(f"{case} {label}{key}: " + "; ".join(bad[:3]))
                profile = "hf-" + point["attn_implementation"]
                for kind in kinds_used(case, point):
                    by_kind[(kind, profile, point["dtype"], point["recompute"])] += 1
                by_family[(family, profile, point["dtype"], point["recompute"])] += 1
    return n, problems, by_kind, by_family


def fixture_keep(case: str, p: dict) -> bool:
    """The measured points written to the fixtures (all of them are checked)."""
    family = CASES[case][0]
    if p["b"] not in FIXTURE_BATCHES:
        return False
    if family in MOE_FAMILIES:  # one length; the per-expert loop only without recompute (else identical)
        return p["s"] == FIXTURE_SEQS[-1] and not p["use_cache"] and \
            (p["experts_implementation"] == "grouped_mm" or p["recompute"] == "none")
    if p["use_cache"]:  # use_cache=True changes only GPT-2 (see docs/activations.md)
        return family == "gpt2" and p["recompute"] == "none" and p["s"] == FIXTURE_SEQS[-1]
    return p["s"] in FIXTURE_SEQS


def fixture_points(case: str, points: list[dict]) -> list[dict]:
    out = []
    for p in points:
        if not fixture_keep(case, p):
            continue
        q = {k: p[k] for k in ("b", "s", "dtype", "attn_implementation", "recompute", "use_cache",
                               "experts_implementation") if k in p}
        q["total_bytes"] = p["total_bytes"]
        q["modules"] = aggregate(p["modules_innermost"])
        if p["recompute_closure_bytes"]:
            q["recompute_closure_bytes"] = p["recompute_closure_bytes"]
        if "tokens_per_expert" in p:
            q["tokens_per_expert"] = p["tokens_per_expert"]
            bal = p["balanced"]
            q["balanced"] = {"total_bytes": bal["total_bytes"], "tokens_per_expert": bal["tokens_per_expert"]}
            if aggregate(bal["modules_innermost"]) != q["modules"]:
                q["balanced"]["modules"] = aggregate(bal["modules_innermost"])
        out.append(q)
    return out


def write_fixture(case: str, points: list[dict]) -> Path:
    family, config_cls, model_cls, _ = CASES[case]
    config = make_config(case, "eager", None)
    fixture = {
        "case": case,
        "family": family,
        "model_type": config.model_type,
        "architecture": model_cls.__name__,
        "config": config_kwargs(case),
        "method": ("one training-mode forward of the causal LM, input_ids only (no labels, no loss), CPU, "
                   "model.to(dtype); bytes of the tensors autograd saves (saved_tensors_hooks), parameters "
                   "left out, each untyped storage counted once at its full nbytes; dropout 0; "
                   "recompute full = model.gradient_checkpointing_enable() (non-reentrant); "
                   "modules: the innermost module active at the first save, aggregated to decoder-layer "
                   "children; tensors every layer receives (rotary cos/sin, GPT-2's mask) to their maker. "
                   "MoE: random routing (tokens_per_expert) and forced balanced routing ('balanced'). "
                   "See tools/measure_activations.py and docs/activations.md."),
        "versions": VERSIONS,
        "points": fixture_points(case, points),
    }
    path = OUT_DIR / f"{case}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    # one point a line: readable in a diff, and a few hundred KB for the whole set
    points_json = ",\n  ".join(json.dumps(p, separators=(", ", ": ")) for p in fixture.pop("points"))
    text = json.dumps(fixture, indent=1)[:-2] + ',\n "points": [\n  ' + points_json + "\n ]\n}\n"
    json.loads(text)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a smaller grid; check only, no fixtures")
    ap.add_argument("--cases", nargs="*", help="case ids (default: all)")
    ap.add_argument("--raw", type=Path, help="also write every measured point to this JSON file")
    ap.add_argument("--check-raw", type=Path, help="check the points of a --raw file (no measuring)")
    ap.add_argument("--no-fixtures", action="store_true")
    ap.add_argument("--dump", nargs=6, metavar=("CASE", "B", "S", "DTYPE", "ATTN", "RECOMPUTE"))
    ap.add_argument("--experts", default=None, help="with --dump: experts_implementation")
    ap.add_argument("--balanced", action="store_true", help="with --dump: forced balanced routing")
    ap.add_argument("--use-cache", action="store_true", help="with --dump: config.use_cache=True")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    transformers.logging.set_verbosity_error()

    if args.dump:
        case, b, s, dtype, attn, recompute = args.dump
        model = build(case, dtype, attn, recompute, args.experts, args.use_cache)
        r = measure(model, int(b), int(s), details=True, balanced=args.balanced)
        for e in r["storages"]:
            print(f"{e['nbytes']:>8}  {e['owner']:<45} savers={sorted(set(e['savers']))}")
            for v in e["views"]:
                print("          ", v)
        print("total", r["total_bytes"], "recompute closure", r["recompute_closure_bytes"])
        print(json.dumps(aggregate(r["modules_innermost"]), indent=1))
        if "tokens_per_expert" in r:
            print("tokens per expert", r["tokens_per_expert"])
        return 0

    if args.check_raw:
        raw = json.loads(args.check_raw.read_text())
    else:
        cases = args.cases or list(CASES)
        batches, seqs = (BATCHES, SEQS) if not args.quick else ((1, 2), (1, 5))
        raw = {}
        for case in cases:
            raw[case] = run_case(case, batches, seqs + (() if args.quick else EXTRA_SEQS.get(case, ())))
            if args.raw:
                args.raw.write_text(json.dumps(raw))
    n, problems, by_kind, by_family = check_all(raw)
    for line in problems[:50]:
        print("MISMATCH", line)
    print(f"{n} measurements checked against the formulas, {len(problems)} mismatches")
    print("points per family / profile / dtype / recompute:")
    for key in sorted(by_family):
        print("  ", *key, by_family[key])
    print("points per formula kind / profile / dtype / recompute:")
    for key in sorted(by_kind):
        print("  ", *key, by_kind[key])
    if problems:
        return 1
    if not (args.quick or args.no_fixtures or args.check_raw):
        size = 0
        for case, points in raw.items():
            size += write_fixture(case, points).stat().st_size
        print(f"wrote {len(raw)} fixtures to {OUT_DIR.relative_to(ROOT)} ({size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
