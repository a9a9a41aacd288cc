"""The command-line contract (DESIGN.md): formats, exit codes, one-line errors."""
import json
import os

import pytest

from estimator.cli.app import main

from conftest import cli_runs, run


def write(tmp_path, text, name="spec.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


TINY = """\
name: tiny
hyperparameters:
  vocab: 100
  hidden: 16
  layers: 3
model:
  - {name: embed, type: embedding, num_embeddings: vocab, embedding_dim: hidden}
  - name: blocks
    repeat: layers
    children:
      - {name: fc, type: linear, in_features: hidden, out_features: 4 * hidden}
      - {name: norm, type: batchnorm1d, num_features: 4 * hidden}
  - {name: head, type: linear, in_features: hidden, out_features: vocab, bias: false, tied_to: {weight: embed.weight}}
expect:
  params: 4792
  buffer_elements: 387
"""
# embed 1600; per block: fc 16*64 + 64, norm 2*64 (+ 129 buffer elements); head tied to embed: 0
TINY_PARAMS = 1600 + 3 * (16 * 64 + 64 + 2 * 64)


def test_estimate_json_has_the_contract_keys(capsys, tmp_path):
    spec = write(tmp_path, TINY.replace("4792", str(TINY_PARAMS)))
    code, out, err = run(capsys, "estimate", spec, "--format", "json")
    assert code == 0 and err == ""
    result = json.loads(out)
    for key in ("name", "params", "trainable_params", "non_trainable_params", "buffer_elements",
                "embedding_params", "active_params", "hyperparameters", "modules"):
        assert key in result
    assert result["params"] == TINY_PARAMS
    assert result["buffer_elements"] == 3 * (64 + 64 + 1)
    assert result["embedding_params"] == 1600
    assert {"path": "blocks", "params": 3 * (16 * 64 + 64 + 128)}.items() <= next(
        m for m in result["modules"] if m["path"] == "blocks").items()


def test_set_overrides_a_hyperparameter(capsys, tmp_path):
    spec = write(tmp_path, TINY)
    code, out, _ = run(capsys, "estimate", spec, "--set", "layers=10", "--format", "json")
    assert code == 0
    assert json.loads(out)["params"] == 1600 + 10 * (16 * 64 + 64 + 128)


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "json"])
def test_every_format_renders(capsys, fmt):
    code, out, _ = run(capsys, "estimate", "llama-2-7b", "--format", fmt)
    assert code == 0
    assert "6738415616" in out.replace(",", "")


def test_markdown_is_a_table(capsys):
    _, out, _ = run(capsys, "estimate", "llama-2-7b", "--format", "markdown")
    assert "| model.layers | " in out
    assert "|---|" in out or "|---:" in out


def test_csv_rows_add_up_to_total(capsys):
    _, out, _ = run(capsys, "estimate", "llama-2-7b", "--format", "csv", "--depth", "1")
    lines = out.strip().splitlines()
    assert lines[0] == "path,type,repeat,params,buffer_elements"
    total = int(lines[1].split(",")[3])
    assert total == sum(int(line.split(",")[3]) for line in lines[2:])


def test_shapes_lists_state_dict_names(capsys):
    code, out, _ = run(capsys, "shapes", "llama-2-7b", "--format", "json")
    tensors = json.loads(out)["tensors"]
    assert code == 0
    assert tensors[0] == {"name": "model.embed_tokens.weight", "shape": [32000, 4096], "numel": 131072000,
                          "kind": "parameter", "trainable": True, "tied_to": None, "persistent": True}
    assert len([t for t in tensors if t["name"].startswith("model.layers.31.")]) == 9


def test_shapes_marks_tied_tensors(capsys, tmp_path):
    _, out, _ = run(capsys, "shapes", write(tmp_path, TINY), "--format", "json")
    head = [t for t in json.loads(out)["tensors"] if t["name"] == "head.weight"][0]
    assert head["tied_to"] == "embed.weight"


