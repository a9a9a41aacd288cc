"""SAM (SamModel): defaults (= sam-vit-base), sam-vit-large and sam-vit-huge as published, and tiny variants
flipping what the template reads (global layers, window 0, no relative / absolute positions, no qkv bias,
mlp_dim vs mlp_ratio, the prompt encoder's and mask decoder's widths and depths, the untied prompt
positional embedding)."""

VISION = dict(hidden_size=32, num_hidden_layers=3, num_attention_heads=2, image_size=64, patch_size=8,
              window_size=3, global_attn_indexes=[1], output_channels=16, num_pos_feats=8)
PROMPT = dict(hidden_size=16, image_size=64, patch_size=8, mask_input_channels=8)
DECODER = dict(hidden_size=16, mlp_dim=24, num_hidden_layers=2, num_attention_heads=2, iou_head_hidden_dim=20)
TINY = dict(vision_config=VISION, prompt_encoder_config=PROMPT, mask_decoder_config=DECODER)

CASES = [
    dict(case_id="sam-defaults", model_type="sam", config={}, architecture="SamModel",
         source="SamConfig() defaults (the ViT-B image encoder of facebook/sam-vit-base)"),
    dict(case_id="sam-vit-large", model_type="sam", architecture="SamModel",
         source="facebook/sam-vit-large config.json, its architecture keys",
         config=dict(vision_config=dict(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                                        global_attn_indexes=[5, 11, 17, 23], mlp_dim=4096))),
    dict(case_id="sam-vit-huge", model_type="sam", architecture="SamModel",
         source="facebook/sam-vit-huge config.json, its architecture keys",
         config=dict(vision_config=dict(hidden_size=1280, num_hidden_layers=32, num_attention_heads=16,
                                        global_attn_indexes=[7, 15, 23, 31], mlp_dim=5120))),
    dict(case_id="sam-tiny", model_type="sam", architecture="SamModel",
         source="three vision layers (one global), window 3 of an 8 x 8 grid", config=dict(TINY)),
    dict(case_id="sam-tiny-options", model_type="sam", architecture="SamModel",
         source="window 0 (every layer global), no relative or absolute positions, no qkv bias, mlp_ratio 2.5,"
                " 6 mask input channels, 2 point embeddings, decoder: 3 layers, downsample 4, 1 multimask output,"
                " IoU head depth 4; the prompt encoder's positional embedding untied",
         config=dict(vision_config=dict(VISION, window_size=0, use_rel_pos=False, use_abs_pos=False, qkv_bias=False,
                                        mlp_ratio=2.5),
                     prompt_encoder_config=dict(PROMPT, mask_input_channels=6, num_point_embeddings=2),
                     mask_decoder_config=dict(DECODER, hidden_size=32, num_hidden_layers=3,
                                              attention_downsample_rate=4, num_multimask_outputs=1,
                                              iou_head_depth=4),
                     tie_word_embeddings=False)),
]
