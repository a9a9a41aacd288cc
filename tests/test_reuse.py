"""Reuse across files: `extends:`, `include:`, `patch:` and the bundled blocks.

Counts are exact integers (a small GPT whose size is written out in `tiny` below, the bundled
llama-2-7b); every bundled block is proven exact by a spec in tests/fixtures/reuse/blocks/
built from it, compared tensor by tensor with the transformers fixture of the same name under
tests/fixtures/hf/. Errors are one message each, located in the file where the fault is
written: an inherited node in the base file, an included type in the included file.
"""
import json
import re
from pathlib import Path

import pytest

from estimator import api
from estimator.core.errors import EstimatorError
from estimator.engine.expand import expand, hyperparameter_scope
from estimator.spec.loader import load_yaml_text
from estimator.spec.model import (MAX_REUSE_DEPTH, block_files, block_layer_types, builtin_layer_types,
                            load_spec_document)
from estimator.sources.resolve import load_spec

from conftest import FIXTURES, ROOT

REUSE = FIXTURES / "reuse"
BLOCK_SPECS = sorted((REUSE / "blocks").glob("*.yaml"))

# A small GPT: the base of the cases below. Its size, by hand, is `tiny()`.
BASE = """\
name: base
hyperparameters: {vocab: 100, context: 8, hidden: 8, layers: 2, heads: 2, ffn: 4 * hidden}
constraints: [hidden % heads == 0]
layer_types:
  block:
    required: [hidden, heads, ffn]
    defaults: {bias: true}
    children:
      - {name: ln_1, type: layernorm, normalized_shape: hidden}
      - {name: attn, type: attention, hidden_size: hidden, num_heads: heads, bias: bias}
      - {name: ln_2, type: layernorm, normalized_shape: hidden}
      - {name: mlp, type: mlp, hidden_size: hidden, intermediate_size: ffn, bias: bias}
model:
  - {name: wte, type: embedding, num_embeddings: vocab, embedding_dim: hidden}
  - {name: wpe, type: embedding, num_embeddings: context, embedding_dim: hidden}
  - {name: h, repeat: layers, type: block, hidden: hidden, heads: heads, ffn: ffn}
  - {name: ln_f, type: layernorm, normalized_shape: hidden}
  - {name: lm_head, type: linear, in_features: hidden, out_features: vocab, bias: false,
     tied_to: {weight: wte.weight}}
expect: {params: 2624}
"""


def tiny(vocab=100, context=8, hidden=8, layers=2, ffn=None, bias=True, tied=True, wpe=True, block_extra=0, extra=0):
    """BASE's parameters: embeddings, `layers` blocks (two LayerNorms, q/k/v/o, a two-layer
    MLP), the final LayerNorm, and the head's weight unless it is tied."""
    ffn = 4 * hidden if ffn is None else ffn
    b = 1 if bias else 0
    block = 2 * 2 * hidden + 4 * (hidden * hidden + b * hidden) + (hidden * ffn + b * ffn) + (ffn * hidden + b * hidden)
    return (vocab * hidden + (context * hidden if wpe else 0) + layers * (block + block_extra) + 2 * hidden
            + (0 if tied else vocab * hidden) + extra)


assert tiny() == 2624


def write(tmp_path: Path, files: dict) -> str:
    """Write the files (the first is the spec to load) and return the first one's path."""
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return str(tmp_path / next(iter(files)))


def child(text: str) -> dict:
    return {"child.yaml": "extends: base.yaml\n" + text, "base.yaml": BASE}


# ---------------------------------------------------------------- exact counts

