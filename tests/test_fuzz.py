"""Generated inputs on every road into the engine: whatever the input, the tool answers
cleanly and never with a wrong figure.

Two kinds of test:

* property tests (hypothesis) on the parsers: only EstimatorError may escape;
* roads: seeded generators of command lines and files (CLI option values, `--set` names and
  values, `--grid` specs, points files, solve targets, expressions, YAML specs, name/shape
  lists, safetensors headers, config.json texts), each case run through the CLI in-process.
  The invariant: exit 0 with output (and nothing on stderr), exit 1 (a check failed) with
  output, or exit 2 with exactly one line on stderr starting with `Error: ` and nothing on
  stdout; never an uncaught exception, never more than CASE_SECONDS. Where a generated
  input is known to be valid, its count is checked against an independent computation
  (a linear layer is in*out + out, a listing is the sum of its shapes' products, ...);
  where it is known to be invalid, exit 2 is required.

`python3 bench/bench_fuzz.py --cases 200000` runs the same roads longer.
"""
from __future__ import annotations

import contextlib
import io
import json
import math
import os
import random
import string
import tempfile
import time
import traceback
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import estimator.cli.app as cli
from estimator.core import cache
from estimator.core.errors import EstimatorError, Location
from estimator.core.expressions import Scope, evaluate
from estimator.spec.loader import load_yaml_text
from estimator.spec.model import load_spec_document

GENERATED: dict[str, int] = {}  # cases run per test in this process (each test reports its own: `_report`)
MIN_CASES = 20_000  # per default run (issue 13)
CASE_SECONDS = 5.0  # CPU time per case
BITS = 256  # errors.MAX_INTEGER_BITS: the one bound on integers

# ================================================================ property tests (hypothesis)

HERE = Location("fuzz.yaml", 1, 1, ("x",))
SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def counted(name: str) -> None:
    GENERATED[name] = GENERATED.get(name, 0) + 1
    tend_cache()


# ---------------------------------------------------------------- the cache of parsed YAML
# Most generated specs and listings are new texts: the loader parses each and writes an entry
# to the cache (estimator/core/cache.py). Once the cache directory holds its MAX_ENTRIES (256),
# every further write lists and stats the whole directory to drop the oldest entry (2.5 ms a
# write; the specs road alone writes 1,350 entries). So the cases run with a cache directory
# of the harness's own, which the harness trims to its newest entries well before the bound:
# each case still reads the cache (lin.yaml and the family templates are hits, and so is a text
# generated again) and writes its new texts, as a user's run does, but none pays for pruning.

_CACHE: list = [None, 0]  # the harness's own cache directory (or None), and cases since it was looked at
CACHE_LOOK_EVERY = 8  # cases; a case writes at most two entries
CACHE_TRIM_OVER = cache.MAX_ENTRIES - 32  # so at most MAX_ENTRIES - 16 entries between looks
CACHE_KEEP = cache.MAX_ENTRIES - 48  # the newest entries kept by a trim (a text generated again is a hit)


@contextlib.contextmanager
def own_cache(folder: Path):
    """Cases run in the block read and write the cache in ``folder`` (made empty, then kept
    below the bound by tend_cache)."""
    saved = os.environ.get(cache.DIRECTORY_VARIABLE), os.environ.get(cache.OFF_VARIABLE), list(_CACHE)
    folder.mkdir(parents=True, exist_ok=True)
    _trim(folder, 0)
    os.environ[cache.DIRECTORY_VARIABLE] = str(folder)
    os.environ.pop(cache.OFF_VARIABLE, None)
    _CACHE[:] = [folder, 0]
    try:
        yield folder
    finally:
        for variable, value in zip((cache.DIRECTORY_VARIABLE, cache.OFF_VARIABLE), saved[:2]):
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value
        _CACHE[:] = saved[2]


def tend_cache() -> None:
    """Called once per case: every CACHE_LOOK_EVERY cases, trim the harness's cache directory
    to its CACHE_KEEP newest files if it holds over CACHE_TRIM_OVER."""
    folder = _CACHE[0]
    if folder is None:
        return
    _CACHE[1] += 1
    if _CACHE[1] >= CACHE_LOOK_EVERY:
        _CACHE[1] = 0
        _trim(folder, CACHE_KEEP, CACHE_TRIM_OVER)


def _trim(folder: Path, keep: int, over: int = 0) -> None:
    with os.scandir(folder) as listing:
        entries = list(listing)
    if len(entries) <= over:
        return
    entries.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime_ns)
    for entry in entries[: len(entries) - keep]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


@pytest.fixture(scope="module", autouse=True)
def _fuzz_cache():
    """The hypothesis tests' cases use the harness's own cache too (each road has its own,
    in its scratch folder: run_road)."""
    with scratch_folder() as folder, own_cache(folder):
        yield


