"""Ground truth for Hugging Face config.json support (dev-only; run in /work/venv-ref).

`make_case` writes tests/fixtures/hf/<case_id>/config.json (the config a user would have:
only the keys given, so the estimator must fill the family's defaults itself) and
expected.json (transformers' own counts and every tensor, like the reference fixtures),
building the model on PyTorch's meta device.

    /work/venv-ref/bin/python tools/make_hf_fixtures.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import torch
import transformers

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import VERSIONS, describe, write_json  # noqa: E402

HF_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "hf"


def make_case(case_id: str, model_type: str, config: dict, architecture: str | None = None,
              source: str = "", expected_params: int | None = None) -> dict:
    """Build ``architecture`` (default: the family's usual head) from ``config`` on meta."""
    config_class = transformers.AutoConfig.for_model(model_type).__class__
    hf_config = config_class(**config)
    if architecture is None:
        raise ValueError("give the head class explicitly")
    model_class = getattr(transformers, architecture)
    with torch.device("meta"):
        model = model_class(hf_config)
    fixture = {
        "name": case_id,
        "reference": {"library": "transformers", "class": architecture, "model_type": model_type,
                      "source": source, "versions": VERSIONS},
        **describe(model),
    }
    if expected_params is not None:
        assert fixture["params"] == expected_params, (case_id, fixture["params"], expected_params)
    user_config = {"model_type": model_type, **config}
    if architecture:
        user_config["architectures"] = [architecture]
    folder = HF_DIR / case_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(user_config, indent=2) + "\n")
    write_json(folder / "expected.json", fixture)
    print(f"{case_id:40s} {architecture:40s} params={fixture['params']:>16,} tensors={len(fixture['tensors'])}")
    return fixture
