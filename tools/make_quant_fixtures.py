#!/usr/bin/env python3
"""Write the quantised checkpoints' tensor lists that tests/test_quantization.py sums.

Dev-only, never in CI. Each case is a tiny model of a real family with a real
``quantization_config``; its checkpoint's tensors (name, shape, dtype, bytes) are built
with the format's own library where it runs on a CPU, else by the documented layout:

- ``gpt-oss-mxfp4``: GptOssForCausalLM on the meta device; the experts as
  transformers' ``Mxfp4GptOssExperts`` holds them (packed uint8 ``[E, rows, cols/2]``),
  written as its serializer writes them: ``*_blocks`` ``[E, rows, cols/32, 16]`` and
  ``*_scales`` ``[E, rows, cols/32]`` uint8 (integrations/mxfp4.py); the rest bf16.
- ``deepseek-v3-fp8``: DeepseekV3ForCausalLM on meta, dims that are not multiples of 128;
  every linear layer but the head as transformers' ``FP8Linear(block_size=(128, 128))``
  builds it (weight float8_e4m3fn, weight_scale_inv float32), the experts per expert as
  DeepSeek-V3 ships them (``experts.N.gate_proj`` ...), ``e_score_correction_bias`` in
  float32 (DeepSeek's Gate.bias), the rest bf16.
- ``llama-bnb-nf4`` / ``llama-bnb-fp4``: a tiny Llama whose linear layers are quantised
  for real by bitsandbytes on the CPU (``Linear4bit``, NF4 with double quantisation, FP4
  without) and saved as ``state_dict`` (quant state packed, as ``save_pretrained`` does);
  the config's ``quantization_config`` is transformers' ``BitsAndBytesConfig.to_dict()``.
  The quant state's JSON holds a float whose printed length depends on the data: each
  tensor's is recorded (``offset_chars``).
- ``llama-bnb-int8``: bitsandbytes' LLM.int8() layers (``Linear8bitLt``), quantised on the CPU.
- ``llama-gptq-int4-g128`` / ``llama-awq-int4-g128``: GPTQ (gptqmodel / auto-gptq
  ``QuantLinear``: qweight int32 [in/32*bits, out], qzeros int32 [ceil(in/g), out/32*bits],
  scales fp16 [ceil(in/g), out], g_idx int32 [in]) and AWQ GEMM (AutoAWQ ``WQLinear_GEMM``:
  qweight int32 [in, out/8], qzeros int32 [in/g, out/8], scales fp16 [in/g, out]) by their
  documented layouts (their kernels need a GPU); the rest fp16.
- ``llama-fp8-static``: FP8 with one fp32 scale per tensor and static activation scales
  (transformers' ``FP8Linear(block_size=None, activation_scheme="static")``).
- ``llama-ct-*``: compressed-tensors (llm-compressor's checkpoints: NVFP4, MXFP4, W4A16
  asymmetric, W8A8, FP8 per tensor with static inputs, FP8 blocks, and a config with two
  groups chosen by regex), quantised and compressed by the library itself on the CPU.
- ``llama-nvfp4``: NVIDIA ModelOpt's unified checkpoint, NVFP4 (weight uint8 [out, in/2],
  weight_scale float8_e4m3fn [out, in/16], weight_scale_2 and input_scale float32 []), by
  its documented layout.

Run from the repository root:

    /work/venv-ref/bin/pip install bitsandbytes   # CPU backend
    /work/venv-ref/bin/python tools/make_quant_fixtures.py
"""
from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import torch
from torch import nn

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "quant"
DTYPE_NAMES = {torch.bfloat16: "BF16", torch.float16: "F16", torch.float32: "F32", torch.uint8: "U8",
               torch.int32: "I32", torch.float8_e4m3fn: "F8_E4M3", torch.int8: "I8", torch.int64: "I64"}
DTYPE_SIZE = {"BF16": 2, "F16": 2, "F32": 4, "U8": 1, "I32": 4, "F8_E4M3": 1, "I8": 1, "I64": 8}


