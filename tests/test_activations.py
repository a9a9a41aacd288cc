"""Activation bytes (``--activations``) against the measured fixtures (tools/measure_activations.py,
docs/activations.md) and the megatron profile against Korthikanti et al. 2022, Table 2."""
from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path

import pytest

from estimator import api
from estimator.core.errors import EstimatorError
from estimator.engine import results
from estimator.engine.metrics import Assumptions
from estimator.engine.totals import compute_totals

from conftest import bundled_estimate

FIXTURES = Path(__file__).parent / "fixtures" / "activations"
COVERED = ("llama", "qwen2", "mistral", "mixtral", "qwen3_moe", "qwen2_moe", "gpt2")  # families whose layer types declare activations
DTYPES = {"float32": "fp32", "bfloat16": "bf16"}
PROFILES = {"eager": "hf-eager", "sdpa": "hf-sdpa"}


def _points():
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text())
        for index, point in enumerate(data["points"]):
            if point.get("use_cache") or point.get("experts_implementation", "grouped_mm") != "grouped_mm":
                continue
            marks = [] if data["family"] in COVERED else [pytest.mark.skip(reason=f"{data['family']}: not yet declared")]
            yield pytest.param(data, point, id=f"{data['case']}-{index}", marks=marks)


def _estimate(data: dict, point: dict) -> dict:
    config = {"model_type": data["model_type"], "architectures": [data["architecture"]], **data["config"]}
    assumptions = Assumptions(activations=PROFILES[point["attn_implementation"]], micro_batch=point["b"],
                              context=point["s"], act_dtype=DTYPES[point["dtype"]], recompute=point["recompute"])
    spec, inventory, hyperparameters, totals = _expanded(json.dumps(config))
    return results.estimate_result(spec, totals, hyperparameters, inventory, assumptions.check())


_CONFIGS = Path(tempfile.mkdtemp(prefix="activation-configs-"))


@functools.lru_cache(maxsize=8)
def _expanded(config_text: str) -> tuple:
    """A config loaded and expanded once for all its measured points (dozens each, in file
    order): what api.estimate does, with the expansion shared (assumptions do not change what a
    spec expands to; test_one_expansion_serves_every_point checks the shortcut)."""
    path = _CONFIGS / f"{len(list(_CONFIGS.iterdir()))}.json"
    path.write_text(config_text)
    spec = api.load(str(path))
    _, inventory, hyperparameters = results.build(spec)
    return spec, inventory, hyperparameters, compute_totals(inventory)


def test_one_expansion_serves_every_point(tmp_path):
    data = json.loads((FIXTURES / sorted(p.name for p in FIXTURES.glob("*moe*.json"))[0]).read_text())
    for point in data["points"][:6]:
        shared = _estimate(data, point)
        (tmp_path / "alone.json").write_text(
            json.dumps({"model_type": data["model_type"], "architectures": [data["architecture"]], **data["config"]}))
        alone = api.estimate(str(tmp_path / "alone.json"), assumptions=Assumptions(
            activations=PROFILES[point["attn_implementation"]], micro_batch=point["b"], context=point["s"],
            act_dtype=DTYPES[point["dtype"]], recompute=point["recompute"]))
        assert {**shared, "name": "", "source": ""} == {**alone, "name": "", "source": ""}  # they name the file


def _subtree(modules: dict) -> dict:
    """Measured bytes summed over each module and all below it, as the estimate's rows sum them:
    a module that keeps something itself (GPT-2's `transformer`: the causal mask under full
    recompute) and also has measured children is compared whole."""
    summed: dict = {}
    for name, value in modules.items():
        parts = name.split(".")
        for end in range(1, len(parts) + 1):
            key = ".".join(parts[:end])
            summed[key] = summed.get(key, 0) + value
    return summed


