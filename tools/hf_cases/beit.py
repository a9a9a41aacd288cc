"""BEiT: defaults, BEiT-B/16 and BEiT-L/16 ImageNet classifiers, the BEiT-B/16 in22k pre-trained
masked image model and the ADE20k segmentation model as published, every head, and every option the
template reads (absolute/relative/shared position bias, mask token, layer scale, mean pooling, head_dim,
rectangular images, pool_scales, auxiliary head options, backbone FPN, num_labels 0)."""

TINY = dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=96, image_size=32,
            patch_size=8, vocab_size=100)

# id2label of the ImageNet-1k checkpoints: 1000 classes (the class names replaced by placeholders)
IMAGENET = {str(i): f"class_{i}" for i in range(1000)}
ADE20K = {str(i): f"class_{i}" for i in range(150)}


def published(**overrides):
    """The keys microsoft/beit-base-patch16-224's config.json holds."""
    config = dict(architectures=["BeitForImageClassification"], attention_probs_dropout_prob=0.0,
                  drop_path_rate=0.1, hidden_act="gelu", hidden_dropout_prob=0.0, hidden_size=768,
                  id2label=IMAGENET, image_size=224, initializer_range=0.02, intermediate_size=3072,
                  layer_norm_eps=1e-12, layer_scale_init_value=0.1, model_type="beit", num_attention_heads=12,
                  num_channels=3, num_hidden_layers=12, patch_size=16, use_absolute_position_embeddings=False,
                  use_mask_token=False, use_mean_pooling=True, use_relative_position_bias=True,
                  use_shared_relative_position_bias=False, vocab_size=8192)
    config.update(overrides)
    return config


LARGE = dict(hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=24)

CASES = [
    dict(case_id="beit-defaults", model_type="beit", config={}, architecture="BeitForImageClassification",
         source="BeitConfig() defaults (2 labels)"),
    dict(case_id="beit-base-patch16-224", model_type="beit", architecture="BeitForImageClassification",
         source="microsoft/beit-base-patch16-224 config.json (label2id left out, class names as placeholders)",
         expected_params=86530984, config=published()),
    dict(case_id="beit-large-patch16-224", model_type="beit", architecture="BeitForImageClassification",
         source="microsoft/beit-large-patch16-224 config.json (label2id left out, class names as placeholders)",
         config=published(**LARGE)),
    dict(case_id="beit-base-patch16-224-pt22k", model_type="beit", architecture="BeitForMaskedImageModeling",
         source="microsoft/beit-base-patch16-224-pt22k config.json (shared relative position bias, mask token)",
         config={k: v for k, v in published(architectures=["BeitForMaskedImageModeling"], use_mask_token=True,
                                            use_relative_position_bias=False,
                                            use_shared_relative_position_bias=True).items() if k != "id2label"}),
    dict(case_id="beit-base-finetuned-ade-640-640", model_type="beit", architecture="BeitForSemanticSegmentation",
         source="microsoft/beit-base-finetuned-ade-640-640 config.json (label2id left out, class names as "
                "placeholders)",
         config=published(architectures=["BeitForSemanticSegmentation"], id2label=ADE20K, image_size=640,
                          out_indices=[3, 5, 7, 11], pool_scales=[1, 2, 3, 6], use_auxiliary_head=True,
                          auxiliary_channels=256, auxiliary_concat_input=False, auxiliary_loss_weight=0.4,
                          auxiliary_num_convs=1, semantic_loss_ignore_index=255)),
    dict(case_id="beit-tiny-options", model_type="beit", architecture="BeitForImageClassification",
         source="absolute position embeddings, mask token, no layer scale, CLS pooling (final layernorm), "
                "rectangular images, explicit head_dim, one channel",
         config=dict(TINY, use_absolute_position_embeddings=True, use_mask_token=True, layer_scale_init_value=0.0,
                     use_mean_pooling=False, image_size=[32, 48], patch_size=[8, 16], head_dim=24, num_channels=1,
                     num_labels=7)),
    dict(case_id="beit-tiny-relative", model_type="beit", architecture="BeitForImageClassification",
         source="relative position bias per layer and shared, rectangular image",
         config=dict(TINY, use_relative_position_bias=True, use_shared_relative_position_bias=True,
                     image_size=[32, 48], num_labels=3)),
    dict(case_id="beit-tiny-floor-head-dim", model_type="beit", architecture="BeitForImageClassification",
         source="hidden_size not divisible by heads: head_dim = hidden_size // heads, floored",
         config=dict(TINY, hidden_size=66)),
    dict(case_id="beit-tiny-no-labels", model_type="beit", architecture="BeitForImageClassification",
         source="num_labels 0: the classifier is nn.Identity", config=dict(TINY, num_labels=0)),
    dict(case_id="beit-tiny-model", model_type="beit", architecture="BeitModel",
         source="base model with pooler (mean pooling LayerNorm)", config=dict(TINY, use_relative_position_bias=True)),
    dict(case_id="beit-tiny-model-cls", model_type="beit", architecture="BeitModel",
         source="base model, CLS pooling: final layernorm, parameter-free pooler",
         config=dict(TINY, use_mean_pooling=False)),
    dict(case_id="beit-tiny-mim", model_type="beit", architecture="BeitForMaskedImageModeling",
         source="masked image modeling with mask token and shared relative position bias",
         config=dict(TINY, use_mask_token=True, use_shared_relative_position_bias=True)),
    dict(case_id="beit-tiny-mim-nomask", model_type="beit", architecture="BeitForMaskedImageModeling",
         source="masked image modeling, use_mask_token false (no mask token), CLS pooling",
         config=dict(TINY, use_mean_pooling=False)),
    dict(case_id="beit-tiny-seg", model_type="beit", architecture="BeitForSemanticSegmentation",
         source="segmentation: three pool scales, two auxiliary convs with concat input",
         config=dict(TINY, num_hidden_layers=4, out_indices=[1, 2, 3, 4], pool_scales=[1, 2, 4],
                     auxiliary_channels=24, auxiliary_num_convs=2, auxiliary_concat_input=True, num_labels=5)),
    dict(case_id="beit-tiny-seg-noaux", model_type="beit", architecture="BeitForSemanticSegmentation",
         source="segmentation without auxiliary head",
         config=dict(TINY, num_hidden_layers=4, out_indices=[1, 2, 3, 4], use_auxiliary_head=False,
                     use_relative_position_bias=True)),
    dict(case_id="beit-tiny-seg-noconvs", model_type="beit", architecture="BeitForSemanticSegmentation",
         source="segmentation, auxiliary head with no convs",
         config=dict(TINY, num_hidden_layers=4, out_indices=[1, 2, 3, 4], auxiliary_num_convs=0,
                     auxiliary_concat_input=True)),
    dict(case_id="beit-tiny-backbone", model_type="beit", architecture="BeitBackbone",
         source="backbone, no FPN", config=dict(TINY, out_indices=[1, 2])),
    dict(case_id="beit-tiny-backbone-fpn", model_type="beit", architecture="BeitBackbone",
         source="backbone with FPN neck (add_fpn)",
         config=dict(TINY, num_hidden_layers=4, out_indices=[1, 2, 3, 4], add_fpn=True)),
]
