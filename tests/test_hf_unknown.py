"""A config.json whose model_type has no family template: one line that names the closest
supported types (difflib) and the command that counts the checkpoint anyway (`count` on a
local folder, or on the Hub by repo id), and that command then works."""
import json
import re
import shutil

import pytest

from estimator.cli.app import main
from estimator.sources.hf import supported_families

from conftest import FIXTURES

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def error_of(capsys, *argv) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


@pytest.mark.parametrize("model_type, closest, also", [
    ("llama5", "llama", ["llava"]),          # an unreleased successor points at its predecessors
    ("qwen4_moe", "qwen3_moe", ["qwen2_moe"]),
    ("gemma3n_audio", "gemma3n", ["gemma3n_text"]),  # a sub-config's own type: Gemma 3n's audio encoder
    ("LLaMA", None, []),                     # nothing close (difflib is case-sensitive): every type listed
])
def test_an_unknown_model_type_names_the_closest_supported_types(tmp_path, capsys, model_type, closest, also):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": model_type, "hidden_size": 8}))
    err = error_of(capsys, "estimate", str(tmp_path / "config.json"))
    assert re.match(rf"^Error: {re.escape(str(tmp_path))}/config\.json:1:2: \$\.model_type: "
                    rf"model_type `{re.escape(model_type)}` is not supported", err), err
    if closest is None:
        families = supported_families()
        assert f"(supported: {', '.join(families)});" in err
        assert "did you mean" not in err
    else:
        assert f"; did you mean `{closest}`?" in err
        listed = re.search(r"\(also close: ([^)]*)\)", err).group(1)
        assert set(also) <= set(re.findall(r"`([^`]+)`", listed))
        assert len(re.findall(r"`([^`]+)`", listed)) <= 3


def test_the_hint_names_the_config_s_own_repository(tmp_path, capsys):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "llama5",
                                                       "_name_or_path": "meta-llama/Llama-4-Scout-17B-16E"}))
    err = error_of(capsys, "estimate", str(tmp_path))
    assert err.endswith("; `estimator count FOLDER` counts a local checkpoint instead,"
                        " `estimator count meta-llama/Llama-4-Scout-17B-16E` one on the Hub"), err


def test_without_a_repository_the_hint_is_generic(tmp_path, capsys):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "llama5", "_name_or_path": "./local run"}))
    err = error_of(capsys, "estimate", str(tmp_path / "config.json"))
    assert err.endswith("`estimator count ORG/NAME` one on the Hub"), err


def test_a_checkpoint_beside_the_config_is_named_and_counts(tmp_path, capsys):
    shutil.copy(FIXTURES / "files" / "tiny-llama.safetensors", tmp_path / "model.safetensors")
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "llama5"}))
    err = error_of(capsys, "estimate", str(tmp_path))
    command = re.search(r"`(estimator count [^`]+)` counts the checkpoint beside it instead$", err)
    assert command, err
    argv = command.group(1).split()[1:]
    assert argv == ["count", tmp_path.as_posix()]
    assert main(argv + ["--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["params"] == 131_392  # tiny-llama's own count (test_checkpoint)


def test_a_repo_id_points_to_count_on_the_hub(tmp_path, capsys, monkeypatch):
    """A repo id whose config.json is cached (read offline, as huggingface_hub lays it out)."""
    pytest.importorskip("huggingface_hub")
    repo = tmp_path / "hub" / "models--new-org--new-model"
    snapshot = repo / "snapshots" / COMMIT
    snapshot.mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(COMMIT)
    (snapshot / "config.json").write_text(json.dumps({"model_type": "qwen4_moe"}))
    shutil.copy(FIXTURES / "files" / "tiny-llama.safetensors", snapshot / "model.safetensors")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    err = error_of(capsys, "estimate", "new-org/new-model")
    assert err.startswith("Error: new-org/new-model/config.json:1:2: $.model_type: model_type `qwen4_moe` is not"
                          " supported; did you mean `qwen3_moe`?"), err
    assert err.endswith("; `estimator count new-org/new-model` counts its checkpoint on the Hub instead"), err
    assert main(["count", "new-org/new-model", "--format", "json"]) == 0  # the command it names, from the cache
    assert json.loads(capsys.readouterr().out)["params"] == 131_392
