"""Qwen3-VL MoE: defaults, Qwen3-VL-30B-A3B-Instruct as published, both heads, and every option the template reads
(the MoE schedule: decoder_sparse_step, mlp_only_layers, the num_local_experts alias, top-k; attention_bias, kv
heads, head_dim; the vision tower's keys and DeepStack mergers; the top-level tie, and text_config's, which does not
tie). Heads with a text decoder record the KV cache of a one-token forward (kv_cache=True)."""
from hf_cases.qwen3_vl import vision_8b

TEXT = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, moe_intermediate_size=24, num_experts=4, num_experts_per_tok=2,
            rope_parameters=dict(rope_type="default", rope_theta=10000.0, mrope_section=[4, 2, 2]))
VISION = dict(depth=2, hidden_size=32, intermediate_size=48, num_heads=2, patch_size=4, spatial_merge_size=2,
              temporal_patch_size=2, out_hidden_size=64, num_position_embeddings=16, deepstack_visual_indexes=[1])
TINY = dict(text_config=TEXT, vision_config=VISION)


def text_30b(**overrides):
    """text_config of Qwen/Qwen3-VL-30B-A3B-Instruct (config.json on the Hub, from memory)."""
    config = dict(attention_bias=False, attention_dropout=0.0, bos_token_id=151643, decoder_sparse_step=1,
                  eos_token_id=151645, head_dim=128, hidden_act="silu", hidden_size=2048, initializer_range=0.02,
                  intermediate_size=6144, max_position_embeddings=262144, mlp_only_layers=[],
                  model_type="qwen3_vl_moe_text", moe_intermediate_size=768, norm_topk_prob=True,
                  num_attention_heads=32, num_experts=128, num_experts_per_tok=8, num_hidden_layers=48,
                  num_key_value_heads=4, rms_norm_eps=1e-06,
                  rope_scaling=dict(mrope_interleaved=True, mrope_section=[24, 20, 20], rope_type="default"),
                  rope_theta=5000000, router_aux_loss_coef=0.001, use_cache=True, vocab_size=151936)
    config.update(overrides)
    return config


CG = "Qwen3VLMoeForConditionalGeneration"
CASES = [
    dict(case_id="qwen3_vl_moe-defaults", model_type="qwen3_vl_moe", config={}, architecture=CG, kv_cache=True,
         source="Qwen3VLMoeConfig() defaults (Qwen3VLMoeTextConfig and Qwen3VLMoeVisionConfig defaults)"),
    dict(case_id="qwen3_vl_moe-30b-a3b-instruct", model_type="qwen3_vl_moe", architecture=CG, kv_cache=True,
         source="Qwen/Qwen3-VL-30B-A3B-Instruct config.json (from memory of the Hub file)",
         config=dict(image_token_id=151655, tie_word_embeddings=False, video_token_id=151656,
                     vision_end_token_id=151653, vision_start_token_id=151652, text_config=text_30b(),
                     vision_config=vision_8b(model_type="qwen3_vl_moe", out_hidden_size=2048))),
    dict(case_id="qwen3_vl_moe-tiny-options", model_type="qwen3_vl_moe", architecture=CG, kv_cache=True,
         source="text: 4 layers, decoder_sparse_step 2, mlp_only_layers [3], num_local_experts alias (wins over"
                " num_experts), top-1, MQA, attention_bias, head_dim 8; vision: attribute_map names, 2 channels,"
                " patch 2, merge 1, 2 DeepStack mergers",
         config=dict(text_config=dict(TEXT, num_hidden_layers=4, decoder_sparse_step=2, mlp_only_layers=[3],
                                      num_experts=5, num_local_experts=3, num_experts_per_tok=1,
                                      num_key_value_heads=1, attention_bias=True, head_dim=8,
                                      rope_parameters=dict(rope_type="default", rope_theta=10000.0,
                                                           mrope_section=[2, 1, 1])),
                     vision_config=dict(num_hidden_layers=3, hidden_size=48, intermediate_size=40,
                                        num_attention_heads=4, in_channels=2, patch_size=2, spatial_merge_size=1,
                                        out_hidden_size=64, num_position_embeddings=9,
                                        deepstack_visual_indexes=[0, 2]))),
    dict(case_id="qwen3_vl_moe-tiny-tied", model_type="qwen3_vl_moe", architecture=CG, kv_cache=True,
         source="top-level tie_word_embeddings true ties lm_head; no experts (num_experts 0: every layer dense)",
         config=dict(TINY, tie_word_embeddings=True, text_config=dict(TEXT, num_experts=0))),
    dict(case_id="qwen3_vl_moe-tiny-text-tie-ignored", model_type="qwen3_vl_moe", architecture=CG, kv_cache=True,
         source="text_config.tie_word_embeddings true (its default) does not tie",
         config=dict(TINY, text_config=dict(TEXT, tie_word_embeddings=True))),
    dict(case_id="qwen3_vl_moe-tiny-model", model_type="qwen3_vl_moe", architecture="Qwen3VLMoeModel",
         kv_cache=True, source="base model", config=dict(TINY)),
]
