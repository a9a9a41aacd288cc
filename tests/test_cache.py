"""The cache of parsed YAML (estimator/core/cache.py, used by estimator/spec/loader.py) is never
needed for a correct answer: a hit gives the very Document a parse gives (data, types, every
mark, in order), a changed text, version or loader misses, and an entry that is missing,
corrupt, truncated, foreign, too large or not a file, or a directory that cannot be written,
falls back to parsing without a word. Also here: the C composer (libyaml) that parses gives
the pure-Python composer's data and marks, and its errors at the same place.

conftest.py points ESTIMATOR_CACHE_DIR at a temporary folder for the whole suite; each test
here takes a folder of its own.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

import pytest
import yaml

import estimator
from estimator.core import cache
from estimator.core.errors import EstimatorError
from estimator.spec import loader

from conftest import cli_runs

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted([*ROOT.glob("estimator/**/*.yaml"), *ROOT.glob("architectures/*.yaml")])
FIXTURE_YAML = sorted(ROOT.glob("tests/fixtures/**/*.yaml"))
EDGES = {  # values JSON must carry back exactly, and shapes the marks must follow
    "floats": "a: .nan\nb: -.inf\nc: .inf\nd: -0.0\ne: 1e-300\nf: 0.1\ng: 6.02e+23\n",
    "integers": "a: 0x7fffffffffffffffffffffffffffffff\nb: -12_345\nc: 0b101\nd: 0\ne: " + "9" * 4000 + "\n",
    "booleans and null": "a: true\nb: false\nc: null\nd: ~\ne:\n'': 1\n'~': 2\n",
    "text": "a: 'caf\u00e9 \U0001f600'\nb: \"tab\\tnew\\nline\\u0000\"\nc: '2001-12-14'\nd: '0777'\ne: |\n  two\n  lines\n",
    "aliases": "base: &b {hidden: 64, list: [1, [2, 3], {x: 4}]}\ncopy: *b\nlist: [*b, *b]\n",
    "empty containers": "a: {}\nb: []\nc: [[], {}, [[]]]\n",
    "flow and block": "model:\n  - {name: f, type: linear, in_features: a, out_features: b}\n  - name: g\n    children:\n"
                      "      - {name: h, type: rmsnorm}\n",
    "top-level list": "- 1\n- [2, 3]\n- {a: 4}\n",
    "scalar document": "just text\n",
    "deep": "a: " + "[" * 60 + "]" * 60 + "\n",
    "keys that look like other things": "1: a\ntrue: b\nnull: c\n3.5: d\n'on': e\n",
}


@pytest.fixture(scope="module")
def caches(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("caches")


@pytest.fixture
def cache_dir(caches, monkeypatch):
    # a new folder of its own for each test, made by mkdtemp: pytest's tmp_path, a numbered folder
    # found by listing its parent and a "current" link renewed per test, took several ms a test,
    # most of the time of the quick tests here
    folder = Path(tempfile.mkdtemp(dir=caches)) / "cache"
    monkeypatch.setenv(cache.DIRECTORY_VARIABLE, str(folder))
    monkeypatch.delenv(cache.OFF_VARIABLE, raising=False)
    return folder


@pytest.fixture
def parses(monkeypatch):
    """How many times the loader really parsed (cache misses)."""
    calls = []
    def counting(text, file):
        calls.append(file)
        return PARSE(text, file)

    monkeypatch.setattr(loader, "_parse", counting)
    return calls


PARSE = loader._parse  # the parse itself, never the cache (nor the counting stand-in of `parses`)


def fresh(text: str, file: str = "x.yaml") -> loader.Document:
    return PARSE(text, file)


def assert_same(cached: loader.Document, parsed: loader.Document) -> None:
    # repr tells 1 from True and 1.0, and -0.0 from 0.0; NaN is compared by its repr too
    assert repr(cached.data) == repr(parsed.data)
    assert _types(cached.data) == _types(parsed.data)
    assert cached.file == parsed.file
    assert list(cached.marks.items()) == list(parsed.marks.items())  # the same marks, in the same order
    assert list(cached.key_marks.items()) == list(parsed.key_marks.items())


def _types(value):
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return type(value).__name__


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.exists() else []


# ---------------------------------------------------------------- a hit is a parse

@pytest.mark.parametrize("path", BUNDLED + FIXTURE_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_cached_file_is_the_parsed_file(path, cache_dir, parses):
    first = loader.load_yaml_file(path, display="shown.yaml")
    second = loader.load_yaml_file(path, display="shown.yaml")
    assert parses == ["shown.yaml"]  # the second came from the cache
    assert len(entries(cache_dir)) == 1
    assert_same(second, first)
    assert_same(second, fresh(path.read_text(), "shown.yaml"))


@pytest.mark.parametrize("name", EDGES)
def test_a_cached_text_is_the_parsed_text(name, cache_dir, parses):
    text = EDGES[name]
    loader.load_yaml_text(text, "a.yaml")
    cached = loader.load_yaml_text(text, "b.yaml")  # the file shown is not part of the key
    assert parses == ["a.yaml"]
    assert_same(cached, fresh(text, "b.yaml"))
    if name == "floats":
        assert math.isnan(cached.data["a"]) and math.copysign(1, cached.data["d"]) == -1


def test_a_cached_document_is_a_new_object_each_time(cache_dir):
    text = EDGES["aliases"]
    loader.load_yaml_text(text, "x.yaml")
    first, second = loader.load_yaml_text(text, "x.yaml"), loader.load_yaml_text(text, "x.yaml")
    first.data["base"]["hidden"] = 0  # a caller that changes its document changes no other
    assert second.data["base"]["hidden"] == 64 and second.data["copy"]["hidden"] == 64


def test_an_integer_json_cannot_print_is_parsed_every_time(cache_dir, parses):
    text = "a: 0x" + "f" * 4000 + "\n"  # 16,000 bits: more digits in decimal than Python prints
    assert loader.load_yaml_text(text, "x.yaml").data["a"] == 16 ** 4000 - 1
    assert loader.load_yaml_text(text, "x.yaml").data["a"] == 16 ** 4000 - 1
    assert len(parses) == 2 and entries(cache_dir) == []


def test_errors_are_never_cached(cache_dir, parses):
    for text, match in [("a: 1\na: 2\n", "duplicate key `a`"), ("a: [1, 2\n", "invalid YAML"),
                        ("a: 0777\n", "octal"), ("a: !!python/object {}\n", "unsupported YAML tag")]:
        messages = []
        for _ in range(2):
            with pytest.raises(EstimatorError, match=match) as error:
                loader.load_yaml_text(text, "bad.yaml")
            messages.append(str(error.value))
        assert messages[0] == messages[1]
    assert len(parses) == 8 and entries(cache_dir) == []


# ---------------------------------------------------------------- what the key holds

def test_changed_content_misses(cache_dir, parses):
    assert loader.load_yaml_text("a: 1\n", "x.yaml").data == {"a": 1}
    assert loader.load_yaml_text("a: 2\n", "x.yaml").data == {"a": 2}
    assert loader.load_yaml_text("a: 1 \n", "x.yaml").data == {"a": 1}
    assert len(parses) == 3 and len(entries(cache_dir)) == 3


def test_changed_version_misses(cache_dir, parses, monkeypatch):
    loader.load_yaml_text("a: 1\n", "x.yaml")
    monkeypatch.setattr(estimator, "__version__", estimator.__version__ + ".post1")
    loader.load_yaml_text("a: 1\n", "x.yaml")
    assert len(parses) == 2 and len(entries(cache_dir)) == 2


def test_changed_loader_or_pyyaml_misses(cache_dir, parses, monkeypatch, tmp_path):
    """The key holds this module's code and PyYAML's files (an edited loader, an upgrade)."""
    loader.load_yaml_text("a: 1\n", "x.yaml")
    monkeypatch.setattr(loader, "_code_fingerprint", lambda: "another loader")
    loader.load_yaml_text("a: 1\n", "x.yaml")
    assert len(parses) == 2
    monkeypatch.undo()
    fingerprint = loader._code_fingerprint.__wrapped__
    assert fingerprint() == loader._code_fingerprint()  # stable while nothing changes
    edited = tmp_path / "loader.py"
    edited.write_bytes(Path(loader.__file__).read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(loader, "__file__", str(edited))
    assert fingerprint() != loader._code_fingerprint()
    monkeypatch.undo()
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: os.stat_result(
        [*real_stat(path)[:6], 0, 0, 0, 0]) if "yaml" in str(path) else real_stat(path, *a, **k))
    assert fingerprint() != loader._code_fingerprint()  # PyYAML's files changed (size, times)


def test_the_key_names_every_part():
    assert cache.make_key("ab", "c") != cache.make_key("a", "bc")  # parts are length-prefixed
    assert cache.make_key("a") == cache.make_key(b"a")


# ---------------------------------------------------------------- entries that cannot be trusted

def entry_path(text: str, folder: Path) -> Path:
    return folder / f"{loader._CACHE_KIND}-{loader._cache_key(text)}.json"


TEXT = "hyperparameters: {a: 3}\nmodel:\n  - {name: f, type: linear, in_features: a, out_features: 4}\n"


def valid_entry(folder: Path) -> dict:
    loader.load_yaml_text(TEXT, "x.yaml")
    return json.loads(entry_path(TEXT, folder).read_text())


BROKEN = {
    "empty": lambda entry: b"",
    "truncated": lambda entry: json.dumps(entry).encode()[:-20],
    "garbage": lambda entry: os.urandom(64) + b"\xff\xfe",
    "not utf-8": lambda entry: json.dumps(entry).encode().replace(b'"x.yaml"', b'"\xff"') + b"\xff",
    "a list": lambda entry: b"[1, 2, 3]",
    "another key": lambda entry: json.dumps({**entry, "key": "0" * 64}).encode(),
    "no value": lambda entry: json.dumps({"key": entry["key"]}).encode(),
    "value not a document": lambda entry: json.dumps({**entry, "value": [1, 2]}).encode(),
    "marks missing": lambda entry: json.dumps({**entry, "value": {"data": {"a": 1}}}).encode(),
    "one mark too few": lambda entry: json.dumps(
        {**entry, "value": {**entry["value"], "marks": entry["value"]["marks"][:-2]}}).encode(),
    "one mark too many": lambda entry: json.dumps(
        {**entry, "value": {**entry["value"], "marks": entry["value"]["marks"] + [1, 1]}}).encode(),
    "a mark not an integer": lambda entry: json.dumps(
        {**entry, "value": {**entry["value"], "marks": ["1"] + entry["value"]["marks"][1:]}}).encode(),
    "a key mark a boolean": lambda entry: json.dumps(
        {**entry, "value": {**entry["value"], "key_marks": [True] + entry["value"]["key_marks"][1:]}}).encode(),
    "nested too deep for json": lambda entry: b'{"key": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "nested deeper than a document": lambda entry: json.dumps(
        {**entry, "value": {"data": json.loads("[" * 80 + "]" * 80), "marks": [1, 1] * 80, "key_marks": []}}).encode(),
    "huge": lambda entry: json.dumps(entry).encode() + b" " * (cache.MAX_ENTRY_BYTES + 1),
}


@pytest.mark.parametrize("how", BROKEN)
def test_a_broken_entry_falls_back_to_parsing(how, cache_dir, parses):
    entry = valid_entry(cache_dir)
    entry_path(TEXT, cache_dir).write_bytes(BROKEN[how](entry))
    document = loader.load_yaml_text(TEXT, "x.yaml")
    assert len(parses) == 2
    assert_same(document, fresh(TEXT))
    # and the parse wrote a good entry back in its place
    assert_same(loader.load_yaml_text(TEXT, "x.yaml"), fresh(TEXT))
    assert len(parses) == 2


def test_an_entry_moved_under_another_name_is_refused(cache_dir, parses):
    """An entry copied under the name of another text's key (by hand, or a hash collision
    of file names) holds its own key inside, which does not match."""
    loader.load_yaml_text("a: 1\n", "x.yaml")
    entry_path("a: 1\n", cache_dir).rename(entry_path("a: 2\n", cache_dir))
    assert loader.load_yaml_text("a: 2\n", "x.yaml").data == {"a": 2}
    assert len(parses) == 2


@pytest.mark.parametrize("kind", ["directory", "fifo", "symlink", "dangling symlink"])
def test_an_entry_that_is_not_a_file_is_ignored(kind, cache_dir, parses, tmp_path):
    cache_dir.mkdir()
    path = entry_path(TEXT, cache_dir)
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(path)  # opening it for reading would wait for a writer: it must not be opened so
    else:
        elsewhere = tmp_path / "elsewhere.json"
        if kind == "symlink":
            loader.load_yaml_text(TEXT, "x.yaml")
            path.rename(elsewhere)
        path.symlink_to(elsewhere)
    assert_same(loader.load_yaml_text(TEXT, "x.yaml"), fresh(TEXT))
    assert len(parses) == 1 + (kind == "symlink")


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch, parses):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(cache.DIRECTORY_VARIABLE, str(blocker / "cache"))  # cannot be made: its parent is a file
    assert_same(loader.load_yaml_text(TEXT, "x.yaml"), fresh(TEXT))
    assert_same(loader.load_yaml_text(TEXT, "x.yaml"), fresh(TEXT))
    assert len(parses) == 2


def test_no_cache_when_turned_off(cache_dir, monkeypatch, parses):
    monkeypatch.setenv(cache.OFF_VARIABLE, "1")
    loader.load_yaml_text(TEXT, "x.yaml")
    loader.load_yaml_text(TEXT, "x.yaml")
    assert len(parses) == 2 and not cache_dir.exists()


def test_where_the_cache_lives(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.OFF_VARIABLE, raising=False)
    monkeypatch.setenv(cache.DIRECTORY_VARIABLE, str(tmp_path / "chosen"))
    assert cache.directory() == tmp_path / "chosen"
    monkeypatch.delenv(cache.DIRECTORY_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "estimator"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # invalid by the XDG specification: ignored
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "home" / ".cache" / "estimator"
    monkeypatch.setenv(cache.OFF_VARIABLE, "1")
    assert cache.directory() is None


def test_writes_are_atomic_and_private(cache_dir):
    loader.load_yaml_text(TEXT, "x.yaml")
    assert [p.name for p in cache_dir.iterdir()] == [entry_path(TEXT, cache_dir).name]  # no temporary file left
    if os.name == "posix":
        assert entry_path(TEXT, cache_dir).stat().st_mode & 0o077 == 0
        assert cache_dir.stat().st_mode & 0o077 == 0


def test_the_cache_is_bounded(cache_dir, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 5)
    for i in range(12):
        loader.load_yaml_text(f"a: {i}\n", "x.yaml")
        os.utime(entry_path(f"a: {i}\n", cache_dir), (1_000_000 + i, 1_000_000 + i))  # written in this order
    kept = entries(cache_dir)
    assert len(kept) == 5
    assert kept == sorted(entry_path(f"a: {i}\n", cache_dir) for i in range(7, 12))  # the newest
    monkeypatch.setattr(cache, "MAX_TOTAL_BYTES", 1)  # each entry is larger: only the one just written stays
    loader.load_yaml_text("a: new\n", "x.yaml")
    assert entries(cache_dir) == []  # even it: the bound holds


def test_a_full_cache_is_not_listed_at_every_write(cache_dir, monkeypatch):
    """Listing the directory at every write once it is full cost 2 ms a write: it is listed once
    in _RESCAN_WRITES writes (for other processes' writes), and in between the oldest entry this
    process knows of is removed; an entry written again is the newest."""
    monkeypatch.setattr(cache, "MAX_ENTRIES", 5)
    listings = []
    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": listings.append(Path(path)) or real_scandir(path))
    def kept():  # os.listdir, not the os.scandir that glob and the cache use
        return sorted(cache_dir / name for name in os.listdir(cache_dir) if name.endswith(".json"))

    for i in range(5):
        loader.load_yaml_text(f"a: {i}\n", "x.yaml")
    entry_path("a: 0\n", cache_dir).unlink()
    loader.load_yaml_text("a: 0\n", "x.yaml")  # written again: now the newest
    for i in range(5, 40):
        loader.load_yaml_text(f"a: {i}\n", "x.yaml")
        if i == 5:
            assert kept() == sorted(entry_path(f"a: {j}\n", cache_dir) for j in [0, 2, 3, 4, 5])
    assert kept() == sorted(entry_path(f"a: {i}\n", cache_dir) for i in range(35, 40))
    assert 1 <= listings.count(cache_dir) <= 1 + 41 // cache._RESCAN_WRITES


def test_a_value_larger_than_an_entry_may_be_is_not_written(cache_dir, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 100)
    loader.load_yaml_text(TEXT, "x.yaml")
    assert entries(cache_dir) == []


def test_stale_temporary_files_are_removed(cache_dir):
    cache_dir.mkdir()
    stale, recent = cache_dir / ".yaml-x.1.aa.tmp", cache_dir / ".yaml-y.2.bb.tmp"
    stale.write_text("{")
    recent.write_text("{")
    os.utime(stale, (1_000_000, 1_000_000))
    loader.load_yaml_text(TEXT, "x.yaml")
    assert not stale.exists() and recent.exists()  # a writer may still be at work on the recent one


# ---------------------------------------------------------------- a run from the cache

def test_a_cached_run_gives_the_same_output_without_pyyaml(tmp_path):
    """The second run of a command reads every document from the cache: the same bytes out,
    and PyYAML never imported."""
    env = {**os.environ, cache.DIRECTORY_VARIABLE: str(tmp_path / "cache")}
    env.pop(cache.OFF_VARIABLE, None)
    argv = ["estimate", "llama-2-7b", "--format", "json"]
    # one after the other, each as a process of its own; the last with the cache off
    runs = cli_runs([argv, argv, {"argv": argv, "environ": {cache.OFF_VARIABLE: "1"}}], tmp_path / "runs", env)
    assert [(run.code, run.err) for run in runs] == [(0, ""), (0, ""), (0, "")]
    assert runs[0].out == runs[1].out
    assert json.loads(runs[1].out)["params"] == 6738415616
    assert "yaml" in runs[0].modules and "yaml" not in runs[1].modules
    uncached = runs[2]
    assert uncached.out == runs[0].out and "yaml" in uncached.modules  # parsed: the cache was off


# ---------------------------------------------------------------- the C composer

def composed(text: str, file: str, composer: type) -> tuple:
    """A document's data, types and marks, or its error, composed by ``composer``."""
    saved = loader._loader
    loader._loader = lambda: composer  # type: ignore[assignment]
    try:
        document = PARSE(text, file)
        return ("ok", repr(document.data), _types(document.data), list(document.marks.items()),
                list(document.key_marks.items()))
    except EstimatorError as error:
        return ("error", error.location.line, error.location.column)
    finally:
        loader._loader = saved


BAD = ["a: 1\n\tb: 2\n", "a: [1, 2\n", "a: b: c\n", "---\na: 1\n---\nb: 2\n", "a: *x\n", "a: \x07\n", "key: [a: b, c]\n",
       "- a\nb: 1\n", "a:\n  - 1\n - 2\n", "{a: 1}}\n", 'a: "unterminated\n', "a: '\ud800'\n", "a: \ufeff1\n",
       "a: {b: 1, b: 2}\n", "<<: {a: 1}\n", "? [a]\n: 1\n", "", "# only a comment\n", "a: 1\r\nb: [2,\r\n 3]\r\n"]


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")
@pytest.mark.parametrize("text", [p.read_text() for p in BUNDLED + FIXTURE_YAML] + list(EDGES.values()) + BAD,
                         ids=[str(p.relative_to(ROOT)) for p in BUNDLED + FIXTURE_YAML] + list(EDGES)
                         + [f"bad-{i}" for i in range(len(BAD))])
def test_the_c_composer_gives_what_the_pure_one_gives(text):
    """The same data and marks; an error at the same line and column (PyYAML words some
    errors differently in C, e.g. "did not find expected ',' or ']'")."""
    assert composed(text, "x.yaml", yaml.CSafeLoader) == composed(text, "x.yaml", yaml.SafeLoader)
