"""Inference memory per device: weights + KV cache + the largest transient buffer of a
prefill (the largest single tensor one forward over the prompt allocates, weights and KV
cache aside), exact; the transient checked against measured points
(tests/fixtures/transients/, tools/measure_transients.py)."""
import json
from pathlib import Path

import pytest

from estimator import api
from estimator.engine.metrics import Assumptions
from estimator.engine.placement import output_layer, transient_parts

from conftest import bundled_estimate, estimates

WEIGHTS_BF16 = 13_476_831_232  # llama-2-7b
KV_PER_TOKEN = 524_288  # 2 x 32 layers x 4096 x 2 bytes
FIXTURES = Path(__file__).parent / "fixtures" / "transients"
CASES = sorted(FIXTURES.glob("*.json"))
DTYPES = {"float32": "fp32", "bfloat16": "bf16"}
PROFILES = {"eager": "hf-eager", "sdpa": "hf-sdpa"}


def _config(data: dict, tmp_path: Path) -> str:
    config = {"model_type": data["model_type"], "architectures": [data["architecture"]], **data["config"]}
    (tmp_path / "config.json").write_text(json.dumps(config))
    return str(tmp_path / "config.json")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_measured_largest_tensor(path, tmp_path):
    """Every measured point: the estimator's transient equals the largest new tensor, in bytes."""
    data = json.loads(path.read_text())
    assert data["points"]
    wrong = []
    results = estimates(_config(data, tmp_path), *[Assumptions(  # expanded once, estimated at every point
        context=point["s"], batch=point["b"], act_dtype=DTYPES[point["dtype"]],
        activations=PROFILES[point["attn_implementation"]]) for point in data["points"]])
    for point, result in zip(data["points"], results):
        if result["inference_transient_bytes"] != point["largest_bytes"]:
            wrong.append((point["b"], point["s"], point["dtype"], point["attn_implementation"],
                          result["inference_transient_bytes"], point["largest_bytes"], point["op"]))
    assert wrong == []


def test_fixtures_cover_the_families():
    families = {json.loads(p.read_text())["family"] for p in CASES}
    assert {"llama", "gpt2", "mixtral", "qwen3_moe"} <= families


def test_default_profile_is_sdpa_and_said():
    """Without --activations the transient follows hf-sdpa (no score matrix), and says so."""
    result = api.estimate("llama-2-7b", None, Assumptions(context=4096))
    logits = 4096 * 32_000 * 2  # bf16; sdpa keeps no [b, heads, s, s] scores
    assert result["inference_transient_bytes"] == logits
    assert result["inference_bytes_per_device"] == WEIGHTS_BF16 + 4096 * KV_PER_TOKEN + logits
    assert result["memory_bytes"] == WEIGHTS_BF16 + 4096 * KV_PER_TOKEN  # unchanged: weights + KV cache
    assert any("attention as in profile hf-sdpa (the default" in line for line in result["assumptions"])


def test_llama_4096_tokens_eager():
    result = api.estimate("llama-2-7b", None, Assumptions(context=4096, activations="hf-eager"))
    scores = 32 * 4096 * 4096 * 4  # eager scores [1, 32 heads, 4096, 4096]: the softmax runs in fp32
    assert result["inference_transient_bytes"] == scores == 2_147_483_648
    assert result["inference_bytes_per_device"] == WEIGHTS_BF16 + 4096 * KV_PER_TOKEN + scores
    assert any("attention as in profile hf-eager" in line for line in result["assumptions"])


def test_parts_and_largest():
    _, inventory, _ = api.build("llama-2-7b")
    assert output_layer(inventory).template_name == "lm_head.weight"
    assert transient_parts(inventory, 2, 1024, 2, "hf-eager") == {
        "logits": 2 * 1024 * 32_000 * 2, "attention_scores": 2 * 32 * 1024 * 1024 * 4,
        "fp32_copy": 2 * 1024 * 4096 * 4, "widest_projection": 2 * 1024 * 11_008 * 2}
    sdpa = transient_parts(inventory, 2, 1024, 2, "hf-sdpa")
    assert "attention_scores" not in sdpa and max(sdpa.values()) == sdpa["logits"]


