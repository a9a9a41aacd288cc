"""estimator.count(obj) on real PyTorch modules and a real Keras model, in-process.

Needs torch (and keras 3, safetensors for some tests): `.ci/run` installs
`torch==2.13.0 keras safetensors`; without them this file is skipped, and
tests/test_api.py still counts the dumps recorded here (tests/fixtures/live/).

The truth is each library's own sums (`p.numel()` over `parameters()`, Keras'
`count_params()`) and the counts of the checkpoint the module saves. The dumps under
tests/fixtures/live/ must equal what the models here give; after changing a model,
rewrite them with `ESTIMATOR_WRITE_LIVE_FIXTURES=1 python3 -m pytest tests/test_live_objects.py`.
"""
import importlib
import json
import math
import os

import pytest

import estimator

from conftest import FIXTURES, ROOT

LIVE = FIXTURES / "live"
TINY_LLAMA = str(ROOT / "tests" / "fixtures" / "files" / "tiny-llama.yaml")
TORCH_KEYS = ["params", "trainable_params", "non_trainable_params", "buffer_elements", "persistent_buffer_elements"]


# ---------------------------------------------------------------- the torch models, imported when a test runs

# torch is imported by the first test that needs it, not when the tests are collected (seconds in
# each pytest-xdist worker): the models are in tests/live_torch.py, the tests name them.
MODEL_NAMES = ["rms-llama", "tiny-cnn", "tiny-lm"]


@pytest.fixture(scope="module")
def live_torch():
    """tests/live_torch.py (the models, torch and torch.nn), or a skip without torch."""
    pytest.importorskip("torch")
    return importlib.import_module("live_torch")


def test_the_models_are_named(live_torch):
    assert MODEL_NAMES == sorted(live_torch.MODELS)


@pytest.fixture(params=MODEL_NAMES)
def model(request, live_torch):
    live_torch.torch.manual_seed(0)
    return live_torch.MODELS[request.param]()


def counts(result: dict, keys=TORCH_KEYS) -> dict:
    return {key: result[key] for key in keys}


# ---------------------------------------------------------------- a live module's counts


def test_module_counts_are_its_own_sums(model, live_torch):
    result = estimator.count(model)
    assert counts(result) == live_torch.torch_counts(model)
    assert result["format"] == "PyTorch module" and result["name"] == f"<{type(model).__name__}>"


def test_module_counts_equal_its_saved_safetensors(model, live_torch, tmp_path):
    """safetensors' save_model stores each tied tensor once and leaves out non-persistent
    buffers: the file's counts and bytes are the module's."""
    save_model = pytest.importorskip("safetensors.torch").save_model
    path = tmp_path / "model.safetensors"
    save_model(model, str(path))
    live, saved = estimator.count(model), estimator.count(path)
    keys = ["params", "persistent_buffer_elements", "weights_bytes", "dtypes", "bytes_by_dtype", "stored_bytes"]
    assert counts(live, keys) == counts(saved, keys)
    # embeddings are told by name; the module keeps a tie's first name (save_model may keep lm_head's)
    embeddings = {id(m.weight): m.weight.numel() for m in model.modules() if isinstance(m, live_torch.nn.Embedding)}
    assert live["embedding_params"] == sum(embeddings.values())


def test_state_dict_counts_equal_the_saved_file(model, live_torch, tmp_path):
    """A state_dict names a tied weight twice; its tensors share memory, so it counts once."""
    save_model = pytest.importorskip("safetensors.torch").save_model
    path = tmp_path / "model.safetensors"
    save_model(model, str(path))
    state = model.state_dict()
    live = estimator.count(state)
    assert live["format"] == "state dict" and live["tensors"] == len(state)
    keys = ["params", "trainable_params", "buffer_elements", "persistent_buffer_elements", "dtypes", "stored_bytes"]
    assert counts(live, keys) == counts(estimator.count(path), keys)
    assert live["params"] == live_torch.torch_counts(model)["params"]
    assert live["embedding_params"] == estimator.count(model)["embedding_params"]  # a tie's first name is kept


def test_named_parameters_as_the_user_builds_them(model, live_torch):
    """`named_parameters()` itself, `dict(...)` of it, and the list of dicts built from it."""
    truth = live_torch.torch_counts(model)
    keys = ["params", "trainable_params", "non_trainable_params"]
    built = [{"name": n, "shape": p.shape, "trainable": p.requires_grad} for n, p in model.named_parameters()]
    assert counts(estimator.count(built), keys) == counts(truth, keys)
    assert estimator.count(model.named_parameters())["params"] == truth["params"]
    assert estimator.count(dict(model.named_parameters()))["params"] == truth["params"]
    assert estimator.count({n: list(p.shape) for n, p in model.named_parameters()})["params"] == truth["params"]


