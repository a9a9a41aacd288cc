#!/usr/bin/env python3
"""Write the per-family GGUF files that tests/test_gguf_names.py diffs against their configs.

Dev-only, never in CI. For each family a tiny transformers 5.24 model is built on the meta
device from a config (written next to the file as ``config.json``); its state dict is
turned into llama.cpp's tensors the way ``convert_hf_to_gguf.py`` does it, and the names
come from gguf-py's own ``TensorNameMap`` (``gguf.get_tensor_name_map``), not from the
estimator's tables:

- experts (transformers 5 fuses them: ``experts.gate_up_proj`` [E, 2I, H], ``down_proj``
  [E, H, I]) stacked per projection as convert writes them (``ffn_gate_exps`` [E, I, H],
  ``ffn_up_exps``, ``ffn_down_exps``), or fused (``ffn_gate_up_exps``, convert's
  ``--fuse-gate-up-exps``) for one case; gpt-oss' [E, H, 2I] gate/up interleaved rows
  transposed and split as its converter does, biases too; ``sinks`` -> ``attn_sinks.weight``;
- DeepSeek: ``kv_b_proj`` split into ``attn_k_b`` [heads, kv_lora, qk_nope] (transposed)
  and ``attn_v_b`` [heads, v_head, kv_lora]; ``e_score_correction_bias`` -> ``exp_probs_b.bias``;
- Mamba: the conv1d weight squeezed to [d_inner, kernel]; ``A_log`` -> ``ssm_a``, ``D`` -> ``ssm_d``;
- a tied output head is not written; multimodal models' text part only (``language_model.``
  dropped; the vision tower goes to an mmproj file, not written here).

Tensors are F16 zeros (the tests read headers). Run from the repository root:

    /work/venv-ref/bin/pip install gguf
    /work/venv-ref/bin/python tools/make_gguf_fixtures.py
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import gguf
import numpy as np
import torch
import transformers

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "gguf"

TEXT = dict(vocab_size=32, hidden_size=16, intermediate_size=24, num_hidden_layers=2, num_attention_heads=2,
            num_key_value_heads=1)
CASES = {  # name: (gguf arch, architectures[0], config class, config kwargs)
    "qwen2": ("QWEN2", "Qwen2ForCausalLM", "Qwen2Config", dict(TEXT, tie_word_embeddings=False)),
    "qwen2moe": ("QWEN2MOE", "Qwen2MoeForCausalLM", "Qwen2MoeConfig",
                 dict(TEXT, moe_intermediate_size=8, shared_expert_intermediate_size=12, num_experts=4,
                      num_experts_per_tok=2, decoder_sparse_step=1, mlp_only_layers=[], tie_word_embeddings=False)),
    "qwen3moe": ("QWEN3MOE", "Qwen3MoeForCausalLM", "Qwen3MoeConfig",
                 dict(TEXT, head_dim=8, moe_intermediate_size=8, num_experts=4, num_experts_per_tok=2,
                      decoder_sparse_step=1, mlp_only_layers=[], tie_word_embeddings=False)),
    "qwen3moe-fused": ("QWEN3MOE", "Qwen3MoeForCausalLM", "Qwen3MoeConfig",
                       dict(TEXT, head_dim=8, moe_intermediate_size=8, num_experts=4, num_experts_per_tok=2,
                            decoder_sparse_step=1, mlp_only_layers=[], tie_word_embeddings=False)),
    "gemma": ("GEMMA", "GemmaForCausalLM", "GemmaConfig", dict(TEXT, head_dim=8)),
    "gemma2": ("GEMMA2", "Gemma2ForCausalLM", "Gemma2Config", dict(TEXT, head_dim=8)),
    "gemma3": ("GEMMA3", "Gemma3ForCausalLM", "Gemma3TextConfig", dict(TEXT, head_dim=8, sliding_window=4)),
    "phi3": ("PHI3", "Phi3ForCausalLM", "Phi3Config", dict(TEXT, num_key_value_heads=2, tie_word_embeddings=False,
                                                            pad_token_id=0)),
    "deepseek2": ("DEEPSEEK2", "DeepseekV3ForCausalLM", "DeepseekV3Config",
                  dict(TEXT, num_key_value_heads=2, moe_intermediate_size=8, first_k_dense_replace=1,
                       n_routed_experts=4, n_shared_experts=1, num_experts_per_tok=2, n_group=1, topk_group=1,
                       q_lora_rank=12, kv_lora_rank=8, qk_rope_head_dim=4, qk_nope_head_dim=6, v_head_dim=5,
                       tie_word_embeddings=False)),
    "deepseek2-lite": ("DEEPSEEK2", "DeepseekV2ForCausalLM", "DeepseekV2Config",
                       dict(TEXT, num_key_value_heads=2, moe_intermediate_size=8, first_k_dense_replace=1,
                            n_routed_experts=4, n_shared_experts=2, num_experts_per_tok=2, q_lora_rank=None,
                            kv_lora_rank=8, qk_rope_head_dim=4, qk_nope_head_dim=6, v_head_dim=5,
                            tie_word_embeddings=False)),
    "gpt-oss": ("GPT_OSS", "GptOssForCausalLM", "GptOssConfig",
                dict(TEXT, head_dim=8, num_local_experts=4, num_experts_per_tok=2,
                     layer_types=["sliding_attention", "full_attention"], tie_word_embeddings=False)),
    "mistral3": ("MISTRAL3", "Mistral3ForConditionalGeneration", "Mistral3Config",
                 dict(text_config=dict(TEXT, model_type="mistral", head_dim=8),
                      vision_config=dict(model_type="pixtral", hidden_size=16, intermediate_size=24,
                                         num_hidden_layers=1, num_attention_heads=2, image_size=16, patch_size=8))),
    "gemma3-vision": ("GEMMA3", "Gemma3ForConditionalGeneration", "Gemma3Config",
                      dict(text_config=dict(TEXT, model_type="gemma3_text", head_dim=8, sliding_window=4),
                           vision_config=dict(model_type="siglip_vision_model", hidden_size=16, intermediate_size=24,
                                              num_hidden_layers=1, num_attention_heads=2, image_size=16,
                                              patch_size=8), mm_tokens_per_image=4)),
    "mamba": ("MAMBA", "MambaForCausalLM", "MambaConfig",
              dict(vocab_size=32, hidden_size=16, state_size=4, num_hidden_layers=2, expand=2, conv_kernel=4)),
}


def hf_state(architecture: str, config) -> dict:
    with torch.device("meta"):
        model = getattr(transformers, architecture)(config)
    state = {name: tuple(t.shape) for name, t in model.state_dict().items()}
    tied = getattr(config.get_text_config(), "tie_word_embeddings", False) or getattr(config, "tie_word_embeddings",
                                                                                     False)
    if tied:
        state.pop("lm_head.weight", None)  # convert writes a tied head once, as token_embd
    return state


def converted(case: str, state: dict, config) -> list:
    """(HF-style name convert_hf_to_gguf maps, shape) pairs, as its modify_tensors yields them."""
    text = config.get_text_config()
    out = []
    for name, shape in state.items():
        if case in ("mistral3", "gemma3-vision"):
            if not name.startswith("model.language_model.") and name != "lm_head.weight":
                continue  # the vision tower and projector go to the mmproj file
            name = name.replace("model.language_model.", "model.")
        if ".mlp.experts." in name and name.rsplit(".", 1)[-1] in ("gate_up_proj", "down_proj", "gate_up_proj_bias",
                                                                   "down_proj_bias"):
            base, last = name.rsplit(".", 1)
            if case == "gpt-oss":
                if last == "gate_up_proj":  # [E, H, 2I]: transposed, gate/up rows interleaved
                    e, h, two_i = shape
                    out += [(f"{base}.gate_proj.weight", (e, two_i // 2, h)), (f"{base}.up_proj.weight",
                                                                               (e, two_i // 2, h))]
                elif last == "gate_up_proj_bias":
                    e, two_i = shape
                    out += [(f"{base}.gate_proj.bias", (e, two_i // 2)), (f"{base}.up_proj.bias", (e, two_i // 2))]
                elif last == "down_proj":  # [E, I, H] -> [E, H, I]
                    out.append((f"{base}.down_proj.weight", (shape[0], shape[2], shape[1])))
                else:
                    out.append((f"{base}.down_proj.bias", shape))
                continue
            if last == "gate_up_proj":  # [E, 2I, H]
                e, two_i, h = shape
                if case.endswith("-fused"):
                    out.append((f"{base}.gate_up_proj.weight", shape))
                else:
                    out += [(f"{base}.gate_proj.weight", (e, two_i // 2, h)), (f"{base}.up_proj.weight",
                                                                               (e, two_i // 2, h))]
            else:
                out.append((f"{base}.down_proj.weight", shape))
            continue
        if name.endswith("kv_b_proj.weight"):  # MLA absorption: k_b transposed, v_b
            heads = text.num_attention_heads
            nope, v, rank = text.qk_nope_head_dim, text.v_head_dim, shape[1]
            out += [(name.replace("kv_b_proj", "k_b_proj"), (heads, rank, nope)),
                    (name.replace("kv_b_proj", "v_b_proj"), (heads, v, rank))]
            continue
        if name.endswith("e_score_correction_bias"):
            out.append((name.replace("e_score_correction_bias", "e_score_correction.bias"), shape))
            continue
        if case == "gpt-oss" and name.endswith(".sinks"):
            out.append((name + ".weight", shape))
            continue
        if case == "mamba" and name.endswith("conv1d.weight"):
            out.append((name, tuple(d for d in shape if d != 1)))  # squeeze()
            continue
        out.append((name, shape))
    return out


def write(case: str) -> None:
    arch_name, architecture, config_class, kwargs = CASES[case]
    config = getattr(transformers, config_class)(**kwargs)
    arch = getattr(gguf.MODEL_ARCH, arch_name)
    names = gguf.get_tensor_name_map(arch, config.get_text_config().num_hidden_layers)
    folder = OUT / case
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    data = json.loads(config.to_json_string())
    data["architectures"] = [architecture]
    (folder / "config.json").write_text(json.dumps(data, indent=2) + "\n")
    writer = gguf.GGUFWriter(str(folder / "model.gguf"), gguf.MODEL_ARCH_NAMES[arch])
    writer.add_block_count(config.get_text_config().num_hidden_layers)
    count = 0
    for name, shape in converted(case, hf_state(architecture, config), config):
        if case.endswith("-fused") and name.endswith("experts.gate_up_proj.weight"):
            bid = name.split(".")[2]
            gguf_name = gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.FFN_GATE_UP_EXP].format(bid=bid) + ".weight"
        else:
            gguf_name = names.get_name(name, try_suffixes=(".weight", ".bias"))
        if gguf_name is None:
            raise SystemExit(f"{case}: gguf-py has no name for {name}")
        writer.add_tensor(gguf_name, np.zeros(shape, dtype=np.float16))  # numpy order = PyTorch order
        count += 1
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    print(f"{case}: {count} tensors ({gguf.MODEL_ARCH_NAMES[arch]})")


if __name__ == "__main__":
    for name in CASES:
        write(name)