def entry(name: str, shape, dtype: str) -> dict:
    shape = [int(d) for d in shape]
    return {"name": name, "shape": shape, "dtype": dtype, "bytes": math.prod(shape) * DTYPE_SIZE[dtype]}


def meta_model(config):
    from transformers import AutoModelForCausalLM
    with torch.device("meta"):
        return AutoModelForCausalLM.from_config(config)


def stored(model) -> dict:
    """Name -> tensor of what save_pretrained writes (persistent state, ties once)."""
    state = model.state_dict()
    seen: dict = {}
    result = {}
    for name, tensor in state.items():
        key = (tensor.data_ptr(), tuple(tensor.shape)) if tensor.device.type != "meta" else None
        if name == "lm_head.weight" and getattr(model.config, "tie_word_embeddings", False):
            continue
        if key is not None and key in seen:
            continue
        seen[key] = name
        result[name] = tensor
    return result


def write(case: str, config: dict, tensors: list, note: str, extra: dict | None = None) -> None:
    folder = OUT / case
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    data = {"source": note, "tensors": tensors, "bytes": sum(t["bytes"] for t in tensors), **(extra or {})}
    (folder / "tensors.json").write_text(json.dumps(data, indent=1) + "\n")
    print(f"{case}: {len(tensors)} tensors, {data['bytes']:,} bytes")


# ---------------------------------------------------------------- gpt-oss, MXFP4


