"""ConvNeXT: defaults, convnext-tiny/base/large as published (ImageNet-1k and 22k classifiers), every head
(classifier, base model, backbone) and every option the template reads (hidden_sizes, depths, num_stages,
patch_size (also rectangular), num_channels, layer_scale_init_value 0, out_indices, num_labels 0)."""

TINY = dict(hidden_sizes=[8, 16], depths=[1, 2], num_stages=2, image_size=32)


def published(**overrides):
    """The keys facebook/convnext-tiny-224's config.json holds (id2label given per case)."""
    config = dict(depths=[3, 3, 9, 3], drop_path_rate=0.0, hidden_act="gelu", hidden_sizes=[96, 192, 384, 768],
                  image_size=224, initializer_range=0.02, layer_norm_eps=1e-12, layer_scale_init_value=1e-06,
                  num_channels=3, num_stages=4, patch_size=4, torch_dtype="float32")
    config.update(overrides)
    return config


IMAGENET = {str(i): f"class_{i}" for i in range(1000)}
IMAGENET22K = {str(i): f"class_{i}" for i in range(21841)}

CASES = [
    dict(case_id="convnext-defaults", model_type="convnext", config={}, architecture="ConvNextForImageClassification",
         source="ConvNextConfig() defaults (2 labels)"),
    dict(case_id="convnext-tiny-224", model_type="convnext", architecture="ConvNextForImageClassification",
         source="facebook/convnext-tiny-224 config.json (class names as placeholders)", expected_params=28589128,
         config=published(id2label=IMAGENET)),
    dict(case_id="convnext-base-224-22k", model_type="convnext", architecture="ConvNextForImageClassification",
         source="facebook/convnext-base-224-22k config.json (class names as placeholders)",
         config=published(depths=[3, 3, 27, 3], hidden_sizes=[128, 256, 512, 1024], drop_path_rate=0.5,
                          id2label=IMAGENET22K)),
    dict(case_id="convnext-large-224", model_type="convnext", architecture="ConvNextForImageClassification",
         source="facebook/convnext-large-224 config.json (class names as placeholders)",
         config=published(depths=[3, 3, 27, 3], hidden_sizes=[192, 384, 768, 1536], id2label=IMAGENET)),
    dict(case_id="convnext-tiny-224-model", model_type="convnext", architecture="ConvNextModel",
         source="facebook/convnext-tiny-224 as ConvNextModel", config=published()),
    dict(case_id="convnext-tiny-options", model_type="convnext", architecture="ConvNextForImageClassification",
         source="no layer scale, rectangular patches, one channel, three stages, 5 labels",
         config=dict(TINY, hidden_sizes=[8, 12, 20], depths=[1, 1, 2], num_stages=3, layer_scale_init_value=0.0,
                     patch_size=[4, 2], num_channels=1, num_labels=5)),
    dict(case_id="convnext-tiny-fewer-stages", model_type="convnext", architecture="ConvNextForImageClassification",
         source="num_stages smaller than len(depths): the classifier still reads hidden_sizes[-1]",
         config=dict(TINY, hidden_sizes=[8, 16, 24], depths=[1, 1, 1], num_stages=2)),
    dict(case_id="convnext-tiny-no-labels", model_type="convnext", architecture="ConvNextForImageClassification",
         source="num_labels 0: the classifier is nn.Identity", config=dict(TINY, num_labels=0)),
    dict(case_id="convnext-tiny-model", model_type="convnext", architecture="ConvNextModel",
         source="base model", config=dict(TINY, patch_size=2)),
    dict(case_id="convnext-tiny-backbone", model_type="convnext", architecture="ConvNextBackbone",
         source="backbone with the default output (last stage)", config=dict(TINY)),
    dict(case_id="convnext-tiny-backbone-indices", model_type="convnext", architecture="ConvNextBackbone",
         source="backbone with out_indices: stem and two stages",
         config=dict(TINY, hidden_sizes=[8, 12, 20], depths=[1, 1, 1], num_stages=3, out_indices=[0, 1, 3])),
]
