"""Load an architecture spec: find the file, read it, compose it, validate it, attach its
layer types.

``SPEC`` on the command line is a path to a YAML file or the name of a bundled
architecture (``llama-2-7b``). Every file is validated against
``schemas/architecture.schema.json`` (the one most relevant schema error is reported), except
the bundled files, which the tests validate (:func:`is_bundled`); then
``extends:``, ``include:`` and ``patch:`` are resolved into one document whose every node
keeps the file, line and column it is written at (:func:`compose`). Layer types come from
the layer library (``layers.yaml``), the bundled blocks (``blocks/*.yaml``, read only when
a spec uses a name neither the library nor the spec defines) and the spec itself.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from estimator.core.errors import COMMAND_LINE, did_you_mean, EstimatorError, Location, shorten
from estimator.core.files import path_kind
from estimator.spec import schema_check
from estimator.spec.loader import Assembly, Document, load_yaml_file, load_yaml_text, read_text

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # estimator/: the bundled data sits beside the subpackages
LIBRARY_FILE = PACKAGE_DIR / "layers.yaml"
BLOCKS_DIR = PACKAGE_DIR / "blocks"


def data_dir(name: str) -> Path:
    """Bundled data: inside the installed package, or beside it in a source checkout."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


def bundled_architectures() -> dict[str, Path]:
    return {path.stem: path for path in sorted(data_dir("architectures").glob("*.yaml"))}


