#!/usr/bin/env python3
"""Regenerate the ground-truth fixtures under tests/fixtures/ from the real libraries.

Dev-only. The test suite never imports torch: it only reads the JSON files this
script writes. Every model is built on the meta device, so no weights are
allocated and nothing is downloaded (configs are written out in code, copied
from the published config.json of each checkpoint; from_pretrained is never
called).

Setup (once, outside the repo):

    python3 -m venv /work/venv-ref
    /work/venv-ref/bin/pip install torch==2.14.1 torchvision==0.29.1
    /work/venv-ref/bin/pip install transformers

Regenerate (from the repo root):

    /work/venv-ref/bin/python tools/make_fixtures.py              # every case
    /work/venv-ref/bin/python tools/make_fixtures.py swin_t ...   # only the cases named

It rewrites tests/fixtures/reference/<name>.json and
tests/fixtures/layers/<case_id>.json. Output is deterministic for a given set
of library versions (recorded in each file under reference.versions).
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import torch
import torchvision
import transformers
import transformers.pytorch_utils  # Conv1D, for the eval'd constructors in pt()
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "tests" / "fixtures" / "reference"
LAYERS_DIR = ROOT / "tests" / "fixtures" / "layers"

VERSIONS = {
    "torch": torch.__version__,
    "torchvision": torchvision.__version__,
    "transformers": transformers.__version__,
}


# --------------------------------------------------------------------------
# Small modules defined here (mirroring well-known upstream code)
# --------------------------------------------------------------------------


class RNNModel(nn.Module):
    """PyTorch examples/word_language_model RNNModel (LSTM, untied), 2 layers, 650 units."""

    def __init__(self, ntoken: int = 33278, ninp: int = 650, nhid: int = 650,
                 nlayers: int = 2, dropout: float = 0.5):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)


class MLP(nn.Module):
    """Plain 2-layer MLP, named like transformers' CLIPMLP (fc1, act, fc2)."""

    def __init__(self, hidden_size: int, intermediate_size: int, bias: bool = True):
        super().__init__()
        self.fc1 = nn.Linear(hidden_size, intermediate_size, bias=bias)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(intermediate_size, hidden_size, bias=bias)


class DiT(nn.Module):
    """The module tree of facebookresearch/DiT's `DiT` (models.py; DiT_XL_2 is depth=28,
    hidden_size=1152, patch_size=2, num_heads=16), with timm's PatchEmbed, Attention and Mlp:
    only what fixes the parameters, their names, shapes and order (no forward, no init).
    pos_embed is a frozen parameter (requires_grad=False) holding a fixed sin-cos table."""

    def __init__(self, input_size: int = 32, patch_size: int = 2, in_channels: int = 4,
                 hidden_size: int = 1152, depth: int = 28, num_heads: int = 16, mlp_ratio: float = 4.0,
                 class_dropout_prob: float = 0.1, num_classes: int = 1000, learn_sigma: bool = True):
        super().__init__()
        out_channels = in_channels * 2 if learn_sigma else in_channels
        h = hidden_size
        self.x_embedder = nn.Module()  # timm PatchEmbed: proj, norm (Identity)
        self.x_embedder.proj = nn.Conv2d(in_channels, h, patch_size, stride=patch_size, bias=True)
        self.x_embedder.norm = nn.Identity()
        self.t_embedder = nn.Module()  # TimestepEmbedder (frequency_embedding_size 256)
        self.t_embedder.mlp = nn.Sequential(nn.Linear(256, h), nn.SiLU(), nn.Linear(h, h))
        self.y_embedder = nn.Module()  # LabelEmbedder: one extra row for the dropped label
        self.y_embedder.embedding_table = nn.Embedding(num_classes + int(class_dropout_prob > 0), h)
        num_patches = (input_size // patch_size) ** 2
        self.pos_embed = nn.Parameter(torch.zeros(1, num_patches, h), requires_grad=False)
        self.blocks = nn.ModuleList([_DiTBlock(h, num_heads, mlp_ratio) for _ in range(depth)])
        self.final_layer = nn.Module()  # FinalLayer
        self.final_layer.norm_final = nn.LayerNorm(h, elementwise_affine=False, eps=1e-6)
        self.final_layer.linear = nn.Linear(h, patch_size * patch_size * out_channels)
        self.final_layer.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(h, 2 * h))


