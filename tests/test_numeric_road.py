"""The numeric road against the sympy road (issue 20).

A concrete spec is counted with Python ints and Fractions; sympy is imported only for
formulas and free hyperparameters. Here every bundled spec, the config cases (one per
family and head by default, all under `-m exhaustive`) and the hostile corpus run down
both roads (``sympy_road`` sends concrete arithmetic through sympy, as it went before)
and must give the same output, byte for byte, and the same error messages. Commands
that need no symbols must not import sympy at all.
"""
from __future__ import annotations

import contextlib
import functools
import json
import tempfile
from pathlib import Path

import pytest

from conftest import cli_runs, ROOT
from estimator.cli.app import main
from estimator.core.expressions import sympy_road
from estimator.spec.model import bundled_architectures
from test_hf import CASES as CONFIG_CASES, config, one_case_per_family_and_head
from test_hostile import _write_files, CASES as HOSTILE_CASES


def both_roads(capsys, argv: list) -> list:
    outputs = []
    for road in (contextlib.nullcontext, sympy_road):
        with road():
            code = main(argv)
        out, err = capsys.readouterr()
        outputs.append((code, out, err))
    return outputs


def assert_same(capsys, argv: list) -> tuple:
    numeric, symbolic = both_roads(capsys, argv)
    assert numeric == symbolic
    return numeric


@pytest.mark.parametrize("name", sorted(bundled_architectures()))
@pytest.mark.parametrize("command", [
    ["estimate", "{}", "--format", "json", "--weights", "int4-g128", "--context", "4096", "--batch", "3", "--zero", "3",
     "--devices", "8"],
    ["shapes", "{}", "--format", "json"],
])
def test_bundled_specs_give_the_same_output_on_both_roads(capsys, name, command):
    code, out, err = assert_same(capsys, [part.replace("{}", name) for part in command])
    assert code == 0, err


def _every_third_family() -> set:
    """The sympy road is slow: by default one case of every third family (the numeric road is
    checked against transformers on every case by test_hf); every case under `-m exhaustive`."""
    first: dict = {}
    for case in one_case_per_family_and_head():
        first.setdefault(case.split("-")[0], case)
    return set(sorted(first.values())[::3])


_BY_DEFAULT = _every_third_family()


@pytest.mark.parametrize("case", [case if case in _BY_DEFAULT else pytest.param(case, marks=pytest.mark.exhaustive)
                                  for case in CONFIG_CASES])
def test_config_cases_give_the_same_output_on_both_roads(capsys, case):
    code, out, err = assert_same(capsys, ["estimate", config(case), "--format", "json"])
    assert code == 0, err


# attacks on the file formats (YAML bombs, huge lists, model-file headers, paths) are refused
# before any arithmetic: the same code on both roads, so only under `-m exhaustive`
_FORMAT_ATTACKS = ("alias-bomb", "points-yaml", "flow-", "safetensors-", "pickle-", "python-", "path-", "file-of",
                   "yaml-", "gguf-")


@pytest.mark.parametrize("argv, match, files", [
    pytest.param(*case.values, id=case.id, marks=[pytest.mark.exhaustive] if case.id.startswith(_FORMAT_ATTACKS) else [])
    for case in HOSTILE_CASES])
def test_hostile_inputs_give_the_same_error_on_both_roads(capsys, tmp_path, argv, match, files):
    _write_files(tmp_path, files)
    code, out, err = assert_same(capsys, [a.replace("{tmp}", str(tmp_path)) for a in argv])
    assert (code, out, len(err.splitlines())) == (2, "", 1)


@pytest.mark.parametrize("dimension", ["'(3/2)**4 * 16'", "'27.89 * 100'", "'round(5/2) + int(-5/2) + 9'",
                                       "'cdiv(7, 2) * round_up(7/3, 2) + floor(-7/2) + ceil(7/2) + 1'",
                                       "'max(3/2, 1) * 4 + min(7 % 4, 5 // 2) + 7.5 % 2 * 2'"])
def test_fractional_arithmetic_is_the_same_on_both_roads(capsys, tmp_path, dimension):
    spec = tmp_path / "t.yaml"
    spec.write_text(f"model:\n  - {{name: f, type: linear, in_features: {dimension}, out_features: 1, bias: false}}\n")
    code, out, err = assert_same(capsys, ["estimate", str(spec), "--format", "json"])
    assert code == 0, err


FILES = ROOT / "tests" / "fixtures" / "files"
NUMBERS = [
    ["estimate", "llama-2-7b"],
    ["estimate", "gpt2", "--format", "json", "--activations", "hf-sdpa", "--weights", "nf4", "--tp", "2"],
    ["estimate", "llama-3-8b", "mistral-7b"],
    ["shapes", "resnet50"],
    ["validate", "vit-b-16"],
    ["count", str(FILES / "tiny-llama-sharded")],
    ["diff", str(FILES / "tiny-llama.yaml"), str(FILES / "tiny-llama.safetensors")],
    ["diff", "llama-2-7b", "llama-3-8b"],
    # sweeps and solves over assumptions, not hyperparameters: no symbol is needed
    ["sweep", "llama-2-7b", "--grid", "context=1024,2048", "--layout", "tp=2", "--layout", "tp=4"],
    ["solve", "llama-3-8b", "--target", "training_bytes_per_device=80GiB", "--for", "micro_batch", "--tp", "2",
     "--pp", "2", "--dp", "2", "--zero", "1", "--context", "4096", "--activations", "hf-sdpa"],
]
CONFIG_JSON = ["estimate", config(sorted(_BY_DEFAULT)[0])]
FORMULA = ["formula", "gpt2"]

@functools.cache
def _sympy_checks() -> dict:
    """{argv: its run} of every command checked here, each as a process of its own
    (conftest.cli_runs: exit code, output, and the modules it imported)."""
    commands = [*NUMBERS, CONFIG_JSON, FORMULA]
    runs = cli_runs(commands, Path(tempfile.mkdtemp(prefix="numeric-road-")))
    return {json.dumps(argv): run for argv, run in zip(commands, runs)}


def _imports_sympy(argv: list) -> bool:
    run = _sympy_checks()[json.dumps(argv)]
    assert run.code in (0, 1), run.err
    return "sympy" in run.modules


@pytest.mark.parametrize("argv", NUMBERS, ids=lambda argv: "-".join(a.rsplit("/", 1)[-1] for a in argv))
def test_numbers_do_not_import_sympy(argv):
    assert not _imports_sympy(argv)


def test_a_config_json_does_not_import_sympy():
    assert not _imports_sympy(CONFIG_JSON)


def test_a_formula_does_import_sympy():
    """The check above can fail: a command that needs symbols imports sympy."""
    assert _imports_sympy(FORMULA)