def is_bundled(path: str | Path) -> bool:
    """Whether ``path`` is one of the package's own YAML files (the layer library, a block, a
    family template, a bundled architecture): tests/test_schema_check.py validates every one
    of them against the schema, so they are not validated again on every run. A file is
    bundled by where it really lies (symbolic links resolved), never by how it is named."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return _lies_bundled(resolved)


def _lies_bundled(resolved: Path) -> bool:
    """:func:`is_bundled` of a path already resolved (each resolution reads the file system)."""
    return resolved.suffix == ".yaml" and (resolved == LIBRARY_FILE or resolved.parent in _bundled_folders())


_folders: tuple[Path, ...] | None = None


def _bundled_folders() -> tuple[Path, ...]:
    global _folders
    if _folders is None:
        _folders = tuple(folder.resolve() for folder in (BLOCKS_DIR, PACKAGE_DIR / "families", data_dir("architectures")))
    return _folders


_schema_validator = None


def schema_validator():
    """The JSON Schema 2020-12 validator for specs (built once; jsonschema is imported here)."""
    global _schema_validator
    if _schema_validator is None:
        # imported only to word an error (or by the tests): its import costs about 0.1 s,
        # which a valid spec does not pay (schema_check answers valid/invalid)
        import jsonschema

        schema = json.loads((data_dir("schemas") / "architecture.schema.json").read_text())
        _schema_validator = jsonschema.Draft202012Validator(schema)
    return _schema_validator


def validate_schema(document: Document) -> None:
    """Raise the one most relevant schema error, located at its node.

    schema_check (generated from the schema, tested to agree with jsonschema) says whether
    the document is valid; only an invalid one is handed to jsonschema, whose best_match
    picks the error to report."""
    if schema_check.is_valid(document.data):
        return
    from jsonschema.exceptions import best_match  # see schema_validator: only for an invalid document

    error = best_match(schema_validator().iter_errors(document.data))
    if error is None:  # jsonschema finds it valid after all: it is the reference
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
    # its defaults and derived values, each as (name, raw value, where it is written): read for
    # every use of the type (engine.expand.type_scope), so located once
    _own_bindings: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def arguments(self) -> list[str]:
        return list(self.definition.get("required", [])) + list(self.definition.get("defaults", {}))

    def own_bindings(self) -> tuple[list, list]:
        """``(defaults, derived)``: ``(name, raw value, location)`` of each, in the order written."""
        if self._own_bindings is None:
            self._own_bindings = tuple(
                [(key, raw, self.document.where(self.path + (section, key)))
                 for key, raw in self.definition.get(section, {}).items()] for section in ("defaults", "derived"))
        return self._own_bindings


@dataclass
class Spec:
    document: Document
    layer_types: dict[str, LayerType] = field(default_factory=dict)
    # where a hyperparameter's value came from, when not from the document (a config.json key)
    value_locations: dict = field(default_factory=dict)
    architecture: str | None = None  # the head class a config.json chose (architectures[0])
    input_file: str | None = None  # the file given, when not the document's (a config.json bound to its template)

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
        if "required" not in definition and isinstance(definition.get("defaults"), dict):
            # `conv3x3: {like: conv2d, defaults: {kernel_size: 3}}`: a default given here makes
            # the base's required argument optional
            merged["required"] = [arg for arg in merged.get("required", []) if arg not in definition["defaults"]]
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


_blocks: dict[str, LayerType] | None = None


def block_files() -> list[Path]:
    return sorted(BLOCKS_DIR.glob("*.yaml"))


def block_layer_types() -> dict[str, LayerType]:
    """The bundled blocks (``estimator/blocks/*.yaml``): layer types in the library's syntax,
    built from the library's types and each other. A block may not take a library type's
    name, nor another block's."""
    global _blocks
    if _blocks is None:
        builtin = builtin_layer_types()
        types = dict(builtin)
        defined_in: dict[str, Location] = {}
        for path in block_files():
            document = load_yaml_file(path, display=str(path))  # bundled: validated by the tests
            for name in document.data.get("layer_types", {}):
                if name in types:
                    first = defined_in.get(name) or builtin[name].document.where(builtin[name].path)
                    raise document.error(("layer_types", name), f"block `{name}` is already defined at {first}")
                defined_in[name] = document.where(("layer_types", name))
            _collect_layer_types(document, types)
        _blocks = {name: layer_type for name, layer_type in types.items() if name not in builtin}
    return _blocks


def library_layer_types() -> dict[str, LayerType]:
    """Every type a spec can use without defining it: the layer library and the blocks."""
    return {**builtin_layer_types(), **block_layer_types()}


def load_spec_file(path: Path, display: str) -> Spec:
    """The spec in a YAML file; a bundled file (:func:`is_bundled`) is not validated again,
    and is composed once a process (see _bundled_documents)."""
    try:
        resolved: Path | None = Path(path).resolve()  # resolved once: whether it is bundled, and its cache key
    except (OSError, RuntimeError, ValueError):
        resolved = None
    if resolved is None or not _lies_bundled(resolved):
        return load_spec_document(load_yaml_file(path, display=display))
    text = read_text(path, display)
    key = (resolved, display)
    found = _bundled_documents.get(key)
    if found is None or found[0] != text or not all(_version(*read[:2]) == read for read in found[2]):
        composer = _Composer()
        found = (text, _composed(load_yaml_text(text, display), True, composer), frozenset(composer.reads[0]))
        if len(_bundled_documents) >= MAX_CACHED_FILES:
            _bundled_documents.clear()
        _bundled_documents[key] = found
    return _spec_of(found[1].copy())


# Bundled specs, composed, by (path, display), with the text of the file and the versions of
# the files composed into it: a family template is loaded for every config.json of its family,
# and composing it (extends, the marks of every node) was a third of a config.json's estimate.
# Each load takes a copy of the data (Document.copy), so no caller changes another's spec.
_bundled_documents: dict[tuple, tuple[str, Document, frozenset]] = {}


def load_spec_document(document: Document, bundled: bool = False) -> Spec:
    """The spec a document describes. ``bundled``: the document is a bundled file as read,
    valid by the tests; anything else is validated against the schema."""
    return _spec_of(_composed(document, bundled, _Composer()))


def _composed(document: Document, bundled: bool, composer: _Composer) -> Document:
    """The document of a spec, composed (extends, include, patch) and with its sub-configs read."""
    if not isinstance(document.data, dict):
        raise document.error((), "an architecture spec must be a mapping with `hyperparameters` and `model`")
    document = composer.compose(document, bundled)
    _read_sub_configs(document.data)
    return document


def _spec_of(document: Document) -> Spec:
    """The spec of a composed document: its layer types (the library's, the blocks' when it
    uses one, its own)."""
    types = dict(builtin_layer_types())
    if _uses_unknown_types(document.data, types):
        types.update(block_layer_types())  # read only when needed: most specs use none
    _collect_layer_types(document, types)
    spec = Spec(document, types)
    if "model" not in document.data:
        raise document.error((), "the spec has no `model:` (the list of its top-level modules)")
    return spec


def _read_sub_configs(data: dict) -> None:
    """``hf.sub_configs: {vision_config: vision_}``: a hyperparameter (or an ``hf.strings`` key,
    such as layer_types) named ``vision_KEY`` that has no ``hf.sources`` entry of its own is
    read from ``vision_config.KEY`` (the sub-configs in the order listed, when two give the
    same prefix), as a written entry would be."""
    hf = data.get("hf")
    if not isinstance(hf, dict) or not hf.get("sub_configs"):
        return
    sub_configs = hf["sub_configs"]
    sources = dict(hf.get("sources", {}))
    for name in [*data.get("hyperparameters", {}), *(hf.get("strings") or {})]:
        paths = [f"{key}.{name[len(prefix):]}" for key, prefix in sub_configs.items()
                 if name.startswith(prefix) and len(name) > len(prefix)]
        if paths and name not in sources:
            sources[name] = paths
    data["hf"] = {**hf, "sources": sources}


def _uses_unknown_types(data: dict, known: dict) -> bool:
    """Whether a node or a `like:` names a type that neither ``known`` nor the spec defines."""
    own = data.get("layer_types", {})
    names: set = set()
    _node_types(data.get("model", []), names)
    for name, definition in own.items():
        _node_types(definition.get("children", []), names)
        like = definition.get("like")
        if like == name and like not in known:
            return True  # itself as defined before the spec: a block
        if like != name:
            names.add(like)
    return any(name not in known and name not in own for name in names if isinstance(name, str))


def _node_types(nodes: Any, into: set) -> None:
    for node in nodes if isinstance(nodes, list) else []:
        if isinstance(node, dict):
            into.add(node.get("type"))
            _node_types(node.get("children"), into)


# ---------------------------------------------------------------- extends, include, patch

MAX_REUSE_DEPTH = 16  # files in one chain of `extends:` / `include:`
REUSE_KEYS = ("extends", "include", "patch")
NOT_INHERITED = ("name", "source", "description", "expect")  # said of the base, rarely true of the child
MERGED_BY_NAME = ("hyperparameters", "tensors", "hf")  # the child's entries over the base's
# hf: maps merged one level deeper, entry by entry (a null removes an inherited entry): a delta
# adds the config keys it reads without restating its base's. `architectures` is a family's own
# set of heads, replaced whole like the other hf keys.
HF_MERGED_MAPS = ("sources", "null_means", "strings", "sub_configs")
KEY_ORDER = ("name", "source", "description", "hf", "hyperparameters", "constraints", "layer_types", "tensors",
             "model", "expect")
PATCH_PATH = re.compile(r"(model|layer_types\.([A-Za-z_][A-Za-z0-9_]*))((?:\.[^.\[\]]+|\[[0-9]+\])*)")
PATCH_SEGMENT = re.compile(r"\.([^.\[\]]+)|\[([0-9]+)\]")
PATCH_ORDER = ("replace", "merge", "prepend", "append", "before", "after", "remove")


def compose(document: Document, bundled: bool = False) -> Document:
    """The document with ``extends:``, ``include:`` and ``patch:`` resolved (validated first,
    unless ``bundled``; each file it names is validated unless that file is bundled).

    A document that uses none of them is returned as it is; otherwise a new one whose
    every node keeps the file, line and column it is written at."""
    return _Composer().compose(document, bundled)


class _Composer:
    """One spec's composition. Each file is read and composed once (a file included by two
    others is not read twice); ``chain`` holds the files being composed, for cycles."""

    def __init__(self) -> None:
        self.done: dict[Path, tuple[Document, frozenset]] = {}
        self.chain: list[tuple[Path, str]] = []
        self.reads: list[set] = [set()]  # per file being composed: the versions of the files it read

    def compose(self, document: Document, bundled: bool) -> Document:
        if not bundled:
            validate_schema(document)
        data = document.data
        if "extends" not in data:
            _no_removal_without_base(document)
        if not any(key in data for key in REUSE_KEYS):
            return document
        self.chain.append((_identity(document.file), document.file))
        base = self.load(data["extends"], document, ("extends",)) if "extends" in data else None
        assembly = Assembly(document.file)
        out = assembly.mapping(document, ())
        keys = [*KEY_ORDER, *(base.data if base is not None else {}), *data]
        for key in dict.fromkeys(keys):
            if key not in REUSE_KEYS:
                self.merge_key(assembly, out, key, document, base)
        for text, operations in data.get("patch", {}).items():
            _patch(assembly, out, document, text, operations)
        self.chain.pop()
        composed = assembly.document(out)
        if not bundled and any("merge" in operations for operations in data.get("patch", {}).values()):
            validate_schema(composed)  # merged keys may make a node that no file holds
        return composed

    def load(self, reference: str, document: Document, path: tuple) -> Document:
        """The composed document that an `extends:` or `include:` entry names."""
        file, display = _resolve_reference(reference, document, path)
        identity = _identity(str(file))
        if identity not in self.done:
            self.done[identity] = self.read(file, identity, display, document, path)
        composed, reads = self.done[identity]
        self.reads[-1] |= reads
        return composed

    def read(self, file: Path, identity: Path, display: str, document: Document, path: tuple) -> tuple:
        """A file named by `extends:` / `include:`, composed, and the versions of the files
        it was made from (composed by an earlier spec, if none of those has changed since)."""
        cached = _composed_files.get((identity, display))
        if cached is not None and all(_version(*read[:2]) == read for read in cached[1]):
            return cached
        names = [shown for _, shown in self.chain]
        key = "extends" if path[0] == "extends" else "include"
        if identity in [seen for seen, _ in self.chain]:
            raise document.error(path, f"`{key}` cycle: {' -> '.join(names + [display])}")
        if len(self.chain) >= MAX_REUSE_DEPTH:
            raise document.error(path, f"`extends:` / `include:` nest more than {MAX_REUSE_DEPTH} files deep:"
                                       f" {' -> '.join(names[:2] + ['...'] + names[-2:] + [display])}")
        version = _version(identity, display)
        base = load_yaml_file(file, display=display)
        if not isinstance(base.data, dict):
            raise base.error((), f"a spec named by `{key}` must be a mapping")
        self.reads.append({version})
        composed = self.compose(base, is_bundled(file))
        result = (composed, frozenset(self.reads.pop()))
        if len(_composed_files) >= MAX_CACHED_FILES:
            _composed_files.clear()
        _composed_files[(identity, display)] = result
        return result

    def merge_key(self, assembly: Assembly, out: dict, key: str, document: Document, base: Document | None) -> None:
        """``out[key]`` from the base and the document: the document's own value wins, or is
        merged with the base's by name (hyperparameters, tensors, hf, layer types), or added
        to it (constraints)."""
        own = document.data.get(key)
        inherited = base.data.get(key) if base is not None and key not in NOT_INHERITED else None
        if key == "layer_types":
            types = self.layer_types(assembly, document, base)
            if types:
                out[key] = types
            return
        if inherited is None or own is None or key not in MERGED_BY_NAME + ("constraints",):
            source, value = (document, own) if own is not None else (base, inherited)
            if value is not None and source is not None:
                out[key] = assembly.take(source, (key,), value)
            return
        assert base is not None  # inherited is not None
        if key == "constraints":
            merged_list = assembly.take(base, (key,), inherited)
            for index, text in enumerate(own):
                merged_list.append(text)
                assembly.put(merged_list, len(merged_list) - 1, text, document, (key, index))
            out[key] = merged_list
            return
        merged = assembly.mapping(document, (key,))
        for source, values in ((base, inherited), (document, own)):
            for name, value in values.items():
                assembly.put(merged, name, assembly.take(source, (key, name), value), source, (key, name))
        if key == "hf":
            for name in HF_MERGED_MAPS:
                if isinstance(inherited.get(name), dict) and isinstance(own.get(name), dict):
                    merged[name] = _merge_entries(assembly, base, document, (key, name), inherited[name], own[name])
        out[key] = merged

    def layer_types(self, assembly: Assembly, document: Document, base: Document | None) -> dict | None:
        """Layer types by name, later ones winning: the base's, then the included files' (in
        order), then the document's own (a `like:` of its own name extends the one before)."""
        own = document.data.get("layer_types", {})
        sources: list[tuple[Document, dict]] = []
        if base is not None and base.data.get("layer_types"):
            sources.append((base, base.data["layer_types"]))
        sources += self.included(document, own)
        if not sources and not own:
            return None
        types = assembly.mapping(document if "layer_types" in document.data else sources[-1][0], ("layer_types",))
        for source, definitions in sources:
            for name, definition in definitions.items():
                path = ("layer_types", name)
                assembly.put(types, name, assembly.take(source, path, definition), source, path)
        for name, definition in own.items():
            path = ("layer_types", name)
            value = assembly.take(document, path, definition)
            if definition.get("like") == name and name in types:
                value = _extend_type(assembly, types[name], value, document, path)
            assembly.put(types, name, value, document, path)
        return types

    def included(self, document: Document, own: dict) -> list[tuple[Document, dict]]:
        """The layer types of each `include:` entry; two entries may not both define a name
        (unless the document defines it itself, which settles it)."""
        found: list[tuple[Document, dict]] = []
        first: dict[str, tuple[str, Location]] = {}
        for index, reference in enumerate(document.data.get("include", [])):
            included = self.load(reference, document, ("include", index))
            definitions = included.data.get("layer_types", {})
            for name in definitions:
                where = included.where(("layer_types", name))
                earlier = first.get(name)
                settled = name in own and own[name].get("like") != name
                if earlier is not None and (earlier[1].file, earlier[1].line) != (where.file, where.line) and not settled:
                    raise document.error(
                        ("include", index),
                        f"layer type `{name}` is defined by two included files: `{earlier[0]}` ({earlier[1]}) and"
                        f" `{reference}` ({where}); define `{name}` in this spec to choose")
                first.setdefault(name, (reference, where))
            found.append((included, definitions))
        return found


# Bases and included files, composed, by (path, display), with the versions (modification
# time, size) of every file each was made from: a base is only ever copied from
# (Assembly.take), never changed, so one copy serves every spec built on it in a process (a
# family's base, for every config.json), as long as none of its files has changed.
_composed_files: dict[tuple, tuple[Document, frozenset]] = {}
MAX_CACHED_FILES = 512


def _version(identity: Path, display: str) -> tuple:
    try:
        status = os.stat(identity)
    except OSError:
        return (identity, display, None, None)
    return (identity, display, status.st_mtime_ns, status.st_size)


def _identity(file: str) -> Path:
    try:
        return Path(file).resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(file))


def _resolve_reference(reference: str, document: Document, path: tuple) -> tuple[Path, str]:
    """An `extends:` / `include:` entry: a path relative to the file that holds it, or the
    name of a bundled architecture."""
    candidate = Path(document.file).parent / reference
    display = os.path.normpath(str(candidate))
    kind = path_kind(candidate)
    if kind == "file":
        if candidate.suffix.lower() == ".json":
            raise document.error(path, f"`{shorten(reference)}` is a JSON file; `extends:` and `include:` take"
                                       " architecture YAML (a config.json's family template is in estimator/families/)")
        return candidate, display
    if kind is not None:
        raise document.error(path, f"`{shorten(reference)}` is not a file ({display})")
    bundled = bundled_architectures()
    if reference in bundled:
        return bundled[reference], str(bundled[reference])
    if reference.endswith((".yaml", ".yml", ".json")) or "/" in reference:
        raise document.error(path, f"no such file: {shorten(display, 200)}")
    raise document.error(path, f"no such file or bundled architecture `{shorten(reference)}`"
                               f"{did_you_mean(reference, bundled)} (bundled: {', '.join(bundled)})")


def _merge_entries(assembly: Assembly, base: Document, document: Document, path: tuple, inherited: dict,
                   own: dict) -> dict:
    """The base's entries, then the document's over them by name; a null removes one."""
    merged = assembly.mapping(document, path)
    for source, values in ((base, inherited), (document, own)):
        for name, value in values.items():
            if value is None:
                merged.pop(name, None)
            else:
                assembly.put(merged, name, assembly.take(source, path + (name,), value), source, path + (name,))
    return merged


def _no_removal_without_base(document: Document) -> None:
    """A null in an hf map removes what a base gave; with no base it would stay a null."""
    hf = document.data.get("hf")
    for name in HF_MERGED_MAPS:
        entries = hf.get(name) if isinstance(hf, dict) else None
        for key, value in (entries.items() if isinstance(entries, dict) else ()):
            if value is None:
                raise document.error(("hf", name, key), "a null removes an entry inherited through `extends:`,"
                                                        " and this spec extends nothing")


def _extend_type(assembly: Assembly, previous: dict, definition: dict, document: Document, path: tuple) -> dict:
    """A type that is `like:` its own name: the definition before it (inherited or included),
    with this one's keys over it, as `like:` merges (mappings one level deep)."""
    merged = assembly.mapping(document, path)
    for key, value in previous.items():
        if key not in ("doc", "reference"):
            assembly.put(merged, key, value, *assembly.origin(previous, key))
    for key, value in definition.items():
        if key == "like":
            continue
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            inner = assembly.mapping(document, path + (key,))
            for name, item in merged[key].items():
                assembly.put(inner, name, item, *assembly.origin(merged[key], name))
            for name, item in value.items():
                assembly.put(inner, name, item, document, path + (key, name))
            value = inner
        assembly.put(merged, key, value, document, path + (key,))
    return merged


def _patch(assembly: Assembly, out: dict, document: Document, text: str, operations: dict) -> None:
    """One `patch:` entry: find the nodes at ``text`` and apply its operations, in the order
    replace, merge, prepend, append, before, after, remove."""
    at = ("patch", text)
    where = document.where_key(at)
    match = PATCH_PATH.fullmatch(text)
    if match is None:
        raise EstimatorError(f"`{shorten(text)}` is not a node path: `model` or `layer_types.TYPE`, then node names"
                             " separated by `.` or positions in brackets (`model.transformer.h`, `model[2]`)", where)
    given = [op for op in PATCH_ORDER if op in operations]
    if "remove" in given and set(given) & {"replace", "merge", "prepend", "append"}:
        raise document.error(at, "`remove` with `replace`, `merge`, `prepend` or `append` does nothing useful;"
                                 " to put other nodes in its place, give `remove` with `before` or `after`")
    if "replace" in given and "merge" in given:
        raise document.error(at, "give `replace` or `merge`, not both")
    segments = [(name, int(index) if index else None) for name, index in PATCH_SEGMENT.findall(match.group(3))]
    type_name = match.group(2)
    if type_name is not None:
        types = out.get("layer_types", {})
        if type_name not in types:
            raise EstimatorError(f"no layer type `{type_name}` to patch{did_you_mean(type_name, types)} (only types"
                                 " this spec defines, inherits or includes can be patched; for a library type or a"
                                 f" block, define `{type_name}: {{like: {type_name}, ...}}`)", where)
        root, label = types[type_name], f"layer type `{type_name}`"
    elif "model" in out:
        root, label = out["model"], "the top level"
    else:
        raise EstimatorError("there is no `model:` to patch", where)
    if not segments:
        _patch_root(assembly, root, type_name, document, at, operations, given)
        return
    targets = _find_nodes(root, segments, text, label, where)
    for op in given:
        value = operations[op]
        path = at + (op,)
        if op in ("before", "after"):
            for siblings in _unique_lists(targets):
                positions = [i for i, item in enumerate(siblings) if any(item is n for s, n in targets if s is siblings)]
                _insert(assembly, siblings, positions[0] if op == "before" else positions[-1] + 1, value, document, path)
        elif op == "remove":
            for siblings, node in targets:
                del siblings[_position(siblings, node)]
        else:
            for number, (siblings, node) in enumerate(targets):
                if op == "replace":
                    position = _position(siblings, node)
                    siblings[position] = assembly.take(document, path, value)
                    targets[number] = (siblings, siblings[position])
                elif op == "merge":
                    _merge(assembly, node, value, document, path)
                else:  # prepend, append
                    if "type" in node:
                        raise EstimatorError(f"`{op}`: the node at `{shorten(text)}` is a `{node['type']}`, not a"
                                             " node with `children`", where)
                    _add_children(assembly, node, op, value, document, path)
def _patch_root(assembly: Assembly, root: Any, type_name: str | None, document: Document, at: tuple,
                operations: dict, given: list) -> None:
    """A patch of `model` (prepend or append top-level nodes) or of a whole layer type."""
    allowed = ("prepend", "append") if type_name is None else ("merge", "prepend", "append")
    for op in given:
        if op not in allowed:
            raise EstimatorError(f"`{op}` does not apply to `{at[1]}`; it takes {', '.join(f'`{a}`' for a in allowed)}"
                                 + (" (override a type by defining it under `layer_types:`)" if type_name else ""),
                                 document.where_key(at + (op,)))
        if op == "merge":
            _merge(assembly, root, operations[op], document, at + (op,))
        elif type_name is None:
            _insert(assembly, root, 0 if op == "prepend" else len(root), operations[op], document, at + (op,))
        else:
            _add_children(assembly, root, op, operations[op], document, at + (op,))


def _find_nodes(root: Any, segments: list, text: str, label: str, where: Location) -> list[tuple[list, dict]]:
    """Every node at a path, with the list that holds it: a name matches each sibling of that
    name (nodes picked by different `if:` share names), `[N]` the N-th node as written."""
    lists = [root if isinstance(root, list) else root.get("children", [])]
    found: list[tuple[list, dict]] = []
    for depth, (name, index) in enumerate(segments):
        if depth:
            lists = []
            for siblings, node in found:
                if "children" not in node:
                    kind = f"a `{node['type']}` node" if "type" in node else "a node without children"
                    raise EstimatorError(f"`{shorten(text)}`: `{_shown(segments[depth - 1])}` is {kind}; a path goes"
                                         " through `children` only (patch a layer type as `layer_types.TYPE...`)",
                                         where)
                lists.append(node["children"])
        found = []
        for siblings in lists:
            if index is not None:
                found += [(siblings, siblings[index])] if index < len(siblings) else []
            else:
                found += [(siblings, node) for node in siblings if "name" in node and str(node["name"]) == name]
        if not found:
            names = {str(node["name"]) for siblings in lists for node in siblings if "name" in node}
            what = f"no node `{name}`" if index is None else f"no node [{index}]"
            here = f"`{'.'.join(_shown(s) for s in segments[:depth])}`" if depth else label
            raise EstimatorError(f"`{shorten(text)}`: {what} in {here}{did_you_mean(name or '', names, 12)}", where)
    return found


def _position(siblings: list, node: dict) -> int:
    return next(i for i, item in enumerate(siblings) if item is node)


def _add_children(assembly: Assembly, node: dict, op: str, nodes: list, document: Document, path: tuple) -> None:
    """`prepend` or `append` to a node's (or a layer type's) children."""
    children = node.get("children")
    if children is None:
        children = assembly.take(document, path, [])
        assembly.put(node, "children", children, document, path)
    _insert(assembly, children, 0 if op == "prepend" else len(children), nodes, document, path)


def _shown(segment: tuple) -> str:
    name, index = segment
    return name if index is None else f"[{index}]"


def _unique_lists(targets: list) -> list[list]:
    lists: list[list] = []
    for siblings, _ in targets:
        if not any(siblings is seen for seen in lists):
            lists.append(siblings)
    return lists


def _merge(assembly: Assembly, node: dict, keys: dict, document: Document, at: tuple) -> None:
    """Set each key on the node (a null removes it)."""
    for key, value in keys.items():
        if value is None:
            node.pop(key, None)
        else:
            assembly.put(node, key, assembly.take(document, at + (key,), value), document, at + (key,))


def _insert(assembly: Assembly, siblings: list, position: int, nodes: list, document: Document, at: tuple) -> None:
    new = [assembly.take(document, at + (index,), node) for index, node in enumerate(nodes)]
    siblings[position:position] = new


def resolve_spec_path(argument: str) -> tuple[Path, str]:
    """A path to a file (or a folder), or the name of a bundled architecture."""
    if not argument.strip():  # Path("") is the current folder: never what an empty argument meant
        raise EstimatorError("SPEC is empty: give a YAML file, a config.json or a bundled name", Location(COMMAND_LINE))
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
