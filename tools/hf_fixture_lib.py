"""Ground truth for Hugging Face config.json support (dev-only; run in /work/venv-ref).

`make_case` writes tests/fixtures/hf/<case_id>/config.json (the config a user would have:
only the keys given, so the estimator must fill the family's defaults itself) and
expected.json (transformers' own counts and every tensor, like the reference fixtures),
building the model on PyTorch's meta device.

For a decoder-only causal LM (a head ending in ``ForCausalLM`` or ``LMHeadModel``, not an
encoder-decoder model) expected.json also records ``kv_cache_elements_per_token``: the
elements of every key and value tensor in the cache that one forward pass of ONE token
returns (``model(input_ids=zeros((1, 1)), use_cache=True)``), on meta; if that fails, on
meta in bf16 (MoE grouped matmuls take no fp32), else on the CPU with real weights when the
model is small, else null (the reason is printed). A decoder whose layers also cross-attend
(BartForCausalLM, WhisperForCausalLM, BertLMHeadModel with add_cross_attention, MllamaForCausalLM)
is given ONE encoder token as well (``encoder_hidden_states``, or Mllama's
``cross_attention_states``, of shape [1, 1, hidden]), so the figure is
its self-attention K/V per token plus its cross-attention K/V per encoder token: the
estimator's convention for cross-attention.

    /work/venv-ref/bin/python tools/make_hf_fixtures.py
"""
from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path

import torch
import transformers

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import VERSIONS, describe, write_json  # noqa: E402

HF_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "hf"


def make_case(case_id: str, model_type: str, config: dict, architecture: str | None = None,
              source: str = "", expected_params: int | None = None, kv_cache: bool = False) -> dict:
    """Build ``architecture`` (default: the family's usual head) from ``config`` on meta.

    ``kv_cache``: record the KV ground truth for a head that is not a causal LM by name but
    runs a text decoder on input_ids alone (a vision-language ForConditionalGeneration, a bare
    text model)."""
    config_class = transformers.AutoConfig.for_model(model_type).__class__
    hf_config = config_class(**config)
    if architecture is None:
        raise ValueError("give the head class explicitly")
    model_class = getattr(transformers, architecture)
    with torch.device("meta"):
        model = model_class(hf_config)
    untied = untie_as_config(model, config)
    described = describe(model)
    fixture = {
        "name": case_id,
        "reference": {"library": "transformers", "class": architecture, "model_type": model_type,
                      "source": source, "versions": VERSIONS, **({"untied": untied} if untied else {})},
        **{k: v for k, v in described.items() if k != "tensors"},
    }
    if kv_cache or is_causal_lm(architecture, model):
        fixture["kv_cache_elements_per_token"] = kv_cache_elements_per_token(model, model_class, hf_config, case_id)
    fixture["tensors"] = described["tensors"]
    if expected_params is not None:
        assert fixture["params"] == expected_params, (case_id, fixture["params"], expected_params)
    user_config = {"model_type": model_type, **config}
    if architecture:
        user_config["architectures"] = [architecture]
    folder = HF_DIR / case_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(user_config, indent=2) + "\n")
    write_json(folder / "expected.json", fixture)
    kv = f" kv/token={fixture['kv_cache_elements_per_token']}" if "kv_cache_elements_per_token" in fixture else ""
    print(f"{case_id:40s} {architecture:40s} params={fixture['params']:>16,} tensors={len(fixture['tensors'])}{kv}")
    return fixture


def untie_as_config(model, config: dict) -> list[str]:
    """The checkpoint's layout where transformers 5 ties against the config: a config that says
    tie_word_embeddings false stores its own output embedding (flan-t5, mT5, umT5, LongT5 store
    lm_head.weight; transformers 4 built it), but transformers 5 forces the T5 configs' tie to
    true. The output embedding then gets a parameter of its own, as the checkpoint has it, and
    expected.json records its name under reference.untied. Returns the names untied."""
    if config.get("tie_word_embeddings") is not False:
        return []
    output, input_ = model.get_output_embeddings(), model.get_input_embeddings()
    if output is None or input_ is None or output.weight is not input_.weight:
        return []
    output.weight = torch.nn.Parameter(torch.empty_like(output.weight), requires_grad=output.weight.requires_grad)
    return [f"{name}.weight" for name, module in model.named_modules() if module is output]


