"""CLIP: defaults and published configs for the three model_types of the family: `clip` (CLIPModel,
CLIPForImageClassification), `clip_text_model` (CLIPTextModel, CLIPTextModelWithProjection) and
`clip_vision_model` (CLIPVisionModel, CLIPVisionModelWithProjection), and every option the templates
read (tower sizes, vocab, positions, channels, image and patch size, projection_dim, num_labels 0)."""

TINY_TEXT = dict(vocab_size=99, hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=4,
                 max_position_embeddings=16)
TINY_VISION = dict(hidden_size=48, intermediate_size=80, num_hidden_layers=3, num_attention_heads=6, image_size=32,
                   patch_size=8)


def text(**overrides):
    """text_config of openai/clip-vit-base-patch32's config.json (the keys that matter)."""
    config = dict(attention_dropout=0.0, bos_token_id=0, eos_token_id=2, hidden_act="quick_gelu", hidden_size=512,
                  initializer_factor=1.0, initializer_range=0.02, intermediate_size=2048, layer_norm_eps=1e-05,
                  max_position_embeddings=77, model_type="clip_text_model", num_attention_heads=8,
                  num_hidden_layers=12, pad_token_id=1, projection_dim=512, vocab_size=49408)
    config.update(overrides)
    return config


def vision(**overrides):
    """vision_config of openai/clip-vit-base-patch32's config.json (the keys that matter)."""
    config = dict(attention_dropout=0.0, hidden_act="quick_gelu", hidden_size=768, image_size=224,
                  initializer_factor=1.0, initializer_range=0.02, intermediate_size=3072, layer_norm_eps=1e-05,
                  model_type="clip_vision_model", num_attention_heads=12, num_channels=3, num_hidden_layers=12,
                  patch_size=32, projection_dim=512)
    config.update(overrides)
    return config


LARGE_TEXT = dict(hidden_size=768, intermediate_size=3072, num_attention_heads=12, projection_dim=768)
LARGE_VISION = dict(hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=24,
                    patch_size=14, projection_dim=768)

CASES = [
    dict(case_id="clip-defaults", model_type="clip", config={}, architecture="CLIPModel",
         source="CLIPConfig() defaults", expected_params=151277313),
    dict(case_id="clip-vit-base-patch32", model_type="clip", architecture="CLIPModel",
         source="openai/clip-vit-base-patch32 config.json", expected_params=151277313,
         config=dict(initializer_factor=1.0, logit_scale_init_value=2.6592, projection_dim=512,
                     text_config=text(), vision_config=vision())),
    dict(case_id="clip-vit-base-patch16", model_type="clip", architecture="CLIPModel",
         source="openai/clip-vit-base-patch16 config.json",
         config=dict(logit_scale_init_value=2.6592, projection_dim=512, text_config=text(),
                     vision_config=vision(patch_size=16))),
    dict(case_id="clip-vit-large-patch14", model_type="clip", architecture="CLIPModel",
         source="openai/clip-vit-large-patch14 config.json", expected_params=427616513,
         config=dict(logit_scale_init_value=2.6592, projection_dim=768, text_config=text(**LARGE_TEXT),
                     vision_config=vision(**LARGE_VISION))),
    dict(case_id="clip-tiny-options", model_type="clip", architecture="CLIPModel",
         source="tiny towers, projection_dim, one channel",
         config=dict(projection_dim=24, text_config=TINY_TEXT, vision_config=dict(TINY_VISION, num_channels=1))),
    dict(case_id="clip-tiny-imagecls", model_type="clip", architecture="CLIPForImageClassification",
         source="image classification on the vision tower", config=dict(vision_config=TINY_VISION, num_labels=7)),
    dict(case_id="clip-tiny-imagecls-no-labels", model_type="clip", architecture="CLIPForImageClassification",
         source="num_labels 0: the classifier is nn.Identity", config=dict(vision_config=TINY_VISION, num_labels=0)),
    dict(case_id="clip-tiny-config-dict", model_type="clip", architecture="CLIPModel",
         source="legacy text_config_dict / vision_config_dict win over text_config / vision_config",
         config=dict(text_config=TINY_TEXT, text_config_dict=dict(TINY_TEXT, hidden_size=40, num_attention_heads=5),
                     vision_config=TINY_VISION, vision_config_dict=dict(TINY_VISION, num_hidden_layers=1))),
    # the text tower alone (model_type clip_text_model)
    dict(case_id="clip-text-defaults", model_type="clip_text_model", config={}, architecture="CLIPTextModel",
         source="CLIPTextConfig() defaults"),
    dict(case_id="clip-text-vit-large-patch14", model_type="clip_text_model", architecture="CLIPTextModel",
         source="the text_encoder of Stable Diffusion v1 (openai/clip-vit-large-patch14's text tower) config.json",
         config=text(**LARGE_TEXT)),
    dict(case_id="clip-text-tiny-projection", model_type="clip_text_model",
         architecture="CLIPTextModelWithProjection", source="text tower with text_projection",
         config=dict(TINY_TEXT, projection_dim=20)),
    dict(case_id="clip-text-tiny-model", model_type="clip_text_model", architecture="CLIPTextModel",
         source="tiny text tower", config=dict(TINY_TEXT)),
    # the image tower alone (model_type clip_vision_model)
    dict(case_id="clip-vision-defaults", model_type="clip_vision_model", config={}, architecture="CLIPVisionModel",
         source="CLIPVisionConfig() defaults"),
    dict(case_id="clip-vision-vit-large-patch14", model_type="clip_vision_model",
         architecture="CLIPVisionModelWithProjection",
         source="openai/clip-vit-large-patch14's vision tower with visual_projection", config=vision(**LARGE_VISION)),
    dict(case_id="clip-vision-tiny-model", model_type="clip_vision_model", architecture="CLIPVisionModel",
         source="tiny image tower, two channels", config=dict(TINY_VISION, num_channels=2)),
    dict(case_id="clip-vision-tiny-projection", model_type="clip_vision_model",
         architecture="CLIPVisionModelWithProjection", source="image tower with visual_projection",
         config=dict(TINY_VISION, projection_dim=20, image_size=40, patch_size=10)),
]
