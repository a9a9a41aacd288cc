"""Qwen3-VL's vision encoder alone (model_type qwen3_vl_vision, Qwen3VLVisionModel): defaults, Qwen3-VL-8B-Instruct's
vision_config, and a tiny one with the attribute_map names and no DeepStack merger."""
from hf_cases.qwen3_vl import vision_8b

CASES = [
    dict(case_id="qwen3_vl_vision-defaults", model_type="qwen3_vl_vision", config={},
         architecture="Qwen3VLVisionModel", source="Qwen3VLVisionConfig() defaults"),
    dict(case_id="qwen3_vl_vision-8b-instruct", model_type="qwen3_vl_vision", architecture="Qwen3VLVisionModel",
         source="vision_config of Qwen/Qwen3-VL-8B-Instruct (from memory of the Hub file)",
         config={k: v for k, v in vision_8b().items() if k != "model_type"}),
    dict(case_id="qwen3_vl_vision-tiny", model_type="qwen3_vl_vision", architecture="Qwen3VLVisionModel",
         source="num_hidden_layers/num_attention_heads names, 2 channels, patch 3, temporal 1, merge 3, 25 positions,"
                " no DeepStack merger",
         config=dict(num_hidden_layers=2, hidden_size=24, intermediate_size=40, num_attention_heads=2, in_channels=2,
                     patch_size=3, temporal_patch_size=1, spatial_merge_size=3, out_hidden_size=20,
                     num_position_embeddings=25, deepstack_visual_indexes=[])),
]
