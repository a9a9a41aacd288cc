#!/usr/bin/env python3
"""Ground truth for what attention layers cache: self-attention vs cross-attention (dev-only).

For each case, builds a small model from transformers with real (random) weights on the CPU,
runs ONE forward pass with ``use_cache=True`` and measures the cache it returns:

- encoder-decoder models (T5, mT5, UMT5, LongT5, BART, mBART, Marian, Pegasus, M2M-100,
  Whisper): ``ENCODER_TOKENS`` encoder tokens (Whisper: its fixed max_source_positions
  frames) and ``DECODER_TOKENS`` decoder tokens; the ``EncoderDecoderCache``'s
  self-attention part holds the decoder's K/V, its cross-attention part the K/V of the
  encoder output;
- decoders that also cross-attend (BartForCausalLM, BertLMHeadModel with
  add_cross_attention, ...: the configs of tests/fixtures/hf/): the same, with
  ``encoder_hidden_states`` (Whisper: ``encoder_outputs``) of ENCODER_TOKENS tokens;
- encoder-only models (BERT, RoBERTa, ... with is_decoder false, T5EncoderModel, ViT, ...):
  the cache they return, if their forward takes one at all (none does: 0 elements).

tests/fixtures/kv/<case>/config.json is the config a user would have (as in
tests/fixtures/hf/), expected.json the measured elements:
``self_attention_elements`` (for DECODER_TOKENS tokens), ``cross_attention_elements`` (for
ENCODER_TOKENS encoder tokens), and per token / per encoder token, which the estimator's
``kv_cache_bytes_per_token`` / ``kv_cache_bytes_per_encoder_token`` must equal (fp32: 4
bytes an element). Different token counts for the two sides keep a mix-up visible.

    /work/venv-ref/bin/python tools/make_kv_fixtures.py
"""
from __future__ import annotations

import inspect
import json
import shutil
import sys
from pathlib import Path

import torch
import transformers

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import VERSIONS, write_json  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KV_DIR = ROOT / "tests" / "fixtures" / "kv"
HF_DIR = ROOT / "tests" / "fixtures" / "hf"
ENCODER_TOKENS = 3
DECODER_TOKENS = 2

SEQ2SEQ = {"vocab_size": 64, "d_model": 32, "encoder_layers": 2, "decoder_layers": 3,
           "encoder_attention_heads": 4, "decoder_attention_heads": 2, "encoder_ffn_dim": 48,
           "decoder_ffn_dim": 40, "max_position_embeddings": 64}
WHISPER = {"vocab_size": 64, "num_mel_bins": 8, "d_model": 32, "encoder_layers": 2, "decoder_layers": 3,
           "encoder_attention_heads": 4, "decoder_attention_heads": 2, "encoder_ffn_dim": 48, "decoder_ffn_dim": 40,
           "max_source_positions": 6, "max_target_positions": 16, "pad_token_id": 0, "bos_token_id": 0,
           "eos_token_id": 0, "decoder_start_token_id": 1, "begin_suppress_tokens": [2]}
T5 = {"vocab_size": 64, "d_model": 32, "d_kv": 6, "d_ff": 48, "num_layers": 2, "num_decoder_layers": 3,
      "num_heads": 4}

