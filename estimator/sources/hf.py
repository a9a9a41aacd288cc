"""Hugging Face ``config.json`` as a SPEC: pick the family template, bind the config's keys.

A family template is an ordinary architecture spec in ``estimator/families/<model_type>.yaml``
whose hyperparameters are named by the config's own keys and default to the values the
transformers config class uses. Its ``hf:`` block maps ``architectures[0]`` (the head
class) to the hyperparameter values that select that head. Binding a config replaces the
template's defaults by the config's values (a ``null`` keeps the default, e.g.
``num_key_value_heads: null`` -> ``num_attention_heads``); keys the template does not
know (``rope_theta``, ``torch_dtype``) do not change any shape and are ignored.
"""
from __future__ import annotations

import difflib
import functools
import itertools
import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from estimator.core.errors import did_you_mean, EstimatorError, Location, short_repr, shorten
from estimator.core.expressions import evaluate
from estimator.core.strict_json import json_location, parse_json
from estimator.engine.expand import hyperparameter_scope
from estimator.engine.metrics import CONTEXT_NAMES
from estimator.engine.quantization import scheme_from_config
from estimator.spec.model import data_dir, load_spec_file, PACKAGE_DIR, Spec

FAMILIES_DIR = PACKAGE_DIR / "families"
MAX_CONFIG_BYTES = 4 * 1024 * 1024
MAX_JSON_DEPTH = 32


def supported_families() -> dict[str, Path]:
    return _templates_in(FAMILIES_DIR)


@functools.cache  # the installed templates do not change while a process runs; listing them did
def _templates_in(folder: Path) -> dict[str, Path]:
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def read_json(path: Path, display: str) -> tuple[Any, str]:
    """A config.json, strictly (strict_json) and bounded in size."""
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise EstimatorError(f"file is larger than {MAX_CONFIG_BYTES} bytes", Location(display))
        raw = path.read_bytes()
    except OSError as exc:
        raise EstimatorError(f"cannot read file: {exc.strerror}", Location(display)) from None
    return parse_json(raw, display, "JSON", MAX_JSON_DEPTH, constants=True)


def spec_from_config(path: Path, display: str) -> Spec:
    config, text = read_json(path, display)
    if not isinstance(config, dict):
        raise EstimatorError("a config.json must hold a JSON object", Location(display))
    model_type = config.get("model_type")
    families = supported_families()
    if not isinstance(model_type, str):
        raise EstimatorError(
            f"no `model_type` string; supported families: {', '.join(families)}", json_location(text, display, "model_type")
        )
    if model_type not in families:
        raise EstimatorError(
            f"model_type `{shorten(model_type)}` is not supported{_closest(model_type, families)}"
            f"{_count_hint(path, display, config)}",
            json_location(text, display, "model_type"),
        )
    template = load_spec_file(families[model_type], str(families[model_type]))  # bundled: not validated again
    return bind_config(template, config, text, display)


def _closest(model_type: str, families: dict) -> str:
    """The supported types nearest in spelling (a new model is often a known one's successor:
    llama4 -> llama, qwen3_next -> qwen3), else every supported type."""
    close = difflib.get_close_matches(model_type, list(families), n=4, cutoff=0.5)
    if not close:
        return f" (supported: {', '.join(families)})"
    others = f" (also close: {', '.join(f'`{name}`' for name in close[1:])})" if close[1:] else ""
    return f"; did you mean `{close[0]}`?{others}"


CHECKPOINT_SUFFIXES = (".safetensors", ".gguf", ".safetensors.index.json")


def _count_hint(path: Path, display: str, config: dict) -> str:
    """Where the exact count is anyway: ``count`` reads the checkpoint's own tensors, local
    or on the Hub (safetensors headers by range requests), whatever its model_type."""
    if Path(display) != path and display.endswith("/config.json"):  # fetched for a repo id
        return f"; `estimator count {display[: -len('/config.json')]}` counts its checkpoint on the Hub instead"
    folder = Path(display).parent
    try:
        beside = any(child.name.endswith(CHECKPOINT_SUFFIXES) for child in itertools.islice(path.parent.iterdir(), 1000))
    except OSError:
        beside = False
    if beside:
        return f"; `estimator count {folder.as_posix()}` counts the checkpoint beside it instead"
    name = config.get("_name_or_path")
    repo = shorten(name) if isinstance(name, str) and REPO_ID.fullmatch(name) else "ORG/NAME"
    return f"; `estimator count FOLDER` counts a local checkpoint instead, `estimator count {repo}` one on the Hub"


REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")


class _Binding:
    """The hyperparameters a config.json gives a template, and where each came from."""

    def __init__(self, template: Spec, text: str, display: str):
        self.template = template
        self.hyperparameters = dict(template.data.get("hyperparameters", {}))
        self.locations: dict[str, Location] = {}
        self.text, self.display = text, display
        self.origins: dict[str, str] = {}  # a key read through hf.sources -> the key written in the file
        self._where: dict[str, Location] = {}  # a key is located to check its value and again to bind it

    def where(self, key: str) -> Location:
        found = self._where.get(key)
        if found is None:
            found = self._where[key] = json_location(self.text, self.display, self.origins.get(key, key))
        return found

    def set(self, name: str, value: Any, key: str) -> None:
        self.hyperparameters[name] = value
        self.locations[name] = self.where(key)


def bind_config(template: Spec, config: dict, text: str, display: str) -> Spec:
    """The template with the config's values (and its head) in place of the defaults.

    Each config key is bound by the first of the template's ``hf:`` keywords that takes it
    (``strings``, ``null_means``, ``fractional``, else a plain value), as jsonschema applies
    one function per keyword."""
    hf = template.data.get("hf", {})
    binding = _Binding(template, text, display)
    architecture = _architecture(config, hf, text, display)
    binding.hyperparameters.update(hf.get("architectures", {}).get(architecture, {}))  # the head's switches
    config = _with_sources(_with_labels(config), hf.get("sources", {}), binding.origins)
    for key, value in config.items():
        next(keyword for keyword in _KEYWORDS if keyword(binding, hf, key, value))
    _bind_context(binding, config)
    spec = _bound_spec(binding, config, architecture)
    _bind_quantization(spec, config, text, display)
    _add_notes(spec)
    return spec


def _add_notes(spec: Spec) -> None:
    """``hf.notes``: each note whose condition holds for the bound config is added to the
    spec's source (shown with every estimate): where the count follows the config and the
    checkpoint rather than what transformers builds."""
    entries = spec.data.get("hf", {}).get("notes", [])
    if not entries:
        return
    scope = hyperparameter_scope(spec)
    notes = [entry["note"] for index, entry in enumerate(entries)
             if evaluate(entry["if"], spec.document.where(("hf", "notes", index, "if")), scope) is True]
    spec.data["source"] += "".join(f"; note: {note}" for note in notes)


def _bind_quantization(spec: Spec, config: dict, text: str, display: str) -> None:
    """``quantization_config`` sets how the checkpoint stores its weights (the bytes as
    shipped, :mod:`estimator.engine.quantization`): kept with the dtype of the other tensors."""
    if config.get("quantization_config") is None:  # no scheme (located only when there is one)
        return
    if scheme_from_config(config, json_location(text, display, "quantization_config")) is None:
        return
    spec.data["quantization"] = {"quantization_config": config["quantization_config"],
                                 **{key: config[key] for key in ("dtype", "torch_dtype") if key in config}}


def _strings(binding: _Binding, hf: dict, key: str, value: Any) -> bool:
    """``hf.strings``: a string (or list of strings, such as layer_types) that selects values."""
    choices = hf.get("strings", {}).get(key)
    if choices is None:  # most keys: then the value need not be looked at
        return False
    is_list = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
    if not (isinstance(value, str) or is_list):
        return False
    for item in value if isinstance(value, list) else [value]:
        if item not in choices:
            raise EstimatorError(
                f"`{key}` holds {short_repr(item)}; this family knows {', '.join(json.dumps(c) for c in choices)}"
                f"{did_you_mean(item, choices)}", binding.where(key))
    if isinstance(value, str):
        settings = choices[value]
    else:  # a list of strings: each name it sets gets a list, one value per element
        names = list(dict.fromkeys(name for item in value for name in choices[item]))
        settings = {name: [choices[item].get(name, binding.hyperparameters.get(name)) for item in value]
                    for name in names}
    for name, setting in settings.items():
        binding.set(name, setting, key)
    return True


