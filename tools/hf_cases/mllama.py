"""Mllama (`mllama`: MllamaConfig, Llama 3.2 Vision): defaults, Llama-3.2-11B-Vision and Llama-3.2-90B-Vision
as published (config.json from memory; the cards' 10.6B and 88.6B), every head (MllamaForConditionalGeneration,
MllamaModel, MllamaForCausalLM on the whole config), and every option the template reads."""

ASPECTS = [[1, 1], [1, 2], [1, 3], [1, 4], [2, 1], [2, 2], [3, 1], [4, 1]]
VISION = dict(attention_heads=16, hidden_act="gelu", hidden_size=1280, image_size=560, initializer_range=0.02,
              intermediate_layers_indices=[3, 7, 15, 23, 30], intermediate_size=5120, max_num_tiles=4,
              model_type="mllama_vision_model", norm_eps=1e-05, num_channels=3, num_global_layers=8,
              num_hidden_layers=32, patch_size=14, supported_aspect_ratios=ASPECTS, vision_output_dim=7680)
TEXT_11B = dict(bos_token_id=128000, cross_attention_layers=[3, 8, 13, 18, 23, 28, 33, 38], dropout=0,
                eos_token_id=128001, hidden_act="silu", hidden_size=4096, initializer_range=0.02,
                intermediate_size=14336, max_position_embeddings=131072, model_type="mllama_text_model",
                num_attention_heads=32, num_hidden_layers=40, num_key_value_heads=8, pad_token_id=128004,
                rms_norm_eps=1e-05, rope_scaling=dict(factor=8.0, high_freq_factor=4.0, low_freq_factor=1.0,
                                                      original_max_position_embeddings=8192, rope_type="llama3"),
                rope_theta=500000.0, tie_word_embeddings=False, use_cache=True, vocab_size=128256)
TEXT_90B = dict(TEXT_11B, cross_attention_layers=list(range(3, 100, 5)), hidden_size=8192, intermediate_size=28672,
                num_attention_heads=64, num_hidden_layers=100)

TINY_TEXT = dict(vocab_size=120, hidden_size=64, intermediate_size=96, num_hidden_layers=4, num_attention_heads=4,
                 num_key_value_heads=2, cross_attention_layers=[1, 3], pad_token_id=0)
TINY_VISION = dict(hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_global_layers=1, attention_heads=2,
                   image_size=32, patch_size=8, vision_output_dim=80)
TINY = dict(text_config=TINY_TEXT, vision_config=TINY_VISION)

CASES = [
    dict(case_id="mllama-defaults", model_type="mllama", config={}, architecture="MllamaForConditionalGeneration",
         source="MllamaConfig() defaults (MllamaTextConfig and MllamaVisionConfig defaults)"),
    dict(case_id="mllama-llama-3.2-11b-vision", model_type="mllama", architecture="MllamaForConditionalGeneration",
         source="meta-llama/Llama-3.2-11B-Vision config.json (from memory; the card's 10.6B)",
         config=dict(image_token_index=128256, text_config=TEXT_11B, vision_config=VISION)),
    dict(case_id="mllama-llama-3.2-90b-vision", model_type="mllama", architecture="MllamaForConditionalGeneration",
         source="meta-llama/Llama-3.2-90B-Vision config.json (from memory; the card's 88.6B)",
         config=dict(image_token_index=128256, text_config=TEXT_90B, vision_config=VISION)),
    dict(case_id="mllama-tiny", model_type="mllama", architecture="MllamaForConditionalGeneration",
         source="tiny towers", config=dict(TINY)),
    dict(case_id="mllama-tiny-options", model_type="mllama", architecture="MllamaForConditionalGeneration",
         source="tied at both levels (not applied), MQA, cross-attention at 0 and 2, 3 tiles in 3 aspect ratios, "
                "1 channel, image 40",
         config=dict(TINY, tie_word_embeddings=True,
                     text_config=dict(TINY_TEXT, tie_word_embeddings=True, num_key_value_heads=1,
                                      cross_attention_layers=[0, 2]),
                     vision_config=dict(TINY_VISION, max_num_tiles=3, supported_aspect_ratios=[[1, 1], [1, 2], [3, 1]],
                                        num_channels=1, image_size=40))),
    dict(case_id="mllama-tiny-model", model_type="mllama", architecture="MllamaModel", source="base model",
         config=dict(TINY)),
    dict(case_id="mllama-tiny-causal-lm", model_type="mllama", architecture="MllamaForCausalLM",
         source="MllamaForCausalLM built from the whole MllamaConfig (its text_config)", config=dict(TINY)),
]
