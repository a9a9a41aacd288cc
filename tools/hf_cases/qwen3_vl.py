"""Qwen3-VL: defaults, Qwen3-VL-8B-Instruct as published, both heads, and every option the template reads (text
widths, kv heads, head_dim, attention_bias; the vision tower's widths, channels, patch sizes, merge size, position
table, DeepStack mergers, the attribute_map names; the top-level tie, and text_config's, which does not tie).
Heads with a text decoder record the KV cache of a one-token forward (kv_cache=True)."""

TEXT = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16,
            rope_parameters=dict(rope_type="default", rope_theta=10000.0, mrope_section=[4, 2, 2]))
VISION = dict(depth=2, hidden_size=32, intermediate_size=48, num_heads=2, patch_size=4, spatial_merge_size=2,
              temporal_patch_size=2, out_hidden_size=64, num_position_embeddings=16, deepstack_visual_indexes=[0])
TINY = dict(text_config=TEXT, vision_config=VISION)


def text_8b(**overrides):
    """text_config of Qwen/Qwen3-VL-8B-Instruct (config.json on the Hub, from memory; 4B's checked in a copy)."""
    config = dict(attention_bias=False, attention_dropout=0.0, bos_token_id=151643, eos_token_id=151645, head_dim=128,
                  hidden_act="silu", hidden_size=4096, initializer_range=0.02, intermediate_size=12288,
                  max_position_embeddings=262144, model_type="qwen3_vl_text", num_attention_heads=32,
                  num_hidden_layers=36, num_key_value_heads=8, rms_norm_eps=1e-06,
                  rope_scaling=dict(mrope_interleaved=True, mrope_section=[24, 20, 20], rope_type="default"),
                  rope_theta=5000000, tie_word_embeddings=False, use_cache=True, vocab_size=151936)
    config.update(overrides)
    return config


def vision_8b(**overrides):
    """vision_config of Qwen/Qwen3-VL-8B-Instruct (model_type "qwen3_vl", as published; Qwen3VLConfig renames it)."""
    config = dict(deepstack_visual_indexes=[8, 16, 24], depth=27, hidden_act="gelu_pytorch_tanh", hidden_size=1152,
                  in_channels=3, initializer_range=0.02, intermediate_size=4304, model_type="qwen3_vl", num_heads=16,
                  num_position_embeddings=2304, out_hidden_size=4096, patch_size=16, spatial_merge_size=2,
                  temporal_patch_size=2)
    config.update(overrides)
    return config


CG = "Qwen3VLForConditionalGeneration"
CASES = [
    dict(case_id="qwen3_vl-defaults", model_type="qwen3_vl", config={}, architecture=CG, kv_cache=True,
         source="Qwen3VLConfig() defaults (Qwen3VLTextConfig and Qwen3VLVisionConfig defaults)"),
    dict(case_id="qwen3_vl-8b-instruct", model_type="qwen3_vl", architecture=CG, kv_cache=True,
         source="Qwen/Qwen3-VL-8B-Instruct config.json (from memory of the Hub file)",
         config=dict(image_token_id=151655, tie_word_embeddings=False, video_token_id=151656,
                     vision_end_token_id=151653, vision_start_token_id=151652, text_config=text_8b(),
                     vision_config=vision_8b())),
    dict(case_id="qwen3_vl-defaults-model", model_type="qwen3_vl", config={}, architecture="Qwen3VLModel",
         kv_cache=True, source="Qwen3VLConfig() defaults, the base model (no lm_head, no `model.` prefix)"),
    dict(case_id="qwen3_vl-tiny-options", model_type="qwen3_vl", architecture=CG, kv_cache=True,
         source="text: MQA, 3 layers, attention_bias, head_dim 8; vision: attribute_map names (num_hidden_layers,"
                " num_attention_heads), 1 channel, patch 2, temporal 1, merge 1, 9 positions, 2 DeepStack mergers",
         config=dict(text_config=dict(TEXT, num_key_value_heads=1, num_hidden_layers=3, attention_bias=True,
                                      head_dim=8, rope_parameters=dict(rope_type="default", rope_theta=10000.0,
                                                                       mrope_section=[2, 1, 1])),
                     vision_config=dict(num_hidden_layers=3, hidden_size=48, intermediate_size=40,
                                        num_attention_heads=4, in_channels=1, patch_size=2, temporal_patch_size=1,
                                        spatial_merge_size=1, out_hidden_size=64, num_position_embeddings=9,
                                        deepstack_visual_indexes=[0, 2]))),
    dict(case_id="qwen3_vl-tiny-tied", model_type="qwen3_vl", architecture=CG, kv_cache=True,
         source="top-level tie_word_embeddings true ties lm_head; no DeepStack merger",
         config=dict(TINY, tie_word_embeddings=True, vision_config=dict(VISION, deepstack_visual_indexes=[]))),
    dict(case_id="qwen3_vl-tiny-text-tie-ignored", model_type="qwen3_vl", architecture=CG, kv_cache=True,
         source="text_config.tie_word_embeddings true does not tie (Qwen3VLConfig reads only its own)",
         config=dict(TINY, text_config=dict(TEXT, tie_word_embeddings=True))),
    dict(case_id="qwen3_vl-tiny-model", model_type="qwen3_vl", architecture="Qwen3VLModel", kv_cache=True,
         source="base model", config=dict(TINY)),
]
