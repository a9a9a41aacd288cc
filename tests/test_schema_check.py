"""The generated validator (estimator/spec/schema_check.py) and the bundled data (issue 20).

A run validates a user's spec with schema_check, a yes/no validator generated from
schemas/architecture.schema.json by tools/make_schema_check.py, and imports jsonschema only to
word the error of an invalid spec. The bundled files (layer library, blocks, family
templates, architectures) are not validated on every run: they are validated here. So:
the generated file is what the generator writes for today's schema; it says what
jsonschema says on every bundled file, every fixture, the hostile corpus and random
mutations of valid documents; every bundled file is valid; and a valid spec, a bundled
name or a config.json runs without importing jsonschema.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, HealthCheck, settings, strategies as st

from estimator.core.errors import EstimatorError
from estimator.spec import model, schema_check
from estimator.spec.loader import load_yaml_file, load_yaml_text

from conftest import cli_runs

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMA = json.loads((ROOT / "schemas" / "architecture.schema.json").read_text())


def _module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _module(ROOT / "tools" / "make_schema_check.py")


def bundled_files() -> list[Path]:
    """Every YAML file a run reads without validating it (model.is_bundled)."""
    return [model.LIBRARY_FILE, *model.block_files(), *sorted((model.PACKAGE_DIR / "families").glob("*.yaml")),
            *model.bundled_architectures().values()]


BUNDLED = bundled_files()


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def jsonschema_valid(data) -> bool:
    return _verdict_validator().is_valid(data)


@functools.cache
def _verdict_validator():
    """model.schema_validator() whose `type` keyword does not word its errors. jsonschema words
    each error as it finds it, and `type` puts the instance's repr in its message: a whole
    document when its top is not a mapping, as in most JSON fixtures (is_valid over the JSON
    fixtures: 0.47 -> 0.10 s). The test that decides is jsonschema's own (one of the types
    holds), so every verdict is the same; only the unread message is left out."""
    from jsonschema import validators
    from jsonschema.exceptions import ValidationError

    def type_keyword(validator, types, instance, schema):
        for kind in [types] if isinstance(types, str) else types:  # a loop, not any(): it runs 250,000 times
            if validator.is_type(instance, kind):
                return
        yield ValidationError("is not of the type the schema says")

    base = model.schema_validator()
    return validators.extend(type(base), {"type": type_keyword})(base.schema)


@pytest.fixture(scope="module", autouse=True)
def remembered_references():
    """jsonschema resolves each `$ref` afresh at every use (referencing's Resolver.lookup: a
    JSON-pointer walk through the schema, making a resource per step), about a third of its
    time over a spec; and at each step down into a subschema it makes a new validator for it
    (Validator.evolve, listing the subschema's keywords), a quarter of what is left. A lookup is
    a pure function of the resolver (an immutable object) and the reference; an evolved
    validator, of the validator, the subschema and the resolver it is given (a validator holds
    nothing else, and nothing writes to the schema). So while this module's tests run, each
    one is made once and remembered: the same resolved schemas, resolvers and validators as
    before, so the same answers (evolve remembered: 0.89 -> 0.61 G instructions over 31 composed
    bundled specs). (A wrong answer would not pass unseen: the tests here compare jsonschema's
    answers with schema_check's on thousands of documents.)"""
    from referencing import Registry

    Resolver = type(Registry().resolver())  # the class is not exported by name
    lookup = Resolver.lookup
    remembered: dict = {}

    def remembering(self, ref):
        key = (id(self), ref)
        if key not in remembered:
            remembered[key] = (lookup(self, ref), self)  # the resolver kept: its id is not reused
        return remembered[key][0]

    Validator = type(_verdict_validator())
    evolve = Validator.evolve
    evolved: dict = {}
    not_given = object()

    def remembering_evolve(self, schema, _resolver=not_given):  # jsonschema's calls: schema=, and _resolver= or not
        key = (id(self), id(schema), id(_resolver))
        if key not in evolved:
            changes = {"schema": schema} if _resolver is not_given else {"schema": schema, "_resolver": _resolver}
            evolved[key] = (evolve(self, **changes), self, schema, _resolver)  # the arguments kept: ids not reused
        return evolved[key][0]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Resolver, "lookup", remembering)
        patch.setattr(Validator, "evolve", remembering_evolve)
        yield


# jsonschema's answer on each document a test below asked about with shared_jsonschema_valid,
# by a digest of the document's repr (which tells 1 from True and 1.0, and nests unambiguously):
# several tests validate the same document, e.g. a bundled spec that extends nothing is the
# same data as read and as composed; jsonschema takes about 10 ms over a valid spec
_VERDICTS: dict[bytes, bool] = {}


def shared_jsonschema_valid(data) -> bool:
    try:
        key = hashlib.blake2b(repr(data).encode("utf-8", "surrogatepass"), digest_size=20).digest()
    except ValueError:  # an integer longer than repr prints
        return jsonschema_valid(data)
    if key not in _VERDICTS:
        _VERDICTS[key] = jsonschema_valid(data)
    return _VERDICTS[key]


def agree(data) -> bool:
    return schema_check.is_valid(data) == jsonschema_valid(data)


# ---------------------------------------------------------------- the generated file


def test_the_generated_file_is_what_the_generator_writes_for_the_schema():
    assert GENERATOR.generate(SCHEMA) == (ROOT / "estimator" / "spec" / "schema_check.py").read_text(), \
        "run python3 tools/make_schema_check.py"


@pytest.mark.parametrize("schema, match", [
    ({"oneOf": [{"type": "string"}]}, r"#: keyword\(s\) oneOf not implemented"),
    ({"type": "object", "patternProperties": {"^a": {}}}, r"patternProperties not implemented"),
    ({"properties": {"a": {"maximum": 3}}}, r"#/properties/a: keyword\(s\) maximum not implemented"),
    ({"properties": {"a": {"const": 3}}}, r"const not implemented"),
    ({"properties": {"a": True}}, r"#/properties/a: a boolean or non-object schema is not implemented"),
    ({"items": [{"type": "string"}]}, r"items must be a schema object"),
    ({"$ref": "other.json#/x"}, r"\$ref 'other.json#/x' is not a #/\$defs/NAME"),
    ({"$ref": "#/$defs/missing"}, r"\$ref '#/\$defs/missing'"),
    ({"enum": [1, 2]}, r"enum value 1 is not implemented"),
    ({"type": "decimal"}, r"type 'decimal' is not implemented"),
    ({"minimum": 0.5}, r"minimum 0.5 is not an integer"),
    ({"properties": {"a": {"$defs": {}}}}, r"#/properties/a: keyword\(s\) \$defs not implemented"),
])
def test_the_generator_refuses_what_it_does_not_implement(schema, match):
    with pytest.raises(GENERATOR.Refused, match=match):
        GENERATOR.generate({"$schema": GENERATOR.DIALECT, **schema})


def test_the_generator_refuses_another_dialect():
    with pytest.raises(GENERATOR.Refused, match=r"\$schema must be"):
        GENERATOR.generate({"$schema": "http://json-schema.org/draft-07/schema#"})


# ---------------------------------------------------------------- bundled data: validated here, not per run


@pytest.mark.parametrize("path", BUNDLED, ids=_id)
def test_every_bundled_file_is_valid_and_schema_check_agrees(path):
    from jsonschema.exceptions import best_match

    data = load_yaml_file(path).data
    # best_match finds an error exactly when there is one: it is looked for only then, to word it
    error = None if shared_jsonschema_valid(data) else best_match(model.schema_validator().iter_errors(data))
    assert error is None, f"{_id(path)}: $.{'.'.join(map(str, error.absolute_path))}: {error.message}"
    assert schema_check.is_valid(data)
    assert model.is_bundled(path)  # so a run does not validate it again


def test_every_bundled_folder_is_covered():
    """is_bundled trusts exactly the files the tests above validate."""
    folders = {path.resolve().parent for path in BUNDLED if path != model.LIBRARY_FILE}
    assert folders == set(model._bundled_folders())


def _spec_names() -> list[Path]:
    return [*sorted((model.PACKAGE_DIR / "families").glob("*.yaml")), *model.bundled_architectures().values()]


# The files composed by the test below, each validated as it was composed (every file treated
# as a user's). Shared by its cases: a base that many specs extend (gpt2, llama) is composed and
# validated once in a process, not once per spec. Never the run's own cache (model._composed_files),
# whose bases were composed without validation.
_COMPOSED_WITH_VALIDATION: dict = {}


@pytest.mark.parametrize("path", _spec_names(), ids=_id)
def test_every_bundled_spec_composes_valid(monkeypatch, path):
    """A bundled spec as a run composes it (extends, include, patch: merge) is valid too:
    composed here with every file treated as a user's, so each one, and each composed
    document with merged keys, is validated."""
    monkeypatch.setattr(model, "is_bundled", lambda path: False)
    monkeypatch.setattr(model, "_composed_files", _COMPOSED_WITH_VALIDATION)
    spec = model.load_spec_document(load_yaml_file(path, display=str(path)))
    assert shared_jsonschema_valid(spec.data) and schema_check.is_valid(spec.data)


def test_a_user_copy_of_a_bundled_file_is_validated(tmp_path):
    library = model.bundled_architectures()["gpt2"]
    copied = tmp_path / "gpt2.yaml"
    copied.write_text(library.read_text().replace("hyperparameters:", "hyperparameters:\n  1bad: 3", 1))
    assert not model.is_bundled(copied) and model.is_bundled(library)
    with pytest.raises(EstimatorError, match=r"gpt2\.yaml:\d+:\d+: \$\.hyperparameters: .*1bad"):
        model.load_spec_file(copied, str(copied))


def test_a_document_named_like_a_bundled_file_is_validated():
    """Being bundled is where a file is read from, never the name a document carries."""
    name = str(model.bundled_architectures()["gpt2"])
    document = load_yaml_text("hyperparameters: {a: 3}\nmodel: []\nextra: 1\n", name)
    with pytest.raises(EstimatorError, match=r"unknown key `extra`"):
        model.load_spec_document(document)


@pytest.mark.parametrize("text, match", [
    ("extends: gpt2\nhyperparameters: {n_layer: [1, {a: 2}]}\n", r"mine\.yaml:2:32: \$\.hyperparameters\.n_layer\[1\]: dict is not valid here"),
    ("extends: gpt2\npatch:\n  model.transformer.h:\n    merge: {repeat: {a: 1}}\n",
     r"mine\.yaml:4:21: \$\.patch\['model\.transformer\.h'\]\.merge\.repeat: dict is not valid here: an integer"),
    ("extends: gpt2\npatch:\n  model.transformer.h: {}\n", r"mine\.yaml:3:24: \$\.patch\['model\.transformer\.h'\]: \{\} should be non-empty"),
    ("extends: gpt2\ndescription: 3\n", r"mine\.yaml:2:14: \$\.description: 3 is not of type string"),
])
def test_a_user_spec_that_extends_a_bundled_one_is_validated(tmp_path, text, match):
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    with pytest.raises(EstimatorError, match=match):
        model.load_spec_file(path, str(path))


def _configs() -> list[Path]:
    """One config.json of every fourth family (a whole pass over the families is
    tests/test_hf.py's): enough to reach each of hf's binding keywords."""
    chosen: dict = {}
    for path in sorted(FIXTURES.glob("hf/*/config.json")):
        chosen.setdefault(json.loads(path.read_text()).get("model_type"), path)
    return list(chosen.values())[::4]


def test_a_bound_config_is_valid_against_the_schema():
    """A config.json's values enter the (unvalidated, bundled) template only through
    sources/hf.py's checks (integers, booleans, lists of them, the template's own strings),
    so the bound spec needs no validation of its own: it is valid."""
    from estimator.sources.hf import spec_from_config

    invalid, keywords = [], set()
    for path in _configs():
        spec = spec_from_config(path, str(path))
        keywords |= {key for key, value in spec.data["hf"].items() if value}
        data = dict(spec.data)
        data.pop("quantization", None)  # the checkpoint's storage, added after binding: not a spec key
        if not (schema_check.is_valid(data) and jsonschema_valid(data)):
            invalid.append(_id(path))
    assert invalid == []
    assert keywords >= {"strings", "null_means", "fractional", "sources", "sub_configs", "notes"}


# ---------------------------------------------------------------- agreement with jsonschema


@functools.cache
def _fixture_documents() -> list[Path]:
    return sorted(path for path in FIXTURES.rglob("*") if path.suffix in (".yaml", ".yml") and path.is_file())


@pytest.mark.parametrize("path", _fixture_documents(), ids=_id)
def test_schema_check_agrees_on_fixture_yaml(path):
    try:
        data = load_yaml_file(path).data
    except EstimatorError:
        pytest.skip("not readable YAML")
    assert agree(data)


def test_schema_check_agrees_on_fixture_json():
    """The JSON fixtures are not specs, mostly: a good source of documents the schema refuses."""
    disagree = []
    for path in sorted(FIXTURES.rglob("*.json")):
        if path.stat().st_size > 1_000_000:
            continue
        try:
            data = json.loads(path.read_text())
        except (ValueError, UnicodeDecodeError):
            continue
        if not agree(data):
            disagree.append(_id(path))
    assert disagree == []


def _hostile_texts(tmp_path: Path) -> list[tuple[str, str]]:
    """The YAML inputs of the hostile corpus (tests/test_hostile.py, bench/bench_hostile.py)."""
    hostile = _module(ROOT / "tests" / "test_hostile.py")
    texts = [("lin.yaml", hostile.SPEC)]
    for case in hostile.CASES:
        for name, content in case.values[2].items():
            if name.endswith((".yaml", ".yml")) and isinstance(content, (str, bytes)):
                texts.append((f"{case.id}/{name}", content if isinstance(content, str) else content.decode("utf-8", "replace")))
    bench = _module(ROOT / "bench" / "bench_hostile.py")
    for label, argv in bench.cases(tmp_path).items():
        for argument in argv:
            path = Path(argument)
            if path.suffix in (".yaml", ".yml") and path.is_file() and path.stat().st_size < 1_000_000:
                texts.append((f"{label}/{path.name}", path.read_text(errors="replace")))
    return texts


def test_schema_check_agrees_on_the_hostile_corpus(tmp_path):
    texts = _hostile_texts(tmp_path)
    assert len(texts) > 40
    read, disagree = 0, []
    # each text once: the corpora share some (the same alias bomb, about a second to refuse, is in three)
    for text, label in {text: label for label, text in reversed(texts)}.items():
        try:
            data = load_yaml_text(text, label).data
        except EstimatorError:
            continue
        read += 1
        if not agree(data):
            disagree.append(label)
    assert read > 20 and disagree == []


# a document that uses every part of the schema: mutations of it reach every keyword
KITCHEN_SINK = {
    "name": "sink", "source": "s", "description": "d", "extends": "gpt2", "include": ["a.yaml"],
    "patch": {"model.h": {"replace": {"type": "linear"}, "merge": {"a": None}, "prepend": [{"type": "x"}],
                          "append": [], "before": [{"name": 1}], "after": [], "remove": True}},
    "hyperparameters": {"a": 1, "b": 2.5, "c": True, "d": "a * 2", "e": [1, [2, "a"]], "f": 3.0},
    "constraints": ["a > 0"],
    "layer_types": {"blk": {"doc": "d", "reference": "r", "like": "linear", "required": ["n"],
                            "defaults": {"m": None, "k": 1.5}, "derived": {"h": "n * 2"}, "constraints": ["n > 0"],
                            "tensors": {"w": ["n", "m"]}, "children": [{"name": "c", "type": "linear"}],
                            "any_args": False, "attends": {"kv_per_token": 2, "qk_dim": 3, "v_dim": "n"},
                            "state": {"conv": "n * 4", "ssm": {"elements": "n", "dtype": "fp32", "doc": "d"}},
                            "activations": {"x": {"elements": "n", "dtype": "fp32", "profiles": ["p"], "if": True,
                                                  "input": True, "doc": "d"}}}},
    "tensors": {"t": {"shape": [1, "a"], "kind": "buffer", "persistent": False, "if": "c", "embedding": True,
                      "trainable": False, "active_shape": [1], "for": {"k": [0, "a"]}, "doc": "d"}, "u": [2]},
    "model": [{"name": "m", "type": "blk", "repeat": "a", "active": 1, "passes": 2, "index": "i", "if": True,
               "inline": False, "trainable": "c", "tied_to": {"w": "x.w", "v": {"to": "y", "if": "c"}},
               "children": [{"name": 0, "tensors": {"z": [1]}}], "tensors": {}, "n": 3, "opt": None, "f": 0.5,
               "attends": {"kv_per_token": 1, "qk_dim": 1, "v_dim": 1, "window": 0, "heads": 1, "cache": True,
                           "cross": False},
               "state": {"s": {"elements": 2, "dtype": "cache"}}, "activations": {"y": {"elements": 4}}, "doc": "d"}],
    "hf": {"model_type": "t", "default_architecture": "A", "architectures": {"A": {"lm": True}},
           "null_means": {"a": "b"}, "sources": {"a": ["x.y"], "b": None},
           "strings": {"act": {"gelu": {"g": 1}}, "old": None}, "sub_configs": {"vision_config": "vision_", "x": None},
           "notes": [{"if": "a > 1", "note": "n"}, {"if": True, "note": "m"}], "fractional": ["a"]},
    "expect": {"params": 1, "trainable_params": 0, "non_trainable_params": 2.0, "buffer_elements": 3,
               "persistent_buffer_elements": 4, "embedding_params": 5, "non_embedding_params": 6, "active_params": 7},
}

# values of every JSON type and the edges the schema's keywords test
REPLACEMENTS = [None, True, False, 0, 1, -1, 2.0, 2.5, -0.5, math.nan, math.inf, "", "a", "1a", "a-b", "a\n", "_",
                "vision_", "parameter", "act", [], [1], [1, 2], [1, 2, 3], ["a"], [None], {}, {"a": 1},
                {"to": "x"}, {"shape": []}, {"kv_per_token": 1, "qk_dim": 1, "v_dim": 1}]
BAD_KEYS = ["", "1a", "a-b", "a\n", "é", "unknown", "type", "shape", "to", "name", "elements"]


def _paths(data, prefix=()) -> list[tuple]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, prefix + (index,))
    return found


