"""Sweeps and solve: the compiled fast path must agree with full estimates, point by point."""
import csv
import io
import json

import pytest

from estimator import api
from estimator.cli.app import main

from conftest import FIXTURES

SWEEPABLE = {
    "gpt2": {"num_layers": [6, 12], "hidden_size": [512, 768]},
    "llama-2-7b": {"hidden_size": [2048, 1000], "num_kv_heads": [8, 32]},
    "resnet50": {"width": [32, 64], "blocks3": [6, 23]},
    "lstm-lm": {"hidden_size": [200, 650]},
    "mobilenet_v2": {"num_classes": [10, 1000]},
    "vit-b-16": {"num_layers": [6, 12]},
}


@pytest.mark.parametrize("name", sorted(SWEEPABLE))
def test_sweep_rows_equal_full_estimates(name):
    grid = SWEEPABLE[name]
    rows = api.sweep(name, grid=grid)
    assert len(rows) == len(list(__import__("itertools").product(*grid.values())))
    for row in rows:
        point = {k: row[k] for k in grid}
        try:
            expected = api.estimate(name, {k: str(v) for k, v in point.items()})
        except api.EstimatorError as exc:
            assert row["error"] and row.get("params") is None, (point, exc)
            continue
        assert row["error"] == ""
        for key in ("params", "trainable_params", "buffer_elements", "embedding_params", "active_params"):
            assert row[key] == expected[key], (point, key)


def test_fractional_points_are_row_errors_not_crashes():
    rows = api.sweep("llama-2-7b", points=[{"hidden_size": 1000}, {"hidden_size": 4096}])
    assert rows[0]["error"] == "head_dim = hidden_size/32 is 125/4, not an integer (hidden_size=1000)"
    assert rows[1]["params"] == 6738415616


def test_constraint_failures_are_row_errors():
    rows = api.sweep("llama-2-7b", grid={"num_heads": [16]})
    assert rows[0]["error"].startswith("constraint `num_heads % num_kv_heads == 0` does not hold")


def test_zero_and_boolean_values_take_the_full_path():
    rows = api.sweep("lstm-lm", grid={"tie_weights": [True, False]})
    assert [r["params"] for r in rows] == [28_434_378, 50_065_078]


