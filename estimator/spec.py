"""Load an architecture spec: find the file, read it, validate it, attach its layer types.

``SPEC`` on the command line is a path to a YAML file or the name of a bundled
architecture (``llama-2-7b``). The document is validated against
``schemas/architecture.schema.json``; the one most relevant schema error is reported.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EstimatorError, Location, did_you_mean
from .files import path_kind
from .loader import Document, load_yaml_file

PACKAGE_DIR = Path(__file__).resolve().parent
LIBRARY_FILE = PACKAGE_DIR / "layers.yaml"


def data_dir(name: str) -> Path:
    """Bundled data: inside the installed package, or beside it in a source checkout."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


def bundled_architectures() -> dict[str, Path]:
    return {path.stem: path for path in sorted(data_dir("architectures").glob("*.yaml"))}


_schema_validator = None


def schema_validator():
    """The JSON Schema 2020-12 validator for specs (built once; jsonschema is imported here)."""
    global _schema_validator
    if _schema_validator is None:
        import jsonschema

        schema = json.loads((data_dir("schemas") / "architecture.schema.json").read_text())
        _schema_validator = jsonschema.Draft202012Validator(schema)
    return _schema_validator


def validate_schema(document: Document) -> None:
    """Raise the one most relevant schema error, located at its node."""
    from jsonschema.exceptions import best_match

    error = best_match(schema_validator().iter_errors(document.data))
    if error is None:
        return
    path = tuple(error.absolute_path)
    message = error.message
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        unexpected = sorted(set(error.instance) - allowed)
        if unexpected:
            key = unexpected[0]
            raise EstimatorError(f"unknown key `{key}`{did_you_mean(key, allowed)}", document.where_key(path + (key,)))
    if error.validator in ("anyOf", "oneOf", "type"):
        message = f"{_short(error.instance)} is not {_describe_schema(error.schema)}"
    if error.validator == "pattern" and len(path) >= 1:
        message = f"{_short(error.instance)} is not a valid name (letters, digits and _, not starting with a digit)"
    raise document.error(path, message)


def _short(value: object) -> str:
    text = json.dumps(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _describe_schema(schema: dict) -> str:
    if "description" in schema and "anyOf" in schema:
        return "valid here: " + schema["description"][0].lower() + schema["description"][1:].rstrip(".")
    kinds = schema.get("type")
    if isinstance(kinds, list):
        return "of type " + " or ".join(kinds)
    if kinds:
        return f"of type {kinds}"
    return "valid here"


@dataclass
class LayerType:
    """One layer type: its merged definition and the document it was written in."""

    name: str
    definition: dict
    document: Document
    path: tuple  # JSON path of the definition in its document
    like: str | None = None  # the type this one was made from

    @property
    def arguments(self) -> list[str]:
        return list(self.definition.get("required", [])) + list(self.definition.get("defaults", {}))


@dataclass
class Spec:
    document: Document
    layer_types: dict[str, LayerType] = field(default_factory=dict)
    # where a hyperparameter's value came from, when not from the document (a config.json key)
    value_locations: dict = field(default_factory=dict)
    architecture: str | None = None  # the head class a config.json chose (architectures[0])

    @property
    def data(self) -> dict:
        return self.document.data

    @property
    def name(self) -> str:
        return self.data.get("name") or Path(self.document.file).stem

    @property
    def hyperparameters(self) -> dict:
        return self.data.get("hyperparameters", {})


def _collect_layer_types(document: Document, into: dict[str, LayerType]) -> None:
    """Add a document's ``layer_types``, resolving ``like:`` by merging over the base type."""
    raw = document.data.get("layer_types", {})
    pending = dict(raw)

    def resolve(name: str, chain: tuple) -> LayerType:
        definition = pending[name]
        path = ("layer_types", name)
        base_name = definition.get("like")
        if base_name is None:
            return LayerType(name, definition, document, path)
        if base_name in chain:
            raise document.error(path + ("like",), f"`like` cycle: {' -> '.join(chain + (base_name,))}")
        if base_name in pending and base_name != name:
            base = resolve(base_name, chain + (name,))
        elif base_name in into:
            base = into[base_name]
        else:
            known = set(pending) | set(into)
            raise document.error(path + ("like",), f"unknown layer type `{base_name}`{did_you_mean(base_name, known)}")
        merged = {key: value for key, value in base.definition.items() if key not in ("doc", "reference")}
        for key, value in definition.items():
            if key == "like":
                continue
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
        # keys inherited from the base keep their base document for error locations
        return LayerType(name, merged, document, path, like=base.name)

    for name in raw:
        into[name] = resolve(name, ())


_builtin: dict[str, LayerType] | None = None


def builtin_layer_types() -> dict[str, LayerType]:
    global _builtin
    if _builtin is None:
        document = load_yaml_file(LIBRARY_FILE, display=str(LIBRARY_FILE))
        types: dict[str, LayerType] = {}
        _collect_layer_types(document, types)
        _builtin = types
    return _builtin


def load_spec_document(document: Document) -> Spec:
    if not isinstance(document.data, dict):
        raise document.error((), "an architecture spec must be a mapping with `hyperparameters` and `model`")
    validate_schema(document)
    types = dict(builtin_layer_types())
    _collect_layer_types(document, types)
    spec = Spec(document, types)
    if "model" not in document.data:
        raise document.error((), "the spec has no `model:` (the list of its top-level modules)")
    return spec


def resolve_spec_path(argument: str) -> tuple[Path, str]:
    """A path to a file (or a folder), or the name of a bundled architecture."""
    path = Path(argument)
    kind = path_kind(path)
    if kind == "file":
        return path, argument
    if kind == "dir":
        if path_kind(path / "config.json") == "file":
            return path / "config.json", str(path / "config.json")
        raise EstimatorError("a folder was given, but it holds no config.json", Location(argument))
    bundled = bundled_architectures()
    if argument in bundled:
        return bundled[argument], str(bundled[argument])
    if argument.endswith((".yaml", ".yml", ".json")) or "/" in argument:
        raise EstimatorError("no such file", Location(argument))
    hint = did_you_mean(argument, bundled)
    raise EstimatorError(
        f"no such file or bundled architecture{hint} (bundled: {', '.join(bundled)})", Location(argument)
    )


def load_spec(argument: str) -> Spec:
    path, display = resolve_spec_path(argument)
    if path.suffix.lower() == ".json":
        from .hf import spec_from_config

        return spec_from_config(path, display)
    return load_spec_document(load_yaml_file(path, display=display))
