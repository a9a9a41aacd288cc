"""GLM-4.1V's vision encoder alone (model_type glm4v_vision, Glm4vVisionModel): defaults, GLM-4.1V-9B-Thinking's
vision_config, and a tiny one with the attribute_map names and every key the template reads."""
from hf_cases.glm4v import vision_published

TINY = dict(num_hidden_layers=2, hidden_size=24, num_attention_heads=2, in_channels=2, image_size=20, patch_size=4,
            temporal_patch_size=1, spatial_merge_size=2, out_hidden_size=16, intermediate_size=28,
            attention_bias=True)

CASES = [
    dict(case_id="glm4v_vision-defaults", model_type="glm4v_vision", config={}, architecture="Glm4vVisionModel",
         source="Glm4vVisionConfig() defaults"),
    dict(case_id="glm4v_vision-9b-thinking", model_type="glm4v_vision", architecture="Glm4vVisionModel",
         source="vision_config of zai-org/GLM-4.1V-9B-Thinking (from memory of the Hub file)",
         config=vision_published()),
    dict(case_id="glm4v_vision-tiny", model_type="glm4v_vision", architecture="Glm4vVisionModel",
         source="attribute_map names, 2 channels, image 20, patch 4, temporal 1, attention_bias", config=TINY),
]