def _at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def _copy_along(data, path: tuple):
    """``data`` with every container on ``path`` (the root included) copied, one level deep,
    and everything else shared; and the copy's container at ``path``. The documents are only
    ever read (by the two validators), so a mutation need not deep-copy the whole document:
    copying the containers it changes makes the same document, at a fraction of the cost."""
    copied = _shallow(data)
    node = copied
    for part in path:
        node[part] = _shallow(node[part])
        node = node[part]
    return copied, node


def _shallow(value):
    return dict(value) if isinstance(value, dict) else list(value) if isinstance(value, list) else value


def _mutation_makers(data, path: tuple) -> list:
    """One function per document that differs from ``data`` at ``path`` (see _mutations), in
    _mutations' order: a caller that keeps some of them builds only those."""
    makers = []
    if path:
        makers += [functools.partial(_replaced, data, path, replacement) for replacement in REPLACEMENTS]
        makers.append(functools.partial(_deleted, data, path))
        if isinstance(_at(data, path[:-1]), dict):
            makers += [functools.partial(_renamed, data, path, key) for key in BAD_KEYS]
    target = _at(data, path)
    if isinstance(target, dict):
        makers += [functools.partial(_key_added, data, path, key) for key in BAD_KEYS]
    if isinstance(target, list):
        makers.append(functools.partial(_appended, data, path))
    return makers


