"""The fixed-size recurrent state of Mamba and linear-attention layers (`state:`), apart from
the per-token KV cache, against what transformers' caches hold after a prefill
(tests/fixtures/state/recurrent_state.json, written by tools/measure_recurrent_state.py on
bf16 models: conv states in the model's dtype, SSM states in fp32)."""
import json

import pytest

from estimator import api
from estimator.core.errors import EstimatorError
from estimator.engine.metrics import Assumptions

from conftest import FIXTURES, bundled_estimate, estimates, run, run_json

MEASURED = json.loads((FIXTURES / "state" / "recurrent_state.json").read_text())
CASES = sorted(case for case in MEASURED if not case.startswith("_") and "no_figure" not in MEASURED[case]
               and (FIXTURES / "hf" / case / "config.json").exists())
STATE_TYPES = sorted({json.loads((FIXTURES / "hf" / case / "config.json").read_text())["model_type"] for case in CASES})


def config(case: str) -> str:
    return str(FIXTURES / "hf" / case / "config.json")


@pytest.mark.parametrize("case", CASES)
def test_recurrent_state_equals_transformers_cache(case):
    """bf16 (the KV-cache dtype) for the conv states, fp32 for the SSM states; with an fp32
    cache every element is 4 bytes. A fixed size: the context does not change it, the batch
    multiplies it, and inference memory holds it beside the weights and the KV cache."""
    want = MEASURED[case]
    bf16, fp32 = estimates(config(case), Assumptions(context=7), Assumptions(kv_dtype="fp32", context=4096, batch=3))
    assert bf16["recurrent_state_bytes_per_sequence"] == 2 * want["model_dtype_elements"] + 4 * want["fp32_elements"]
    assert fp32["recurrent_state_bytes_per_sequence"] == 4 * (want["model_dtype_elements"] + want["fp32_elements"])
    assert fp32["recurrent_state_bytes"] == 3 * fp32["recurrent_state_bytes_per_sequence"]
    assert fp32["memory_bytes"] == fp32["weights_bytes"]["bf16"] + fp32["kv_cache_bytes"] + fp32["recurrent_state_bytes"]


def test_every_case_of_a_state_type_is_measured():
    """A new config case of a family with recurrent states gets measured too (run the tool; a
    head whose forward returns no cache is listed with why)."""
    cases = sorted(path.name for path in (FIXTURES / "hf").iterdir() if (path / "config.json").exists()
                   and json.loads((path / "config.json").read_text())["model_type"] in STATE_TYPES)
    assert [case for case in cases if case not in MEASURED] == []


def test_attention_only_models_hold_no_state():
    result = bundled_estimate("llama-2-7b")
    assert (result["recurrent_state_bytes_per_sequence"], result["recurrent_state_bytes"]) == (0, 0)


def test_state_is_a_formula_a_sweep_column_and_a_solve_target(capsys):
    path = config("mamba-tiny")
    formula = run_json(capsys, "formula", path, "--of", "recurrent_state_bytes", "--free", "num_hidden_layers")
    # a layer: conv I x K = 128 x 4 in bf16, SSM I x N = 128 x 8 in fp32
    assert formula["recurrent_state_bytes"] == "5120*num_hidden_layers"
    rows = run_json(capsys, "sweep", path, "--grid", "batch=1,4", "--columns",
                    "batch,recurrent_state_bytes_per_sequence,recurrent_state_bytes")["rows"]
    assert [(r["recurrent_state_bytes_per_sequence"], r["recurrent_state_bytes"]) for r in rows] == [
        (10240, 10240), (10240, 40960)]
    solved = run_json(capsys, "solve", path, "--target", "recurrent_state_bytes_per_sequence=25600",
                      "--for", "num_hidden_layers")
    assert solved["solutions"][0]["num_hidden_layers"] == 5


def test_estimate_shows_the_state_beside_the_kv_cache(capsys):
    code, out, _ = run(capsys, "estimate", config("bamba-tiny"), "--batch", "2")
    assert code == 0
    lines = out.splitlines()
    kv = next(i for i, line in enumerate(lines) if line.startswith("KV cache (context x batch)"))
    assert lines[kv + 1].split()[:5] == ["recurrent", "state", "per", "sequence", "19,456"]
    assert lines[kv + 2].split()[:5] == ["recurrent", "state", "(x", "batch)", "38,912"]
    code, out, _ = run(capsys, "estimate", "gpt2")
    assert "recurrent state" not in out  # a model without one is shown as before


HAND_WRITTEN = """
name: rnn
hyperparameters: {hidden: 8, layers: 3}
model:
  - name: cells
    repeat: layers
    tensors: {weight: [hidden, hidden]}
    state: {h: hidden, c: {elements: 2 * hidden, dtype: fp32}}
"""


def test_a_hand_written_module_declares_its_state(tmp_path):
    path = tmp_path / "rnn.yaml"
    path.write_text(HAND_WRITTEN)
    result = api.estimate(str(path), assumptions=Assumptions(kv_dtype="fp16", batch=5))
    assert result["recurrent_state_bytes_per_sequence"] == 3 * (8 * 2 + 16 * 4)
    assert result["recurrent_state_bytes"] == 5 * 3 * (8 * 2 + 16 * 4)


@pytest.mark.parametrize("state, message", [
    ("{h: hidden / 3}", r"rnn.yaml:8:\d+: .*hidden / 3"),
    ("{h: {elements: hidden, dtype: fp64}}", r"rnn.yaml:8:\d+: .*fp64"),
    ("{h: {size: hidden}}", r"rnn.yaml:8:\d+: "),
])
def test_a_bad_state_says_where(tmp_path, state, message):
    path = tmp_path / "rnn.yaml"
    path.write_text(HAND_WRITTEN.replace("{h: hidden, c: {elements: 2 * hidden, dtype: fp32}}", state))
    with pytest.raises(EstimatorError, match=message):
        api.estimate(str(path))