def test_validate_passes_and_fails_on_expect(capsys, tmp_path):
    good = write(tmp_path, TINY.replace("4792", str(TINY_PARAMS)), "good.yaml")
    bad = write(tmp_path, TINY, "bad.yaml")
    assert run(capsys, "validate", good)[0] == 0
    code, out, _ = run(capsys, "validate", bad)
    assert code == 1
    assert f"bad.yaml:15:11: $.expect.params: expected params = 4,792, got {TINY_PARAMS}" in out
    code, out, _ = run(capsys, "validate", good, bad, "--format", "json")
    assert code == 1 and json.loads(out)["ok"] is False


def test_layers_lists_types_with_formulas(capsys):
    code, out, _ = run(capsys, "layers")
    assert code == 0
    assert "in_features*out_features + out_features" in out
    code, out, _ = run(capsys, "layers", "attention")
    assert code == 0 and "q_proj.weight" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["estimate", "lama-2-7b"], r"^Error: lama-2-7b: no such file or bundled architecture; did you mean `llama-2-7b`\?"),
        (["estimate", "missing.yaml"], r"^Error: missing.yaml: no such file$"),
        (["estimate", "llama-2-7b", "--set", "num_head=8"],
         r"^Error: <command line>: --set num_head: the spec has no hyperparameter `num_head`; did you mean `num_heads`\?$"),
        (["estimate", "llama-2-7b", "--set", "num_heads"], r"--set expects NAME=VALUE, got 'num_heads'"),
        (["estimate", "llama-2-7b", "--format", "xml"], r"invalid choice: 'xml'"),
        (["frobnicate"], r"invalid choice: 'frobnicate'"),
        (["layers", "linaer"], r"unknown layer type `linaer`; did you mean `linear`\?"),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert pytest.importorskip("re").search(message, err.strip())


def test_module_entry_point_runs():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "estimator", "estimate", "llama-2-7b", "--format", "json"],
                          capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["params"] == 6738415616


def test_python_syntax_warnings_never_reach_the_user(capsys, tmp_path):
    spec = write(tmp_path, 'hyperparameters: {a: "1if true else 2"}\nmodel:\n'
                           '  - {name: f, type: linear, in_features: a, out_features: 1}\n')
    code, out, err = run(capsys, "estimate", spec, "--format", "json")
    assert code == 0 and err == ""
    assert json.loads(out)["params"] == 2


@pytest.mark.parametrize("argv, message", [
    (["estimate", ""], "Error: <command line>: SPEC is empty: give a YAML file, a config.json or a bundled name"),
    (["count", ""], "Error: <command line>: FILE is empty: give a model file or a folder"),
])
def test_an_empty_argument_is_not_the_current_folder(capsys, argv, message):
    assert main(argv) == 2
    assert capsys.readouterr().err.strip() == message


# What each command may leave unloaded: a run is mostly imports (issue 20), so a command loads
# the modules its work needs and no others (estimator/cli/app.py's DEFERRED_MODULES).
NOT_LOADED = {
    # a checkpoint's tensors are read and summed: no engine metrics, no templates, no spec commands
    ("count", "tests/fixtures/files/tiny-llama.safetensors"): {
        "estimator.api", "estimator.cli.commands", "estimator.engine.metrics", "estimator.engine.results",
        "estimator.engine.formula", "estimator.engine.sweep", "estimator.sources.hf", "estimator.sources.resolve",
        "estimator.sources.checkpoint", "estimator.engine.expand", "estimator.spec.model", "sympy", "jsonschema",
        "yaml"},
    ("devices",): {"estimator.api", "estimator.cli.commands", "estimator.engine.expand", "sympy", "jsonschema"},
    ("--version",): {"estimator.api", "estimator.cli.commands", "estimator.engine.expand", "estimator.sources.counting"},
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> dict:
    """Each command line of NOT_LOADED run as a process of its own (conftest.cli_runs)."""
    argvs = sorted(NOT_LOADED)
    return dict(zip(argvs, cli_runs([list(argv) for argv in argvs], tmp_path_factory.mktemp("runs"),
                                     {**os.environ, "ESTIMATOR_NO_CACHE": "1"})))


@pytest.mark.parametrize("argv", sorted(NOT_LOADED))
def test_a_command_loads_only_what_it_needs(loaded, argv):
    run = loaded[argv]
    assert (run.code, run.err) == (0, "")
    assert sorted(NOT_LOADED[argv] & run.modules) == []
    assert "estimator.cli.app" in run.modules
