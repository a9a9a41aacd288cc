"""Points files as people save them, and every number a sweep or solve is given, bounded.

Each bad input must give exit code 2 and exactly one line on stderr, `Error: ` and the file
(or the option) it is about; each good one the exact counts.
"""
import csv
import functools
import io
import json
import re

import pytest

from estimator import api

from estimator.engine import sweep
from estimator.cli.app import main
from estimator.core.errors import EstimatorError
from estimator.engine.sweep import MAX_CELL_CHARS, MAX_POINTS_FILE_BYTES, parse_grid, parse_target, read_points

from conftest import FIXTURES

GPT2_FAMILY = (FIXTURES / "points" / "gpt2-family.csv").read_text()
GPT2_PARAMS = [124_439_808, 354_823_168, 774_030_080, 1_557_611_200]
RESNET_FAMILY = (FIXTURES / "points" / "resnet-family.yaml").read_text()
RESNET_PARAMS = [25_557_032, 44_549_160, 60_192_808, 68_883_240, 25_028_904]
BOM = b"\xef\xbb\xbf"


def error_line(capsys, argv: list) -> str:
    """The one stderr line of a refused command, without its `Error: ` prefix."""
    code = main(argv)
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert (code, len(lines)) == (2, 1), captured.err
    assert lines[0].startswith("Error: ") and "Traceback" not in captured.err
    return lines[0][len("Error: "):]


