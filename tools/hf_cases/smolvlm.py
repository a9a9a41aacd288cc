"""SmolVLM 2: SmolVLMConfig defaults, SmolVLM2-2.2B-Instruct and SmolVLM2-256M-Video-Instruct as published, both heads, and the options the
template reads (the same as idefics3's: text_config and vision_config keys, scale_factor, the top-level tie).
KV cache per token for every case (a text-only forward of the decoder)."""

TEXT = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4)
VISION = dict(hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2, image_size=32,
              patch_size=8)
TINY = dict(text_config=TEXT, vision_config=VISION)

CASES = [
    dict(case_id="smolvlm-defaults", model_type="smolvlm", config={}, architecture="SmolVLMForConditionalGeneration",
         source="SmolVLMConfig() defaults (LlamaConfig and SmolVLMVisionConfig)", kv_cache=True),
    dict(case_id="smolvlm2-2.2b-instruct", model_type="smolvlm", architecture="SmolVLMForConditionalGeneration",
         source="HuggingFaceTB/SmolVLM2-2.2B-Instruct config.json (from memory of the Hub file: SmolLM2-1.7B-like"
                " text, SigLIP so400m at 384 px / patch 14, scale_factor 3: 81 tokens an image)", kv_cache=True,
         config=dict(architectures=["SmolVLMForConditionalGeneration"], image_token_id=49190, scale_factor=3,
                     torch_dtype="bfloat16",
                     text_config=dict(model_type="llama", vocab_size=49280, hidden_size=2048, intermediate_size=8192,
                                      num_hidden_layers=24, num_attention_heads=32, num_key_value_heads=32,
                                      max_position_embeddings=16384, rms_norm_eps=1e-05, rope_theta=273768.0,
                                      pad_token_id=2),
                     vision_config=dict(model_type="smolvlm_vision", hidden_size=1152, intermediate_size=4304,
                                        num_hidden_layers=27, num_attention_heads=16, image_size=384,
                                        patch_size=14))),
    dict(case_id="smolvlm2-256m-video-instruct", model_type="smolvlm", architecture="SmolVLMForConditionalGeneration",
         source="HuggingFaceTB/SmolVLM2-256M-Video-Instruct config.json (from memory of the Hub file: SmolLM2-135M-like"
                " text, SigLIP base patch16-512, scale_factor 4: 64 tokens an image)", kv_cache=True,
         config=dict(architectures=["SmolVLMForConditionalGeneration"], image_token_id=49190, scale_factor=4,
                     torch_dtype="float32",
                     text_config=dict(model_type="llama", vocab_size=49280, hidden_size=576, intermediate_size=1536,
                                      num_hidden_layers=30, num_attention_heads=9, num_key_value_heads=3,
                                      head_dim=64, max_position_embeddings=8192, rms_norm_eps=1e-05,
                                      rope_theta=100000, pad_token_id=2),
                     vision_config=dict(model_type="smolvlm_vision", hidden_size=768, intermediate_size=3072,
                                        num_hidden_layers=12, num_attention_heads=12, image_size=512,
                                        patch_size=16))),
    dict(case_id="smolvlm-tiny-options", model_type="smolvlm", architecture="SmolVLMForConditionalGeneration",
         source="every option flipped: tied, scale_factor 4, GQA, head_dim 24, attention and MLP biases, 1 channel,"
                " 3 vision layers, patch 4", kv_cache=True,
         config=dict(TINY, tie_word_embeddings=True, scale_factor=4,
                     text_config=dict(TEXT, num_key_value_heads=2, head_dim=24, attention_bias=True, mlp_bias=True),
                     vision_config=dict(VISION, num_channels=1, num_hidden_layers=3, patch_size=4))),
    dict(case_id="smolvlm-tiny-model", model_type="smolvlm", architecture="SmolVLMModel", source="base model",
         kv_cache=True, config=dict(TINY)),
]
