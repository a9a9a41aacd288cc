"""Swin Transformer: defaults, Swin-T/S/B/L as published (ImageNet-1k classifiers and an in22k model), every
head (classifier, base model, masked image modeling, backbone) and every option the template reads (depths,
num_heads, embed_dim, window_size, fractional mlp_ratio, qkv_bias, use_absolute_embeddings, rectangular image
and patch sizes, channels, encoder_stride, out_indices, num_labels 0)."""

TINY = dict(embed_dim=16, depths=[1, 2], num_heads=[2, 4], window_size=4, image_size=32, patch_size=4)


def published(**overrides):
    """The keys microsoft/swin-tiny-patch4-window7-224's config.json holds (id2label given per case)."""
    config = dict(attention_probs_dropout_prob=0.0, depths=[2, 2, 6, 2], drop_path_rate=0.1, embed_dim=96,
                  encoder_stride=32, hidden_act="gelu", hidden_dropout_prob=0.0, hidden_size=768, image_size=224,
                  initializer_range=0.02, layer_norm_eps=1e-05, mlp_ratio=4.0, num_channels=3,
                  num_heads=[3, 6, 12, 24], num_layers=4, patch_size=4, path_norm=True, qkv_bias=True,
                  use_absolute_embeddings=False, window_size=7)
    config.update(overrides)
    return config


IMAGENET = {str(i): f"class_{i}" for i in range(1000)}
IMAGENET22K = {str(i): f"class_{i}" for i in range(21841)}

CASES = [
    dict(case_id="swin-defaults", model_type="swin", config={}, architecture="SwinForImageClassification",
         source="SwinConfig() defaults (2 labels)"),
    dict(case_id="swin-tiny-patch4-window7-224", model_type="swin", architecture="SwinForImageClassification",
         source="microsoft/swin-tiny-patch4-window7-224 config.json (class names as placeholders)",
         expected_params=28288354, config=published(id2label=IMAGENET)),
    dict(case_id="swin-small-patch4-window7-224", model_type="swin", architecture="SwinForImageClassification",
         source="microsoft/swin-small-patch4-window7-224 config.json (class names as placeholders)",
         config=published(depths=[2, 2, 18, 2], id2label=IMAGENET)),
    dict(case_id="swin-base-patch4-window7-224", model_type="swin", architecture="SwinForImageClassification",
         source="microsoft/swin-base-patch4-window7-224 config.json (class names as placeholders)",
         config=published(depths=[2, 2, 18, 2], embed_dim=128, num_heads=[4, 8, 16, 32], hidden_size=1024,
                          id2label=IMAGENET)),
    dict(case_id="swin-large-patch4-window12-384-in22k", model_type="swin", architecture="SwinForImageClassification",
         source="microsoft/swin-large-patch4-window12-384-in22k config.json (class names as placeholders)",
         config=published(depths=[2, 2, 18, 2], embed_dim=192, num_heads=[6, 12, 24, 48], hidden_size=1536,
                          image_size=384, window_size=12, id2label=IMAGENET22K)),
    dict(case_id="swin-base-model", model_type="swin", architecture="SwinModel",
         source="microsoft/swin-base-patch4-window7-224 as SwinModel",
         config=published(depths=[2, 2, 18, 2], embed_dim=128, num_heads=[4, 8, 16, 32], hidden_size=1024)),
    dict(case_id="swin-tiny-options", model_type="swin", architecture="SwinForImageClassification",
         source="no qkv bias, absolute position embeddings, fractional mlp_ratio, rectangular image and patches,"
                " one channel, three stages",
         config=dict(TINY, depths=[1, 1, 2], num_heads=[1, 2, 4], qkv_bias=False, use_absolute_embeddings=True,
                     mlp_ratio=2.5, image_size=[32, 48], patch_size=[4, 2], num_channels=1, window_size=3,
                     num_labels=5)),
    dict(case_id="swin-tiny-no-labels", model_type="swin", architecture="SwinForImageClassification",
         source="num_labels 0: the classifier is nn.Identity", config=dict(TINY, num_labels=0)),
    dict(case_id="swin-tiny-model", model_type="swin", architecture="SwinModel",
         source="base model (pooler without parameters)", config=dict(TINY, embed_dim=24)),
    dict(case_id="swin-tiny-mim", model_type="swin", architecture="SwinForMaskedImageModeling",
         source="masked image modeling: mask_token, conv decoder with encoder_stride",
         config=dict(TINY, encoder_stride=8, num_channels=2)),
    dict(case_id="swin-tiny-backbone", model_type="swin", architecture="SwinBackbone",
         source="backbone with the default output (last stage)", config=dict(TINY)),
    dict(case_id="swin-tiny-backbone-indices", model_type="swin", architecture="SwinBackbone",
         source="backbone with out_indices: stem and every stage",
         config=dict(TINY, depths=[1, 1, 1], num_heads=[1, 2, 4], out_indices=[0, 1, 3])),
]