def gpt_oss() -> None:
    from transformers import GptOssConfig
    from transformers.integrations.mxfp4 import Mxfp4GptOssExperts
    config = GptOssConfig(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2,
                          num_attention_heads=4, num_key_value_heads=2, head_dim=16, num_local_experts=4,
                          num_experts_per_tok=2, layer_types=["sliding_attention", "full_attention"],
                          tie_word_embeddings=False)
    model = meta_model(config)
    with torch.device("meta"):
        packed = Mxfp4GptOssExperts(config)
    tensors = []
    for name, tensor in stored(model).items():
        last = name.rsplit(".", 1)[-1]
        if ".experts." in name and last in ("gate_up_proj", "down_proj"):
            values = getattr(packed, last)  # uint8 [E, rows, cols / 2]
            experts, rows, half = values.shape
            scales = [experts, rows, half * 2 // 32]
            tensors.append(entry(name + "_blocks", scales + [16], "U8"))
            tensors.append(entry(name + "_scales", scales, "U8"))
            continue
        tensors.append(entry(name, tensor.shape, "BF16"))
    data = json.loads(config.to_json_string())
    data["quantization_config"] = {"modules_to_not_convert": ["model.layers.*.self_attn", "model.layers.*.mlp.router",
                                                              "model.embed_tokens", "lm_head"],
                                   "quant_method": "mxfp4"}  # as openai/gpt-oss-20b's config.json has it
    data.pop("dtype", None)
    write("gpt-oss-mxfp4", data, tensors, "transformers 5.24 GptOssForCausalLM (meta) + Mxfp4GptOssExperts packing")


# ---------------------------------------------------------------- DeepSeek-V3, FP8 128x128


def deepseek_v3() -> None:
    from transformers import DeepseekV3Config
    from transformers.integrations.finegrained_fp8 import FP8Linear
    config = DeepseekV3Config(vocab_size=300, hidden_size=200, intermediate_size=300, moe_intermediate_size=72,
                              num_hidden_layers=2, first_k_dense_replace=1, n_routed_experts=4, n_shared_experts=1,
                              num_experts_per_tok=2, n_group=2, topk_group=1, num_attention_heads=4,
                              num_key_value_heads=4, q_lora_rank=100, kv_lora_rank=60, qk_rope_head_dim=16,
                              qk_nope_head_dim=24, v_head_dim=32, tie_word_embeddings=False)
    model = meta_model(config)
    linears = {name: module for name, module in model.named_modules() if isinstance(module, nn.Linear)}

    def fp8(prefix: str, in_features: int, out_features: int) -> list:
        with torch.device("meta"):
            layer = FP8Linear(in_features, out_features, block_size=(128, 128))
        return [entry(f"{prefix}.{n}", p.shape, DTYPE_NAMES[p.dtype]) for n, p in layer.named_parameters()]

    tensors = []
    for name, tensor in stored(model).items():
        module, last = name.rsplit(".", 1)
        if module in linears and last == "weight" and module != "lm_head":
            tensors += fp8(module, tensor.shape[1], tensor.shape[0])
        elif module.endswith(".experts") and last in ("gate_up_proj", "down_proj"):
            experts = tensor.shape[0]
            for e in range(experts):
                if last == "gate_up_proj":  # [E, 2I, H]: gate rows, then up rows
                    rows = tensor.shape[1] // 2
                    tensors += fp8(f"{module}.{e}.gate_proj", tensor.shape[2], rows)
                    tensors += fp8(f"{module}.{e}.up_proj", tensor.shape[2], rows)
                else:  # [E, H, I]
                    tensors += fp8(f"{module}.{e}.down_proj", tensor.shape[2], tensor.shape[1])
        else:
            dtype = "F32" if last == "e_score_correction_bias" else "BF16"
            tensors.append(entry(name, tensor.shape, dtype))
    data = json.loads(config.to_json_string())
    data["quantization_config"] = {"activation_scheme": "dynamic", "fmt": "e4m3", "quant_method": "fp8",
                                   "weight_block_size": [128, 128]}  # as deepseek-ai/DeepSeek-V3's config.json
    data["torch_dtype"] = "bfloat16"
    data.pop("dtype", None)
    write("deepseek-v3-fp8", data, tensors, "transformers 5.24 DeepseekV3ForCausalLM (meta) + FP8Linear(block_size="
          "(128, 128)) per linear layer and per expert; e_score_correction_bias float32 as DeepSeek ships it")


# ---------------------------------------------------------------- Llama: bitsandbytes, GPTQ, AWQ, NVFP4


def llama_config(hidden: int, intermediate: int):
    from transformers import LlamaConfig
    return LlamaConfig(vocab_size=128, hidden_size=hidden, intermediate_size=intermediate, num_hidden_layers=2,
                       num_attention_heads=4, num_key_value_heads=2, tie_word_embeddings=False)


def bnb(case: str, quant_type: str, double: bool) -> None:
    import bitsandbytes as bnbl
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig
    torch.manual_seed(0)
    config = llama_config(72, 100)
    model = AutoModelForCausalLM.from_config(config).to(torch.bfloat16)
    tensors = []
    offsets = []
    for name, tensor in model.state_dict().items():
        module, last = name.rsplit(".", 1)
        if last == "weight" and tensor.dim() == 2 and module != "lm_head" and "embed" not in module:
            weight = bnbl.nn.Params4bit(tensor.clone(), requires_grad=False, compress_statistics=double,
                                        quant_type=quant_type)._quantize("cpu")
            layer_state = {"weight": weight}
            for key, value in weight.quant_state.as_dict(packed=True).items():
                layer_state[f"weight.{key}"] = value
            for key, value in layer_state.items():
                tensors.append(entry(f"{module}.{key}", value.shape, DTYPE_NAMES[value.dtype]))
                if "quant_state" in key:
                    state = json.loads(bytes(value.tolist()).decode())
                    if "nested_offset" in state:
                        offsets.append(len(json.dumps(state["nested_offset"])))
            continue
        tensors.append(entry(name, tensor.shape, "BF16"))
    data = json.loads(config.to_json_string())
    data["quantization_config"] = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type=quant_type,
                                                     bnb_4bit_use_double_quant=double,
                                                     bnb_4bit_compute_dtype=torch.bfloat16).to_dict()
    data["dtype"] = "bfloat16"
    write(case, data, tensors, f"bitsandbytes {bnbl.__version__} Params4bit quantised on the CPU, "
          "QuantState.as_dict(packed=True)", {"offset_chars": offsets})


