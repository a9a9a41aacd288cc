"""DeiT (distilled): defaults, DeiT-Ti/S/B distilled as published (with teacher heads), DeiT-B distilled
at 384, every head, and every option the template reads (qkv_bias, rectangular image and patch sizes,
head_dim, pooler_output_size, num_channels, encoder_stride, num_labels 0)."""

TINY = dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=96, image_size=32,
            patch_size=8)


def published(**overrides):
    """The keys facebook/deit-base-distilled-patch16-224's config.json holds."""
    config = dict(architectures=["DeiTForImageClassificationWithTeacher"], attention_probs_dropout_prob=0.0,
                  encoder_stride=16, hidden_act="gelu", hidden_dropout_prob=0.0, hidden_size=768, image_size=224,
                  initializer_range=0.02, intermediate_size=3072, layer_norm_eps=1e-12, model_type="deit",
                  num_attention_heads=12, num_channels=3, num_hidden_layers=12, patch_size=16, qkv_bias=True,
                  id2label=IMAGENET)
    config.update(overrides)
    return config


# id2label of the ImageNet-1k checkpoints: 1000 classes (the class names replaced by placeholders)
IMAGENET = {str(i): f"class_{i}" for i in range(1000)}

TEACHER = "DeiTForImageClassificationWithTeacher"

CASES = [
    dict(case_id="deit-defaults", model_type="deit", config={}, architecture="DeiTForImageClassification",
         source="DeiTConfig() defaults (2 labels)"),
    dict(case_id="deit-base-distilled-patch16-224", model_type="deit", architecture=TEACHER,
         source="facebook/deit-base-distilled-patch16-224 config.json (label2id left out, class names as "
                "placeholders)", expected_params=87338192, config=published()),
    dict(case_id="deit-base-distilled-patch16-384", model_type="deit", architecture=TEACHER,
         source="facebook/deit-base-distilled-patch16-384 config.json (label2id left out, class names as "
                "placeholders)", config=published(image_size=384)),
    dict(case_id="deit-small-distilled-patch16-224", model_type="deit", architecture=TEACHER,
         source="facebook/deit-small-distilled-patch16-224 config.json (label2id left out, class names as "
                "placeholders)",
         expected_params=22436432, config=published(hidden_size=384, intermediate_size=1536, num_attention_heads=6)),
    dict(case_id="deit-tiny-distilled-patch16-224", model_type="deit", architecture=TEACHER,
         source="facebook/deit-tiny-distilled-patch16-224 config.json (label2id left out, class names as "
                "placeholders)",
         expected_params=5910800, config=published(hidden_size=192, intermediate_size=768, num_attention_heads=3)),
    dict(case_id="deit-tiny-options", model_type="deit", architecture="DeiTForImageClassification",
         source="no qkv bias, rectangular image and patches, explicit head_dim, one channel",
         config=dict(TINY, qkv_bias=False, image_size=[32, 48], patch_size=[8, 16], head_dim=24, num_channels=1,
                     num_labels=7)),
    dict(case_id="deit-tiny-floor-head-dim", model_type="deit", architecture="DeiTForImageClassification",
         source="hidden_size not divisible by heads: head_dim = hidden_size // heads, floored",
         config=dict(TINY, hidden_size=66)),
    dict(case_id="deit-tiny-no-labels", model_type="deit", architecture="DeiTForImageClassification",
         source="num_labels 0: the classifier is nn.Identity", config=dict(TINY, num_labels=0)),
    dict(case_id="deit-tiny-teacher", model_type="deit", architecture=TEACHER,
         source="two classifiers", config=dict(TINY, num_labels=5)),
    dict(case_id="deit-tiny-teacher-no-labels", model_type="deit", architecture=TEACHER,
         source="num_labels 0: both classifiers are nn.Identity", config=dict(TINY, num_labels=0)),
    dict(case_id="deit-tiny-model", model_type="deit", architecture="DeiTModel",
         source="base model with pooler, pooler_output_size", config=dict(TINY, pooler_output_size=40)),
    dict(case_id="deit-tiny-mim", model_type="deit", architecture="DeiTForMaskedImageModeling",
         source="masked image modeling: mask_token, conv decoder with encoder_stride",
         config=dict(TINY, encoder_stride=8, num_channels=2)),
]
