import atexit
import functools
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import pytest

# The collector runs less often than Python's default (every 700 new objects): a test process
# holds ~300k long-lived objects (collected tests, parsed fixtures, sympy's caches) that every
# older-generation pass walks again; at these thresholds the suite spends about half as long in
# the collector (measured with gc.callbacks: 11 s -> 6 s of CPU over both workers). Garbage is
# still collected, a little later.
gc.set_threshold(50_000, 20, 100)

# Python's default, whatever the environment says: modules are compiled once and their bytecode
# kept (PYTHONDONTWRITEBYTECODE=1, as some sandboxes set it, makes each of the suite's processes,
# the commands it starts among them, compile the package from source again: about 0.3 s of CPU
# each). Set before the package is imported below; inherited by the commands tests start.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# The cache of parsed YAML (estimator/core/cache.py) goes to a directory of this process's own,
# never the user's: set before anything parses, and inherited by the commands tests start.
CACHE_DIR = tempfile.mkdtemp(prefix="estimator-test-cache-")
os.environ["ESTIMATOR_CACHE_DIR"] = CACHE_DIR
os.environ.pop("ESTIMATOR_NO_CACHE", None)
atexit.register(shutil.rmtree, CACHE_DIR, True)  # pytest-xdist's workers leave without atexit: also below


def pytest_unconfigure(config):
    shutil.rmtree(CACHE_DIR, True)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """Collect the session's garbage once (its finalizers' warnings are still reported), then
    freeze what is left: pytest collects five more times at exit looking for unraisable
    exceptions, and the interpreter once more as it ends, each walk over every live object; frozen
    objects are not walked, so a worker ends in about 0.5 s instead of 3 to 6 (which pytest-xdist
    waits for)."""
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session")
def _tmp_paths_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("tmp_path", numbered=False)


@pytest.fixture
def tmp_path(request, _tmp_paths_root) -> Path:
    """A new empty folder of the test's own, as pytest's tmp_path (named after the test, in the
    session's base folder, kept as pytest keeps it), made by one mkdtemp: pytest's finds the
    next free number by listing every folder made so far in its parent, and renews a
    `-current` link, at each test (a worker's 750 of them took 1 to 3 ms each, more and more
    as the folders pile up)."""
    return Path(tempfile.mkdtemp(prefix=re.sub(r"\W", "_", request.node.name)[:30], dir=_tmp_paths_root))


from estimator import api  # noqa: E402
from estimator.cli.app import main  # noqa: E402
from estimator.engine import results  # noqa: E402
from estimator.engine.totals import compute_totals  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_fixture(kind: str, name: str) -> dict:
    return json.loads((FIXTURES / kind / f"{name}.json").read_text())


@functools.cache
def bundled_estimate(name: str) -> dict:
    """api.estimate of a bundled architecture, computed once per process for the tests of
    several files that each check one property of it (read it; do not change it)."""
    return api.estimate(name)


@functools.cache
def bundled_shapes(name: str) -> dict:
    """api.shapes of a bundled architecture, once per process (read it; do not change it)."""
    return api.shapes(name)


def estimates(spec, *assumptions) -> list:
    """What api.estimate(spec, assumptions=a) gives for each ``a`` of ``assumptions``, from one
    expansion of the spec (api.estimate expands it again at every call, most of its time):
    assumptions do not change what a spec expands to (test_activations.py's
    test_one_expansion_serves_every_point checks the shortcut)."""
    spec, inventory, hyperparameters = results.build(api.load(spec))
    totals = compute_totals(inventory)
    return [results.estimate_result(spec, totals, hyperparameters, inventory, each.check()) for each in assumptions]


def pytest_collection_modifyitems(items):
    """Within a module, the tests parametrized by one `case` run next to each other (in the
    order they are written), so that work they share for the case (test_hf.py's `computed`)
    is done once: pytest-xdist hands each worker runs of consecutive tests. Every other test
    keeps its place. The order is the same in every process, as pytest-xdist requires."""
    by_module: dict = {}
    for index, item in enumerate(items):
        case = getattr(getattr(item, "callspec", None), "params", {}).get("case")
        if isinstance(case, str):
            by_module.setdefault(item.nodeid.split("::")[0], []).append(index)
    for indices in by_module.values():
        ordered = sorted(indices, key=lambda index: items[index].callspec.params["case"])  # stable: written order
        for slot, item in zip(indices, [items[index] for index in ordered]):
            items[slot] = item
    # the longest single test (mypy over the package, several seconds) starts first: last in the
    # order, it would run alone after the other workers had finished
    items.sort(key=lambda item: item.nodeid.split("::")[0] != "tests/test_typing.py")