class _DiTBlock(nn.Module):
    """DiTBlock (adaLN-Zero): affine-free norms, timm Attention (qkv with bias, proj) and Mlp
    (fc1, fc2), and adaLN_modulation (SiLU, Linear(h, 6h))."""

    def __init__(self, h: int, num_heads: int, mlp_ratio: float):
        super().__init__()
        self.norm1 = nn.LayerNorm(h, elementwise_affine=False, eps=1e-6)
        self.attn = nn.Module()
        self.attn.qkv = nn.Linear(h, 3 * h, bias=True)
        self.attn.proj = nn.Linear(h, h)
        self.norm2 = nn.LayerNorm(h, elementwise_affine=False, eps=1e-6)
        hidden = int(h * mlp_ratio)
        self.mlp = nn.Module()
        self.mlp.fc1 = nn.Linear(h, hidden)
        self.mlp.act = nn.GELU(approximate="tanh")
        self.mlp.fc2 = nn.Linear(hidden, h)
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(h, 6 * h))


# --------------------------------------------------------------------------
# Builders: each returns (module, reference dict without "versions")
# --------------------------------------------------------------------------


def hf(model_cls_name: str, config_cls_name: str, config: dict, source: str | None = None):
    """Build a transformers model class from a config built in code."""

    def build():
        config_cls = getattr(transformers, config_cls_name)
        model_cls = getattr(transformers, model_cls_name)
        cfg = config_cls(**config)
        model = model_cls(cfg)
        args = ", ".join(f"{k}={v!r}" for k, v in config.items())
        constructor = f"transformers.{model_cls_name}(transformers.{config_cls_name}({args}))"
        if source:
            constructor += f"  # config from {source}"
        ref = {"library": "transformers", "class": model_cls_name, "constructor": constructor,
               "config": config}
        if source:
            ref["source"] = source
        return model, ref

    return build


def hf_module(import_path: str, config_cls_name: str, config: dict, **module_kwargs):
    """Build a transformers sub-module (e.g. LlamaAttention) from a config."""

    def build():
        module_name, cls_name = import_path.rsplit(".", 1)
        cls = getattr(importlib.import_module(module_name), cls_name)
        cfg = getattr(transformers, config_cls_name)(**config)
        module = cls(cfg, **module_kwargs)
        args = ", ".join(f"{k}={v!r}" for k, v in config.items())
        extra = "".join(f", {k}={v!r}" for k, v in module_kwargs.items())
        constructor = f"{import_path}(transformers.{config_cls_name}({args}){extra})"
        return module, {"library": "transformers", "class": cls_name,
                        "constructor": constructor, "config": config}

    return build


def tv(name: str):
    def build():
        if name.startswith("regnet_"):
            model = _regnet_on_meta(name)
        else:
            model = getattr(torchvision.models, name)(weights=None)
        return model, {"library": "torchvision", "class": type(model).__name__,
                       "constructor": f"torchvision.models.{name}(weights=None)", "config": {}}

    return build


def _regnet_on_meta(name: str) -> nn.Module:
    """torchvision's RegNet builders compute the stage widths and depths with torch ops
    (BlockParams.from_init_params), which have no data on the meta device; compute those on
    the CPU and build the modules on meta as usual."""
    from torchvision.models import regnet

    original = regnet.BlockParams.from_init_params

    def on_cpu(*args, **kwargs):
        with torch.device("cpu"):
            return original(*args, **kwargs)

    regnet.BlockParams.from_init_params = on_cpu
    try:
        return getattr(torchvision.models, name)(weights=None)
    finally:
        regnet.BlockParams.from_init_params = original


def pt(expr: str, library: str = "torch"):
    """Build from a python expression evaluated with torch's `nn` and local classes in scope."""

    def build():
        module = eval(expr, {"nn": nn, "torch": torch, "transformers": transformers,
                             "RNNModel": RNNModel, "MLP": MLP, "DiT": DiT})
        return module, {"library": library, "class": type(module).__name__,
                        "constructor": expr, "config": {}}

    return build


# --------------------------------------------------------------------------
# Case tables
# --------------------------------------------------------------------------

# Config values copied from the checkpoints' published config.json (only the
# architecture-relevant keys; all others keep transformers' defaults).
LLAMA2_7B = dict(vocab_size=32000, hidden_size=4096, intermediate_size=11008,
                 num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=32,
                 max_position_embeddings=4096, rms_norm_eps=1e-05, hidden_act="silu",
                 tie_word_embeddings=False, bos_token_id=1, eos_token_id=2)
