"""Sweeps over many candidate sizes, and solving for the size that hits a budget.

The spec is expanded once with the swept hyperparameters as symbols; every count, every
value that must be an integer and every constraint becomes one compiled function, and
each point costs one call of it (exact Python integers). A point whose values make a
dimension fractional or break a constraint gets an error in its row, not a crash. When
the model's structure itself depends on a swept value (a block that exists only when
``stride != 1``), or a value is not a positive integer, that point is estimated in full.
A list value (``layers: [3, 4, 6, 3]``) is fixed in a compiled function, as true/false is.

Solving searches valid values only: the count need not be a closed formula of the solved
name, and most of its values may be invalid (see :func:`solve`).
"""
from __future__ import annotations

import csv
from dataclasses import replace
import itertools
import math
import re
import stat
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple


from estimator.core.errors import (check_integer, COMMAND_LINE, command_line_error, did_you_mean, EstimatorError,
                                   Location, MAX_INTEGER_BITS, one_line, parse_integer, short_repr, shorten)
from estimator.core.amounts import MAX_DIGITS, parse_amount
from estimator.core.expressions import Undecidable
from estimator.core.symbolic import sympy
from estimator.engine.expand import expand, hyperparameter_scope
from estimator.engine.formula import compile_exact, describe_value, integral, symbolic_model
from estimator.engine.metrics import ALIASES, all_values, Assumptions, METRIC_KEYS
from estimator.engine.placement import layout_of
from estimator.engine.totals import compute_totals, COUNT_KEYS
from estimator.spec.loader import load_yaml_text, MAX_FILE_BYTES
from estimator.spec.model import Spec

VALUE_KEYS = COUNT_KEYS + METRIC_KEYS  # every column a sweep can show and solve can target

MAX_POINTS = 10_000_000
MAX_POINTS_FILE_BYTES = 2**30  # a CSV points file: room for MAX_POINTS rows; read a line at a time
MAX_LINE_CHARS = 2**20  # one line of a CSV points file
MAX_CELL_CHARS = 1_000  # one cell or column name (an integer in bounds has at most 78 digits)
MAX_KEPT_POINTS = 100_000  # a points file up to this size is read once and kept in memory
MAX_POINTS_SEEN = 100_000  # list values remembered for compiling (see PointEvaluator.evaluate)
MAX_ALTERNATIVES = 100  # solve: valid values shown on each side of the target


# ---------------------------------------------------------------- reading points


def parse_value(text: str, where: Location | None, what: str | None = None) -> int | bool | list:
    """An integer, true/false, or a list of them (``[3, 4, 6, 3]``, nested lists too) typed
    by a person, every integer within the one bound.

    ``what`` is the option the text was given to (``--grid num_layers``); None for a cell of
    a points file, whose location already names the column.
    """
    text = text.strip()
    if text.isdigit() and text.isascii() and len(text) < MAX_DIGITS:
        return int(text)  # the common case: what parse_integer returns, without its checks (always in bounds)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if text.startswith("["):
        return _parse_list(text, where, what)
    digits = text.lstrip("+-").replace("_", "")
    if digits.isascii() and digits.isdigit():  # the shape of an integer: the strict parser decides
        return parse_integer(text, where, what or "the value")
    raise EstimatorError(f"{f'{what}: ' if what else ''}{short_repr(text)} is not an integer or true/false", where)


MAX_LIST_ITEMS = 10_000  # integers and true/false in one list-valued cell or --grid value, nested ones included
MAX_LIST_DEPTH = 8  # [[...]] nested at most this deep
_LIST_TOKEN = re.compile(r"\s*(\[|\]|,|[^\[\],]+)")


def _parse_list(text: str, where: Location | None, what: str | None) -> list:
    """``[3, 4, 6, 3]``, ``[[1, 2], [3]]``, ``[]``: integers and true/false in brackets,
    separated by commas. Read token by token (never ``eval``), bounded in items and depth."""
    prefix = f"{what}: " if what else ""
    shown = short_repr(text)

    def bad(problem: str) -> EstimatorError:
        return EstimatorError(f"{prefix}{shown} is not a list of integers or true/false ({problem};"
                              " e.g. [3, 4, 6, 3])", where)

    stack: list[list] = []
    result: list | None = None
    items = 0
    expect_item = True  # after `[` or `,`: an item (or, after `[`, the closing `]`)
    position = 0
    while position < len(text):
        match = _LIST_TOKEN.match(text, position)
        if match is None:  # only blanks are left
            break
        position = match.end()
        token = match.group(1)
        if result is not None:
            raise bad(f"{short_repr(token.strip())} after the closing ]")
        if token == "[":
            if not expect_item:
                raise bad("a comma is missing before [")
            if len(stack) >= MAX_LIST_DEPTH:
                raise bad(f"nested more than {MAX_LIST_DEPTH} deep")
            stack.append([])
        elif token == "]":
            if not stack:
                raise bad("] without [")
            if expect_item and stack[-1]:
                raise bad("an empty item before ]")
            done = stack.pop()
            if stack:
                stack[-1].append(done)
            else:
                result = done
            expect_item = False
        elif token == ",":
            if expect_item:
                raise bad("an empty item")
            expect_item = True
        else:
            item = token.strip()
            if not item:
                continue
            if not expect_item:
                raise bad(f"a comma is missing before {short_repr(item)}")
            if not stack:
                raise bad(f"{short_repr(item)} outside the brackets")
            digits = item.lstrip("+-").replace("_", "")
            if not (digits.isascii() and digits.isdigit()) and item.lower() not in ("true", "false"):
                raise bad(f"{short_repr(item)} is not an integer or true/false")
            value = parse_value(item, where, what)
            items += 1
            if items > MAX_LIST_ITEMS:
                raise bad(f"more than {MAX_LIST_ITEMS:,} items")
            stack[-1].append(value)
            expect_item = False
    if result is None:
        raise bad("] is missing")
    return result


def checked_list(value: list, where: Location | None, what: str = "the value") -> list:
    """A list given as data (a YAML points file, the API): integers within the bound,
    true/false and lists of them, bounded in items and depth as when typed."""
    items = 0

    def check(items_of: list, depth: int) -> None:
        nonlocal items
        if depth > MAX_LIST_DEPTH:
            raise EstimatorError(f"{what}: a list nested more than {MAX_LIST_DEPTH} deep", where)
        for item in items_of:
            items += 1
            if items > MAX_LIST_ITEMS:
                raise EstimatorError(f"{what}: a list of more than {MAX_LIST_ITEMS:,} items", where)
            if isinstance(item, list):
                check(item, depth + 1)
            elif isinstance(item, int):
                if not isinstance(item, bool):
                    check_integer(item, where, what)
            else:
                raise EstimatorError(f"{what}: {short_repr(item)} in a list is not an integer or true/false", where)

    check(value, 1)
    return value


def value_text(value: Any) -> str:
    """A swept value as ``--set`` text: ``768``, ``true``, ``[3, 4, 6, 3]``."""
    if value.__class__ is bool:
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(value_text(item) for item in value) + "]"
    return str(value)


def _split_values(text: str, option: str) -> list[str]:
    """``1,2,4`` -> three values; ``[3,4,6,3],[3,4,23,3]`` -> two lists: commas inside
    brackets belong to the list."""
    cells: list[str] = []
    depth = 0
    start = 0
    for position, character in enumerate(text):
        if character == "[":
            depth += 1
        elif character == "]":
            depth -= 1
            if depth < 0:
                raise command_line_error(f"{option}: {short_repr(text)} has a ] without [")
        elif character == "," and depth == 0:
            cells.append(text[start:position])
            start = position + 1
    if depth > 0:
        raise command_line_error(f"{option}: {short_repr(text)} has a [ without ]")
    cells.append(text[start:])
    return [cell for cell in cells if cell.strip()]


