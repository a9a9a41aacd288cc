"""Design reviews: `estimate A B`, `--variant`, `diff SPEC SPEC`, the notebook tables of the
Python API and `estimate --plot` (parameters by module)."""
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal, ROUND_HALF_UP
from pathlib import Path

import pytest

import estimator
from estimator.cli.plot import breakdown_segments
from estimator.engine.tables import human_count
from estimator.spec.model import bundled_architectures

from conftest import FIXTURES, bundled_estimate, run, run_json

LLAMA_13B = str(FIXTURES / "compare" / "llama-2-13b.yaml")  # extends the bundled llama-2-7b
TINY_LLAMA = str(FIXTURES / "files" / "tiny-llama.yaml")
CONFIG = str(FIXTURES / "hf" / "stablelm-2-12b" / "config.json")


def percent_of(difference: int, base: int) -> str:
    """The change as a percentage, rounded half up to two decimals, by decimal arithmetic."""
    share = (Decimal(difference) * 100 / Decimal(abs(base))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return ("+" if share >= 0 else "") + f"{share}%"


# ---------------------------------------------------------------- estimate A B C


SIDE_BY_SIDE = [
    ["llama-2-7b", LLAMA_13B],
    ["llama-2-7b", LLAMA_13B, "gpt2"],
    [TINY_LLAMA, CONFIG, "bert-base-uncased"],  # a user spec, a config.json, an encoder
]


@pytest.mark.parametrize("specs", SIDE_BY_SIDE, ids=lambda specs: "+".join(Path(s).stem for s in specs))
def test_each_column_equals_its_own_estimate(capsys, specs):
    together = run_json(capsys, "estimate", *specs, "--context", "4096")
    alone = [run_json(capsys, "estimate", spec, "--context", "4096") for spec in specs]
    assert together["estimates"] == alone
    rows = {row["key"]: row for row in together["comparison"]["rows"]}
    for key in ("params", "trainable_params", "embedding_params", "non_embedding_params", "active_params",
                "buffer_elements", "training_bytes", "memory_bytes", "kv_cache_bytes", "flops_per_token"):
        assert rows[key]["values"] == [result[key] for result in alone], key
    for fmt, value in alone[0]["weights_bytes"].items():
        assert rows[f"weights_bytes.{fmt}"]["values"][0] == value


@pytest.mark.parametrize("specs", SIDE_BY_SIDE, ids=lambda specs: "+".join(Path(s).stem for s in specs))
def test_the_change_column_is_the_difference_and_its_percentage(capsys, specs):
    compared = run_json(capsys, "estimate", *specs)["comparison"]
    checked = 0
    for row in compared["rows"] + compared["modules"]:
        base = row["values"][0]
        for value, difference, share in zip(row["values"][1:], row["change"][1:], row["change_percent"][1:]):
            if base is None or value is None:
                assert difference is None and share is None
                continue
            assert difference == value - base
            assert share == (percent_of(value - base, base) if base else None)
            checked += 1
    assert checked >= len(compared["rows"])


def test_the_change_reads_the_same_in_every_format(capsys):
    compared = run_json(capsys, "estimate", "llama-2-7b", LLAMA_13B)["comparison"]
    params = next(row for row in compared["rows"] if row["key"] == "params")
    assert params["values"] == [6738415616, 13015864320]
    assert params["change"][1] == 6277448704 and params["change_percent"][1] == "+93.16%"
    _, table, _ = run(capsys, "estimate", "llama-2-7b", LLAMA_13B)
    assert re.search(r"^params +6,738,415,616 \(6\.74B\) +13,015,864,320 \(13\.0B\) +\+6,277,448,704 \(\+93\.16%\)$",
                     table, re.M)
    _, csv_text, _ = run(capsys, "estimate", "llama-2-7b", LLAMA_13B, "--format", "csv")
    lines = csv_text.splitlines()
    assert lines[0] == "count,llama-2-7b,llama-2-13b,change,change %"
    assert "params,6738415616,13015864320,6277448704,+93.16%" in lines
    assert "module model.layers,6476267520,12688179200,6211911680,+95.92%" in lines


def test_three_columns_each_change_against_the_first(capsys):
    _, csv_text, _ = run(capsys, "estimate", "llama-2-7b", LLAMA_13B, "gpt2", "--format", "csv")
    header = csv_text.splitlines()[0].split(",")
    assert header == ["count", "llama-2-7b", "llama-2-13b", "change llama-2-13b", "change llama-2-13b %", "gpt2",
                      "change gpt2", "change gpt2 %"]
    params = next(line.split(",") for line in csv_text.splitlines() if line.startswith("params,"))
    assert int(params[6]) == 124439808 - 6738415616


def test_activation_and_per_device_rows_come_with_their_options(capsys):
    plain = {row["key"] for row in run_json(capsys, "estimate", "llama-2-7b", "gpt2")["comparison"]["rows"]}
    assert "activation_bytes" not in plain and "training_bytes_per_device" not in plain
    options = ["--activations", "hf-sdpa", "--tp", "2", "--device", "h100"]
    compared = run_json(capsys, "estimate", "llama-2-7b", "gpt2", *options)
    rows = {row["key"]: row["values"] for row in compared["comparison"]["rows"]}
    for position, spec in enumerate(["llama-2-7b", "gpt2"]):
        alone = run_json(capsys, "estimate", spec, *options)
        assert rows["activation_bytes"][position] == alone["activation_bytes"]
        assert rows["training_bytes_per_device"][position] == alone["training_bytes_per_device"]
        assert rows["fits.training.headroom"][position] == alone["fits"]["training"]["headroom"]


def test_modules_follow_depth(capsys):
    shallow = run_json(capsys, "estimate", "llama-2-7b", LLAMA_13B, "--depth", "1")["comparison"]["modules"]
    assert [m["path"] for m in shallow] == ["model", "lm_head"]
    assert run_json(capsys, "estimate", "llama-2-7b", LLAMA_13B, "--depth", "0")["comparison"]["modules"] == []


def test_one_spec_keeps_the_estimate_output(capsys):
    result = run_json(capsys, "estimate", "llama-2-7b")
    assert "comparison" not in result and result["params"] == 6738415616
    _, table, _ = run(capsys, "estimate", "llama-2-7b")
    assert table.startswith("llama-2-7b: 6,738,415,616 parameters (6.74B)\n")


def test_the_same_spec_twice_gets_numbered_columns(capsys):
    compared = run_json(capsys, "estimate", "gpt2", "gpt2")["comparison"]
    assert compared["columns"] == ["1: gpt2", "2: gpt2"]
    assert all(change in (0, None) for row in compared["rows"] for change in row["change"])


# ---------------------------------------------------------------- --variant


VARIANTS = [
    ("gqa", {"num_kv_heads": "8"}),
    ("wide", {"hidden_size": "5120", "num_heads": "40", "num_kv_heads": "40"}),
    ("rounded", {"intermediate_size": "round_up(8 * hidden_size / 3, 256)"}),  # a comma inside the value
]


def test_a_variant_equals_its_set_options(capsys):
    arguments = [f"--variant={name}:" + ",".join(f"{k}={v}" for k, v in values.items()) for name, values in VARIANTS]
    compared = run_json(capsys, "estimate", "llama-2-7b", "--set", "num_layers=4", *arguments)
    assert compared["comparison"]["columns"] == ["llama-2-7b"] + [name for name, _ in VARIANTS]
    assert compared["estimates"][0] == run_json(capsys, "estimate", "llama-2-7b", "--set", "num_layers=4")
    for (name, values), result in zip(VARIANTS, compared["estimates"][1:]):
        sets = [option for key, value in values.items() for option in ("--set", f"{key}={value}")]
        alone = run_json(capsys, "estimate", "llama-2-7b", "--set", "num_layers=4", *sets)
        assert result == alone, name
    assert compared["estimates"][3]["hyperparameters"]["intermediate_size"] == 11008  # round_up(10922.67, 256)


def test_a_variant_overrides_set_for_its_column(capsys):
    compared = run_json(capsys, "estimate", "gpt2", "--set", "num_layers=2", "--variant", "deep:num_layers=4")
    assert [e["hyperparameters"]["num_layers"] for e in compared["estimates"]] == [2, 4]


def test_the_api_compares_too():
    compared = estimator.compare(["llama-2-7b"], variants={"gqa": {"num_kv_heads": 8}})
    assert compared["comparison"]["columns"] == ["llama-2-7b", "gqa"]
    assert compared["estimates"][1]["params"] == estimator.estimate("llama-2-7b", {"num_kv_heads": 8})["params"]


# ---------------------------------------------------------------- errors name the argument


@pytest.mark.parametrize("argv, message", [
    (["estimate", "llama-2-7b", "nosuch"], r"^Error: nosuch: no such file or bundled architecture"),
    (["estimate", "llama-2-7b", "gpt2", "--set", "num_kv_heads=8"],
     r"^Error: <command line>: --set num_kv_heads: gpt2: the spec has no hyperparameter"),
    (["estimate", "llama-2-7b", "--variant", "x:foo=1"],
     r"^Error: <command line>: --variant x: foo: the spec has no hyperparameter `foo`"),
    (["estimate", "llama-2-7b", "--variant", "x:hidden_size=100"],
     r"^Error: <command line>: --variant x: hidden_size: head_dim = hidden_size / num_heads .* not an integer"),
    (["estimate", "llama-2-7b", "--variant", "x"], r"^Error: <command line>: --variant expects NAME:key=value"),
    (["estimate", "llama-2-7b", "--variant", "x:1=2"], r"^Error: <command line>: --variant x: expected key=value"),
    (["estimate", "llama-2-7b", "--variant", "x:a=1", "--variant", "x:b=2"], r"--variant x: given twice"),
    (["estimate", "llama-2-7b", "--variant", "llama-2-7b:num_layers=2"], r"a variant needs a name of its own"),
    (["estimate", "llama-2-7b", "gpt2", "--variant", "x:num_layers=2"], r"--variant compares variants of one SPEC"),
    (["estimate", "llama-2-7b", "--plot", "x.txt"], r"--plot x\.txt: give a \.png, \.svg or \.pdf file"),
    (["diff", "llama-2-7b"], r"diff compares SPEC with FILE, with a second SPEC, or with one --variant"),
    (["diff", "llama-2-7b", "gpt2", "--variant", "x:num_layers=2"], r"diff compares SPEC with FILE"),
])
def test_errors_name_the_argument_in_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and re.search(message, err), err


# ---------------------------------------------------------------- diff SPEC SPEC


def stored(spec, *sets):
    """Name -> shape of the tensors a checkpoint of the spec holds (parameters, persistent buffers)."""
    overrides = dict(pair.split("=", 1) for pair in sets)
    return {t["name"]: t["shape"] for t in estimator.shapes(spec, overrides)["tensors"]
            if t["kind"] == "parameter" or t["persistent"]}


def test_diff_two_specs_lists_what_changed(capsys):
    code, out, _ = run(capsys, "diff", "llama-2-7b", LLAMA_13B, "--format", "json")
    result = json.loads(out)
    assert code == 0 and not result["match"]  # two designs that differ: a report, not a failed check
    small, large = stored("llama-2-7b"), stored(LLAMA_13B)
    assert result["added"] == [{"name": n, "shape": s} for n, s in large.items() if n not in small]
    assert {t["name"] for t in result["added"]} == {n for n in large if re.match(r"model\.layers\.(3[2-9])\.", n)}
    assert len(result["added"]) == 8 * 9 and result["removed"] == []
    assert result["reshaped"] == [{"name": n, "shape": s, "other_shape": large[n]} for n, s in small.items()]
    assert result["same"] == 0 and result["params"] == [6738415616, 13015864320]
    modules = {m["path"]: m for m in estimator.estimate(LLAMA_13B)["modules"]}
    for row in result["modules"]:
        assert row["params"][1] == modules[row["path"]]["params"]
        assert row["change"] == row["params"][1] - row["params"][0]


def test_diff_a_spec_with_a_variant_of_itself_gives_exactly_the_reshaped_tensors(capsys, tmp_path):
    expected = [{"name": f"model.layers.{i}.self_attn.{p}_proj.weight", "shape": [4096, 4096],
                 "other_shape": [1024, 4096]} for i in range(32) for p in ("k", "v")]
    code, out, _ = run(capsys, "diff", "llama-2-7b", "--variant", "gqa:num_kv_heads=8", "--format", "json")
    result = json.loads(out)
    assert code == 0 and result["reshaped"] == expected and result["added"] == result["removed"] == []
    assert result["same"] == 291 - 64 and result["other"] == "gqa"
    layers = next(m for m in result["modules"] if m["path"] == "model.layers")
    assert layers["change"] == -32 * 2 * (4096 - 1024) * 4096
    variant = tmp_path / "gqa.yaml"  # the same variant written as a spec of its own
    variant.write_text("name: llama-2-7b-gqa\nextends: llama-2-7b\nhyperparameters:\n  num_kv_heads: 8\n")
    code, out, _ = run(capsys, "diff", "llama-2-7b", variant, "--format", "json")
    assert code == 0 and json.loads(out)["reshaped"] == expected


def test_diff_a_spec_with_itself_matches(capsys):
    code, out, _ = run(capsys, "diff", "gpt2", "gpt2", "--set", "num_layers=2")
    same = len(stored("gpt2", "num_layers=2"))  # 2 + 2 x 12 + 2 + the tied head: 29
    assert code == 0 and out.rstrip().endswith(f"same tensors: 0 added, 0 removed, 0 reshaped; {same} tensors the same")


def test_diff_still_reads_a_name_shape_list_in_yaml_as_a_file(capsys, tmp_path):
    listing = tmp_path / "tensors.yaml"
    shapes = stored(TINY_LLAMA)
    listing.write_text("".join(f"- {{name: {n}, shape: {s}}}\n" for n, s in shapes.items()))
    code, out, _ = run(capsys, "diff", TINY_LLAMA, listing, "--format", "json")
    assert code == 0 and json.loads(out)["matched"] == len(shapes) and "missing" in json.loads(out)


def test_diff_of_two_specs_in_markdown_and_table(capsys):
    _, markdown, _ = run(capsys, "diff", "llama-2-7b", "--variant", "gqa:num_kv_heads=8", "--format", "markdown")
    assert_wellformed_markdown(markdown)
    assert "| reshaped | model.layers.0.self_attn.k_proj.weight | [4096, 4096] | [1024, 4096] |" in markdown
    _, table, _ = run(capsys, "diff", "llama-2-7b", "--variant", "gqa:num_kv_heads=8")
    assert "reshaped (64):" in table and "(total)               6,738,415,616  5,933,109,248" in table


# ---------------------------------------------------------------- Markdown that pastes


def assert_wellformed_markdown(text):
    """Every table: a header, a separator of as many cells, rows of as many cells (escaped pipes inside)."""
    tables = [block for block in text.split("\n\n") if block.lstrip().startswith("|")]
    assert tables
    for block in tables:
        lines = block.strip("\n").splitlines()
        cells = [len(re.split(r"(?<!\\)\|", line)) - 2 for line in lines]
        assert all(line.startswith("| ") or line.startswith("|-") for line in lines)
        assert all(line.endswith("|") for line in lines)
        assert re.fullmatch(r"\|(-{3}:?\|)+", lines[1]), lines[1]
        assert len(set(cells)) == 1, block


@pytest.mark.parametrize("argv", [
    ["estimate", "llama-2-7b", LLAMA_13B, "gpt2"],
    ["estimate", "llama-2-7b", "--variant", "gqa:num_kv_heads=8", "--tp", "2", "--activations", "hf-sdpa"],
    ["estimate", TINY_LLAMA],
])
def test_markdown_tables_are_well_formed(capsys, argv):
    code, out, _ = run(capsys, *argv, "--format", "markdown")
    assert code == 0
    assert_wellformed_markdown(out)


# ---------------------------------------------------------------- notebooks


def test_api_results_are_dicts_that_show_as_the_cli_tables(capsys):
    result = estimator.estimate("gpt2")
    assert isinstance(result, dict) and json.loads(json.dumps(result)) == result
    assert result == run_json(capsys, "estimate", "gpt2")
    assert result._repr_markdown_() == run(capsys, "estimate", "gpt2", "--format", "markdown")[1]
    counted = estimator.count(FIXTURES / "files" / "tiny-llama.safetensors")
    path = str(FIXTURES / "files" / "tiny-llama.safetensors")
    assert counted._repr_markdown_() == run(capsys, "count", path, "--format", "markdown")[1]
    compared = estimator.compare(["llama-2-7b", LLAMA_13B])
    assert compared == run_json(capsys, "estimate", "llama-2-7b", LLAMA_13B)
    assert compared._repr_markdown_() == run(capsys, "estimate", "llama-2-7b", LLAMA_13B, "--format", "markdown")[1]


def html_cells(page: str) -> list[list[str]]:
    """The text of each table row's cells, from the HTML (which must parse as XML)."""
    root = ET.fromstring(page)
    return [["".join(cell.itertext()) for cell in row] for row in root.iter("tr")]


def test_html_tables_hold_the_markdown_cells_escaped(tmp_path):
    spec = tmp_path / "odd.yaml"
    spec.write_text('name: "<script>alert(1)</script> & a|b"\nhyperparameters: {d: 8}\n'
                    "model:\n  - {name: fc, type: linear, in_features: d, out_features: d}\n")
    result = estimator.estimate(str(spec))
    page = result._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; a|b" in page
    rows = html_cells(page)
    assert ["params", "72", "72"] in rows
    assert ["fc", "linear", "", "72", "100.0%", "128 FLOPs"] in rows
    compared = estimator.compare(["llama-2-7b", LLAMA_13B])
    rows = html_cells(compared._repr_html_())
    assert rows[0] == ["count", "llama-2-7b", "llama-2-13b", "change"]
    assert ["params", "6,738,415,616 (6.74B)", "13,015,864,320 (13.0B)", "+6,277,448,704 (+93.16%)"] in rows


# ---------------------------------------------------------------- estimate --plot


@pytest.mark.parametrize("name", sorted(bundled_architectures()))
def test_the_breakdown_adds_up_to_the_total(name):
    result = bundled_estimate(name)  # estimator.estimate(name), shared with other files' tests of it
    for depth in (1, 2, 3):
        segments = breakdown_segments(result, depth)
        assert sum(params for _, params in segments) == result["params"]
        assert all(params > 0 for _, params in segments)


def svg_segments(path: Path) -> dict:
    """``segment-BAR-PART`` -> (left, width) of its rectangle, in SVG units, as drawn."""
    root = ET.parse(path).getroot()
    found = {}
    for group in root.iter("{http://www.w3.org/2000/svg}g"):
        gid = group.get("id", "")
        if gid.startswith("segment-"):
            shape = next(group.iter("{http://www.w3.org/2000/svg}path"))
            xs = [float(x) for x, _ in re.findall(r"([-\d.]+) ([-\d.]+)", shape.get("d"))]
            found[gid] = (min(xs), max(xs) - min(xs))
    return found


def test_plot_breakdown_draws_each_module_as_wide_as_its_parameters(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "breakdown.svg"
    code, _, err = run(capsys, "estimate", "llama-2-7b", LLAMA_13B, "gpt2", "--plot", path)
    assert code == 0, err
    results = [bundled_estimate("llama-2-7b"), estimator.estimate(LLAMA_13B), bundled_estimate("gpt2")]
    drawn = svg_segments(path)
    expected = {f"segment-{bar}-{part}": params for bar, result in enumerate(results, 1)
                for part, (_, params) in enumerate(breakdown_segments(result, 2), 1)}
    assert set(drawn) == set(expected)
    scale = drawn["segment-2-2"][1] / expected["segment-2-2"]  # llama-2-13b's layers: the widest part
    for gid, params in expected.items():
        assert drawn[gid][1] == pytest.approx(params * scale, rel=1e-5, abs=2e-6), gid
    for bar, result in enumerate(results, 1):  # the parts of a bar follow each other from the axis
        parts = sorted((v for k, v in drawn.items() if k.startswith(f"segment-{bar}-")), key=lambda lw: lw[0])
        start = parts[0][0]
        assert parts[-1][0] + parts[-1][1] - start == pytest.approx(result["params"] * scale, rel=1e-5)
    text = " ".join(ET.parse(path).getroot().itertext())
    for label in ("model.layers (6.48B, 12.7B, -)", "transformer.h (-, -, 85.1M)", "lm_head (131M, 164M, -)",
                  human_count(6738415616), "llama-2-13b", "gpt2"):
        assert label in text, label


def test_plot_breakdown_of_one_spec_writes_png(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "breakdown.png"
    code, out, _ = run(capsys, "estimate", "gpt2", "--plot", path, "--depth", "1")
    assert code == 0 and out.startswith("gpt2: 124,439,808 parameters")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
