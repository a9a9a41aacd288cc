"""The spec language, feature by feature, on small specs whose counts are worked by hand."""
import pytest

from estimator import api
from estimator.core.errors import EstimatorError
from estimator.spec.loader import load_yaml_text
from estimator.spec.model import load_spec_document


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


# ---------------------------------------------------------------- round 2 (issue 14)

CONV_BN_RELU = """
layer_types:
  conv_bn_relu:
    required: [cin, cout]
    children:
      - {type: conv2d, in_channels: cin, out_channels: cout, kernel_size: 3, padding: 1}
      - {type: batchnorm2d, num_features: cout}
      - {type: relu}
"""


def test_inlined_unnamed_nodes_continue_the_parents_numbering():
    # torchvision's vgg16_bn `features`: conv, bn, relu, conv, bn, relu, maxpool, ...
    text = CONV_BN_RELU + """
model:
  - name: features
    children:
      - {type: conv_bn_relu, inline: true, cin: 3, cout: 4}
      - {type: conv_bn_relu, inline: true, repeat: 2, cin: 4, cout: 4}
      - {type: maxpool2d, kernel_size: 2}
      - {type: conv_bn_relu, inline: true, cin: 4, cout: 8}
"""
    listed = [n for n in names(text) if n.endswith(".weight")]
    assert listed == ["features.0.weight", "features.1.weight", "features.3.weight", "features.4.weight",
                      "features.6.weight", "features.7.weight", "features.10.weight", "features.11.weight"]
    conv = lambda cin, cout: cout * cin * 9 + cout  # noqa: E731
    assert counts(text)["params"] == conv(3, 4) + 2 * conv(4, 4) + conv(4, 8) + 2 * (4 + 4 + 4 + 8)  # BN: weight, bias


@pytest.mark.parametrize("name, expected", [
    ("'denselayer{i + 1}'", ["block.denselayer1.weight", "block.denselayer2.weight", "block.denselayer3.weight"]),
    ("'layer{i}'", ["block.layer0.weight", "block.layer1.weight", "block.layer2.weight"]),
    ("'b{stage}-{2 * i}'", ["block.b7-0.weight", "block.b7-2.weight", "block.b7-4.weight"]),
])
def test_name_templates_are_expressions(name, expected):
    text = f"""
hyperparameters: {{stage: 7}}
model:
  - name: block
    children:
      - {{name: {name}, repeat: 3, type: linear, in_features: 2, out_features: 2, bias: false}}
"""
    assert names(text) == expected


def test_a_shifted_copy_number_stays_symbolic():
    text = """
hyperparameters: {n: 10000}
model:
  - {name: 'layer{i + 1}', repeat: n, type: linear, in_features: 2, out_features: 2, bias: false}
"""
    assert counts(text)["params"] == 10000 * 4  # no 2,048-copy limit: the range is kept whole
    assert names(text, n="2") == ["layer1.weight", "layer2.weight"]


@pytest.mark.parametrize("name, message", [
    ("'layer{j + 1}'", r"in the name `layer\{j \+ 1\}`: unknown name `j`"),
    ("'layer{i / 2}'", r"in the name `layer\{i / 2\}`: `\{i / 2\}` is 1/2, not an integer"),
])
def test_name_template_errors(name, message):
    text = f"model:\n  - {{name: {name}, repeat: 3, type: linear, in_features: 2, out_features: 2}}\n"
    with pytest.raises(EstimatorError, match=message):
        names(text)


def test_index_is_the_copy_number_of_an_unnamed_repeat():
    text = """
model:
  - name: seq
    children:
      - {type: relu}
      - {repeat: 3, index: j, type: linear, in_features: 2, out_features: j + 1, bias: false}
"""
    assert names(text) == ["seq.1.weight", "seq.2.weight", "seq.3.weight"]
    assert counts(text)["params"] == 2 * (1 + 2 + 3)


@pytest.mark.parametrize("values, expected", [
    ({}, 16 * 28 + 28),                 # round(27.89) = 28
    ({"w_a": "26.5"}, 16 * 26 + 26),    # half to even: 26
    ({"w_a": "27.5"}, 16 * 28 + 28),    # half to even: 28
    ({"w_a": "0.75 * 40"}, 16 * 30 + 30),
])
def test_exact_decimals(values, expected):
    text = """
hyperparameters: {w_a: 27.89, width: round(w_a)}
model:
  - {name: fc, type: linear, in_features: 16, out_features: width}
"""
    assert counts(text, **values)["params"] == expected


def test_make_divisible_as_torchvision_writes_it():
    # torchvision _make_divisible(v, 8): max(8, int(v + 4) // 8 * 8), plus 8 if that is under 0.9 v
    text = """
hyperparameters: {v: 0.75 * 36}
model:
  - name: fc
    type: linear
    in_features: 1
    out_features: "max(8, int(v + 4) // 8 * 8) + (8 if max(8, int(v + 4) // 8 * 8) < 0.9 * v else 0)"
    bias: false
"""
    assert counts(text)["params"] == 32  # 27 -> 24, which is under 0.9 * 27 = 24.3 -> 32
    assert counts(text, v="16")["params"] == 16