LLAMA3_8B = dict(vocab_size=128256, hidden_size=4096, intermediate_size=14336,
                 num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
                 max_position_embeddings=8192, rms_norm_eps=1e-05, rope_theta=500000.0,
                 hidden_act="silu", attention_bias=False, tie_word_embeddings=False,
                 bos_token_id=128000, eos_token_id=128001)
MISTRAL_7B = dict(vocab_size=32000, hidden_size=4096, intermediate_size=14336,
                  num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
                  max_position_embeddings=32768, rms_norm_eps=1e-05, rope_theta=10000.0,
                  sliding_window=4096, hidden_act="silu", tie_word_embeddings=False,
                  bos_token_id=1, eos_token_id=2)
VIT_B_16 = dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                intermediate_size=3072, hidden_act="gelu", hidden_dropout_prob=0.0,
                attention_probs_dropout_prob=0.0, layer_norm_eps=1e-12, image_size=224,
                patch_size=16, num_channels=3, qkv_bias=True, num_labels=1000)

# name -> (builder, expected params or None)
REFERENCE_CASES = {
    "gpt2": (hf("GPT2LMHeadModel", "GPT2Config", {}, "openai-community/gpt2"), 124_439_808),
    "bert-base-uncased": (hf("BertForMaskedLM", "BertConfig", {}, "google-bert/bert-base-uncased"), None),
    "llama-2-7b": (hf("LlamaForCausalLM", "LlamaConfig", LLAMA2_7B, "meta-llama/Llama-2-7b-hf"), 6_738_415_616),
    "llama-3-8b": (hf("LlamaForCausalLM", "LlamaConfig", LLAMA3_8B, "meta-llama/Meta-Llama-3-8B"), 8_030_261_248),
    "mistral-7b": (hf("MistralForCausalLM", "MistralConfig", MISTRAL_7B, "mistralai/Mistral-7B-v0.1"), 7_241_732_096),
    "vit-b-16": (hf("ViTForImageClassification", "ViTConfig", VIT_B_16, "google/vit-base-patch16-224"), 86_567_656),
    "resnet18": (tv("resnet18"), None),
    "resnet50": (tv("resnet50"), None),
    "vgg16": (tv("vgg16"), None),
    "mobilenet_v2": (tv("mobilenet_v2"), None),
    # Expected counts: torchvision's published weights meta ("num_params") for these architectures.
    "vit_b_16_torchvision": (tv("vit_b_16"), 86_567_656),
    "efficientnet_b0": (tv("efficientnet_b0"), 5_288_548),
    "convnext_tiny": (tv("convnext_tiny"), 28_589_128),
    "vgg16_bn": (tv("vgg16_bn"), 138_365_992),
    "densenet121": (tv("densenet121"), 7_978_856),
    "regnet_y_400mf": (tv("regnet_y_400mf"), 4_344_144),
    "mobilenet_v3_large": (tv("mobilenet_v3_large"), 5_483_032),
    "swin_t": (tv("swin_t"), 28_288_354),
    "shufflenet_v2_x1_0": (tv("shufflenet_v2_x1_0"), 2_278_604),
    "efficientnet_v2_s": (tv("efficientnet_v2_s"), 21_458_488),
    "lstm-lm": (pt("RNNModel(ntoken=33278, ninp=650, nhid=650, nlayers=2, dropout=0.5)"), None),
    # DiT-XL/2 (Peebles & Xie, 2023, Table 4: 675M; docs/writing-specs.md counts it by hand):
    # 675,129,632 parameters, of which pos_embed (294,912) is frozen.
    "dit_xl_2": (pt("DiT(input_size=32, patch_size=2, in_channels=4, hidden_size=1152, depth=28, num_heads=16)",
                    library="facebookresearch/DiT"), 675_129_632),
}