# ---------------------------------------------------------------- the fuzz summary
# tests/test_fuzz.py's tests each report the cases they generated as a user property; the
# sum is printed at the end of the run. The reports reach this process from pytest-xdist's
# workers too, so the line counts every worker's cases.

GENERATED: list = []


def pytest_runtest_logreport(report):
    if report.when == "teardown":
        GENERATED.extend(value for key, value in report.user_properties if key == "generated")


def pytest_terminal_summary(terminalreporter):
    if not GENERATED:
        return
    roads = [entry for entry in GENERATED if entry["road"]]
    total = sum(entry["cases"] for entry in GENERATED)
    terminalreporter.write_line(
        f"{total:,} generated cases ({len(roads)} roads in {sum(e['seconds'] for e in roads):.1f} s,"
        f" {sum(e['cpu'] for e in roads):.1f} s of CPU time;"
        f" {total - sum(e['cases'] for e in roads):,} by hypothesis)")


def run(capsys, *argv) -> tuple[int, str, str]:
    """The exit code, stdout and stderr of one in-process command (`estimator ARGV`)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    """The JSON a command prints with `--format json`; it must exit 0."""
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


@functools.cache
def hf_summary(case: str) -> dict:
    """A config case's expected.json without its tensor list. Read for every case when the tests
    are collected (by each pytest-xdist worker): the lists are most of the fixtures' 60 MB and
    of their parse time, and come last in the file, so only its head is parsed."""
    path = FIXTURES / "hf" / case / "expected.json"
    with path.open() as handle:
        head = handle.read(16384)
    cut = head.find('\n "tensors":')
    if cut == -1:  # written another way: parse it whole
        return {key: value for key, value in json.loads(path.read_text()).items() if key != "tensors"}
    return json.loads(head[:cut].rstrip().rstrip(",") + "\n}")


@functools.lru_cache(maxsize=8)  # a case's tests run next to each other; every case kept would be 60 MB of objects
def hf_expected(case: str) -> dict:
    """A config case's expected.json, whole."""
    return json.loads((FIXTURES / "hf" / case / "expected.json").read_text())


# ---------------------------------------------------------------- command lines in fresh processes

class CliRun(NamedTuple):
    code: int | str  # the exit code, or "raised" (the traceback is in err)
    out: str
    err: str
    modules: frozenset  # every module the run had imported when it ended


# Each command line runs as `estimator ARGV` would in a process of its own, from the state a new
# process is in once it has imported the CLI: one Python imports estimator.cli.app and forks a
# child per run, which writes its stdout, stderr and report to files. (A new interpreter and that
# import cost about 0.3 s of CPU each; the tests that ask what a command imports run dozens.)
_FORKED_RUNS = """
import json, os, sys, traceback
from estimator.cli.app import main
folder, runs = sys.argv[1], json.loads(sys.argv[2])
for number, argv in enumerate(runs):
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = "raised"
        try:
            if isinstance(argv, dict):  # a run with environment variables of its own
                os.environ.update(argv["environ"])
                argv = argv["argv"]
            for fd, name in ((1, "out"), (2, "err")):
                os.dup2(os.open(os.path.join(folder, f"{number}.{name}"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            with open(os.path.join(folder, f"{number}.json"), "w") as handle:
                json.dump({"code": code, "modules": sorted(sys.modules)}, handle)
            os._exit(0)
    os.waitpid(pid, 0)
"""
# without fork (Windows): a process per run, reporting the same way
_ONE_RUN = _FORKED_RUNS.replace("pid = os.fork()", "pid = 0").replace("os.waitpid(pid, 0)", "")


def cli_runs(runs: list, folder: Path, env: dict | None = None) -> list[CliRun]:
    """What each command line in ``runs`` does run alone (see _FORKED_RUNS); ``folder`` holds the
    runs' files. A run is its argv, or ``{"argv": [...], "environ": {...}}`` for a run with
    environment variables of its own (over ``env``)."""
    folder.mkdir(parents=True, exist_ok=True)
    if hasattr(os, "fork"):
        subprocess.run([sys.executable, "-c", _FORKED_RUNS, str(folder), json.dumps(runs)], env=env, cwd=ROOT,
                       check=True, timeout=600)
    else:
        for number, argv in enumerate(runs):
            script = _ONE_RUN.replace("enumerate(runs)", f"[({number}, {argv!r})]")
            subprocess.run([sys.executable, "-c", script, str(folder), "[]"], env=env, cwd=ROOT, check=True, timeout=120)
    result = []
    for number in range(len(runs)):
        report = json.loads((folder / f"{number}.json").read_text())
        result.append(CliRun(report["code"], (folder / f"{number}.out").read_text(),
                             (folder / f"{number}.err").read_text(), frozenset(report["modules"])))
    return result