# case id -> (model_type, config, architecture, kind)
CASES = {
    # encoder-decoder: the decoder's self-attention per token, its cross-attention per encoder token
    "t5-tiny": ("t5", T5, "T5ForConditionalGeneration", "seq2seq"),
    "t5-tiny-model": ("t5", T5, "T5Model", "seq2seq"),
    "mt5-tiny": ("mt5", T5, "MT5ForConditionalGeneration", "seq2seq"),
    "umt5-tiny": ("umt5", T5, "UMT5ForConditionalGeneration", "seq2seq"),
    "longt5-tiny-local": ("longt5", {**T5, "encoder_attention_type": "local"},
                          "LongT5ForConditionalGeneration", "seq2seq"),
    "longt5-tiny-tglobal": ("longt5", {**T5, "encoder_attention_type": "transient-global"},
                            "LongT5ForConditionalGeneration", "seq2seq"),
    "bart-tiny": ("bart", SEQ2SEQ, "BartForConditionalGeneration", "seq2seq"),
    "mbart-tiny": ("mbart", SEQ2SEQ, "MBartForConditionalGeneration", "seq2seq"),
    "marian-tiny": ("marian", {**SEQ2SEQ, "decoder_vocab_size": 64, "pad_token_id": 63},
                    "MarianMTModel", "seq2seq"),
    "pegasus-tiny": ("pegasus", SEQ2SEQ, "PegasusForConditionalGeneration", "seq2seq"),
    "m2m_100-tiny": ("m2m_100", SEQ2SEQ, "M2M100ForConditionalGeneration", "seq2seq"),
    "whisper-tiny": ("whisper", WHISPER, "WhisperForConditionalGeneration", "seq2seq"),
    # encoder-only: nothing is cached
    "bert-tiny-mlm": ("bert", {"vocab_size": 64, "hidden_size": 32, "num_hidden_layers": 2,
                               "num_attention_heads": 4, "intermediate_size": 48}, "BertForMaskedLM", "encoder"),
    "roberta-tiny-mlm": ("roberta", {"vocab_size": 64, "hidden_size": 32, "num_hidden_layers": 2,
                                     "num_attention_heads": 4, "intermediate_size": 48}, "RobertaForMaskedLM",
                         "encoder"),
    "electra-tiny-model": ("electra", {"vocab_size": 64, "embedding_size": 16, "hidden_size": 32,
                                       "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 48},
                           "ElectraModel", "encoder"),
    "t5-tiny-encoder": ("t5", T5, "T5EncoderModel", "encoder"),
    "whisper-tiny-audiocls": ("whisper", WHISPER, "WhisperForAudioClassification", "encoder"),
    "vit-tiny": ("vit", {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4,
                         "intermediate_size": 48, "image_size": 8, "patch_size": 4}, "ViTModel", "encoder"),
    "distilbert-tiny": ("distilbert", {"vocab_size": 64, "dim": 32, "n_layers": 2, "n_heads": 4,
                                       "hidden_dim": 48}, "DistilBertModel", "encoder"),
    "albert-tiny": ("albert", {"vocab_size": 64, "embedding_size": 16, "hidden_size": 32,
                               "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 48},
                    "AlbertModel", "encoder"),
}
# decoders that cross-attend: their configs are the hf fixtures' (tests/fixtures/hf/<case>/config.json)
CROSS_DECODERS = [
    "bart-tiny-causal", "bert-tiny-lmhead-cross", "camembert-tiny-causal-cross", "electra-tiny-causal-cross",
    "gpt2-tiny-options", "marian-tiny-causal", "mbart-tiny-causal", "pegasus-tiny-causal",
    "roberta-tiny-causal-cross", "roformer-tiny-causal-cross", "whisper-tiny-causal", "xglm-tiny-cross",
    "xlm-roberta-tiny-causal-cross",
]


def split_cache(cache) -> tuple[int, int]:
    """(self-attention elements, cross-attention elements) of a transformers cache."""
    if cache is None:
        return 0, 0
    if isinstance(cache, transformers.EncoderDecoderCache):
        return layer_elements(cache.self_attention_cache), layer_elements(cache.cross_attention_cache)
    if isinstance(cache, transformers.Cache):
        return layer_elements(cache), 0
    raise TypeError(f"unknown cache object {type(cache).__name__}")


def layer_elements(cache) -> int:
    total = 0
    for layer in cache.layers:
        for name in ("keys", "values"):
            tensor = getattr(layer, name, None)
            if isinstance(tensor, torch.Tensor):
                total += tensor.numel()
    return total


def forward_parameters(model) -> set:
    return set(inspect.signature(model.forward).parameters)


def measure(model, hf_config, kind: str) -> dict:
    params = forward_parameters(model)
    ids = lambda n: torch.ones((1, n), dtype=torch.long)  # noqa: E731
    kwargs: dict = {}
    encoder_tokens = ENCODER_TOKENS
    if kind == "seq2seq":
        if "input_features" in params:  # Whisper: the encoder always sees max_source_positions frames
            encoder_tokens = hf_config.max_source_positions
            kwargs["input_features"] = torch.zeros((1, hf_config.num_mel_bins, 2 * encoder_tokens))
        else:
            kwargs["input_ids"] = ids(encoder_tokens)
        kwargs["decoder_input_ids"] = ids(DECODER_TOKENS)
    elif kind == "cross_decoder":
        hidden = getattr(hf_config, "d_model", None) or hf_config.hidden_size
        states = torch.zeros((1, encoder_tokens, hidden))
        kwargs["input_ids"] = ids(DECODER_TOKENS)
        if "encoder_hidden_states" in params:
            kwargs["encoder_hidden_states"] = states
        else:  # WhisperForCausalLM
            kwargs["encoder_outputs"] = (states,)
    else:  # an encoder
        if "input_features" in params:
            encoder_tokens = hf_config.max_source_positions
            kwargs["input_features"] = torch.zeros((1, hf_config.num_mel_bins, 2 * encoder_tokens))
        elif "pixel_values" in params:
            kwargs["pixel_values"] = torch.zeros((1, 3, hf_config.image_size, hf_config.image_size))
        else:
            kwargs["input_ids"] = ids(encoder_tokens)
    takes_cache = bool(params & {"use_cache", "past_key_values", "cache", "kwargs"})
    if takes_cache and "use_cache" in params | {"kwargs"}:
        kwargs["use_cache"] = True
    with torch.no_grad():
        output = model(**kwargs)
    cache = None
    for key in ("past_key_values", "cache"):
        if key in output and output[key] is not None:
            cache = output[key]
    self_elements, cross_elements = split_cache(cache)
    decoder_tokens = DECODER_TOKENS if kind != "encoder" else 0
    result = {"decoder_tokens": decoder_tokens, "encoder_tokens": encoder_tokens,
              "self_attention_elements": self_elements, "cross_attention_elements": cross_elements}
    if kind == "encoder":
        assert self_elements == cross_elements == 0, (self_elements, cross_elements)
        result["kv_elements_per_token"] = 0
        result["kv_elements_per_encoder_token"] = 0
        return result
    assert self_elements % decoder_tokens == 0 and cross_elements % encoder_tokens == 0, result
    result["kv_elements_per_token"] = self_elements // decoder_tokens
    result["kv_elements_per_encoder_token"] = cross_elements // encoder_tokens
    return result


def make_case(case_id: str, model_type: str, config: dict, architecture: str, kind: str) -> None:
    config_class = transformers.AutoConfig.for_model(model_type).__class__
    hf_config = config_class(**config)
    torch.manual_seed(0)
    model = getattr(transformers, architecture)(hf_config).eval()
    measured = measure(model, hf_config, kind)
    folder = KV_DIR / case_id
    folder.mkdir(parents=True, exist_ok=True)
    user_config = {"model_type": model_type, **config, "architectures": [architecture]}
    (folder / "config.json").write_text(json.dumps(user_config, indent=2) + "\n")
    write_json(folder / "expected.json", {
        "name": case_id,
        "reference": {"library": "transformers", "class": architecture, "model_type": model_type,
                      "kind": kind, "versions": VERSIONS},
        **measured,
    })
    print(f"{case_id:32s} {architecture:34s} kv/token={measured['kv_elements_per_token']:>6}"
          f" kv/encoder token={measured['kv_elements_per_encoder_token']:>6}")


def main() -> None:
    if KV_DIR.exists():
        shutil.rmtree(KV_DIR)
    for case_id, (model_type, config, architecture, kind) in CASES.items():
        make_case(case_id, model_type, config, architecture, kind)
    for case_id in CROSS_DECODERS:
        config = json.loads((HF_DIR / case_id / "config.json").read_text())
        model_type = config.pop("model_type")
        architecture = config.pop("architectures")[0]
        make_case(case_id, model_type, config, architecture, "cross_decoder")


if __name__ == "__main__":
    main()
