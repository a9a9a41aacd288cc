"""GGUF names beyond llama: a family's config.json against a GGUF of the same model.

Each folder under tests/fixtures/gguf/ holds a tiny model's config.json and a GGUF written
by tools/make_gguf_fixtures.py with gguf-py's own tensor names (TensorNameMap) and the
reshapes, splits and stacks of llama.cpp's convert_hf_to_gguf.py; diff must find every
tensor, with its shape, under transformers' name.
"""
import json

import pytest

from estimator.cli.app import main
from estimator.sources.checkpoint import GGUF_ARCHITECTURES, gguf_as_transformers
from estimator.sources.metadata import read_model_file

from conftest import FIXTURES

GGUF = FIXTURES / "gguf"
CASES = sorted(p.name for p in GGUF.iterdir() if (p / "model.gguf").exists())


def diff_json(case: str, *extra: str, capsys) -> tuple[int, dict]:
    code = main(["diff", str(GGUF / case / "config.json"), str(GGUF / case / "model.gguf"), "--format", "json",
                 *extra])
    return code, json.loads(capsys.readouterr().out)


def test_the_families_of_the_issue_have_a_file():
    architectures = {read_model_file(str(GGUF / case / "model.gguf")).architecture for case in CASES}
    assert {"qwen2", "qwen2moe", "qwen3moe", "gemma", "gemma2", "gemma3", "phi3", "deepseek2", "gpt-oss", "mistral3",
            "mamba"} <= architectures <= GGUF_ARCHITECTURES


@pytest.mark.parametrize("case", CASES)
def test_config_matches_its_gguf(case, capsys):
    code, result = diff_json(case, capsys=capsys)
    assert (result["missing"], result["unexpected"], result["mismatched"]) == ([], [], [])
    assert result["match"] is True and code == 0
    assert result["matched"] == len(read_model_file(str(GGUF / case / "model.gguf")).tensors) - (
        # files that split one transformers tensor in two (gate/up experts, k_b/v_b) hold more
        sum(1 for t in read_model_file(str(GGUF / case / "model.gguf")).tensors
            if t.name.endswith(("ffn_up_exps.weight", "ffn_up_exps.bias", "attn_v_b.weight"))))


@pytest.mark.parametrize("case, change", [
    ("qwen3moe", "num_experts=8"), ("qwen3moe-fused", "moe_intermediate_size=16"), ("qwen2moe", "num_experts=8"),
    ("deepseek2", "v_head_dim=6"), ("deepseek2-lite", "n_routed_experts=8"), ("gpt-oss", "intermediate_size=32"),
    ("mamba", "conv_kernel=3"), ("phi3", "intermediate_size=32"), ("gemma2", "head_dim=4"),
])
def test_shapes_are_compared_after_mapping(case, change, capsys):
    """The fused, transposed and joined shapes are compared, not only the names."""
    code, result = diff_json(case, "--set", change, capsys=capsys)
    assert code == 1 and result["mismatched"] and not result["missing"] and not result["unexpected"]


def test_gpt_oss_experts_are_transposed_and_fused():
    stored = {"blk.0.ffn_gate_exps.weight": [4, 24, 16], "blk.0.ffn_up_exps.weight": [4, 24, 16],
              "blk.0.ffn_down_exps.weight": [4, 16, 24], "blk.0.ffn_gate_exps.bias": [4, 24],
              "blk.0.ffn_up_exps.bias": [4, 24], "blk.0.attn_sinks.weight": [2]}
    names, _ = gguf_as_transformers("gpt-oss", stored)
    assert names == {"model.layers.0.mlp.experts.gate_up_proj": [4, 16, 48],
                     "model.layers.0.mlp.experts.down_proj": [4, 24, 16],
                     "model.layers.0.mlp.experts.gate_up_proj_bias": [4, 48],
                     "model.layers.0.self_attn.sinks": [2]}


def test_deepseek_kv_b_joined_and_older_files_kept():
    split = {"blk.1.attn_k_b.weight": [2, 8, 6], "blk.1.attn_v_b.weight": [2, 5, 8]}
    assert gguf_as_transformers("deepseek2", split)[0] == {"model.layers.1.self_attn.kv_b_proj.weight": [22, 8]}
    older = {"blk.1.attn_kv_b.weight": [22, 8], "blk.1.exp_probs_b.bias": [4]}
    assert gguf_as_transformers("deepseek2", older)[0] == {"model.layers.1.self_attn.kv_b_proj.weight": [22, 8],
                                                           "model.layers.1.mlp.gate.e_score_correction_bias": [4]}


def test_rope_factors_are_noted_not_compared():
    names, notes = gguf_as_transformers("phi3", {"rope_factors_long.weight": [4], "output_norm.weight": [16]})
    assert names == {"model.norm.weight": [16]}
    assert notes == ["1 GGUF tensor(s) that transformers computes from the config are not compared "
                     "(rope_factors_long.weight)"]


def test_multimodal_gguf_holds_the_text_model(capsys):
    code, result = diff_json("mistral3", capsys=capsys)
    assert code == 0
    assert any("vision tower and projector" in note and "mmproj" in note for note in result["notes"])
