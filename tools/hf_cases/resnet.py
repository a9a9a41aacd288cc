"""ResNet: defaults, microsoft/resnet-18/34/50/101/152 as published (ImageNet-1k classifiers), every head
(classifier, base model, backbone) and every option the template reads (layer_type basic/bottleneck,
hidden_sizes, depths (also of different lengths), embedding_size, num_channels, downsample_in_first_stage,
downsample_in_bottleneck, num_labels 0)."""

TINY = dict(embedding_size=8, hidden_sizes=[16, 32], depths=[1, 2])


def published(**overrides):
    """The keys microsoft/resnet-50's config.json holds (id2label given per case)."""
    config = dict(depths=[3, 4, 6, 3], downsample_in_first_stage=False, embedding_size=64, hidden_act="relu",
                  hidden_sizes=[256, 512, 1024, 2048], layer_type="bottleneck", num_channels=3,
                  torch_dtype="float32")
    config.update(overrides)
    return config


IMAGENET = {str(i): f"class_{i}" for i in range(1000)}
BASIC = dict(layer_type="basic", hidden_sizes=[64, 128, 256, 512])

CASES = [
    dict(case_id="resnet-defaults", model_type="resnet", config={}, architecture="ResNetForImageClassification",
         source="ResNetConfig() defaults (2 labels)"),
    dict(case_id="resnet-50", model_type="resnet", architecture="ResNetForImageClassification",
         source="microsoft/resnet-50 config.json (class names as placeholders)", expected_params=25557032,
         config=published(id2label=IMAGENET)),
    dict(case_id="resnet-18", model_type="resnet", architecture="ResNetForImageClassification",
         source="microsoft/resnet-18 config.json (class names as placeholders)", expected_params=11689512,
         config=published(depths=[2, 2, 2, 2], id2label=IMAGENET, **BASIC)),
    dict(case_id="resnet-34", model_type="resnet", architecture="ResNetForImageClassification",
         source="microsoft/resnet-34 config.json (class names as placeholders)", expected_params=21797672,
         config=published(depths=[3, 4, 6, 3], id2label=IMAGENET, **BASIC)),
    dict(case_id="resnet-101", model_type="resnet", architecture="ResNetForImageClassification",
         source="microsoft/resnet-101 config.json (class names as placeholders)", expected_params=44549160,
         config=published(depths=[3, 4, 23, 3], id2label=IMAGENET)),
    dict(case_id="resnet-152", model_type="resnet", architecture="ResNetForImageClassification",
         source="microsoft/resnet-152 config.json (class names as placeholders)", expected_params=60192808,
         config=published(depths=[3, 8, 36, 3], id2label=IMAGENET)),
    dict(case_id="resnet-50-model", model_type="resnet", architecture="ResNetModel",
         source="microsoft/resnet-50 as ResNetModel", config=published()),
    dict(case_id="resnet-50-backbone", model_type="resnet", architecture="ResNetBackbone",
         source="microsoft/resnet-50 as ResNetBackbone (out_indices)", config=published(out_indices=[1, 2, 3, 4])),
    dict(case_id="resnet-tiny-basic", model_type="resnet", architecture="ResNetForImageClassification",
         source="basic layers, embedding_size equal to hidden_sizes[0] (no shortcut in stage 1), 5 labels",
         config=dict(TINY, layer_type="basic", hidden_sizes=[8, 16, 24], depths=[2, 1, 1], num_labels=5)),
    dict(case_id="resnet-tiny-basic-downsample", model_type="resnet", architecture="ResNetForImageClassification",
         source="basic layers with downsample_in_first_stage: stage 1 gets a shortcut",
         config=dict(TINY, layer_type="basic", hidden_sizes=[8, 16], downsample_in_first_stage=True)),
    dict(case_id="resnet-tiny-options", model_type="resnet", architecture="ResNetForImageClassification",
         source="bottleneck with downsample_in_first_stage and downsample_in_bottleneck, one channel",
         config=dict(TINY, downsample_in_first_stage=True, downsample_in_bottleneck=True, num_channels=1)),
    dict(case_id="resnet-tiny-first-stage-same", model_type="resnet", architecture="ResNetForImageClassification",
         source="bottleneck with embedding_size equal to hidden_sizes[0]: no shortcut in stage 1",
         config=dict(TINY, embedding_size=16)),
    dict(case_id="resnet-tiny-uneven-lists", model_type="resnet", architecture="ResNetForImageClassification",
         source="more hidden_sizes than depths: stages follow zip(), the classifier reads hidden_sizes[-1]",
         config=dict(TINY, hidden_sizes=[16, 32, 48], depths=[1, 1])),
    dict(case_id="resnet-tiny-no-labels", model_type="resnet", architecture="ResNetForImageClassification",
         source="num_labels 0: the classifier's Linear is nn.Identity", config=dict(TINY, num_labels=0)),
    dict(case_id="resnet-tiny-model", model_type="resnet", architecture="ResNetModel",
         source="base model", config=dict(TINY, num_channels=4)),
    dict(case_id="resnet-tiny-backbone", model_type="resnet", architecture="ResNetBackbone",
         source="backbone with the default output (last stage)", config=dict(TINY)),
]
