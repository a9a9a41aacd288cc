"""Formula, sweep and solve compute the metrics (bytes, FLOPs) only when one is asked for, yet
refuse assumptions the model cannot meet exactly as when every metric was computed at once."""
from __future__ import annotations

from pathlib import Path

import pytest

from estimator import api
from estimator.cli.app import main
from estimator.core.errors import EstimatorError
from estimator.engine import metrics
from estimator.engine.formula import default_free, symbolic_model
from estimator.engine.metrics import Assumptions, METRIC_KEYS
from estimator.engine.totals import COUNT_KEYS

from conftest import run_json

RESNET = str(Path(__file__).parent / "fixtures" / "hf" / "resnet-101" / "config.json")


def _no_metrics(*args, **kwargs):
    raise AssertionError("the metrics were computed")


def test_counts_alone_compute_no_metric(monkeypatch):
    monkeypatch.setattr(metrics, "_metrics", _no_metrics)
    spec = api.load("llama-2-7b")
    model = symbolic_model(spec, default_free(spec))
    assert model.formula("params").text()
    assert list(model.all_values) == list(COUNT_KEYS) + [k for k in METRIC_KEYS if k != "activation_bytes"] \
        + ["activation_bytes"]  # every key a formula can name, in the order its messages list them
    (row,) = api.sweep(spec, points=[{"hidden_size": 4096, "num_layers": 30}], columns=["params"])
    assert row["error"] == ""


def test_the_metrics_are_computed_once_for_all_of_them(monkeypatch):
    calls = []
    compute = metrics._metrics
    monkeypatch.setattr(metrics, "_metrics", lambda *args: calls.append(1) or compute(*args))
    spec = api.load("gpt2")
    model = symbolic_model(spec, default_free(spec))
    for key in METRIC_KEYS:
        if key != "activation_bytes":
            model.formula(key)
    assert len(calls) == 1


@pytest.mark.parametrize("argv, message", [
    # heads and layers as numbers (free, they could be anything: nothing to refuse)
    (["formula", "llama-2-7b", "--of", "params", "--free", "hidden_size", "--tp", "3"],
     "--tp 3: 32 attention heads are not divisible by 3"),
    (["formula", "llama-2-7b", "--of", "params", "--free", "hidden_size", "--pp", "3"],
     "--pp 3: 32 layers are not divisible by 3 pipeline stages"),
    (["formula", RESNET, "--of", "params", "--activations", "hf-sdpa"],
     "--activations hf-sdpa: no layer of this model declares"),
])
def test_counts_alone_still_refuse_assumptions_the_model_cannot_meet(capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_a_sweep_of_counts_alone_still_refuses_a_layout_per_row(capsys):
    out = run_json(capsys, "sweep", "llama-2-7b", "--grid", "tp=2,3", "--columns", "tp,params,error")
    assert [row["error"] for row in out["rows"]] == ["", "--tp 3: 32 attention heads are not divisible by 3"]


def test_a_symbolic_model_refuses_a_layout_at_once():
    spec = api.load("llama-2-7b")
    with pytest.raises(EstimatorError, match="--tp 3: 32 attention heads are not divisible by 3"):
        symbolic_model(spec, ["hidden_size"], assumptions=Assumptions(tp=3))
