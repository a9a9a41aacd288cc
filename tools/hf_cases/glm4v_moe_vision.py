"""GLM-4.5V's vision encoder alone (model_type glm4v_moe_vision, Glm4vMoeVisionModel): defaults, GLM-4.5V's
vision_config, and a tiny one."""
from hf_cases.glm4v import vision_published
from hf_cases.glm4v_vision import TINY

CASES = [
    dict(case_id="glm4v_moe_vision-defaults", model_type="glm4v_moe_vision", config={},
         architecture="Glm4vMoeVisionModel", source="Glm4vMoeVisionConfig() defaults"),
    dict(case_id="glm4v_moe_vision-4.5v", model_type="glm4v_moe_vision", architecture="Glm4vMoeVisionModel",
         source="vision_config of zai-org/GLM-4.5V (its checkpoint's tensor list)",
         config=vision_published(intermediate_size=10944)),
    dict(case_id="glm4v_moe_vision-tiny", model_type="glm4v_moe_vision", architecture="Glm4vMoeVisionModel",
         source="tiny encoder, merge 1", config=dict(TINY, spatial_merge_size=1, attention_bias=False)),
]