def _by_template(modules: dict) -> dict:
    """Measured bytes summed over the copies of each layer: `model.layers.0.mlp` -> `model.layers.*.mlp`."""
    summed: dict = {}
    for name, value in modules.items():
        key = re.sub(r"\.(\d+)(?=\.|$)", ".*", name, count=1)
        summed[key] = summed.get(key, 0) + value
    return summed


@pytest.mark.parametrize("data, point", list(_points()))
def test_measured_activation_bytes(data, point):
    result = _estimate(data, point)
    assert result["activation_bytes"] == point["total_bytes"]
    rows = {row["path"]: row.get("activation_bytes", 0) for row in result["modules"]}
    measured = _subtree(point["modules"])
    compared = set()
    for name, value in measured.items():  # one copy named as such (a single layer, or copies expanded one by one)
        if name in rows:
            assert rows[name] == value, name
            compared.add(name)
    for name, value in _by_template(measured).items():  # summed over the copies of a repeat
        key = name[:-2] if name.endswith(".*") else name  # a whole layer: the `layers` row
        if key in rows:
            assert rows[key] == value, name
            compared.update(n for n in measured if re.sub(r"\.(\d+)(?=\.|$)", ".*", n, count=1) == name)
    assert set(point["modules"]) <= compared  # every measured module has its row


def test_no_activations_without_a_profile():
    result = bundled_estimate("llama-2-7b")
    assert "activation_bytes" not in result
    assert all("activation_bytes" not in row for row in result["modules"])
    assert any("activations not included" in line for line in result["assumptions"])


GPT3 = Path(__file__).parent / "fixtures" / "gpt3-175b.yaml"


@pytest.mark.parametrize("layout, per_layer", [
    ({}, 2_868_903_936),                                      # sbh (34 + 5as/h)
    ({"tp": 8}, 578_813_952),                                 # sbh (10 + 24/t + 5as/(ht))
    ({"tp": 8, "sp": True}, 358_612_992),                     # sbh/t (34 + 5as/h)
    ({"tp": 8, "sp": True, "recompute": "selective"}, 106_954_752),  # 34 sbh/t
    ({"tp": 8, "recompute": "full"}, 50_331_648),             # 2 sbh
    ({"tp": 8, "recompute": "selective"}, 327_155_712),       # sbh (10 + 24/t)
])
def test_megatron_table_2_gpt3_175b(layout, per_layer):
    """Korthikanti et al. 2022, Table 2, for GPT-3 175B (s=2048, h=12288, a=96, b=1), per
    transformer layer, read from the module row of the repeated blocks."""
    result = api.estimate(str(GPT3), assumptions=Assumptions(activations="megatron", context=2048, micro_batch=1,
                                                             **layout))
    (row,) = [row for row in result["modules"] if row["path"] == "layers"]
    assert row["repeat"] == 96
    assert row["activation_bytes"] == 96 * per_layer