@pytest.fixture(autouse=True)
def _report(request):
    """Each test hands the cases it generated, and for a road its time and CPU time, to
    conftest.py as a user property: the summary line at the end of the run adds them up,
    in pytest's process, from every pytest-xdist worker's reports."""
    before, start, cpu = sum(GENERATED.values()), time.perf_counter(), time.process_time()
    yield
    road = request.node.callspec.params.get("road") if hasattr(request.node, "callspec") else None
    request.node.user_properties.append(("generated", {
        "road": road.name if road is not None else None, "cases": sum(GENERATED.values()) - before,
        "seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}))


ATOMS = st.sampled_from(["a", "b", "heads", "0", "1", "2", "7", "-1", "10**9", "true", "false", "hidden",
                         "k", "k[0]", "k[5]", "x.y", "'s'", "1.5", "__import__", "()", "[]", "lambda: 0"])
OPERATORS = st.sampled_from(["+", "-", "*", "/", "//", "%", "**", " and ", " or ", " < ", " == ", " if a else "])
FUNCTIONS = st.sampled_from(["min", "max", "ceil", "floor", "cdiv", "round_up", "ntuple", "prod", "open", "eval"])


@st.composite
def expressions(draw, depth=0):
    if depth > 3 or draw(_BOOLEANS):
        return draw(ATOMS)
    kind = draw(_KINDS)
    inner = _EXPRESSIONS[depth + 1]
    if kind == 0:
        return f"({draw(inner)}{draw(OPERATORS)}{draw(inner)})"
    if kind == 1:
        args = draw(_ARGUMENTS[depth + 1])
        return f"{draw(FUNCTIONS)}({', '.join(args)})"
    if kind == 2:
        return f"not {draw(inner)}"
    return f"-{draw(inner)}"


# The strategies for each depth, made once: a strategy made inside each draw is resolved again
# by hypothesis every time (most of the test's time); the drawn examples are the same
_BOOLEANS, _KINDS = st.booleans(), st.integers(0, 3)
_EXPRESSIONS = [expressions(depth) for depth in range(5)]
_ARGUMENTS = [st.lists(strategy, max_size=3) for strategy in _EXPRESSIONS]


def scope() -> Scope:
    values = {"a": 12, "b": 0, "heads": 4, "hidden": 1024, "k": [3, 5]}
    return Scope({name: (raw, HERE, None) for name, raw in values.items()})


@SETTINGS
@given(expressions())
def test_generated_expressions_raise_only_our_error(text):
    counted("hypothesis: expressions")
    try:
        evaluate(text, HERE, scope())
    except EstimatorError:
        pass


@SETTINGS
@given(st.text(alphabet=string.printable, max_size=80))
def test_arbitrary_text_as_an_expression(text):
    counted("hypothesis: text as an expression")
    try:
        evaluate(text, HERE, scope())
    except EstimatorError:
        pass


YAML_PIECES = st.sampled_from([
    "model:", "hyperparameters:", "layer_types:", "  - ", "{name: fc, type: linear, in_features: 4, out_features: 2}",
    "[", "]", "{", "}", ": ", "&a ", "*a", "!!python/object:os.system", "---", "\n", "  ", "a: 1", "on", "012",
    "repeat: 3", "type: attention", "hidden_size: 8", "num_heads: 3", "'", '"', "#", "\t", "\x00", "1e9", "<<: *a",
    "2001-12-14", "1:30", "~", ".inf", "!!binary aGk=", "? a\n: b",
])


@SETTINGS
@given(st.lists(YAML_PIECES, max_size=30).map("".join))
def test_generated_specs_raise_only_our_error(text):
    counted("hypothesis: YAML pieces")
    try:
        load_spec_document(load_yaml_text(text, "fuzz.yaml"))
    except EstimatorError:
        pass


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_as_yaml(data):
    counted("hypothesis: bytes as YAML")
    try:
        load_yaml_text(data.decode("utf-8", errors="replace"), "fuzz.yaml")
    except EstimatorError:
        pass


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["model.safetensors", "model.gguf", "shapes.json", "shapes.yaml"]))
def test_random_bytes_as_model_files(tmp_path_factory, data, name):
    counted("hypothesis: bytes as model files")
    path = _folder(tmp_path_factory, "bytes") / name
    write_file(path, data)
    with fast_parser():
        outcome = run_cli(["count", str(path), "--format", "json"])
    assert_clean(Case(["count", str(path)]), outcome)


@SETTINGS
@given(st.integers(0, 2**64 - 1), st.binary(max_size=200))
def test_safetensors_headers_with_any_length(tmp_path_factory, length, rest):
    counted("hypothesis: safetensors header lengths")
    path = _folder(tmp_path_factory, "length") / "model.safetensors"
    write_file(path, length.to_bytes(8, "little") + rest)
    with fast_parser():
        outcome = run_cli(["count", str(path)])
    assert_clean(Case(["count", str(path)]), outcome)


_FOLDERS: dict[str, Path] = {}


def _folder(factory, name: str) -> Path:
    """One folder per test, files overwritten per example (a folder per example is slow)."""
    if name not in _FOLDERS:
        _FOLDERS[name] = factory.mktemp(name)
    return _FOLDERS[name]


def test_injection_payloads_never_run(tmp_path):
    canary = tmp_path / "pwned"
    payloads = [
        f"hyperparameters: {{a: \"__import__('os').system('touch {canary}')\"}}\nmodel:\n  - {{name: f, type: linear, in_features: a, out_features: 1}}\n",
        f"!!python/object/apply:os.system ['touch {canary}']\n",
        f"hyperparameters: !!python/object/apply:os.system ['touch {canary}']\nmodel: []\n",
        f"hyperparameters: {{a: \"open('{canary}', 'w')\"}}\nmodel:\n  - {{name: f, type: linear, in_features: a, out_features: 1}}\n",
    ]
    for number, text in enumerate(payloads):
        spec = tmp_path / f"evil{number}.yaml"
        spec.write_text(text)
        assert cli.main(["estimate", str(spec)]) == 2
    assert not canary.exists()


# ================================================================ roads: running a case


class Case(NamedTuple):
    """A command line, the files it reads (written first), which exit codes are allowed
    (None: any clean answer), and a check of the output of a successful run."""

    argv: list
    files: dict = {}
    codes: frozenset | None = None
    check: Callable[[str], None] | None = None  # raises AssertionError
    needs: str = ""  # a text the one error line must contain (the option or file it is about)


class Outcome(NamedTuple):
    code: Any
    out: str
    err: str
    seconds: float


_PARSER = cli.build_parser()


@contextlib.contextmanager
def fast_parser():
    """The CLI with its argparse parser built once, not per call (5 ms of each run): the
    same parser, reused; argparse keeps no state between parse_args calls."""
    build = cli.build_parser
    cli.build_parser = lambda: _PARSER
    try:
        yield
    finally:
        cli.build_parser = build


def run_cli(argv: list) -> Outcome:
    """Run ``estimator ARGV`` in-process; an uncaught exception propagates. The time is
    CPU time: a bound that holds on a loaded machine too."""
    out, err = io.StringIO(), io.StringIO()
    start = time.process_time()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # --help, --version
            code = exc.code
    return Outcome(code, out.getvalue(), err.getvalue(), time.process_time() - start)


def assert_clean(case: Case, outcome: Outcome) -> None:
    code, out, err, seconds = outcome
    lines = err.splitlines()
    assert seconds < CASE_SECONDS, f"took {seconds:.1f} s of CPU time"
    if code == 0:
        assert out and not err, "exit 0 needs output and nothing on stderr"
    elif code == 1:
        assert out or (len(lines) == 1 and lines[0].startswith(("Failed: ", "Error: "))), "exit 1 without a report"
        assert len(lines) <= 1
    elif code == 2:
        assert not out, "exit 2 with output on stdout"
        assert len(lines) == 1, f"exit 2 with {len(lines)} lines on stderr"
        assert lines[0].startswith("Error: ") and "Traceback" not in err
        if case.needs:
            assert case.needs in lines[0], f"the error line does not name {case.needs!r}"
    else:
        raise AssertionError(f"exit code {code!r}")
    if case.codes is not None:
        assert code in case.codes, f"exit {code}, expected {sorted(case.codes)}"
    if code == 0 and case.check is not None:
        case.check(out)


def execute(case: Case, folder: Path, stats: dict | None = None) -> str | None:
    """Run one case; None if it behaved, else what went wrong, with the input. ``stats``
    counts the exit codes, and the runs whose figure was checked exactly."""
    for name, content in case.files.items():
        write_file(os.path.join(folder, name), content)
    try:
        outcome = run_cli(case.argv)
    except BaseException as exc:  # noqa: BLE001 - any escape is the failure we look for
        if isinstance(exc, KeyboardInterrupt):
            raise
        return describe(case, None, f"uncaught {type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    return _judge(case, outcome, stats)


def _judge(case: Case, outcome: Outcome, stats: dict | None) -> str | None:
    try:
        assert_clean(case, outcome)
    except AssertionError as exc:
        return describe(case, outcome, str(exc) or "assertion failed")
    except Exception as exc:  # noqa: BLE001 - a check that could not even read the output
        return describe(case, outcome, f"{type(exc).__name__} checking the output: {exc}")
    if stats is not None:
        stats[f"exit {outcome.code}"] = stats.get(f"exit {outcome.code}", 0) + 1
        if outcome.code == 0 and case.check is not None:
            stats["exact"] = stats.get("exact", 0) + 1
    return None


_WRITTEN: dict[str, bytes] = {}


def write_file(path: Path | str, content: bytes) -> None:
    """Write a case's file; unchanged files are left alone, and a changed one is removed
    first (rewriting a file in place makes ext4 flush it: 3 ms a case). Plain os calls on
    the path's text: pathlib's own cost per call was most of the harness's writing."""
    path = os.fspath(path)
    if _WRITTEN.get(path) == content and os.path.exists(path):
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    try:
        _write_bytes(path, content)
    except FileNotFoundError:  # its folder is not made yet (made here, not before every write)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _write_bytes(path, content)
    _WRITTEN[path] = content


def _write_bytes(path: str, content: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(content)


@contextlib.contextmanager
def scratch_folder():
    """A folder for the generated files: in memory (/dev/shm) where there is one."""
    shm = Path("/dev/shm")
    base = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="estimator-fuzz-", dir=base) as folder:
        yield Path(folder)


def describe(case: Case, outcome: Outcome | None, problem: str) -> str:
    text = f"{problem}\n  argv: {[_cut(a) for a in case.argv]!r}"
    for name, content in case.files.items():
        text += f"\n  {name}: {_cut(content, 600)!r}"
    if outcome is not None:
        text += f"\n  exit {outcome.code}; stdout {_cut(outcome.out, 400)!r}\n  stderr {_cut(outcome.err, 800)!r}"
    return text


def _cut(value: Any, limit: int = 200) -> Any:
    return value if len(value) <= limit else value[:limit] + (b"..." if isinstance(value, bytes) else "...")


# ================================================================ generators of values


UNICODE_DIGITS = "٠١٢٣٤٥٦٧٨٩०१२३४५६७८९０１２３４５６７８９²³¹⁰①⑩𝟙𝟚"
HOSTILE_CHARS = "\n\r\t\x00\x1b\u2028\u2029\ufeff\xa0\u2003é" + UNICODE_DIGITS + "'\"`$\\{}[](),:;=#&*!|%@"


def number_text(rng: random.Random) -> str:
    """Text typed where a number is expected: valid, at the edges, or hostile."""
    kind = rng.randrange(24)
    if kind < 5:
        return str(rng.randint(1, 5000))
    if kind == 5:
        return rng.choice(["0", "-0", "+0", "00", "0_0"])
    if kind == 6:
        return f"-{rng.randint(1, 10**rng.randint(1, 30))}"
    if kind == 7:
        return rng.choice(["+", " ", "  ", "\t"]) + str(rng.randint(1, 999)) + rng.choice(["", " ", "\n"])
    if kind == 8:
        return "_".join(str(rng.randint(1, 999)) for _ in range(rng.randint(2, 4)))
    if kind == 9:
        return "".join(rng.choice(string.digits) for _ in range(rng.choice([77, 78, 79, 100, 300, 5000])))
    if kind == 10:
        return str(rng.choice([2**255, 2**256 - 1, 2**256, 2**256 + 1, -(2**256), 2**63, 2**64]))
    if kind == 11:
        return "".join(rng.choice(UNICODE_DIGITS) for _ in range(rng.randint(1, 4)))
    if kind == 12:
        return rng.choice(["1e3", "1.5", "1e5000", "1e999999999", "inf", "nan", "-inf", "Infinity", "0x10", "0b11",
                           "0o7", "1_", "_1", "1__0", "--1", "++1", "+-1", "", " ", "1e-5", "7B", "7e9", "1,000",
                           "1.0", "3/2", "2**10", "١٢", "1\n2", "12abc", "None", "true", "nan(1)"])
    if kind == 13:
        return "".join(rng.choice(string.printable) for _ in range(rng.randint(0, 20)))
    if kind == 14:
        return "".join(rng.choice(HOSTILE_CHARS) for _ in range(rng.randint(1, 8)))
    if kind == 15:
        return rng.choice(["9", "x", "1"]) * rng.choice([1000, 5000])
    if kind == 16:
        return mutate_text(rng, str(rng.randint(1, 10**6)))
    return str(rng.randint(1, 2**rng.randint(1, 300)))


def mutate_text(rng: random.Random, text: str, alphabet: str = HOSTILE_CHARS + string.printable) -> str:
    for _ in range(rng.randint(1, 3)):
        position = rng.randint(0, len(text))
        action = rng.randrange(4)
        if action == 0:
            text = text[:position] + rng.choice(alphabet) + text[position:]
        elif action == 1 and text:
            text = text[:position] + text[position + 1:]
        elif action == 2 and text:
            text = text[:position] + rng.choice(alphabet) + text[position + 1:]
        else:
            text = text[:position] + text[position:] * 2
    return text


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    """Truncation, inserted or replaced bytes (NUL, Latin-1, invalid UTF-8), a repeated span."""
    action = rng.randrange(7)
    position = rng.randint(0, len(data))
    if action == 0:
        return data[:position]
    if action == 1:
        return data[:position] + bytes([rng.randrange(256)]) + data[position:]
    if action == 2 and data:
        return data[:position] + bytes([rng.randrange(256)]) + data[position + 1:]
    if action == 3:
        return data[:position] + rng.choice([b"\x00", b"\xe9", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\\u0000",
                                             b"\xc3", b"9" * 400]) + data[position:]
    if action == 4:
        end = rng.randint(position, len(data))
        return data[:end] + data[position:end] * rng.randint(1, 30) + data[end:]
    if action == 5:
        return b"\xef\xbb\xbf" + data
    return data.decode("utf-8", "replace").encode(rng.choice(["utf-16", "latin-1", "utf-8"]), "replace")


def ascii_integer(text: str) -> int | None:
    """The value of an integer as a person types it (ASCII digits, optional sign, `_`
    between digits), within the one bound; None otherwise. Written from the contract,
    not taken from the package."""
    text = text.strip()
    body = text[1:] if text[:1] in "+-" else text
    if not body or not body.isascii() or not body.replace("_", "").isdigit():
        return None
    if body.startswith("_") or body.endswith("_") or "__" in body or len(text) > BITS:
        return None
    value = int(text.replace("_", ""))
    return value if value.bit_length() <= BITS else None


# ---------------------------------------------------------------- expressions with their exact value


class Bad(Exception):
    """The generated expression must be refused (division by zero, a bad exponent, too large)."""


def bounded(value: Fraction) -> Fraction:
    if value.numerator.bit_length() > BITS or value.denominator.bit_length() > BITS:
        raise Bad("too large")
    return value


def expression(rng: random.Random, names: dict, depth: int = 0) -> tuple[str, Callable[[], Fraction]]:
    """(text, value) of a random arithmetic expression; ``value()`` computes it with exact
    fractions, raising Bad where the engine must refuse. Every step is bounded as the
    engine bounds it: any intermediate numerator or denominator over 256 bits is refused."""
    if depth >= 4 or rng.random() < 0.3:
        kind = rng.randrange(10)
        if kind < 4:
            n = rng.randint(0, 20)
            return str(n), lambda: Fraction(n)
        if kind == 4:
            n = rng.randint(0, 10**6)
            return str(n), lambda: Fraction(n)
        if kind == 5:
            n = 2**rng.randint(0, 300) + rng.randint(-3, 3)
            return str(n), lambda: bounded(Fraction(n))
        if kind == 6:
            text = rng.choice(["0.5", "1.5", "2.25", "0.125", "1e3", "2e1", "12.5e-1", "3.0", "27.89", "0.75"])
            return text, lambda: Fraction(text)
        if names:
            name = rng.choice(sorted(names))
            return name, lambda: Fraction(names[name])
        return "1", lambda: Fraction(1)
    kind = rng.randrange(12)
    left, lv = expression(rng, names, depth + 1)
    right, rv = expression(rng, names, depth + 1)
    if kind < 7:
        op = "+-*///%**"[kind] if kind < 3 else ["/", "//", "%", "**"][kind - 3]
        return f"({left} {op} {right})", lambda: _apply(op, lv(), rv())
    if kind == 7:
        return f"(-({left}))", lambda: -lv()
    if kind == 8:
        fn = rng.choice(["min", "max"])
        return f"{fn}({left}, {right})", lambda: (min if fn == "min" else max)(lv(), rv())
    if kind == 9:
        fn = rng.choice(["ceil", "floor"])
        return f"{fn}({left})", lambda: Fraction(math.ceil(lv()) if fn == "ceil" else math.floor(lv()))
    if kind == 10:
        return f"cdiv({left}, {right})", lambda: bounded(Fraction(_cdiv(lv(), rv())))
    return f"round_up({left}, {right})", lambda: bounded(_round_up(lv(), rv()))


def _apply(op: str, a: Fraction, b: Fraction) -> Fraction:
    if op in ("/", "//", "%") and b == 0:
        raise Bad("division by zero")
    if op == "**":
        if b.denominator != 1 or not 0 <= b <= 256:
            raise Bad("exponent")
        if max(a.numerator.bit_length(), a.denominator.bit_length()) * int(b) > 4 * BITS:
            raise Bad("too large")  # not computed here either
        return bounded(a ** int(b))
    result = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b,
              "//": lambda: Fraction(a // b), "%": lambda: a % b}[op]()
    return bounded(result)


def _cdiv(a: Fraction, b: Fraction) -> int:
    if b == 0:
        raise Bad("division by zero")
    return -math.floor(-a / b)


def _round_up(x: Fraction, m: Fraction) -> Fraction:
    if m <= 0:
        raise Bad("round_up needs a positive multiple")
    return math.ceil(x / m) * m


def value_of(compute: Callable[[], Fraction]) -> Fraction | None:
    try:
        return compute()
    except Bad:
        return None


def as_fraction(value: Any) -> Fraction:
    """An exact value as a Fraction: an int or Fraction (the numeric road), a sympy Rational."""
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    return Fraction(int(value.p), int(value.q))


# ================================================================ roads


class Road(NamedTuple):
    name: str
    cases: int  # in a default test run
    make: Callable[[random.Random, Path], Case]


LIN = "hyperparameters: {a: 3, b: 4}\nmodel:\n  - {name: f, type: linear, in_features: a, out_features: b}\n"


def lin_params(a: int, b: int) -> int:
    return a * b + b  # nn.Linear(a, b): weight [b, a] and bias [b]


def json_params(expected: int) -> Callable[[str], None]:
    def check(out: str) -> None:
        got = json.loads(out)["params"]
        assert got == expected, f"params {got}, expected {expected}"
    return check


def _lin(folder: Path) -> tuple[str, dict]:
    return os.path.join(folder, "lin.yaml"), {"lin.yaml": _LIN_BYTES}


_LIN_BYTES = LIN.encode()


# ---------------------------------------------------------------- expressions (in-process, no CLI)


EXPRESSION_NAMES = {"a": 12, "b": 0, "heads": 4, "hidden": 1024}


def road_expressions(rng: random.Random, folder: Path) -> Case:
    """An arithmetic expression evaluated by the engine, compared with exact fractions;
    a mutated one must only be answered cleanly."""
    text, compute = expression(rng, EXPRESSION_NAMES)
    if rng.random() < 0.25:
        return Case(["<evaluate>", mutate_text(rng, text)])
    expected = value_of(compute)
    if expected is None:
        return Case(["<evaluate>", text], codes=frozenset({2}))
    return Case(["<evaluate>", text], codes=frozenset({0}), check=lambda out: _same_value(out, expected))


def _same_value(out: str, expected: Fraction) -> None:
    try:
        value = Fraction(out)
    except ValueError:
        raise AssertionError(f"not a number: {out}") from None
    assert value == expected, f"value {out}, expected {expected}"


def run_expression(case: Case) -> Outcome:
    """The expressions road runs ``evaluate`` directly (0.1 ms instead of a CLI run) and
    reports like the CLI: exit 0 with the value, or exit 2 with the one error line."""
    start = time.process_time()
    try:
        value = evaluate(case.argv[1], HERE, Scope({n: (v, HERE, None) for n, v in EXPRESSION_NAMES.items()}))
    except EstimatorError as exc:
        return Outcome(2, "", f"Error: {exc}\n", time.process_time() - start)
    seconds = time.process_time() - start
    is_number = (isinstance(value, (int, Fraction)) and not isinstance(value, bool)
                 or getattr(value, "is_Rational", False))
    return Outcome(0, str(as_fraction(value)) if is_number else repr(value), "", seconds)


# ---------------------------------------------------------------- CLI option values


POSITIVE_OPTIONS = {"--context": ("estimate", 1), "--batch": ("estimate", 1), "--devices": ("estimate", 1),
                    "--zero": ("estimate", 0), "--depth": ("estimate", 0), "--multiple-of": ("solve", 1),
                    "--alternatives": ("solve", 1), "--encoder-context": ("estimate", 1)}
TEXT_OPTIONS = {"--weights": ["bf16", "fp32", "int4-g128", "int4-g128-zp", "q4_k", "int9-g1", "int4-g0", "int٤-g128",
                              "int4-g" + "9" * 5000, "INT8-G64", "fp8"],
                "--keep": ["bf16", "fp32", "int4"], "--kv-dtype": ["bf16", "fp8", "q8_0"],
                "--optimizer": ["adamw", "sgd", "adamw-fp32", "adam"], "--format": ["json", "csv", "xml", "table"],
                "--side": ["both", "below", "above", "left"], "--free": ["a", "a,b", "x", ",", "a,,b"],
                "--of": ["params", "active_params", "kv_cache_bytes", "nothing"], "--columns": ["a,params", "zzz", ""]}


def road_options(rng: random.Random, folder: Path) -> Case:
    """One option with a generated value; integer options are checked against the contract:
    a bounded ASCII integer of at least 1 (at least 0 for --zero and --depth)."""
    spec, files = _lin(folder)
    if rng.random() < 0.75:
        option = rng.choice(sorted(POSITIVE_OPTIONS))
        command, minimum = POSITIVE_OPTIONS[option]
        value = number_text(rng)
        expected = ascii_integer(value)
        valid = expected is not None and expected >= minimum
        if option == "--zero" and valid and expected > 3:
            valid = False  # a ZeRO stage is 0 to 3: refused after parsing, naming --zero
        argv = [command, spec, f"{option}={value}", "--format", "json"]
        if command == "solve":
            argv += ["--target", "params=1000", "--for", "a"]
        if rng.random() < 0.3 and not value.startswith("-"):
            argv = [command, spec, option, value, *argv[3:]]
        if not valid:
            return Case(argv, files, frozenset({2}), needs=option)
        if command == "estimate":
            return Case(argv, files, frozenset({0}), json_params(lin_params(3, 4)))
        return Case(argv, files, frozenset({0, 2}), _solutions_check("a", 3, 4, expected if option == "--multiple-of" else 1))
    option = rng.choice(sorted(TEXT_OPTIONS))
    value = rng.choice(TEXT_OPTIONS[option]) if rng.random() < 0.6 else mutate_text(rng, rng.choice(TEXT_OPTIONS[option]))
    command = {"--side": "solve", "--free": "formula", "--of": "formula", "--columns": "sweep"}.get(option, "estimate")
    argv = [command, spec, f"{option}={value}"]
    if command == "solve":
        argv += ["--target", "params=1000", "--for", "a"]
    if command == "sweep":
        argv += ["--grid", "a=1,2"]
    return Case(argv, files)


# ---------------------------------------------------------------- --set names and values


def road_set(rng: random.Random, folder: Path) -> Case:
    """`--set b=EXPR --set a=EXPR` on nn.Linear(a, b): the count is a*b + b exactly, or the
    value (or name) is refused with an error naming `--set`."""
    spec, files = _lin(folder)
    values = {"a": 3, "b": 4}
    argv = ["estimate", spec, "--format", "json"]
    refused = unknown = False
    for name in [n for n in ("b", "a") if rng.random() < 0.7] or ["a"]:
        shown = name
        if rng.random() < 0.1:
            shown = rng.choice([f" {name} ", "é", "a\nb", "x" * 5000, "", "1a", "a b", "A", "a-b", "__class__",
                                mutate_text(rng, name)])
        target = shown.strip()
        if rng.random() < 0.7:  # b first: a's expression may use b's new value (never its own)
            text, compute = expression(rng, {"b": values["b"]} if target == "a" else {})
            value = value_of(compute)
            if value is None:
                value = Fraction(-1)  # the engine must refuse it (division by zero, a bad exponent, too large)
            if rng.random() < 0.1:
                text, value, unknown = mutate_text(rng, text), None, True
        else:
            text = number_text(rng)
            parsed = ascii_integer(text)
            digits = text.strip().lstrip("+-")
            if parsed is None or (digits.startswith("0") and len(digits) > 1):
                value, unknown = None, True  # `1e3`, `0x10` are expressions too; `007` is not
            else:
                value = Fraction(parsed)
        if target == "a" and unknown and "b" in text:
            value = None  # b's value is not known here: neither is a's
        if target not in values:
            refused = True  # not an identifier, or no such hyperparameter
        elif value is None:
            pass
        elif value.denominator != 1 or value < 0:
            refused = True
        else:
            values[target] = int(value)
        argv += ["--set", f"{shown}={text}"]
    if refused:
        return Case(argv, files, frozenset({2}), needs="--set")
    if unknown or lin_params(values["a"], values["b"]).bit_length() > BITS - 4:
        return Case(argv, files)  # near the bound, a tensor's product of dimensions may be refused
    return Case(argv, files, frozenset({0}), json_params(lin_params(values["a"], values["b"])))


# ---------------------------------------------------------------- YAML specs


LAYERS = [
    # (type, argument names, params from the argument values), from PyTorch's definitions
    ("linear", ("in_features", "out_features"), lambda i, o: i * o + o),
    ("embedding", ("num_embeddings", "embedding_dim"), lambda n, d: n * d),
    ("layernorm", ("normalized_shape",), lambda d: 2 * d),
    ("rmsnorm", ("normalized_shape",), lambda d: d),
    ("batchnorm2d", ("num_features",), lambda n: 2 * n),
    ("gated_mlp", ("hidden_size", "intermediate_size"), lambda h, i: 3 * h * i),
    ("mlp", ("hidden_size", "intermediate_size"), lambda h, i: 2 * h * i + h + i),
    ("conv2d", ("in_channels", "out_channels", "kernel_size"), lambda i, o, k: o * i * k * k + o),
]
TENSORS = (None, ("rows", "columns"), lambda r, c: r * c)  # `tensors: {w: [r, c], b: {shape: [c], kind: buffer}}`
YAML_SCALARS = ["2001-12-14", "012", "1:30", "0x1F", ".inf", ".nan", "~", "yes", "on", "1_000", "1e3", "-0", "+5",
                "!!python/name:os.system", "*x", "&x 3", "[3]", "{a: 1}", "'3'", '"3"', "3 # c", "0o17", "0b101",
                "2**256", "10**10**10", "1/0", "-1", "0", "a", "'\\n'", "\"\\u2028\"", "x" * 5000]


def road_specs(rng: random.Random, folder: Path) -> Case:
    """A spec of a few layers whose arguments are expressions; its count against the sum of
    PyTorch's per-layer formulas, or (mutated YAML) a clean answer."""
    hyper = {f"h{i}": rng.randint(0, 64) for i in range(rng.randint(0, 3))}
    lines = ["hyperparameters: {" + ", ".join(f"{k}: {v}" for k, v in hyper.items()) + "}", "model:"]
    expected: int | None = 0
    refused = unknown = False
    for index in range(rng.randint(1, 4)):
        layer, arguments, formula = rng.choice(LAYERS + [TENSORS])
        values, texts = [], []
        for _ in arguments:
            if rng.random() < 0.7:
                n = rng.randint(0, 64)
                texts.append(str(n))
                values.append(Fraction(n))
            else:
                text, compute = expression(rng, hyper, depth=2)
                texts.append(json.dumps(text))
                values.append(value_of(compute))
        repeat = rng.choice([None, None, 0, 1, 3, "h0"])
        if repeat == "h0" and "h0" not in hyper:
            repeat = 2
        copies = hyper["h0"] if repeat == "h0" else 1 if repeat is None else repeat
        if any(v is None or v.denominator != 1 or v < 0 for v in values):
            refused = True
            unknown = unknown or copies == 0  # a module repeated 0 times need not be evaluated
        elif layer == "conv2d" and values[2] == 0:
            expected = None  # a kernel of size 0: what is right is not obvious; only a clean answer
        elif expected is not None:
            expected += copies * formula(*(int(v) for v in values))
        args = ", ".join(f"{name}: {text}" for name, text in zip(arguments, texts))
        if layer is None:  # a module holding its own tensors
            args = f"tensors: {{w: [{texts[0]}, {texts[1]}], b: {{shape: [{texts[1]}], kind: buffer}}}}"
            lines.append(f"  - {{name: m{index}, {args}" + (f", repeat: {repeat}" if repeat is not None else "") + "}")
            continue
        lines.append(f"  - {{name: m{index}, type: {layer}, {args}" + (f", repeat: {repeat}" if repeat is not None else "")
                     + "}")
    text = "\n".join(lines) + "\n"
    command = rng.choice(["estimate", "estimate", "shapes", "validate", "formula"])
    argv = [command, str(folder / "spec.yaml")] + (["--format", "json"] if command in ("estimate", "shapes") else [])
    if rng.random() < 0.35:
        if rng.random() < 0.5:
            text = text.replace(rng.choice(texts) + ",", rng.choice(YAML_SCALARS) + ",", 1)
        else:
            text = mutate_bytes(rng, text.encode()).decode("utf-8", "surrogateescape")
        return Case(argv, {"spec.yaml": text.encode("utf-8", "surrogateescape")})
    if expected is not None and expected.bit_length() > BITS - 8:
        return Case(argv, {"spec.yaml": text.encode()})
    if command == "formula" or unknown:  # formula: hyperparameters become symbols, what is refused differs
        return Case(argv, {"spec.yaml": text.encode()})
    if refused:
        return Case(argv, {"spec.yaml": text.encode()}, frozenset({2}), needs="spec.yaml")
    check = None if expected is None else json_params(expected) if command == "estimate" else \
        _listed_params(expected) if command == "shapes" else None
    return Case(argv, {"spec.yaml": text.encode()}, frozenset({0}), check)


def _listed_params(expected: int) -> Callable[[str], None]:
    def check(out: str) -> None:
        tensors = json.loads(out)["tensors"]
        got = sum(t["numel"] for t in tensors if t["kind"] == "parameter" and not t["tied_to"])
        assert got == expected, f"the listed parameters add up to {got}, expected {expected}"
        names = [t["name"] for t in tensors]
        assert len(names) == len(set(names)), "a state-dict name is listed twice"
    return check


# ---------------------------------------------------------------- module trees and state-dict names

TREE_NAMES = ["a", "b", "a.b", "0", "1", "2", "a.0", "b.1", "x.y.z", None, None]


def _tree(rng: random.Random, depth: int, copies: int, lines: list, indent: str) -> int:
    """Append a random list of modules to ``lines``; the parameters it holds (linear
    leaves: in*out + out, times the copies of every enclosing repeat)."""
    total = 0
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(TREE_NAMES)
        keys = [f"name: {json.dumps(name)}"] if name is not None else []
        repeat = rng.choice([None, None, None, 2, 3])
        if repeat:
            keys.append(f"repeat: {repeat}")
        if rng.random() < 0.15:
            keys.append("inline: true")
        times = copies * (repeat or 1)
        if depth >= 3 or rng.random() < 0.5:
            i, o = rng.randint(1, 9), rng.randint(1, 9)
            lines.append(f"{indent}- {{{', '.join(keys + ['type: linear', f'in_features: {i}', f'out_features: {o}'])}}}")
            total += times * (i * o + o)
        else:
            lines.append(f"{indent}- {{{', '.join(keys)}}}" if not keys else f"{indent}- {keys[0]}")
            for key in keys[1:]:
                lines.append(f"{indent}  {key}")
            if not keys:
                lines[-1] = f"{indent}- children:"
            else:
                lines.append(f"{indent}  children:")
            total += _tree(rng, depth + 1, times, lines, indent + "    ")
    return total


def road_trees(rng: random.Random, folder: Path) -> Case:
    """Nested modules named `a`, `a.b`, `0`, unnamed, inlined, repeated: either refused, or
    every tensor listed once under its own state-dict name, the listing and the count
    agreeing with the sum over the leaves (issue 13: names that collide are errors)."""
    lines = ["model:"]
    expected = _tree(rng, 0, 1, lines, "  ")
    path = folder / "tree.yaml"

    def check(out: str) -> None:
        assert json.loads(out)["params"] == expected, f"params {json.loads(out)['params']}, expected {expected}"
        listed = run_cli(["shapes", str(path), "--format", "json"])
        assert listed.code == 0, f"estimate counts it, shapes says {listed.err.strip()!r}"
        _listed_params(expected)(listed.out)
    return Case(["estimate", str(path), "--format", "json"], {"tree.yaml": ("\n".join(lines) + "\n").encode()},
                frozenset({0, 2}), check)


# ---------------------------------------------------------------- --grid specs


def grid_values(rng: random.Random) -> tuple[str, list | None]:
    """A grid spec and its values (None: must be refused or unknown)."""
    if rng.random() < 0.5:
        start, count, step = rng.randint(-3, 50), rng.randint(1, 6), rng.randint(1, 7)
        stop = start + (count - 1) * step + rng.randint(0, step - 1)
        text = f"{start}:{stop}" + (f":{step}" if step != 1 or rng.random() < 0.3 else "")
        return text, list(range(start, stop + 1, step))
    cells = [str(rng.randint(-2, 300)) if rng.random() < 0.8 else number_text(rng) for _ in range(rng.randint(1, 5))]
    values = [ascii_integer(c) for c in cells if c.strip()]
    text = ",".join(cells)
    if "," in "".join(cells) or any(v is None for v in values) or not values:
        return text, None
    return text, values


def road_grid(rng: random.Random, folder: Path) -> Case:
    """`sweep --grid a=... [--grid b=...]`: every row without an error is a*b + b."""
    spec, files = _lin(folder)
    argv = ["sweep", spec]
    grid: dict = {}
    known = True
    for name in rng.sample(["a", "b"], rng.randint(1, 2)):
        text, values = grid_values(rng)
        if rng.random() < 0.1:
            text, values = mutate_text(rng, text), None
        argv.append(f"--grid={name}={text}")
        grid[name] = values
        known = known and values is not None
    fmt = rng.choice(["json", "json", "json", "csv", "table", "markdown"])
    argv += ["--format", fmt]
    if not known:
        return Case(argv, files)
    if any(isinstance(v, int) and v.bit_length() > 100 for values in grid.values() for v in values):
        return Case(argv, files)
    count = math.prod(len(v) for v in grid.values())
    return Case(argv, files, frozenset({0}), _rows_check(count, {"a": 3, "b": 4}) if fmt == "json" else None)


def _rows_check(count: int, defaults: dict, points: list | None = None) -> Callable[[str], None]:
    """Each row's count is a*b + b; a row has an error only if a value is negative or (an
    `expect_params` column) the count differs from the expected one."""
    def check(out: str) -> None:
        rows = json.loads(out)["rows"]
        assert len(rows) == count, f"{len(rows)} rows, expected {count}"
        for index, row in enumerate(rows):
            given = points[index] if points is not None else row
            a, b = given.get("a", defaults["a"]), given.get("b", defaults["b"])
            error = row["error"]
            if a < 0 or b < 0:
                assert error, f"row {index}: no error for a={a}, b={b}"
                continue
            assert error == "" or error.startswith("params is"), f"row {index}: error {error!r} for a={a}, b={b}"
            assert row["params"] == lin_params(a, b), f"row {index}: params {row['params']} for a={a}, b={b}"
    return check


# ---------------------------------------------------------------- points files


def road_points(rng: random.Random, folder: Path) -> Case:
    """A CSV or YAML points file as spreadsheets and people write them; clean ones are
    checked row by row (a*b + b, empty cells keep the spec's value)."""
    spec, files = _lin(folder)
    columns = rng.sample(["a", "b", "name", "expect_params"], rng.randint(1, 4))
    points, rows = [], []
    known = True
    for index in range(rng.randint(0, 6)):
        cells, point = [], {}
        for column in columns:
            if column == "name":
                cells.append(f"p{index}")
            elif column == "expect_params":
                cells.append("")  # filled below, when the row's count is known
            elif rng.random() < 0.15:
                cells.append("")
            else:
                n = rng.randint(0, 500)
                cells.append(str(n))
                point[column] = n
        if "expect_params" in columns:
            params = lin_params(point.get("a", 3), point.get("b", 4))
            cells[columns.index("expect_params")] = str(params + (rng.random() < 0.2))
        rows.append(cells)
        points.append(point)
    yaml_file = rng.random() < 0.3
    if yaml_file:
        entries = [{c: (int(v) if v.isdigit() else v) for c, v in zip(columns, cells) if v != ""} for cells in rows]
        text = json.dumps(entries if rng.random() < 0.7 else {"points": entries}).encode()  # JSON is YAML
        name = "points.yaml"
        if not entries:
            known = False
    else:
        end = rng.choice(["\n", "\r\n", "\r"])
        text = (end.join(",".join(cells) for cells in [columns] + rows) + end * rng.randint(0, 2)).encode()
        if rng.random() < 0.3:
            text = b"\xef\xbb\xbf" + text
        name = "points.csv"
    if rng.random() < 0.4:
        text, known = mutate_bytes(rng, text), False
    elif rng.random() < 0.15 and rows:
        row = rng.choice(rows)
        row[rng.randrange(len(row))] = number_text(rng).replace(",", "").replace("\n", "")
        text = (",".join(columns) + "\n" + "\n".join(",".join(r) for r in rows) + "\n").encode()
        name, known = "points.csv", False
    argv = ["sweep", spec, "--points", str(folder / name), "--format", "json"]
    files = {**files, name: text}
    if not known:
        return Case(argv, files)
    kept = [(r, p) for r, p in zip(rows, points) if not yaml_file and ",".join(r) or yaml_file]
    rows, points = [r for r, _ in kept], [p for _, p in kept]  # a blank line is not a point
    mismatch = "expect_params" in columns and any(
        int(r[columns.index("expect_params")]) != lin_params(p.get("a", 3), p.get("b", 4)) for r, p in zip(rows, points))
    return Case(argv, files, frozenset({1} if mismatch else {0}),
                _rows_check(len(points), {"a": 3, "b": 4}, points))


# ---------------------------------------------------------------- solve targets

SUFFIXES = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30}


def road_solve(rng: random.Random, folder: Path) -> Case:
    """`solve --target params=VALUE --for a`: every solution is a*b + b exactly and a
    multiple of --multiple-of; a target that is not a positive whole number is refused."""
    spec, files = _lin(folder)
    name = rng.choice(["a", "a", "b"])
    multiple = rng.choice([1, 1, 1, 2, 7, 128])
    kind = rng.randrange(4)
    target: int | None
    if kind == 0:
        target = rng.randint(1, 10**rng.randint(1, 30))
        text = str(target)
    elif kind == 1:
        suffix = rng.choice(sorted(SUFFIXES))
        whole = rng.randint(1, 999)
        text, target = f"{whole}{suffix}", whole * SUFFIXES[suffix]
    elif kind == 2:
        mantissa, exponent = rng.randint(1, 99), rng.randint(0, 80)
        text, target = f"{mantissa}e{exponent}", mantissa * 10**exponent
        if target.bit_length() > BITS:
            target = None
    else:
        text = number_text(rng)
        target = ascii_integer(text) if "_" not in text else None
        if target is None or target < 1:
            target = None
        if target is None and not any(c in text for c in "0123456789"):
            target = -1  # no digit at all: surely refused
    argv = ["solve", spec, "--target", f"params={text}", "--for", name, "--format", "json"]
    if multiple > 1:
        argv += ["--multiple-of", str(multiple)]
    if target == -1:
        return Case(argv, files, frozenset({2}), needs="--target")
    if target is None:
        return Case(argv, files)

    def check(out: str) -> None:
        result = json.loads(out)
        assert result["target"]["params"] == target, f"target {result['target']}, expected {target}"
        _solutions_check(name, 3, 4, multiple)(out)
    return Case(argv, files, frozenset({0, 2}), check)


def _solutions_check(name: str, a: int, b: int, multiple: int) -> Callable[[str], None]:
    def check(out: str) -> None:
        for solution in json.loads(out)["solutions"]:
            values = {"a": a, "b": b, name: solution[name]}
            assert solution["params"] == lin_params(values["a"], values["b"]), f"solution {solution}"
            assert solution[name] % multiple == 0, f"solution {solution} is not a multiple of {multiple}"
    return check


# ---------------------------------------------------------------- name/shape lists


def hostile_json_value(rng: random.Random) -> str:
    """JSON text of a value where a dimension or name is expected."""
    return rng.choice(["-1", "0", "1.5", "true", "null", '"12"', "[]", "{}", "[3]", str(2**256), str(2**255),
                       str(2**300), "9" * 5000, "1e999", "-1e999", "NaN", "Infinity", "1e2", '"a\\nb"',
                       json.dumps("x" * 5000), "-0", "0.0", "[" * 70 + "]" * 70])


def road_listings(rng: random.Random, folder: Path) -> Case:
    """A name/shape list (mapping, list of entries, or `shapes --format json`); a clean one
    counts the sum of its shapes' products."""
    tensors = [(f"m{i}.w{j}", [rng.randint(0, 4096) for _ in range(rng.randint(0, 3))])
               for i in range(rng.randint(1, 3)) for j in range(rng.randint(1, 3))]
    if rng.random() < 0.05:
        tensors.append(("big.weight", [2**rng.randint(100, 130), 2**rng.randint(100, 125)]))
    form = rng.randrange(3)
    if form == 0:
        data: Any = {name: shape for name, shape in tensors}
    elif form == 1:
        data = [{"name": name, "shape": shape} for name, shape in tensors]
    else:
        data = {"tensors": [{"name": name, "shape": shape, "trainable": True} for name, shape in tensors]}
    text = json.dumps(data)
    known = True
    if rng.random() < 0.6:
        known = False
        action = rng.randrange(3)
        if action == 0:  # a dimension or a name replaced by a hostile value
            numbers = [i for i, c in enumerate(text) if c.isdigit() and (i == 0 or not text[i - 1].isalnum())]
            if numbers:
                start = rng.choice(numbers)
                end = start
                while end < len(text) and text[end].isdigit():
                    end += 1
                text = text[:start] + hostile_json_value(rng) + text[end:]
        elif action == 1:
            text = text.replace(f'"{tensors[0][0]}"', rng.choice(['""', "1", "null", json.dumps("a\nError: x"),
                                                                  json.dumps("x" * 5000), '"é.ü"', '"m0.w0"']), 1)
        else:
            text = rng.choice(["{}", "[]", "3", '"x"', "null", '{"a": ' + "[" * 65 + "]" * 65 + "}",
                               '{"a": [' + ",".join(["2"] * rng.choice([64, 65, 100000])) + "]}",
                               '[{"name": "a", "shape": [1], "kind": "weird"}]', '[{"name": "a", "shape": [1], "x": 1}]',
                               '[{"name": "a", "shape": [1], "trainable": "yes"}]', '{"a": [1], "a": [2]}'])
    content = mutate_bytes(rng, text.encode()) if not known and rng.random() < 0.3 else text.encode()
    name = rng.choice(["list.json", "list.json", "list.yaml"])
    command = rng.choice(["count", "count", "count", "diff"])
    argv = ["count", str(folder / name), "--format", "json"] if command == "count" else \
        ["diff", str(folder / "lin.yaml"), str(folder / name)]
    files = {**_lin(folder)[1], name: content}
    if not known or command == "diff":
        return Case(argv, files)
    return Case(argv, files, frozenset({0}), json_params(sum(math.prod(shape) for _, shape in tensors)))


# ---------------------------------------------------------------- safetensors headers

DTYPES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def road_safetensors(rng: random.Random, folder: Path) -> Case:
    """A safetensors file (header, then the data it describes); a clean one counts the sum
    of its shapes' products; a mutated one gets a clean answer."""
    header: dict = {}
    offset = 0
    expected = 0
    if rng.random() < 0.3:
        header["__metadata__"] = {"format": "pt", "k": "v" * rng.randint(0, 50)}
    for i in range(rng.randint(1, 5)):
        dtype = rng.choice(sorted(DTYPES))
        shape = [rng.randint(0, 9) for _ in range(rng.randint(0, 3))]
        size = math.prod(shape) * DTYPES[dtype]
        header[f"layer{i}.weight"] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
        expected += math.prod(shape)
    raw = json.dumps(header).encode()
    data = bytes(offset)
    known = True
    if rng.random() < 0.65:
        known = False
        action = rng.randrange(5)
        if action == 0:  # a number in the header replaced by a hostile value
            text = raw.decode()
            numbers = [i for i, c in enumerate(text) if c.isdigit() and not text[i - 1].isalnum()]
            start = rng.choice(numbers)
            end = start
            while end < len(text) and text[end].isdigit():
                end += 1
            raw = (text[:start] + hostile_json_value(rng) + text[end:]).encode()
        elif action == 1:  # a field replaced
            name = rng.choice([k for k in header if k != "__metadata__"])
            field = rng.choice(["dtype", "shape", "data_offsets", "extra"])
            header[name][field] = rng.choice(["F" * 5000, "X9", 5, None, [], [-1, 4], [4, 0], [0, 2**64],
                                              [2**200, 2**200], [2] * 100, "F32", {"a": 1}, [0.5, 1]])
            raw = json.dumps(header).encode()
        elif action == 2:
            raw = mutate_bytes(rng, raw)
        elif action == 3:
            data = data[: rng.randint(0, len(data))] + bytes(rng.randint(0, 3))
        else:
            raw = rng.choice([b"[]", b"3", b'"x"', b"{" * 100, b'{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},'
                              b' "a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}', b" " * 10, b"",
                              json.dumps({"__metadata__": {"x": 5}}).encode()])
    length = len(raw)
    if rng.random() < 0.1:
        length, known = rng.choice([0, 1, len(raw) + 1, max(len(raw) - 1, 0), 2**63, 2**64 - 1, 10**8]), False
    content = length.to_bytes(8, "little") + raw + data
    argv = ["count", str(folder / "model.safetensors"), "--format", rng.choice(["json", "table"])]
    files = {"model.safetensors": content}
    if rng.random() < 0.25:  # through a sharded index: model.safetensors.index.json
        shard = "model-00001-of-00001.safetensors"
        weight_map: dict = {name: shard for name in header if name != "__metadata__"}
        if rng.random() < 0.4:
            known = False
            weight_map[rng.choice(sorted(weight_map) + ["extra.weight"])] = rng.choice(
                ["../model.safetensors", "/etc/passwd", "a\x00b", "x" * 5000, "", 5, None, "missing.safetensors",
                 "model.safetensors", "c:\\model.safetensors", "é.safetensors"])
        index = json.dumps({"metadata": {"total_size": offset}, "weight_map": weight_map}).encode()
        if rng.random() < 0.15:
            index, known = mutate_bytes(rng, index), False
        files = {shard: content, "model.safetensors.index.json": index}
        argv[1] = str(folder / "model.safetensors.index.json")
    if not known:
        return Case(argv, files)
    return Case(argv, files, frozenset({0}), json_params(expected) if argv[-1] == "json" else None)


# ---------------------------------------------------------------- config.json texts


def gpt2_params(layers: int, width: int, vocab: int, positions: int, inner: int | None) -> int:
    """GPT2Model / GPT2LMHeadModel (tied head): wte, wpe, per block ln_1, attn (c_attn,
    c_proj), ln_2, mlp (c_fc, c_proj), then ln_f."""
    inner = 4 * width if inner is None else inner
    block = 2 * width + (3 * width * width + 3 * width) + (width * width + width) + 2 * width \
        + (width * inner + inner) + (inner * width + width)
    return vocab * width + positions * width + layers * block + 2 * width


def road_config(rng: random.Random, folder: Path) -> Case:
    """A gpt2 config.json: a clean one counts as transformers does; a mutated one (bad
    values, other families, broken JSON) gets a clean answer."""
    heads = rng.randint(1, 6)
    values: dict = {"model_type": "gpt2", "n_layer": rng.randint(0, 3), "n_embd": heads * rng.randint(1, 8),
                    "n_head": heads, "vocab_size": rng.randint(1, 300), "n_positions": rng.randint(1, 64)}
    if rng.random() < 0.3:
        values["n_inner"] = rng.randint(1, 64)
    if rng.random() < 0.5:
        values["architectures"] = [rng.choice(["GPT2LMHeadModel", "GPT2Model"])]
    expected = gpt2_params(values["n_layer"], values["n_embd"], values["vocab_size"], values["n_positions"],
                           values.get("n_inner"))
    text = json.dumps(values, indent=rng.choice([None, 2]))
    known = True
    if rng.random() < 0.7:
        known = False
        action = rng.randrange(5)
        if action == 0:
            key = rng.choice(sorted(values))
            text = text.replace(json.dumps(values[key]), hostile_json_value(rng), 1) if key != "architectures" else text
        elif action == 1:
            text = text.replace('"gpt2"', json.dumps(rng.choice([
                "llama", "bert", "t5", "mixtral", "GPT2", "gpt-2", "", "gpt2\nError: forged", "g" * 5000, "gpt2 "])), 1)
        elif action == 2:
            extra = {"num_hidden_layers": -1, "num_attention_heads": 0, "hidden_size": 2**200, "n_embd": 2**200,
                     "n_layer": 10**9, "tie_word_embeddings": "yes", "architectures": ["X\nError: y"],
                     "torch_dtype": "bfloat16", "n_head": 7, "layer_norm_epsilon": 1e-5}
            key = rng.choice(sorted(extra))
            values[key] = extra[key]
            text = json.dumps(values)
        elif action == 3:
            text = mutate_bytes(rng, text.encode()).decode("utf-8", "surrogateescape")
        else:
            text = text.replace("{", '{"n_layer": 1, ', 1)  # a duplicate key
    command = rng.choice(["estimate", "estimate", "estimate", "count", "shapes", "convert"])
    argv = [command, str(folder / "c" / "config.json")] + (["--format", "json"] if command in ("estimate", "count") else [])
    if command in ("estimate", "shapes") and rng.random() < 0.3:  # a --set over the config's value
        key = rng.choice(["n_layer", "vocab_size", "n_positions"] if command == "estimate" else ["vocab_size", "n_positions"])
        given, compute = expression(rng, {}, depth=rng.randint(2, 4))
        argv += ["--set", f"{key}={given}"]
        value = value_of(compute)
        if value is None or value.denominator != 1 or value < 0 or (key == "n_layer" and value > 10**9):
            if known:
                return Case(argv, {"c/config.json": text.encode()}, frozenset({2}), needs="--set")
            known = False
        else:
            values[key] = int(value)
            expected = gpt2_params(values["n_layer"], values["n_embd"], values["vocab_size"], values["n_positions"],
                                   values.get("n_inner"))
            known = known and expected.bit_length() <= BITS - 8
            if command == "shapes" and values["n_layer"] > 100_000:  # a listing may be refused for its size
                return Case(argv, {"c/config.json": text.encode()}, frozenset({0, 2}) if known else None)
    files = {"c/config.json": text.encode("utf-8", "surrogateescape")}
    if not known:
        return Case(argv, files)
    return Case(argv, files, frozenset({0}), json_params(expected) if command in ("estimate", "count") else None)


ROADS = [
    Road("expressions", 7000, road_expressions),
    Road("options", 3000, road_options),
    Road("set", 2500, road_set),
    Road("specs", 1500, road_specs),
    Road("trees", 500, road_trees),
    Road("listings", 2000, road_listings),
    Road("safetensors", 2000, road_safetensors),
    Road("config", 500, road_config),
    Road("grid", 500, road_grid),
    Road("points", 600, road_points),
    Road("solve", 400, road_solve),
]
SEED = 13


def run_road(road: Road, cases: int, folder: Path, seed: int = SEED, stop_at_first: bool = True,
             stats: dict | None = None) -> list[str]:
    """Run ``cases`` generated cases of one road; the failures (each with its input)."""
    rng = random.Random(f"{road.name}-{seed}")
    failures = []
    with fast_parser(), own_cache(folder / ".cache"):
        for _ in range(cases):
            case = road.make(rng, folder)
            if case.argv and case.argv[0] == "<evaluate>":
                problem = _execute_expression(case, stats)
            else:
                tend_cache()
                problem = execute(case, folder, stats)
            if problem is not None:
                failures.append(problem)
                if stop_at_first:
                    break
    return failures


def _execute_expression(case: Case, stats: dict | None = None) -> str | None:
    try:
        outcome = run_expression(case)
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt):
            raise
        return describe(case, None, f"uncaught {type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    return _judge(case, outcome, stats)


@pytest.mark.parametrize("road", ROADS, ids=[road.name for road in ROADS])
def test_generated_inputs_on_every_road(road):
    with scratch_folder() as folder:
        failures = run_road(road, road.cases, folder)
    GENERATED[f"road: {road.name}"] = GENERATED.get(f"road: {road.name}", 0) + road.cases
    assert not failures, failures[0]


@pytest.mark.exhaustive
@pytest.mark.parametrize("road", ROADS, ids=[road.name for road in ROADS])
def test_generated_inputs_long(road):
    """`pytest -m exhaustive`: ten times the cases, other seeds (bench/bench_fuzz.py prints figures)."""
    with scratch_folder() as folder:
        failures = run_road(road, 10 * road.cases, folder, seed=SEED + 1)
    GENERATED[f"road: {road.name} (long)"] = GENERATED.get(f"road: {road.name} (long)", 0) + 10 * road.cases
    assert not failures, failures[0]


def test_the_roads_generate_enough_cases():
    """At least MIN_CASES generated cases per default run (issue 13): each road's test runs
    its `cases` or fails, so the roads' counts add up to what a passing run generated (the
    line at the end of the run, from conftest.py, prints the count with hypothesis's)."""
    assert sum(road.cases for road in ROADS) >= MIN_CASES
