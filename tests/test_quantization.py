"""Weights as shipped: a config.json's quantization_config gives the bytes of its checkpoint.

Each case under tests/fixtures/quant/ is a tiny quantised checkpoint's tensor list, built
by tools/make_quant_fixtures.py with the format's own library (bitsandbytes on the CPU,
transformers' FP8Linear and MXFP4 packing) or its documented layout (GPTQ, AWQ, ModelOpt
NVFP4); the estimate of its config.json must equal the sum of its tensors' bytes.
"""
import json
import math

import pytest

from estimator import api
from estimator.cli.app import main
from estimator.engine.metrics import Assumptions, parse_format
from estimator.engine.quantization import formats, matrix_bytes, named_format, should_convert

from conftest import FIXTURES, bundled_estimate

QUANT = FIXTURES / "quant"
CASES = sorted(p.name for p in QUANT.iterdir() if (p / "tensors.json").exists())
PUBLISHED = sorted(p.name for p in (QUANT / "published").iterdir())


def fixture(case: str) -> dict:
    return json.loads((QUANT / case / "tensors.json").read_text())


def shipped(config, **assumptions) -> int:
    return api.estimate(str(config), assumptions=Assumptions(**assumptions))["weights_bytes"]["shipped"]


def test_every_format_has_a_case():
    assert len(CASES) >= 16


@pytest.mark.parametrize("case", CASES)
def test_shipped_bytes_equal_the_checkpoint(case):
    data = fixture(case)
    assert data["bytes"] == sum(t["bytes"] for t in data["tensors"])
    # bitsandbytes prints one float (nested_offset) in each quant state; the estimator takes
    # it as offset_chars long, the fixture records how long each really was
    offset_chars = formats()["nf4"].offset_chars
    printed = sum(n - offset_chars for n in data.get("offset_chars", []))
    assert shipped(QUANT / case / "config.json") == data["bytes"] - printed


@pytest.mark.parametrize("name", PUBLISHED)
def test_published_checkpoint_bytes(name):
    expected = json.loads((QUANT / "published" / name / "expected.json").read_text())
    assert shipped(QUANT / "published" / name / "config.json") == expected["weights_bytes"]


def _modules(case: str) -> dict:
    """Module name -> the tensors a quantised layer stores ({suffix: entry})."""
    suffixes = ("weight", "weight_scale_inv", "weight_scale", "weight_scale_2", "input_scale", "qweight", "qzeros",
                "scales", "g_idx")
    modules: dict = {}
    for tensor in fixture(case)["tensors"]:
        name = tensor["name"]
        for suffix in sorted(suffixes, key=len, reverse=True):
            if name.endswith("." + suffix):
                modules.setdefault(name[: -len(suffix) - 1], {})[suffix] = tensor
                break
        else:
            if ".weight." in name:  # bitsandbytes: weight.absmax, weight.quant_state...
                modules.setdefault(name.split(".weight.")[0], {})[name.split(".weight.")[1]] = tensor
    return modules


@pytest.mark.parametrize("case, fmt, rows_cols", [
    ("deepseek-v3-fp8", "fp8-block128", lambda m: m["weight"]["shape"]),
    ("llama-nvfp4", "nvfp4", lambda m: [m["weight"]["shape"][0], m["weight"]["shape"][1] * 2]),
    ("llama-gptq-int4-g128", "gptq-int4-g128", lambda m: [m["qweight"]["shape"][1], m["g_idx"]["shape"][0]]),
    ("llama-awq-int4-g128", "awq-int4-g128", lambda m: [m["scales"]["shape"][1], m["qweight"]["shape"][0]]),
])
def test_each_quantised_matrix(case, fmt, rows_cols):
    """Matrix by matrix (not only in total): the format's bytes for rows x cols equal the
    tensors the checkpoint stores for that layer."""
    checked = 0
    for module, parts in _modules(case).items():
        if len(parts) < 2:
            continue  # an unquantised layer (its weight alone)
        rows, cols = rows_cols(parts)
        assert matrix_bytes(named_format(fmt), rows, cols) == sum(p["bytes"] for p in parts.values()), module
        checked += 1
    assert checked >= 7


def test_fp8_tiles_round_up():
    # DeepSeek-V3's kv_b_proj is [32768, 512]; a 200 x 300 layer has 2 x 3 tiles of 128
    fmt = named_format("fp8-block128")
    assert matrix_bytes(fmt, 200, 300) == 200 * 300 + 2 * 3 * 4
    assert matrix_bytes(fmt, 32768, 512) == 32768 * 512 + 256 * 4 * 4


def test_mxfp4_blocks_round_up():
    # 33 inputs: two blocks of 32 (16 value bytes + 1 E8M0 scale each) per row
    assert matrix_bytes(named_format("mxfp4"), 5, 33) == 5 * 2 * 17


def test_excluded_modules_stay_in_their_dtype():
    """modules_to_not_convert naming one layer's experts: those stay bf16, the rest mxfp4."""
    config = json.loads((QUANT / "gpt-oss-mxfp4" / "config.json").read_text())
    config["quantization_config"]["modules_to_not_convert"].append("model.layers.1.mlp.experts")
    data = fixture("gpt-oss-mxfp4")
    expected = 0
    for tensor in data["tensors"]:
        name = tensor["name"]
        if name.startswith("model.layers.1.mlp.experts.") and name.endswith("_scales"):
            continue
        if name.startswith("model.layers.1.mlp.experts.") and name.endswith("_blocks"):
            expected += math.prod(tensor["shape"]) * 2 * 2  # two 4-bit values per byte, back to bf16
            continue
        expected += tensor["bytes"]
    assert expected != data["bytes"]
    path = QUANT.parent / "quant-excluded.json"
    try:
        path.write_text(json.dumps(config))
        assert shipped(path) == expected
    finally:
        path.unlink()