def test_meta_device_module_counts_as_on_the_cpu(live_torch):
    with live_torch.torch.device("meta"):
        meta = live_torch.TinyLM()
    assert counts(estimator.count(meta)) == counts(estimator.count(live_torch.TinyLM()))
    # on the meta device memory cannot show a tie: the state_dict counts it twice, and says so
    state = estimator.count(meta.state_dict())
    assert state["params"] == live_torch.torch_counts(meta)["params"] + meta.lm_head.weight.numel()
    assert any("meta device" in note for note in state["notes"])


def test_tied_names_are_listed_and_counted_once(live_torch):
    model = live_torch.TinyLM()
    result = estimator.count(model)
    assert result["tensors"] == len(list(model.named_parameters(remove_duplicate=False))) + len(list(model.buffers()))
    assert estimator.diff(TINY_LLAMA, live_torch.RMSLlama())["tied_stored_once"] == ["lm_head.weight"]


def test_torch_llama_matches_its_spec_and_the_transformers_checkpoint(live_torch):
    """The hand-built llama counts as its spec estimates and as the safetensors file that
    transformers saved from LlamaForCausalLM (tools/make_file_fixtures.py)."""
    module = live_torch.RMSLlama()
    live = estimator.count(module)
    spec = estimator.estimate(TINY_LLAMA)
    keys = ["params", "embedding_params", "buffer_elements", "persistent_buffer_elements", "trainable_params"]
    assert counts(live, keys) == counts(spec, keys)
    checkpoint = estimator.count(ROOT / "tests" / "fixtures" / "files" / "tiny-llama.safetensors")
    assert counts(live, ["params", "embedding_params"]) == counts(checkpoint, ["params", "embedding_params"])
    result = estimator.diff(TINY_LLAMA, module)
    assert result["match"] and result["matched"] == 20
    module.model.layers[1].mlp.up_proj = live_torch.nn.Linear(64, 128, bias=False)
    result = estimator.diff(TINY_LLAMA, module)
    assert not result["match"] and [m["name"] for m in result["mismatched"]] == ["model.layers.1.mlp.up_proj.weight"]


def test_buffers_are_told_by_the_module_not_by_name(live_torch):
    """A module knows a buffer under any name; a file or a state_dict only by known names."""
    module = live_torch.nn.Linear(4, 4)
    module.register_buffer("scale", live_torch.torch.ones(4))
    assert counts(estimator.count(module), ["params", "buffer_elements"]) == {"params": 20, "buffer_elements": 4}
    assert counts(estimator.count(module.state_dict()), ["params", "buffer_elements"]) == {
        "params": 24, "buffer_elements": 0}


def test_a_lazy_module_is_refused_until_its_first_forward(live_torch):
    module = live_torch.nn.Sequential(live_torch.nn.LazyLinear(3))
    with pytest.raises(estimator.EstimatorError, match=r"<Sequential>: \$\['0.weight'\]: .*one forward pass"):
        estimator.count(module)
    module(live_torch.torch.zeros(2, 5))
    assert estimator.count(module)["params"] == 18


def test_dtypes_are_read_as_the_file_names_them(live_torch):
    module = live_torch.TinyCNN().to(live_torch.torch.bfloat16)
    result = estimator.count(module)
    # .to() converts the floating tensors, running statistics included; num_batches_tracked stays int64
    assert set(result["dtypes"]) == {"BF16", "I64"}
    assert result["dtypes"]["I64"] == {"tensors": 2, "elements": 2, "bytes": 16}
    assert result["stored_bytes"] == (result["params"] + result["persistent_buffer_elements"] - 2) * 2 + 2 * 8


# ---------------------------------------------------------------- the dumps, recorded for tests without torch