def sweep_json(capsys, spec: str, points) -> list[dict]:
    assert main(["sweep", spec, "--points", str(points), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["rows"]


# ---------------------------------------------------------------- files as spreadsheets save them


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize(
    "name, data",
    [
        ("lf.csv", GPT2_FAMILY.encode()),
        ("bom.csv", BOM + GPT2_FAMILY.encode()),
        ("crlf.csv", crlf(GPT2_FAMILY).encode()),
        ("bom-crlf.csv", BOM + crlf(GPT2_FAMILY).encode()),  # Excel's "CSV UTF-8"
        ("cr.csv", GPT2_FAMILY.replace("\n", "\r").encode()),  # old Mac line ends
        ("blank-lines.csv", GPT2_FAMILY.replace("\n", "\n\n").encode()),
        ("trailing-empty-columns.csv", GPT2_FAMILY.replace("\n", ",,\n").encode()),
        ("quoted-thousands.csv", GPT2_FAMILY.replace(",124439808", ',"124,439,808"').encode()),
    ],
)
def test_csv_points_as_spreadsheets_save_them(capsys, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    rows = sweep_json(capsys, "gpt2", path)
    assert [row["name"] for row in rows] == ["gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"]
    assert [row["params"] for row in rows] == GPT2_PARAMS
    assert [row["expect_params"] for row in rows] == GPT2_PARAMS
    assert all(row["error"] == "" for row in rows)


@pytest.mark.parametrize("name, data", [
    ("bom.yaml", BOM + RESNET_FAMILY.encode()),
    ("crlf.yaml", crlf(RESNET_FAMILY).encode()),
    ("bom-crlf.yaml", BOM + crlf(RESNET_FAMILY).encode()),
])
def test_yaml_points_with_bom_and_crlf(capsys, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    rows = sweep_json(capsys, "resnet50", path)
    assert [row["params"] for row in rows] == RESNET_PARAMS
    assert all(row["error"] == "" for row in rows)


@pytest.mark.parametrize("kept", [100_000, 2])
def test_a_large_csv_file_is_read_again_per_pass_not_kept(monkeypatch, capsys, tmp_path, kept):
    monkeypatch.setattr(sweep, "MAX_KEPT_POINTS", kept)
    path = tmp_path / "p.csv"
    path.write_text(GPT2_FAMILY.replace("gpt2-large,1280,36,20,", "gpt2-large,1280,,20,"))
    points = read_points(str(path), api.load("gpt2"))
    assert (points.kept is None) == (kept == 2) and len(points) == 4
    assert list(points) == list(points)
    assert list(points)[1] == {"name": "gpt2-medium", "hidden_size": 1024, "num_layers": 24, "num_heads": 16,
                               "expect_params": 354_823_168}
    assert "num_layers" not in list(points)[2]  # an empty cell: the spec's value (12 layers)
    assert points.columns == ["name", "hidden_size", "num_layers", "num_heads", "expect_params"]
    assert main(["sweep", "gpt2", "--points", str(path), "--format", "json"]) == 1  # an expectation failed
    rows = json.loads(capsys.readouterr().out)["rows"]
    large = api.estimate("gpt2", {"hidden_size": "1280", "num_heads": "20"})["params"]
    assert [row["error"] for row in rows] == ["", "", f"params is {large:,}, expected 774,030,080", ""]


def test_row_errors_stay_row_errors(capsys, tmp_path):
    # a fractional head dimension, a zero, a negative value: errors in their rows, as before
    path = tmp_path / "p.csv"
    path.write_text("name,hidden_size,num_heads\nodd,1000,12\nzero,0,12\nnegative,-768,12\nok,768,12\n")
    rows = sweep_json(capsys, "gpt2", path)
    assert [row["params"] for row in rows] == [None, 0, None, 124_439_808]
    assert rows[0]["error"] == "constraint `hidden_size % num_heads == 0` does not hold (hidden_size=1000, num_heads=12)"
    assert rows[1]["error"] == "" and rows[2]["error"].startswith("dimension is -768; it must not be negative")


# ---------------------------------------------------------------- bad points files

HUGE = "9" * 100  # a 100-digit integer: over the 256-bit bound
LONG_CELL = "x" * 200_000  # over the csv module's field limit (131,072)


BAD_POINTS_FILES = [
    ("latin1.csv", b"name,hidden_size\r\ncaf\xe9,768\r\n",
     r"{}:2:4: \$: byte 0xe9 is not UTF-8 \(Latin-1 or another encoding\?\); save the file as UTF-8"),
    ("latin1-header.csv", b"n\xe4me,hidden_size\n", r"{}:1:2: \$: byte 0xe4 is not UTF-8 .*"),
    ("nul.csv", b"name,hidden_size\nab\x00c,768\n", r"{}:2:3: \$: a NUL byte; is it a binary file\?"),
    ("utf16.csv", "name,hidden_size\n".encode("utf-16"),
     r"{}:1:1: \$: the file is UTF-16 \(it starts with a UTF-16 byte-order mark\); save it as UTF-8"),
    ("semicolons.csv", b"name;hidden_size\r\ngpt2;768\r\n",
     r"{}:1:1: \$: the header is one column, separated by ';'; a points file separates columns with commas"),
    ("latin1.yaml", b"- {hidden_size: 768}\n- {name: caf\xe9}\n", r"{}:2:13: \$: byte 0xe9 is not UTF-8 .*"),
    ("nul.yaml", b"- {hidden_size: 768}\n- {name: a\x00b}\n", r"{}:2:11: \$: a NUL byte; is it a binary file\?"),
    ("long-cell.csv", f"name,hidden_size\nx,{LONG_CELL}\n".encode(),
     rf"{{}}:2:1: \$: invalid CSV: a cell is longer than {MAX_CELL_CHARS:,} characters \(or a quote is not closed\)"),
    ("unclosed-quote.csv", ('name,hidden_size\n"x,768\n' + "y,768\n" * 30_000).encode(),
     r"{}:2:1: \$: invalid CSV: a cell is longer than 1,000 characters \(or a quote is not closed\)"),
    ("cell.csv", f"name,hidden_size\n{'x' * 2000},768\n".encode(), r"{}:2:1: \$: cell 1 has 2,000 characters; at most 1,000"),
    ("long-line.csv", ("name\n" + ",".join(["x" * 999] * 1100) + "\n").encode(),
     r"{}:2:1: \$: the line is longer than 1,048,576 characters"),
    ("duplicate.csv", b"hidden_size,name,hidden_size\n768,a,768\n",
     r"{}:1:1: \$\.hidden_size: duplicate column `hidden_size` \(columns 1 and 3\)"),
    ("duplicate-spaces.csv", b"hidden_size,name, hidden_size \n768,a,768\n",
     r"{}:1:1: \$\.hidden_size: duplicate column `hidden_size` \(columns 1 and 3\)"),
    ("duplicate.yaml", b'- {hidden_size: 768, "hidden_size ": 1024}\n',
     r"{}:1:22: \$\[0\]\['hidden_size '\]: duplicate column `hidden_size`"),
    ("extra-cells.csv", b"hidden_size,name\n768,a,5\n", r"{}:2:1: \$: the row has 3 cells; the header names 2 columns"),
    ("nameless.csv", b"hidden_size,,name\n768,5,a\n", r"{}:2:1: \$: a value under a column with no name in the header: '5'"),
    ("unknown.csv", b"hiden_size\n768\n", r"{}:1:1: \$\.hiden_size: column `hiden_size` is not a hyperparameter"
     r" of the spec; did you mean `hidden_size`\? .*"),
    ("newline-column.csv", b'"hidden\nsize"\n768\n', r"{}:1:1: \$\['hidden\\nsize'\]: column `hidden\\nsize` is not .*"),
    ("huge.csv", f"hidden_size\n{HUGE}\n".encode(),
     r"{}:2:1: \$\.hidden_size: the value is too large \(more than 256 bits\)"),
    ("huge-expect.csv", f"hidden_size,expect_params\n768,{HUGE}\n".encode(),
     r"{}:2:1: \$\.expect_params: the value is too large \(more than 256 bits\)"),
    ("huge.yaml", f"- {{hidden_size: {HUGE}}}\n".encode(),
     r"{}:1:17: \$\[0\]\.hidden_size: the value is too large \(more than 256 bits\)"),
    ("huge-expect.yaml", f"- {{expect_params: {HUGE}}}\n".encode(),
     r"{}:1:19: \$\[0\]\.expect_params: the value is too large \(more than 256 bits\)"),
    ("superscript.csv", "hidden_size\n²\n".encode(), r"{}:2:1: \$\.hidden_size: '²' is not an integer or true/false"),
    ("float.csv", b"hidden_size\n7.5\n", r"{}:2:1: \$\.hidden_size: '7\.5' is not an integer or true/false"),
    ("float.yaml", b"- {hidden_size: 7.5}\n",
     r"{}:1:17: \$\[0\]\.hidden_size: 7\.5 is not an integer, true/false or a list of them"),
    ("infinity.yaml", b"- {hidden_size: .inf}\n",
     r"{}:1:17: \$\[0\]\.hidden_size: inf is not an integer, true/false or a list of them"),
    ("long-text.csv", f"hidden_size\n{'7' * 900}x\n".encode(),
     r"{}:2:1: \$\.hidden_size: '7{{56}}\.\.\. \(901 characters\) is not an integer or true/false"),
    ("bool-expect.yaml", b"- {expect_params: true}\n", r"{}:1:19: \$\[0\]\.expect_params: True is not an integer"),
    ("not-a-list.yaml", b"hidden_size: 768\n", r"{}:1:1: \$: a points file is a list of mappings \(hyperparameter: value\)"),
    ("empty.csv", b"", r"{}: the points file is empty"),
    ("blank.csv", b"\r\n\r\n", r"{}: the points file is empty"),
]


# each case is named by its file: the contents (up to a megabyte) would be its test id
@pytest.mark.parametrize("name, data, message", BAD_POINTS_FILES, ids=[case[0] for case in BAD_POINTS_FILES])
def test_bad_points_files(capsys, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    assert re.fullmatch(message.format(re.escape(str(path))), error_line(capsys, ["sweep", "gpt2", "--points", str(path)]))


@pytest.mark.parametrize("name, size, message", [
    ("huge.csv", 5 * 2**30, f"the points file has 5,368,709,120 bytes; at most {MAX_POINTS_FILE_BYTES:,} (split it, or sweep a --grid)"),
    ("huge.yaml", 5 * 2**30, "the points file has 5,368,709,120 bytes; at most 10,485,760 for YAML (a CSV file may be larger)"),
    ("large.yaml", 11 * 2**20, "the points file has 11,534,336 bytes; at most 10,485,760 for YAML (a CSV file may be larger)"),
])
def test_a_huge_points_file_is_refused_from_its_size(capsys, tmp_path, name, size, message):
    path = tmp_path / name
    with open(path, "wb") as f:
        f.truncate(size)  # sparse: nothing is written, and nothing must be read
    assert error_line(capsys, ["sweep", "gpt2", "--points", str(path)]) == f"{path}: {message}"


@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir(), "not a points file (a directory or a device)"),
    (lambda p: None, "no such points file"),
])
def test_points_file_that_is_not_a_file(capsys, tmp_path, make, message):
    path = tmp_path / "points.csv"
    make(path)
    assert error_line(capsys, ["sweep", "gpt2", "--points", str(path)]) == f"{path}: {message}"


# ---------------------------------------------------------------- grids


@pytest.mark.parametrize(
    "grid, message",
    [
        (f"num_layers={HUGE}", r"--grid num_layers is too large \(more than 256 bits\)"),
        (f"num_layers=1,{HUGE}", r"--grid num_layers is too large \(more than 256 bits\)"),
        (f"num_layers=1:{HUGE}", r"--grid num_layers is too large \(more than 256 bits\)"),
        (f"num_layers=1:{HUGE}:{HUGE}", r"--grid num_layers is too large \(more than 256 bits\)"),
        (f"num_layers=1:{2**255}", r"--grid num_layers: 5\.79e\+76 values; at most 10,000,000 points per sweep"),
        ("num_layers=1:10:0", r"--grid num_layers: the step must be a positive integer, got '0'"),
        ("num_layers=10:1", r"--grid num_layers: '10:1' holds no value"),
        ("num_layers=,,", r"--grid num_layers: ',,' holds no value"),
        ("num_layers=1:2:3:4", r"--grid num_layers: a range is START:STOP or START:STOP:STEP, got '1:2:3:4'"),
        ("num_layers=true:5", r"--grid num_layers: a range runs over integers, got 'true:5'"),
        ("num_layers=²", r"--grid num_layers: '²' is not an integer or true/false"),
        ("num_layers=٣", r"--grid num_layers: '٣' is not an integer or true/false"),
        ("num_layers=1__0", r"--grid num_layers: '1__0' is not an integer"),
        ("num_layers=--1", r"--grid num_layers: '--1' is not an integer"),
        ("num_layers=inf", r"--grid num_layers: 'inf' is not an integer or true/false"),
        ("num_layers=1e3", r"--grid num_layers: '1e3' is not an integer or true/false"),
        ("num_layers=" + "x" * 5000, r"--grid num_layers: 'x{56}\.\.\. \(5,000 characters\) is not an integer or true/false"),
        ("num_layers", r"--grid expects NAME=V1,V2,\.\.\. or NAME=START:STOP:STEP, got 'num_layers'"),
        ("num\nlayers=1", r"--grid num\\nlayers: the spec has no hyperparameter `num\\nlayers`; did you mean `num_layers`\?"),
        ("x" * 5000 + "=1", r"--grid x{57}\.\.\. \(5,000 characters\): the spec has no hyperparameter .*"),
    ],
)
def test_bad_grids(capsys, grid, message):
    line = error_line(capsys, ["sweep", "gpt2", "--grid", grid])
    assert re.fullmatch(r"<command line>: " + message, line)
    assert len(line) < 300


def test_a_grid_that_is_too_large_in_all():
    with pytest.raises(EstimatorError, match=r"the grid has 1\.00e\+21 points; at most 10,000,000 per sweep"):
        parse_grid(["num_layers=1:10000000", "hidden_size=1:10000000", "vocab_size=1:10000000"], api.load("gpt2"))


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_counts_past_the_bound_are_row_errors(capsys, fmt):
    # hidden_size = 3 * 2**200 is admitted, but the count it makes is over 256 bits
    hidden = 3 * 2**200
    assert main(["sweep", "gpt2", "--grid", f"hidden_size=768,{hidden}", "--format", fmt,
                 "--columns", "hidden_size,params,error"]) == 0
    out = capsys.readouterr().out
    rows = json.loads(out)["rows"] if fmt == "json" else list(csv.DictReader(io.StringIO(out)))
    assert [str(row["params"]) for row in rows] == ["124439808", "None" if fmt == "json" else ""]
    assert rows[1]["error"] == "params is too large (more than 256 bits)"


POWERS = """
name: powers
hyperparameters: {d: 1}
model:
  - {name: a, type: linear, in_features: "((d**256)**256)**256", out_features: 1, bias: false}
"""


def test_powers_of_powers_are_not_computed_in_the_fast_path(capsys, tmp_path):
    # d**16777216 compiled: at d = 3 Python would work for minutes; the full estimate refuses it
    path = tmp_path / "powers.yaml"
    path.write_text(POWERS)
    assert main(["sweep", str(path), "--grid", "d=1,3", "--format", "csv", "--columns", "d,params,error"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["params"] for row in rows] == ["1", ""]
    assert rows[1]["error"].startswith("3 ** 256 is too large (more than 256 bits)")


def test_api_points_over_the_bound_are_row_errors():
    rows = api.sweep("gpt2", points=[{"hidden_size": 10**5000}, {"hidden_size": 768}])
    assert [row["error"] for row in rows] == ["hidden_size is too large (more than 256 bits)", ""]
    assert rows[1]["params"] == 124_439_808


# ---------------------------------------------------------------- solve targets


@pytest.mark.parametrize(
    "target, value",
    [
        ("params=7e9", 7_000_000_000),
        ("params=7B", 7_000_000_000),
        ("params=7 B", 7_000_000_000),
        ("params=1.5b", 1_500_000_000),
        ("params=0.5K", 500),
        ("params=+5", 5),
        ("params=1_500_000", 1_500_000),
        ("params=7,000,000", 7_000_000),
        ("memory=80GiB", 80 * 2**30),
        ("params=1.0000000001e10", 10_000_000_001),
        ("params=25e-1K", 2_500),
        ("params=1" + "0" * 76, 10**76),
        ("params=1e77", 10**77),  # below 2**256 (about 1.16e77)
        ("params=0." + "0" * 500 + "1e502", 10),
    ],
)
def test_targets_are_read_exactly(target, value):
    assert parse_target(target)[1] == value


@pytest.mark.parametrize(
    "target, message",
    [
        ("params=inf", r"--target params: 'inf' is not a number \(e\.g\. 7e9, 7B, 80GiB\)"),
        ("params=-inf", r"--target params: '-inf' is not a number .*"),
        ("params=nan", r"--target params: 'nan' is not a number .*"),
        ("params=Infinity", r"--target params: 'Infinity' is not a number .*"),
        ("params=0x10", r"--target params: '0x10' is not a number .*"),
        ("params=٣", r"--target params: '٣' is not a number .*"),
        ("params=1e", r"--target params: '1e' is not a number .*"),
        ("params=GiB", r"--target params: 'GiB' is not a number .*"),
        ("params=1e5000", r"--target params: '1e5000' is too large \(more than 256 bits\)"),
        ("params=1e999999999", r"--target params: '1e999999999' is too large \(more than 256 bits\)"),
        ("params=1e99999999999999999999", r"--target params: '1e99999999999999999999' is too large .*"),
        ("params=2e77", r"--target params: '2e77' is too large \(more than 256 bits\)"),
        ("params=1e70T", r"--target params: '1e70T' is too large \(more than 256 bits\)"),
        ("params=1e75TiB", r"--target params: '1e75TiB' is too large \(more than 256 bits\)"),
        ("params=" + "9" * 5000, r"--target params: '9{56}\.\.\. \(5,000 characters\) is too large \(more than 256 bits\)"),
        ("params=1e-5000", r"--target params: the target must be a positive whole number, got '1e-5000'"),
        ("params=1e-999999999999", r"--target params: the target must be a positive whole number, .*"),
        ("params=1.5e0", r"--target params: the target must be a positive whole number, got '1\.5e0'"),
        ("params=1." + "0" * 5000 + "1", r"--target params: the target must be a positive whole number, got '1\.0+\.\.\. \(5,003 characters\)"),
        ("params=0", r"--target params: the target must be a positive whole number, got '0'"),
        ("params=-5", r"--target params: the target must be a positive whole number, got '-5'"),
        ("params", r"--target expects COLUMN=VALUE \(e\.g\. params=7e9\), got 'params'"),
        ("pa\nrams=1", r"--target pa\\nrams: no such column; did you mean `params`\? .*"),
    ],
)
def test_bad_targets(capsys, target, message):
    line = error_line(capsys, ["solve", "gpt2", "--target", target, "--for", "num_layers"])
    assert re.fullmatch(r"<command line>: " + message, line)
    assert len(line) < 600  # the unknown-column message lists every column


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--target", "params=1e77"], r"no valid value of num_layers \(a multiple of 1\) gives params near 1\.00e\+77:"
         r" it ranges from 46,473,216 to 7,793,197,680,227,318,016 for num_layers from 1 to 1,099,511,627,776"),
        (["--target", "params=1e50", "--multiple-of", "9" * 70],
         r"no valid value of num_layers \(a multiple of 1\.00e\+70\) gives params near 1\.00e\+50: num_layers ="
         r" 1\.00e\+70 is the only valid value found \(params = 7\.09e\+76\); at num_layers = 2\.00e\+70: params is"
         r" too large \(more than 256 bits\)"),
        (["--target", "params=1e9", "--alternatives", "1000"], r"--alternatives: at most 100 values on each side, got 1,000"),
        (["--target", "params=1e9", "--multiple-of", HUGE], r"argument --multiple-of: .*too large.*"),
    ],
)
def test_solve_messages_stay_short(capsys, argv, message):
    line = error_line(capsys, ["solve", "gpt2", "--for", "num_layers", *argv])
    assert re.fullmatch(r"<command line>: " + message, line)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"multiple_of": 2**300}, r"--multiple-of is too large \(more than 256 bits\)"),
        ({"multiple_of": 0}, r"--multiple-of must be a positive integer, got 0"),
        ({"alternatives": 0}, r"--alternatives must be a positive integer, got 0"),
        ({"target": {"params": 10**100}}, r"--target params is too large \(more than 256 bits\)"),
        ({"target": {"parms": 10**9}}, r"--target parms: no such column; did you mean `params`\?"),
    ],
)
def test_solve_refuses_values_over_the_bound(kwargs, message):
    arguments = {"target": {"params": 10**9}, **kwargs}
    with pytest.raises(EstimatorError, match=message):
        api.solve("gpt2", for_name="num_layers", **arguments)


