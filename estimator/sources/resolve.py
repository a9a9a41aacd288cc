"""The one composer that decides what a SPEC argument is.

A SPEC is, in this order: a path that exists (an architecture YAML, a Hugging Face
config.json, or a folder holding one), the name of a bundled architecture (`llama-2-7b`),
or a Hugging Face Hub repo id (`org/name`, `org/name@revision`), whose config.json comes
from the local Hugging Face cache, else from the Hub (:mod:`estimator.sources.hub`). A
local path always wins over a repo id of the same spelling.
"""
from __future__ import annotations

from pathlib import Path

from estimator.core.files import path_kind
from estimator.sources import hub
from estimator.sources.hf import spec_from_config
from estimator.spec.loader import load_yaml_file
from estimator.spec.model import bundled_architectures, load_spec_file, resolve_spec_path, Spec


def spec_path(argument: str) -> tuple[Path, str, hub.RepoRef | None]:
    """The file a SPEC names, how to show it, and the repository it came from (if any)."""
    kind = path_kind(argument)
    if kind == "file" and argument.strip():  # resolve_spec_path's answer, without asking the file system again
        return Path(argument), argument, None
    repo = hub.parse_repo(argument) if kind is None else None
    if repo is None:
        path, display = resolve_spec_path(argument)
        return path, display, None
    config = hub.fetch_file(repo, "config.json")
    return config, repo.display("config.json"), repo  # shown as the repository names it


def load_spec(argument: str) -> Spec:
    path, display, repo = spec_path(argument)
    if path.suffix.lower() == ".json":
        spec = spec_from_config(path, display)
        if repo is not None:  # a snapshot folder is named by its commit: the repository names the model
            spec.data["name"] = repo.label
        return spec
    return load_spec_file(path, display)


def names_a_spec(argument: str) -> bool:
    """Whether an argument that may name a model file (``diff``'s second) names a spec: a
    bundled architecture, or a YAML file that describes a model (``model:`` layers or
    ``extends:``) rather than listing tensors. A config.json, a folder or a repo id is read
    as the model file it is (the tensors a config describes, or a checkpoint's)."""
    kind = path_kind(argument)
    if kind is None:
        return hub.parse_repo(argument) is None and argument in bundled_architectures()
    if kind != "file" or not argument.lower().endswith((".yaml", ".yml")):
        return False
    data = load_yaml_file(Path(argument), display=argument).data
    model = data.get("model") if isinstance(data, dict) else None
    return isinstance(data, dict) and ("extends" in data or (isinstance(model, list)
                                                            and any(isinstance(item, dict) for item in model)))
