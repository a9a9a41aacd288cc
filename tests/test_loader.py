"""Loading and schema errors: one message with file:line:col and JSON path."""
import pytest

from estimator.spec.model import LIBRARY_FILE

from estimator import api
from estimator.core.errors import EstimatorError
from estimator.spec.loader import load_yaml_text


def spec_error(tmp_path, text: str | bytes) -> str:
    path = tmp_path / "spec.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(EstimatorError) as info:
        api.estimate(str(path))
    return str(info.value).replace(str(path), "spec.yaml")


MODEL = "model:\n  - {name: fc, type: linear, in_features: 4, out_features: 2}\n"

BAD_SPECS = [
    ("",
     'spec.yaml: the file is empty'),
    ("a: 1\n---\nb: 2\n",
     'spec.yaml:2:1: $: invalid YAML: the file holds several YAML documents (`---`); a spec is one document'),
    ("hyperparameters:\n  a: 1\n  a: 2\n" + MODEL,
     'spec.yaml:3:3: $.hyperparameters.a: duplicate key `a` (first defined at line 2, column 3)'),
    ("hyperparameters:\n  a: 1\n  'a': 2\n" + MODEL,
     'spec.yaml:3:3: $.hyperparameters.a: duplicate key `a` (first defined at line 2, column 3)'),
    ("!!python/object/apply:os.system ['true']\n",
     'spec.yaml:1:1: $: unsupported YAML tag tag:yaml.org,2002:python/object/apply:os.system'),
    ("hyperparameters: !!python/name:os.system\n" + MODEL,
     'spec.yaml:1:18: $.hyperparameters: unsupported YAML tag tag:yaml.org,2002:python/name:os.system'),
    ("hyperparameters:\n  a: &x 1\n  <<: {b: 2}\n" + MODEL,
     'spec.yaml:2:3: $.hyperparameters: YAML merge keys (`<<`) are not supported; write the keys out'),
    ("hyperparameters:\n\ta: 1\n",
     'spec.yaml:2:1: $: invalid YAML: a tab character; YAML indents with spaces only'),
    (b"hyperparameters: {a: \xff}\n",
     'spec.yaml: file is not valid UTF-8 (byte 21)'),
    ("hyperparameters: {a: 1}\x00\n",
     'spec.yaml: file contains a NUL byte; is it a binary file?'),
    ("- 1\n- 2\n",
     'spec.yaml:1:1: $: an architecture spec must be a mapping with `hyperparameters` and `model`'),
    ("hyperparamters: {a: 1}\n" + MODEL,
     'spec.yaml:1:1: $.hyperparamters: unknown key `hyperparamters`; did you mean `hyperparameters`?'),
    ("hyperparameters: {a: 1}\n",
     'spec.yaml:1:1: $: the spec has no `model:` (the list of its top-level modules)'),
    ("hyperparameters: {2a: 1}\n" + MODEL,
     'spec.yaml:1:18: $.hyperparameters: "2a" is not a valid name (letters, digits and _, not starting with a digit)'),
    ("hyperparameters: {a: {b: 1}}\n" + MODEL,
     'spec.yaml:1:22: $.hyperparameters.a: dict is not valid here: an integer, an exact decimal, a boolean, an expression string, or a list of values'),
    ("model: {name: fc}\n",
     'spec.yaml:1:8: $.model: dict is not of type array'),
    ("model:\n  - {name: fc, type: linaer, in_features: 4, out_features: 2}\n",
     'spec.yaml:2:22: $.model[0].type: unknown layer type `linaer`; did you mean `linear`?'),
    ("model:\n  - {name: fc, type: linear, in_features: 4}\n",
     'spec.yaml:2:5: $.model[0]: layer type `linear` needs `out_features`'),
    ("model:\n  - {name: fc, type: linear, in_features: 4, out_features: 2, bais: false}\n",
     'spec.yaml:2:63: $.model[0].bais: layer type `linear` has no argument `bais`; did you mean `bias`? (arguments: bias, in_features, out_features)'),
    ("model:\n  - {name: fc, children: [], in_features: 4}\n",
     'spec.yaml:2:30: $.model[0].in_features: unknown key `in_features` (a node without `type` takes no arguments)'),
    ("model:\n  - {name: fc, type: linear, in_features: 4, out_features: 4.5}\n",
     'spec.yaml:2:5: $.model[0]: dimension = out_features with out_features=9/2 is 9/2, not an integer (in layer type `linear`, layers.yaml:30:16: $.layer_types.linear.tensors.weight[0])'),
    ("model:\n  - {name: fc, type: linear, in_features: 4, out_features: -3}\n",
     'spec.yaml:2:5: $.model[0]: dimension is -3; it must not be negative (in layer type `linear`, layers.yaml:30:16: $.layer_types.linear.tensors.weight[0])'),
    ("hyperparameters: {hidden: 1000, heads: 16}\nmodel:\n  - {name: a, type: attention, hidden_size: hidden, num_heads: heads}\n",
     'spec.yaml:3:5: $.model[0]: head_dim = hidden_size / num_heads with hidden_size=1000, num_heads=16 is 125/2, not an integer (in layer type `attention`, layers.yaml:179:17: $.layer_types.attention.defaults.head_dim)'),
    ("hyperparameters: {a: b, b: a}\n" + MODEL.replace("in_features: 4", "in_features: a"),
     'spec.yaml:1:22: $.hyperparameters.a: `a` depends on itself: a -> b -> a'),
    ("model:\n  - {name: fc, type: linear, in_features: 4, out_features: 2}\n  - {name: fc, type: linear, in_features: 4, out_features: 2}\n",
     'spec.yaml:3:5: $.model[1]: duplicate module name `fc` in this list'),
    ("model:\n  - {name: fc, type: linear, in_features: 4, out_features: 2, tied_to: {weight: nope.weight}}\n",
     'spec.yaml:2:81: $.model[0].tied_to.weight: `tied_to`: no tensor `nope.weight`'),
    ("model:\n  - {name: e, type: embedding, num_embeddings: 4, embedding_dim: 2}\n"
     "  - {name: fc, type: linear, in_features: 4, out_features: 2, tied_to: {weight: e.weight}}\n",
     'spec.yaml:3:81: $.model[1].tied_to.weight: `tied_to`: shape [2, 4] differs from `e.weight` [4, 2]'),
    ("model:\n  - {name: fc, repeat: 2000000000, type: linear, in_features: 4, out_features: 2}\n",
     'spec.yaml:2:24: $.model[0].repeat: `repeat` is 2000000000; it must be from 0 to 1000000000'),
    ("model:\n  - {name: c, type: conv2d, in_channels: 6, out_channels: 4, kernel_size: 3, groups: 4}\n",
     'spec.yaml:2:5: $.model[0]: constraint `in_channels % groups == 0` does not hold (groups=4, in_channels=6) (in layer type `conv2d`, layers.yaml:77:19: $.layer_types.conv2d.constraints[0])'),
    ("model:\n  - {name: c, type: conv2d, in_channels: 6, out_channels: 6, kernel_size: [3, 3, 3]}\n",
     'spec.yaml:2:5: $.model[0]: expected 2 values, got 3: [3, 3, 3] (in `ntuple(kernel_size, spatial_dims)`) (in layer type `conv2d`, layers.yaml:79:52: $.layer_types.conv2d.tensors.weight[2])'),
    ("layer_types:\n  block: {like: block2}\nmodel: []\n",
     'spec.yaml:2:17: $.layer_types.block.like: unknown layer type `block2`; did you mean `block`?'),
    ("layer_types:\n  block: {children: [{type: block}]}\nmodel:\n  - {type: block}\n",
     'spec.yaml:2:22: $.layer_types.block.children[0]: modules are nested deeper than 64 levels (a layer type that uses itself?)'),
    ("x: &a [*a]\n",
     'spec.yaml:1:4: $.x[0][0][0][0][0]...[0][0][0][0]: document is nested deeper than 64 levels'),
    ("hyperparameters: {a: 012}\nmodel: []\n",
     'spec.yaml:1:22: $.hyperparameters.a: `012` is octal in YAML 1.1 (10); write it without the leading 0, or quote it'),
    ("hyperparameters: {a: 12:30}\nmodel: []\n",
     'spec.yaml:1:22: $.hyperparameters.a: `12:30` is a base-60 number in YAML 1.1 (750); quote it if it is text'),
    ("hyperparameters: {a: yes}\nmodel: []\n",
     'spec.yaml:1:22: $.hyperparameters.a: `yes` is a boolean in YAML 1.1; write true or false (or quote it)'),
    ("hyperparameters: {a: 1e-3}\nmodel:\n  - {name: fc, type: linear, in_features: a, out_features: 2}\n",
     'spec.yaml:3:5: $.model[0]: dimension = in_features with in_features=1/1000 is 1/1000, not an integer (in layer type `linear`, layers.yaml:30:30: $.layer_types.linear.tensors.weight[1])'),
    ("a: " + "[" * 100000 + "]" * 100000 + "\n",
     'spec.yaml:1:68: $: document is nested deeper than 64 levels'),
    ("a:\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1, 300)),
     'spec.yaml:130:1: $: line is indented 258 columns; documents nest at most 64 levels'),
    # no longer than the node bound in characters, yet more nodes: `?` alone is a key and its value
    ("?\n" * 100000, 'spec.yaml:100001:1: $: document has more than 200000 nodes'),
]


