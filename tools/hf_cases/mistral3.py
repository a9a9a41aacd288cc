"""Mistral 3 (image-text): Mistral3Config defaults, Mistral-Small-3.1-24B-Instruct-2503 as published, both heads,
and every option the template reads (text_config/vision_config keys and their defaults when given, projector
bias, spatial_merge_size, ties, sliding window)."""

TEXT = dict(model_type="mistral", vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2,
            num_attention_heads=4, num_key_value_heads=2, head_dim=16, sliding_window=None)
VISION = dict(model_type="pixtral", hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2,
              image_size=32, patch_size=8)
TINY = dict(text_config=TEXT, vision_config=VISION)

CASES = [
    dict(case_id="mistral3-defaults", model_type="mistral3", config={},
         architecture="Mistral3ForConditionalGeneration",
         source="Mistral3Config() defaults (its own text and vision defaults)"),
    dict(case_id="mistral3-small-3.1-24b-instruct-2503", model_type="mistral3",
         architecture="Mistral3ForConditionalGeneration",
         source="mistralai/Mistral-Small-3.1-24B-Instruct-2503 config.json",
         config=dict(architectures=["Mistral3ForConditionalGeneration"], image_token_index=10,
                     multimodal_projector_bias=False, projector_hidden_act="gelu", spatial_merge_size=2,
                     text_config=dict(attention_dropout=0.0, head_dim=128, hidden_act="silu", hidden_size=5120,
                                      initializer_range=0.02, intermediate_size=32768,
                                      max_position_embeddings=131072, model_type="mistral", num_attention_heads=32,
                                      num_hidden_layers=40, num_key_value_heads=8, rms_norm_eps=1e-05,
                                      rope_theta=1000000000.0, sliding_window=None, use_cache=True,
                                      vocab_size=131072),
                     torch_dtype="bfloat16",
                     vision_config=dict(attention_dropout=0.0, head_dim=64, hidden_act="silu", hidden_size=1024,
                                        image_size=1540, initializer_range=0.02, intermediate_size=4096,
                                        model_type="pixtral", num_attention_heads=16, num_channels=3,
                                        num_hidden_layers=24, patch_size=14, rope_theta=10000.0),
                     vision_feature_layer=-1)),
    dict(case_id="mistral3-small-3.1-untied", model_type="mistral3", architecture="Mistral3ForConditionalGeneration",
         source="Mistral-Small-3.1-24B config.json with tie_word_embeddings false: the checkpoint's separate lm_head"
                " (published 24,011,361,280; transformers 5.24's Mistral3Config ties by default)",
         expected_params=24011361280,
         config=dict(tie_word_embeddings=False, text_config=dict(head_dim=128, hidden_size=5120,
                     intermediate_size=32768, model_type="mistral", num_attention_heads=32, num_hidden_layers=40,
                     num_key_value_heads=8, sliding_window=None, vocab_size=131072),
                     vision_config=dict(hidden_size=1024, intermediate_size=4096, model_type="pixtral",
                                        num_attention_heads=16, num_channels=3, num_hidden_layers=24, patch_size=14))),
    dict(case_id="mistral3-tiny-options", model_type="mistral3", architecture="Mistral3ForConditionalGeneration",
         source="every option flipped: untied, projector biases, spatial_merge_size 3, MQA, head_dim 24, window, 1"
                " channel, 3 vision layers, vision head_dim 12 (rotary only)",
         config=dict(TINY, tie_word_embeddings=False, multimodal_projector_bias=True, spatial_merge_size=3,
                     text_config=dict(TEXT, num_key_value_heads=1, head_dim=24, sliding_window=8),
                     vision_config=dict(VISION, num_channels=1, num_hidden_layers=3, patch_size=4, head_dim=12))),
    dict(case_id="mistral3-tiny-given-defaults", model_type="mistral3", architecture="Mistral3ForConditionalGeneration",
         source="text_config and vision_config given with only their model_type (MistralConfig and"
                " PixtralVisionConfig defaults: patch 16, head_dim 4096 // 32, sliding window)",
         config=dict(text_config=dict(model_type="mistral", num_hidden_layers=1, vocab_size=64),
                     vision_config=dict(model_type="pixtral", num_hidden_layers=1))),
    dict(case_id="mistral3-tiny-ministral3-text", model_type="mistral3",
         architecture="Mistral3ForConditionalGeneration",
         source="text_config of model_type ministral3 (Ministral 3) given with few keys: Ministral3Config defaults",
         config=dict(text_config=dict(model_type="ministral3", num_hidden_layers=1, vocab_size=64),
                     vision_config=dict(VISION))),
    dict(case_id="mistral3-tiny-model", model_type="mistral3", architecture="Mistral3Model", source="base model",
         config=dict(TINY)),
]