CASES = {
    "base as it is": ({"base.yaml": BASE}, tiny()),
    "extends only": (child(""), tiny()),
    "override a hyperparameter": (child("hyperparameters: {layers: 3}\n"), tiny(layers=3)),
    "an inherited expression follows": (child("hyperparameters: {hidden: 16}\n"), tiny(hidden=16)),
    "override an expression": (child("hyperparameters: {ffn: 20}\n"), tiny(ffn=20)),
    "add a hyperparameter": (child("hyperparameters: {mult: 3, ffn: mult * hidden}\n"), tiny(ffn=24)),
    "override a layer type": (child(
        "layer_types:\n  block:\n    required: [hidden, heads, ffn]\n"
        "    children: [{name: mlp, type: mlp, hidden_size: hidden, intermediate_size: ffn}]\n"),
        tiny(block_extra=-(2 * 2 * 8 + 4 * (64 + 8)))),
    "a type like its own name extends the inherited one": (child(
        "layer_types:\n  block: {like: block, defaults: {bias: false}}\n"), tiny(bias=False)),
    "a new type like an inherited one": (child(
        "layer_types:\n  plain: {like: block, defaults: {bias: false}}\n"
        "patch:\n  model.h: {merge: {type: plain}}\n"), tiny(bias=False)),
    "patch: merge (null removes a key)": (child("patch:\n  model.lm_head: {merge: {tied_to: null}}\n"),
                                          tiny(tied=False)),
    "patch: merge an argument": (child("patch:\n  model.h: {merge: {repeat: 5}}\n"), tiny(layers=5)),
    "patch: remove": (child("patch:\n  model.wpe: {remove: true}\n"), tiny(wpe=False)),
    "patch: by position": (child("patch:\n  model[1]: {remove: true}\n"), tiny(wpe=False)),
    "patch: replace": (child(
        "patch:\n  model.wpe: {replace: {name: wpe, type: embedding, num_embeddings: 2 * context,"
        " embedding_dim: hidden}}\n"), tiny(context=16)),
    "patch: after": (child(
        "patch:\n  model.ln_f:\n    after: [{name: proj, type: linear, in_features: hidden, out_features: hidden}]\n"),
        tiny(extra=8 * 8 + 8)),
    "patch: remove with before puts nodes in its place": (child(
        "patch:\n  model.ln_f:\n    remove: true\n"
        "    before: [{name: ln_f, type: rmsnorm, normalized_shape: hidden}]\n"), tiny(extra=-8)),
    "patch: append to model": (child(
        "patch:\n  model:\n    append: [{name: score, type: linear, in_features: hidden, out_features: 3}]\n"),
        tiny(extra=8 * 3 + 3)),
    "patch: append to a layer type's children": (child(
        "patch:\n  layer_types.block:\n    append: [{name: ln_3, type: layernorm, normalized_shape: hidden}]\n"),
        tiny(block_extra=16)),
    "patch: a node inside a layer type": (child(
        "patch:\n  layer_types.block.mlp: {merge: {bias: false}}\n"), tiny(block_extra=-(32 + 8))),
    "patch: merge into a layer type": (child(
        "patch:\n  layer_types.block: {merge: {defaults: {bias: false}}}\n"), tiny(bias=False)),
    "patch: a container's children": ({
        "child.yaml": "extends: base.yaml\npatch:\n  model.transformer.h: {merge: {repeat: 4}}\n"
                      "  model.transformer: {prepend: [{name: wte, type: embedding, num_embeddings: 2,"
                      " embedding_dim: 8}]}\n",
        "base.yaml": "hyperparameters: {d: 8}\nmodel:\n  - name: transformer\n    children:\n"
                     "      - {name: h, repeat: 2, type: linear, in_features: d, out_features: d}\n"},
        16 + 4 * 72),
    "constraints are added": (child("constraints: [layers > 1]\n"), tiny()),
    "a model replaces the base's": (child("model: [{name: only, type: linear, in_features: hidden,"
                                          " out_features: 2}]\n"), 8 * 2 + 2),
    "tensors merge by name": (child("tensors: {extra: [hidden, 3]}\n"), tiny(extra=24)),
    "a chain: c extends b extends base": ({
        "c.yaml": "extends: b.yaml\nhyperparameters: {heads: 4, hidden: 12}\n",
        "b.yaml": "extends: base.yaml\nhyperparameters: {layers: 3, hidden: 10}\n",
        "base.yaml": BASE}, tiny(layers=3, hidden=12)),
    "extends a subfolder and back": ({
        "specs/child.yaml": "extends: ../base.yaml\nhyperparameters: {layers: 1}\n",
        "base.yaml": BASE}, tiny(layers=1)),
    "include: a type from another file": ({
        "spec.yaml": "include: [lib.yaml]\nhyperparameters: {d: 8}\nmodel: [{name: x, type: double, d: d}]\n",
        "lib.yaml": "layer_types:\n  double:\n    required: [d]\n    children:\n"
                    "      - {name: a, type: linear, in_features: d, out_features: d}\n"
                    "      - {name: b, type: linear, in_features: d, out_features: d}\n"}, 2 * 72),
    "include: the spec's own definition wins": ({
        "spec.yaml": "include: [lib.yaml]\nhyperparameters: {d: 8}\nmodel: [{name: x, type: double, d: d}]\n"
                     "layer_types:\n  double: {required: [d], children: [{name: a, type: linear, in_features: d,"
                     " out_features: d}]}\n",
        "lib.yaml": "layer_types:\n  double:\n    required: [d]\n    children:\n"
                    "      - {name: a, type: linear, in_features: d, out_features: d}\n"
                    "      - {name: b, type: linear, in_features: d, out_features: d}\n"}, 72),
    "include: like its own name extends the included type": ({
        "spec.yaml": "include: [lib.yaml]\nhyperparameters: {d: 8}\nmodel: [{name: x, type: double, d: d}]\n"
                     "layer_types:\n  double: {like: double, defaults: {bias: false}}\n",
        "lib.yaml": "layer_types:\n  double:\n    required: [d]\n    defaults: {bias: true}\n    children:\n"
                    "      - {name: a, type: linear, in_features: d, out_features: d, bias: bias}\n"
                    "      - {name: b, type: linear, in_features: d, out_features: d, bias: bias}\n"}, 2 * 64),
    "include: one file reached twice is no clash": ({
        "spec.yaml": "include: [a.yaml, b.yaml]\nhyperparameters: {d: 8}\n"
                     "model: [{name: x, type: one, d: d}, {name: y, type: two, d: d}]\n",
        "a.yaml": "include: [lib.yaml]\nlayer_types: {one: {required: [d], children: [{type: lin, d: d}]}}\n",
        "b.yaml": "include: [lib.yaml]\nlayer_types: {two: {required: [d], children: [{type: lin, d: d}]}}\n",
        "lib.yaml": "layer_types: {lin: {like: linear, required: [d], defaults: {in_features: d, out_features: d}}}\n"},
        2 * 72),
    "include: a clash the spec settles": ({
        "spec.yaml": "include: [a.yaml, b.yaml]\nhyperparameters: {d: 8}\nmodel: [{name: x, type: t, d: d}]\n"
                     "layer_types: {t: {required: [d], children: [{name: a, type: linear, in_features: d,"
                     " out_features: 1}]}}\n",
        "a.yaml": "layer_types: {t: {required: [d], children: []}}\n",
        "b.yaml": "layer_types: {t: {required: [d], children: []}}\n"}, 9),
    "include and extends together": ({
        "child.yaml": "extends: base.yaml\ninclude: [lib.yaml]\npatch:\n  model.h: {merge: {type: lean}}\n",
        "base.yaml": BASE,
        "lib.yaml": "layer_types:\n  lean:\n    required: [hidden, heads, ffn]\n"
                    "    children: [{name: attn, type: attention, hidden_size: hidden, num_heads: heads}]\n"},
        tiny(block_extra=-(872 - 4 * 64))),
}


