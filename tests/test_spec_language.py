"""The spec language, feature by feature, on small specs whose counts are worked by hand."""
import pytest

from estimator import api
from estimator.loader import load_yaml_text
from estimator.spec import load_spec_document


def spec(text: str):
    return load_spec_document(load_yaml_text(text, "spec.yaml"))


def names(text: str, **overrides) -> list[str]:
    return [t["name"] for t in api.shapes(spec(text), overrides)["tensors"]]


def counts(text: str, **overrides) -> dict:
    return api.estimate(spec(text), overrides)


SEQUENTIAL = """
model:
  - name: features
    children:
      - {type: conv2d, in_channels: 3, out_channels: 8, kernel_size: 3}
      - {type: relu}
      - {type: maxpool2d, kernel_size: 2}
      - {type: conv2d, in_channels: 8, out_channels: 8, kernel_size: 3, bias: false}
"""


def test_unnamed_children_are_numbered_like_nn_sequential():
    assert names(SEQUENTIAL) == ["features.0.weight", "features.0.bias", "features.3.weight"]
    assert counts(SEQUENTIAL)["params"] == 8 * 3 * 9 + 8 + 8 * 8 * 9


GROUPS = """
hyperparameters: {dense: 2, total: 5}
model:
  - name: layers
    children:
      - {repeat: dense, type: linear, in_features: 4, out_features: 4}
      - {repeat: total - dense, active: 1, type: linear, in_features: 4, out_features: 4, bias: false}
"""


def test_unnamed_repeat_groups_take_consecutive_indices():
    assert names(GROUPS) == [
        "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
        "layers.2.weight", "layers.3.weight", "layers.4.weight",
    ]
    result = counts(GROUPS)
    assert result["params"] == 2 * 20 + 3 * 16
    assert result["active_params"] == 2 * 20 + 1 * 16
    paths = [m["path"] for m in result["modules"]]
    assert "layers.{0..1}" in paths and "layers.{2..4}" in paths


def test_symbolic_repeat_is_not_unrolled_to_count():
    text = GROUPS.replace("total: 5", "total: 1000000000")
    assert counts(text)["params"] == 2 * 20 + (10**9 - 2) * 16


def test_conditions_trainable_and_ties():
    text = """
hyperparameters: {vocab: 10, dim: 4, frozen_encoder: true, with_head: true}
model:
  - {name: embed, type: embedding, num_embeddings: vocab, embedding_dim: dim}
  - name: encoder
    trainable: not frozen_encoder
    children:
      - {name: fc, type: linear, in_features: dim, out_features: dim}
  - {name: head, if: with_head, type: linear, in_features: dim, out_features: vocab, bias: false,
     tied_to: {weight: embed.weight}}
"""
    result = counts(text)
    assert result["params"] == 40 + 20
    assert result["non_trainable_params"] == 20
    assert result["trainable_params"] == 40
    assert result["embedding_params"] == 40
    assert names(text)[-1] == "head.weight"
    assert "head.weight" not in names(text, with_head="false")


def test_inline_tensors_buffers_and_families():
    text = """
hyperparameters: {n: 3, dim: 4}
model:
  - name: block
    tensors:
      cls_token: [1, 1, dim]
      position_ids: {shape: [1, 16], kind: buffer, persistent: false}
      scale_{k}: {shape: [dim], for: {k: [1, n]}}
"""
    assert names(text) == ["block.cls_token", "block.position_ids", "block.scale_1", "block.scale_2"]
    result = counts(text)
    assert (result["params"], result["buffer_elements"], result["persistent_buffer_elements"]) == (4 + 8, 16, 0)


def test_like_overrides_defaults_and_derived():
    text = """
layer_types:
  conv3x3:
    like: conv2d
    doc: 3x3 convolution without bias
    defaults: {kernel_size: 3, bias: false}
    required: [in_channels, out_channels]
model:
  - {name: c, type: conv3x3, in_channels: 2, out_channels: 4}
"""
    assert counts(text)["params"] == 4 * 2 * 9


def test_named_template_repeat():
    text = """
hyperparameters: {n: 2}
model:
  - {name: "encoder_layer_{i}", repeat: n, type: layernorm, normalized_shape: 3}
"""
    assert names(text) == ["encoder_layer_0.weight", "encoder_layer_0.bias", "encoder_layer_1.weight", "encoder_layer_1.bias"]


def test_fused_moe_active_params():
    text = """
model:
  - {name: moe, type: moe, hidden_size: 8, intermediate_size: 4, num_experts: 6, top_k: 2}
"""
    result = counts(text)
    per_expert = 2 * 4 * 8 + 8 * 4
    assert result["params"] == 6 * 8 + 6 * per_expert
    assert result["active_params"] == 6 * 8 + 2 * per_expert


@pytest.mark.parametrize("override, expected", [("8", 8), ("2 * 8", 16), ("true", True)])
def test_set_values_are_parsed_as_expressions(override, expected):
    text = "hyperparameters: {a: 1, b: false}\nmodel: []\n"
    key = "b" if expected is True else "a"
    assert counts(text, **{key: override})["hyperparameters"][key] == expected


def test_indexed_repeat_copies_may_differ():
    text = """
hyperparameters: {layers: 6, step: 2, dense: [0, 1]}
model:
  - name: layers
    children:
      - {repeat: layers, index: i, if: "(i + 1) % step == 0 and i not in dense", type: linear,
         in_features: 4, out_features: 4, bias: false}
  - {name: extra, repeat: 2, index: j, type: linear, in_features: 4, out_features: j + 1}
"""
    assert names(text) == ["layers.3.weight", "layers.5.weight", "extra.0.weight", "extra.0.bias",
                           "extra.1.weight", "extra.1.bias"]
    assert counts(text)["params"] == 16 + 16 + (4 + 1) + (8 + 2)
    assert counts(text, layers="8")["params"] == 3 * 16 + 15


def test_len_and_in():
    text = """
hyperparameters: {widths: [8, 16, 32]}
constraints: ["len(widths) == 3", "16 in widths", "5 not in widths"]
model:
  - {name: fc, type: linear, in_features: "widths[len(widths) - 1]", out_features: 2}
"""
    assert counts(text)["params"] == 32 * 2 + 2


def test_passes_reuse_weights_for_flops_not_params():
    text = """
hyperparameters: {d: 8, reuse: 3}
model:
  - {name: shared, passes: reuse, type: attention, hidden_size: d, num_heads: 2}
"""
    once = counts(text, reuse="1")
    thrice = counts(text)
    assert thrice["params"] == once["params"] == 4 * 8 * 8
    assert thrice["kv_cache_bytes_per_token"] == 3 * once["kv_cache_bytes_per_token"]
    assert thrice["flops_per_token"] == 3 * once["flops_per_token"]