def test_solve_with_a_multiple_at_the_bound_stays_within_it():
    # the searched multiples never pass 2**256: here the only one is the multiple itself, and
    # its count is over the bound
    with pytest.raises(EstimatorError, match=r"<command line>: no valid value of num_layers \(a multiple of 1\.16e\+77\)"
                       r" from 1\.16e\+77 to 1\.16e\+77: at num_layers = 1\.16e\+77: params is too large"
                       r" \(more than 256 bits\)$"):
        api.solve("gpt2", {"params": 10**9}, "num_layers", multiple_of=2**256 - 1)


# ---------------------------------------------------------------- list-valued hyperparameters

RESNET_ANY = str(FIXTURES / "points" / "resnet-any-block.yaml")  # torchvision's ResNet(block, layers)
TORCHVISION_RESNETS = {"resnet18": 11_689_512, "resnet34": 21_797_672, "resnet50": 25_557_032,
                       "resnet101": 44_549_160, "resnet152": 60_192_808}  # torchvision's published counts


@pytest.mark.parametrize("points", ["torchvision-resnets.yaml", "torchvision-resnets.csv"])
def test_list_valued_points_reproduce_every_torchvision_resnet(capsys, points):
    rows = sweep_json(capsys, RESNET_ANY, FIXTURES / "points" / points)
    assert {row["name"]: row["params"] for row in rows} == TORCHVISION_RESNETS
    assert [row["expect_params"] for row in rows] == [row["params"] for row in rows]
    assert [row["layers"] for row in rows] == [[2, 2, 2, 2], [3, 4, 6, 3], [3, 4, 6, 3], [3, 4, 23, 3], [3, 8, 36, 3]]
    assert all(row["error"] == "" for row in rows)


