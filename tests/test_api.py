"""The Python API at the top of the package, and estimator.count on objects held in Python,
without torch or keras: the dumps that tests/test_live_objects.py records from real torch
modules and a Keras model (tests/fixtures/live/), plain lists and mappings, and objects
that look like tensors and modules (duck typing is all the package uses)."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import estimator
from estimator import api
from estimator.core.errors import EstimatorError

from conftest import FIXTURES

LIVE = sorted((FIXTURES / "live").glob("*.json"))
FILES = FIXTURES / "files"
TINY_LLAMA = str(FILES / "tiny-llama.yaml")
COUNTS = ["params", "trainable_params", "non_trainable_params", "buffer_elements", "persistent_buffer_elements"]


def pick(result: dict, keys) -> dict:
    return {key: result[key] for key in keys}


# ---------------------------------------------------------------- the top-level API


def test_the_api_is_at_the_top_of_the_package():
    assert estimator.estimate("llama-2-7b")["params"] == 6738415616
    for name in estimator.__all__:
        assert hasattr(estimator, name), name
    for name in ["build", "count", "diff", "estimate", "formula", "shapes", "solve", "sweep", "validate"]:
        assert getattr(estimator, name) is getattr(api, name)  # estimator.api keeps working, the same functions
    with pytest.raises(estimator.EstimatorError):
        estimator.count(object())


def test_counting_live_objects_imports_neither_torch_nor_keras():
    code = ("import sys, estimator; estimator.count({'a.weight': [2, 3]}); estimator.count(estimator.shapes('gpt2')); "
            "print(sorted(m for m in ('torch', 'keras', 'tensorflow', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_count_takes_a_path_as_text_or_path_and_a_name():
    by_text = estimator.count(str(FILES / "tiny-llama.safetensors"))
    by_path = estimator.count(FILES / "tiny-llama.safetensors", name="tiny")
    assert by_text["params"] == by_path["params"] == 131392
    assert by_path["name"] == "tiny" and by_text["name"] == str(FILES / "tiny-llama.safetensors")
    assert estimator.diff(TINY_LLAMA, FILES / "tiny-llama.safetensors")["match"]


def test_a_spec_listing_counts_as_the_spec_estimates():
    listed = estimator.count(estimator.shapes(TINY_LLAMA))
    keys = ["params", "embedding_params", "buffer_elements", "persistent_buffer_elements"]
    assert pick(listed, keys) == pick(estimator.estimate(TINY_LLAMA), keys)
    assert estimator.diff(TINY_LLAMA, estimator.shapes(TINY_LLAMA)["tensors"])["match"]


# ---------------------------------------------------------------- dumps of real models, counted without them


@pytest.mark.parametrize("path", LIVE, ids=lambda p: p.stem)
def test_recorded_dumps_count_to_the_libraries_own_sums(path, tmp_path):
    dump = json.loads(path.read_text())
    truth = dump["counts"]
    trainable = ["params", "trainable_params", "non_trainable_params"]
    if "weights" in dump:  # Keras: every weight is a parameter, trainable or not, as count_params() says
        assert pick(estimator.count(dump["weights"]), trainable) == truth
        return
    assert pick(estimator.count(dump["named_parameters"]), trainable) == pick(truth, trainable)
    assert pick(estimator.count(dump["tensors"]), COUNTS) == truth  # kinds, persistence and ties as listed
    state = estimator.count(dump["state_dict"])  # a checkpoint's names and shapes: buffers told by name
    stored = ["params", "persistent_buffer_elements"]
    assert pick(state, stored) == pick(truth, stored)


@pytest.mark.parametrize("path", LIVE, ids=lambda p: p.stem)
def test_a_dump_counts_the_same_in_python_and_as_a_file(path, tmp_path, capsys):
    dump = json.loads(path.read_text())
    for key in ("weights", "named_parameters", "tensors", "state_dict"):
        if key not in dump:
            continue
        file = tmp_path / f"{key}.json"
        file.write_text(json.dumps(dump[key]))
        in_python, from_file = estimator.count(dump[key]), estimator.count(file)
        for result in (in_python, from_file):
            del result["name"], result["file"], result["format"]
        assert in_python == from_file, key


# ---------------------------------------------------------------- plain data and duck-typed objects


class FakeTensor:
    """What the package reads of a torch tensor: shape, dtype, requires_grad, and where its
    data lies (data_ptr, stride, device) to see one tensor under two names."""

    def __init__(self, shape, dtype="torch.float32", requires_grad=True, address=None, device="cpu"):
        self.shape, self.dtype, self.requires_grad, self.device = shape, dtype, requires_grad, device
        self.address = address if address is not None else id(self)

    def data_ptr(self):
        return 0 if self.device == "meta" else self.address

    def stride(self):
        return tuple(1 for _ in self.shape)


class FakeModule:
    """named_parameters / named_buffers / named_modules as torch writes them."""

    def __init__(self, parameters, buffers=(), non_persistent=(), remove_duplicate=True):
        self.parameters, self.buffers = list(parameters), list(buffers)
        self._non_persistent_buffers_set = set(non_persistent)
        self.has_remove_duplicate = remove_duplicate

    def named_parameters(self, **options):
        if options and not self.has_remove_duplicate:
            raise TypeError("named_parameters() got an unexpected keyword argument 'remove_duplicate'")
        seen, result = set(), []
        for name, tensor in self.parameters:
            if id(tensor) in seen and options.get("remove_duplicate", True):
                continue
            seen.add(id(tensor))
            result.append((name, tensor))
        return iter(result)

    def named_buffers(self):
        return iter(self.buffers)

    def named_modules(self, remove_duplicate=True):
        return iter([("", self)])


def tied_module(**options):
    embedding = FakeTensor((10, 4))
    return FakeModule([("embed_tokens.weight", embedding), ("norm.weight", FakeTensor((4,), requires_grad=False)),
                       ("lm_head.weight", embedding)],
                      [("inv_freq", FakeTensor((2,))), ("count", FakeTensor((), "torch.int64"))], {"inv_freq"},
                      **options)


def test_a_module_lists_a_tie_and_counts_it_once():
    result = estimator.count(tied_module())
    assert pick(result, COUNTS) == {"params": 44, "trainable_params": 40, "non_trainable_params": 4,
                                    "buffer_elements": 3, "persistent_buffer_elements": 1}
    assert result["tensors"] == 5 and result["embedding_params"] == 40
    # what a checkpoint holds: the tie once, the non-persistent buffer not at all
    assert result["dtypes"] == {"F32": {"tensors": 2, "elements": 44, "bytes": 176},
                                "I64": {"tensors": 1, "elements": 1, "bytes": 8}}
    assert result["stored_bytes"] == 184


def test_a_module_without_remove_duplicate_still_counts_its_tie_once():
    result = estimator.count(tied_module(remove_duplicate=False))  # torch before 2.0
    assert (result["params"], result["tensors"]) == (44, 4)


def test_a_state_dict_sees_a_tie_by_memory():
    embedding = FakeTensor((10, 4), address=4096)
    state = {"embed_tokens.weight": embedding, "lm_head.weight": FakeTensor((10, 4), address=4096),
             "other.weight": FakeTensor((10, 4), address=8192), "bn.running_mean": FakeTensor((4,))}
    result = estimator.count(state)
    assert pick(result, ["params", "buffer_elements", "tensors"]) == {"params": 80, "buffer_elements": 4, "tensors": 4}
    assert result["format"] == "state dict" and result["name"] == "<dict>"
    # the same address with another shape is another view, not a tie
    state["lm_head.weight"] = FakeTensor((40,), address=4096)
    assert estimator.count(state)["params"] == 120


def test_a_meta_state_dict_says_it_cannot_see_ties():
    state = {"a.weight": FakeTensor((2, 2), device="meta"), "b.weight": FakeTensor((2, 2), device="meta")}
    result = estimator.count(state)
    assert result["params"] == 8 and "meta device" in result["notes"][0]


def test_numpy_arrays_count_with_their_dtypes():
    state = {"w": np.zeros((3, 5), np.float16), "b": np.zeros(5, np.float32), "odd": np.zeros(2, np.complex128)}
    result = estimator.count(state)
    assert result["params"] == 22
    assert result["bytes_by_dtype"] == {"F16": 30, "F32": 20, "complex128": 0}
    assert "complex128" in result["notes"][0]


def test_pairs_lists_and_mappings():
    pairs = [("a.weight", (3, 4)), ("a.bias", [4])]
    assert estimator.count(iter(pairs))["params"] == 16
    assert estimator.count(dict(pairs))["format"] == "name/shape mapping"
    assert estimator.count({"a.weight": [3, 4], "a.bias": FakeTensor((4,))})["params"] == 16  # shapes and tensors
    listed = [{"name": "a.weight", "shape": (3, 4), "trainable": False}, {"name": "a.bias", "shape": [4]}]
    assert pick(estimator.count(listed), ["params", "non_trainable_params"]) == {"params": 16,
                                                                                "non_trainable_params": 12}


class FakeKeras:
    def __init__(self, weights, trainable, built=True):
        self.weights, self.trainable_weights, self.built, self.name = weights, trainable, built, "fake"
        self.non_trainable_weights = [w for w in weights if w not in trainable]


class FakeVariable:
    def __init__(self, path, shape):
        self.path, self.name, self.shape, self.dtype = path, path.rsplit("/", 1)[-1], shape, "float32"


def test_a_keras_like_model():
    kernel, mean = FakeVariable("dense/kernel", (3, 2)), FakeVariable("bn/moving_mean", (2,))
    result = estimator.count(FakeKeras([kernel, mean], [kernel]))
    assert pick(result, ["params", "trainable_params", "non_trainable_params"]) == {
        "params": 8, "trainable_params": 6, "non_trainable_params": 2}
    assert result["name"] == "<Keras model fake>" and [m["path"] for m in result["modules"]][:1] == ["dense"]
    with pytest.raises(EstimatorError, match=r"^<Keras model fake>: the Keras model is not built"):
        estimator.count(FakeKeras([], [], built=False))


class Lazy:
    @property
    def shape(self):
        raise RuntimeError("Can't access the shape of an uninitialized parameter")


@pytest.mark.parametrize("obj, message", [
    (3, r"^<int>: cannot count an object of type int: give a PyTorch nn.Module"),
    (None, r"cannot count an object of type NoneType"),
    ([], r"^<list>: the list of tensors is empty"),
    ({}, r"^<dict>: the name/shape mapping is empty"),
    ([{"name": "a"}], r"^<list>: \$\[0\]: the entry has no `shape`"),
    ([{"name": "a", "shape": [2], "frozen": True}], r"unknown key `frozen`"),
    ({"a": [2, -1]}, r"^<dict>: \$.a: the shape of 'a' holds a negative dimension -1"),
    ({"a": "x"}, r"^<dict>: \$.a: expected a tensor \(with a .shape\) or a shape, not a str"),
    ({"a": FakeTensor((None, 3))}, r"^<dict>: \$.a: the shape \(None, 3\) is not a list of integers"),
    ({"a": FakeTensor(5)}, r"^<dict>: \$.a: the shape 5 is not a list of integers"),
    ({"a": FakeTensor((2,) * 70)}, r"the shape has more than 64 dimensions"),
    ({"a": FakeTensor((2**200, 2**100))}, r"the element count is too large"),
    ({"a.weight": Lazy()}, r"^<dict>: \$\['a.weight'\]: cannot read its shape \(RuntimeError: .*one forward pass"),
    ({1: FakeTensor((2,))}, r"a tensor name must be a non-empty string, not 1"),
    ([("a", (2,)), ("a", (3,))], r"^<list>: \$\[1\]: the name 'a' is listed twice"),
    (FakeModule([("w", Lazy())]), r"^<FakeModule>: \$.w: cannot read its shape"),
])
def test_bad_objects_get_one_clear_error(obj, message):
    with pytest.raises(EstimatorError, match=message):
        estimator.count(obj)


def test_a_missing_path_is_a_file_error():
    with pytest.raises(EstimatorError, match="no such file"):
        estimator.count(Path("no/such/model.safetensors"))