def parse_grid(items: list[str], spec: Spec) -> dict[str, list]:
    """``NAME=1,2,4`` or ``NAME=START:STOP:STEP`` (STOP included) -> values per name; a
    list-valued hyperparameter takes lists, ``NAME=[3,4,6,3],[3,4,23,3]`` (commas inside
    brackets belong to the list)."""
    where = Location(COMMAND_LINE)
    grid: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name or not text.strip():
            raise command_line_error(f"--grid expects NAME=V1,V2,... or NAME=START:STOP:STEP, got {short_repr(item)}")
        _known(name, spec, "--grid")
        option = f"--grid {name}"
        if name in grid:
            raise command_line_error(f"{option} is given twice")
        if ":" in text and "[" not in text:
            parts = text.split(":")
            if len(parts) not in (2, 3):
                raise command_line_error(f"{option}: a range is START:STOP or START:STOP:STEP, got {short_repr(text)}")
            start, stop, step = (parse_value(p, where, option) for p in (parts + ["1"])[:3])
            if not (start.__class__ is int and stop.__class__ is int):
                raise command_line_error(f"{option}: a range runs over integers, got {short_repr(text)}")
            if not (isinstance(step, int) and step.__class__ is int and step > 0):
                raise command_line_error(f"{option}: the step must be a positive integer, got {short_repr(parts[2].strip())}")
            assert isinstance(start, int) and isinstance(stop, int)  # checked above (for the type checker)
            count = (stop - start) // step + 1
            if count <= 0:
                raise command_line_error(f"{option}: {short_repr(text)} holds no value")
            if count > MAX_POINTS:
                raise command_line_error(f"{option}: {_count_text(count)} values; at most {MAX_POINTS:,} points per sweep")
            grid[name] = range(start, stop + 1, step)  # a list only once the whole grid is known to be small
        else:
            cells = _split_values(text, option)
            if not cells:
                raise command_line_error(f"{option}: {short_repr(text)} holds no value")
            if len(cells) > MAX_POINTS:
                raise command_line_error(f"{option}: {len(cells):,} values; at most {MAX_POINTS:,} points per sweep")
            grid[name] = [parse_value(v, where, option) for v in cells]
    total = 1
    for values in grid.values():
        total *= len(values)
    if total > MAX_POINTS:
        raise command_line_error(f"the grid has {_count_text(total)} points; at most {MAX_POINTS:,} per sweep")
    return {name: list(values) for name, values in grid.items()}


def grid_points(grid: dict[str, list]) -> Iterator[dict]:
    names = list(grid)
    for combination in itertools.product(*grid.values()):
        yield dict(zip(names, combination))


LABEL_COLUMNS = ("name", "label", "model")
EXPECT_PREFIX = "expect_"  # a points-file column `expect_params` is checked against the count
_YAML_SUFFIXES = (".yaml", ".yml", ".json")


