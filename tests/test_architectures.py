"""Every bundled architecture against the reference implementation's own numbers.

The fixtures in tests/fixtures/reference/ were written by tools/make_fixtures.py from
the real libraries (models instantiated on PyTorch's meta device); adding a spec to
architectures/ with a fixture of the same name adds it to every test here.
"""
import functools
from pathlib import Path

import pytest

from estimator import api
from estimator.spec.model import bundled_architectures

from conftest import FIXTURES, bundled_estimate, bundled_shapes, load_fixture

ARCHITECTURES = sorted(bundled_architectures())
REFERENCED = [name for name in ARCHITECTURES if (FIXTURES / "reference" / f"{name}.json").exists()]


@functools.cache
def reference(name: str) -> dict:
    """tests/fixtures/reference/NAME.json, read once for the tests of it (read it; do not change it)."""
    return load_fixture("reference", name)


def test_every_bundled_architecture_has_a_reference_fixture():
    assert ARCHITECTURES
    assert REFERENCED == ARCHITECTURES


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_expectations_hold(name):
    result = api.validate(name)
    assert result["errors"] == []
    keys = {check["key"] for check in result["checks"]}
    assert "params" in keys


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_spec_cites_its_source(name):
    spec = api.load(name)
    assert spec.data.get("source")
    text = Path(spec.document.file if Path(spec.document.file).exists() else bundled_architectures()[name]).read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/architecture.schema.json")


@pytest.mark.parametrize("name", REFERENCED)
def test_counts_equal_reference(name):
    result = bundled_estimate(name)
    assert result["params"] == reference(name)["params"]
    assert result["trainable_params"] == reference(name)["trainable_params"]
    assert result["buffer_elements"] == reference(name)["buffer_elements"]
    assert result["persistent_buffer_elements"] == reference(name)["persistent_buffer_elements"]


@pytest.mark.parametrize("name", REFERENCED)
def test_inventory_equals_reference_state_dict(name):
    ours = bundled_shapes(name)["tensors"]
    want = {t["name"]: (t["shape"], t["kind"], t["persistent"], t["tied_to"]) for t in reference(name)["tensors"]}
    got = {t["name"]: (t["shape"], t["kind"], t["persistent"], t["tied_to"]) for t in ours}
    assert sorted(set(want) - set(got)) == []  # missing from the spec
    assert sorted(set(got) - set(want)) == []  # not in the reference
    assert {k: v for k, v in got.items() if want[k] != v} == {}
    assert len(ours) == len(got)  # no name listed twice


@pytest.mark.parametrize("name", REFERENCED)
def test_module_breakdown_adds_up(name):
    result = bundled_estimate(name)
    top = [m for m in result["modules"] if m["depth"] == 1]
    assert sum(m["params"] for m in top) == result["params"]


@pytest.mark.parametrize("name", REFERENCED)
def test_listing_follows_state_dict_order(name):
    assert [t["name"] for t in bundled_shapes(name)["tensors"]] == [t["name"] for t in reference(name)["tensors"]]
