"""SmolVLM vision tower alone (model_type smolvlm_vision, SmolVLMVisionTransformer): defaults and a tiny
variant (1 channel, 3 layers, patch 4)."""

CASES = [
    dict(case_id="smolvlm_vision-defaults", model_type="smolvlm_vision", config={},
         architecture="SmolVLMVisionTransformer", source="SmolVLMVisionConfig() defaults"),
    dict(case_id="smolvlm_vision-tiny", model_type="smolvlm_vision", architecture="SmolVLMVisionTransformer",
         source="tiny: 1 channel, 3 layers, image 32, patch 4",
         config=dict(hidden_size=32, intermediate_size=48, num_hidden_layers=3, num_attention_heads=2, num_channels=1,
                     image_size=32, patch_size=4)),
]
