"""Idefics3: Idefics3Config defaults, Idefics3-8B-Llama3 and SmolVLM-256M-Instruct (whose config.json carries
model_type idefics3) as published, both heads, and every option the template reads (text_config and
vision_config keys, scale_factor, the top-level tie; text_config's tie is not read). KV cache per token for
every case (a text-only forward of the decoder)."""

TEXT = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4)
VISION = dict(hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2, image_size=32,
              patch_size=8)
TINY = dict(text_config=TEXT, vision_config=VISION)

CASES = [
    dict(case_id="idefics3-defaults", model_type="idefics3", config={}, architecture="Idefics3ForConditionalGeneration",
         source="Idefics3Config() defaults (LlamaConfig and Idefics3VisionConfig)", kv_cache=True),
    dict(case_id="idefics3-8b-llama3", model_type="idefics3", architecture="Idefics3ForConditionalGeneration",
         source="HuggingFaceM4/Idefics3-8B-Llama3 config.json (from memory of the Hub file: Llama 3.1 8B with 3 added"
                " tokens, SigLIP so400m at 364 px / patch 14, scale_factor 2: 169 tokens an image)", kv_cache=True,
         config=dict(architectures=["Idefics3ForConditionalGeneration"], image_token_id=128257, scale_factor=2,
                     tie_word_embeddings=False, torch_dtype="bfloat16",
                     text_config=dict(model_type="llama", vocab_size=128259, hidden_size=4096,
                                      intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
                                      num_key_value_heads=8, max_position_embeddings=131072, rms_norm_eps=1e-05,
                                      rope_theta=500000.0, pad_token_id=128002, torch_dtype="bfloat16"),
                     vision_config=dict(model_type="idefics3_vision", hidden_size=1152, intermediate_size=4304,
                                        num_hidden_layers=27, num_attention_heads=16, image_size=364, patch_size=14,
                                        hidden_act="gelu_pytorch_tanh", layer_norm_eps=1e-06))),
    dict(case_id="idefics3-smolvlm-256m-instruct", model_type="idefics3", architecture="Idefics3ForConditionalGeneration",
         source="HuggingFaceTB/SmolVLM-256M-Instruct config.json (from memory of the Hub file: SmolLM2-135M text,"
                " SigLIP base patch16-512, scale_factor 4: 64 tokens an image)", kv_cache=True,
         config=dict(architectures=["Idefics3ForConditionalGeneration"], image_token_id=49190, scale_factor=4,
                     torch_dtype="bfloat16",
                     text_config=dict(model_type="llama", vocab_size=49280, hidden_size=576, intermediate_size=1536,
                                      num_hidden_layers=30, num_attention_heads=9, num_key_value_heads=3,
                                      head_dim=64, max_position_embeddings=8192, rms_norm_eps=1e-05,
                                      rope_theta=100000, pad_token_id=2),
                     vision_config=dict(model_type="idefics3_vision", hidden_size=768, intermediate_size=3072,
                                        num_hidden_layers=12, num_attention_heads=12, image_size=512,
                                        patch_size=16))),
    dict(case_id="idefics3-tiny-options", model_type="idefics3", architecture="Idefics3ForConditionalGeneration",
         source="every option flipped: tied, scale_factor 3, GQA, head_dim 24, attention and MLP biases, 1 channel,"
                " 3 vision layers, patch 4", kv_cache=True,
         config=dict(TINY, tie_word_embeddings=True, scale_factor=3,
                     text_config=dict(TEXT, num_key_value_heads=2, head_dim=24, attention_bias=True, mlp_bias=True),
                     vision_config=dict(VISION, num_channels=1, num_hidden_layers=3, patch_size=4))),
    dict(case_id="idefics3-tiny-text-tied-only", model_type="idefics3", architecture="Idefics3ForConditionalGeneration",
         source="text_config.tie_word_embeddings true is not read: the top-level false keeps lm_head apart",
         kv_cache=True, config=dict(TINY, text_config=dict(TEXT, tie_word_embeddings=True))),
    dict(case_id="idefics3-tiny-model", model_type="idefics3", architecture="Idefics3Model", source="base model",
         kv_cache=True, config=dict(TINY, tie_word_embeddings=True)),
]
