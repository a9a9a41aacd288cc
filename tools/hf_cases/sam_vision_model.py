"""SamVisionModel (model_type sam_vision_model): defaults (ViT-B), sam-vit-huge's image encoder, and a tiny
variant with a global layer, mlp_dim given and no qkv bias."""

CASES = [
    dict(case_id="sam_vision_model-defaults", model_type="sam_vision_model", config={}, architecture="SamVisionModel",
         source="SamVisionConfig() defaults"),
    dict(case_id="sam_vision_model-vit-huge", model_type="sam_vision_model", architecture="SamVisionModel",
         source="facebook/sam-vit-huge vision_config",
         config=dict(hidden_size=1280, num_hidden_layers=32, num_attention_heads=16,
                     global_attn_indexes=[7, 15, 23, 31], mlp_dim=5120)),
    dict(case_id="sam_vision_model-tiny", model_type="sam_vision_model", architecture="SamVisionModel",
         source="three layers, layer 2 global, window 2 of an 8 x 8 grid, mlp_dim 40, no qkv bias",
         config=dict(hidden_size=32, num_hidden_layers=3, num_attention_heads=4, image_size=64, patch_size=8,
                     window_size=2, global_attn_indexes=[2], output_channels=12, mlp_dim=40, qkv_bias=False)),
]
