"""The layer library against PyTorch / transformers modules, one fixture per case.

tests/fixtures/layers/<case>.json holds the estimator type and arguments of a case and
the tensors of the real module built with them (tools/make_fixtures.py).
"""
import pytest

from estimator.engine.expand import expand, hyperparameter_scope, unroll
from estimator.cli.layers import describe_type
from estimator.spec.loader import Document
from estimator.spec.model import Spec, builtin_layer_types
from estimator.engine.totals import compute_totals

from conftest import FIXTURES, load_fixture

CASES = sorted(path.stem for path in (FIXTURES / "layers").glob("*.json"))
TYPES = builtin_layer_types()


def expand_case(case: dict):
    node = {"name": "m", "type": case["type"], **case["args"]}
    spec = Spec(Document("<case>", {"hyperparameters": {}, "model": [node]}), TYPES)
    inventory = expand(spec, hyperparameter_scope(spec))
    return inventory, compute_totals(inventory)


@pytest.mark.parametrize("case_id", CASES)
def test_layer_matches_reference_module(case_id):
    case = load_fixture("layers", case_id)
    inventory, totals = expand_case(case)
    got = [(name[len("m."):], list(t.shape), t.kind, t.persistent) for name, t in unroll(inventory)]
    want = [(t["name"], t["shape"], t["kind"], t["persistent"]) for t in case["tensors"]]
    assert sorted(got) == sorted(want)
    if not case_id.startswith("moe_qwen3"):  # Qwen3-MoE registers experts before its gate
        assert got == want  # and in the reference's (state-dict) order
    assert totals["params"] == case["params"]
    assert totals["buffer_elements"] == case["buffer_elements"]


@pytest.mark.parametrize("type_name", sorted(TYPES))
def test_every_layer_type_has_a_reference_case(type_name):
    covered = {load_fixture("layers", case_id)["type"] for case_id in CASES}
    # a type made `like` another shares its formula; it still needs one case of its own
    # unless it has no tensors at all (activations, pooling)
    info = describe_type(TYPES[type_name], TYPES)
    root = type_name
    while TYPES[root].like and root not in covered:
        root = TYPES[root].like
    assert root in covered or (info["tensors"] == [] and info["params"] == "0")


@pytest.mark.parametrize("type_name", sorted(TYPES))
def test_every_layer_type_is_documented_and_has_a_formula(type_name):
    info = describe_type(TYPES[type_name], TYPES)
    assert info["doc"] and info["reference"]
    assert info["params"]  # a formula of the required arguments, e.g. in_features*out_features + out_features


def test_linear_formula_is_symbolic():
    assert describe_type(TYPES["linear"], TYPES)["params"] == "in_features*out_features + out_features"


def test_builtin_library_is_valid_against_the_schema():
    from estimator.spec.loader import load_yaml_file
    from estimator.spec.model import LIBRARY_FILE, validate_schema

    document = load_yaml_file(LIBRARY_FILE)
    validate_schema(document)  # raises the most relevant error, located
    for name, definition in document.data["layer_types"].items():
        assert isinstance(definition.get("doc", ""), str) and definition.get("doc"), name
