"""Idefics3 vision tower alone (model_type idefics3_vision, Idefics3VisionTransformer): defaults, Idefics3-8B's
tower as published, and a tiny variant (1 channel, 3 layers, patch 4)."""

CASES = [
    dict(case_id="idefics3_vision-defaults", model_type="idefics3_vision", config={},
         architecture="Idefics3VisionTransformer", source="Idefics3VisionConfig() defaults"),
    dict(case_id="idefics3_vision-8b-llama3", model_type="idefics3_vision", architecture="Idefics3VisionTransformer",
         source="vision_config of HuggingFaceM4/Idefics3-8B-Llama3 (from memory of the Hub file)",
         config=dict(hidden_size=1152, intermediate_size=4304, num_hidden_layers=27, num_attention_heads=16,
                     image_size=364, patch_size=14)),
    dict(case_id="idefics3_vision-tiny", model_type="idefics3_vision", architecture="Idefics3VisionTransformer",
         source="tiny: 1 channel, 3 layers, image 32, patch 4",
         config=dict(hidden_size=32, intermediate_size=48, num_hidden_layers=3, num_attention_heads=2, num_channels=1,
                     image_size=32, patch_size=4)),
]
