"""DINOv2: defaults, dinov2-small/base/large/giant as published (giant: SwiGLU FFN), the image
classifier with ImageNet labels, the backbone, and every option the template reads (qkv_bias,
head_dim, use_swiglu_ffn, use_mask_token, mlp_ratio, rectangular image and patches, channels, num_labels 0)."""

TINY = dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, image_size=32, patch_size=8)


def published(**overrides):
    """The keys facebook/dinov2-base's config.json holds."""
    config = dict(attention_probs_dropout_prob=0.0, drop_path_rate=0.0, hidden_act="gelu", hidden_dropout_prob=0.0,
                  hidden_size=768, image_size=518, initializer_range=0.02, layer_norm_eps=1e-06,
                  layerscale_value=1.0, mlp_ratio=4, num_attention_heads=12, num_channels=3, num_hidden_layers=12,
                  patch_size=14, qkv_bias=True, torch_dtype="float32", use_swiglu_ffn=False)
    config.update(overrides)
    return config


IMAGENET = {str(i): f"class_{i}" for i in range(1000)}

CASES = [
    dict(case_id="dinov2-defaults", model_type="dinov2", config={}, architecture="Dinov2Model",
         source="Dinov2Config() defaults"),
    dict(case_id="dinov2-small", model_type="dinov2", architecture="Dinov2Model",
         source="facebook/dinov2-small config.json", config=published(hidden_size=384, num_attention_heads=6)),
    dict(case_id="dinov2-base", model_type="dinov2", architecture="Dinov2Model",
         source="facebook/dinov2-base config.json", config=published()),
    dict(case_id="dinov2-large", model_type="dinov2", architecture="Dinov2Model",
         source="facebook/dinov2-large config.json",
         config=published(hidden_size=1024, num_attention_heads=16, num_hidden_layers=24)),
    dict(case_id="dinov2-giant", model_type="dinov2", architecture="Dinov2Model",
         source="facebook/dinov2-giant config.json (SwiGLU FFN)",
         config=published(hidden_size=1536, num_attention_heads=24, num_hidden_layers=40, use_swiglu_ffn=True)),
    dict(case_id="dinov2-small-imagenet1k", model_type="dinov2", architecture="Dinov2ForImageClassification",
         source="facebook/dinov2-small-imagenet1k-1-layer config.json (class names as placeholders)",
         config=published(hidden_size=384, num_attention_heads=6, id2label=IMAGENET)),
    dict(case_id="dinov2-tiny-classifier", model_type="dinov2", architecture="Dinov2ForImageClassification",
         source="image classification on [CLS, mean patch]", config=dict(TINY, num_labels=5)),
    dict(case_id="dinov2-tiny-no-labels", model_type="dinov2", architecture="Dinov2ForImageClassification",
         source="num_labels 0: the classifier is nn.Identity", config=dict(TINY, num_labels=0)),
    dict(case_id="dinov2-tiny-backbone", model_type="dinov2", architecture="Dinov2Backbone",
         source="backbone (no prefix)", config=dict(TINY)),
    dict(case_id="dinov2-tiny-options", model_type="dinov2", architecture="Dinov2Model",
         source="no qkv bias, SwiGLU, no mask token, mlp_ratio 3, rectangular image and patches, one channel",
         config=dict(TINY, qkv_bias=False, use_swiglu_ffn=True, use_mask_token=False, mlp_ratio=3,
                     image_size=[32, 48], patch_size=[8, 16], num_channels=1)),
    dict(case_id="dinov2-tiny-head-dim", model_type="dinov2", architecture="Dinov2Model",
         source="explicit head_dim (Dinov2Attention reads it from the config)", config=dict(TINY, head_dim=24)),
    dict(case_id="dinov2-tiny-swiglu-round", model_type="dinov2", architecture="Dinov2ForImageClassification",
         source="SwiGLU hidden rounded up to a multiple of 8", config=dict(TINY, hidden_size=52, num_attention_heads=4,
                                                                           use_swiglu_ffn=True, num_labels=3)),
]