@pytest.mark.parametrize("files, params", CASES.values(), ids=CASES.keys())
def test_reuse_counts_are_exact(tmp_path, files, params):
    assert api.estimate(write(tmp_path, files))["params"] == params


@pytest.mark.parametrize("path, params", [
    ("tiny-gpt.yaml", 59_520),
    ("tiny-gpt-wide.yaml", 332_160),  # hidden 64, 4 layers, the head untied
    ("tiny-gpt-swiglu.yaml", 60_864),  # the included pre_ln_block: no biases, a SwiGLU of 96
    ("llama-2-7b-40-layers.yaml", 8_357_482_496),  # 6,738,415,616 + 8 layers of 202,383,360
])
def test_reuse_examples_are_exact(path, params):
    assert api.estimate(str(REUSE / path))["params"] == params


def test_extends_a_bundled_name_is_the_bundled_spec_with_its_values():
    assert api.estimate("llama-2-7b", overrides={"num_layers": "40"})["params"] == 8_357_482_496
    assert api.estimate(str(REUSE / "llama-2-7b-40-layers.yaml"))["buffer_elements"] == 128


def test_what_is_inherited_and_what_is_not(tmp_path):
    spec = load_spec(write(tmp_path, child("source: a delta\nconstraints: [layers > 1]\n")))
    assert spec.name == "child"  # the base's name, source and expect are the base's own
    assert spec.data["source"] == "a delta"
    assert "expect" not in spec.data
    assert spec.data["constraints"] == ["hidden % heads == 0", "layers > 1"]
    assert list(spec.hyperparameters) == ["vocab", "context", "hidden", "layers", "heads", "ffn"]
    assert not set(spec.data) & {"extends", "include", "patch"}
    assert api.validate(str(tmp_path / "child.yaml"))["ok"]