def bnb8() -> None:
    import bitsandbytes as bnbl
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig
    torch.manual_seed(0)
    config = llama_config(72, 100)
    model = AutoModelForCausalLM.from_config(config).to(torch.float16)
    tensors = []
    for name, tensor in model.state_dict().items():
        module, last = name.rsplit(".", 1)
        if last == "weight" and tensor.dim() == 2 and module != "lm_head" and "embed" not in module:
            layer = bnbl.nn.Linear8bitLt(tensor.shape[1], tensor.shape[0], bias=False, has_fp16_weights=False)
            layer.weight = bnbl.nn.Int8Params(tensor.clone(), requires_grad=False, has_fp16_weights=False)._quantize(
                "cpu")
            for key, value in layer.state_dict().items():
                tensors.append(entry(f"{module}.{key}", value.shape, DTYPE_NAMES[value.dtype]))
            continue
        tensors.append(entry(name, tensor.shape, "F16"))
    data = json.loads(config.to_json_string())
    data["quantization_config"] = BitsAndBytesConfig(load_in_8bit=True).to_dict()
    data["dtype"] = "float16"
    write("llama-bnb-int8", data, tensors, f"bitsandbytes {bnbl.__version__} Linear8bitLt quantised on the CPU, "
          "its state_dict (weight, SCB, weight_format)")


