"""The one composer that decides what a SPEC argument is.

A SPEC is an architecture YAML path, a Hugging Face config.json (or a folder holding one),
or the name of a bundled architecture (`llama-2-7b`); a Hub repo id will be added here.
"""
from __future__ import annotations

from estimator.sources.hf import spec_from_config
from estimator.spec.loader import load_yaml_file
from estimator.spec.model import load_spec_document, resolve_spec_path, Spec


def load_spec(argument: str) -> Spec:
    path, display = resolve_spec_path(argument)
    if path.suffix.lower() == ".json":
        return spec_from_config(path, display)
    return load_spec_document(load_yaml_file(path, display=display))