def test_compressed_tensors_ignore_keeps_layers_in_their_dtype():
    """An `ignore` regex of a compressed-tensors config: the attention layers stay bf16."""
    config = json.loads((QUANT / "llama-ct-mixed" / "config.json").read_text())
    config["quantization_config"]["ignore"].append("re:.*self_attn.*")
    expected = 0
    for tensor in fixture("llama-ct-mixed")["tensors"]:
        if ".self_attn." not in tensor["name"]:
            expected += tensor["bytes"]
        elif tensor["name"].endswith(".weight_packed"):  # W8A16: four 8-bit values per int32
            rows, packed = tensor["shape"]
            expected += rows * packed * 4 * 2
    path = QUANT.parent / "quant-ignored.json"
    try:
        path.write_text(json.dumps(config))
        assert expected > fixture("llama-ct-mixed")["bytes"]  # bf16 attention is larger than W8A16
        assert shipped(path) == expected
    finally:
        path.unlink()


@pytest.mark.parametrize("pattern, module, converted", [
    ("model.layers.1", "model.layers.1.mlp.experts", False),
    ("model.layers.1", "model.layers.11.mlp.experts", True),
    ("model.layers.*.self_attn", "model.layers.7.self_attn", False),
    ("mlp.gate", "model.layers.3.mlp.gate_proj", True),
    ("lm_head", "lm_head", False),
    ("fc1", "model.decoder.layers.23.fc1", False),
])
def test_exclusion_patterns_as_transformers_reads_them(pattern, module, converted):
    # quantizers_utils.should_convert_module's own examples (transformers 5.24)
    assert should_convert(module, (pattern,)) is converted


def test_explicit_weights_override_the_shipped_format():
    config = QUANT / "gpt-oss-mxfp4" / "config.json"
    result = api.estimate(str(config), assumptions=Assumptions(weights="bf16"))
    assert "shipped" not in result["weights_bytes"]
    assert result["weights_bytes"]["bf16"] == 2 * (result["params"])


def test_without_quantization_config_weights_are_bf16():
    result = bundled_estimate("llama-2-7b")
    assert list(result["weights_bytes"]) == ["fp32", "bf16", "fp8"]
    assert result["memory_bytes"] == result["weights_bytes"]["bf16"] + result["kv_cache_bytes"]


def test_shipped_bytes_make_the_memory():
    result = api.estimate(str(QUANT / "published" / "gpt-oss-20b" / "config.json"))
    assert result["memory_bytes"] == 13_761_264_768 + result["kv_cache_bytes"]
    assert result["assumptions"][0] == ("weights as shipped (quantization_config, mxfp4): MoE experts in mxfp4, "
                                        "everything else in bf16")


@pytest.mark.parametrize("name", ["mxfp4", "nvfp4", "fp8-block128", "nf4", "gptq-int4-g128", "awq-int4-g32"])
def test_weights_option_takes_the_checkpoint_formats(name, capsys):
    assert parse_format(name)[0] == "quant"
    assert main(["estimate", "llama-2-7b", "--weights", name, "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert 0 < result["weights_bytes"][name] < result["weights_bytes"]["bf16"]


def test_weights_option_formula_is_exact_when_evaluated(capsys):
    """The bytes of a format are a formula too (ceilings of the free dimension): the
    generated function gives the concrete estimate, at a multiple of 128 and not."""
    assert main(["formula", "llama-2-7b", "--of", "weights", "--weights", "fp8-block128", "--free", "hidden_size",
                 "--format", "python"]) == 0
    namespace: dict = {}
    exec(capsys.readouterr().out, namespace)  # the estimator's own generated code
    for hidden in (4096, 4000):
        concrete = api.estimate("llama-2-7b", {"hidden_size": str(hidden)}, Assumptions(weights="fp8-block128"))
        assert namespace["weights_bytes"](hidden) == concrete["weights_bytes"]["fp8-block128"]


def test_unknown_quant_method_is_reported_when_its_bytes_are_asked(tmp_path, capsys):
    config = json.loads((QUANT / "llama-gptq-int4-g128" / "config.json").read_text())
    config["quantization_config"] = {"quant_method": "hqq"}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    assert main(["estimate", str(path)]) == 2
    assert "quant_method 'hqq' is not read" in capsys.readouterr().err
    assert main(["estimate", str(path), "--weights", "bf16"]) == 0


def test_quantization_config_must_be_an_object(tmp_path, capsys):
    config = json.loads((QUANT / "llama-gptq-int4-g128" / "config.json").read_text())
    config["quantization_config"] = "gptq"
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config, indent=2))
    assert main(["estimate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {path}:") and "`quantization_config` must be an object" in err


def test_unknown_weights_format_suggests(capsys):
    assert main(["estimate", "llama-2-7b", "--weights", "mxfp5"]) == 2
    assert "--weights mxfp5: unknown format; did you mean" in capsys.readouterr().err
