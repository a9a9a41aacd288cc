"""Closed-form formulas: term by term against published forms, exact at every bundled spec."""
import json

import pytest
import sympy

from estimator import api
from estimator.cli.app import main
from estimator.core.expressions import symbol
from estimator.engine.formula import default_free, structural_free
from estimator.spec.model import bundled_architectures

from conftest import FIXTURES, bundled_estimate

d, L, V, P = (symbol(n) for n in ("hidden_size", "num_layers", "vocab_size", "max_position_embeddings"))


def test_gpt2_formula_term_by_term():
    formula = api.formula("gpt2")
    assert sympy.expand(formula.expr - (V * d + P * d + L * (12 * d**2 + 13 * d) + 2 * d)) == 0
    assert formula.text() == (
        "hidden_size*(max_position_embeddings + vocab_size + 2) + num_layers*(12*hidden_size**2 + 13*hidden_size)"
    )


def test_gpt2_leading_order_is_kaplan():
    assert api.formula("gpt2").leading().expr == 12 * L * d**2


def test_gpt2_non_embedding_formula():
    formula = api.formula("gpt2", of="non_embedding_params")
    assert sympy.expand(formula.expr - (L * (12 * d**2 + 13 * d) + 2 * d)) == 0


@pytest.mark.parametrize("name", sorted(bundled_architectures()))
def test_formula_at_the_spec_values_equals_estimate(name):
    spec = api.load(name)
    model, fixed = structural_free(spec, default_free(spec))
    formula = model.formula("params")
    values = {str(s): spec.hyperparameters[str(s)] for s in formula.symbols}
    assert formula(**values) == bundled_estimate(name)["params"]


@pytest.mark.parametrize("name", ["gpt2", "llama-2-7b", "resnet50", "vit_b_16_torchvision"])
def test_generated_python_returns_the_exact_int(name):
    formula = api.formula(name)
    namespace: dict = {}
    exec(formula.python("params"), namespace)  # the test runs the code the tool prints
    hyperparameters = api.load(name).hyperparameters
    values = {str(s): hyperparameters[str(s)] for s in formula.symbols}
    result = namespace["params"](**values)
    assert type(result) is int and result == bundled_estimate(name)["params"]


