"""Bytes and FLOPs: published figures, and the formulas of the conventions the output names."""
import json

import pytest
import sympy

from estimator import api
from estimator.cli import main
from estimator.expressions import symbol
from estimator.metrics import Assumptions, parse_format, tensor_bytes


def test_llama_3_8b_kv_cache_per_token_in_bf16():
    # Llama-3(.1)-8B: 32 layers x 8 KV heads x 128 x (K, V) x 2 bytes
    assert api.estimate("llama-3-8b")["kv_cache_bytes_per_token"] == 131_072


def test_llama_2_7b_weights_in_bf16():
    assert api.estimate("llama-2-7b")["weights_bytes"]["bf16"] == 13_476_831_232


def test_mha_kv_cache_for_context_and_batch():
    result = api.estimate("llama-2-7b", assumptions=Assumptions(context=4096, batch=8))
    assert result["kv_cache_bytes"] == 2 * 32 * 4096 * 2 * 4096 * 8
    assert result["memory_bytes"] == result["weights_bytes"]["bf16"] + result["kv_cache_bytes"]


@pytest.mark.parametrize(
    "shape, fmt, expected",
    [
        ((256, 300), "int4-g128", 256 * 300 // 2 + 256 * 3 * 2),
        ((256, 300), "int4-g128-zp", 256 * 300 // 2 + 256 * 3 * 2 + 256 * 3 // 2),
        ((4096, 4096), "q4_k", 4096 * 16 * 144),
        ((4096, 4096), "q8_0", 4096 * 128 * 34),
        ((4096, 4096), "q6_k", 4096 * 16 * 210),
        ((7, 5), "fp8", 35),
        ((7, 5), "fp32", 140),
    ],
)
def test_storage_formats_exact_bytes(shape, fmt, expected):
    assert tensor_bytes(shape, parse_format(fmt)) == expected


def test_quantised_weights_keep_embeddings_and_norms():
    d = api.estimate("llama-2-7b", assumptions=Assumptions(weights="int4-g128"))
    matrices = 6_738_415_616 - 131_072_000 - 32 * 2 * 4096 - 4096  # all but embedding and norms
    # every matrix here has 4096 or 11008 columns: 128-wide groups divide them exactly
    expected = matrices // 2 + (matrices // 128) * 2 + (131_072_000 + 32 * 2 * 4096 + 4096) * 2
    assert d["weights_bytes"]["int4-g128"] == expected


def test_training_memory_components_and_zero():
    plain = api.estimate("gpt2")
    n = 124_439_808
    assert plain["training_bytes_by_component"] == {"weights": 2 * n, "gradients": 2 * n, "optimizer": 12 * n}
    assert plain["training_bytes"] == 16 * n
    sharded = api.estimate("gpt2", assumptions=Assumptions(zero=3, devices=8))
    assert sharded["training_bytes_by_component"] == {"weights": 2 * n // 8, "gradients": 2 * n // 8, "optimizer": 12 * n // 8}
    sgd = api.estimate("gpt2", assumptions=Assumptions(optimizer="sgd", zero=1, devices=4))
    assert sgd["training_bytes_by_component"] == {"weights": 4 * n, "gradients": 4 * n, "optimizer": n}


def test_flops_follow_palm():
    # PaLM appendix B: forward = 2N + 4 L d T (scores and mixing), training 3x
    d, L, V, T = (symbol(n) for n in ("hidden_size", "num_layers", "vocab_size", "max_position_embeddings"))
    flops = api.formula("gpt2", of="flops_per_token").expr
    assert sympy.expand(flops - (2 * (12 * L * d**2 + V * d) + 4 * L * d * T)) == 0
    result = api.estimate("gpt2")
    assert result["training_flops_per_token"] == 3 * result["flops_per_token"]


def test_sliding_window_caps_the_cache(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(
        "hyperparameters: {d: 64, heads: 4}\n"
        "model:\n"
        "  - {name: full, type: attention, hidden_size: d, num_heads: heads}\n"
        "  - {name: local, type: attention, hidden_size: d, num_heads: heads, sliding_window: 100}\n"
    )
    result = api.estimate(str(path), assumptions=Assumptions(context=1000, kv_dtype="fp32"))
    assert result["kv_cache_bytes_per_token"] == 2 * (2 * 64 * 4)
    assert result["kv_cache_bytes"] == 2 * 64 * 4 * (1000 + 100)


def test_memory_is_a_formula_sweep_column_and_solve_target(capsys):
    assert main(["formula", "llama-3-8b", "--of", "kv_cache_bytes_per_token"]) == 0
    assert "4*hidden_size*num_kv_heads*num_layers/num_heads" in capsys.readouterr().out
    rows = api.sweep("llama-2-7b", grid={"num_layers": [16, 32]}, columns=["weights_bytes", "flops_per_token"])
    assert rows[1]["weights_bytes"] == 13_476_831_232
    assert main(["solve", "llama-2-7b", "--target", "memory=80GiB", "--for", "num_layers", "--context", "4096",
                 "--format", "json"]) == 0
    solutions = json.loads(capsys.readouterr().out)["solutions"]
    assert {s["num_layers"] for s in solutions} == {180, 181}  # ~471 MB of weights and cache per layer


@pytest.mark.parametrize(
    "argv, message",
    [
        (["estimate", "gpt2", "--weights", "int4"], "--weights int4: unknown format"),
        (["estimate", "gpt2", "--weights", "q4k"], "did you mean `q4_k`?"),
        (["estimate", "gpt2", "--optimizer", "adam"], "--optimizer adam: one of adamw, adamw-fp32, sgd"),
        (["estimate", "gpt2", "--zero", "4"], "a ZeRO stage is 0, 1, 2 or 3"),
        (["estimate", "gpt2", "--kv-dtype", "fp4"], "--kv-dtype fp4: not a dtype"),
    ],
)
def test_bad_assumptions(capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_table_lists_the_assumptions(capsys):
    assert main(["estimate", "llama-3-8b", "--context", "8192"]) == 0
    out = capsys.readouterr().out
    assert "KV cache in bf16, context 8192 x batch 1" in out
    assert "PaLM, Chowdhery et al. 2022" in out
    assert "128.00 KiB" in out  # KV cache per token


@pytest.mark.parametrize("name", ["llama-2-7b", "gpt2", "vit-b-16"])
def test_module_flops_add_up(name):
    result = api.estimate(name)
    top = [m for m in result["modules"] if m["depth"] == 1]
    assert sum(m["flops_per_token"] for m in top) == result["flops_per_token"]


def test_mixtral_8x7b_active_params_and_flops():
    from conftest import FIXTURES

    context = 4096
    result = api.estimate(str(FIXTURES / "hf" / "mixtral-8x7b" / "config.json"), assumptions=Assumptions(context=context))
    assert result["params"] == 46_702_792_704
    assert result["active_params"] == 12_879_925_248
    # forward FLOPs use the active experts only: 2 x (active - embedding - norms) + attention term
    attention = 2 * 32 * 2 * 4096 * context
    assert result["flops_per_token"] == 2 * (12_879_925_248 - 131_072_000 - 32 * 2 * 4096 - 4096) + attention


def test_albert_counts_every_pass_through_its_shared_layer():
    from conftest import FIXTURES

    config = str(FIXTURES / "hf" / "albert-base-v2" / "config.json")
    result = api.estimate(config, assumptions=Assumptions(kv_dtype="fp32", context=512))
    assert result["params"] == 11_221_680  # the shared layer is stored once
    assert result["kv_cache_bytes_per_token"] == 12 * 2 * 768 * 4  # but runs 12 times per token
    layer_matrices = 4 * 768 * 768 + 2 * 768 * 3072
    encoder = [m for m in result["modules"] if m["path"] == "albert.encoder"][0]
    assert encoder["flops_per_token"] == 12 * (2 * layer_matrices + 2 * 512 * 2 * 768) + 2 * 128 * 768
