"""Mllama vision tower (`mllama_vision_model`: MllamaVisionConfig) saved alone: defaults and every option the
template reads (widths, local and global depth, image and patch size, channels, max_num_tiles with its
supported_aspect_ratios)."""

CASES = [
    dict(case_id="mllama_vision_model-defaults", model_type="mllama_vision_model", config={},
         architecture="MllamaVisionModel", source="MllamaVisionConfig() defaults"),
    dict(case_id="mllama_vision_model-tiny", model_type="mllama_vision_model", architecture="MllamaVisionModel",
         source="tiny tower: 3 local and 2 global layers, image 36 of patch 8, 1 channel, 2 tiles in 3 aspect ratios",
         config=dict(hidden_size=32, intermediate_size=48, num_hidden_layers=3, num_global_layers=2,
                     attention_heads=2, image_size=36, patch_size=8, num_channels=1, max_num_tiles=2,
                     supported_aspect_ratios=[[1, 1], [1, 2], [2, 1]], intermediate_layers_indices=[0, 2],
                     vision_output_dim=96)),
]
