"""Swin Transformer V2: defaults, SwinV2-T/S/B as published (ImageNet-1k classifiers, a 22k->1k fine-tune at
256 px), every head (classifier, base model, masked image modeling, backbone) and every option the template
reads (depths, num_heads, embed_dim, window_size (also clipped by a small stage resolution), fractional
mlp_ratio, qkv_bias, use_absolute_embeddings, rectangular image and patch sizes, channels, encoder_stride,
num_labels 0)."""

TINY = dict(embed_dim=16, depths=[1, 2], num_heads=[2, 4], window_size=4, image_size=32, patch_size=4)


def published(**overrides):
    """The keys microsoft/swinv2-tiny-patch4-window8-256's config.json holds (id2label given per case)."""
    config = dict(attention_probs_dropout_prob=0.0, depths=[2, 2, 6, 2], drop_path_rate=0.1, embed_dim=96,
                  encoder_stride=32, hidden_act="gelu", hidden_dropout_prob=0.0, hidden_size=768, image_size=256,
                  initializer_range=0.02, layer_norm_eps=1e-05, mlp_ratio=4.0, num_channels=3,
                  num_heads=[3, 6, 12, 24], num_layers=4, patch_size=4, path_norm=True,
                  pretrained_window_sizes=[0, 0, 0, 0], qkv_bias=True, use_absolute_embeddings=False,
                  window_size=8)
    config.update(overrides)
    return config


IMAGENET = {str(i): f"class_{i}" for i in range(1000)}

CASES = [
    dict(case_id="swinv2-defaults", model_type="swinv2", config={}, architecture="Swinv2ForImageClassification",
         source="Swinv2Config() defaults (2 labels)"),
    dict(case_id="swinv2-tiny-patch4-window8-256", model_type="swinv2", architecture="Swinv2ForImageClassification",
         source="microsoft/swinv2-tiny-patch4-window8-256 config.json (class names as placeholders)",
         config=published(id2label=IMAGENET)),
    dict(case_id="swinv2-small-patch4-window16-256", model_type="swinv2",
         architecture="Swinv2ForImageClassification",
         source="microsoft/swinv2-small-patch4-window16-256 config.json (class names as placeholders)",
         config=published(depths=[2, 2, 18, 2], window_size=16, drop_path_rate=0.3, id2label=IMAGENET)),
    dict(case_id="swinv2-base-patch4-window12to16-192to256-22kto1k-ft", model_type="swinv2",
         architecture="Swinv2ForImageClassification",
         source="microsoft/swinv2-base-patch4-window12to16-192to256-22kto1k-ft config.json (class names as"
                " placeholders)",
         config=published(depths=[2, 2, 18, 2], embed_dim=128, num_heads=[4, 8, 16, 32], hidden_size=1024,
                          window_size=16, pretrained_window_sizes=[12, 12, 12, 6], drop_path_rate=0.2,
                          id2label=IMAGENET)),
    dict(case_id="swinv2-tiny-256-model", model_type="swinv2", architecture="Swinv2Model",
         source="microsoft/swinv2-tiny-patch4-window8-256 as Swinv2Model", config=published()),
    dict(case_id="swinv2-tiny-options", model_type="swinv2", architecture="Swinv2ForImageClassification",
         source="no qkv bias, absolute position embeddings, fractional mlp_ratio, rectangular image and patches,"
                " one channel, three stages, window clipped in the last stage",
         config=dict(TINY, depths=[1, 1, 2], num_heads=[1, 2, 4], qkv_bias=False, use_absolute_embeddings=True,
                     mlp_ratio=2.5, image_size=[32, 48], patch_size=[4, 2], num_channels=1, window_size=3,
                     num_labels=5)),
    dict(case_id="swinv2-tiny-window-clip", model_type="swinv2", architecture="Swinv2ForImageClassification",
         source="window_size larger than the stage resolutions (min(resolution, window) per stage)",
         config=dict(TINY, depths=[1, 1, 1], num_heads=[1, 2, 4], window_size=6, image_size=[40, 24])),
    dict(case_id="swinv2-tiny-no-labels", model_type="swinv2", architecture="Swinv2ForImageClassification",
         source="num_labels 0: the classifier is nn.Identity", config=dict(TINY, num_labels=0)),
    dict(case_id="swinv2-tiny-model", model_type="swinv2", architecture="Swinv2Model",
         source="base model (pooler without parameters)", config=dict(TINY, embed_dim=24)),
    dict(case_id="swinv2-tiny-mim", model_type="swinv2", architecture="Swinv2ForMaskedImageModeling",
         source="masked image modeling: mask_token, conv decoder with encoder_stride",
         config=dict(TINY, encoder_stride=8, num_channels=2)),
    dict(case_id="swinv2-tiny-backbone", model_type="swinv2", architecture="Swinv2Backbone",
         source="backbone (no final layernorm)", config=dict(TINY, out_indices=[1, 2])),
]
