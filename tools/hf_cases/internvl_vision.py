"""InternViT alone (model_type internvl_vision, InternVLVisionModel): defaults, InternVL3's InternViT-300M as
published, and a tiny variant with every option flipped."""

CASES = [
    dict(case_id="internvl_vision-defaults", model_type="internvl_vision", config={},
         architecture="InternVLVisionModel", source="InternVLVisionConfig() defaults"),
    dict(case_id="internvl_vision-300m", model_type="internvl_vision", architecture="InternVLVisionModel",
         source="vision_config of OpenGVLab/InternVL3-1B-hf (from memory of the Hub file: InternViT-300M-448px-V2_5)",
         config=dict(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24, num_attention_heads=16,
                     attention_bias=True, image_size=[448, 448], patch_size=[14, 14], norm_type="layer_norm",
                     use_mean_pooling=True)),
    dict(case_id="internvl_vision-tiny-options", model_type="internvl_vision", architecture="InternVLVisionModel",
         source="every option flipped: qk norms, RMSNorms, mask token, no absolute positions, final layernorm, no"
                " biases, 2 channels, image 30 / patch 6 as single numbers",
         config=dict(hidden_size=32, intermediate_size=48, num_hidden_layers=3, num_attention_heads=2,
                     use_qk_norm=True, norm_type="rms_norm", use_mask_token=True,
                     use_absolute_position_embeddings=False, use_mean_pooling=False, num_channels=2, image_size=30,
                     patch_size=6)),
    dict(case_id="internvl_vision-tiny-positions", model_type="internvl_vision", architecture="InternVLVisionModel",
         source="absolute positions over a rectangular image [24, 40] / patch [8, 4], biases",
         config=dict(hidden_size=32, intermediate_size=48, num_hidden_layers=1, num_attention_heads=2,
                     attention_bias=True, image_size=[24, 40], patch_size=[8, 4])),
]
