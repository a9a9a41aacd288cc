"""Property-based tests: whatever the input, only EstimatorError may escape, quickly.

Thousands of generated expressions, YAML documents and metadata files per run.
"""
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from estimator.errors import EstimatorError, Location
from estimator.expressions import Scope, evaluate
from estimator.loader import load_yaml_text
from estimator.spec import load_spec_document

HERE = Location("fuzz.yaml", 1, 1, ("x",))
SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))

ATOMS = st.sampled_from(["a", "b", "heads", "0", "1", "2", "7", "-1", "10**9", "true", "false", "hidden",
                         "k", "k[0]", "k[5]", "x.y", "'s'", "1.5", "__import__", "()", "[]", "lambda: 0"])
OPERATORS = st.sampled_from(["+", "-", "*", "/", "//", "%", "**", " and ", " or ", " < ", " == ", " if a else "])
FUNCTIONS = st.sampled_from(["min", "max", "ceil", "floor", "cdiv", "round_up", "ntuple", "prod", "open", "eval"])


@st.composite
def expressions(draw, depth=0):
    if depth > 3 or draw(st.booleans()):
        return draw(ATOMS)
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return f"({draw(expressions(depth + 1))}{draw(OPERATORS)}{draw(expressions(depth + 1))})"
    if kind == 1:
        args = draw(st.lists(expressions(depth + 1), max_size=3))
        return f"{draw(FUNCTIONS)}({', '.join(args)})"
    if kind == 2:
        return f"not {draw(expressions(depth + 1))}"
    return f"-{draw(expressions(depth + 1))}"


def scope() -> Scope:
    values = {"a": 12, "b": 0, "heads": 4, "hidden": 1024, "k": [3, 5]}
    return Scope({name: (raw, HERE, None) for name, raw in values.items()})


@SETTINGS
@given(expressions())
def test_generated_expressions_raise_only_our_error(text):
    try:
        evaluate(text, HERE, scope())
    except EstimatorError:
        pass


@SETTINGS
@given(st.text(alphabet=string.printable, max_size=80))
def test_arbitrary_text_as_an_expression(text):
    try:
        evaluate(text, HERE, scope())
    except EstimatorError:
        pass


YAML_PIECES = st.sampled_from([
    "model:", "hyperparameters:", "layer_types:", "  - ", "{name: fc, type: linear, in_features: 4, out_features: 2}",
    "[", "]", "{", "}", ": ", "&a ", "*a", "!!python/object:os.system", "---", "\n", "  ", "a: 1", "on", "012",
    "repeat: 3", "type: attention", "hidden_size: 8", "num_heads: 3", "'", '"', "#", "\t", "\x00", "1e9", "<<: *a",
])


@SETTINGS
@given(st.lists(YAML_PIECES, max_size=30).map("".join))
def test_generated_specs_raise_only_our_error(text):
    try:
        load_spec_document(load_yaml_text(text, "fuzz.yaml"))
    except EstimatorError:
        pass


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_as_yaml(data):
    try:
        load_yaml_text(data.decode("utf-8", errors="replace"), "fuzz.yaml")
    except EstimatorError:
        pass


def _metadata_reader():
    try:
        from estimator import metadata
    except ImportError:  # pragma: no cover
        pytest.skip("no metadata readers")
    return metadata


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["model.safetensors", "model.gguf", "shapes.json"]))
def test_random_bytes_as_model_files(tmp_path_factory, data, name):
    from estimator.cli import main

    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / name
    path.write_bytes(data)
    assert main(["count", str(path), "--format", "json"]) in (0, 2)


@SETTINGS
@given(st.integers(0, 2**64 - 1), st.binary(max_size=200))
def test_safetensors_headers_with_any_length(tmp_path_factory, length, rest):
    from estimator.cli import main

    path = tmp_path_factory.mktemp("fuzz") / "model.safetensors"
    path.write_bytes(length.to_bytes(8, "little") + rest)
    assert main(["count", str(path)]) in (0, 2)


def test_injection_payloads_never_run(tmp_path):
    from estimator.cli import main

    canary = tmp_path / "pwned"
    payloads = [
        f"hyperparameters: {{a: \"__import__('os').system('touch {canary}')\"}}\nmodel:\n  - {{name: f, type: linear, in_features: a, out_features: 1}}\n",
        f"!!python/object/apply:os.system ['touch {canary}']\n",
        f"hyperparameters: !!python/object/apply:os.system ['touch {canary}']\nmodel: []\n",
        f"hyperparameters: {{a: \"open('{canary}', 'w')\"}}\nmodel:\n  - {{name: f, type: linear, in_features: a, out_features: 1}}\n",
    ]
    for number, text in enumerate(payloads):
        spec = tmp_path / f"evil{number}.yaml"
        spec.write_text(text)
        assert main(["estimate", str(spec)]) == 2
    assert not canary.exists()
