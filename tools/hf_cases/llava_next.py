"""LLaVA-NeXT: defaults, llava-v1.6-mistral-7b-hf as published, both heads, and every option the template
reads (text_config and vision_config keys, a Mistral text model, projector bias, ties)."""

TEXT = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4)
VISION = dict(hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2, image_size=32,
              patch_size=8)
TINY = dict(text_config=TEXT, vision_config=VISION)
VISION_336 = dict(hidden_size=1024, image_size=336, intermediate_size=4096, model_type="clip_vision_model",
                  num_attention_heads=16, num_hidden_layers=24, patch_size=14, projection_dim=768, vocab_size=32000)
PINPOINTS = [[336, 672], [672, 336], [672, 672], [1008, 336], [336, 1008]]

CASES = [
    dict(case_id="llava_next-defaults", model_type="llava_next", config={},
         architecture="LlavaNextForConditionalGeneration",
         source="LlavaNextConfig() defaults (LlamaConfig and LlavaNextConfig's CLIPVisionConfig)"),
    dict(case_id="llava_next-v1.6-mistral-7b-hf", model_type="llava_next",
         architecture="LlavaNextForConditionalGeneration",
         source="llava-hf/llava-v1.6-mistral-7b-hf config.json", expected_params=7566747648,
         config=dict(ignore_index=-100, image_grid_pinpoints=PINPOINTS, image_token_index=32000,
                     projector_hidden_act="gelu",
                     text_config=dict(_name_or_path="mistralai/Mistral-7B-Instruct-v0.2",
                                      architectures=["MistralForCausalLM"], intermediate_size=14336,
                                      max_position_embeddings=32768, model_type="mistral", num_key_value_heads=8,
                                      rms_norm_eps=1e-05, rope_theta=1000000.0, sliding_window=None,
                                      torch_dtype="bfloat16", vocab_size=32064),
                     torch_dtype="float16", use_image_newline_parameter=True, vision_config=VISION_336,
                     vision_feature_layer=-2, vision_feature_select_strategy="default", vocab_size=32064)),
    dict(case_id="llava_next-v1.6-vicuna-7b-hf", model_type="llava_next",
         architecture="LlavaNextForConditionalGeneration",
         source="llava-hf/llava-v1.6-vicuna-7b-hf config.json", expected_params=7063431168,
         config=dict(ignore_index=-100, image_grid_pinpoints=PINPOINTS, image_token_index=32000,
                     projector_hidden_act="gelu",
                     text_config=dict(_name_or_path="lmsys/vicuna-7b-v1.5", architectures=["LlamaForCausalLM"],
                                      max_position_embeddings=4096, model_type="llama", pad_token_id=0,
                                      rms_norm_eps=1e-05, torch_dtype="float16", vocab_size=32064),
                     tie_word_embeddings=False, torch_dtype="float16", use_image_newline_parameter=True,
                     vision_config=VISION_336, vision_feature_layer=-2, vision_feature_select_strategy="default",
                     vocab_size=32064)),
    dict(case_id="llava_next-tiny-options", model_type="llava_next", architecture="LlavaNextForConditionalGeneration",
         source="every option flipped: tied, no projector bias, GQA, head_dim 24, attention and MLP biases,"
                " 1 channel",
         config=dict(TINY, tie_word_embeddings=True, multimodal_projector_bias=False,
                     text_config=dict(TEXT, num_key_value_heads=2, head_dim=24, attention_bias=True, mlp_bias=True),
                     vision_config=dict(VISION, num_channels=1))),
    dict(case_id="llava_next-tiny-text-tied", model_type="llava_next",
         architecture="LlavaNextForConditionalGeneration",
         source="text_config.tie_word_embeddings true alone does not tie (LlavaNextConfig reads only its own)",
         config=dict(TINY, text_config=dict(TEXT, tie_word_embeddings=True))),
    dict(case_id="llava_next-tiny-mistral", model_type="llava_next", architecture="LlavaNextForConditionalGeneration",
         source="text_config.model_type mistral: MistralConfig defaults for kv heads",
         config=dict(TINY, text_config=dict(TEXT, model_type="mistral", num_attention_heads=16))),
    dict(case_id="llava_next-tiny-model", model_type="llava_next", architecture="LlavaNextModel", source="base model",
         config=dict(TINY)),
]