HF_BASE = BASE + """\
hf:
  model_type: base
  architectures: {Base: {}}
  sources: {hidden: [text_config.hidden], layers: [text_config.layers]}
  null_means: {heads: 1, ffn: 4}
  strings: {act: {gelu: {bias: true}}, kind: {a: {bias: false}}}
  fractional: [ffn]
"""


def test_hf_maps_are_merged_entry_by_entry(tmp_path):
    """A delta's hf.sources, null_means and strings add to its base's by name (a null removes an
    inherited entry); architectures, fractional and the scalars replace the base's."""
    files = {"child.yaml": (
        "extends: base.yaml\n"
        "hf:\n  model_type: child\n  architectures: {Child: {}}\n"
        "  sources: {layers: [n_layer], vocab: [text_config.vocab], hidden: null}\n"
        "  null_means: {heads: 2}\n  strings: {act: {relu: {bias: false}}, kind: null}\n  fractional: [heads]\n"),
        "base.yaml": HF_BASE}
    hf = load_spec(write(tmp_path, files)).data["hf"]
    assert hf == {"model_type": "child", "architectures": {"Child": {}},
                  "sources": {"layers": ["n_layer"], "vocab": ["text_config.vocab"]},
                  "null_means": {"heads": 2, "ffn": 4}, "strings": {"act": {"relu": {"bias": False}}},
                  "fractional": ["heads"]}
    assert list(hf["sources"]) == ["layers", "vocab"]  # the base's order, then the new entries


def test_sub_configs_read_prefixed_hyperparameters_from_nested_configs(tmp_path, monkeypatch):
    """hf.sub_configs: a hyperparameter PREFIX+KEY without a sources entry of its own is read
    from SUBCONFIG.KEY, the sub-configs in the order listed; an entry of its own wins."""
    import estimator.sources.hf as hf

    family = BASE.replace("name: base\n", "name: tiny\nhf:\n  model_type: tiny\n  architectures: {Tiny: {}}\n"
                          "  sub_configs: {old_config: text_, text_config: text_}\n"
                          "  sources: {text_heads: [heads_here]}\n")
    family = family.replace("hyperparameters: {vocab: 100,", "hyperparameters: {text_hidden: 8, text_heads: 2,"
                            " text_layers: 2, vocab: 100,")
    family = family.replace("hidden: 8, layers: 2, heads: 2,", "hidden: text_hidden, layers: text_layers, heads: text_heads,")
    (tmp_path / "tiny.yaml").write_text(family.replace("expect: {params: 2624}\n", ""))
    monkeypatch.setattr(hf, "FAMILIES_DIR", tmp_path)
    assert load_spec(str(tmp_path / "tiny.yaml")).data["hf"]["sources"] == {
        "text_heads": ["heads_here"], "text_hidden": ["old_config.hidden", "text_config.hidden"],
        "text_layers": ["old_config.layers", "text_config.layers"]}
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"model_type": "tiny", "heads_here": 4, "text_config": {"hidden": 16, "layers": 3,
                                                                                        "heads": 8},
                                  "old_config": {"layers": 1}}))
    assert api.estimate(str(config))["params"] == tiny(hidden=16, layers=1)



def test_an_empty_sub_config_prefix_reads_every_key_from_that_config(tmp_path, monkeypatch):
    """hf.sub_configs {text_config: ''}: every hyperparameter KEY without a sources entry of its
    own is read from text_config.KEY, the top-level KEY where text_config lacks it (a
    vision-language template over a text family's keys); an entry of its own wins."""
    import estimator.sources.hf as hf

    family = BASE.replace("name: base\n", "name: tiny\nhf:\n  model_type: tiny\n  architectures: {Tiny: {}}\n"
                          "  sub_configs: {vision_config: vision_, text_config: ''}\n"
                          "  sources: {heads: [heads_here]}\n")
    (tmp_path / "tiny.yaml").write_text(family.replace("expect: {params: 2624}\n", ""))
    monkeypatch.setattr(hf, "FAMILIES_DIR", tmp_path)
    sources = load_spec(str(tmp_path / "tiny.yaml")).data["hf"]["sources"]
    assert (sources["heads"], sources["hidden"], sources["layers"]) == (
        ["heads_here"], ["text_config.hidden"], ["text_config.layers"])
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"model_type": "tiny", "heads_here": 4, "layers": 5, "vocab": 50,
                                  "text_config": {"hidden": 16, "layers": 3, "heads": 8}}))
    assert api.estimate(str(config))["params"] == tiny(vocab=50, hidden=16, layers=3)

