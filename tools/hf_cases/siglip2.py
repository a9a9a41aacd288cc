"""SigLIP 2 (NaFlex): defaults and published layouts for the three model_types of the family: `siglip2`
(Siglip2Model, Siglip2ForImageClassification), `siglip2_text_model` (Siglip2TextModel) and
`siglip2_vision_model` (Siglip2VisionModel), and every option the templates read (tower sizes, vocab,
positions, projection_size, channels, patch size, num_patches, vision_use_head, num_labels 0)."""

TINY_TEXT = dict(vocab_size=99, hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=4,
                 max_position_embeddings=16)
TINY_VISION = dict(hidden_size=48, intermediate_size=80, num_hidden_layers=3, num_attention_heads=6, patch_size=8,
                   num_patches=16)


def text(**overrides):
    """text_config of google/siglip2-base-patch16-naflex (Gemma tokenizer: 256k vocabulary)."""
    config = dict(model_type="siglip2_text_model", vocab_size=256000, hidden_size=768, intermediate_size=3072,
                  num_hidden_layers=12, num_attention_heads=12, max_position_embeddings=64,
                  hidden_act="gelu_pytorch_tanh", layer_norm_eps=1e-06)
    config.update(overrides)
    return config


def vision(**overrides):
    """vision_config of google/siglip2-base-patch16-naflex."""
    config = dict(model_type="siglip2_vision_model", hidden_size=768, intermediate_size=3072, num_hidden_layers=12,
                  num_attention_heads=12, num_channels=3, patch_size=16, num_patches=256,
                  hidden_act="gelu_pytorch_tanh", layer_norm_eps=1e-06)
    config.update(overrides)
    return config


SO400M = dict(hidden_size=1152, intermediate_size=4304, num_hidden_layers=27, num_attention_heads=16)

CASES = [
    dict(case_id="siglip2-defaults", model_type="siglip2", config={}, architecture="Siglip2Model",
         source="Siglip2Config() defaults"),
    dict(case_id="siglip2-defaults-imagecls", model_type="siglip2", config={},
         architecture="Siglip2ForImageClassification", source="Siglip2Config() defaults, image classification"),
    dict(case_id="siglip2-base-patch16-naflex", model_type="siglip2", architecture="Siglip2Model",
         source="google/siglip2-base-patch16-naflex layout (256k vocabulary, 256 patches)",
         config=dict(initializer_factor=1.0, text_config=text(), vision_config=vision())),
    dict(case_id="siglip2-so400m-patch16-naflex", model_type="siglip2", architecture="Siglip2Model",
         source="google/siglip2-so400m-patch16-naflex layout",
         config=dict(text_config=text(**SO400M), vision_config=vision(**SO400M))),
    dict(case_id="siglip2-tiny-options", model_type="siglip2", architecture="Siglip2Model",
         source="tiny towers, text projection_size, no vision head, one channel, 9 patches",
         config=dict(text_config=dict(TINY_TEXT, projection_size=24),
                     vision_config=dict(TINY_VISION, vision_use_head=False, num_channels=1, num_patches=9))),
    dict(case_id="siglip2-tiny-model", model_type="siglip2", architecture="Siglip2Model",
         source="tiny towers (projection_size null: hidden_size)",
         config=dict(text_config=dict(TINY_TEXT, projection_size=None), vision_config=TINY_VISION)),
    dict(case_id="siglip2-tiny-imagecls", model_type="siglip2", architecture="Siglip2ForImageClassification",
         source="image classification on the vision tower", config=dict(vision_config=TINY_VISION, num_labels=7)),
    dict(case_id="siglip2-tiny-imagecls-no-head", model_type="siglip2", architecture="Siglip2ForImageClassification",
         source="no vision head, num_labels 0: the classifier is nn.Identity",
         config=dict(vision_config=dict(TINY_VISION, vision_use_head=False), num_labels=0)),
    # the text tower alone (model_type siglip2_text_model)
    dict(case_id="siglip2-text-defaults", model_type="siglip2_text_model", config={},
         architecture="Siglip2TextModel", source="Siglip2TextConfig() defaults"),
    dict(case_id="siglip2-text-so400m", model_type="siglip2_text_model", architecture="Siglip2TextModel",
         source="google/siglip2-so400m-patch16-naflex's text tower", config=text(**SO400M)),
    dict(case_id="siglip2-text-tiny-projection", model_type="siglip2_text_model", architecture="Siglip2TextModel",
         source="tiny text tower with projection_size", config=dict(TINY_TEXT, projection_size=20)),
    # the image tower alone (model_type siglip2_vision_model)
    dict(case_id="siglip2-vision-defaults", model_type="siglip2_vision_model", config={},
         architecture="Siglip2VisionModel", source="Siglip2VisionConfig() defaults"),
    dict(case_id="siglip2-vision-so400m-patch16-naflex", model_type="siglip2_vision_model",
         architecture="Siglip2VisionModel", source="google/siglip2-so400m-patch16-naflex's vision tower",
         config=vision(**SO400M)),
    dict(case_id="siglip2-vision-tiny-no-head", model_type="siglip2_vision_model", architecture="Siglip2VisionModel",
         source="tiny image tower without the pooling head, two channels, patch 10, 1024 patches",
         config=dict(TINY_VISION, vision_use_head=False, num_channels=2, patch_size=10, num_patches=1024)),
]