# case_id -> (estimator layer type, estimator args, builder)
LAYER_CASES = {
    "linear": ("linear", {"in_features": 7, "out_features": 5}, pt("nn.Linear(7, 5)")),
    "linear_nobias": ("linear", {"in_features": 7, "out_features": 5, "bias": False},
                      pt("nn.Linear(7, 5, bias=False)")),
    "embedding": ("embedding", {"num_embeddings": 11, "embedding_dim": 6}, pt("nn.Embedding(11, 6)")),
    "conv1d": ("conv1d", {"in_channels": 6, "out_channels": 4, "kernel_size": 3}, pt("nn.Conv1d(6, 4, 3)")),
    "conv2d_rect_groups": ("conv2d", {"in_channels": 6, "out_channels": 12, "kernel_size": [3, 5], "groups": 3},
                           pt("nn.Conv2d(6, 12, (3, 5), groups=3)")),
    "conv2d_depthwise_nobias": ("conv2d", {"in_channels": 8, "out_channels": 8, "kernel_size": 3, "groups": 8,
                                           "bias": False},
                                pt("nn.Conv2d(8, 8, 3, groups=8, bias=False)")),
    "conv3d": ("conv3d", {"in_channels": 2, "out_channels": 4, "kernel_size": [1, 2, 3]},
               pt("nn.Conv3d(2, 4, (1, 2, 3))")),
    "conv_transpose1d": ("conv_transpose1d", {"in_channels": 6, "out_channels": 4, "kernel_size": 3, "groups": 2},
                         pt("nn.ConvTranspose1d(6, 4, 3, groups=2)")),
    "conv_transpose2d": ("conv_transpose2d", {"in_channels": 6, "out_channels": 9, "kernel_size": [2, 3],
                                              "groups": 3, "bias": False},
                         pt("nn.ConvTranspose2d(6, 9, (2, 3), groups=3, bias=False)")),
    "conv_transpose3d": ("conv_transpose3d", {"in_channels": 4, "out_channels": 2, "kernel_size": 3},
                         pt("nn.ConvTranspose3d(4, 2, 3)")),
    "layernorm": ("layernorm", {"normalized_shape": 10}, pt("nn.LayerNorm(10)")),
    "layernorm_nobias": ("layernorm", {"normalized_shape": 10, "bias": False}, pt("nn.LayerNorm(10, bias=False)")),
    "layernorm_2d_noaffine": ("layernorm", {"normalized_shape": [4, 5], "elementwise_affine": False},
                              pt("nn.LayerNorm((4, 5), elementwise_affine=False)")),
    "rmsnorm": ("rmsnorm", {"normalized_shape": 10}, pt("nn.RMSNorm(10)")),
    "batchnorm2d": ("batchnorm2d", {"num_features": 16}, pt("nn.BatchNorm2d(16)")),
    "batchnorm1d_noaffine": ("batchnorm1d", {"num_features": 16, "affine": False},
                             pt("nn.BatchNorm1d(16, affine=False)")),
    "batchnorm3d_nostats": ("batchnorm3d", {"num_features": 16, "track_running_stats": False},
                            pt("nn.BatchNorm3d(16, track_running_stats=False)")),
    "groupnorm": ("groupnorm", {"num_groups": 4, "num_channels": 16}, pt("nn.GroupNorm(4, 16)")),
    "lstm": ("lstm", {"input_size": 10, "hidden_size": 20}, pt("nn.LSTM(10, 20)")),
    "lstm_2layer_bidir": ("lstm", {"input_size": 10, "hidden_size": 20, "num_layers": 2, "bidirectional": True},
                          pt("nn.LSTM(10, 20, num_layers=2, bidirectional=True)")),
    "lstm_3layer_proj_nobias": ("lstm", {"input_size": 10, "hidden_size": 20, "num_layers": 3, "proj_size": 7,
                                         "bias": False},
                                pt("nn.LSTM(10, 20, num_layers=3, proj_size=7, bias=False)")),
    "gru_2layer": ("gru", {"input_size": 10, "hidden_size": 20, "num_layers": 2},
                   pt("nn.GRU(10, 20, num_layers=2)")),
    "rnn_bidir": ("rnn", {"input_size": 10, "hidden_size": 20, "bidirectional": True},
                  pt("nn.RNN(10, 20, bidirectional=True)")),
    "attention_mha": ("attention", {"hidden_size": 64, "num_heads": 8},
                      hf_module("transformers.models.llama.modeling_llama.LlamaAttention", "LlamaConfig",
                                dict(hidden_size=64, num_attention_heads=8, num_key_value_heads=8,
                                     attention_bias=False), layer_idx=0)),
    "attention_gqa_bias": ("attention", {"hidden_size": 64, "num_heads": 8, "num_kv_heads": 2, "bias": True},
                           hf_module("transformers.models.llama.modeling_llama.LlamaAttention", "LlamaConfig",
                                     dict(hidden_size=64, num_attention_heads=8, num_key_value_heads=2,
                                          attention_bias=True), layer_idx=0)),
    "attention_mqa_headdim": ("attention", {"hidden_size": 64, "num_heads": 4, "num_kv_heads": 1, "head_dim": 32},
                              hf_module("transformers.models.llama.modeling_llama.LlamaAttention", "LlamaConfig",
                                        dict(hidden_size=64, num_attention_heads=4, num_key_value_heads=1,
                                             head_dim=32, attention_bias=False), layer_idx=0)),
    "attention_qk_norm": ("attention", {"hidden_size": 64, "num_heads": 4, "num_kv_heads": 2, "head_dim": 16,
                                        "qk_norm": True},
                          hf_module("transformers.models.qwen3.modeling_qwen3.Qwen3Attention", "Qwen3Config",
                                    dict(hidden_size=64, num_attention_heads=4, num_key_value_heads=2,
                                         head_dim=16, attention_bias=False), layer_idx=0)),
    "attention_qkv_bias_only": ("attention", {"hidden_size": 64, "num_heads": 4, "num_kv_heads": 2,
                                              "qkv_bias": True},
                                hf_module("transformers.models.qwen2.modeling_qwen2.Qwen2Attention", "Qwen2Config",
                                          dict(hidden_size=64, num_attention_heads=4, num_key_value_heads=2),
                                          layer_idx=0)),
    "gated_mlp": ("gated_mlp", {"hidden_size": 64, "intermediate_size": 96},
                  hf_module("transformers.models.llama.modeling_llama.LlamaMLP", "LlamaConfig",
                            dict(hidden_size=64, intermediate_size=96, mlp_bias=False))),
    "mlp": ("mlp", {"hidden_size": 64, "intermediate_size": 96, "bias": True},
            pt("MLP(hidden_size=64, intermediate_size=96, bias=True)")),
    # GPT-2's Conv1D: a linear layer with the weight stored transposed, [in, out].
    "hf_conv1d": ("hf_conv1d", {"in_features": 6, "out_features": 10},
                  pt("transformers.pytorch_utils.Conv1D(nf=10, nx=6)", library="transformers")),
    "hf_conv1d_gpt2_cattn": ("hf_conv1d", {"in_features": 64, "out_features": 192},
                             pt("transformers.pytorch_utils.Conv1D(nf=192, nx=64)", library="transformers")),
    # Rotary embedding: no parameters, only non-persistent buffers (head_dim = 64 / 4 = 16).
    "rotary_embedding": ("rotary_embedding", {"dim": 16},
                         hf_module("transformers.models.llama.modeling_llama.LlamaRotaryEmbedding", "LlamaConfig",
                                   dict(hidden_size=64, num_attention_heads=4))),
    # Sparse MoE blocks. transformers 5 stores the experts fused as 3-D parameters
    # (experts.gate_up_proj [E, 2*I, H] = [gate; up], experts.down_proj [E, H, I]) and the
    # router `gate` as a module holding a bare `weight` [E, H] (no bias).
    "moe_qwen3": ("moe", {"hidden_size": 64, "intermediate_size": 32, "num_experts": 4, "top_k": 2},
                  hf_module("transformers.models.qwen3_moe.modeling_qwen3_moe.Qwen3MoeSparseMoeBlock",
                            "Qwen3MoeConfig",
                            dict(hidden_size=64, moe_intermediate_size=32, num_experts=4,
                                 num_experts_per_tok=2))),
    # Same layout with 2*I != H, so the axis order of the fused tensors is unambiguous.
    "moe_qwen3_rect": ("moe", {"hidden_size": 64, "intermediate_size": 24, "num_experts": 3, "top_k": 2},
                       hf_module("transformers.models.qwen3_moe.modeling_qwen3_moe.Qwen3MoeSparseMoeBlock",
                                 "Qwen3MoeConfig",
                                 dict(hidden_size=64, moe_intermediate_size=24, num_experts=3,
                                      num_experts_per_tok=2))),
    "moe_mixtral": ("moe", {"hidden_size": 64, "intermediate_size": 32, "num_experts": 4, "top_k": 2},
                    hf_module("transformers.models.mixtral.modeling_mixtral.MixtralSparseMoeBlock",
                              "MixtralConfig",
                              dict(hidden_size=64, intermediate_size=32, num_local_experts=4,
                                   num_experts_per_tok=2))),
    "moe_qwen2": ("moe", {"hidden_size": 64, "intermediate_size": 32, "num_experts": 4, "top_k": 2,
                          "shared_intermediate_size": 48},
                  hf_module("transformers.models.qwen2_moe.modeling_qwen2_moe.Qwen2MoeSparseMoeBlock",
                            "Qwen2MoeConfig",
                            dict(hidden_size=64, moe_intermediate_size=32, num_experts=4,
                                 num_experts_per_tok=2, shared_expert_intermediate_size=48))),
    # torch.nn.MultiheadAttention: fused in_proj_weight [3E, E] when kdim == vdim == embed_dim,
    # else separate q/k/v_proj_weight; out_proj is a NonDynamicallyQuantizableLinear.
    "multihead_attention": ("multihead_attention", {"embed_dim": 32, "num_heads": 4},
                            pt("nn.MultiheadAttention(32, 4)")),
    "multihead_attention_kvdim_biaskv": ("multihead_attention", {"embed_dim": 32, "num_heads": 4, "kdim": 24,
                                                                 "vdim": 16, "add_bias_kv": True},
                                         pt("nn.MultiheadAttention(32, 4, kdim=24, vdim=16, add_bias_kv=True)")),
    "multihead_attention_nobias": ("multihead_attention", {"embed_dim": 32, "num_heads": 4, "bias": False},
                                   pt("nn.MultiheadAttention(32, 4, bias=False)")),
    "transformer_encoder_layer": ("transformer_encoder_layer", {"d_model": 32, "nhead": 4, "dim_feedforward": 64},
                                  pt("nn.TransformerEncoderLayer(32, 4, dim_feedforward=64)")),
    "transformer_encoder_layer_nobias": ("transformer_encoder_layer", {"d_model": 32, "nhead": 4,
                                                                       "dim_feedforward": 64, "bias": False},
                                         pt("nn.TransformerEncoderLayer(32, 4, 64, bias=False)")),
    "transformer_decoder_layer": ("transformer_decoder_layer", {"d_model": 32, "nhead": 4, "dim_feedforward": 64},
                                  pt("nn.TransformerDecoderLayer(32, 4, dim_feedforward=64)")),
    "instancenorm2d": ("instancenorm2d", {"num_features": 8}, pt("nn.InstanceNorm2d(8)")),
    "instancenorm1d_affine_stats": ("instancenorm1d", {"num_features": 8, "affine": True,
                                                       "track_running_stats": True},
                                    pt("nn.InstanceNorm1d(8, affine=True, track_running_stats=True)")),
    "prelu": ("prelu", {"num_parameters": 6}, pt("nn.PReLU(6)")),
    "prelu_default": ("prelu", {}, pt("nn.PReLU()")),
    "bilinear": ("bilinear", {"in1_features": 5, "in2_features": 7, "out_features": 3},
                 pt("nn.Bilinear(5, 7, 3)")),
    "embedding_bag": ("embedding_bag", {"num_embeddings": 11, "embedding_dim": 6}, pt("nn.EmbeddingBag(11, 6)")),
    # Stride, padding, dilation and padding_mode change no parameter shape.
    "conv2d_dilated_padded": ("conv2d", {"in_channels": 4, "out_channels": 8, "kernel_size": [3, 1], "stride": 2,
                                         "padding": 1, "dilation": 2, "padding_mode": "reflect"},
                              pt('nn.Conv2d(4, 8, (3, 1), stride=2, padding=1, dilation=2, padding_mode="reflect")')),
    "relu": ("relu", {}, pt("nn.ReLU()")),
    "gelu": ("gelu", {}, pt("nn.GELU()")),
    "dropout": ("dropout", {"p": 0.1}, pt("nn.Dropout(p=0.1)")),
    "maxpool2d": ("maxpool2d", {"kernel_size": 2}, pt("nn.MaxPool2d(kernel_size=2)")),
    "adaptive_avgpool2d": ("adaptive_avgpool2d", {"output_size": 1}, pt("nn.AdaptiveAvgPool2d(output_size=1)")),
    "flatten": ("flatten", {}, pt("nn.Flatten()")),
    "identity": ("identity", {}, pt("nn.Identity()")),
}


