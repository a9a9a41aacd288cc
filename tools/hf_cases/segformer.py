"""SegFormer: defaults, nvidia/mit-b0 and mit-b2 (ImageNet classifiers) and segformer-b0/b5 ADE20k as published,
every head (semantic segmentation, image classification, base model) and every option the template reads
(num_encoder_blocks, depths, hidden_sizes, heads (also not dividing the width), sr_ratios (1 drops the
sequence reduction), patch_sizes, strides, mlp_ratios, num_channels, decoder_hidden_size, num_labels)."""

TINY = dict(hidden_sizes=[8, 16], depths=[1, 2], num_encoder_blocks=2, num_attention_heads=[1, 2], sr_ratios=[4, 2],
            patch_sizes=[7, 3], strides=[4, 2], mlp_ratios=[4, 4], decoder_hidden_size=12)


def published(**overrides):
    """The keys nvidia/segformer-b0-finetuned-ade-512-512's config.json holds (id2label given per case)."""
    config = dict(attention_probs_dropout_prob=0.0, classifier_dropout_prob=0.1, decoder_hidden_size=256,
                  depths=[2, 2, 2, 2], downsampling_rates=[1, 4, 8, 16], drop_path_rate=0.1, hidden_act="gelu",
                  hidden_dropout_prob=0.0, hidden_sizes=[32, 64, 160, 256], image_size=224, initializer_range=0.02,
                  layer_norm_eps=1e-06, mlp_ratios=[4, 4, 4, 4], num_attention_heads=[1, 2, 5, 8], num_channels=3,
                  num_encoder_blocks=4, patch_sizes=[7, 3, 3, 3], reshape_last_stage=True,
                  semantic_loss_ignore_index=255, sr_ratios=[8, 4, 2, 1], strides=[4, 2, 2, 2])
    config.update(overrides)
    return config


IMAGENET = {str(i): f"class_{i}" for i in range(1000)}
ADE20K = {str(i): f"class_{i}" for i in range(150)}
B2 = dict(depths=[3, 4, 6, 3], hidden_sizes=[64, 128, 320, 512], decoder_hidden_size=768)
B5 = dict(depths=[3, 6, 40, 3], hidden_sizes=[64, 128, 320, 512], decoder_hidden_size=768)

CASES = [
    dict(case_id="segformer-defaults", model_type="segformer", config={},
         architecture="SegformerForSemanticSegmentation", source="SegformerConfig() defaults (2 labels)"),
    dict(case_id="segformer-b0-finetuned-ade-512-512", model_type="segformer",
         architecture="SegformerForSemanticSegmentation",
         source="nvidia/segformer-b0-finetuned-ade-512-512 config.json (class names as placeholders)",
         config=published(id2label=ADE20K)),
    dict(case_id="segformer-b5-finetuned-ade-640-640", model_type="segformer",
         architecture="SegformerForSemanticSegmentation",
         source="nvidia/segformer-b5-finetuned-ade-640-640 config.json (class names as placeholders)",
         config=published(**B5, image_size=640, id2label=ADE20K)),
    dict(case_id="segformer-mit-b0", model_type="segformer", architecture="SegformerForImageClassification",
         source="nvidia/mit-b0 config.json (class names as placeholders)", config=published(id2label=IMAGENET)),
    dict(case_id="segformer-mit-b2", model_type="segformer", architecture="SegformerForImageClassification",
         source="nvidia/mit-b2 config.json (class names as placeholders)",
         config=published(**B2, id2label=IMAGENET)),
    dict(case_id="segformer-mit-b0-model", model_type="segformer", architecture="SegformerModel",
         source="nvidia/mit-b0 as SegformerModel", config=published()),
    dict(case_id="segformer-tiny-seg", model_type="segformer", architecture="SegformerForSemanticSegmentation",
         source="tiny semantic segmentation", config=dict(TINY, num_labels=5)),
    dict(case_id="segformer-tiny-cls", model_type="segformer", architecture="SegformerForImageClassification",
         source="tiny image classification", config=dict(TINY, num_labels=3)),
    dict(case_id="segformer-tiny-model", model_type="segformer", architecture="SegformerModel",
         source="tiny base model", config=dict(TINY)),
    dict(case_id="segformer-tiny-options", model_type="segformer", architecture="SegformerForSemanticSegmentation",
         source="three stages, sr 1 (no sequence reduction), heads not dividing the width, other patches, strides,"
                " mlp ratios, one channel, hidden_sizes longer than the stages",
         config=dict(TINY, num_encoder_blocks=3, depths=[1, 1, 1], hidden_sizes=[8, 12, 20, 24],
                     num_attention_heads=[1, 5, 3], sr_ratios=[2, 1, 1], patch_sizes=[5, 3, 1], strides=[2, 2, 1],
                     mlp_ratios=[2, 3, 1], num_channels=1, decoder_hidden_size=10, num_labels=4)),
    dict(case_id="segformer-tiny-cls-extra-sizes", model_type="segformer", architecture="SegformerForImageClassification",
         source="hidden_sizes longer than num_encoder_blocks: the classifier reads hidden_sizes[-1]",
         config=dict(TINY, hidden_sizes=[8, 16, 24], num_labels=3)),
]
