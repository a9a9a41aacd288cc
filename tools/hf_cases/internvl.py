"""InternVL: InternVLConfig defaults, InternVL3-1B-hf and InternVL3-2B-hf as published, both heads, and every
option the template reads (a Qwen2, Llama or Qwen3 text_config with its class's defaults, the text model's
biases, GQA, head_dim and sliding window, the InternViT options, downsample_ratio, the top-level tie; text_config's
tie is not read). KV cache per token for every case (a text-only forward of the decoder)."""

TEXT = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4)
VISION = dict(hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2, image_size=32,
              patch_size=8)
TINY = dict(text_config=TEXT, vision_config=VISION)


def internvit_300m(**overrides):
    """vision_config of the InternVL3 -hf checkpoints (InternViT-300M-448px-V2_5)."""
    config = dict(model_type="internvl_vision", hidden_size=1024, intermediate_size=4096, num_hidden_layers=24,
                  num_attention_heads=16, attention_bias=True, image_size=[448, 448], patch_size=[14, 14],
                  num_channels=3, norm_type="layer_norm", layer_scale_init_value=0.1, use_qk_norm=False,
                  use_mask_token=False, use_absolute_position_embeddings=True, use_mean_pooling=True,
                  hidden_act="gelu", layer_norm_eps=1e-06)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="internvl-defaults", model_type="internvl", config={}, architecture="InternVLForConditionalGeneration",
         source="InternVLConfig() defaults (Qwen2Config and InternVLVisionConfig)", kv_cache=True),
    dict(case_id="internvl3-1b-hf", model_type="internvl", architecture="InternVLForConditionalGeneration",
         source="OpenGVLab/InternVL3-1B-hf config.json (from memory of the Hub file; untied: 938,193,024 is the Hub's 938M parameters; Qwen2.5-0.5B text with 151674"
                " tokens, InternViT-300M)", kv_cache=True,
         config=dict(architectures=["InternVLForConditionalGeneration"], downsample_ratio=0.5, image_seq_length=256,
                     image_token_id=151667, projector_hidden_act="gelu", vision_feature_layer=-1,
                     vision_feature_select_strategy="default", tie_word_embeddings=False, torch_dtype="bfloat16",
                     text_config=dict(model_type="qwen2", architectures=["Qwen2ForCausalLM"], vocab_size=151674,
                                      hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
                                      num_attention_heads=14, num_key_value_heads=2, max_position_embeddings=32768,
                                      max_window_layers=70, rms_norm_eps=1e-06, rope_theta=1000000.0,
                                      sliding_window=32768, use_sliding_window=False, torch_dtype="bfloat16"),
                     vision_config=internvit_300m())),
    dict(case_id="internvl3-2b-hf", model_type="internvl", architecture="InternVLForConditionalGeneration",
         source="OpenGVLab/InternVL3-2B-hf config.json (from memory of the Hub file; untied: 2,088,957,440 is the Hub's 2.09B parameters; Qwen2.5-1.5B text with 151674"
                " tokens, InternViT-300M)", kv_cache=True,
         config=dict(architectures=["InternVLForConditionalGeneration"], downsample_ratio=0.5, image_seq_length=256,
                     image_token_id=151667, projector_hidden_act="gelu", vision_feature_layer=-1,
                     vision_feature_select_strategy="default", tie_word_embeddings=False, torch_dtype="bfloat16",
                     text_config=dict(model_type="qwen2", architectures=["Qwen2ForCausalLM"], vocab_size=151674,
                                      hidden_size=1536, intermediate_size=8960, num_hidden_layers=28,
                                      num_attention_heads=12, num_key_value_heads=2, max_position_embeddings=32768,
                                      max_window_layers=70, rms_norm_eps=1e-06, rope_theta=1000000.0,
                                      sliding_window=32768, use_sliding_window=False, torch_dtype="bfloat16"),
                     vision_config=internvit_300m())),
    dict(case_id="internvl-tiny-options", model_type="internvl", architecture="InternVLForConditionalGeneration",
         source="every option flipped: untied, downsample_ratio 0.25, Qwen2 GQA with head_dim 24 and a sliding window"
                " from layer 1; InternViT biases, qk norms, RMSNorms, mask token, no absolute positions, final"
                " layernorm, 1 channel, rectangular image and patch", kv_cache=True,
         config=dict(TINY, tie_word_embeddings=False, downsample_ratio=0.25,
                     text_config=dict(TEXT, model_type="qwen2", num_key_value_heads=2, head_dim=24,
                                      use_sliding_window=True, sliding_window=8, max_window_layers=1),
                     vision_config=dict(VISION, attention_bias=True, use_qk_norm=True, norm_type="rms_norm",
                                        use_mask_token=True, use_absolute_position_embeddings=False,
                                        use_mean_pooling=False, num_channels=1, image_size=[32, 48],
                                        patch_size=[8, 4]))),
    dict(case_id="internvl-tiny-llama-text", model_type="internvl", architecture="InternVLForConditionalGeneration",
         source="text_config of model_type llama (LlamaConfig defaults: attention and MLP biases read), text tie"
                " false not read", kv_cache=True,
         config=dict(TINY, text_config=dict(TEXT, model_type="llama", attention_bias=True, mlp_bias=True,
                                            num_key_value_heads=1, tie_word_embeddings=False))),
    dict(case_id="internvl-tiny-qwen3-text", model_type="internvl", architecture="InternVLForConditionalGeneration",
         source="text_config of model_type qwen3 (InternVL3.5: Qwen3Config defaults: head_dim 128, q/k norms)",
         kv_cache=True,
         config=dict(TINY, text_config=dict(TEXT, model_type="qwen3", num_key_value_heads=2))),
    dict(case_id="internvl-tiny-model", model_type="internvl", architecture="InternVLModel", source="base model",
         kv_cache=True, config=dict(TINY, text_config=dict(TEXT, num_key_value_heads=4))),
]
