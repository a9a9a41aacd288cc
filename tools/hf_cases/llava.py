"""LLaVA: defaults, llava-1.5-7b-hf as published, both heads, and every option the template reads
(text_config and vision_config keys, a Mistral text model, projector bias, ties)."""

TEXT = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4)
VISION = dict(hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2, image_size=32,
              patch_size=8)
TINY = dict(text_config=TEXT, vision_config=VISION)

CASES = [
    dict(case_id="llava-defaults", model_type="llava", config={}, architecture="LlavaForConditionalGeneration",
         source="LlavaConfig() defaults (LlamaConfig and LlavaConfig's CLIPVisionConfig)"),
    dict(case_id="llava-1.5-7b-hf", model_type="llava", architecture="LlavaForConditionalGeneration",
         source="llava-hf/llava-1.5-7b-hf config.json", expected_params=7063427072,
         config=dict(ignore_index=-100, image_token_index=32000, projector_hidden_act="gelu",
                     text_config=dict(architectures=["LlamaForCausalLM"], max_position_embeddings=4096,
                                      model_type="llama", rms_norm_eps=1e-05, torch_dtype="float16",
                                      vocab_size=32064),
                     tie_word_embeddings=False, torch_dtype="float16", vision_feature_layer=-2,
                     vision_feature_select_strategy="default",
                     vision_config=dict(hidden_size=1024, image_size=336, intermediate_size=4096,
                                        model_type="clip_vision_model", num_attention_heads=16,
                                        num_hidden_layers=24, patch_size=14, projection_dim=768,
                                        vocab_size=32000))),
    dict(case_id="llava-tiny-options", model_type="llava", architecture="LlavaForConditionalGeneration",
         source="every option flipped: tied, no projector bias, GQA, head_dim 24, attention and MLP biases,"
                " 1 channel",
         config=dict(TINY, tie_word_embeddings=True, multimodal_projector_bias=False,
                     text_config=dict(TEXT, num_key_value_heads=2, head_dim=24, attention_bias=True, mlp_bias=True),
                     vision_config=dict(VISION, num_channels=1))),
    dict(case_id="llava-tiny-text-tied", model_type="llava", architecture="LlavaForConditionalGeneration",
         source="text_config.tie_word_embeddings true ties (LlavaConfig copies it up)",
         config=dict(TINY, text_config=dict(TEXT, tie_word_embeddings=True))),
    dict(case_id="llava-tiny-mistral", model_type="llava", architecture="LlavaForConditionalGeneration",
         source="text_config.model_type mistral: MistralConfig defaults for kv heads",
         config=dict(TINY, text_config=dict(TEXT, model_type="mistral", num_attention_heads=16))),
    dict(case_id="llava-tiny-model", model_type="llava", architecture="LlavaModel", source="base model",
         config=dict(TINY)),
]