def _null_means(binding: _Binding, hf: dict, key: str, value: Any) -> bool:
    """``hf.null_means``: a null that transformers reads its own way."""
    if value is not None or key not in hf.get("null_means", {}) or key not in binding.hyperparameters:
        return False
    binding.set(key, hf["null_means"][key], key)
    return True


def _fractional(binding: _Binding, hf: dict, key: str, value: Any) -> bool:
    """``hf.fractional``: a ratio such as rotary_pct, kept exact as written (0.25 -> 1/4)."""
    if key not in hf.get("fractional", []) or key not in binding.hyperparameters:
        return False
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    ratio = Fraction(str(value))
    binding.set(key, f"{ratio.numerator} / {ratio.denominator}", key)
    return True


def _plain(binding: _Binding, hf: dict, key: str, value: Any) -> bool:
    """Any other key the template names; others (rope_theta, torch_dtype) shape nothing."""
    if key in binding.hyperparameters and value is not None:
        binding.set(key, _config_value(key, value, binding.hyperparameters[key], binding.where(key)), key)
    return True


_KEYWORDS = (_strings, _null_means, _fractional, _plain)


def _with_labels(config: dict) -> dict:
    """transformers derives num_labels from id2label when only the latter is given."""
    if "id2label" in config and "num_labels" not in config and isinstance(config["id2label"], dict):
        return {**config, "num_labels": len(config["id2label"])}
    return config


def _bind_context(binding: _Binding, config: dict) -> None:
    """The context length sizes the KV cache, even if no tensor reads it."""

    for key in CONTEXT_NAMES:
        value = config.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            if key not in binding.hyperparameters:
                binding.set(key, value, key)
            return


def _bound_spec(binding: _Binding, config: dict, architecture: str) -> Spec:
    template = binding.template
    data = dict(template.data)
    data["hyperparameters"] = binding.hyperparameters
    name = config.get("_name_or_path") or Path(binding.display).parent.name or template.name
    data["name"] = str(name) if name else template.name
    data["source"] = f"{binding.display} ({template.data.get('hf', {}).get('model_type')}, {architecture});" \
                     f" template: {template.data.get('source', template.name)}"
    data.pop("expect", None)  # the template's expectations are for its own defaults
    bound = template.document.with_data(data)
    return Spec(bound, template.layer_types, binding.locations, architecture, binding.display)


def _with_sources(config: dict, sources: dict, origins: dict | None = None) -> dict:
    """Hyperparameters read from other (nested) config keys: the first path present wins.
    A path ending in ``[]`` is taken only when it holds a list (Gemma 3n's intermediate_size
    is one width or one per layer: the list goes to a hyperparameter of its own); one ending
    in ``[chars]`` only when it holds a string, read as the list of its characters (Nemotron-H's
    hybrid_override_pattern, one character a layer, as NemotronHConfig reads it)."""
    config = dict(config)
    for name, paths in sources.items():
        for path in paths:
            keys = path.removesuffix("[]").removesuffix("[chars]").split(".")
            value: Any = config
            for part in keys:
                value = value.get(part) if isinstance(value, dict) else None
            if path.endswith("[chars]"):
                value = list(value) if isinstance(value, str) else None
            if value is not None and (not path.endswith("[]") or isinstance(value, list)):
                config[name] = value
                if origins is not None:  # an error about the value is shown where it is written
                    origins[name] = keys[-1]
                break
    return config


def _architecture(config: dict, hf: dict, text: str, display: str) -> str:
    known = hf.get("architectures", {})
    architectures = config.get("architectures")
    if architectures is None or architectures == []:
        return hf.get("default_architecture") or next(iter(known))
    if not isinstance(architectures, list) or not all(isinstance(a, str) for a in architectures):
        raise EstimatorError("`architectures` must be a list of class names", json_location(text, display, "architectures"))
    architecture = architectures[0]
    if architecture not in known:
        raise EstimatorError(
            f"head `{shorten(architecture)}` is not supported for this family{did_you_mean(architecture, known)}"
            f" (supported: {', '.join(known)})",
            json_location(text, display, "architectures"),
        )
    return architecture