@pytest.mark.parametrize("text, message", BAD_SPECS, ids=[f"bad{i}" for i in range(len(BAD_SPECS))])
def test_bad_spec_gets_one_clear_error(tmp_path, text, message):
    """Each bad spec gets exactly this one message (the library's path shown as layers.yaml)."""
    assert spec_error(tmp_path, text).replace(str(LIBRARY_FILE), "layers.yaml") == library_located(message)


def library_located(message: str) -> str:
    """The expected message with each `layers.yaml:L:C: $.path` at the line and column where
    that path is written in the library today (the library grows; the place must stay right)."""
    import re

    from estimator.spec.loader import load_yaml_file

    library = load_yaml_file(LIBRARY_FILE)

    def place(match: re.Match) -> str:
        path = tuple(int(part) if part.isdigit() else part
                     for part in re.findall(r"[A-Za-z_][A-Za-z0-9_]*|\d+", match.group(1)))
        where = library.where(path)
        return f"layers.yaml:{where.line}:{where.column}: {match.group(1)}"

    return re.sub(r"layers\.yaml:\d+:\d+: (\$[^)]*)", lambda m: place(m), message)


def test_alias_expansion_is_bounded():
    bomb = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
    with pytest.raises(EstimatorError, match=r"more than 200000 nodes"):
        load_yaml_text(bomb, "bomb.yaml")


