"""A sweep's metric columns equal `estimate` at the same point, for every bundled spec.

The sweep compiles a spec once with its swept hyperparameters as symbols; a metric that reads a
value derived from them (a ViT's context, num_patches + 1) must follow them as estimate does
(it once fell back to a context of 2048)."""
from __future__ import annotations

import pytest

from estimator import api
from estimator.engine.formula import default_free
from estimator.engine.metrics import METRIC_KEYS
from estimator.engine.totals import COUNT_KEYS
from estimator.spec.model import bundled_architectures

from conftest import bundled_estimate
# activation columns use a profile in a sweep (hf-sdpa) that estimate asks for explicitly
COMPARED = [key for key in COUNT_KEYS + METRIC_KEYS if key not in ("activation_bytes", "training_bytes_per_device")]


@pytest.mark.parametrize("name", sorted(bundled_architectures()))
def test_sweep_metrics_at_the_spec_values_equal_estimate(name: str):
    spec = api.load(name)
    point = {name: spec.hyperparameters[name] for name in default_free(spec)}
    (row,) = api.sweep(spec, points=[point], columns=COMPARED)
    assert row["error"] == ""
    expected = bundled_estimate(name)  # the spec's estimate, shared with the other files' tests of it
    compared = {key: row[key] for key in COMPARED if key in expected and not isinstance(expected[key], dict)}
    assert compared == {key: expected[key] for key in compared}
    assert "flops_per_token" in compared
