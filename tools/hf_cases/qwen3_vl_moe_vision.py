"""Qwen3-VL MoE's vision encoder alone (model_type qwen3_vl_moe_vision, Qwen3VLMoeVisionModel): defaults,
Qwen3-VL-30B-A3B-Instruct's vision_config, and a tiny one."""
from hf_cases.qwen3_vl import vision_8b

CASES = [
    dict(case_id="qwen3_vl_moe_vision-defaults", model_type="qwen3_vl_moe_vision", config={},
         architecture="Qwen3VLMoeVisionModel", source="Qwen3VLMoeVisionConfig() defaults"),
    dict(case_id="qwen3_vl_moe_vision-30b-a3b-instruct", model_type="qwen3_vl_moe_vision",
         architecture="Qwen3VLMoeVisionModel",
         source="vision_config of Qwen/Qwen3-VL-30B-A3B-Instruct (from memory of the Hub file)",
         config={k: v for k, v in vision_8b(out_hidden_size=2048).items() if k != "model_type"}),
    dict(case_id="qwen3_vl_moe_vision-tiny", model_type="qwen3_vl_moe_vision", architecture="Qwen3VLMoeVisionModel",
         source="attribute_map names, 1 channel, temporal 3, one DeepStack merger",
         config=dict(num_hidden_layers=2, hidden_size=32, intermediate_size=24, num_attention_heads=4, in_channels=1,
                     patch_size=2, temporal_patch_size=3, spatial_merge_size=2, out_hidden_size=16,
                     num_position_embeddings=4, deepstack_visual_indexes=[1])),
]
