"""Memory per device for a design review: sweeps over contexts, micro-batches and parallel
layouts (`--layout`, layout fields as grid columns), their plot (a line per layout, the
device's memory as a line), and formula / sweep / solve under layout flags - every figure
exactly what `estimate` gives with the same flags."""
import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from estimator.cli.app import main
from estimator.cli.plot import plot_columns
from estimator.core.errors import EstimatorError

MIXTRAL = "tests/fixtures/hf/mixtral-8x7b"
MEMORY_KEYS = ("training_bytes_per_device", "inference_bytes_per_device", "activation_bytes", "training_bytes",
               "memory_bytes")
SVG = "{http://www.w3.org/2000/svg}"


def run_json(capsys, argv: list) -> dict:
    assert main(argv + ["--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def flags_of(point: dict) -> list:
    """A sweep row's assumption columns as `estimate` flags."""
    flags = []
    for name, value in point.items():
        option = "--" + name.replace("_", "-")
        if name == "sp":
            flags += [option] if value else []
        else:
            flags += [option, str(value)]
    return flags


CASES = [  # spec, swept (grid and layouts), the command's own flags
    ("llama-3-8b", ["--grid", "context=1024,4096", "--layout", "tp=1", "--layout", "tp=2,pp=2", "--layout",
                    "tp=8,sp=true"],
     ["--activations", "hf-sdpa", "--dp", "2", "--zero", "1"]),
    ("llama-3-8b", ["--grid", "micro_batch=1,4", "--layout", "tp=2,zero=3", "--layout", "pp=4,dp=2"],
     ["--activations", "megatron", "--recompute", "selective", "--context", "2048"]),
    ("llama-2-7b", ["--grid", "tp=1,2,4", "--grid", "pp=1,4"], ["--activations", "hf-eager", "--context", "512"]),
    (MIXTRAL, ["--grid", "context=256,1024", "--layout", "ep=1", "--layout", "ep=8"],
     ["--activations", "hf-sdpa", "--dp", "8", "--zero", "2"]),
]


@pytest.mark.parametrize("spec, swept, flags", CASES, ids=lambda c: c if isinstance(c, str) else None)
def test_sweep_rows_equal_estimate(capsys, spec, swept, flags):
    columns = [c for c in ("context", "micro_batch", "tp", "pp", "dp", "sp", "zero", "ep")
               if any(arg.startswith(c + "=") or f",{c}=" in arg for arg in swept)]
    out = run_json(capsys, ["sweep", spec, *swept, *flags, "--columns", ",".join(columns + list(MEMORY_KEYS))
                            + ",error"])
    rows = out["rows"]
    assert rows and all(row["error"] == "" for row in rows)
    layouts = [arg for arg in swept if "=" in arg and not arg.startswith(("context", "micro_batch"))]
    assert len(rows) == 2 * len(layouts) if "--layout" in swept else len(rows) == 6
    seen = set()
    for row in rows:
        point = {c: row[c] for c in columns if c in row}
        assert len(point) >= 2, row  # every row says its layout and its x
        seen.add(tuple(sorted(point.items())))
        expected = run_json(capsys, ["estimate", spec, *flags, *flags_of(point)])
        for key in MEMORY_KEYS:
            assert row[key] == expected[key], (point, key)
    assert len(seen) == len(rows)  # no two rows for the same point


def test_layout_rows_are_grouped_by_layout_and_fill_fields(capsys):
    # dp left out of a layout is what --devices leaves for it: 16 / (tp x pp x cp)
    out = run_json(capsys, ["sweep", "llama-2-7b", "--grid", "context=512,1024", "--layout", "tp=2",
                            "--layout", "tp=4,dp=2,pp=2", "--devices", "16", "--zero", "1",
                            "--columns", "context,tp,pp,dp,training_bytes_per_device"])
    assert [(r["tp"], r["pp"], r["dp"], r["context"]) for r in out["rows"]] == [
        (2, 1, 8, 512), (2, 1, 8, 1024), (4, 2, 2, 512), (4, 2, 2, 1024)]
    expected = run_json(capsys, ["estimate", "llama-2-7b", "--context", "512", "--tp", "2", "--devices", "16",
                                 "--zero", "1"])
    assert out["rows"][0]["training_bytes_per_device"] == expected["training_bytes_per_device"]


def test_invalid_layouts_are_row_errors(capsys):
    out = run_json(capsys, ["sweep", "llama-2-7b", "--grid", "tp=2,3", "--grid", "pp=1,3",
                            "--columns", "tp,pp,training_bytes_per_device,error"])
    errors = {(r["tp"], r["pp"]): r["error"] for r in out["rows"]}
    assert errors[(2, 1)] == ""
    assert errors[(3, 1)] == "--tp 3: 32 attention heads are not divisible by 3"
    assert errors[(2, 3)] == "--pp 3: 32 layers are not divisible by 3 pipeline stages"
    out = run_json(capsys, ["sweep", "llama-2-7b", "--grid", "zero=0,4", "--columns", "zero,error"])
    assert [r["error"] for r in out["rows"]] == ["", "zero must be a ZeRO stage 0-3"]


@pytest.mark.parametrize("layout, message", [
    ("tq=2", r"--layout tq: not a layout field \(one of tp, pp, cp, ep, dp, sp, zero\)"),
    ("tp=0", r"--layout 'tp=0': tp must be a positive integer"),
    ("dp=0", r"--layout 'dp=0': dp must be a positive integer"),
    ("zero=5", r"--layout 'zero=5': zero must be a ZeRO stage 0-3"),
    ("sp=2", r"--layout 'sp=2': sp must be true or false"),
    ("tp=2,tp=4", r"--layout 'tp=2,tp=4': tp is given twice"),
    ("tp", r"--layout expects NAME=VALUE,... \(e.g. tp=2,pp=2\), got 'tp'"),
    ("tp=x", r"--layout tp: 'x' is not an integer or true/false"),
])
def test_bad_layouts(capsys, layout, message):
    assert main(["sweep", "gpt2", "--grid", "context=64", "--layout", layout]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert re.search(message, err), err


def test_same_layout_twice(capsys):
    assert main(["sweep", "gpt2", "--grid", "context=64", "--layout", "tp=2", "--layout", "tp=2"]) == 2
    assert "--layout 'tp=2' is given twice" in capsys.readouterr().err


def _series(svg_path) -> tuple[list, list, list]:
    """(series ids, device-line ids, every text) of a plot written as SVG."""
    root = ET.parse(svg_path).getroot()
    groups = [g.get("id") for g in root.iter(f"{SVG}g") if g.get("id")]
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    return ([g for g in groups if g.startswith("series-")], [g for g in groups if g == "device-memory"], texts)


def test_plot_a_line_per_layout_and_the_device(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    target = tmp_path / "memory.svg"
    assert main(["sweep", "llama-3-8b", "--grid", "context=1024,2048,4096,8192,16384,32768,65536,131072",
                 "--layout", "tp=1", "--layout", "tp=2,pp=2", "--layout", "tp=8", "--activations", "hf-sdpa",
                 "--columns", "context,tp,pp,training_bytes_per_device", "--device", "h100-sxm",
                 "--plot", str(target), "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("\n") == 1 + 3 * 8
    series, device, texts = _series(target)
    assert series == ["series-1", "series-2", "series-3"]
    assert device == ["device-memory"]
    for label in ("tp=1, pp=1", "tp=2, pp=2", "tp=8, pp=1", "h100-sxm memory (74.51 GiB)",
                  "training_bytes_per_device (GiB)", "context", "1K", "128K"):
        assert label in texts, label


def test_plot_several_columns_and_micro_batch(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    target = tmp_path / "memory.svg"
    # the y columns default to --columns' byte counts; a line per column and layout
    assert main(["sweep", "llama-2-7b", "--grid", "micro_batch=1:8", "--layout", "tp=1", "--layout", "tp=4",
                 "--activations", "megatron", "--context", "2048", "--device-memory", "80GiB",
                 "--columns", "micro_batch,tp,activation_bytes,training_bytes_per_device",
                 "--plot", str(target), "--format", "csv"]) == 0
    series, device, texts = _series(target)
    assert len(series) == 4 and device == ["device-memory"]
    assert "training_bytes_per_device, tp=4" in texts and "device memory (80.00 GiB)" in texts
    png = tmp_path / "memory.png"  # a PNG too, and without a device no line for it
    assert main(["sweep", "gpt2", "--grid", "context=128,256", "--layout", "tp=1", "--layout", "tp=2",
                 "--y", "training_bytes_per_device", "--plot", str(png), "--format", "csv"]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_columns():
    assert plot_columns(None, None, ["context"]) == ["params"]
    assert plot_columns(None, ["context", "tp", "params", "training_bytes_per_device", "memory_bytes"],
                        ["context", "tp"]) == ["params"]
    assert plot_columns(None, ["context", "training_bytes_per_device", "params", "memory_bytes"], ["context"]) == [
        "training_bytes_per_device", "memory_bytes"]
    assert plot_columns("memory_bytes, kv_cache_bytes", None, ["context"]) == ["memory_bytes", "kv_cache_bytes"]
    with pytest.raises(EstimatorError, match=r"--y params,memory_bytes: columns of different units \(bytes, count\)"
                                             r" cannot share an axis"):
        plot_columns("params,memory_bytes", None, ["context"])


def test_solve_micro_batch_under_a_layout(capsys):
    flags = ["--activations", "hf-sdpa", "--context", "4096", "--tp", "2", "--pp", "2", "--dp", "2", "--zero", "1"]
    out = run_json(capsys, ["solve", "llama-3-8b", "--target", "training_bytes_per_device=80GiB",
                            "--for", "micro_batch", "--side", "below", *flags])
    (best,) = out["solutions"]
    expected = run_json(capsys, ["estimate", "llama-3-8b", *flags, "--micro-batch", str(best["micro_batch"])])
    above = run_json(capsys, ["estimate", "llama-3-8b", *flags, "--micro-batch", str(best["micro_batch"] + 1)])
    assert best["training_bytes_per_device"] == expected["training_bytes_per_device"] <= 80 * 2**30
    assert above["training_bytes_per_device"] > 80 * 2**30
    assert best["micro_batch"] == 3
    assert main(["solve", "llama-3-8b", "--target", "training_bytes_per_device=80GiB", "--for", "micro_batch",
                 *flags]) == 0
    assert "85,899,345,920 (80.00 GiB)" in capsys.readouterr().out  # a byte target reads as bytes


@pytest.mark.parametrize("layout", [["--tp", "2", "--pp", "2", "--dp", "2", "--zero", "1"],
                                    ["--tp", "4", "--sp", "--zero", "3", "--dp", "4"], ["--pp", "4"]])
def test_formula_under_a_layout_equals_estimate(capsys, layout):
    flags = ["--activations", "megatron", "--context", "2048", *layout]
    assert main(["formula", "llama-2-7b", "--of", "training_bytes_per_device", "--free", "hidden_size,num_layers",
                 *flags, "--format", "python"]) == 0
    namespace: dict = {}
    exec(capsys.readouterr().out, namespace)  # the generated function (integers only)
    for hidden, layers in ((4096, 32), (2048, 8)):
        expected = run_json(capsys, ["estimate", "llama-2-7b", "--set", f"hidden_size={hidden}",
                                     "--set", f"num_layers={layers}", *flags])
        assert namespace["training_bytes_per_device"](hidden_size=hidden, num_layers=layers) == \
            expected["training_bytes_per_device"]


# ---------------------------------------------------------------- the estimate table

LLAMA3_PARAMS = 8_030_261_248

LAYOUTS = [  # flags, ZeRO's data-parallel ranks, whether the model itself is split
    ([], 1, False),
    (["--zero", "3", "--devices", "8"], 8, False),
    (["--tp", "2", "--pp", "2", "--dp", "2", "--zero", "1"], 2, True),
    (["--tp", "2", "--devices", "8", "--zero", "2"], 4, True),
    (["--cp", "2", "--dp", "2", "--zero", "1"], 4, False),
]


@pytest.mark.parametrize("flags, ranks, split", LAYOUTS)
def test_every_line_agrees_with_the_layout(capsys, flags, ranks, split):
    result = run_json(capsys, ["estimate", "llama-3-8b", "--activations", "hf-sdpa", "--context", "1024", *flags])
    layout = result["layout"]
    assert layout["dp"] * layout["cp"] == ranks
    zero = layout["zero"]
    # the whole model's training state, with ZeRO over the same data-parallel ranks as per device
    shard = (lambda b: -(-b // ranks))
    assert result["training_bytes_by_component"] == {
        "weights": shard(2 * LLAMA3_PARAMS) if zero >= 3 else 2 * LLAMA3_PARAMS,
        "gradients": shard(2 * LLAMA3_PARAMS) if zero >= 2 else 2 * LLAMA3_PARAMS,
        "optimizer": shard(12 * LLAMA3_PARAMS) if zero >= 1 else 12 * LLAMA3_PARAMS}
    if not split:  # the model is not split: per device = the whole state + activations
        assert result["training_bytes_per_device"] == result["training_bytes"] + result["activation_bytes"]
    text = "\n".join(result["assumptions"])
    assert "over 1 devices" not in text
    training = next(line for line in result["assumptions"] if line.startswith("training:"))
    if zero:
        where = f"dp x cp = {ranks}" if layout["cp"] > 1 else f"dp = {ranks}" if split else f"{ranks}"
        assert f"ZeRO-{zero} over {where} data-parallel" in training
        assert f"over dp x cp = {ranks}" in next(line for line in result["assumptions"] if line.startswith("layout:"))
    else:
        assert "ZeRO" not in text
    assert ("whole model's state" in training) == split
    activations = next(line for line in result["assumptions"] if line.startswith("activations:"))
    assert (f"tensor parallel {layout['tp']}" in activations) == (layout["tp"] > 1)
    assert ("context parallel 2 not applied" in activations) == (layout["cp"] > 1)
    inference = next(line for line in result["assumptions"] if line.startswith("inference per device:"))
    assert ("the whole model on one device, no parallelism" in inference) == (layout["devices"] > 1)


def test_pipeline_and_sequence_parallel_are_stated(capsys):
    result = run_json(capsys, ["estimate", "llama-3-8b", "--activations", "megatron", "--tp", "4", "--sp",
                               "--pp", "4", "--context", "2048"])
    activations = next(line for line in result["assumptions"] if line.startswith("activations:"))
    assert "tensor parallel 4 with sequence parallelism" in activations
    assert "pipeline parallel 4 (1F1B): the first stage keeps 4 micro-batches of its layers" in activations
    assert result["training_bytes_per_device_by_component"]["activations"] == result["activation_bytes"]


def test_markdown_pastes_cleanly(capsys):
    flags = ["--activations", "hf-sdpa", "--context", "4096", "--tp", "2", "--pp", "2", "--dp", "2", "--zero", "1",
             "--device", "h100-sxm"]
    expected = run_json(capsys, ["estimate", "llama-3-8b", *flags])
    assert main(["estimate", "llama-3-8b", *flags, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    tables = [block for block in out.split("\n\n") if block.startswith("|")]
    summary = tables[0].splitlines()
    assert summary[:2] == ["| count | value | human |", "|---|---:|---:|"]
    labels = []
    for line in summary[2:]:
        cells = line.split(" | ")
        assert line.startswith("| ") and line.endswith(" |") and len(cells) == 3, line
        labels.append(cells[0][2:])
    assert len(labels) == len(set(labels))  # a component row names its parent: no two rows read the same
    for label in ("training memory (whole model): optimizer", "training per device (first stage): weights",
                  "training per device (first stage): activations", "inference per device: transient (prefill)",
                  "buffer elements: stored in checkpoints", "device memory (h100-sxm)"):
        assert label in labels, label
    assert all(not label.startswith(" ") for label in labels)
    table = {label: line.split(" | ")[1] for label, line in zip(labels, summary[2:])}
    assert table["training per device (first stage)"] == f"{expected['training_bytes_per_device']:,}"
    assert table["training per device (first stage): activations"] == f"{expected['activation_bytes']:,}"
    assert table["training memory (whole model)"] == f"{2 * LLAMA3_PARAMS + 2 * LLAMA3_PARAMS + 6 * LLAMA3_PARAMS:,}"
    assert "\n- layout: tp 2, pp 2, dp 2, ZeRO-1 (8 devices);" in out


def test_csv_grid_of_assumptions_equals_json(capsys):
    # a CSV grid takes the compiled fast path; an assumption column (context, a layout field)
    # is not a hyperparameter symbol, so its points are estimated in full, as the JSON rows are
    argv = ["sweep", "llama-2-7b", "--grid", "tp=1,2,3", "--grid", "context=512,1024", "--activations", "hf-sdpa",
            "--columns", "tp,context,training_bytes_per_device,memory_bytes,error"]
    assert main(argv + ["--format", "csv"]) == 0
    lines = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    rows = run_json(capsys, argv)["rows"]
    assert lines[0] == ["tp", "context", "training_bytes_per_device", "memory_bytes", "error"]
    assert lines[1:] == [["" if row[c] is None else str(row[c]) for c in lines[0]] for row in rows]
    assert [row["error"] for row in rows[4:]] == ["--tp 3: 32 attention heads are not divisible by 3"] * 2
    assert all(row["error"] == "" for row in rows[:4])


def test_points_file_with_layout_columns(tmp_path, capsys):
    points = tmp_path / "layouts.csv"
    points.write_text("label,context,tp,pp,dp,zero\nsmall,1024,1,1,8,3\nwide,4096,2,2,2,1\nbad,4096,3,1,1,0\n")
    out = run_json(capsys, ["sweep", "llama-3-8b", "--points", str(points), "--activations", "hf-sdpa",
                            "--columns", "label,training_bytes_per_device,error"])
    rows = {row["label"]: row for row in out["rows"]}
    for label, flags in (("small", ["--context", "1024", "--dp", "8", "--zero", "3"]),
                         ("wide", ["--context", "4096", "--tp", "2", "--pp", "2", "--dp", "2", "--zero", "1"])):
        expected = run_json(capsys, ["estimate", "llama-3-8b", "--activations", "hf-sdpa", *flags])
        assert rows[label]["training_bytes_per_device"] == expected["training_bytes_per_device"]
    assert rows["bad"]["error"] == "--tp 3: 32 attention heads are not divisible by 3"


def test_plot_labels_read_as_the_command_line(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    target = tmp_path / "sp.svg"
    assert main(["sweep", "llama-2-7b", "--grid", "micro_batch=1,2,4", "--layout", "tp=2", "--layout", "tp=2,sp=true",
                 "--activations", "megatron", "--y", "activation_bytes", "--plot", str(target), "--format", "csv"]) == 0
    series, device, texts = _series(target)
    assert len(series) == 2 and device == []
    assert "tp=2, sp=false" in texts and "tp=2, sp=true" in texts and "micro_batch" in texts