def _mutations(data, path: tuple):
    """Documents that differ from ``data`` at ``path``: the value replaced, deleted, renamed,
    or a key added beside it."""
    for make in _mutation_makers(data, path):
        yield make()


def _replaced(data, path: tuple, value):
    copied, parent = _copy_along(data, path[:-1])
    parent[path[-1]] = value
    return copied


def _deleted(data, path: tuple):
    copied, parent = _copy_along(data, path[:-1])
    del parent[path[-1]]
    return copied


def _renamed(data, path: tuple, key):
    copied, parent = _copy_along(data, path[:-1])
    parent[key] = parent.pop(path[-1])
    return copied


def _key_added(data, path: tuple, key):
    copied, target = _copy_along(data, path)
    target[key] = 1
    return copied


def _appended(data, path: tuple):
    copied, target = _copy_along(data, path)
    target.append(target[0] if target else 1)  # shared, not copied: nothing writes to it
    return copied


def _schema_properties(schema) -> set:
    """Every property name the schema declares, at any depth."""
    found = set()
    if isinstance(schema, dict):
        found |= set(schema.get("properties", {}))
        for value in schema.values():
            found |= _schema_properties(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= _schema_properties(value)
    return found


def _keys(data) -> set:
    if isinstance(data, dict):
        return set(data).union(*map(_keys, data.values()))
    if isinstance(data, list):
        return set().union(*map(_keys, data))
    return set()


def test_the_kitchen_sink_is_valid_and_uses_every_property_of_the_schema():
    """A property the schema gains must be added here, so that the mutations reach it."""
    assert jsonschema_valid(KITCHEN_SINK) and schema_check.is_valid(KITCHEN_SINK)
    assert _schema_properties(SCHEMA) - _keys(KITCHEN_SINK) == set()


def _disagreements(every: int) -> tuple[int, list]:
    """Mutations of the kitchen sink on which the two disagree: at each path, every
    ``every``-th mutation, starting at a different one from path to path. Each top-level
    key is mutated in a document of its own: the root schema has no `required`, so such a
    document is valid exactly when that part of the whole one is, and it validates faster."""
    count, disagree = 0, []
    index = 0
    for key, value in KITCHEN_SINK.items():
        piece = {key: value}
        for path in _paths(piece):
            index += 1
            for number, make in enumerate(_mutation_makers(piece, path)):
                if (number + index) % every == 0:
                    count += 1
                    mutated = make()
                    if not agree(mutated):
                        disagree.append((path, schema_check.is_valid(mutated)))
    return count, disagree


def test_schema_check_agrees_on_mutations_of_the_kitchen_sink():
    """Every path of a document that uses every property, its value replaced by values of
    every kind, deleted, its key renamed to a bad name, or given an extra key: a fifth of
    them, a different fifth at each path (`pytest -m exhaustive` runs them all)."""
    count, disagree = _disagreements(5)
    assert count > 1000 and disagree == []


@pytest.mark.exhaustive
def test_schema_check_agrees_on_every_mutation_of_the_kitchen_sink():
    count, disagree = _disagreements(1)
    assert count > 5000 and disagree == []


@functools.cache
def _small_valid_documents() -> list:
    """The small valid documents among the bundled files and the fixtures. Chosen with
    schema_check, which the tests above prove says what jsonschema says on every one of these
    files (each bundled file is valid by both, each fixture judged alike), so the choice is
    jsonschema's, without the second or so jsonschema takes over them all."""
    documents = [KITCHEN_SINK]
    for path in [*_spec_names(), *model.block_files(), *_fixture_documents()]:
        if path.stat().st_size < 6000:
            try:
                data = load_yaml_file(path).data
            except EstimatorError:
                continue
            if isinstance(data, dict) and schema_check.is_valid(data):
                documents.append(data)
    return documents


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=True) | st.sampled_from(["", "a", "1a", "a_", "act"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(["a", "to", "shape", "1"]), children,
                                                                      max_size=3),
    max_leaves=6)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_schema_check_agrees_on_random_mutations(data):
    """Random valid documents (bundled, fixtures), mutated at random paths, up to three times."""
    document = data.draw(st.sampled_from(_small_valid_documents()))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(document)))
        kind = data.draw(st.sampled_from(["replace", "random", "other"]))
        if kind == "replace" and path:
            document = _replaced(document, path, data.draw(st.sampled_from(REPLACEMENTS)))
        elif kind == "random" and path:
            document = _replaced(document, path, data.draw(VALUES))
        else:
            options = _mutation_makers(document, path)
            if options:
                document = options[data.draw(st.integers(0, len(options) - 1))]()
    assert schema_check.is_valid(document) == jsonschema_valid(document)