def test_a_null_in_an_hf_map_needs_a_base(tmp_path):
    files = {"a.yaml": HF_BASE.replace("layers: [text_config.layers]}", "layers: null}")}
    with pytest.raises(EstimatorError, match=r"a\.yaml:\d+:\d+: \$\.hf\.sources\.layers: a null removes an entry"
                                             r" inherited through `extends:`, and this spec extends nothing"):
        load_spec(write(tmp_path, files))


def test_a_spec_without_reuse_keys_is_loaded_as_it_is():
    document = load_yaml_text(BASE, "base.yaml")
    assert load_spec_document(document).document is document


# ---------------------------------------------------------------- where errors are reported


def base_with(old: str, new: str) -> str:
    """BASE with one value broken."""
    assert BASE.count(old) == 1
    return BASE.replace(old, new)


BAD_WPE = base_with("embedding_dim: hidden}\n  - {name: h", "embedding_dim: hidden * heads2}\n  - {name: h")
LOCATED = {
    "an inherited node, in the base file": (
        {"child.yaml": "extends: base.yaml\n", "base.yaml": BAD_WPE}, "base.yaml",
        r"base\.yaml:15:74: \$\.model\[1\]\.embedding_dim: unknown name `heads2`; did you mean `heads`\?"),
    "an inherited layer type, in the base file": (
        {"child.yaml": "extends: base.yaml\n",
         "base.yaml": base_with("{name: ln_1, type: layernorm, normalized_shape: hidden}",
                                "{name: ln_1, type: layernorm, normalized_shape: hiden}")}, "base.yaml",
        r"base\.yaml:9:57: \$\.layer_types\.block\.children\[0\]\.normalized_shape: unknown name `hiden`"),
    "a base's unknown argument, in the base file": (
        {"child.yaml": "extends: base.yaml\n",
         "base.yaml": base_with("{name: ln_f, type: layernorm,", "{name: ln_f, colour: red, type: layernorm,")},
        "base.yaml", r"base\.yaml:17:18: \$\.model\[3\]\.colour: layer type `layernorm` has no argument `colour`"),
    "a base's schema error, in the base file": (
        {"child.yaml": "extends: base.yaml\n", "base.yaml": base_with("layers: 2,", "layers: 2.5.1,")},
        "base.yaml", r"base\.yaml:2:"),
    "a chain's first file, two files away": (
        {"c.yaml": "extends: b.yaml\n", "b.yaml": "extends: base.yaml\nhyperparameters: {layers: 3}\n",
         "base.yaml": BAD_WPE}, "base.yaml", r"base\.yaml:15:74: \$\.model\[1\]\.embedding_dim: unknown name `heads2`"),
    "a node a patch moved, at its place in the base file": (
        {"child.yaml": "extends: base.yaml\npatch:\n  model.wpe: {remove: true}\n",
         "base.yaml": base_with("out_features: vocab,", "out_features: vocabs,")},
        "base.yaml", r"base\.yaml:18:70: \$\.model\[4\]\.out_features: unknown name `vocabs`; did you mean `vocab`\?"),
    "a value a patch wrote, in the child": (
        child("patch:\n  model.wpe: {merge: {num_embeddings: contxt}}\n"), "child.yaml",
        r"child\.yaml:3:39: \$\.patch\['model\.wpe'\]\.merge\.num_embeddings: unknown name `contxt`"),
    "an included type, in the included file": (
        {"spec.yaml": "include: [lib.yaml]\nhyperparameters: {d: 8}\nmodel: [{name: x, type: double, d: d}]\n",
         "lib.yaml": "layer_types:\n  double:\n    required: [d]\n    children:\n"
                     "      - {name: a, type: linear, in_features: d, out_features: 2 * e}\n"},
        "lib.yaml", r"lib\.yaml:5:63: \$\.layer_types\.double\.children\[0\]\.out_features: unknown name `e`"),
}


@pytest.mark.parametrize("files, where, message", LOCATED.values(), ids=LOCATED.keys())
def test_errors_are_located_where_they_are_written(tmp_path, files, where, message):
    with pytest.raises(EstimatorError, match=message) as caught:
        api.estimate(write(tmp_path, files))
    assert caught.value.location.file == str(tmp_path / where)


# ---------------------------------------------------------------- errors