def test_non_polynomial_derived_values_stay_readable(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(
        "hyperparameters: {hidden: 4096, layers: 32, ffn: 'round_up(8 * hidden / 3, 256)'}\n"
        "model:\n  - {name: layers, repeat: layers, type: gated_mlp, hidden_size: hidden, intermediate_size: ffn}\n"
    )
    formula = api.formula(str(path))
    assert formula.text() == "3*ffn*hidden*layers\n  where ffn = 256*ceiling(hidden/96)"
    assert formula(hidden=4096, layers=32) == 3 * 4096 * 11008 * 32


def test_structure_dependent_free_symbol_is_explained(capsys, tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text("hyperparameters: {a: 2, b: 3}\nmodel:\n"
                    "  - {name: fc, if: a > b, type: linear, in_features: a, out_features: b}\n")
    assert main(["formula", str(path), "--free", "a"]) == 2
    err = capsys.readouterr().err
    assert "cannot decide `a > b` while a is free; give a value: the model's structure depends on a;" in err
    assert main(["formula", str(path)]) == 0  # by default such names keep their values
    out = capsys.readouterr().out
    assert "(a, b kept at their values: the model's structure depends on them)" in out


@pytest.mark.parametrize("fmt", ["text", "latex", "python", "json"])
def test_formula_formats(capsys, fmt):
    assert main(["formula", "gpt2", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        data = json.loads(out)
        assert set(data["symbols"]) == {"vocab_size", "max_position_embeddings", "hidden_size", "num_layers"}
        assert data["modules"][0]["path"] == "transformer"
    elif fmt == "latex":
        assert "\\left(" in out
    elif fmt == "python":
        assert out.count("def params(") == 1
        namespace: dict = {}
        exec(compile(out, "formula.py", "exec"), namespace)  # the generated code, run: our own output
        assert namespace["params"](vocab_size=50257, max_position_embeddings=1024, hidden_size=768,
                                   num_layers=12) == 124_439_808
    else:
        assert "hidden_size*(max_position_embeddings + vocab_size + 2) + num_layers*(12*hidden_size**2 + 13*hidden_size)" \
            in out


def test_free_option_and_leading(capsys):
    assert main(["formula", "llama-2-7b", "--free", "hidden_size,num_layers", "--leading"]) == 0
    out = capsys.readouterr().out
    # intermediate_size is not free, so the MLP is linear in hidden_size: only attention is quadratic
    assert out.splitlines()[1].strip() == "4*hidden_size**2*num_layers"
    assert "31.87% of the total at the spec's values" in out


def test_unknown_free_name(capsys):
    assert main(["formula", "gpt2", "--free", "hiden_size"]) == 2
    assert "did you mean `hidden_size`?" in capsys.readouterr().err


# ---------------------------------------------------------------- leading order: sizes and depths only

FORMULA_FIXTURES = FIXTURES / "formula"


def test_llama_2_7b_leading_order_is_attention_and_mlp():
    h, kv, ffn = symbol("num_heads"), symbol("num_kv_heads"), symbol("intermediate_size")
    leading = api.formula("llama-2-7b").leading()
    assert leading.expr == 2 * L * d**2 + 2 * L * d**2 * kv / h + 3 * L * d * ffn
    assert leading.scale.sizes == (d, ffn, V) and leading.scale.depths == (L,)


def test_dit_leading_order_keeps_the_blocks_not_the_patch_embedding():
    # every integer of the spec is free: mlp_ratio, patch_size and in_channels must not count
    # as dimensions (they used to: 2*depth*hidden**2*mlp_ratio + 3*hidden*in_channels*patch_size**2)
    depth, hidden, mlp_ratio = symbol("depth"), symbol("hidden"), symbol("mlp_ratio")
    spec = str(FORMULA_FIXTURES / "dit-xl-2.yaml")
    formula = api.formula(spec)
    assert formula(**{str(s): api.load(spec).hyperparameters[str(s)] for s in formula.symbols}) == 675_129_632
    leading = formula.leading()
    assert leading.expr == 2 * depth * hidden**2 * mlp_ratio + 10 * depth * hidden**2
    assert depth in leading.scale.depths and hidden in leading.scale.sizes
    assert not {symbol("mlp_ratio"), symbol("patch_size"), symbol("num_heads")} & leading.scale.symbols


def test_hybrid_leading_order_keeps_dense_mlps_experts_mamba_and_attention():
    s = {name: symbol(name) for name in ("hidden", "n_groups", "mamba_per_group", "expand", "ffn", "num_heads",
                                         "num_kv_heads", "moe_ffn", "num_experts")}
    leading = api.formula(str(FORMULA_FIXTURES / "hybrid-mamba2-moe.yaml")).leading()
    layers = s["n_groups"] * s["mamba_per_group"]
    assert leading.expr == (
        3 * s["expand"] * s["hidden"]**2 * layers                   # Mamba2 in_proj (z, x) and out_proj
        + 3 * s["ffn"] * s["hidden"] * layers                         # the dense gated MLPs
        + 2 * s["hidden"]**2 * s["n_groups"]                          # q_proj, o_proj
        + 2 * s["hidden"]**2 * s["n_groups"] * s["num_kv_heads"] / s["num_heads"]  # k_proj, v_proj
        + 3 * s["hidden"] * s["moe_ffn"] * s["n_groups"] * s["num_experts"]       # the experts
    )
    # groups x Mamba2 layers per group is one stack: both are depths, the product counts once
    assert leading.scale.depths == (s["mamba_per_group"], s["n_groups"])
    assert not {symbol("d_state"), symbol("d_conv"), s["num_experts"], s["expand"]} & leading.scale.symbols


def test_leading_says_what_it_kept(capsys):
    assert main(["formula", "gpt2", "--leading"]) == 0
    out = capsys.readouterr().out
    assert "  12*hidden_size**2*num_layers\n" in out
    assert out.endswith("leading order: the terms of highest degree in the sizes hidden_size, max_position_embeddings,"
                        " vocab_size and depth num_layers; 68.25% of the total at the spec's values\n")
    assert main(["formula", str(FORMULA_FIXTURES / "dit-xl-2.yaml"), "--leading", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["formula"] == "depth*(2*hidden**2*mlp_ratio + 10*hidden**2)"
    assert "mlp_ratio counts as a constant; 99.07% of the total at the spec's values" in data["leading"]


def test_leading_without_sizes_counts_every_symbol():
    from estimator.engine.formula import Formula

    a, b = symbol("a"), symbol("b")
    assert Formula(a**2 * b + a * b + b, [a, b], {}, "x").leading().expr == a**2 * b