@pytest.mark.parametrize("points", ["gpt2-family.csv", "resnet-family.yaml"])
def test_points_file_reproduces_published_family(capsys, points):
    spec = "gpt2" if points.startswith("gpt2") else "resnet50"
    code = main(["sweep", spec, "--points", str(FIXTURES / "points" / points), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [row["params"] for row in data["rows"]] == [row["expect_params"] for row in data["rows"]]
    assert all(row["error"] == "" for row in data["rows"])


def test_expectation_mismatch_exits_1(capsys, tmp_path):
    points = tmp_path / "p.csv"
    points.write_text("name,num_layers,expect_params\nsmall,6,1\n")
    assert main(["sweep", "gpt2", "--points", str(points), "--columns", "name,params,error"]) == 1
    assert "params is 81,912,576, expected 1" in capsys.readouterr().out


def test_csv_grid_with_inclusive_range(capsys):
    assert main(["sweep", "gpt2", "--grid", "num_layers=2:6:2", "--format", "csv", "--columns", "num_layers,params"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["num_layers"] for r in rows] == ["2", "4", "6"]
    assert [int(r["params"]) for r in rows] == [39383808 + 1536 + n * 7087872 for n in (2, 4, 6)]


def test_markdown_table_for_design_docs(capsys):
    assert main(["sweep", "gpt2", "--grid", "num_layers=12,24", "--format", "markdown", "--columns", "num_layers,params"]) == 0
    assert capsys.readouterr().out == (
        "| num_layers | params |\n|---:|---:|\n| 12 | 124,439,808 |\n| 24 | 209,494,272 |\n"
    )


def test_plot_is_written(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    target = tmp_path / "sweep.png"
    assert main(["sweep", "gpt2", "--grid", "hidden_size=256:1024:256", "--grid", "num_layers=6,12",
                 "--plot", str(target), "--format", "csv"]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["sweep", "gpt2", "--grid", "hiden_size=1,2"], "did you mean `hidden_size`?"),
        (["sweep", "gpt2", "--grid", "num_layers=1:10:0"], "the step must be a positive integer"),
        (["sweep", "gpt2", "--grid", "num_layers=1:100000000", "--grid", "hidden_size=1:1000"], "at most 10,000,000"),
        (["sweep", "gpt2", "--grid", "num_layers=a,b"], "'a' is not an integer or true/false"),
        (["sweep", "gpt2"], "give --grid NAME=VALUES (repeatable) or --points FILE"),
        (["sweep", "gpt2", "--grid", "num_layers=1", "--columns", "parms"], "did you mean `params`?"),
        (["solve", "gpt2", "--target", "parms=1e9", "--for", "num_layers"], "did you mean `params`?"),
        (["solve", "gpt2", "--target", "params=1.5e0", "--for", "num_layers"], "positive whole number"),
        (["solve", "gpt2", "--target", "params=1e9", "--for", "num_layer"], "did you mean `num_layers`?"),
    ],
)
def test_bad_sweep_and_solve_arguments(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_solve_returns_nearest_valid_multiples():
    result = api.solve("llama-2-7b", {"params": 7_000_000_000}, "hidden_size", multiple_of=128)
    below, above = sorted(result["solutions"], key=lambda s: s["hidden_size"])
    assert (below["hidden_size"], above["hidden_size"]) == (4096, 4224)
    assert below["params"] == 6738415616
    assert above["params"] == api.estimate("llama-2-7b", {"hidden_size": "4224"})["params"]
    assert result["solutions"][0] == above  # closer to the target first


def test_solve_respects_divisibility():
    # hidden_size must split into 32 heads: only multiples of 32 are valid
    result = api.solve("llama-2-7b", {"params": 7_000_000_000}, "hidden_size", alternatives=3)
    assert [s["hidden_size"] for s in result["solutions"]] == [4224, 4192, 4256, 4160, 4288, 4128]


def test_solve_for_depth_with_suffix_target(capsys):
    assert main(["solve", "gpt2", "--target", "params=350M", "--for", "num_layers", "--format", "json"]) == 0
    solutions = json.loads(capsys.readouterr().out)["solutions"]
    assert [s["num_layers"] for s in solutions] == [44, 43]
    assert solutions[0]["params"] == 39383808 + 1536 + 44 * 7087872


def test_solve_reports_an_unreachable_target(capsys):
    assert main(["solve", "gpt2", "--target", "params=1000", "--for", "num_layers"]) == 2
    assert "no valid value of num_layers" in capsys.readouterr().err


def test_plot_without_matplotlib_says_how_to_get_it(monkeypatch, capsys, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    code = main(["sweep", "gpt2", "--grid", "num_layers=6,12", "--plot", str(tmp_path / "p.png")])
    assert code == 2
    assert "--plot needs matplotlib: pip install 'estimator[plot]'" in capsys.readouterr().err


def test_solve_below_keeps_the_budget():
    result = api.solve("gpt2", {"params": 350_000_000}, "num_layers", side="below")
    assert [s["num_layers"] for s in result["solutions"]] == [43]


COPIES = str(FIXTURES / "solve" / "copies-limit.yaml")  # `repeat: depth` with `index`: copies one by one


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_copies_limit_is_named_in_sweep_rows(capsys, fmt):
    assert main(["sweep", COPIES, "--grid", "depth=2048,2049", "--columns", "depth,params,error", "--format", fmt]) == 0
    out = capsys.readouterr().out
    rows = json.loads(out)["rows"] if fmt == "json" else list(csv.DictReader(io.StringIO(out)))
    assert [str(row["params"]) for row in rows] == ["11516288906", "None" if fmt == "json" else ""]
    assert rows[1]["error"] == (
        "more than 2,048 copies expanded one by one, the limit per model (for `index`, a computed name or `inline`):"
        f" `repeat` is 2049 here, which brings them to 2,049 (used at {COPIES}:16:5: $.model[1])")


def test_a_large_points_file_is_read_once_per_pass(monkeypatch, capsys, tmp_path):
    from estimator.engine import sweep

    monkeypatch.setattr(sweep, "MAX_KEPT_POINTS", 2)  # as if the file were too large to keep
    reads = []
    read = sweep.PointsFile._read
    monkeypatch.setattr(sweep.PointsFile, "_read", lambda self: reads.append(1) or read(self))
    path = FIXTURES / "points" / "gpt2-family.csv"
    assert main(["sweep", "gpt2", "--points", str(path), "--format", "csv", "--columns", "name,params,error"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "gpt2,124439808,"
    assert len(reads) == 2  # checked once, then swept: the columns come from the first pass
