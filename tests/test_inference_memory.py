"""Inference memory per device: weights + KV cache + the largest transient buffer of a
prefill (logits, eager attention scores, the widest projection), exact."""
from estimator import api
from estimator.engine.metrics import Assumptions
from estimator.engine.placement import output_layer, transient_parts

WEIGHTS_BF16 = 13_476_831_232  # llama-2-7b
KV_PER_TOKEN = 524_288  # 2 x 32 layers x 4096 x 2 bytes


def test_llama_4096_tokens():
    result = api.estimate("llama-2-7b", None, Assumptions(context=4096))
    scores = 32 * 4096 * 4096 * 2  # eager attention scores [1, 32 heads, 4096, 4096] in bf16
    assert result["inference_transient_bytes"] == scores == 1_073_741_824
    assert result["inference_bytes_per_device"] == WEIGHTS_BF16 + 4096 * KV_PER_TOKEN + scores == 16_698_056_704
    assert result["memory_bytes"] == WEIGHTS_BF16 + 4096 * KV_PER_TOKEN  # unchanged: weights + KV cache


def test_parts_and_largest():
    _, inventory, _ = api.build("llama-2-7b")
    assert output_layer(inventory).template_name == "lm_head.weight"
    assert transient_parts(inventory, 2, 1024) == {
        "logits": 2 * 1024 * 32_000, "attention_scores": 2 * 32 * 1024 * 1024, "widest_projection": 2 * 1024 * 11_008}
    # a short context: the logits are the largest buffer
    parts = transient_parts(inventory, 1, 512)
    assert max(parts.values()) == parts["logits"] == 512 * 32_000


def test_int4_weights_fp32_activations_batch():
    result = api.estimate("llama-2-7b", None, Assumptions(context=1024, batch=2, weights="int4-g128",
                                                          act_dtype="fp32"))
    transient = 2 * 32 * 1024 * 1024 * 4
    assert result["inference_transient_bytes"] == transient
    assert result["inference_bytes_per_device"] == result["weights_bytes"]["int4-g128"] \
        + 2 * 1024 * KV_PER_TOKEN + transient


def test_inference_bytes_is_a_formula():
    f = api.formula("llama-2-7b", free=["num_layers"], of="inference_bytes_per_device")
    assert f(num_layers=32) == api.estimate("llama-2-7b")["inference_bytes_per_device"] == 14_819_008_512
