"""The README must not rot: its example spec validates and its commands run as printed."""
import glob
import re
import shlex
from pathlib import Path

import pytest

from estimator.cli.app import main

from conftest import ROOT, bundled_estimate

README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, re.S)
COMMANDS = [
    line.split("#")[0].strip()
    for lang, block in BLOCKS if lang == "sh"
    for line in block.splitlines()
    if line.startswith("estimator ")
]


def test_readme_shows_the_two_commands_and_ci_runs_the_test_one():
    sh = [block.strip() for lang, block in BLOCKS if lang == "sh"]
    assert "python3 -m pip install . && estimator estimate llama-2-7b" in sh
    test_command = "python3 -m pip install '.[test]' && python3 -m pytest"
    assert test_command in sh
    assert test_command in (ROOT / ".ci" / "run").read_text().splitlines()


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(ROOT)
    argv = []
    for word in shlex.split(command)[1:]:
        argv += sorted(glob.glob(word)) if "*" in word else [word]
    for option in ("-o", "--plot"):  # write the output file into a temporary folder, not the repository
        if option in argv:
            argv[argv.index(option) + 1] = str(tmp_path / Path(argv[argv.index(option) + 1]).name)
    assert main(argv) == 0


def test_readme_example_spec_is_exact(tmp_path, capsys):
    (example,) = [block for lang, block in BLOCKS if lang == "yaml"]
    path = tmp_path / "my-gpt.yaml"
    path.write_text(example)
    assert main(["validate", str(path)]) == 0
    assert "params = 124,439,808" in capsys.readouterr().out


def test_readme_python_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    (example,) = [block for lang, block in BLOCKS if lang == "python"]
    namespace: dict = {}
    exec(example, namespace)  # the README's own example code
    api = namespace["estimator"]  # the API at the top of the package
    assert api.estimate("llama-2-7b")["params"] == 6738415616
    assert api.shapes("gpt2")["tensors"][0]["name"] == "transformer.wte.weight"
    assert namespace["f"](hidden_size=1024, num_layers=24) == 354823168  # gpt2-medium
    assert api.count("tests/fixtures/files/tiny-llama.gguf")["params"] == 131392
    assert api.diff("tests/fixtures/files/tiny-llama.yaml", "tests/fixtures/files/tiny-llama.safetensors")["match"]
    assert api.count(namespace["listed"])["non_trainable_params"] == 768


def test_readme_table_of_bundled_architectures_is_exact():
    from estimator.spec.model import bundled_architectures

    table = README.split("### Bundled architectures", 1)[1].split("\n\n", 2)[1]
    rows = [line.split("|") for line in table.splitlines() if line.startswith("| `")]
    listed = {row[1].strip(" `"): int(row[3].strip().replace(",", "")) for row in rows}
    assert sorted(listed) == sorted(bundled_architectures())
    for name, params in listed.items():
        assert bundled_estimate(name)["params"] == params, name
