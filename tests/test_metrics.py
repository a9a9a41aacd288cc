"""Bytes and FLOPs: published figures, and the formulas of the conventions the output names."""
import json

import pytest
import sympy

from estimator import api
from estimator.cli.app import main
from estimator.core.expressions import symbol
from estimator.engine.metrics import Assumptions, all_values, describe_assumptions, parse_format, tensor_bytes
from estimator.engine.totals import compute_totals

from conftest import FIXTURES, bundled_estimate


def test_llama_3_8b_kv_cache_per_token_in_bf16():
    # Llama-3(.1)-8B: 32 layers x 8 KV heads x 128 x (K, V) x 2 bytes
    assert bundled_estimate("llama-3-8b")["kv_cache_bytes_per_token"] == 131_072


def test_llama_2_7b_weights_in_bf16():
    assert bundled_estimate("llama-2-7b")["weights_bytes"]["bf16"] == 13_476_831_232


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
    plain = bundled_estimate("gpt2")
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
    result = bundled_estimate("gpt2")
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
    result = bundled_estimate(name)
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
    assert result["kv_cache_bytes_per_token"] == 0  # an encoder caches nothing
    layer_matrices = 4 * 768 * 768 + 2 * 768 * 3072
    encoder = [m for m in result["modules"] if m["path"] == "albert.encoder"][0]
    assert encoder["flops_per_token"] == 12 * (2 * layer_matrices + 2 * 512 * 2 * 768) + 2 * 128 * 768


# ---------------------------------------------------------------- what attention caches: self, cross, nothing

KV_CASES = sorted(path.name for path in (FIXTURES / "kv").iterdir() if (path / "expected.json").exists())


def kv_expected(case: str) -> dict:
    return json.loads((FIXTURES / "kv" / case / "expected.json").read_text())


def all_metrics(spec, assumptions: Assumptions, overrides: dict | None = None) -> dict:
    """Counts and every metric (kv_cache_bytes_per_encoder_token too), as formula/sweep/solve see them."""
    spec, inventory, hyperparameters = api.build(spec, overrides)
    return all_values(inventory, compute_totals(inventory).counts, assumptions, hyperparameters)


@pytest.mark.parametrize("case", KV_CASES)
def test_kv_cache_self_and_cross_equal_transformers_cache(case):
    """tests/fixtures/kv (tools/make_kv_fixtures.py): one forward with use_cache in transformers,
    decoder_tokens decoder tokens and encoder_tokens encoder tokens; its EncoderDecoderCache's
    self-attention part per token, its cross-attention part per encoder token, and what both hold
    together. Encoder-only models return no cache: 0."""
    want = kv_expected(case)
    config = str(FIXTURES / "kv" / case / "config.json")
    decoder_tokens = max(want["decoder_tokens"], 1)
    assumptions = Assumptions(kv_dtype="fp32", context=decoder_tokens, encoder_context=want["encoder_tokens"])
    got = api.estimate(config, assumptions=assumptions)
    assert got["kv_cache_bytes_per_token"] == 4 * want["kv_elements_per_token"]
    assert all_metrics(config, assumptions)["kv_cache_bytes_per_encoder_token"] == \
        4 * want["kv_elements_per_encoder_token"]
    held = want["self_attention_elements"] + want["cross_attention_elements"]
    assert got["kv_cache_bytes"] == 4 * held


def test_kv_fixtures_cover_encoder_decoder_and_encoder_only_families():
    kinds = {}
    for case in KV_CASES:
        reference = kv_expected(case)["reference"]
        kinds.setdefault(reference["kind"], set()).add(reference["model_type"])
    assert {"t5", "mt5", "umt5", "longt5", "bart", "mbart", "marian", "pegasus", "m2m_100", "whisper"} <= kinds["seq2seq"]
    assert {"bert", "roberta", "t5", "whisper", "vit"} <= kinds["encoder"]
    assert all(kv_expected(c)["cross_attention_elements"] > 0 for c in KV_CASES
               if kv_expected(c)["reference"]["kind"] != "encoder")


def test_whisper_encoder_length_is_its_source_positions():
    """Whisper's encoder always sees max_source_positions frames (30 s of audio) and its decoder's
    context is max_target_positions: the defaults, without assumptions."""
    want = kv_expected("whisper-tiny")
    config = str(FIXTURES / "kv" / "whisper-tiny" / "config.json")
    assert want["encoder_tokens"] == 6
    got = api.estimate(config, assumptions=Assumptions(kv_dtype="fp32"))
    assert got["kv_cache_bytes"] == 4 * (16 * want["kv_elements_per_token"] + 6 * want["kv_elements_per_encoder_token"])


def test_bart_large_kv_cache_in_bf16():
    # bart-large: 12 decoder layers x K and V x 1024 x 2 bytes per token, and as much per encoder token
    result = api.estimate(str(FIXTURES / "hf" / "bart-large" / "config.json"),
                          assumptions=Assumptions(context=100, encoder_context=1000))
    per_token = 12 * 2 * 1024 * 2
    assert result["kv_cache_bytes_per_token"] == per_token
    assert result["kv_cache_bytes"] == per_token * (100 + 1000)