def read_points(path: str, spec: Spec) -> list[dict] | PointsFile:
    """Points from a CSV (a header of hyperparameter names) or a YAML list of mappings.

    A ``name`` / ``label`` / ``model`` column is carried into the output as a label; an
    ``expect_params`` column is checked against the count. Files are read as spreadsheet
    programs save them (UTF-8 with or without a byte-order mark, CRLF or LF line ends);
    their size is bounded before anything is read. A CSV file is read one line at a time
    and read again for each pass over its points: it never sits in memory.
    """
    file = Path(path)
    try:
        info = file.stat()
    except OSError:
        raise EstimatorError("no such points file", Location(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise EstimatorError("not a points file (a directory or a device)" if file.exists()
                             else "no such points file", Location(path))
    if file.suffix.lower() in _YAML_SUFFIXES:
        return _yaml_points(file, path, spec, info.st_size)
    if info.st_size > MAX_POINTS_FILE_BYTES:
        raise EstimatorError(f"the points file has {info.st_size:,} bytes; at most {MAX_POINTS_FILE_BYTES:,}"
                             " (split it, or sweep a --grid)", Location(path))
    return PointsFile(file, path, spec)


class PointsFile:
    """The points of a CSV file: every row is checked once here (so that a bad row is an
    error before any output); a file of up to MAX_KEPT_POINTS points is kept, a larger one
    is read again, a line at a time, on each pass (it never sits in memory)."""

    def __init__(self, file: Path, display: str, spec: Spec):
        self.file, self.display, self.spec = file, display, spec
        kept: list[dict] | None = []
        count = 0
        keys: dict = {}
        for point in self._read():
            count += 1
            keys.update(dict.fromkeys(point))
            if kept is not None:
                kept.append(point)
                if count > MAX_KEPT_POINTS:
                    kept = None
        self.count, self.kept = count, kept
        self.columns = list(keys)  # every column that holds a value, in order: no pass needed to find them

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[dict]:
        return iter(self.kept) if self.kept is not None else self._read()

    def _read(self) -> Iterator[dict]:
        display = self.display
        try:
            with open(self.file, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
                rows = _csv_rows(handle, display)
                header = next(rows, None)
                if header is None:
                    raise EstimatorError("the points file is empty", Location(display))
                columns = _csv_columns(header[0], header[1], self.spec, display)
                count = 0
                for line, cells in rows:
                    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
                        raise EstimatorError(f"the row has {len(cells)} cells; the header names {len(columns)}"
                                             " columns", Location(display, line, 1))
                    point: dict = {}
                    name = ""
                    try:  # the location is made only for an error (this loop runs per cell)
                        for (name, kind), raw in zip(columns, cells):
                            if kind is not None:
                                _add_cell(point, name, kind, raw, None)
                            elif raw.strip():
                                raise EstimatorError(f"a value under a column with no name in the header:"
                                                     f" {short_repr(raw.strip())}")
                    except EstimatorError as exc:
                        raise EstimatorError(exc.message, Location(display, line, 1, (name,) if name else ())) from None
                    count += 1
                    if count > MAX_POINTS:
                        raise EstimatorError(f"more than {MAX_POINTS:,} points", Location(display, line, 1))
                    yield point
        except OSError as exc:
            raise EstimatorError(f"cannot read file: {exc.strerror or exc}", Location(display)) from None


def _csv_rows(handle: Any, display: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each non-blank row; every line bounded and checked for
    bytes that are not UTF-8 and NUL bytes, every cell bounded."""
    reader = csv.reader(_checked_lines(handle, display))
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = str(exc)
            if "field larger than field limit" in problem:  # the csv module's own bound on a cell
                problem = f"a cell is longer than {MAX_CELL_CHARS:,} characters (or a quote is not closed)"
            raise EstimatorError(f"invalid CSV: {one_line(problem)}", Location(display, start, 1)) from None
        if cells:
            for index, cell in enumerate(cells):
                if len(cell) > MAX_CELL_CHARS:
                    raise EstimatorError(f"cell {index + 1} has {len(cell):,} characters; at most {MAX_CELL_CHARS:,}",
                                         Location(display, start, 1))
            yield start, cells
        start = reader.line_num + 1


def _checked_lines(handle: Any, display: str) -> Iterator[str]:
    read = 0
    number = 0
    while True:
        line = handle.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        read += len(line)
        if len(line) > MAX_LINE_CHARS:
            raise EstimatorError(f"the line is longer than {MAX_LINE_CHARS:,} characters", Location(display, number, 1))
        if read > MAX_POINTS_FILE_BYTES:  # the file grew while it was read
            raise EstimatorError(f"the points file has more than {MAX_POINTS_FILE_BYTES:,} bytes", Location(display))
        _check_text(line, display, number)
        yield line


_BAD_CHARACTER = re.compile("[\x00\udc80-\udcff]")  # NUL, or a byte that is not UTF-8 (kept by surrogateescape)
_LINE_BREAK = re.compile(r"\r\n?|\n")


def _check_text(text: str, display: str, line: int = 1) -> None:
    """Refuse NUL bytes and bytes that are not UTF-8 (Latin-1 and other encodings) at their
    line and column."""
    match = _BAD_CHARACTER.search(text)
    if match is None:
        return
    breaks = list(_LINE_BREAK.finditer(text, 0, match.start()))
    column = match.start() - (breaks[-1].end() if breaks else 0) + 1
    character = match.group()
    problem = ("a NUL byte; is it a binary file?" if character == "\x00" else
               f"byte 0x{ord(character) - 0xDC00:02x} is not UTF-8 (Latin-1 or another encoding?); save the file as UTF-8")
    if line == 1 and text[:2] in ("\udcff\udcfe", "\udcfe\udcff"):
        problem = "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"
    raise EstimatorError(problem, Location(display, line + len(breaks), column))


def _csv_columns(line: int, header: list[str], spec: Spec, display: str) -> list[tuple[str, str | None]]:
    """(name, kind) per header cell; kind is None for a nameless column, which must stay empty."""
    columns: list[tuple[str, str | None]] = []
    seen: dict[str, int] = {}
    separator = next((c for c in ";\t" if c in header[0]), None) if len(header) == 1 else None
    if separator:  # a spreadsheet's export in a locale that separates with semicolons, or tab-separated text
        raise EstimatorError(f"the header is one column, separated by {separator!r}; a points file separates"
                             " columns with commas", Location(display, line, 1))
    for index, raw in enumerate(header):
        name = raw.strip()
        if not name:
            columns.append(("", None))
            continue
        where = Location(display, line, 1, (name,))
        if name in seen:
            raise EstimatorError(f"duplicate column `{shorten(name)}` (columns {seen[name]} and {index + 1})", where)
        seen[name] = index + 1
        columns.append((name, _column_kind(name, spec, where)))
    return columns


def _column_kind(name: str, spec: Spec, where: Location) -> str:
    if name in LABEL_COLUMNS:
        return "label"
    if name.startswith(EXPECT_PREFIX) and name[len(EXPECT_PREFIX):] in VALUE_KEYS:
        return "expect"
    if name in spec.hyperparameters or name in ASSUMPTION_COLUMNS:  # context, tp, ...: as in --grid
        return "value"
    known = set(spec.hyperparameters) | set(ASSUMPTION_COLUMNS) | {EXPECT_PREFIX + k for k in VALUE_KEYS}
    raise EstimatorError(
        f"column `{shorten(name)}` is not a hyperparameter of the spec{did_you_mean(name, known)}"
        f" (other columns: {', '.join(ASSUMPTION_COLUMNS)}, name, label, expect_params, expect_active_params, ...)",
        where
    )


def _add_cell(point: dict, name: str, kind: str, raw: Any, where: Location | None) -> None:
    """Put one cell of a points file into ``point``; an empty cell keeps the spec's value."""
    if raw.__class__ is str:
        if len(raw) > MAX_CELL_CHARS:
            raise EstimatorError(f"the value has {len(raw):,} characters; at most {MAX_CELL_CHARS:,}", where)
        if kind == "value":  # the common case first
            if raw.strip():
                point[name] = parse_value(raw, where)
            return
    if kind == "label":
        if isinstance(raw, (dict, list)):
            raise EstimatorError(f"a label is text, not {short_repr(raw)}", where)
        point[name] = "" if raw is None else raw if isinstance(raw, str) else str(_flag(raw))
        return
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return
    if isinstance(raw, bool):
        if kind == "expect":
            raise EstimatorError(f"{short_repr(raw)} is not an integer", where)
        point[name] = raw
    elif isinstance(raw, int):
        point[name] = check_integer(raw, where, "the value")
    elif isinstance(raw, list) and kind == "value":  # a YAML list: `layers: [3, 4, 6, 3]`
        point[name] = checked_list(raw, where)
    elif isinstance(raw, str) and kind == "expect":
        text = raw.strip().replace(",", "")  # 124,439,808 as a spreadsheet writes it
        value = parse_value(text, where)
        if isinstance(value, bool):
            raise EstimatorError(f"{short_repr(raw.strip())} is not an integer", where)
        point[name] = value
    elif isinstance(raw, str):
        point[name] = parse_value(raw, where)
    elif kind == "expect":
        raise EstimatorError(f"{short_repr(raw)} is not an integer", where)
    else:
        raise EstimatorError(f"{short_repr(raw)} is not an integer, true/false or a list of them", where)


def _yaml_points(file: Path, display: str, spec: Spec, size: int) -> list[dict]:
    if size > MAX_FILE_BYTES:
        raise EstimatorError(f"the points file has {size:,} bytes; at most {MAX_FILE_BYTES:,} for YAML"
                             " (a CSV file may be larger)", Location(display))
    try:
        with open(file, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise EstimatorError(f"cannot read file: {exc.strerror or exc}", Location(display)) from None
    if len(raw) > MAX_FILE_BYTES:  # the file grew after its size was checked
        raise EstimatorError(f"the points file has more than {MAX_FILE_BYTES:,} bytes", Location(display))
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    _check_text(text, display)
    document = load_yaml_text(text, display)
    data = document.data
    path: tuple = ()
    if isinstance(data, dict) and "points" in data:
        data, path = data["points"], ("points",)
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise document.error(path, "a points file is a list of mappings (hyperparameter: value)")
    if len(data) > MAX_POINTS:
        raise EstimatorError(f"more than {MAX_POINTS:,} points", Location(display))
    points = []
    for index, row in enumerate(data):
        point: dict = {}
        seen: set = set()
        for key, raw in row.items():
            name = str(key).strip()
            where_key = document.where_key(path + (index, key))
            if len(name) > MAX_CELL_CHARS:
                raise EstimatorError(f"a column name of {len(name):,} characters; at most {MAX_CELL_CHARS:,}", where_key)
            if name in seen:  # `a` and `a ` (exact duplicates are refused by the loader)
                raise EstimatorError(f"duplicate column `{shorten(name)}`", where_key)
            seen.add(name)
            kind = _column_kind(name, spec, where_key)
            _add_cell(point, name, kind, raw, document.where(path + (index, key)))
        points.append(point)
    return points


# Assumptions a sweep or solve may vary like hyperparameters: `sweep --grid context=...`,
# `solve --target memory=80GiB --for context` (the longest context that fits), `--for micro_batch`
# (activation_bytes); and the parallel layout (`sweep --grid tp=1,2,4`, `sweep --layout tp=2,pp=2`):
# each point is estimated in full under its assumptions, as `estimate` would with those flags.
LAYOUT_COLUMNS = ("tp", "pp", "cp", "ep", "dp", "sp", "zero")
ASSUMPTION_COLUMNS = ("context", "encoder_context", "batch", "micro_batch") + LAYOUT_COLUMNS


def _known(name: str, spec: Spec, option: str) -> None:
    if name not in spec.hyperparameters and name not in ASSUMPTION_COLUMNS:
        shown = shorten(name)
        raise command_line_error(f"{option} {shown}: the spec has no hyperparameter `{shown}`{did_you_mean(name, spec.hyperparameters)}")


def _assumption_error(name: str, value: Any) -> str:
    """Why an assumption column's value cannot be (empty: it can)."""
    if name == "sp":
        return "" if isinstance(value, bool) else "sp must be true or false"
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{name} must be {'a ZeRO stage 0-3' if name == 'zero' else 'a positive integer'}"
    if name == "zero":
        return "" if 0 <= value <= 3 else "zero must be a ZeRO stage 0-3"
    if name == "dp" and value == 0:
        return ""  # 0: devices / (tp x pp x cp), as without --dp
    return "" if value >= 1 else f"{name} must be a positive integer"


def parse_layouts(items: list[str], assumptions: Assumptions) -> list[dict]:
    """``--layout tp=2,pp=2`` (repeatable) -> one dict per layout, every one holding the same
    fields (those any layout names, in LAYOUT_COLUMNS order); a field a layout leaves out
    takes the command's own flag (``--tp``, ``--dp``, ...). dp left out is what ``--devices``
    leaves for it: devices / (tp x pp x cp) (0 when ``--devices`` is not a multiple: the row
    says why)."""
    layouts: list[dict] = []
    for item in items:
        layout: dict = {}
        for part in item.split(","):
            name, sep, text = part.partition("=")
            name = name.strip()
            if not sep or not name or not text.strip():
                raise command_line_error(f"--layout expects NAME=VALUE,... (e.g. tp=2,pp=2), got {short_repr(item)}")
            if name not in LAYOUT_COLUMNS:
                raise command_line_error(f"--layout {shorten(name)}: not a layout field{did_you_mean(name, LAYOUT_COLUMNS)}"
                                 f" (one of {', '.join(LAYOUT_COLUMNS)})")
            if name in layout:
                raise command_line_error(f"--layout {short_repr(item)}: {name} is given twice")
            value = parse_value(text, Location(COMMAND_LINE), f"--layout {name}")
            # dp 0 stands for "devices / (tp x pp x cp)" in a row; a layout gives a size
            problem = _assumption_error(name, value) or (
                "dp must be a positive integer" if name == "dp" and value == 0 else "")
            if problem:
                raise command_line_error(f"--layout {short_repr(item)}: {problem}")
            layout[name] = value
        if layout in layouts:
            raise command_line_error(f"--layout {short_repr(item)} is given twice")
        layouts.append(layout)
    names = [name for name in LAYOUT_COLUMNS if any(name in layout for layout in layouts)]
    filled = []
    for layout in layouts:
        row = {name: layout.get(name, getattr(assumptions, name)) for name in names}
        if "dp" in row and "dp" not in layout and row["dp"] == 0:
            try:
                row["dp"] = layout_of(replace(assumptions, **layout)).dp
            except EstimatorError:
                pass  # 0: the row says why (--devices is not a multiple of tp x pp x cp)
        filled.append(row)
    return filled


def with_layouts(points: Iterable[dict], layouts: list[dict]) -> Iterator[dict]:
    """Every point under every layout, a layout's points together (the table reads by layout)."""
    kept = points if isinstance(points, list) else list(points)
    for layout in layouts:
        for point in kept:
            yield {**point, **layout}


# ---------------------------------------------------------------- evaluating points


class _Plan(NamedTuple):
    """One compiled function for every output and check of a sweep's points."""

    function: Any
    n_outputs: int  # the function returns the outputs, then the checks
    checks: list
    integer_checks: list  # indices of values that must be non-negative integers
    constraint_checks: list  # indices of conditions that must be True
    input_bits: int  # larger inputs are left to the full estimate (see _input_bits)
    outputs: list  # the output expressions
    constants: dict  # output index -> a hyperparameter column that is a list or true/false (0 is compiled)

    def holds(self, values: list, bounded: bool) -> bool:
        """Whether one call's values pass every check at once (the common case, taken fast):
        integral non-negative checked values, true constraints, integer outputs, and with
        ``bounded`` outputs within the one bound on integers."""
        count = self.n_outputs
        return (all(values[i].__class__ is int and values[i] >= 0 for i in self.integer_checks)
                and all(values[i] is True for i in self.constraint_checks)
                and all(values[i].__class__ is int for i in range(count))
                and (not bounded or not count or -_BOUND < min(values[:count]) and max(values[:count]) < _BOUND))


MAX_PLANS = 256  # compiled functions kept per sweep (one per combination of true/false and list values)


class PointEvaluator:
    """Counts for many points of one spec, compiled once per combination of booleans and
    list values (a list is part of the model's structure: it is fixed in each plan)."""

    def __init__(self, spec: Spec, overrides: dict | None = None, outputs: Iterable[str] = COUNT_KEYS,
                 extra: Iterable[str] = (), assumptions: Assumptions | None = None):
        self.spec = spec
        self.assumptions = assumptions or Assumptions()
        self.overrides = dict(overrides or {})
        self.outputs = list(outputs)
        self.extra = list(extra)  # hyperparameter columns computed per point (e.g. head_dim)
        self.compiled: dict = {}
        self.layouts: dict = {}
        self.seen: set = set()  # plans with a list value met once (compiled when met again)
        self.keys = self.outputs + self.extra

    def evaluate(self, point: dict) -> tuple[dict, str]:
        """The outputs of one point and an error message ('' when the point is valid)."""
        assumed = {k: v for k, v in point.items() if k in ASSUMPTION_COLUMNS and k not in self.spec.hyperparameters}
        if assumed:  # an assumption, not a hyperparameter: estimated in full under it
            for name, value in assumed.items():
                problem = _assumption_error(name, value)
                if problem:
                    return {}, problem
            return self._full({k: v for k, v in point.items() if k not in assumed},
                              replace(self.assumptions, **assumed))
        columns = tuple(point)
        layout = self.layouts.get(columns)
        if layout is None:
            layout = self.layouts[columns] = self._layout(point)
        numeric, fixed_names = layout
        key = (columns, tuple(value_text(point[k]) for k in fixed_names)) if fixed_names else (columns, ())
        plan = self.compiled.get(key, False)
        if plan is False:
            if len(self.compiled) >= MAX_PLANS:
                return self._full(point)
            fixed = {k: point[k] for k in fixed_names}
            if any(isinstance(v, list) for v in fixed.values()) and key not in self.seen:
                # a list is often given once (a points file's rows): compile it only when it
                # comes back (a grid of lists and sizes), else one full estimate is cheaper
                if len(self.seen) < MAX_POINTS_SEEN:
                    self.seen.add(key)
                return self._full(point)
            plan = self.compiled[key] = self._build_plan(list(numeric), fixed)
        if plan is not None:
            arguments = [point[name] for name in numeric]
            # symbols are positive integers; a value too large for the compiled function to
            # compute quickly is left to the full estimate, which bounds every step
            if not arguments or (all(a.__class__ is int for a in arguments) and min(arguments) >= 1
                                 and max(arguments).bit_length() <= plan.input_bits):
                return self._fast(plan, arguments, point)
        return self._full(point)

    @staticmethod
    def _layout(point: dict) -> tuple[tuple, tuple]:
        """Which columns of a point are swept numbers and which are fixed in each compiled
        plan (true/false flags and lists)."""
        numeric: list[str] = []
        fixed: list[str] = []
        for name, value in point.items():
            if name in LABEL_COLUMNS or name.startswith(EXPECT_PREFIX):
                continue
            (fixed if value.__class__ is bool or isinstance(value, list) else numeric).append(name)
        return tuple(numeric), tuple(fixed)

    def _build_plan(self, names: list, fixed: dict) -> _Plan | None:
        overrides = {**self.overrides, **{k: value_text(v) for k, v in fixed.items()}}
        try:
            model = symbolic_model(self.spec, names, overrides, self.assumptions)
            outputs = [model.all_values[key] for key in self.outputs]  # a metric is computed here, when read
        except Undecidable:
            return None  # the structure depends on a swept value: estimate points in full
        except EstimatorError:
            if fixed:
                return None  # a list or flag that makes the spec invalid: each point says why in full
            raise
        extras = []
        constants = {}
        for index, name in enumerate(self.extra, len(outputs)):
            value = model.values[name] if name in model.values else _hyperparameter_expr(model, name)
            if isinstance(value, (bool, tuple, list)):  # a flag or a list column: shown as it is
                constants[index], value = _plain(value), 0
            extras.append(value)
        checks = [(kind, expr, f"{label} = {expr}" if kind == "integer" else f"constraint `{label}` does not hold", where)
                  for kind, expr, label, where in _essential_checks(model.checks)]
        exprs = [_expr(e, model) for e in outputs + extras] + [_expr(c[1], model) for c in checks]
        function = compile_exact(exprs, model.symbols)
        count = len(outputs) + len(extras)
        integer_checks = [count + i for i, check in enumerate(checks) if check[0] == "integer"]
        constraint_checks = [count + i for i, check in enumerate(checks) if check[0] == "constraint"]
        return _Plan(function, count, checks, integer_checks, constraint_checks, _input_bits(exprs), exprs[:count],
                     constants)

    def _fast(self, plan, arguments: list, point: dict) -> tuple[dict, str]:
        function, count, checks, integer_checks, constraint_checks = plan[:5]
        values = function(*arguments)
        for i in integer_checks:
            value = values[i]
            if value.__class__ is not int or value < 0:
                return self._raw(values), self._check_error(checks[i - count], value, point)
        for i in constraint_checks:
            if values[i] is not True:
                return self._raw(values), self._check_error(checks[i - count], values[i], point)
        keys = self.keys
        for i in range(count):
            if values[i].__class__ is not int:
                if not integral(values[i]):
                    return self._raw(values), f"{keys[i]} is {describe_value(values[i])}, not an integer"
                values = [int(v) for v in values]
                break
        for i in range(count):
            if not -_BOUND < values[i] < _BOUND:
                return self._raw(values), f"{keys[i]} is too large (more than {MAX_INTEGER_BITS} bits)"
        result = dict(zip(keys, values))
        for i, value in plan.constants.items():
            result[keys[i]] = value
        return result, ""

    @staticmethod
    def _check_error(check: tuple, value: Any, point: dict) -> str:
        kind, expr, text, where = check
        if kind == "constraint":
            return f"{text} ({_point_text(point, expr)})"
        if value is None or not integral(value):
            return f"{text} is {describe_value(value)}, not an integer ({_point_text(point, expr)})"
        return f"{text} is {value}, negative ({_point_text(point, expr)})"

    def _raw(self, values) -> dict:
        """Counts of an invalid point (possibly fractional): for solve's search, never printed."""
        return dict(zip(self.keys, values))

    def _full(self, point: dict, assumptions: Assumptions | None = None) -> tuple[dict, str]:
        overrides = {**self.overrides}
        try:
            # a point's own assumptions (a layout column) are checked as the flags would be
            assumptions = assumptions.check() if assumptions is not None else self.assumptions
            for key, value in point.items():
                if key not in LABEL_COLUMNS and not key.startswith(EXPECT_PREFIX):
                    if isinstance(value, int) and not isinstance(value, bool):
                        check_integer(value, None, key)  # a point given through the API
                    elif isinstance(value, list):
                        checked_list(value, None, key)
                    overrides[key] = value_text(value)
            scope = hyperparameter_scope(self.spec, overrides)
            inventory = expand(self.spec, scope)
            totals = compute_totals(inventory)
            known = {name: scope.lookup(name, scope.where_of(name)) for name in self.spec.hyperparameters}
            values = all_values(inventory, totals.counts, assumptions, known)
            result = {key: values[key] for key in self.outputs}
            for name in self.extra:
                result[name] = _plain(scope.lookup(name, scope.where_of(name)))
            return result, ""
        except EstimatorError as exc:
            return {}, (exc.message)


_BOUND = 2**MAX_INTEGER_BITS  # a count must be below it (check_integer's bound)
_FAST_BITS = 16 * MAX_INTEGER_BITS  # the compiled function takes points whose values stay below 2**_FAST_BITS


def _input_bits(exprs: list) -> int:
    """The largest input (in bits) for which every expression, and every step computing it,
    stays below ``2**_FAST_BITS``. Compiled code does not bound its steps as the engine does:
    ``hidden**256`` at a 256-bit hidden size would be a 65,536-bit number, and powers of
    powers take minutes."""
    degree, bits = 0, 0
    for expr in exprs:
        d, b = _size(expr)
        degree, bits = max(degree, d), max(bits, b)
    if degree == 0:
        return _FAST_BITS if bits <= _FAST_BITS else 0
    return max((_FAST_BITS - bits) // degree, 0)


def _size(expr: Any) -> tuple[int, int]:
    """(degree, bits) with every step of computing ``expr`` (numerators and denominators)
    below ``2**(degree * b + bits)`` when every input is below ``2**b``: an over-estimate
    (a sum is counted as if it were a product, as a sum of fractions can be)."""
    if not isinstance(expr, sympy.Basic):
        return 0, 1
    if expr.is_Symbol:
        return 1, 0
    if expr.is_Rational:
        return 0, int(expr.p).bit_length() + int(expr.q).bit_length()
    if not expr.args:
        return 0, 1
    sizes = [_size(arg) for arg in expr.args]
    if expr.is_Pow:
        (d, b), exponent = sizes[0], expr.exp
        n = abs(int(exponent)) if exponent.is_Integer else _FAST_BITS  # a symbolic power: never fast
        return d * n, b * n
    return sum(d for d, _ in sizes), sum(b for _, b in sizes) + len(sizes).bit_length()


def _value_bits(expr: Any, bits: int) -> float:
    """An upper bound of log2 |value of ``expr``| when every symbol is a positive integer
    below ``2**bits`` (infinite where no bound is known): a grid whose counts cannot reach
    the bound on integers skips checking each of them."""
    if not isinstance(expr, sympy.Expr):
        return 1
    if expr.is_Symbol:
        return bits
    if expr.is_Rational:
        return int(expr.p).bit_length()  # |p/q| <= |p|
    args = expr.args
    if expr.is_Add:
        return max(_value_bits(a, bits) for a in args) + len(args).bit_length()
    if expr.is_Mul:
        return sum(_value_bits(a, bits) for a in args)
    if expr.is_Pow and expr.exp.is_Integer:
        n = int(expr.exp)
        if n >= 0:
            return n * _value_bits(args[0], bits)
        return 0 if args[0].is_Symbol else math.inf  # 1/x**n <= 1 for a positive integer x
    if isinstance(expr, (sympy.floor, sympy.ceiling, sympy.Max, sympy.Min)):
        return max(_value_bits(a, bits) for a in args) + 1
    if isinstance(expr, sympy.Mod):
        return _value_bits(args[1], bits)
    if isinstance(expr, sympy.Piecewise):
        return max(_value_bits(branch.expr, bits) for branch in args)
    return math.inf


def _plain(value: Any) -> Any:
    """A list hyperparameter (a tuple in the engine) as a list, as a points file writes it."""
    return [_plain(item) for item in value] if isinstance(value, (tuple, list)) else value


def _point_text(values: dict, expr: Any) -> str:
    names = {str(s) for s in getattr(expr, "free_symbols", ())}
    return ", ".join(f"{k}={v}" for k, v in values.items() if k in names) or "at this point"


def _hyperparameter_expr(model, name: str):
    scope = hyperparameter_scope(model.spec, None, set(model.free))
    return scope.lookup(name, scope.where_of(name))


def _expr(value: Any, model) -> Any:
    if isinstance(value, bool):
        return sympy.true if value else sympy.false
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, sympy.Basic):
        # opaque derived hyperparameters are substituted back before compiling
        for _ in range(len(model.definitions) + 1):
            if not (value.free_symbols & set(model.definitions)):
                break
            value = value.xreplace(model.definitions)
        return value
    return value


def _essential_checks(checks: list) -> list:
    """Drop checks that hold for every positive integer input (integer polynomials with
    non-negative coefficients), and duplicates."""
    seen = set()
    kept = []
    for check in checks:
        kind, expr, label, where = check
        key = (kind, expr)
        if key in seen:
            continue
        seen.add(key)
        if kind == "integer" and _always_natural(expr):
            continue
        kept.append(check)
    return kept


def _always_natural(expr: Any) -> bool:
    if not isinstance(expr, sympy.Expr):
        return True
    if _value_bits(expr, 1) > MAX_INTEGER_BITS:  # a dense polynomial of huge degree: keep the check
        return False
    if _sum_of_products(expr):  # what the polynomial below would find, without building it
        return True
    try:
        poly = sympy.Poly(expr, *sorted(expr.free_symbols, key=str))
    except sympy.PolynomialError:
        return False
    return all(c.is_Integer and c >= 0 for c in poly.coeffs())


def _sum_of_products(expr: Any) -> bool:
    """Whether ``expr`` is built from symbols and non-negative integers by sums, products and
    non-negative integer powers alone: expanded, every coefficient is a non-negative integer
    (most counts are: ``a*b + b``)."""
    if expr.is_Symbol:
        return True
    if expr.is_Integer:
        return expr >= 0
    if expr.is_Add or expr.is_Mul:
        return all(_sum_of_products(arg) for arg in expr.args)
    if expr.is_Pow:
        return expr.exp.is_Integer and expr.exp >= 0 and _sum_of_products(expr.base)
    return False


# ---------------------------------------------------------------- sweeping


def run_sweep(spec: Spec, points: Iterable[dict], overrides: dict | None, columns: list[str],
              count: int, progress: bool, assumptions: Assumptions | None = None) -> Iterator[dict]:
    """Rows of hyperparameters, counts and an ``error`` column, one per point."""
    outputs = [c for c in columns if c in VALUE_KEYS]
    outputs += [c[len(EXPECT_PREFIX):] for c in columns if c.startswith(EXPECT_PREFIX)
                and c[len(EXPECT_PREFIX):] not in outputs]
    extra = [c for c in columns if c not in VALUE_KEYS and c in spec.hyperparameters]
    evaluator = PointEvaluator(spec, overrides, outputs, extra, assumptions)
    meter = _Progress(count) if progress else None
    evaluate = evaluator.evaluate
    for index, point in enumerate(points):
        result, error = evaluate(point)
        if error:
            row = dict(point)  # an invalid point shows its error, not its counts
        else:
            row = result
            row.update(point)
            if any(key.startswith(EXPECT_PREFIX) for key in point):
                error = _expectation_error(point, result, evaluator)
        row["error"] = error
        if meter is not None:
            meter.update(index + 1)
        yield row
    if meter is not None:
        meter.finish()


def grid_cells(spec: Spec, grid: dict, overrides: dict | None, columns: list[str], progress: bool,
               assumptions: Assumptions | None = None) -> Iterator[list]:
    """CSV cells of a grid sweep, as fast as Python goes: one call of the compiled function
    per point, no dict per row. Points it cannot take (flags, values below 1, invalid
    points) are built by :func:`run_sweep`'s evaluator instead, so the output is the same."""
    names = list(grid)
    outputs = [c for c in columns if c in VALUE_KEYS]
    extra = [c for c in columns if c not in VALUE_KEYS and c in spec.hyperparameters and c not in grid]
    evaluator = PointEvaluator(spec, overrides, outputs, extra, assumptions)
    total = math.prod(len(values) for values in grid.values())
    meter = _Progress(total) if progress else None
    plan, bounded = _grid_plan(evaluator, grid)
    sources = _cell_sources(columns, names, evaluator, plan.constants if plan is not None else {})
    simple = sources == [("point", j) for j in range(len(names))] + [
        ("value", i) for i in range(len(evaluator.keys))] + [("error", 0)]
    for index, combination in enumerate(itertools.product(*grid.values())):
        if meter is not None and index % 1000 == 0:
            meter.update(index + 1)
        if plan is not None:
            values = plan.function(*combination)
            if plan.holds(values, bounded):
                yield [*combination, *values[:plan.n_outputs], ""] if simple else _cells(sources, combination, values)
                continue
        point = dict(zip(names, combination))
        result, error = evaluator.evaluate(point)
        row = {**point, "error": error} if error else {**result, **point, "error": ""}
        yield [_flag(row.get(c)) for c in columns]
    if meter is not None:
        meter.update(total)
        meter.finish()


def _grid_plan(evaluator: PointEvaluator, grid: dict) -> tuple[_Plan | None, bool]:
    """The compiled plan for a grid of positive integers (None: every point in full) and
    whether a count can reach the bound on integers in it (then each row is checked)."""
    if not all(v.__class__ is int and v >= 1 for values in grid.values() for v in values):
        return None, False
    if any(name in ASSUMPTION_COLUMNS and name not in evaluator.spec.hyperparameters for name in grid):
        return None, False  # an assumption (context, a layout field) is not a symbol: each point in full
    plan = evaluator._build_plan(list(grid), {})
    largest = max((max(values) for values in grid.values()), default=0).bit_length()
    if plan is None or largest > plan.input_bits:
        return None, False  # values too large for the compiled function (see _input_bits)
    return plan, not all(_value_bits(e, largest) < MAX_INTEGER_BITS for e in plan.outputs)


def _cell_sources(columns: list[str], names: list[str], evaluator: PointEvaluator, constants: dict) -> list:
    """Where each output cell comes from: ("point", j) | ("value", i) | ("constant", v) |
    ("error", 0) | ("none", 0)."""
    sources: list[tuple[str, Any]] = []
    for column in columns:
        if column in names:
            sources.append(("point", names.index(column)))
        elif column in evaluator.keys and evaluator.keys.index(column) in constants:
            sources.append(("constant", _flag(constants[evaluator.keys.index(column)])))
        elif column in evaluator.keys:
            sources.append(("value", evaluator.keys.index(column)))
        else:
            sources.append(("error", 0) if column == "error" else ("none", 0))
    return sources


def _cells(sources: list, combination: tuple, values: list) -> list:
    return [combination[k] if kind == "point" else values[k] if kind == "value" else "" if kind == "error"
            else k if kind == "constant" else None for kind, k in sources]


def _flag(value: Any) -> Any:
    """A CSV cell: true/false and lists as a points file writes them."""
    if value.__class__ is bool:
        return "true" if value else "false"
    return value_text(value) if isinstance(value, list) else value


def _expectation_error(point: dict, result: dict, evaluator: "PointEvaluator") -> str:
    for key, want in point.items():
        if key.startswith(EXPECT_PREFIX):
            count = key[len(EXPECT_PREFIX):]
            got = result.get(count)
            if got is None:
                got = evaluator._full(point)[0].get(count)
            if got != want:
                return f"{count} is {_exact(got)}, expected {_exact(want)}"
    return ""


def _exact(value: Any) -> str:
    """A count in a row's error: every digit (counts are within the bound on integers)."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else short_repr(value)


def sweep_columns(spec: Spec, swept: list[str], labels: list[str], requested: str | None) -> list[str]:
    if requested is None:
        counts = list(COUNT_KEYS)
        for label in [c for c in labels if c.startswith(EXPECT_PREFIX)]:
            base = label[len(EXPECT_PREFIX):]
            if base not in counts:
                counts.append(base)
            counts.insert(counts.index(base) + 1, label)
        return [c for c in labels if c in LABEL_COLUMNS] + swept + counts + ["error"]
    columns = [c.strip() for c in requested.split(",") if c.strip()]
    known = set(VALUE_KEYS) | set(spec.hyperparameters) | set(LABEL_COLUMNS) | {"error"} | set(swept) | {
        EXPECT_PREFIX + k for k in VALUE_KEYS}
    for column in columns:
        if column not in known:
            raise command_line_error(f"--columns {shorten(column)}: no such column{did_you_mean(column, known)}"
                             f" (counts: {', '.join(VALUE_KEYS)}, or any hyperparameter)")
    return columns


class _Progress:
    """A progress line on stderr, only when it is a terminal, at most ~10 updates a second."""

    def __init__(self, total: int):
        self.total = total
        self.start = time.perf_counter()
        self.last = 0.0

    def update(self, done: int) -> None:
        now = time.perf_counter()
        if now - self.last < 0.1 and done != self.total:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-9)
        width = 30
        filled = int(width * done / max(self.total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{self.total:,} points"
                         f" ({rate:,.0f}/s)")
        sys.stderr.flush()

    def finish(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


# ---------------------------------------------------------------- solving



def _count_text(value: Any) -> str:
    """A count in a message: exact below 10**21 (``124,439,808``), else rounded
    (``1.16e+77``), so that a message stays one short line whatever the count."""
    if isinstance(value, Fraction) and value.denominator == 1:
        value = value.numerator
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) < 10**21:
            return f"{value:,}"
        numerator, denominator, prefix = value, 1, ""
    elif isinstance(value, Fraction):
        if abs(value) < 10**21:
            return f"about {float(value):,.0f}"
        numerator, denominator, prefix = value.numerator, value.denominator, "about "
    else:
        return short_repr(value)
    logarithm = math.log10(abs(numerator)) - math.log10(denominator)  # math.log10 takes integers of any size
    exponent = math.floor(logarithm)
    mantissa = round(10 ** (logarithm - exponent), 2)
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{prefix}{'-' if numerator < 0 else ''}{mantissa:.2f}e+{exponent}"


def parse_target(text: str) -> tuple[str, int]:
    """``params=7e9`` / ``params=7B`` / ``memory=80GiB`` / ``active_params=1_500_000`` ->
    (column, integer). The number is read exactly (no float), and its size is bounded
    before it is computed: ``1e999999999`` is refused, not built."""
    key, sep, value = text.partition("=")
    key, value = key.strip(), value.strip()
    if not sep or not key or not value:
        raise command_line_error(f"--target expects COLUMN=VALUE (e.g. params=7e9), got {short_repr(text)}")
    key = ALIASES.get(key, key)
    if key not in VALUE_KEYS:
        raise command_line_error(f"--target {shorten(key)}: no such column{did_you_mean(key, list(VALUE_KEYS) + list(ALIASES))}"
                         f" (columns: {', '.join(VALUE_KEYS)}; memory = weights + KV cache)")
    return key, parse_amount(value, f"--target {key}")


MAX_SOLVE_EVALUATIONS = 4_096  # points one solve evaluates at most in full (one estimate each)
MAX_SOLVE_COMPILED = 65_536  # ... or through the compiled function (microseconds each)
SOLVE_WINDOW = 256  # multiples tried on each side of an invalid point for a valid neighbour


class _OutOfEvaluations(Exception):
    pass


class _Search:
    """The values of one count at ``name = m * multiple_of`` for the multiples ``m`` of one
    solve, each evaluated once; which errors are local (met between two valid values, as a
    divisibility rule is) and which mark where the valid range ends (a bound, a limit)."""

    def __init__(self, evaluator: "PointEvaluator", name: str, key: str, multiple_of: int, top: int):
        self.evaluator, self.name, self.key, self.multiple_of, self.top = evaluator, name, key, multiple_of, top
        self.cache: dict[int, tuple[Any, str]] = {}
        self.valid_low = self.valid_high = 0  # the smallest and largest valid multiple met (0: none)
        self._local: tuple[tuple, set] = ((0, 0), set())  # (valid range, the kinds of error met inside it)
        self.window = SOLVE_WINDOW  # multiples tried on each side of an invalid one (twice the gap between valid ones)
        self.budget = MAX_SOLVE_EVALUATIONS

    def at(self, m: int) -> tuple[Any, str]:
        """(count, '') at a valid multiple, (None, why) at an invalid one."""
        known = self.cache.get(m)
        if known is not None:
            return known
        if len(self.cache) >= self.budget:
            raise _OutOfEvaluations
        result, error = self.evaluator.evaluate({self.name: m * self.multiple_of})
        if not self.cache and any(plan is not None for plan in self.evaluator.compiled.values()):
            self.budget = MAX_SOLVE_COMPILED  # the count is one compiled function: calls are cheap
        value = result.get(self.key)
        if not error and value.__class__ is not int:
            error = f"{self.key} is {_count_text(value)}, not an integer"
        known = self.cache[m] = (None, error) if error else (value, "")
        if not error:
            self.valid_low = min(self.valid_low, m) if self.valid_low else m
            self.valid_high = max(self.valid_high, m)
        return known

    def valid(self, m: int) -> bool:
        return not self.at(m)[1]

    def value(self, m: int) -> Any:
        return self.at(m)[0]

    def local(self, error: str) -> bool:
        """Whether an error is of a kind that invalid values between valid ones have: a
        divisibility rule or a fractional dimension (by its text), or any kind already met
        between the smallest and the largest valid value. Other errors (a bound such as
        `d <= 8192`, the limit on copies expanded one by one, a count over the bound on
        integers) mark where the valid range ends."""
        if " % " in error or "not an integer" in error:
            return True
        bounds, kinds = self._local
        if bounds != (self.valid_low, self.valid_high):
            kinds = {_error_kind(e) for m, (_, e) in self.cache.items() if e and self.valid_low < m < self.valid_high}
            self._local = ((self.valid_low, self.valid_high), kinds)
        return _error_kind(error) in kinds

    def reason(self, start: int, stop: int) -> str:
        """Why the multiples from ``start`` towards ``stop`` (either way) are invalid: the
        first error met there that is not a local one (a bound or a limit rather than the
        divisibility rule between valid values), with its value."""
        step = 1 if stop >= start else -1
        met = sorted((m for m in self.cache if self.cache[m][1] and (start <= m <= stop if step > 0 else stop <= m <= start)),
                     key=lambda m: m * step)
        chosen = next((m for m in met if not self.local(self.cache[m][1])), met[0] if met else None)
        if chosen is None:
            return ""
        return f"at {self.name} = {_count_text(chosen * self.multiple_of)}: {shorten(self.cache[chosen][1], 300)}"

    def scan(self, start: int, stop: int) -> tuple[int | None, int | None]:
        """The first valid multiple from ``start`` up to ``stop`` (excluded), or where the scan
        stopped at an error that is not local (a bound: the next valid value, if any, is not
        a neighbour)."""
        for m in range(start, stop):
            value, error = self.at(m)
            if not error:
                return m, None
            if not self.local(error):
                return None, m
        return None, None

    def near(self, mid: int, lo: int, hi: int, bounded: str) -> tuple[int | None, int | None]:
        """A valid multiple strictly between ``lo`` and ``hi``, the nearest to ``mid`` (tried
        outwards, at most ``window`` on each side unless both ends are valid), or where the
        valid range ends: an error that is not local, or a window with no valid value
        (``bounded`` says which end is not a valid value: "high", "low" or "")."""
        reach = max(mid - lo, hi - mid) if not bounded else self.window
        for offset in range(reach + 1):
            for m in ((mid + offset, mid - offset) if offset else (mid,)):
                if not lo < m < hi:
                    continue
                value, error = self.at(m)
                if not error:
                    return m, None
                if bounded and not self.local(error):
                    return None, m
        if not bounded:
            return None, None
        # no valid value within the window: the valid range ends on the far side of it
        return None, (max(mid - self.window, lo + 1) if bounded == "high" else min(mid + self.window, hi - 1))


_DIGITS = re.compile(r"\d+")


def _error_kind(error: str) -> str:
    """An error without its numbers: one kind for `d % 6 == 0` failing at every value."""
    return _DIGITS.sub("#", error)


def solve(spec: Spec, target_key: str, target: int, name: str, overrides: dict | None = None,
          multiple_of: int = 1, limit: int = 2**40, alternatives: int = 1,
          assumptions: Assumptions | None = None, side: str = "both") -> dict:
    """Valid values of ``name`` on either side of the target, best first (``side``:
    ``below`` keeps only totals at most the target, a budget that must fit; ``above``
    only those at least the target).

    The count need not be a closed formula of ``name`` (a repeat with `index`, a schedule)
    and most values may be invalid (a divisibility rule, a bound, the limit on copies
    expanded one by one): only valid values are compared. Multiples 1, 2, 4, 8, ... (each
    with its first valid neighbour) are tried until the count passes the target, then the
    bracket is narrowed over valid values (interpolated, or halved), an invalid midpoint
    standing for its nearest valid neighbour; an error that valid values do not have on
    both sides of it (a bound, a limit) marks where the valid range ends, and is what the
    message says when the target lies beyond it. The count is taken to be monotonic in
    ``name``; the work is bounded (MAX_SOLVE_EVALUATIONS full estimates, or
    MAX_SOLVE_COMPILED calls of the compiled count) and every value compared is exact.
    """
    if side not in ("both", "below", "above"):
        raise command_line_error(f"--side {short_repr(side)}: one of both, below, above")
    _known(name, spec, "--for")
    if target_key not in VALUE_KEYS:
        raise command_line_error(f"--target {shorten(str(target_key))}: no such column{did_you_mean(str(target_key), VALUE_KEYS)}")
    _positive(target, f"--target {target_key}")
    _positive(multiple_of, "--multiple-of")
    _positive(alternatives, "--alternatives")
    if alternatives > MAX_ALTERNATIVES:
        raise command_line_error(f"--alternatives: at most {MAX_ALTERNATIVES} values on each side, got {_count_text(alternatives)}")
    # the multiples searched: up to ``limit``, at least two, every one within the bound
    top = max(min(max(limit // multiple_of, 2), (_BOUND - 1) // multiple_of), 1)
    search = _Search(PointEvaluator(spec, overrides, [target_key], assumptions=assumptions),
                     name, target_key, multiple_of, top)
    try:
        lo, lo_valid, hi, hi_valid = _bracket(search, target)
        solutions = _solutions(search, target, lo, lo_valid, hi, hi_valid, alternatives)
    except _OutOfEvaluations:
        known = (f"; valid from {name} = {_count_text(search.valid_low * multiple_of)} to"
                 f" {_count_text(search.valid_high * multiple_of)}" if search.valid_high else
                 "; no valid value met" + (f" ({search.reason(1, top)})" if search.cache else ""))
        raise command_line_error(f"solve {name}: no answer within {search.budget:,} evaluations{known}") from None
    if side != "both":
        solutions = [s for s in solutions if (s[target_key] <= target) == (side == "below")]
    if not solutions:
        raise command_line_error(f"no valid value of {name}{_multiples(multiple_of)} gives {target_key} near"
                         f" {_count_text(target)}" + (f" {side} it" if side != "both" else ""))
    solutions.sort(key=lambda s: abs(s["relative_error"]))
    return {"target": {target_key: target}, "for": name, "multiple_of": multiple_of, "solutions": solutions}


def _bracket(search: _Search, target: int) -> tuple[int, bool, int, bool]:
    """(lo, lo_valid, hi, hi_valid): the valid multiples on either side of the target with
    no valid one between them; ``hi`` is the first whose count reaches the target, whether
    the count grows or falls with the multiple."""
    name, key, top, multiple_of = search.name, search.key, search.top, search.multiple_of
    probes = sorted({1 << i for i in range(top.bit_length()) if 1 << i <= top} | {top})
    # the first valid value: every multiple from 1 is tried (a divisibility rule skipped
    # over), jumping to the next power of two at a bound (`d >= 512`)
    start = None
    for index, m in enumerate(probes):
        start, _ = search.scan(m, probes[index + 1] if index + 1 < len(probes) else top + 1)
        if start is not None:
            break
    if start is None:
        raise command_line_error(f"no valid value of {name}{_multiples(multiple_of)} from {_count_text(multiple_of)} to"
                         f" {_count_text(top * multiple_of)}: {_reasons(search)}")
    points: list[tuple[int, Any]] = [(start, search.value(start))]  # valid multiples met while probing
    edge = None  # an invalid multiple after the last valid one: the valid range ends before it
    if points[0][1] != target:
        # the next valid value: how far apart valid values are sets how far to look for one
        second, stopped = search.scan(start + 1, top + 1)
        if second is None:
            edge = stopped if stopped is not None else top + 1
        else:
            points.append((second, search.value(second)))
            search.window = max(SOLVE_WINDOW, 2 * (second - start))
    # then powers of two, each with its first valid neighbour, until the count passes the target
    for index, m in enumerate(probes):
        value = points[-1][1]
        sign = _sign(value - points[0][1])
        if edge is not None or value == target or sign * (value - target) > 0:
            break
        if m <= points[-1][0]:
            continue
        end = probes[index + 1] if index + 1 < len(probes) else top + 1
        found, stopped = search.scan(m, min(m + search.window, end))
        if found is None:
            edge = stopped if stopped is not None else m
        else:
            points.append((found, search.value(found)))
    if len(points) == 1 and points[0][1] != target:
        reason = search.reason(start + 1, top)
        raise command_line_error(
            f"no valid value of {name}{_multiples(multiple_of)} gives {key} near {_count_text(target)}: {name} ="
            f" {_count_text(start * multiple_of)} is the only valid value found ({key} = {_count_text(points[0][1])})"
            + (f"; {reason}" if reason else ""))
    first, last = points[0], points[-1]
    sign = _sign(last[1] - first[1])
    if sign == 0:
        if first[1] == target:
            return first[0], True, first[0], True
        raise command_line_error(f"{key} is {_count_text(first[1])} for every valid {name} tried (from"
                         f" {_count_text(first[0] * multiple_of)} to {_count_text(last[0] * multiple_of)}):"
                         f" no value of {name} gives {_count_text(target)}")
    before = [p for p in points if sign * (p[1] - target) < 0]
    if len(before) == len(points):  # the count never passed the target
        if edge is None:
            raise command_line_error(
                f"no valid value of {name}{_multiples(multiple_of)} gives {key} near {_count_text(target)}:"
                f" it ranges from {_count_text(first[1])} to {_count_text(last[1])} for {name} from"
                f" {_count_text(first[0] * multiple_of)} to {_count_text(top * multiple_of)}")
        lo, lo_valid, hi, hi_valid = last[0], True, edge, False
    elif before:
        lo, lo_valid, hi, hi_valid = before[-1][0], True, points[len(before)][0], True
    else:  # the first valid value met is past the target: look below it (an unexplored gap)
        invalid_below = [m for m in search.cache if m < first[0]]
        lo, lo_valid, hi, hi_valid = max(invalid_below, default=0), False, first[0], True
    # narrow the bracket over valid values only: interpolated between two valid counts
    # (few full estimates for a smooth count), halved after a step that did not halve it
    # and while one end is where the valid range ends
    halve = False
    while hi - lo > 1:
        width = hi - lo
        mid = (lo + hi) // 2
        if lo_valid and hi_valid and not halve:
            low, high = search.value(lo), search.value(hi)
            if low != high:
                mid = min(max(lo + round(Fraction(target - low, high - low) * width), lo + 1), hi - 1)
        bounded = "" if lo_valid and hi_valid else "high" if lo_valid else "low"
        found, bound = search.near(mid, lo, hi, bounded)
        if found is not None:
            if sign * (search.value(found) - target) < 0:
                lo, lo_valid = found, True
            else:
                hi, hi_valid = found, True
        elif bound is not None:
            if bounded == "high":
                hi = bound
            else:
                lo = bound
        else:
            break  # both ends valid, nothing valid between them
        halve = not halve and 2 * (hi - lo) > width
    if not hi_valid:
        value = search.value(lo)
        raise command_line_error(
            f"no valid value of {name}{_multiples(multiple_of)} gives {key} near {_count_text(target)}: the"
            f" {'largest' if sign > 0 else 'smallest'} is {_count_text(value)} at {name} ="
            f" {_count_text(lo * multiple_of)}, the last valid value; {search.reason(lo + 1, top)}")
    if not lo_valid and search.value(hi) != target:
        value = search.value(hi)
        reason = search.reason(hi - 1, 1)
        raise command_line_error(
            f"no valid value of {name}{_multiples(multiple_of)} gives {key} near {_count_text(target)}: the"
            f" {'smallest' if sign > 0 else 'largest'} is {_count_text(value)} at {name} ="
            f" {_count_text(hi * multiple_of)}, the first valid value" + (f"; {reason}" if reason else ""))
    return lo, lo_valid, hi, hi_valid


def _solutions(search: _Search, target: int, lo: int, lo_valid: bool, hi: int, hi_valid: bool,
               alternatives: int) -> list[dict]:
    """``alternatives`` valid values on each side of the bracket, from the bracket outwards
    (invalid values skipped, up to where the valid range ends)."""
    solutions = []
    sides = ([(lo, -1)] if lo_valid and lo != hi else []) + ([(hi, 1)] if hi_valid else [])
    for m, step in sides:
        found = 0
        try:
            while found < alternatives and 1 <= m <= search.top:
                value, error = search.at(m)
                if not error:
                    solutions.append({search.name: m * search.multiple_of, search.key: value,
                                      "relative_error": (value - target) / target})
                    found += 1
                elif not search.local(error):
                    break  # the end of the valid range
                m += step
        except _OutOfEvaluations:
            pass  # the alternatives found so far
    return solutions


def _sign(value: Any) -> int:
    return (value > 0) - (value < 0)


def _reasons(search: _Search) -> str:
    """The errors met, one per kind (at most three), for a search that found no valid value."""
    shown: dict[str, str] = {}
    for m in sorted(search.cache):
        kind = _error_kind(search.cache[m][1])
        if kind not in shown and len(shown) < 3:
            shown[kind] = f"at {search.name} = {_count_text(m * search.multiple_of)}: {shorten(search.cache[m][1], 300)}"
    return "; ".join(shown.values())


def _positive(value: Any, what: str) -> None:
    """A positive integer within the one bound (the CLI parses them so; this guards the API)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise command_line_error(f"{what} must be a positive integer, got {short_repr(value)}")
    check_integer(value, Location(COMMAND_LINE), what)


def _multiples(multiple_of: int) -> str:
    return f" (a multiple of {_count_text(multiple_of)})"