def one_entry_a_line(dump: dict) -> str:
    """JSON with each tensor on its own line: short files, readable diffs."""
    parts = []
    for key, value in dump.items():
        if isinstance(value, list):
            inner = ",\n".join(f"  {json.dumps(item)}" for item in value)
            parts.append(f" {json.dumps(key)}: [\n{inner}\n ]")
        elif key == "state_dict":
            inner = ",\n".join(f"  {json.dumps(name)}: {json.dumps(shape)}" for name, shape in value.items())
            parts.append(f" {json.dumps(key)}: {{\n{inner}\n }}")
        else:
            parts.append(f" {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def check_or_write(name: str, dump: dict):
    path = LIVE / f"{name}.json"
    if os.environ.get("ESTIMATOR_WRITE_LIVE_FIXTURES"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(one_entry_a_line(dump))
    recorded = json.loads(path.read_text())
    assert {k: v for k, v in recorded.items() if k != "source"} == {k: v for k, v in dump.items() if k != "source"}, (
        f"{path} is stale: rewrite it with "
        f"ESTIMATOR_WRITE_LIVE_FIXTURES=1 python3 -m pytest tests/test_live_objects.py")


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_recorded_dumps_are_the_modules(name, live_torch):
    live_torch.torch.manual_seed(0)
    check_or_write(name, live_torch.module_dump(live_torch.MODELS[name]()))


# ---------------------------------------------------------------- Keras 3, on the torch backend


@pytest.fixture(scope="module")
def keras(live_torch):  # Keras on the torch backend: skipped without torch too
    os.environ["KERAS_BACKEND"] = "torch"  # read when keras is first imported
    keras = pytest.importorskip("keras")
    if not keras.__version__.startswith("3.") or keras.backend.backend() != "torch":
        pytest.skip(f"Keras 3 on the torch backend is needed (found {keras.__version__}, {keras.backend.backend()})")
    return keras


def keras_model(keras):
    """A small CNN with BatchNormalization (non-trainable moving statistics), its first
    convolution frozen, and an embedding branch: a functional model with two inputs."""
    image = keras.Input((12, 12, 3), name="image")
    tokens = keras.Input((6,), dtype="int32", name="tokens")
    x = keras.layers.Conv2D(8, 3, name="stem")(image)
    x = keras.layers.BatchNormalization(name="stem_bn")(x)
    x = keras.layers.Conv2D(16, 3, use_bias=False, name="conv")(x)
    x = keras.layers.BatchNormalization(name="conv_bn")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    t = keras.layers.Embedding(40, 16, name="token_embedding")(tokens)
    t = keras.layers.GlobalAveragePooling1D()(t)
    x = keras.layers.Concatenate()([x, t])
    x = keras.layers.Dropout(0.1)(x)
    out = keras.layers.Dense(10, name="head")(x)
    model = keras.Model([image, tokens], out, name="tiny_keras")
    model.get_layer("stem").trainable = False
    return model


def keras_counts(model) -> dict:
    size = lambda weights: sum(math.prod(w.shape) for w in weights)  # noqa: E731
    return {"params": model.count_params(), "trainable_params": size(model.trainable_weights),
            "non_trainable_params": size(model.non_trainable_weights)}


def test_keras_model_counts_as_keras_does(keras):
    model = keras_model(keras)
    result = estimator.count(model)
    assert counts(result, ["params", "trainable_params", "non_trainable_params"]) == keras_counts(model)
    assert (result["format"], result["name"]) == ("Keras model", "<Keras model tiny_keras>")
    assert result["buffer_elements"] == 0
    # BatchNormalization's moving mean and variance are among the non-trainable weights, the frozen stem too
    assert result["non_trainable_params"] == 2 * 8 + 2 * 16 + (3 * 3 * 3 * 8 + 8)
    assert result["embedding_params"] == 40 * 16  # token_embedding/embeddings
    assert result["dtypes"] == {"F32": {"tensors": len(model.weights), "elements": result["params"],
                                        "bytes": 4 * result["params"]}}
    assert {m["path"]: m["params"] for m in result["modules"] if m["depth"] == 1}["stem_bn"] == 4 * 8


def test_an_unbuilt_keras_model_is_refused(keras):
    model = keras.Sequential([keras.layers.Dense(4)])
    with pytest.raises(estimator.EstimatorError, match="not built.*keras.Input"):
        estimator.count(model)


def test_recorded_keras_dump_is_the_model(keras):
    model = keras_model(keras)
    check_or_write("tiny-keras", {
        "source": f"tests/test_live_objects.py keras_model(), keras {keras.__version__} on torch",
        "weights": [{"name": w.path, "shape": list(w.shape), "trainable": any(w is t for t in model.trainable_weights)}
                    for w in model.weights],
        "counts": keras_counts(model),
    })
