"""A block shared by several layers (Zamba2's shared transformer): `tied_to: {'*': MODULE}` ties
every tensor of a module to its namesake there, a target may hold `{expression}` placeholders and
start with dots (relative, as Python's imports), and the expression functions `cumsum` and
`positions` find which copy a layer repeats."""
import pytest

from estimator import api
from estimator.core.errors import EstimatorError

SPEC = """
name: shared
hyperparameters: {d: 4, hybrid: [0, 1, 0, 1, 1], blocks: 2}
model:
  - name: layers
    children:
      - repeat: len(hybrid)
        index: i
        children:
          - {name: own, tensors: {w: [d]}}
          - name: block
            if: 'hybrid[i] == 1'
            tensors: {a: [d, d], b: [d]}
            tied_to: {'*': {to: '..{positions(hybrid, 1)[(cumsum(hybrid)[i] - 1) % blocks]}.block',
                            if: 'cumsum(hybrid)[i] - 1 >= blocks'}}
"""


def shapes(tmp_path, text: str) -> dict:
    path = tmp_path / "shared.yaml"
    path.write_text(text)
    return {t["name"]: t["tied_to"] for t in api.shapes(str(path))["tensors"]}


def test_a_whole_module_is_tied_to_the_block_it_repeats(tmp_path):
    tied = shapes(tmp_path, SPEC)
    # hybrid layers 1, 3, 4: blocks 0, 1, 0; layer 4 repeats layer 1's block
    assert tied["layers.1.block.a"] is None and tied["layers.3.block.b"] is None
    assert tied["layers.4.block.a"] == "layers.1.block.a" and tied["layers.4.block.b"] == "layers.1.block.b"
    path = tmp_path / "shared.yaml"
    assert api.estimate(str(path))["params"] == 5 * 4 + 2 * (16 + 4)  # the tied block counted once


@pytest.mark.parametrize("expression, value", [
    ("cumsum([0, 1, 0, 1])", (0, 1, 1, 2)), ("positions([0, 1, 0, 1], 1)", (1, 3)), ("positions([2, 2], 1)", ()),
    ("cumsum([])", ()),
])
def test_cumsum_and_positions(tmp_path, expression, value):
    text = f"name: f\nhyperparameters: {{x: '{expression}'}}\nmodel: []\n"
    path = tmp_path / "f.yaml"
    path.write_text(text)
    assert tuple(api.estimate(str(path))["hyperparameters"]["x"]) == value


@pytest.mark.parametrize("change, message", [
    ("'..{positions(hybrid, 1)[(cumsum(hybrid)[i] - 1) % blocks]}.block'", None),
    ("'..{d / 8}.block'", r"shared.yaml:\d+:\d+: .*`\{d / 8\}` in a tie's target is 1/2, not an integer"),
    ("'.....x'", r"shared.yaml:\d+:\d+: .*climbs above the model"),
    ("'..{cumsum(d)}.block'", r"`cumsum` needs a list"),
])
def test_bad_targets_say_where(tmp_path, change, message):
    text = SPEC.replace("'..{positions(hybrid, 1)[(cumsum(hybrid)[i] - 1) % blocks]}.block'", change)
    if message is None:
        shapes(tmp_path, text)
        return
    with pytest.raises(EstimatorError, match=message):
        shapes(tmp_path, text)