# ---------------------------------------------------------------- KV cache ground truth

CPU_FALLBACK_MAX_PARAMS = 50_000_000  # a real forward on the CPU only for small models


def is_causal_lm(architecture: str, model) -> bool:
    """A causal LM head on a decoder-only model (the model's own config: BartForCausalLM and
    WhisperForCausalLM set is_encoder_decoder false when they build the decoder alone)."""
    return (architecture.endswith("ForCausalLM") or architecture.endswith("LMHeadModel")) \
        and not getattr(model.config, "is_encoder_decoder", False)


def cross_attends(model) -> bool:
    """Whether the decoder layers hold cross-attention modules (they then need an encoder token)."""
    names = {name.rsplit(".", 1)[-1] for name, _ in model.named_modules()}
    return bool(names & {"encoder_attn", "crossattention", "cross_attn"})


def cache_elements(cache) -> int:
    """Elements of every key and value tensor a transformers cache holds."""
    if isinstance(cache, torch.Tensor):
        return cache.numel()
    if cache is None:
        return 0
    if isinstance(cache, transformers.EncoderDecoderCache):
        return cache_elements(cache.self_attention_cache) + cache_elements(cache.cross_attention_cache)
    if isinstance(cache, transformers.Cache):
        total = 0
        for layer in cache.layers:
            total += cache_elements(getattr(layer, "keys", None)) + cache_elements(getattr(layer, "values", None))
        return total
    if isinstance(cache, (tuple, list)):  # a legacy tuple of (key, value) per layer
        return sum(cache_elements(item) for item in cache)
    raise TypeError(f"unknown cache object {type(cache).__name__}")


def one_token_forward(model, hidden_size: int, device: str):
    kwargs = {"input_ids": torch.zeros((1, 1), dtype=torch.long, device=device), "use_cache": True}
    if cross_attends(model):  # one encoder token (WhisperForCausalLM calls it encoder_outputs)
        parameters = inspect.signature(model.forward).parameters
        name = next((n for n in ("encoder_hidden_states", "cross_attention_states") if n in parameters),
                    "encoder_outputs")
        kwargs[name] = torch.zeros((1, 1, hidden_size), device=device)
    with torch.no_grad():
        output = model(**kwargs)
    cache = output["cache"] if "cache" in output else output["past_key_values"]
    return cache_elements(cache)


def kv_cache_elements_per_token(model, model_class, hf_config, case_id: str) -> int | None:
    """KV elements after one token (see the module doc); None where no forward works."""
    text_config = hf_config.get_text_config(decoder=True)  # a composite (vision-language) config's decoder
    hidden_size = getattr(text_config, "d_model", None) or text_config.hidden_size
    model.eval()
    try:
        return one_token_forward(model, hidden_size, "meta")
    except Exception as exc:  # noqa: BLE001 - any failure on meta: try bf16, then the CPU
        meta_error = f"{type(exc).__name__}: {exc}"
    try:  # grouped expert matmuls (MoE) accept only bf16/fp16 operands; the cache shapes do not change
        return one_token_forward(model.to(torch.bfloat16), hidden_size, "meta")
    except Exception:  # noqa: BLE001
        pass
    params = sum(p.numel() for p in model.parameters())
    if params > CPU_FALLBACK_MAX_PARAMS:
        print(f"  {case_id}: no KV ground truth (meta forward failed: {meta_error[:200]};"
              f" {params:,} parameters are too many for a CPU forward)", file=sys.stderr)
        return None
    torch.manual_seed(0)
    cpu_model = model_class(hf_config).eval()
    try:
        return one_token_forward(cpu_model, hidden_size, "cpu")
    except Exception as exc:  # noqa: BLE001
        print(f"  {case_id}: no KV ground truth (meta: {meta_error[:200]}; cpu: {type(exc).__name__}: {exc})",
              file=sys.stderr)
        return None
