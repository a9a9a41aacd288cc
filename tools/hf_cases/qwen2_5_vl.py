"""Qwen2.5-VL: defaults, Qwen2.5-VL-3B-Instruct and Qwen2.5-VL-7B-Instruct as published (flat text keys), both heads,
and every option the template reads (nested text_config, vision_config keys, ties, kv heads, sliding layers)."""

TEXT = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, bos_token_id=1, eos_token_id=2)
VISION = dict(depth=2, hidden_size=32, intermediate_size=40, out_hidden_size=64, num_heads=2, patch_size=4,
              spatial_merge_size=2, temporal_patch_size=2, fullatt_block_indexes=[1], window_size=16)
TINY = dict(text_config=TEXT, vision_config=VISION)
FLAT = dict(TEXT, vision_config=VISION)


def published(**text):
    vision = dict(depth=32, hidden_act="silu", hidden_size=1280, intermediate_size=3420, num_heads=16, in_chans=3,
                  out_hidden_size=text["hidden_size"], patch_size=14, spatial_merge_size=2, spatial_patch_size=14,
                  window_size=112, fullatt_block_indexes=[7, 15, 23, 31], tokens_per_second=2, temporal_patch_size=2)
    return dict(attention_dropout=0.0, bos_token_id=151643, eos_token_id=151645, vision_start_token_id=151652,
                vision_end_token_id=151653, vision_token_id=151654, image_token_id=151655, video_token_id=151656,
                hidden_act="silu", initializer_range=0.02, max_position_embeddings=128000, rms_norm_eps=1e-06,
                rope_theta=1000000.0, sliding_window=32768, torch_dtype="bfloat16", use_cache=True,
                use_sliding_window=False, vision_config=vision,
                rope_scaling=dict(type="mrope", mrope_section=[16, 24, 24]), **text)


CASES = [
    dict(case_id="qwen2_5_vl-defaults", model_type="qwen2_5_vl", config={},
         architecture="Qwen2_5_VLForConditionalGeneration",
         source="Qwen2_5_VLConfig() defaults (Qwen2_5_VLTextConfig and Qwen2_5_VLVisionConfig defaults)"),
    dict(case_id="qwen2_5_vl-3b-instruct", model_type="qwen2_5_vl", architecture="Qwen2_5_VLForConditionalGeneration",
         source="Qwen/Qwen2.5-VL-3B-Instruct config.json", expected_params=3754622976,
         config=published(hidden_size=2048, intermediate_size=11008, max_window_layers=70, num_attention_heads=16,
                          num_hidden_layers=36, num_key_value_heads=2, tie_word_embeddings=True, vocab_size=151936)),
    dict(case_id="qwen2_5_vl-7b-instruct", model_type="qwen2_5_vl", architecture="Qwen2_5_VLForConditionalGeneration",
         source="Qwen/Qwen2.5-VL-7B-Instruct config.json", expected_params=8292166656,
         config=published(hidden_size=3584, intermediate_size=18944, max_window_layers=28, num_attention_heads=28,
                          num_hidden_layers=28, num_key_value_heads=4, tie_word_embeddings=False, vocab_size=152064)),
    dict(case_id="qwen2_5_vl-tiny-flat", model_type="qwen2_5_vl", architecture="Qwen2_5_VLForConditionalGeneration",
         source="flat text keys (as published), MHA via num_key_value_heads null, tied at the top level",
         config=dict(FLAT, num_key_value_heads=None, tie_word_embeddings=True)),
    dict(case_id="qwen2_5_vl-tiny-options", model_type="qwen2_5_vl", architecture="Qwen2_5_VLForConditionalGeneration",
         source="nested text_config: MQA, 3 layers, sliding window on layers >= 1; vision: 1 channel, patch 2,"
                " temporal 1, merge 1, out_hidden_size 64, vision num_hidden_layers/num_attention_heads names",
         config=dict(text_config=dict(TEXT, num_key_value_heads=1, num_hidden_layers=3, use_sliding_window=True,
                                      sliding_window=8, max_window_layers=1),
                     vision_config=dict(num_hidden_layers=3, hidden_size=48, intermediate_size=56,
                                        out_hidden_size=64, num_attention_heads=4, in_channels=1, patch_size=2,
                                        spatial_merge_size=1, temporal_patch_size=1, fullatt_block_indexes=[2],
                                        window_size=8))),
    dict(case_id="qwen2_5_vl-tiny-text-tied", model_type="qwen2_5_vl",
         architecture="Qwen2_5_VLForConditionalGeneration",
         source="text_config.tie_word_embeddings true ties (Qwen2_5_VLConfig's backward compatibility)",
         config=dict(TINY, text_config=dict(TEXT, tie_word_embeddings=True))),
    dict(case_id="qwen2_5_vl-tiny-layer-types", model_type="qwen2_5_vl",
         architecture="Qwen2_5_VLForConditionalGeneration",
         source="text_config.layer_types: sliding, full, sliding with use_sliding_window",
         config=dict(TINY, text_config=dict(TEXT, num_hidden_layers=3, use_sliding_window=True, sliding_window=8,
                                            layer_types=["sliding_attention", "full_attention",
                                                         "sliding_attention"]))),
    dict(case_id="qwen2_5_vl-tiny-window-off", model_type="qwen2_5_vl",
         architecture="Qwen2_5_VLForConditionalGeneration",
         source="sliding_window null with use_sliding_window: no sliding layers",
         config=dict(TINY, text_config=dict(TEXT, use_sliding_window=True, sliding_window=None,
                                            max_window_layers=0))),
    dict(case_id="qwen2_5_vl-tiny-model", model_type="qwen2_5_vl", architecture="Qwen2_5_VLModel",
         source="base model", config=dict(TINY)),
]
