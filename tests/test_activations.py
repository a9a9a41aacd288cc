"""Activation bytes (``--activations``) against the measured fixtures (tools/measure_activations.py,
docs/activations.md) and the megatron profile against Korthikanti et al. 2022, Table 2."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from estimator import api
from estimator.engine.metrics import Assumptions

FIXTURES = Path(__file__).parent / "fixtures" / "activations"
COVERED = ("llama", "qwen2", "mistral")  # families whose layer types declare activations
DTYPES = {"float32": "fp32", "bfloat16": "bf16"}
PROFILES = {"eager": "hf-eager", "sdpa": "hf-sdpa"}


def _points():
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text())
        for index, point in enumerate(data["points"]):
            if point.get("use_cache") or point.get("experts_implementation", "grouped_mm") != "grouped_mm":
                continue
            marks = [] if data["family"] in COVERED else [pytest.mark.skip(reason=f"{data['family']}: not yet declared")]
            yield pytest.param(data, point, id=f"{data['case']}-{index}", marks=marks)


def _estimate(data: dict, point: dict, tmp_path: Path) -> dict:
    config = {"model_type": data["model_type"], "architectures": [data["architecture"]], **data["config"]}
    (tmp_path / "config.json").write_text(json.dumps(config))
    assumptions = Assumptions(activations=PROFILES[point["attn_implementation"]], micro_batch=point["b"],
                              context=point["s"], act_dtype=DTYPES[point["dtype"]], recompute=point["recompute"])
    return api.estimate(str(tmp_path / "config.json"), assumptions=assumptions)


def _by_template(modules: dict) -> dict:
    """Measured bytes summed over the copies of each layer: `model.layers.0.mlp` -> `model.layers.*.mlp`."""
    summed: dict = {}
    for name, value in modules.items():
        key = re.sub(r"\.(\d+)(?=\.|$)", ".*", name, count=1)
        summed[key] = summed.get(key, 0) + value
    return summed


@pytest.mark.parametrize("data, point", list(_points()))
def test_measured_activation_bytes(data, point, tmp_path):
    result = _estimate(data, point, tmp_path)
    assert result["activation_bytes"] == point["total_bytes"]
    rows = {row["path"]: row.get("activation_bytes", 0) for row in result["modules"]}
    for name, value in _by_template(point["modules"]).items():
        key = name[:-2] if name.endswith(".*") else name  # a whole layer: the `layers` row
        if key in rows:
            assert rows[key] == value, name


def test_no_activations_without_a_profile():
    result = api.estimate("llama-2-7b")
    assert "activation_bytes" not in result
    assert all("activation_bytes" not in row for row in result["modules"])
    assert any("activations not included" in line for line in result["assumptions"])