def test_cli_estimate_activations(capsys):
    from estimator.cli.app import main

    assert main(["estimate", str(GPT3), "--activations", "megatron", "--context", "2048", "--micro-batch", "1",
                 "--tp", "8", "--sp", "--recompute", "selective", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    (row,) = [row for row in result["modules"] if row["path"] == "layers"]
    assert row["activation_bytes"] == 96 * 106_954_752
    assert any("profile megatron" in line for line in result["assumptions"])
    assert main(["estimate", str(GPT3), "--activations", "megatron", "--context", "2048"]) == 0
    assert "activations (micro-batch)" in capsys.readouterr().out


def test_activation_bytes_as_formula_sweep_and_solve():
    """activation_bytes is a formula, a sweep column and a solve target (the hf-sdpa profile,
    bf16, recompute none; the micro-batch varies as the column `micro_batch`)."""
    one = api.estimate("llama-2-7b", assumptions=Assumptions(activations="hf-sdpa", context=512))["activation_bytes"]
    formula = api.formula("llama-2-7b", free=["hidden_size"], of="activation_bytes")
    assert formula(hidden_size=4096) == api.estimate("llama-2-7b", assumptions=Assumptions(
        activations="hf-sdpa"))["activation_bytes"]
    from estimator.engine.sweep import run_sweep
    from estimator.sources.resolve import load_spec

    rows = list(run_sweep(load_spec("llama-2-7b"), [{"micro_batch": 1, "context": 512}, {"micro_batch": 3, "context": 512}],
                          None, ["params", "activation_bytes"], 2, progress=False))
    three = api.estimate("llama-2-7b", assumptions=Assumptions(activations="hf-sdpa", context=512, micro_batch=3))
    assert [row["activation_bytes"] for row in rows] == [one, three["activation_bytes"]]
    five = api.estimate("llama-2-7b", assumptions=Assumptions(activations="hf-sdpa", micro_batch=5))["activation_bytes"]
    solved = api.solve("llama-2-7b", {"activation_bytes": five}, "micro_batch")
    assert solved["solutions"][0]["micro_batch"] == 5


def test_formula_reads_the_activation_options(capsys):
    """formula, sweep and solve take --activations, --micro-batch, --act-dtype and --recompute
    as estimate does: the formula at the spec's values equals the estimate."""
    from estimator.cli.app import main

    options = ["--activations", "hf-eager", "--micro-batch", "2", "--act-dtype", "fp32", "--recompute", "full",
               "--context", "256"]
    assert main(["estimate", "llama-2-7b", *options, "--format", "json"]) == 0
    want = json.loads(capsys.readouterr().out)["activation_bytes"]
    assert main(["formula", "llama-2-7b", "--of", "activation_bytes", "--free", "hidden_size", "--format", "python",
                 *options]) == 0
    namespace: dict = {}
    exec(compile(capsys.readouterr().out, "formula.py", "exec"), namespace)  # our own generated code
    assert namespace["activation_bytes"](hidden_size=4096) == want


@pytest.mark.parametrize("layout, per_layer", [
    ({}, 2_868_903_936), ({"tp": 8}, 578_813_952), ({"tp": 8, "sp": True}, 358_612_992),
    ({"tp": 8, "sp": True, "recompute": "selective"}, 106_954_752), ({"tp": 8, "recompute": "full"}, 50_331_648),
])
def test_megatron_table_2_through_the_gpt2_family(layout, per_layer, tmp_path):
    """GPT-3 175B written as a GPT-2 config.json: the gpt2 family's block gives Table 2's figures."""
    config = {"model_type": "gpt2", "n_embd": 12288, "n_head": 96, "n_layer": 96, "n_positions": 2048}
    (tmp_path / "config.json").write_text(json.dumps(config))
    result = api.estimate(str(tmp_path / "config.json"), assumptions=Assumptions(
        activations="megatron", context=2048, micro_batch=1, **layout))
    (row,) = [row for row in result["modules"] if row["path"] == "transformer.h"]
    assert row["activation_bytes"] == 96 * per_layer


HF = Path(__file__).parent / "fixtures" / "hf"


@pytest.mark.parametrize("spec, config", [("gpt2", "gpt2-small"), ("llama-2-7b", "llama-2-7b"),
                                          ("llama-3-8b", "llama-3-8b"), ("mistral-7b", "mistral-7b-v0.1")])
@pytest.mark.parametrize("assumptions", [
    dict(activations="hf-eager", act_dtype="bf16", micro_batch=3, context=512),
    dict(activations="hf-sdpa", act_dtype="fp32", micro_batch=1, context=7),
    dict(activations="hf-eager", act_dtype="fp32", micro_batch=2, context=64, recompute="full"),
    dict(activations="hf-sdpa", act_dtype="bf16", micro_batch=2, context=64, recompute="full"),
    dict(activations="megatron", micro_batch=1, context=2048, tp=2, sp=True),
])
def test_bundled_spec_equals_its_family(spec, config, assumptions):
    """A bundled spec keeps what the family template (exact against the measurements) keeps for
    the same config, the lm_head's input included (a·b·s·h in the hf profiles)."""
    bundled = api.estimate(spec, assumptions=Assumptions(**assumptions))
    family = api.estimate(str(HF / config / "config.json"), assumptions=Assumptions(**assumptions))
    assert bundled["params"] == family["params"]
    assert bundled["activation_bytes"] == family["activation_bytes"]
    (head,) = [row for row in bundled["modules"] if row["path"] == "lm_head"] or [{}]
    hidden = bundled["hyperparameters"]["hidden_size"]
    a = 4 if assumptions.get("act_dtype") == "fp32" else 2
    assert head.get("activation_bytes", 0) == (0 if assumptions["activations"] == "megatron"
                                              else a * assumptions["micro_batch"] * assumptions["context"] * hidden)


def test_a_module_without_type_declares_what_it_keeps(tmp_path):
    """`activations:` on a node composed by hand is counted in its own row (as GPT-2's
    `transformer` keeps the checkpointed causal mask); on a node with `type` it is an error."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: t\nhyperparameters: {h: 8}\nmodel:\n"
                    "  - name: body\n"
                    "    activations: {mask: {elements: 3 * micro_batch * seq_len, dtype: int64}}\n"
                    "    children:\n"
                    "      - {name: proj, type: lm_head, in_features: h, out_features: 4}\n")
    result = api.estimate(str(spec), assumptions=Assumptions(activations="hf-sdpa", micro_batch=2, context=5,
                                                             act_dtype="fp32"))
    rows = {row["path"]: row["activation_bytes"] for row in result["modules"]}
    assert rows == {"body": 8 * 3 * 2 * 5 + 4 * 2 * 5 * 8, "body.proj": 4 * 2 * 5 * 8}
    spec.write_text("name: t\nmodel:\n  - {name: proj, type: linear, in_features: 2, out_features: 2,\n"
                    "     activations: {x: {elements: seq_len}}}\n")
    message = r"spec.yaml:4:19: \$.model\[0\].activations: a node with `type` cannot also have `activations`"
    with pytest.raises(EstimatorError, match=message):
        api.estimate(str(spec), assumptions=Assumptions(activations="hf-sdpa"))


def _one_config_per_family() -> list:
    """The first fixture config of each model_type (tests/fixtures/hf)."""
    seen: dict = {}
    for config in sorted((Path(__file__).parent / "fixtures" / "hf").glob("*/config.json")):
        seen.setdefault(json.loads(config.read_text()).get("model_type"), config)
    # one case (Cohere's) in the default run, the rest under the `exhaustive` marker
    return [pytest.param(path, id=path.parent.name,
                         marks=() if path.parent.name == "cohere-aya-23-8b" else (pytest.mark.exhaustive,))
            for path in seen.values()]


@pytest.mark.parametrize("profile", ["megatron", "hf-sdpa"])
@pytest.mark.parametrize("config", _one_config_per_family())
def test_every_family_declares_activations_that_evaluate(config: Path, profile: str):
    """Every layer type a family uses evaluates its declarations with the family's arguments
    (Cohere's q_norm is a layernorm over [heads, head_dim]: its input is their product); the
    unmeasured families are not exact, but they must give a positive number, never an error."""
    assumptions = Assumptions(activations=profile, micro_batch=2, context=64)
    if json.loads(config.read_text())["model_type"] in NOTHING_DECLARED:
        with pytest.raises(EstimatorError, match=f"--activations {profile}: no layer of this model declares"):
            api.estimate(str(config), assumptions=assumptions)
        return
    assert api.estimate(str(config), assumptions=assumptions)["activation_bytes"] > 0


NOTHING_DECLARED = {"resnet"}  # convolutional only: an error, not 0 bytes


def test_a_model_whose_layers_declare_nothing_is_an_error_not_zero_bytes():
    config = Path(__file__).parent / "fixtures" / "hf" / "resnet-101" / "config.json"
    with pytest.raises(EstimatorError, match="--activations hf-sdpa: no layer of this model declares"):
        api.estimate(str(config), assumptions=Assumptions(activations="hf-sdpa"))