def test_encoder_only_models_cache_nothing_but_count_attention_flops():
    result = bundled_estimate("bert-base-uncased")
    assert result["kv_cache_bytes_per_token"] == 0
    assert result["kv_cache_bytes"] == 0
    # matrices: 12 layers (q, k, v, o and two MLP matrices), the MLM transform and the tied decoder
    matrices = 12 * (4 * 768 * 768 + 2 * 768 * 3072) + 768 * 768 + 30522 * 768
    attention = 12 * 2 * 512 * (768 + 768)  # 2 x context x (qk_dim + v_dim) per layer, as before
    assert result["flops_per_token"] == 2 * matrices + attention == 236_805_120
    vit = bundled_estimate("vit-b-16")
    assert vit["kv_cache_bytes"] == 0


ENCODER_DECODER = (
    "hyperparameters: {d: 64, heads: 4, enc_layers: 2, dec_layers: 3, encoder_context: 1500}\n"
    "model:\n"
    "  - {name: encoder, repeat: enc_layers, type: transformer_encoder_layer, d_model: d, nhead: heads}\n"
    "  - {name: decoder, repeat: dec_layers, type: transformer_decoder_layer, d_model: d, nhead: heads}\n"
)


def test_builtin_layers_say_what_they_cache(tmp_path):
    """nn.TransformerEncoderLayer caches nothing; a decoder layer caches its self-attention per
    token and its cross-attention (multihead_attn) for the encoder's length; `kv_cache` /
    `cross_attention` on `attention` do the same by hand."""
    path = tmp_path / "spec.yaml"
    path.write_text(ENCODER_DECODER)
    assumptions = Assumptions(kv_dtype="fp32", context=100)
    result = api.estimate(str(path), assumptions=assumptions)
    assert result["kv_cache_bytes_per_token"] == 3 * 2 * 64 * 4
    assert result["kv_cache_bytes"] == 3 * 2 * 64 * 4 * (100 + 1500)  # encoder_context from the spec
    assert all_metrics(str(path), assumptions)["kv_cache_bytes_per_encoder_token"] == 3 * 2 * 64 * 4
    # FLOPs: every layer's attention counts, cross-attention over the encoder's length
    matrices = 2 * (4 * 64 * 64 + 2 * 64 * 2048) + 3 * (8 * 64 * 64 + 2 * 64 * 2048)
    attention = (2 + 3) * 2 * 100 * 128 + 3 * 2 * 1500 * 128
    assert result["flops_per_token"] == 2 * matrices + attention
    top = [m for m in result["modules"] if m["depth"] == 1]
    assert sum(m["flops_per_token"] for m in top) == result["flops_per_token"]
    by_hand = tmp_path / "by_hand.yaml"
    by_hand.write_text(
        "hyperparameters: {d: 64, heads: 4}\n"
        "model:\n"
        "  - {name: encoder, type: attention, hidden_size: d, num_heads: heads, kv_cache: false}\n"
        "  - {name: self, type: attention, hidden_size: d, num_heads: heads}\n"
        "  - {name: cross, type: attention, hidden_size: d, num_heads: heads, num_kv_heads: 2, cross_attention: true}\n"
    )
    values = all_metrics(str(by_hand), Assumptions(kv_dtype="fp32", context=10, encoder_context=7))
    assert values["kv_cache_bytes_per_token"] == 2 * 64 * 4
    assert values["kv_cache_bytes_per_encoder_token"] == 2 * 32 * 4
    assert values["kv_cache_bytes"] == 2 * 64 * 4 * 10 + 2 * 32 * 4 * 7
    assert values["flops_per_token"] == 2 * (4 + 4 + 3) * 64 * 64 + 2 * 128 * (10 + 10 + 7)


def test_encoder_length_defaults_to_the_context(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(ENCODER_DECODER.replace(", encoder_context: 1500", ""))
    result = api.estimate(str(path), assumptions=Assumptions(kv_dtype="fp32", context=100))
    assert result["kv_cache_bytes"] == 3 * 2 * 64 * 4 * (100 + 100)


def test_encoder_length_is_a_formula_sweep_column_and_solve_target(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(ENCODER_DECODER)
    d, layers, encoder = symbol("d"), symbol("dec_layers"), symbol("encoder_context")
    kv = api.formula(str(path), free=["d", "dec_layers", "encoder_context"], of="kv_cache_bytes").expr
    assert sympy.expand(kv - 2 * layers * 2 * d * (2048 + encoder)) == 0  # bf16, default context 2048
    rows = api.sweep(str(path), grid={"encoder_context": [500, 1000]}, columns=["kv_cache_bytes"])
    assert rows[1]["kv_cache_bytes"] - rows[0]["kv_cache_bytes"] == 3 * 2 * 64 * 2 * 500
    solved = api.solve(str(path), {"kv_cache_bytes": 3 * 2 * 64 * 2 * (2048 + 4000)}, "encoder_context")
    assert solved["solutions"][0]["encoder_context"] == 4000


def test_assumptions_name_the_encoder_length():
    lines = describe_assumptions(Assumptions(batch=2), 448, 1500)
    assert "encoder output of 1500 tokens: cross-attention holds its K/V once (1500 x batch 2)" in "\n".join(lines)
    assert not any("encoder" in line for line in describe_assumptions(Assumptions(), 4096))
