"""Hugging Face config.json in, transformers' exact count and state dict out.

Each folder in tests/fixtures/hf/ holds a config.json as a user would have it (often only
a few keys: the family's defaults must be filled in) and expected.json, written by the
real transformers classes on PyTorch's meta device (tools/make_hf_fixtures.py).
"""
import json

import pytest

from estimator import api
from estimator.cli import main
from estimator.hf import supported_families

from conftest import FIXTURES

CASES = sorted(path.name for path in (FIXTURES / "hf").iterdir() if (path / "expected.json").exists())


def expected(case: str) -> dict:
    return json.loads((FIXTURES / "hf" / case / "expected.json").read_text())


def config(case: str) -> str:
    return str(FIXTURES / "hf" / case / "config.json")


@pytest.mark.parametrize("case", CASES)
def test_counts_equal_transformers(case):
    want = expected(case)
    got = api.estimate(config(case))
    assert got["params"] == want["params"]
    assert got["buffer_elements"] == want["buffer_elements"]
    assert got["persistent_buffer_elements"] == want["persistent_buffer_elements"]


@pytest.mark.parametrize("case", CASES)
def test_tensors_equal_transformers_state_dict(case):
    want = {t["name"]: (t["shape"], t["kind"], t["persistent"], t["tied_to"]) for t in expected(case)["tensors"]}
    got = {t["name"]: (t["shape"], t["kind"], t["persistent"], t["tied_to"]) for t in api.shapes(config(case))["tensors"]}
    assert sorted(set(want) - set(got)) == []
    assert sorted(set(got) - set(want)) == []
    assert {k: v for k, v in got.items() if want[k] != v} == {}


def test_every_family_has_cases():
    covered = {expected(case)["reference"]["model_type"] for case in CASES}
    assert sorted(set(supported_families()) - covered) == []


@pytest.mark.parametrize("family", sorted(supported_families()))
def test_family_template_is_valid_and_documented(family):
    spec = api.load(str(supported_families()[family]))
    assert spec.data["hf"]["model_type"] == family
    assert spec.data.get("source")


def test_folder_and_set_with_config_keys(capsys):
    case = next(c for c in CASES if expected(c)["reference"]["model_type"] == "llama")
    folder = str(FIXTURES / "hf" / case)
    assert main(["estimate", folder, "--format", "json"]) == 0
    base = json.loads(capsys.readouterr().out)["params"]
    assert base == expected(case)["params"]
    assert main(["estimate", folder, "--set", "num_hidden_layers=1", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["params"] < base


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"model_type": "llama_x"}', r"model_type `llama_x` is not supported; did you mean `llama`\?"),
        ('{"hidden_size": 8}', r"no `model_type` string; supported families: "),
        ('{"model_type": "llama", "hidden_size": "big"}', r'config.json:1:25: \$.hidden_size: `hidden_size` must be an integer, got "big"'),
        ('{"model_type": "llama", "hidden_size": 10.5}', r"`hidden_size` must be an integer, got 10.5"),
        ('{"model_type": "llama", "hidden_size": NaN}', r"NaN is not a number JSON allows"),
        ('{"model_type": "llama", "model_type": "llama"}', r"duplicate key `model_type`"),
        ('{"model_type": "llama", "architectures": ["LlamaForNothing"]}', r"head `LlamaForNothing` is not supported"),
        ('{"model_type": "llama", "num_key_value_heads": 5}',
         r"constraint `num_attention_heads % num_key_value_heads == 0` does not hold"),
        ('[1, 2]', r"a config.json must hold a JSON object"),
        ('{"model_type": ', r"invalid JSON"),
        ("[" * 100 + "]" * 100, r"nested deeper than 32 levels"),
    ],
)
def test_bad_configs(tmp_path, capsys, content, message):
    path = tmp_path / "config.json"
    path.write_text(content)
    assert main(["estimate", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert __import__("re").search(message, err), err


@pytest.mark.parametrize("case", CASES)
def test_convert_writes_a_spec_with_the_same_totals(case, tmp_path, capsys):
    output = tmp_path / "model.yaml"
    assert main(["convert", config(case), "-o", str(output)]) == 0
    text = output.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# config.json" in text or json.loads(open(config(case)).read()).keys() <= {"model_type", "architectures"}
    assert api.estimate(str(output))["params"] == expected(case)["params"]
    got = [(t["name"], t["shape"]) for t in api.shapes(str(output))["tensors"]]
    assert got == [(t["name"], t["shape"]) for t in api.shapes(config(case))["tensors"]]