def test_mixtral_routed_pairs():
    """Mixtral-8x7B: grouped_mm holds every routed pair's gate_up output, [b*s*2, 2*14336]."""
    _, inventory, _ = api.build(str(Path(__file__).parent / "fixtures" / "hf" / "mixtral-8x7b" / "config.json"))
    parts = transient_parts(inventory, 1, 1024, 2, "hf-sdpa")
    assert parts["routed_experts"] == 1024 * 2 * 28_672 * 2
    assert parts["fp32_copy"] == 1024 * 2 * 4096 * 4  # the fp32 routing weights scale [pairs, hidden]
    assert max(parts.values()) == parts["routed_experts"] > parts["logits"] == 1024 * 32_000 * 2


def test_int4_weights_fp32_activations_batch():
    result = api.estimate("llama-2-7b", None, Assumptions(context=1024, batch=2, weights="int4-g128",
                                                          act_dtype="fp32", activations="hf-eager"))
    transient = 2 * 32 * 1024 * 1024 * 4
    assert result["inference_transient_bytes"] == transient
    assert result["inference_bytes_per_device"] == result["weights_bytes"]["int4-g128"] \
        + 2 * 1024 * KV_PER_TOKEN + transient


def test_inference_bytes_is_a_formula():
    f = api.formula("llama-2-7b", free=["num_layers"], of="inference_bytes_per_device")
    assert f(num_layers=32) == bundled_estimate("llama-2-7b")["inference_bytes_per_device"]


def test_module_rows_per_device():
    """Module rows carry their per-device weights and training state under a layout: tp 2 halves
    the matrices, keeps the norms whole; pp 4 gives a stage 8 of the 32 layers."""
    result = api.estimate("llama-2-7b", None, Assumptions(tp=2, pp=4, dp=2, zero=1))
    rows = {row["path"]: row for row in result["modules"]}
    matrices, norms = 32 * (4 * 4096 * 4096 + 3 * 4096 * 11_008), 32 * 2 * 4096
    layers = (matrices // 2 + norms) // 4  # elements on one device
    assert rows["model.layers"]["weights_bytes_per_device"] == layers * 2 == 1_619_132_416
    # bf16 weights and gradients (2 + 2) whole, the 12 bytes of AdamW state over dp = 2 (ZeRO-1)
    assert rows["model.layers"]["training_bytes_per_device"] == layers * (2 + 2 + 12 // 2)
    assert rows["model.layers.*.self_attn.q_proj"]["weights_bytes_per_device"] == 4096 * 4096 // 2 // 4 * 32 * 2
    # the last stage (the reported one): its layers, the final norm and the head
    last = rows["model.layers"]["weights_bytes_per_device"] + rows["model.norm"]["weights_bytes_per_device"] \
        + rows["lm_head"]["weights_bytes_per_device"]
    assert result["layout"]["stage"] == "last"
    assert last == result["training_bytes_per_device_by_component"]["weights"]


def test_module_rows_per_device_zero3_and_one_device():
    result = api.estimate("llama-2-7b", None, Assumptions(tp=2, dp=4, zero=3))
    top = [row for row in result["modules"] if row["depth"] == 1]
    norms = 65 * 4096  # 1-D, replicated by tp
    per_device = ((6_738_415_616 - norms) // 2 + norms) * 2 // 4  # bf16, ZeRO-3 over dp 4
    assert sum(row["weights_bytes_per_device"] for row in top) == per_device \
        == result["training_bytes_per_device_by_component"]["weights"]
    assert "weights_bytes_per_device" not in bundled_estimate("llama-2-7b")["modules"][0]  # one device: the params