def test_int_rounds_towards_zero():
    text = "hyperparameters: {a: -2.5, b: int(a) + 10}\nmodel:\n  - {name: f, type: linear, in_features: b, out_features: 1, bias: false}\n"
    assert counts(text)["params"] == 8


def test_per_tensor_trainable():
    text = """
model:
  - name: emb
    tensors:
      position: {shape: [16, 4], trainable: false}
      cls: [1, 4]
"""
    result = counts(text)
    assert (result["params"], result["trainable_params"], result["non_trainable_params"]) == (68, 4, 64)


def test_a_tie_shared_by_every_copy_is_counted_once():
    text = """
hyperparameters: {n_mtp: 3}
model:
  - {name: lm_head, type: linear, in_features: 4, out_features: 10, bias: false}
  - name: mtp
    repeat: n_mtp
    children:
      - {name: proj, type: linear, in_features: 4, out_features: 4, bias: false}
      - {name: head, type: linear, in_features: 4, out_features: 10, bias: false, tied_to: {weight: lm_head.weight}}
"""
    assert counts(text)["params"] == 40 + 3 * 16
    tied = [t for t in api.shapes(spec(text))["tensors"] if t["tied_to"]]
    assert [t["name"] for t in tied] == ["mtp.0.head.weight", "mtp.1.head.weight", "mtp.2.head.weight"]


@pytest.mark.parametrize("tie, expected", [("true", 40 + 16), ("false", 40 + 16 + 40)])
def test_conditional_tie(tie, expected):
    text = f"""
hyperparameters: {{tie: {tie}}}
model:
  - {{name: embed, type: embedding, num_embeddings: 10, embedding_dim: 4}}
  - {{name: proj, type: linear, in_features: 4, out_features: 4, bias: false}}
  - {{name: lm_head, type: linear, in_features: 4, out_features: 10, bias: false,
     tied_to: {{weight: {{to: embed.weight, if: tie}}}}}}
"""
    assert counts(text)["params"] == expected


def test_layers_lists_a_type_that_indexes_a_list_argument(tmp_path, capsys):
    from estimator.cli.app import main

    path = tmp_path / "spec.yaml"
    path.write_text("""
hyperparameters: {cfg: [3, 4]}
layer_types:
  pair:
    required: [cfg]
    children:
      - {name: a, type: linear, in_features: 'cfg[0]', out_features: 'cfg[1]'}
model:
  - {name: p, type: pair, cfg: cfg}
""")
    assert main(["layers", "pair", "--spec", str(path)]) == 0
    assert "params = needs values: `cfg` is a list" in capsys.readouterr().out


def test_a_default_in_a_like_type_makes_the_argument_optional():
    text = """
layer_types:
  conv3x3: {like: conv2d, defaults: {kernel_size: 3, padding: 1}}
model:
  - {name: c, type: conv3x3, in_channels: 2, out_channels: 4}
"""
    assert counts(text)["params"] == 4 * 2 * 9 + 4


@pytest.mark.parametrize("text, message", [
    ("hyperparameters: {a: [1, 2], c: [a[0] * 2, 3]}\nmodel: []\n",
     r"invalid YAML: .*; inside \[\.\.\.\] or \{\.\.\.\}, YAML reads .* quote an expression"),
    ("hyperparameters: {inp: 16}\nmodel:\n  - {name: c, type: linear, in_features: max(1, inp // 4), out_features: 2}\n",
     r"has no argument `inp // 4\)` .*; a `,` in an unquoted expression inside \{\.\.\.\} split it: quote"),
])
def test_unquoted_expressions_in_flow_collections_get_a_hint(text, message):
    with pytest.raises(EstimatorError, match=message):
        counts(text)


@pytest.mark.parametrize("per_layer, expected", [("true", ["layers.0.weight", "layers.1.weight"]),
                                                  ("false", ["layers.0.weight", "layers.1.weight"])])
def test_two_exclusive_nodes_may_share_a_name(per_layer, expected):
    text = f"""
hyperparameters: {{n: 2, per_layer: {per_layer}}}
model:
  - {{name: layers, repeat: n, index: i, if: per_layer, type: linear, in_features: 2, out_features: i + 1, bias: false}}
  - {{name: layers, repeat: n, if: not per_layer, type: linear, in_features: 2, out_features: 2, bias: false}}
"""
    assert names(text) == expected


@pytest.mark.parametrize("text, message", [
    ('model:\n  - {name: "a\\nb", type: linear, in_features: 1, out_features: 1}\n',
     r"\$\.model\[0\]\.name: the module name 'a\\nb' holds a control character"),
    ('model:\n  - name: m\n    tensors: {"w\\tx": [2]}\n',
     r"the tensor name 'w\\tx' holds a control character"),
])
def test_names_are_printable(text, message):
    with pytest.raises(EstimatorError, match=message):
        counts(text)


def test_a_spec_name_with_a_newline_prints_on_one_line(tmp_path, capsys):
    from estimator.cli import main

    path = tmp_path / "spec.yaml"
    path.write_text('name: "f\\nError: forged"\nmodel:\n  - {name: a, type: linear, in_features: 1, out_features: 1}\n')
    assert main(["estimate", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "f\\nError: forged: 2 parameters (2)"
