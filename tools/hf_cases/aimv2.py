"""AIMv2: defaults and the published tower sizes for the three model_types of the family: `aimv2`
(Aimv2Model), `aimv2_vision_model` (Aimv2VisionModel) and `aimv2_text_model` (Aimv2TextModel), and every
option the templates read (tower sizes, vocab, positions, projection_dim, channels, image and patch size,
qkv_bias, mlp_bias, use_head, is_native)."""

TINY_TEXT = dict(vocab_size=99, hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=4,
                 max_position_embeddings=16)
TINY_VISION = dict(hidden_size=48, intermediate_size=80, num_hidden_layers=3, num_attention_heads=6, image_size=32,
                   patch_size=8)

# apple/aimv2-{huge,1B,3B}-patch14-* vision towers (24 layers each)
HUGE = dict(hidden_size=1536, intermediate_size=4096, num_attention_heads=12, num_hidden_layers=24)
ONE_B = dict(hidden_size=2048, intermediate_size=5632, num_attention_heads=16, num_hidden_layers=24)
THREE_B = dict(hidden_size=3072, intermediate_size=8192, num_attention_heads=24, num_hidden_layers=24)

CASES = [
    dict(case_id="aimv2-defaults", model_type="aimv2", config={}, architecture="Aimv2Model",
         source="Aimv2Config() defaults (apple/aimv2-large-patch14-224-lit's towers)"),
    dict(case_id="aimv2-tiny-model", model_type="aimv2", architecture="Aimv2Model",
         source="tiny towers, projection_dim 24",
         config=dict(text_config=TINY_TEXT, vision_config=TINY_VISION, projection_dim=24)),
    dict(case_id="aimv2-tiny-options", model_type="aimv2", architecture="Aimv2Model",
         source="tiny towers with every bias, a native image tower without head, one channel",
         config=dict(text_config=dict(TINY_TEXT, qkv_bias=True, mlp_bias=True),
                     vision_config=dict(TINY_VISION, qkv_bias=True, mlp_bias=True, use_head=False, is_native=True,
                                        num_channels=1))),
    # the image tower alone (model_type aimv2_vision_model)
    dict(case_id="aimv2-vision-defaults", model_type="aimv2_vision_model", config={},
         architecture="Aimv2VisionModel", source="Aimv2VisionConfig() defaults (apple/aimv2-large-patch14-224)"),
    dict(case_id="aimv2-vision-huge-patch14-448", model_type="aimv2_vision_model", architecture="Aimv2VisionModel",
         source="apple/aimv2-huge-patch14-448 layout", config=dict(HUGE, image_size=448)),
    dict(case_id="aimv2-vision-1B-patch14-224", model_type="aimv2_vision_model", architecture="Aimv2VisionModel",
         source="apple/aimv2-1B-patch14-224 layout", config=dict(ONE_B)),
    dict(case_id="aimv2-vision-3B-patch14-336", model_type="aimv2_vision_model", architecture="Aimv2VisionModel",
         source="apple/aimv2-3B-patch14-336 layout", config=dict(THREE_B, image_size=336)),
    dict(case_id="aimv2-vision-large-native", model_type="aimv2_vision_model", architecture="Aimv2VisionModel",
         source="apple/aimv2-large-patch14-native layout: no position table, no head",
         config=dict(is_native=True, use_head=False)),
    dict(case_id="aimv2-vision-tiny-biases", model_type="aimv2_vision_model", architecture="Aimv2VisionModel",
         source="tiny tower with qkv and mlp biases, two channels, patch 10",
         config=dict(TINY_VISION, qkv_bias=True, mlp_bias=True, num_channels=2, image_size=40, patch_size=10)),
    # the text tower alone (model_type aimv2_text_model)
    dict(case_id="aimv2-text-defaults", model_type="aimv2_text_model", config={}, architecture="Aimv2TextModel",
         source="Aimv2TextConfig() defaults"),
    dict(case_id="aimv2-text-tiny-biases", model_type="aimv2_text_model", architecture="Aimv2TextModel",
         source="tiny text tower with qkv and mlp biases", config=dict(TINY_TEXT, qkv_bias=True, mlp_bias=True)),
]