# ---------------------------------------------------------------- errors, still worded by jsonschema


@pytest.mark.parametrize("text, match", [
    ("model: []\nhyperparmeters: {a: 1}\n", r"^x\.yaml:2:1: \$\.hyperparmeters: unknown key `hyperparmeters`; did you mean `hyperparameters`\?"),
    ("hyperparameters: {1a: 1}\nmodel: []\n", r"^x\.yaml:1:18: \$\.hyperparameters: \"1a\" is not a valid name"),
    ("model:\n  - {name: a, type: linear, n: {x: 1}}\n", r"^x\.yaml:2:32: \$\.model\[0\]\.n: dict is not of type integer or boolean or string or number or array or null$"),
    ("expect: {params: -1}\nmodel: []\n", r"^x\.yaml:1:18: \$\.expect\.params: -1 is less than the minimum of 0"),
])
def test_an_invalid_spec_gets_the_error_jsonschema_words(text, match):
    with pytest.raises(EstimatorError, match=match):
        model.load_spec_document(load_yaml_text(text, "x.yaml"))


# ---------------------------------------------------------------- a run without jsonschema

def _a_config() -> Path:
    return next(iter(sorted((FIXTURES / "hf").glob("*/config.json"))))


RUNS = {  # the command lines of the tests below
    "bundled": ["estimate", "llama-2-7b"],
    "user-spec": ["estimate", "{tmp}/mine.yaml"],
    "user-spec-extends-bundled": ["estimate", "{tmp}/delta.yaml"],
    "config.json": ["estimate", "{config}"],
    "invalid-user-spec": ["estimate", "{tmp}/bad.yaml"],
}