@functools.cache
def full_estimate(spec: str, point: tuple) -> dict:
    """api.estimate at one point (as sorted (name, value text) pairs), once for the formats below."""
    return api.estimate(spec, dict(point))


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_grid_of_lists_equals_full_estimates(capsys, fmt):
    # each list comes back (once per width and block): the compiled path takes it the second time
    assert main(["sweep", RESNET_ANY, "--grid", "layers=[2,2,2,2],[3, 4, 6, 3],[3,4,23,3]", "--grid", "width=32,64",
                 "--grid", "bottleneck=true,false", "--format", fmt, "--columns",
                 "layers,width,bottleneck,params,buffer_elements,error"]) == 0
    out = capsys.readouterr().out
    rows = json.loads(out)["rows"] if fmt == "json" else list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 12
    for row in rows:
        layers = row["layers"] if fmt == "json" else sweep.parse_value(row["layers"], None)
        point = {"layers": sweep.value_text(layers), "width": str(row["width"]), "bottleneck": str(row["bottleneck"]).lower()}
        expected = full_estimate(RESNET_ANY, tuple(sorted(point.items())))
        assert [int(row["params"]), int(row["buffer_elements"]), row["error"]] == [
            expected["params"], expected["buffer_elements"], ""], point
    if fmt == "json":
        assert rows[1] == {"layers": [2, 2, 2, 2], "width": 32, "bottleneck": False, "params": 3_055_880,
                           "buffer_elements": 4_820, "error": ""}
    else:
        assert out.splitlines()[2] == '"[2, 2, 2, 2]",32,false,3055880,4820,'