def _config_value(key: str, value: Any, default: Any, where: Location) -> Any:
    """A config value as a spec value: integers, booleans, lists of integers, and lists of such
    lists (Mllama's supported_aspect_ratios, whose length sizes a table)."""
    if isinstance(value, bool) or (isinstance(value, int) and not isinstance(value, bool)):
        if isinstance(default, bool) and not isinstance(value, bool):
            raise EstimatorError(f"`{key}` must be true or false, got {short_repr(value)}", where)
        if isinstance(default, int) and not isinstance(default, bool) and isinstance(value, bool):
            raise EstimatorError(f"`{key}` must be an integer, got {json.dumps(value)}", where)
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise EstimatorError(f"`{key}` must be an integer, got {short_repr(value)}", where)
    if isinstance(value, list) and all(_integer(v) or (isinstance(v, list) and all(map(_integer, v))) for v in value):
        return value
    raise EstimatorError(f"`{key}` must be an integer, got {shorten(json.dumps(value))}", where)


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# ---------------------------------------------------------------- convert


def convert_config(path: Path, display: str) -> str:
    """An editable architecture YAML for a config.json: the family template's text with the
    config's values written in, commented with where they came from."""

    spec = spec_from_config(path, display)
    template_file = Path(spec.document.file)
    lines = template_file.read_text().splitlines()
    config_values = {name: spec.hyperparameters[name] for name in spec.value_locations}
    hf = spec.data.get("hf", {})
    architecture = spec.architecture
    head_values = hf.get("architectures", {}).get(architecture, {})
    out = [
        f"# yaml-language-server: $schema={(data_dir('schemas') / 'architecture.schema.json').as_posix()}",
        f"# Converted by estimator from {display} (model_type {hf.get('model_type')}, {architecture}).",
        f"# Template: estimator/families/{template_file.name}. Values from the config are marked; edit freely.",
    ]
    if re.search(r"^extends:", "\n".join(lines), flags=re.M):
        # a template written as a delta on another family: the output is a delta on the
        # template, with the config's and the head's values
        out += [f"extends: {_yaml_scalar(template_file.resolve().as_posix())}", f"name: {_yaml_scalar(spec.name)}",
                f"source: {_yaml_scalar(spec.data['source'])}", "hyperparameters:"]
        out += [f"  {name}: {_yaml_value(value)}  # config.json" for name, value in config_values.items()]
        out += [f"  {name}: {_yaml_value(value)}  # {architecture}" for name, value in head_values.items()
                if name not in config_values]
        if out[-1] == "hyperparameters:":
            out[-1] = "hyperparameters: {}  # all as the template has them"
        return "\n".join(out) + "\n"
    section = None
    for line in lines:
        if line.startswith("# yaml-language-server"):
            continue
        top = re.match(r"^([A-Za-z_]+):", line)
        if top:
            section = top.group(1)
            if section == "include":  # paths relative to the template: written out in full
                line = re.sub(r"([\w./-]+\.yaml)", lambda m: (template_file.parent / m.group(1)).resolve().as_posix(), line)
            if section == "name":
                out.append(f"name: {_yaml_scalar(spec.name)}")
                continue
            if section == "source":
                out.append(f"source: {_yaml_scalar(spec.data['source'])}")
                continue
        if section in ("name", "source") and not top:
            continue
        if section == "include" and not top:
            line = re.sub(r"([\w./-]+\.yaml)", lambda m: (template_file.parent / m.group(1)).resolve().as_posix(), line)
        match = re.match(r"^(  )([A-Za-z_][A-Za-z0-9_]*):(\s*)([^#]*?)(\s*#.*)?$", line)
        if section == "hyperparameters" and match:
            name = match.group(2)
            if name in config_values:
                line = f"  {name}: {_yaml_value(config_values[name])}  # config.json"
            elif name in head_values:
                line = f"  {name}: {_yaml_value(head_values[name])}  # {architecture}"
        out.append(line)
    return "\n".join(out) + "\n"


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    return _yaml_scalar(value) if isinstance(value, str) else str(value)


def _yaml_scalar(text: Any) -> str:
    return json.dumps(str(text))  # a JSON string is a valid YAML double-quoted scalar