@pytest.fixture(scope="module")
def run_errors(tmp_path_factory) -> dict:
    """Each run of RUNS, as a process of its own (conftest.cli_runs): its exit code, output and modules."""
    tmp = tmp_path_factory.mktemp("runs")
    (tmp / "mine.yaml").write_text("hyperparameters: {d: 8}\nmodel:\n  - {name: f, type: linear, in_features: d,"
                                   " out_features: d}\n")
    (tmp / "delta.yaml").write_text("extends: gpt2\nhyperparameters: {n_layer: 2}\n")
    (tmp / "bad.yaml").write_text("model: []\nhyperparmeters: {a: 1}\n")
    config = str(_a_config())  # found once: a glob over the fixtures' folders takes 0.1 s or more
    argvs = [[a.replace("{tmp}", str(tmp)).replace("{config}", config) for a in argv] for argv in RUNS.values()]
    return dict(zip(RUNS, cli_runs(argvs, tmp / "runs")))


@pytest.mark.parametrize("name", ["bundled", "user-spec", "user-spec-extends-bundled", "config.json"])
def test_a_valid_run_does_not_import_jsonschema(run_errors, name):
    run = run_errors[name]
    assert (run.code, run.err) == (0, "")
    assert "jsonschema" not in run.modules


def test_an_invalid_spec_imports_jsonschema_for_its_message(run_errors):
    run = run_errors["invalid-user-spec"]
    assert run.code == 2 and "jsonschema" in run.modules
    assert "unknown key `hyperparmeters`; did you mean `hyperparameters`?" in run.err
