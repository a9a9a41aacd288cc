"""Parallel layouts (tp, pp, cp, ep, dp with ZeRO): training bytes of the most loaded device,
exact against figures computed by hand."""
import json

import pytest

from estimator import api
from estimator.cli.app import main
from estimator.core.errors import EstimatorError
from estimator.engine.metrics import Assumptions

MIXTRAL = "tests/fixtures/hf/mixtral-8x7b"

# llama-2-7b: a layer holds 4 x 4096^2 (attention) + 3 x 4096 x 11008 (MLP) = 202,375,168
# matrix elements and 2 x 4096 norm weights; embedding and head 32000 x 4096 each; norm 4096.
LAYER_MATRICES, LAYER_NORMS, VOCAB_MATRIX = 202_375_168, 8_192, 131_072_000


def per_device(spec, **layout):
    return api.estimate(spec, None, Assumptions(**layout))


def test_no_layout_equals_training_bytes():
    result = per_device("llama-2-7b")
    assert result["training_bytes_per_device"] == result["training_bytes"] == 6_738_415_616 * 16
    assert result["layout"]["stage"] == "only"


def test_zero_over_devices_is_unchanged():
    for zero in (1, 2, 3):
        result = per_device("llama-2-7b", zero=zero, devices=8)
        assert result["training_bytes_per_device"] == result["training_bytes"]
        assert result["training_bytes_per_device_by_component"] == result["training_bytes_by_component"]
        assert result["layout"]["dp"] == 8


def test_llama_tp2_pp4_dp2_zero1():
    result = per_device("llama-2-7b", tp=2, pp=4, dp=2, zero=1)
    # last stage: 8 layers (matrices split in 2, norms replicated) + final norm + half the head;
    # the first holds half the embedding instead of norm + head: 4,096 elements fewer.
    last = 8 * (LAYER_MATRICES // 2 + LAYER_NORMS) + 4_096 + VOCAB_MATRIX // 2
    assert last == 875_106_304
    assert result["layout"]["stage"] == "last"
    assert result["layout"]["devices"] == 16
    assert result["training_bytes_per_device_by_component"] == {
        "weights": 2 * last, "gradients": 2 * last, "optimizer": 12 * last // 2}
    assert result["training_bytes_per_device"] == 8_751_063_040


def test_llama_dp8_zero3_and_tp8():
    assert per_device("llama-2-7b", dp=8, zero=3)["training_bytes_per_device"] == 6_738_415_616 * 16 // 8
    tp8 = per_device("llama-2-7b", tp=8)
    elements = 32 * (LAYER_MATRICES // 8 + LAYER_NORMS) + 2 * VOCAB_MATRIX // 8 + 4_096
    assert tp8["training_bytes_per_device"] == 16 * elements == 13_480_558_592


def test_mixtral_ep8_dp8_zero1():
    # per layer: attention 2 x 4096^2 + 2 x 1024 x 4096, router 8 x 4096, norms 2 x 4096;
    # experts 8 x (28672 x 4096 + 4096 x 14336) split over ep = 8
    dense = 32 * (41_943_040 + 32_768 + 8_192) + 2 * VOCAB_MATRIX + 4_096
    experts = 32 * (8 * (28_672 * 4_096 + 4_096 * 14_336)) // 8
    assert dense + 8 * experts == 46_702_792_704  # every parameter once over the 8 expert ranks
    result = per_device(MIXTRAL, ep=8, dp=8, zero=1)
    # ZeRO-1: dense optimizer state over dp x cp = 8 ranks; each expert's over 8 / ep = 1
    assert result["training_bytes_per_device_by_component"] == {
        "weights": 2 * (dense + experts), "gradients": 2 * (dense + experts),
        "optimizer": 12 * dense // 8 + 12 * experts}
    assert result["training_bytes_per_device"] == 99_025_311_744


@pytest.mark.parametrize("layout, message", [
    ({"tp": 3}, r"--tp 3: 32 attention heads are not divisible by 3"),
    ({"pp": 3}, r"--pp 3: 32 layers are not divisible by 3 pipeline stages"),
    ({"tp": 2, "dp": 2, "devices": 8}, r"--devices 8 is not tp x pp x cp x dp = 2 x 1 x 1 x 2 = 4"),
    ({"tp": 3, "devices": 8}, r"--devices 8 is not a multiple of tp x pp x cp = 3"),
])
def test_impossible_llama_layouts(layout, message):
    with pytest.raises(EstimatorError, match=message):
        per_device("llama-2-7b", **layout)


def test_impossible_expert_layouts():
    with pytest.raises(EstimatorError, match=r"--ep 3: 8 experts are not divisible by 3"):
        per_device(MIXTRAL, ep=3, dp=3)
    with pytest.raises(EstimatorError, match=r"--ep 4 does not divide dp x cp = 2"):
        per_device(MIXTRAL, ep=4, dp=2)


def test_layout_is_a_formula_and_a_solve_target(capsys):
    assert main(["formula", "llama-2-7b", "--of", "training_bytes_per_device", "--free", "num_layers",
                 "--pp", "2"]) == 0
    # 16 bytes x (per layer 202,383,360 / 2 stages; the last stage: norm 4,096 + head 131,072,000)
    assert "1619066880*num_layers + 2097217536" in capsys.readouterr().out
    assert main(["solve", "llama-2-7b", "--target", "training_bytes_per_device=80GiB", "--for", "num_layers",
                 "--tp", "2", "--side", "below", "--format", "json"]) == 0
    best = json.loads(capsys.readouterr().out)["solutions"][0]
    assert best["num_layers"] == 51
    assert best["training_bytes_per_device"] == 16 * (51 * (LAYER_MATRICES // 2 + LAYER_NORMS)
                                                      + 2 * VOCAB_MATRIX // 2 + 4_096) == 84_672_970_752


def test_activations_put_the_first_stage_on_top():
    result = per_device("llama-2-7b", activations="hf-sdpa", context=4096, tp=2, pp=2)
    first = 16 * (LAYER_MATRICES // 2 + LAYER_NORMS) + VOCAB_MATRIX // 2  # half the embedding
    assert result["layout"]["stage"] == "first"
    assert result["training_bytes_per_device_by_component"] == {
        "weights": 2 * first, "gradients": 2 * first, "optimizer": 12 * first,
        "activations": result["activation_bytes"]}
    assert result["training_bytes_per_device"] == 16 * first + result["activation_bytes"]


def test_each_top_level_tensor_has_its_own_row_per_device():
    """SigLIP's logit_scale and logit_bias sit at the top, in no module: each is its own row
    (one element each, which tp does not split: 2 bytes of bf16 weights, 16 with its gradient
    and Adam's fp32 state), not both in the first one's."""
    result = per_device("tests/fixtures/hf/siglip-base-patch16-224/config.json", tp=2)
    rows = {m["path"]: (m["params"], m["weights_bytes_per_device"], m["training_bytes_per_device"])
            for m in result["modules"] if m["path"] in ("logit_scale", "logit_bias")}
    assert rows == {"logit_scale": (1, 2, 16), "logit_bias": (1, 2, 16)}
