"""GLM-4.1V: defaults, GLM-4.1V-9B-Thinking as published, both heads, and every option the template reads (text
widths, kv heads, partial_rotary_factor from rope_parameters or its own key, a head_dim that only the rotary
embedding reads; the vision tower's widths, image and patch sizes, merge size, attention_bias, the attribute_map
names; the top-level tie or text_config's). Heads with a text decoder record the KV cache of a one-token forward
(kv_cache=True); transformers' own defaults cannot run one (mrope_section [8, 12, 12] covers half of the default
128 rotated dimensions), so their fixtures have no KV figure."""

TEXT = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2,
            rope_parameters=dict(rope_type="default", rope_theta=10000.0, partial_rotary_factor=0.5,
                                 mrope_section=[2, 1, 1]))
VISION = dict(depth=2, hidden_size=32, num_heads=2, image_size=16, patch_size=4, spatial_merge_size=2,
              temporal_patch_size=2, out_hidden_size=64, intermediate_size=48)
TINY = dict(text_config=TEXT, vision_config=VISION)


def vision_published(**overrides):
    """vision_config of zai-org/GLM-4.1V-9B-Thinking (from memory of the Hub file)."""
    config = dict(hidden_size=1536, depth=24, num_heads=12, attention_bias=False, intermediate_size=13696,
                  hidden_act="silu", initializer_range=0.02, image_size=336, patch_size=14, out_hidden_size=4096,
                  rms_norm_eps=1e-05, spatial_merge_size=2, temporal_patch_size=2)
    config.update(overrides)
    return config


def text_9b(**overrides):
    """text_config of zai-org/GLM-4.1V-9B-Thinking (from memory of the Hub file)."""
    config = dict(pad_token_id=151329, vocab_size=151552, eos_token_id=[151329, 151336, 151338], attention_bias=True,
                  attention_dropout=0.0, hidden_act="silu", hidden_size=4096, initializer_range=0.02,
                  intermediate_size=13696, max_position_embeddings=65536, num_attention_heads=32,
                  num_hidden_layers=40, num_key_value_heads=2, rms_norm_eps=1e-05, rope_theta=10000.0,
                  tie_word_embeddings=False, use_cache=True, partial_rotary_factor=0.5,
                  rope_scaling=dict(rope_type="default", mrope_section=[8, 12, 12]))
    config.update(overrides)
    return config


CG = "Glm4vForConditionalGeneration"
CASES = [
    dict(case_id="glm4v-defaults", model_type="glm4v", config={}, architecture=CG, kv_cache=True,
         source="Glm4vConfig() defaults (Glm4vTextConfig and Glm4vVisionConfig defaults)"),
    dict(case_id="glm4v-9b-thinking", model_type="glm4v", architecture=CG, kv_cache=True,
         source="zai-org/GLM-4.1V-9B-Thinking config.json (from memory of the Hub file)",
         config=dict(image_start_token_id=151339, image_end_token_id=151340, video_start_token_id=151341,
                     video_end_token_id=151342, image_token_id=151343, video_token_id=151344,
                     text_config=text_9b(), vision_config=vision_published())),
    dict(case_id="glm4v-defaults-model", model_type="glm4v", config={}, architecture="Glm4vModel", kv_cache=True,
         source="Glm4vConfig() defaults, the base model (no lm_head, no `model.` prefix)"),
    dict(case_id="glm4v-tiny-options", model_type="glm4v", architecture=CG, kv_cache=True,
         source="text: MQA, 3 layers, partial_rotary_factor as its own key (1), head_dim 8 (rotary only),"
                " attention_bias false (ignored: q/k/v always biased); vision: attribute_map names, attention_bias,"
                " 1 channel, image 18, patch 3, temporal 1, merge 3",
         config=dict(text_config=dict(TEXT, num_key_value_heads=1, num_hidden_layers=3, head_dim=8,
                                      attention_bias=False, partial_rotary_factor=1.0,
                                      rope_parameters=dict(rope_type="default", rope_theta=10000.0,
                                                           mrope_section=[2, 1, 1])),
                     vision_config=dict(num_hidden_layers=3, hidden_size=48, num_attention_heads=4, in_channels=1,
                                        image_size=18, patch_size=3, temporal_patch_size=1, spatial_merge_size=3,
                                        out_hidden_size=64, intermediate_size=40, attention_bias=True))),
    dict(case_id="glm4v-tiny-tied", model_type="glm4v", architecture=CG, kv_cache=True,
         source="top-level tie_word_embeddings true ties lm_head", config=dict(TINY, tie_word_embeddings=True)),
    dict(case_id="glm4v-tiny-text-tied", model_type="glm4v", architecture=CG, kv_cache=True,
         source="text_config.tie_word_embeddings true ties too (Glm4vConfig)",
         config=dict(TINY, text_config=dict(TEXT, tie_word_embeddings=True))),
    dict(case_id="glm4v-tiny-model", model_type="glm4v", architecture="Glm4vModel", kv_cache=True,
         source="base model", config=dict(TINY)),
]