ERRORS = {
    "a cycle names the chain": (
        {"a.yaml": "extends: b.yaml\n", "b.yaml": "extends: c.yaml\n", "c.yaml": "extends: a.yaml\n"},
        r"c\.yaml:1:10: \$\.extends: `extends` cycle: \S*a\.yaml -> \S*b\.yaml -> \S*c\.yaml -> \S*a\.yaml$"),
    "a file that extends itself": (
        {"a.yaml": "extends: a.yaml\nmodel: []\n"}, r"`extends` cycle: \S*a\.yaml -> \S*a\.yaml$"),
    "an include cycle": (
        {"a.yaml": "include: [b.yaml]\nmodel: []\n", "b.yaml": "include: [a.yaml]\n"},
        r"b\.yaml:1:11: \$\.include\[0\]: `include` cycle: \S*a\.yaml -> \S*b\.yaml -> \S*a\.yaml$"),
    "a missing bundled name: did you mean": (
        {"a.yaml": "extends: llama-2-7\n"},
        r"a\.yaml:1:10: \$\.extends: no such file or bundled architecture `llama-2-7`; did you mean `llama-2-7b`\?"),
    "a missing file": ({"a.yaml": "extends: ../nowhere/base.yaml\n"}, r"\$\.extends: no such file: \S*nowhere/base\.yaml"),
    "a missing include": ({"a.yaml": "include: [lib.yml]\nmodel: []\n"}, r"\$\.include\[0\]: no such file: \S*lib\.yml"),
    "a folder": ({"a.yaml": "extends: sub\n", "sub/x.yaml": "model: []\n"}, r"`sub` is not a file"),
    "a config.json": ({"a.yaml": "extends: config.json\n", "config.json": "{}"}, r"is a JSON file"),
    "not a mapping": ({"a.yaml": "extends: b.yaml\n", "b.yaml": "- 1\n"}, r"b\.yaml:1:1: .*must be a mapping"),
    "extends is a string": ({"a.yaml": "extends: [b.yaml]\n"}, r"\$\.extends: .* is not of type string"),
    "a clash between includes names both places": (
        {"a.yaml": "include: [one.yaml, two.yaml]\nmodel: []\n",
         "one.yaml": "layer_types:\n  t: {children: []}\n", "two.yaml": "# two\nlayer_types:\n  t: {children: []}\n"},
        r"a\.yaml:1:21: \$\.include\[1\]: layer type `t` is defined by two included files: `one\.yaml` "
        r"\(\S*one\.yaml:2:6: \$\.layer_types\.t\) and `two\.yaml` \(\S*two\.yaml:3:6: \$\.layer_types\.t\); "
        r"define `t` in this spec to choose"),
    "a bad patch path": (child("patch:\n  modell.h: {remove: true}\n"), r"child\.yaml:3:3: .*is not a node path"),
    "a patch path with no such node: did you mean": (
        child("patch:\n  model.ln_g: {remove: true}\n"),
        r"`model\.ln_g`: no node `ln_g` in the top level; did you mean `ln_f`\?"),
    "a patch path through a typed node": (
        child("patch:\n  model.h.attn: {remove: true}\n"),
        r"`model\.h\.attn`: `h` is a `block` node; a path goes through `children` only"),
    "a patch position past the end": (child("patch:\n  model[9]: {remove: true}\n"), r"no node \[9\] in the top level"),
    "a patch of a library type": (
        child("patch:\n  layer_types.linear: {merge: {doc: x}}\n"),
        r"no layer type `linear` to patch .*define `linear: \{like: linear, \.\.\.\}`"),
    "remove with merge": (child("patch:\n  model.h: {remove: true, merge: {repeat: 1}}\n"),
                          r"`remove` with `replace`, `merge`, `prepend` or `append` does nothing useful"),
    "replace with merge": (child("patch:\n  model.h: {replace: {name: h}, merge: {repeat: 1}}\n"),
                           r"give `replace` or `merge`, not both"),
    "an unknown patch operation": (child("patch:\n  model.h: {delete: true}\n"), r"unknown key `delete`"),
    "before on the model": (child("patch:\n  model: {before: []}\n"), r"`before` does not apply to `model`"),
    "append to a typed node": (child("patch:\n  model.h: {append: [{name: x, type: relu}]}\n"),
                               r"`append`: the node at `model\.h` is a `block`, not a node with `children`"),
    "a patch that makes a bad node": (child("patch:\n  model.h: {merge: {tensors: 5}}\n"),
                                      r"child\.yaml:3:30: \$\.patch\['model\.h'\]\.merge\.tensors: 5 is not"),
    "patch without a model": ({"a.yaml": "patch:\n  model.h: {remove: true}\n"}, r"there is no `model:` to patch"),
}