# --------------------------------------------------------------------------
# Module -> fixture dict, and JSON writing
# --------------------------------------------------------------------------


def describe(module: nn.Module) -> dict:
    """Everything the fixtures record about a module: counts and the full tensor list.

    Walks named_modules(remove_duplicate=False) and emits each module's own
    parameters then buffers in registration order (= state_dict order), keeping
    duplicates of shared Parameter objects with tied_to set to the first name.
    """
    tensors = []
    first_name_by_id: dict[int, str] = {}
    for mod_name, mod in module.named_modules(remove_duplicate=False):
        prefix = f"{mod_name}." if mod_name else ""
        for pname, p in mod._parameters.items():
            if p is None:
                continue
            name = prefix + pname
            tied_to = first_name_by_id.get(id(p))
            if tied_to is None:
                first_name_by_id[id(p)] = name
            tensors.append({"name": name, "shape": list(p.shape), "kind": "parameter",
                            "persistent": True, "tied_to": tied_to})
        non_persistent = mod._non_persistent_buffers_set
        for bname, b in mod._buffers.items():
            if b is None:
                continue
            name = prefix + bname
            tied_to = first_name_by_id.get(id(b))
            if tied_to is None:
                first_name_by_id[id(b)] = name
            tensors.append({"name": name, "shape": list(b.shape), "kind": "buffer",
                            "persistent": bname not in non_persistent, "tied_to": tied_to})

    persistent_names = [t["name"] for t in tensors if t["persistent"]]
    state_dict_names = list(module.state_dict().keys())
    assert set(persistent_names) == set(state_dict_names), (
        set(persistent_names) ^ set(state_dict_names))
    assert persistent_names == state_dict_names, "tensor order differs from state_dict order"

    params = list(module.parameters())
    buffers = list(module.buffers())
    # named_buffers() drops duplicates too; persistent ones are those whose first name is persistent.
    persistent_by_name = {t["name"]: t["persistent"] for t in tensors}
    persistent_buffer_elements = sum(
        b.numel() for name, b in module.named_buffers() if persistent_by_name[name])
    result = {
        "params": sum(p.numel() for p in params),
        "trainable_params": sum(p.numel() for p in params if p.requires_grad),
        "buffer_elements": sum(b.numel() for b in buffers),
        "persistent_buffer_elements": persistent_buffer_elements,
        "tensors": tensors,
    }
    # Cross-check: unique parameter elements recomputed from the tensor list.
    assert result["params"] == sum(
        _numel(t["shape"]) for t in tensors if t["kind"] == "parameter" and t["tied_to"] is None)
    return result


