"""Llama 4 vision tower (`llama4_vision_model`: Llama4VisionConfig) saved alone: defaults, Llama-4-Scout's
tower, and every option the template reads (widths, depth, image and patch size, channels, the adapter's
projector_input_dim / projector_output_dim, an odd rotary frequency count)."""

CASES = [
    dict(case_id="llama4_vision_model-defaults", model_type="llama4_vision_model", config={},
         architecture="Llama4VisionModel", source="Llama4VisionConfig() defaults"),
    dict(case_id="llama4_vision_model-tiny", model_type="llama4_vision_model", architecture="Llama4VisionModel",
         source="tiny tower, image 36 of patch 8 (4 x 4 patches, the rest cut), 1 channel, odd head_dim / 2",
         config=dict(hidden_size=36, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2, image_size=36,
                     patch_size=8, num_channels=1, projector_input_dim=40, projector_output_dim=24,
                     vision_output_dim=24)),
]