@pytest.mark.parametrize("files, message", ERRORS.values(), ids=ERRORS.keys())
def test_reuse_errors(tmp_path, files, message):
    with pytest.raises(EstimatorError, match=message):
        load_spec(write(tmp_path, files))


def test_a_base_changed_on_disk_is_read_again(tmp_path):
    """Composed bases are kept for the next spec built on them, but not once a file they were
    made from has changed (here the base of the base)."""
    path = write(tmp_path, {"c.yaml": "extends: b.yaml\n", "b.yaml": "extends: base.yaml\n", "base.yaml": BASE})
    assert api.estimate(path)["params"] == tiny()
    assert api.estimate(path)["params"] == tiny()
    (tmp_path / "base.yaml").write_text(BASE.replace("layers: 2,", "layers: 30,"))
    assert api.estimate(path)["params"] == tiny(layers=30)


def test_chains_are_bounded(tmp_path):
    files = {f"s{i}.yaml": f"extends: s{i + 1}.yaml\n" for i in range(MAX_REUSE_DEPTH + 1)}
    files[f"s{MAX_REUSE_DEPTH + 1}.yaml"] = BASE
    with pytest.raises(EstimatorError, match=rf"nest more than {MAX_REUSE_DEPTH} files deep: \S*s0\.yaml -> "):
        load_spec(write(tmp_path, files))
    del files["s0.yaml"], files["s1.yaml"]  # 16 files (15 that extend, and the base) are allowed
    assert api.estimate(write(tmp_path, files))["params"] == tiny()