def _numel(shape: list[int]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def make_fixture(name: str, build, extra: dict | None = None) -> dict:
    with torch.device("meta"):
        module, reference = build()
    reference = {**reference, "versions": VERSIONS}
    fixture = {"name": name, **(extra or {}), "reference": reference, **describe(module)}
    return fixture


def main(argv: list[str] | None = None) -> int:
    """Regenerate every fixture, or only the cases named on the command line
    (`tools/make_fixtures.py swin_t densenet121`), leaving the other files untouched."""
    only = set(sys.argv[1:] if argv is None else argv)
    unknown = only - set(REFERENCE_CASES) - set(LAYER_CASES)
    if unknown:
        print("unknown cases: " + ", ".join(sorted(unknown)), file=sys.stderr)
        return 2
    problems = []
    for name, (build, expected) in REFERENCE_CASES.items():
        if only and name not in only:
            continue
        fx = make_fixture(name, build)
        write_json(REFERENCE_DIR / f"{name}.json", fx)
        flag = ""
        if expected is not None and fx["params"] != expected:
            flag = f"  MISMATCH (expected {expected:,})"
            problems.append(name)
        print(f"reference {name:20s} params={fx['params']:>15,}  buffers={fx['buffer_elements']:>12,}"
              f"  persistent_buffers={fx['persistent_buffer_elements']:>10,}  tensors={len(fx['tensors'])}{flag}")
    for case_id, (layer_type, args, build) in LAYER_CASES.items():
        if only and case_id not in only:
            continue
        fx = make_fixture(case_id, build, {"type": layer_type, "args": args})
        write_json(LAYERS_DIR / f"{case_id}.json", fx)
        print(f"layer     {case_id:32s} params={fx['params']:>8,}  buffers={fx['buffer_elements']:>5,}"
              f"  tensors={len(fx['tensors'])}")
    if problems:
        print("parameter count mismatches:", ", ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
