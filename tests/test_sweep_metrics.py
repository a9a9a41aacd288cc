"""A sweep's metric columns equal `estimate` at the same point, for every bundled spec.

The sweep compiles a spec once with its swept hyperparameters as symbols; a metric that reads a
value derived from them (a ViT's context, num_patches + 1) must follow them as estimate does
(it once fell back to a context of 2048)."""
from __future__ import annotations

from pathlib import Path

import pytest

from estimator import api
from estimator.engine.formula import default_free
from estimator.engine.metrics import METRIC_KEYS
from estimator.engine.totals import COUNT_KEYS

ARCHITECTURES = sorted((Path(__file__).parent.parent / "architectures").glob("*.yaml"))
# activation columns use a profile in a sweep (hf-sdpa) that estimate asks for explicitly
COMPARED = [key for key in COUNT_KEYS + METRIC_KEYS if key not in ("activation_bytes", "training_bytes_per_device")]


@pytest.mark.parametrize("path", ARCHITECTURES, ids=lambda p: p.stem)
def test_sweep_metrics_at_the_spec_values_equal_estimate(path: Path):
    spec = api.load(str(path))
    point = {name: spec.hyperparameters[name] for name in default_free(spec)}
    (row,) = api.sweep(spec, points=[point], columns=COMPARED)
    assert row["error"] == ""
    expected = api.estimate(spec)
    compared = {key: row[key] for key in COMPARED if key in expected and not isinstance(expected[key], dict)}
    assert compared == {key: expected[key] for key in compared}
    assert "flops_per_token" in compared