def test_cli_prints_the_base_file_location(tmp_path, capsys):
    from estimator.cli.app import main

    files = child("")
    files["base.yaml"] = files["base.yaml"].replace("embedding_dim: hidden}\n  - {name: h", "embedding_dim: hiddn}\n  - {name: h")
    assert main(["estimate", write(tmp_path, files)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"Error: {tmp_path / 'base.yaml'}:15:74: $.model[1].embedding_dim: unknown name `hiddn`; did you mean `hidden`?")


# ---------------------------------------------------------------- bundled blocks


def block_case(path: Path) -> str:
    """tests/fixtures/reuse/blocks/<case>[--variant].yaml is compared with tests/fixtures/hf/<case>."""
    return path.stem.split("--")[0]


@pytest.mark.parametrize("path", BLOCK_SPECS, ids=[p.stem for p in BLOCK_SPECS])
def test_blocks_are_exact_against_transformers(path):
    want = json.loads((FIXTURES / "hf" / block_case(path) / "expected.json").read_text())
    got = api.shapes(str(path))["tensors"]
    fields = ("name", "shape", "kind", "persistent", "tied_to")
    assert [tuple(t[k] for k in fields) for t in got] == [tuple(t[k] for k in fields) for t in want["tensors"]]
    totals = api.estimate(str(path))
    assert totals["params"] == want["params"]
    assert totals["buffer_elements"] == want["buffer_elements"]


def _types_used(spec) -> set:
    """Every layer type a spec's expansion goes through (and the types those are `like`)."""
    inventory = expand(spec, hyperparameter_scope(spec))
    used = {module.type for module in inventory.modules if module.type}
    for name in list(used):
        layer_type = spec.layer_types[name]
        while layer_type.like:
            used.add(layer_type.like)
            layer_type = spec.layer_types[layer_type.like]
    return used


def test_every_block_is_proven_by_a_spec():
    used: set = set()
    for path in BLOCK_SPECS:
        used |= _types_used(load_spec(str(path)))
    assert sorted(set(block_layer_types()) - used) == []


def test_blocks_are_valid_and_named_apart_from_the_library():
    blocks = block_layer_types()
    assert blocks and not set(blocks) & set(builtin_layer_types())
    assert {"bert_layer", "bart_encoder_layer", "bart_decoder_layer", "t5_block", "clip_vision_transformer",
            "clip_text_transformer", "siglip_vision_transformer", "siglip_text_transformer", "llama_decoder_layer",
            "causal_lm_head"} <= set(blocks)
    for path in block_files():
        text = path.read_text()
        assert text.startswith("# yaml-language-server: $schema=../../schemas/architecture.schema.json\n")
        assert set(load_yaml_text(text, str(path)).data) == {"layer_types"}, path.name
    for layer_type in blocks.values():
        assert layer_type.definition.get("doc") and layer_type.definition.get("reference"), layer_type.name


def test_blocks_are_read_only_when_a_spec_names_one(tmp_path):
    assert not set(load_spec(str(REUSE / "tiny-gpt.yaml")).layer_types) & set(block_layer_types())
    assert "bert_layer" in load_spec(str(REUSE / "blocks" / "bert-tiny-model.yaml")).layer_types
    # a spec's own type of a block's name wins; `like:` its own name starts from the block
    spec = write(tmp_path, {"s.yaml": "hyperparameters: {d: 8}\nmodel: [{name: x, type: bert_layer, hidden_size: d,"
                                      " intermediate_size: 2}]\nlayer_types:\n  bert_layer: {like: bert_layer,"
                                      " defaults: {cross_attention: true}}\n"})
    one = 4 * 64 + 6 * 8  # bert_attention
    assert api.estimate(spec)["params"] == 2 * one + (8 * 2 + 2) + (2 * 8 + 8) + 16


def test_blocks_ship_in_the_package():
    text = (ROOT / "pyproject.toml").read_text()
    assert '"estimator.blocks"' in text
    assert re.search(r'"estimator\.blocks" = \["\*\.yaml"\]', text)


# ---------------------------------------------------------------- family templates as deltas


def test_a_family_template_can_be_a_delta(tmp_path, monkeypatch):
    """What issue 15 builds on: a family template that `extends:` another binds a config.json
    exactly as the full template does (hf: is inherited key by key)."""
    import estimator.sources.hf as hf

    llama = hf.supported_families()["llama"]
    (tmp_path / "llama.yaml").write_text(
        f"extends: {llama}\nname: llama-delta\nsource: a delta on the llama template\n")
    monkeypatch.setattr(hf, "FAMILIES_DIR", tmp_path)
    for case in ("llama-tiny-model", "llama-2-7b", "llama-tiny-qa"):
        want = json.loads((FIXTURES / "hf" / case / "expected.json").read_text())
        config = str(FIXTURES / "hf" / case / "config.json")
        assert api.estimate(config)["params"] == want["params"]
        assert [t["name"] for t in api.shapes(config)["tensors"]] == [t["name"] for t in want["tensors"]]


def test_reuse_page_shows_the_files_it_uses():
    text = (ROOT / "docs" / "reuse.md").read_text()
    for name in ("tiny-gpt.yaml", "tiny-gpt-wide.yaml", "llama-2-7b-40-layers.yaml", "shared-types.yaml",
                 "tiny-gpt-swiglu.yaml", "blocks/roberta-tiny-model.yaml"):
        assert (REUSE / name).read_text() in text, f"docs/reuse.md must show tests/fixtures/reuse/{name} as it is"
    for name in block_layer_types():
        assert f"`{name}`" in text, f"docs/reuse.md does not list the block `{name}`"


def test_convert_of_a_delta_family_writes_a_delta_that_estimates_the_same(tmp_path, monkeypatch, capsys):
    import estimator.sources.hf as hf
    from estimator.cli.app import main

    llama = hf.supported_families()["llama"]
    (tmp_path / "llama.yaml").write_text(
        f"extends: {llama}\nname: llama-delta\nsource: a delta on the llama template\n")
    monkeypatch.setattr(hf, "FAMILIES_DIR", tmp_path)
    for case in ("llama-tiny-model", "llama-tiny-qa"):
        config = str(FIXTURES / "hf" / case / "config.json")
        output = tmp_path / f"{case}.yaml"
        assert main(["convert", config, "-o", str(output)]) == 0
        assert "extends: " in output.read_text() and "# config.json" in output.read_text()
        want = json.loads((FIXTURES / "hf" / case / "expected.json").read_text())
        assert api.estimate(str(output))["params"] == want["params"]
        assert [t["name"] for t in api.shapes(str(output))["tensors"]] == [t["name"] for t in want["tensors"]]


def test_convert_of_a_config_that_changes_nothing_in_a_delta_family(tmp_path, capsys):
    from estimator.cli import main

    config = tmp_path / "config.json"
    config.write_text('{"model_type": "pegasus", "architectures": ["PegasusModel"]}')
    output = tmp_path / "out.yaml"
    assert main(["convert", str(config), "-o", str(output)]) == 0
    assert api.estimate(str(output))["params"] == api.estimate(str(config))["params"]