def packed_int(case: str, method: str) -> None:
    config = llama_config(256, 320 if method == "gptq" else 384)
    model = meta_model(config)
    bits, group = 4, 128
    tensors = []
    for name, tensor in stored(model).items():
        module, last = name.rsplit(".", 1)
        if last == "weight" and tensor.dim() == 2 and module != "lm_head" and "embed" not in module:
            out_f, in_f = tensor.shape
            if method == "gptq":
                groups = math.ceil(in_f / group)
                tensors += [entry(f"{module}.qweight", [in_f // 32 * bits, out_f], "I32"),
                            entry(f"{module}.qzeros", [groups, out_f // 32 * bits], "I32"),
                            entry(f"{module}.scales", [groups, out_f], "F16"),
                            entry(f"{module}.g_idx", [in_f], "I32")]
            else:
                pack = 32 // bits
                tensors += [entry(f"{module}.qweight", [in_f, out_f // pack], "I32"),
                            entry(f"{module}.qzeros", [in_f // group, out_f // pack], "I32"),
                            entry(f"{module}.scales", [in_f // group, out_f], "F16")]
            continue
        tensors.append(entry(name, tensor.shape, "F16"))
    data = json.loads(config.to_json_string())
    if method == "gptq":
        data["quantization_config"] = {"bits": 4, "group_size": 128, "desc_act": False, "sym": True,
                                       "quant_method": "gptq", "checkpoint_format": "gptq"}
    else:
        data["quantization_config"] = {"bits": 4, "group_size": 128, "zero_point": True, "version": "gemm",
                                       "quant_method": "awq", "modules_to_not_convert": None}
    data["torch_dtype"] = "float16"
    data.pop("dtype", None)
    write(case, data, tensors, f"{method} int4 g128 documented layout (gptqmodel QuantLinear / AutoAWQ WQLinear_GEMM)"
          "; transformers 5.24 LlamaForCausalLM (meta)")


def fp8_per_tensor() -> None:
    """FP8 with one scale per tensor and static activation scales (FP8Linear, block_size None)."""
    from transformers.integrations.finegrained_fp8 import FP8Linear
    config = llama_config(96, 160)
    model = meta_model(config)
    tensors = []
    for name, tensor in stored(model).items():
        module, last = name.rsplit(".", 1)
        if last == "weight" and tensor.dim() == 2 and module != "lm_head" and "embed" not in module:
            with torch.device("meta"):
                layer = FP8Linear(tensor.shape[1], tensor.shape[0], block_size=None, activation_scheme="static")
            tensors += [entry(f"{module}.{n}", p.shape, DTYPE_NAMES[p.dtype]) for n, p in layer.named_parameters()]
            continue
        tensors.append(entry(name, tensor.shape, "BF16"))
    data = json.loads(config.to_json_string())
    data["quantization_config"] = {"activation_scheme": "static", "quant_method": "fp8", "weight_block_size": None}
    data["torch_dtype"] = "bfloat16"
    data.pop("dtype", None)
    write("llama-fp8-static", data, tensors, "transformers 5.24 LlamaForCausalLM (meta) + FP8Linear(block_size=None, "
          "activation_scheme='static') per linear layer")


def nvfp4() -> None:
    config = llama_config(96, 160)
    model = meta_model(config)
    tensors = []
    for name, tensor in stored(model).items():
        module, last = name.rsplit(".", 1)
        if last == "weight" and tensor.dim() == 2 and module != "lm_head" and "embed" not in module:
            out_f, in_f = tensor.shape
            tensors += [entry(f"{module}.weight", [out_f, in_f // 2], "U8"),
                        entry(f"{module}.weight_scale", [out_f, in_f // 16], "F8_E4M3"),
                        entry(f"{module}.weight_scale_2", [], "F32"),
                        entry(f"{module}.input_scale", [], "F32")]
            continue
        tensors.append(entry(name, tensor.shape, "BF16"))
    data = json.loads(config.to_json_string())
    data["quantization_config"] = {"quant_method": "modelopt", "quant_algo": "NVFP4", "group_size": 16,
                                   "exclude_modules": ["lm_head"]}
    data["torch_dtype"] = "bfloat16"
    data.pop("dtype", None)
    write("llama-nvfp4", data, tensors, "NVIDIA ModelOpt unified HF checkpoint, NVFP4, documented layout; "
          "transformers 5.24 LlamaForCausalLM (meta)")


COMPRESSED = {  # case: config groups {name: (preset, targets)}
    "llama-ct-nvfp4": {"group_0": ("NVFP4", ["Linear"])},
    "llama-ct-mxfp4": {"group_0": ("MXFP4", ["Linear"])},
    "llama-ct-w4a16-asym": {"group_0": ("W4A16_ASYM", ["Linear"])},
    "llama-ct-w8a8": {"group_0": ("W8A8", ["Linear"])},
    "llama-ct-fp8": {"group_0": ("FP8", ["Linear"])},
    "llama-ct-fp8-block": {"group_0": ("FP8_BLOCK", ["Linear"])},
    "llama-ct-mixed": {"attention": ("W8A16", ["re:.*self_attn.*"]), "mlp": ("W4A16", ["re:.*mlp.*"])},
}


def compressed(case: str) -> None:
    """compressed-tensors (llm-compressor's format), quantised and compressed for real on the
    CPU by the library: the state dict after ModelCompressor.compress_model."""
    import compressed_tensors
    from compressed_tensors.compressors import ModelCompressor
    from compressed_tensors.quantization import (apply_quantization_config, preset_name_to_scheme,
                                                 QuantizationConfig)
    from transformers import AutoModelForCausalLM
    torch.manual_seed(0)
    config = llama_config(128, 384)
    model = AutoModelForCausalLM.from_config(config).to(torch.bfloat16)
    groups = {name: preset_name_to_scheme(preset, targets) for name, (preset, targets) in COMPRESSED[case].items()}
    quantization = QuantizationConfig(config_groups=groups, ignore=["lm_head"])
    apply_quantization_config(model, quantization)
    compressor = ModelCompressor.from_pretrained_model(model)
    compressor.compress_model(model)
    tensors = [entry(name, t.shape, DTYPE_NAMES[t.dtype])
               for name, t in model.state_dict().items()]
    data = json.loads(config.to_json_string())
    data["quantization_config"] = json.loads(json.dumps(compressor.quantization_config.model_dump(), default=str))
    data["dtype"] = "bfloat16"
    write(case, data, tensors, f"compressed-tensors {compressed_tensors.__version__}, preset(s) "
          f"{', '.join(p for p, _ in COMPRESSED[case].values())}, ModelCompressor.compress_model on the CPU; "
          "transformers 5.24 LlamaForCausalLM")


if __name__ == "__main__":
    gpt_oss()
    deepseek_v3()
    bnb("llama-bnb-nf4", "nf4", True)
    bnb("llama-bnb-fp4", "fp4", False)
    bnb8()
    packed_int("llama-gptq-int4-g128", "gptq")
    packed_int("llama-awq-int4-g128", "awq")
    nvfp4()
    fp8_per_tensor()
    for name in COMPRESSED:
        compressed(name)