def test_list_columns_of_a_sweep_as_a_points_file_writes_them(capsys):
    # a list hyperparameter shown as a column, not swept: as written in the spec
    assert main(["sweep", RESNET_ANY, "--grid", "width=32,64", "--format", "csv", "--columns",
                 "width,layers,bottleneck,params"]) == 0
    assert capsys.readouterr().out == ('width,layers,bottleneck,params\n32,"[3, 4, 6, 3]",true,6917640\n'
                                       '64,"[3, 4, 6, 3]",true,25557032\n')
    rows = api.sweep(RESNET_ANY, points=[{"width": 64}], columns=["layers", "params"])
    assert rows == [{"params": 25_557_032, "layers": [3, 4, 6, 3], "width": 64, "error": ""}]


def test_api_list_points():
    rows = api.sweep(RESNET_ANY, points=[{"layers": [3, 8, 36, 3]}, {"layers": [2, 2, 2, 2], "bottleneck": False},
                                         {"layers": [3, 4, 6]}, {"layers": [3, 4, 2**300, 3]}, {"layers": [3, "x", 6, 3]}],
                     columns=["params"])
    assert [row["params"] for row in rows[:2]] == [60_192_808, 11_689_512]
    assert rows[2]["error"].startswith("constraint `len(layers) == 4` does not hold (layers=[3, 4, 6])")
    assert rows[3]["error"] == "layers is too large (more than 256 bits)"
    assert rows[4]["error"] == "layers: 'x' in a list is not an integer or true/false"


