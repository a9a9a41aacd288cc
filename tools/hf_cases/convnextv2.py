"""ConvNeXt V2: defaults, convnextv2 atto/tiny/base/huge as published (ImageNet-1k and 22k classifiers), every
head (classifier, base model, backbone) and every option the template reads (hidden_sizes, depths, num_stages,
patch_size (also rectangular), num_channels, out_indices, num_labels 0)."""

TINY = dict(hidden_sizes=[8, 16], depths=[1, 2], num_stages=2, image_size=32)


def published(**overrides):
    """The keys facebook/convnextv2-tiny-1k-224's config.json holds (id2label given per case)."""
    config = dict(depths=[3, 3, 9, 3], drop_path_rate=0.0, hidden_act="gelu", hidden_sizes=[96, 192, 384, 768],
                  image_size=224, initializer_range=0.02, layer_norm_eps=1e-12, num_channels=3, num_stages=4,
                  out_features=["stage4"], out_indices=[4], patch_size=4,
                  stage_names=["stem", "stage1", "stage2", "stage3", "stage4"], torch_dtype="float32")
    config.update(overrides)
    return config


IMAGENET = {str(i): f"class_{i}" for i in range(1000)}
IMAGENET22K = {str(i): f"class_{i}" for i in range(21841)}

CASES = [
    dict(case_id="convnextv2-defaults", model_type="convnextv2", config={},
         architecture="ConvNextV2ForImageClassification", source="ConvNextV2Config() defaults (2 labels)"),
    dict(case_id="convnextv2-tiny-1k-224", model_type="convnextv2", architecture="ConvNextV2ForImageClassification",
         source="facebook/convnextv2-tiny-1k-224 config.json (class names as placeholders)",
         config=published(id2label=IMAGENET)),
    dict(case_id="convnextv2-atto-1k-224", model_type="convnextv2", architecture="ConvNextV2ForImageClassification",
         source="facebook/convnextv2-atto-1k-224 config.json (class names as placeholders)",
         config=published(depths=[2, 2, 6, 2], hidden_sizes=[40, 80, 160, 320], id2label=IMAGENET)),
    dict(case_id="convnextv2-base-22k-224", model_type="convnextv2", architecture="ConvNextV2ForImageClassification",
         source="facebook/convnextv2-base-22k-224 config.json (class names as placeholders)",
         config=published(depths=[3, 3, 27, 3], hidden_sizes=[128, 256, 512, 1024], id2label=IMAGENET22K)),
    dict(case_id="convnextv2-huge-22k-512", model_type="convnextv2", architecture="ConvNextV2ForImageClassification",
         source="facebook/convnextv2-huge-22k-512 config.json (class names as placeholders)",
         config=published(depths=[3, 3, 27, 3], hidden_sizes=[352, 704, 1408, 2816], image_size=512,
                          id2label=IMAGENET)),
    dict(case_id="convnextv2-tiny-1k-224-model", model_type="convnextv2", architecture="ConvNextV2Model",
         source="facebook/convnextv2-tiny-1k-224 as ConvNextV2Model", config=published()),
    dict(case_id="convnextv2-tiny-options", model_type="convnextv2", architecture="ConvNextV2ForImageClassification",
         source="rectangular patches, one channel, three stages, 5 labels",
         config=dict(TINY, hidden_sizes=[8, 12, 20], depths=[1, 1, 2], num_stages=3, patch_size=[4, 2],
                     num_channels=1, num_labels=5)),
    dict(case_id="convnextv2-tiny-fewer-stages", model_type="convnextv2",
         architecture="ConvNextV2ForImageClassification",
         source="num_stages smaller than len(depths): the classifier still reads hidden_sizes[-1]",
         config=dict(TINY, hidden_sizes=[8, 16, 24], depths=[1, 1, 1], num_stages=2)),
    dict(case_id="convnextv2-tiny-no-labels", model_type="convnextv2", architecture="ConvNextV2ForImageClassification",
         source="num_labels 0: the classifier is nn.Identity", config=dict(TINY, num_labels=0)),
    dict(case_id="convnextv2-tiny-model", model_type="convnextv2", architecture="ConvNextV2Model",
         source="base model", config=dict(TINY, patch_size=2)),
    dict(case_id="convnextv2-tiny-backbone", model_type="convnextv2", architecture="ConvNextV2Backbone",
         source="backbone with the default output (last stage)", config=dict(TINY)),
    dict(case_id="convnextv2-tiny-backbone-indices", model_type="convnextv2", architecture="ConvNextV2Backbone",
         source="backbone with out_indices: stem and two stages",
         config=dict(TINY, hidden_sizes=[8, 12, 20], depths=[1, 1, 1], num_stages=3, out_indices=[0, 1, 3])),
]
