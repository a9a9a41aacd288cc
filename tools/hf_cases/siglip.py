"""SigLIP: defaults and published configs for the three model_types of the family: `siglip` (SiglipModel,
SiglipForImageClassification), `siglip_text_model` (SiglipTextModel) and `siglip_vision_model`
(SiglipVisionModel), and every option the templates read (tower sizes, vocab, positions, projection_size,
channels, image and patch size, vision_use_head, num_labels 0)."""

TINY_TEXT = dict(vocab_size=99, hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=4,
                 max_position_embeddings=16)
TINY_VISION = dict(hidden_size=48, intermediate_size=80, num_hidden_layers=3, num_attention_heads=6, image_size=32,
                   patch_size=8)


def text(**overrides):
    """text_config of google/siglip-base-patch16-224's config.json."""
    config = dict(model_type="siglip_text_model", vocab_size=32000, hidden_size=768, intermediate_size=3072,
                  num_hidden_layers=12, num_attention_heads=12, max_position_embeddings=64,
                  hidden_act="gelu_pytorch_tanh", layer_norm_eps=1e-06)
    config.update(overrides)
    return config


def vision(**overrides):
    """vision_config of google/siglip-base-patch16-224's config.json."""
    config = dict(model_type="siglip_vision_model", hidden_size=768, intermediate_size=3072, num_hidden_layers=12,
                  num_attention_heads=12, num_channels=3, image_size=224, patch_size=16,
                  hidden_act="gelu_pytorch_tanh", layer_norm_eps=1e-06)
    config.update(overrides)
    return config


SO400M = dict(hidden_size=1152, intermediate_size=4304, num_hidden_layers=27, num_attention_heads=16)
LARGE = dict(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24, num_attention_heads=16)

CASES = [
    dict(case_id="siglip-defaults", model_type="siglip", config={}, architecture="SiglipModel",
         source="SiglipConfig() defaults"),
    dict(case_id="siglip-base-patch16-224", model_type="siglip", architecture="SiglipModel",
         source="google/siglip-base-patch16-224 config.json",
         config=dict(initializer_factor=1.0, text_config=text(), vision_config=vision())),
    dict(case_id="siglip-large-patch16-256", model_type="siglip", architecture="SiglipModel",
         source="google/siglip-large-patch16-256 config.json",
         config=dict(text_config=text(**LARGE), vision_config=vision(**LARGE, image_size=256))),
    dict(case_id="siglip-so400m-patch14-384", model_type="siglip", architecture="SiglipModel",
         source="google/siglip-so400m-patch14-384 config.json",
         config=dict(text_config=text(**SO400M), vision_config=vision(**SO400M, image_size=384, patch_size=14))),
    dict(case_id="siglip-base-patch16-256-multilingual", model_type="siglip", architecture="SiglipModel",
         source="google/siglip-base-patch16-256-multilingual config.json",
         config=dict(text_config=text(vocab_size=250000), vision_config=vision(image_size=256))),
    dict(case_id="siglip-tiny-options", model_type="siglip", architecture="SiglipModel",
         source="tiny towers, text projection_size, no vision head, one channel",
         config=dict(text_config=dict(TINY_TEXT, projection_size=24),
                     vision_config=dict(TINY_VISION, vision_use_head=False, num_channels=1))),
    dict(case_id="siglip-tiny-model", model_type="siglip", architecture="SiglipModel",
         source="tiny towers (projection_size null: hidden_size)",
         config=dict(text_config=dict(TINY_TEXT, projection_size=None), vision_config=TINY_VISION)),
    dict(case_id="siglip-tiny-imagecls", model_type="siglip", architecture="SiglipForImageClassification",
         source="image classification on the vision tower", config=dict(vision_config=TINY_VISION, num_labels=7)),
    dict(case_id="siglip-tiny-imagecls-no-head", model_type="siglip", architecture="SiglipForImageClassification",
         source="no vision head, num_labels 0: the classifier is nn.Identity",
         config=dict(vision_config=dict(TINY_VISION, vision_use_head=False), num_labels=0)),
    # the text tower alone (model_type siglip_text_model)
    dict(case_id="siglip-text-defaults", model_type="siglip_text_model", config={}, architecture="SiglipTextModel",
         source="SiglipTextConfig() defaults"),
    dict(case_id="siglip-text-so400m", model_type="siglip_text_model", architecture="SiglipTextModel",
         source="google/siglip-so400m-patch14-384's text tower", config=text(**SO400M)),
    dict(case_id="siglip-text-tiny-projection", model_type="siglip_text_model", architecture="SiglipTextModel",
         source="tiny text tower with projection_size", config=dict(TINY_TEXT, projection_size=20)),
    # the image tower alone (model_type siglip_vision_model)
    dict(case_id="siglip-vision-defaults", model_type="siglip_vision_model", config={},
         architecture="SiglipVisionModel", source="SiglipVisionConfig() defaults"),
    dict(case_id="siglip-vision-so400m-patch14-384", model_type="siglip_vision_model",
         architecture="SiglipVisionModel", source="google/siglip-so400m-patch14-384's vision tower",
         config=vision(**SO400M, image_size=384, patch_size=14)),
    dict(case_id="siglip-vision-tiny-no-head", model_type="siglip_vision_model", architecture="SiglipVisionModel",
         source="tiny image tower without the pooling head, two channels",
         config=dict(TINY_VISION, vision_use_head=False, num_channels=2, image_size=40, patch_size=10)),
]