def test_locations_are_kept_for_every_node():
    document = load_yaml_text("a:\n  b: [1, {c: 2}]\n", "x.yaml")
    assert document.where(("a", "b", 1, "c")).line == 2
    assert str(document.where(("a", "b", 1, "c"))) == "x.yaml:2:14: $.a.b[1].c"


def test_yaml_keys_are_taken_as_written():
    document = load_yaml_text("on: 1\nyes: 2\n012: 3\n", "x.yaml")
    assert document.data == {"on": 1, "yes": 2, "012": 3}


def test_layer_type_does_not_see_hyperparameters(tmp_path):
    text = (
        "hyperparameters: {groups: 4}\n"
        "layer_types:\n  block:\n    required: [channels]\n"
        "    children:\n      - {name: c, type: conv2d, in_channels: channels, out_channels: channels,"
        " kernel_size: 1, groups: groups}\n"
        "model:\n  - {name: b, type: block, channels: 8}\n"
    )
    message = spec_error(tmp_path, text)
    assert "unknown name `groups` (known: channels)" in message


def test_explicit_index_name_cannot_clash_with_automatic_numbering(tmp_path):
    text = (
        "model:\n  - name: seq\n    children:\n"
        "      - {name: 1, type: linear, in_features: 2, out_features: 2}\n"
        "      - {type: relu}\n      - {type: linear, in_features: 2, out_features: 2}\n"
    )
    assert "this node takes index 1, which a sibling already has as its name" in spec_error(tmp_path, text)