def test_a_list_that_breaks_the_spec_is_a_row_error(capsys, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("- {name: ok, layers: [3, 4, 6, 3]}\n- {name: zero, layers: [0, 4, 6, 3]}\n"
                    "- {name: short, layers: [3, 4]}\n- {name: ok-again, layers: [3, 4, 6, 3], width: 32}\n")
    rows = sweep_json(capsys, RESNET_ANY, path)
    assert [row["params"] for row in rows] == [25_557_032, None, None, 6_917_640]
    assert rows[1]["error"].startswith("constraint `layers[0] >= 1 and layers[1] >= 1 and layers[2] >= 1 and"
                                       " layers[3] >= 1` does not hold (layers=[0, 4, 6, 3])")
    assert rows[2]["error"].startswith("constraint `len(layers) == 4` does not hold (layers=[3, 4])")


def test_an_expectation_failure_streams_with_lists(capsys, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text('name,layers,expect_params\nresnet101,"[3, 4, 23, 3]",44549160\nwrong,"[3, 4, 23, 3]",1\n')
    assert main(["sweep", RESNET_ANY, "--points", str(path), "--format", "csv", "--columns", "name,params,error"]) == 1
    assert capsys.readouterr().out == ("name,params,error\nresnet101,44549160,\n"
                                       "wrong,44549160,\"params is 44,549,160, expected 1\"\n")


@pytest.mark.parametrize(
    "grid, message",
    [
        ("layers=[3,4,6,3", r"--grid layers: '\[3,4,6,3' has a \[ without \]"),
        ("layers=[3,4,6,3]],[1]", r"--grid layers: '\[3,4,6,3\]\],\[1\]' has a \] without \["),
        ("layers=[3,4,x,3]", r"--grid layers: '\[3,4,x,3\]' is not a list of integers or true/false \('x' is not an"
                             r" integer or true/false; e\.g\. \[3, 4, 6, 3\]\)"),
        ("layers=[3,,4]", r"--grid layers: '\[3,,4\]' is not a list of integers or true/false \(an empty item; .*"),
        ("layers=[3 4]", r"--grid layers: '\[3 4\]' is not a list .*\('3 4' is not an integer or true/false; .*"),
        ("layers=[3][4]", r"--grid layers: '\[3\]\[4\]' is not a list .*\('\[' after the closing \]; .*"),
        ("layers=[1]:[3]", r"--grid layers: '\[1\]:\[3\]' is not a list .*\(':' after the closing \]; .*"),
        ("layers=[1.5, 2]", r"--grid layers: '\[1\.5, 2\]' is not a list .*\('1\.5' is not an integer or true/false; .*"),
        (f"layers=[3,{HUGE}]", r"--grid layers is too large \(more than 256 bits\)"),
        ("layers=" + "[" * 9 + "]" * 9, r"--grid layers: '\[{9}\]{9}' is not a list .*\(nested more than 8 deep; .*"),
        ("layers=[" + "1," * 10_001 + "1]", r"--grid layers: '\[1,1,.* \(20,005 characters\) is not a list .*\(more than 10,000 items; .*"),
    ],
)
def test_bad_list_grids(capsys, grid, message):
    line = error_line(capsys, ["sweep", RESNET_ANY, "--grid", grid])
    assert re.fullmatch(r"<command line>: " + message, line)
    assert len(line) < 300


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("open.csv", b'layers\n"[3, 4"\n', r"{}:2:1: \$\.layers: '\[3, 4' is not a list of integers or true/false"
         r" \(\] is missing; e\.g\. \[3, 4, 6, 3\]\)"),
        ("float.yaml", b"- {layers: [3, 4.5, 6, 3]}\n", r"{}:1:12: \$\[0\]\.layers: the value: 4\.5 in a list is not an"
         r" integer or true/false"),
        ("mapping.yaml", b"- {layers: [3, {a: 1}]}\n", r"{}:1:12: \$\[0\]\.layers: the value: {{'a': 1}} in a list is not"
         r" an integer or true/false"),
        ("huge.yaml", f"- {{layers: [3, {HUGE}]}}\n".encode(), r"{}:1:12: \$\[0\]\.layers: the value is too large"
         r" \(more than 256 bits\)"),
        ("deep.yaml", b"- {layers: [[[[[[[[[1]]]]]]]]]}\n", r"{}:1:12: \$\[0\]\.layers: the value: a list nested more"
         r" than 8 deep"),
        ("list-expect.yaml", b"- {layers: [3, 4, 6, 3], expect_params: [1]}\n", r"{}:1:41: \$\[0\]\.expect_params:"
         r" \[1\] is not an integer"),
        ("mapping-value.yaml", b"- {width: {a: 1}}\n", r"{}:1:11: \$\[0\]\.width: {{'a': 1}} is not an integer,"
         r" true/false or a list of them"),
    ],
)
def test_bad_list_cells(capsys, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    assert re.fullmatch(message.format(re.escape(str(path))), error_line(capsys, ["sweep", RESNET_ANY, "--points", str(path)]))
