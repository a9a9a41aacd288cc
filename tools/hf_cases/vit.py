"""ViT: defaults, ViT-B/16 (ImageNet-1k classifier and the in21k base model) and ViT-L/16 as published,
every head, and every option the template reads (qkv_bias, rectangular image and patch sizes, head_dim,
pooler_output_size, num_channels, encoder_stride, num_labels 0)."""

TINY = dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=96, image_size=32,
            patch_size=8)


def published(**overrides):
    """The keys google/vit-base-patch16-224-in21k's config.json holds."""
    config = dict(attention_probs_dropout_prob=0.0, hidden_act="gelu", hidden_dropout_prob=0.0, hidden_size=768,
                  image_size=224, initializer_range=0.02, intermediate_size=3072, layer_norm_eps=1e-12,
                  num_attention_heads=12, num_channels=3, num_hidden_layers=12, patch_size=16, qkv_bias=True,
                  transformers_version="4.13.0.dev0")
    config.update(overrides)
    return config


# id2label of the ImageNet-1k checkpoints: 1000 classes (the class names replaced by placeholders)
IMAGENET = {str(i): f"class_{i}" for i in range(1000)}

CASES = [
    dict(case_id="vit-defaults", model_type="vit", config={}, architecture="ViTForImageClassification",
         source="ViTConfig() defaults (2 labels)"),
    dict(case_id="vit-base-patch16-224", model_type="vit", architecture="ViTForImageClassification",
         source="google/vit-base-patch16-224 config.json (label2id left out, class names as placeholders)",
         expected_params=86567656, config=published(id2label=IMAGENET)),
    dict(case_id="vit-base-patch16-224-in21k", model_type="vit", architecture="ViTModel",
         source="google/vit-base-patch16-224-in21k config.json (ViTModel with pooler)", expected_params=86389248,
         config=published()),
    dict(case_id="vit-large-patch16-224", model_type="vit", architecture="ViTForImageClassification",
         source="google/vit-large-patch16-224 config.json (label2id left out, class names as placeholders)",
         expected_params=304326632,
         config=published(hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=24,
                          id2label=IMAGENET)),
    dict(case_id="vit-tiny-options", model_type="vit", architecture="ViTForImageClassification",
         source="no qkv bias, rectangular image and patches, explicit head_dim, one channel",
         config=dict(TINY, qkv_bias=False, image_size=[32, 48], patch_size=[8, 16], head_dim=24, num_channels=1,
                     num_labels=7)),
    dict(case_id="vit-tiny-floor-head-dim", model_type="vit", architecture="ViTForImageClassification",
         source="hidden_size not divisible by heads: head_dim = hidden_size // heads, floored",
         config=dict(TINY, hidden_size=66)),
    dict(case_id="vit-tiny-no-labels", model_type="vit", architecture="ViTForImageClassification",
         source="num_labels 0: the classifier is nn.Identity", config=dict(TINY, num_labels=0)),
    dict(case_id="vit-tiny-model", model_type="vit", architecture="ViTModel",
         source="base model with pooler, pooler_output_size", config=dict(TINY, pooler_output_size=40)),
    dict(case_id="vit-tiny-mim", model_type="vit", architecture="ViTForMaskedImageModeling",
         source="masked image modeling: mask_token, conv decoder with encoder_stride",
         config=dict(TINY, encoder_stride=8, num_channels=2)),
]
