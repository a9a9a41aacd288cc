"""Sweeps over many candidate sizes, and solving for the size that hits a budget.

The spec is expanded once with the swept hyperparameters as symbols; every count, every
value that must be an integer and every constraint becomes one compiled function, and
each point costs one call of it (exact Python integers). A point whose values make a
dimension fractional or break a constraint gets an error in its row, not a crash. When
the model's structure itself depends on a swept value (a block that exists only when
``stride != 1``), or a value is not a positive integer, that point is estimated in full.
"""
from __future__ import annotations

import csv
import itertools
import math
import re
import stat
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple

import sympy

from .errors import (COMMAND_LINE, MAX_INTEGER_BITS, EstimatorError, Location, check_integer, did_you_mean, one_line,
                     parse_integer, short_repr, shorten)
from .expand import expand, hyperparameter_scope
from .expressions import Undecidable, describe, is_concrete, symbol
from .formula import compile_exact, describe_value, integral, symbolic_model
from .loader import MAX_FILE_BYTES, load_yaml_text
from .spec import Spec
from .metrics import ALIASES, METRIC_KEYS, Assumptions, all_values
from .totals import COUNT_KEYS, compute_totals

VALUE_KEYS = COUNT_KEYS + METRIC_KEYS  # every column a sweep can show and solve can target

MAX_POINTS = 10_000_000
MAX_POINTS_FILE_BYTES = 2**30  # a CSV points file: room for MAX_POINTS rows; read a line at a time
MAX_LINE_CHARS = 2**20  # one line of a CSV points file
MAX_CELL_CHARS = 1_000  # one cell or column name (an integer in bounds has at most 78 digits)
MAX_KEPT_POINTS = 100_000  # a points file up to this size is read once and kept in memory
MAX_ALTERNATIVES = 100  # solve: valid values shown on each side of the target
_MAX_DIGITS = len(str(2**MAX_INTEGER_BITS))  # 78: more whole digits than any integer in bounds


def _cli_error(message: str) -> EstimatorError:
    return EstimatorError(message, Location(COMMAND_LINE))


# ---------------------------------------------------------------- reading points


def parse_value(text: str, where: Location | None, what: str | None = None) -> int | bool:
    """An integer or true/false typed by a person, within the one bound on integers.

    ``what`` is the option the text was given to (``--grid num_layers``); None for a cell of
    a points file, whose location already names the column.
    """
    text = text.strip()
    if text.isdigit() and text.isascii() and len(text) < _MAX_DIGITS:
        return int(text)  # the common case: what parse_integer returns, without its checks (always in bounds)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    digits = text.lstrip("+-").replace("_", "")
    if digits.isascii() and digits.isdigit():  # the shape of an integer: the strict parser decides
        return parse_integer(text, where, what or "the value")
    raise EstimatorError(f"{f'{what}: ' if what else ''}{short_repr(text)} is not an integer or true/false", where)


def parse_grid(items: list[str], spec: Spec) -> dict[str, list]:
    """``NAME=1,2,4`` or ``NAME=START:STOP:STEP`` (STOP included) -> values per name."""
    where = Location(COMMAND_LINE)
    grid: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name or not text.strip():
            raise _cli_error(f"--grid expects NAME=V1,V2,... or NAME=START:STOP:STEP, got {short_repr(item)}")
        _known(name, spec, "--grid")
        option = f"--grid {name}"
        if name in grid:
            raise _cli_error(f"{option} is given twice")
        if ":" in text:
            parts = text.split(":")
            if len(parts) not in (2, 3):
                raise _cli_error(f"{option}: a range is START:STOP or START:STOP:STEP, got {short_repr(text)}")
            start, stop, step = (parse_value(p, where, option) for p in (parts + ["1"])[:3])
            if any(isinstance(v, bool) for v in (start, stop)):
                raise _cli_error(f"{option}: a range runs over integers, got {short_repr(text)}")
            if isinstance(step, bool) or step <= 0:
                raise _cli_error(f"{option}: the step must be a positive integer, got {short_repr(parts[2].strip())}")
            count = (stop - start) // step + 1
            if count <= 0:
                raise _cli_error(f"{option}: {short_repr(text)} holds no value")
            if count > MAX_POINTS:
                raise _cli_error(f"{option}: {_count_text(count)} values; at most {MAX_POINTS:,} points per sweep")
            grid[name] = range(start, stop + 1, step)  # a list only once the whole grid is known to be small
        else:
            cells = [v for v in text.split(",") if v.strip()]
            if not cells:
                raise _cli_error(f"{option}: {short_repr(text)} holds no value")
            if len(cells) > MAX_POINTS:
                raise _cli_error(f"{option}: {len(cells):,} values; at most {MAX_POINTS:,} points per sweep")
            grid[name] = [parse_value(v, where, option) for v in cells]
    total = 1
    for values in grid.values():
        total *= len(values)
    if total > MAX_POINTS:
        raise _cli_error(f"the grid has {_count_text(total)} points; at most {MAX_POINTS:,} per sweep")
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
    if name in spec.hyperparameters:
        return "value"
    known = set(spec.hyperparameters) | {EXPECT_PREFIX + k for k in VALUE_KEYS}
    raise EstimatorError(
        f"column `{shorten(name)}` is not a hyperparameter of the spec{did_you_mean(name, known)}"
        f" (other columns: name, label, expect_params, expect_active_params, ...)", where
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
    elif isinstance(raw, str) and kind == "expect":
        text = raw.strip().replace(",", "")  # 124,439,808 as a spreadsheet writes it
        value = parse_value(text, where)
        if isinstance(value, bool):
            raise EstimatorError(f"{short_repr(raw.strip())} is not an integer", where)
        point[name] = value
    elif isinstance(raw, str):
        point[name] = parse_value(raw, where)
    else:
        raise EstimatorError(f"{short_repr(raw)} is not an integer or true/false", where)


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


def _known(name: str, spec: Spec, option: str) -> None:
    if name not in spec.hyperparameters:
        shown = shorten(name)
        raise _cli_error(f"{option} {shown}: the spec has no hyperparameter `{shown}`{did_you_mean(name, spec.hyperparameters)}")


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


class PointEvaluator:
    """Counts for many points of one spec, compiled once per combination of booleans."""

    def __init__(self, spec: Spec, overrides: dict | None = None, outputs: Iterable[str] = COUNT_KEYS,
                 extra: Iterable[str] = (), assumptions: Assumptions | None = None):
        self.spec = spec
        self.assumptions = assumptions or Assumptions()
        self.overrides = dict(overrides or {})
        self.outputs = list(outputs)
        self.extra = list(extra)  # hyperparameter columns computed per point (e.g. head_dim)
        self.compiled: dict = {}
        self.layouts: dict = {}
        self.keys = self.outputs + self.extra

    def evaluate(self, point: dict) -> tuple[dict, str]:
        """The outputs of one point and an error message ('' when the point is valid)."""
        columns = tuple(point)
        layout = self.layouts.get(columns)
        if layout is None:
            layout = self.layouts[columns] = self._layout(point)
        numeric, flag_names = layout
        key = tuple(point[k] for k in flag_names) if flag_names else ()
        plan = self.compiled.get((columns, key), False)
        if plan is False:
            plan = self.compiled[(columns, key)] = self._build_plan(list(numeric), dict(zip(flag_names, key)))
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
        """Which columns of a point are swept numbers and which are true/false flags."""
        numeric: list[str] = []
        flags: list[str] = []
        for name, value in point.items():
            if name in LABEL_COLUMNS or name.startswith(EXPECT_PREFIX):
                continue
            (flags if value.__class__ is bool else numeric).append(name)
        return tuple(numeric), tuple(flags)

    def _build_plan(self, names: list, flags: dict) -> _Plan | None:
        overrides = {**self.overrides, **{k: ("true" if v else "false") for k, v in flags.items()}}
        try:
            model = symbolic_model(self.spec, names, overrides, self.assumptions)
        except Undecidable:
            return None  # the structure depends on a swept value: estimate points in full
        outputs = [model.all_values[key] for key in self.outputs]
        extras = []
        scope_values = {**model.values}
        for name in self.extra:
            extras.append(scope_values.get(name, _hyperparameter_expr(model, name)))
        checks = [(kind, expr, f"{label} = {expr}" if kind == "integer" else f"constraint `{label}` does not hold", where)
                  for kind, expr, label, where in _essential_checks(model.checks)]
        exprs = [_expr(e, model) for e in outputs + extras] + [_expr(c[1], model) for c in checks]
        function = compile_exact(exprs, model.symbols)
        count = len(outputs) + len(extras)
        integer_checks = [count + i for i, check in enumerate(checks) if check[0] == "integer"]
        constraint_checks = [count + i for i, check in enumerate(checks) if check[0] == "constraint"]
        return _Plan(function, count, checks, integer_checks, constraint_checks, _input_bits(exprs), exprs[:count])

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
        return dict(zip(keys, values)), ""

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

    def _full(self, point: dict) -> tuple[dict, str]:
        overrides = {**self.overrides}
        try:
            for key, value in point.items():
                if key not in LABEL_COLUMNS and not key.startswith(EXPECT_PREFIX):
                    if isinstance(value, int) and not isinstance(value, bool):
                        check_integer(value, None, key)  # a point given through the API
                    overrides[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
            scope = hyperparameter_scope(self.spec, overrides)
            inventory = expand(self.spec, scope)
            totals = compute_totals(inventory)
            known = {name: scope.lookup(name, scope.where_of(name)) for name in self.spec.hyperparameters}
            values = all_values(inventory, totals.counts, self.assumptions, known)
            result = {key: values[key] for key in self.outputs}
            for name in self.extra:
                result[name] = scope.lookup(name, scope.where_of(name))
            return result, ""
        except EstimatorError as exc:
            return {}, exc.message


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
    try:
        poly = sympy.Poly(expr, *sorted(expr.free_symbols, key=str))
    except sympy.PolynomialError:
        return False
    return all(c.is_Integer and c >= 0 for c in poly.coeffs())


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
    total = 1
    for values in grid.values():
        total *= len(values)
    meter = _Progress(total) if progress else None
    numeric = all(v.__class__ is int and v >= 1 for values in grid.values() for v in values)
    plan = evaluator._build_plan(names, {}) if numeric else None
    largest = max((max(values) for values in grid.values()), default=0).bit_length()
    if plan is not None and largest > plan.input_bits:
        plan = None  # values too large for the compiled function: every point in full (see _input_bits)
    # whether a count can reach the bound on integers at all in this grid (then each row is checked)
    checked = plan is not None and not all(_value_bits(e, largest) < MAX_INTEGER_BITS for e in plan.outputs)
    # where each output cell comes from: ("point", j) | ("value", i) | ("error", 0)
    sources = [("point", names.index(c)) if c in grid else ("value", evaluator.keys.index(c))
               if c in evaluator.keys else ("error", 0) if c == "error" else ("none", 0) for c in columns]
    simple = sources == [("point", j) for j in range(len(names))] + [
        ("value", i) for i in range(len(evaluator.keys))] + [("error", 0)]
    bound = _BOUND
    for index, combination in enumerate(itertools.product(*grid.values())):
        if meter is not None and index % 1000 == 0:
            meter.update(index + 1)
        if plan is not None:
            function, count, checks, integer_checks, constraint_checks = plan[:5]
            values = function(*combination)
            valid = all(values[i].__class__ is int and values[i] >= 0 for i in integer_checks) and all(
                values[i] is True for i in constraint_checks) and all(
                values[i].__class__ is int for i in range(count)) and (
                not checked or not count or -bound < min(values[:count]) and max(values[:count]) < bound)
            if valid:
                if simple:
                    yield [*combination, *values[:count], ""]
                else:
                    yield [combination[k] if kind == "point" else values[k] if kind == "value" else ""
                           if kind == "error" else None for kind, k in sources]
                continue
        point = dict(zip(names, combination))
        result, error = evaluator.evaluate(point)
        row = {**point, "error": error} if error else {**result, **point, "error": ""}
        yield [_flag(row.get(c)) for c in columns]
    if meter is not None:
        meter.update(total)
        meter.finish()


def _flag(value: Any) -> Any:
    return ("true" if value else "false") if value.__class__ is bool else value


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
    known = set(VALUE_KEYS) | set(spec.hyperparameters) | set(LABEL_COLUMNS) | {"error"} | {
        EXPECT_PREFIX + k for k in VALUE_KEYS}
    for column in columns:
        if column not in known:
            raise _cli_error(f"--columns {shorten(column)}: no such column{did_you_mean(column, known)}"
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

_SUFFIXES = {"K": 10**3, "M": 10**6, "B": 10**9, "G": 10**9, "T": 10**12,
             "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}
_NUMBER = re.compile(r"(?P<sign>[+-]?)(?P<whole>[0-9]*)(?:\.(?P<fraction>[0-9]*))?(?:[eE](?P<exponent>[+-]?[0-9]+))?")


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
        raise _cli_error(f"--target expects COLUMN=VALUE (e.g. params=7e9), got {short_repr(text)}")
    key = ALIASES.get(key, key)
    if key not in VALUE_KEYS:
        raise _cli_error(f"--target {shorten(key)}: no such column{did_you_mean(key, list(VALUE_KEYS) + list(ALIASES))}"
                         f" (columns: {', '.join(VALUE_KEYS)}; memory = weights + KV cache)")
    return key, _target_number(value, f"--target {key}")


def _target_number(value: str, what: str) -> int:
    shown = short_repr(value)
    number = value.replace("_", "").replace(",", "")  # 7_000_000_000, 7,000,000,000
    multiplier = 1
    upper = number.upper()
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if upper.endswith(suffix):
            multiplier, number = _SUFFIXES[suffix], number[: -len(suffix)].strip()
            break
    match = _NUMBER.fullmatch(number)  # ASCII digits only: no inf, nan, or digits of other scripts
    if match is None or not (match["whole"] or match["fraction"]):
        raise _cli_error(f"{what}: {shown} is not a number (e.g. 7e9, 7B, 80GiB)")
    whole_number = _cli_error(f"{what}: the target must be a positive whole number, got {shown}")
    too_large = _cli_error(f"{what}: {shown} is too large (more than {MAX_INTEGER_BITS} bits)")
    digits = (match["whole"] + (match["fraction"] or "")).lstrip("0")
    if not digits or match["sign"] == "-":
        raise whole_number
    # the value is int(significant) * 10**scale * multiplier
    significant = digits.rstrip("0")
    scale = len(digits) - len(significant) - len(match["fraction"] or "")
    exponent = (match["exponent"] or "0").lstrip("+")
    if len(exponent.lstrip("-").lstrip("0")) > 9:  # 1e999999999999: decided without computing it
        raise whole_number if exponent.startswith("-") else too_large
    scale += int(exponent)
    if len(significant) + scale > _MAX_DIGITS:  # at least 10**78 > 2**256
        raise too_large
    if scale < -_MAX_DIGITS:  # below 10**-78 times the significant digits: no multiplier makes it whole
        raise whole_number
    amount = Fraction(int(significant) * multiplier) * Fraction(10) ** scale
    if amount.denominator != 1:
        raise whole_number
    if amount.numerator.bit_length() > MAX_INTEGER_BITS:
        raise too_large
    return amount.numerator


def solve(spec: Spec, target_key: str, target: int, name: str, overrides: dict | None = None,
          multiple_of: int = 1, limit: int = 2**40, alternatives: int = 1,
          assumptions: Assumptions | None = None, side: str = "both") -> dict:
    """Valid values of ``name`` on either side of the target, best first (``side``:
    ``below`` keeps only totals at most the target, a budget that must fit; ``above``
    only those at least the target)."""
    if side not in ("both", "below", "above"):
        raise _cli_error(f"--side {short_repr(side)}: one of both, below, above")
    _known(name, spec, "--for")
    if target_key not in VALUE_KEYS:
        raise _cli_error(f"--target {shorten(str(target_key))}: no such column{did_you_mean(str(target_key), VALUE_KEYS)}")
    _positive(target, f"--target {target_key}")
    _positive(multiple_of, "--multiple-of")
    _positive(alternatives, "--alternatives")
    if alternatives > MAX_ALTERNATIVES:
        raise _cli_error(f"--alternatives: at most {MAX_ALTERNATIVES} values on each side, got {_count_text(alternatives)}")
    evaluator = PointEvaluator(spec, overrides, [target_key], assumptions=assumptions)
    cache: dict = {}

    def value_at(m: int) -> tuple[int | None, str]:
        if m not in cache:
            result, error = evaluator.evaluate({name: m * multiple_of})
            cache[m] = (result.get(target_key), error)
        return cache[m]

    def total_at(m: int) -> Any:
        """The count at m (a Fraction where a dimension is fractional: still ordered)."""
        value, error = value_at(m)
        if value is None:  # the structure failed to build here; look at a neighbour
            for probe in range(m - 1, max(m - 64, 0), -1):
                value, _ = value_at(probe)
                if value is not None:
                    break
        return value

    # the multiples searched: up to ``limit``, at least two, every one within the bound
    top = min(max(limit // multiple_of, 2), (_BOUND - 1) // multiple_of)
    low_total, high_total = total_at(1), total_at(top)
    if low_total is None or high_total is None:
        raise _cli_error(f"cannot evaluate {target_key} for {name} = {_count_text(multiple_of)}"
                         f" or {_count_text(top * multiple_of)}")
    increasing = high_total >= low_total
    smallest, largest = (low_total, high_total) if increasing else (high_total, low_total)
    if not smallest <= target <= largest:
        raise _cli_error(
            f"no valid value of {name}{_multiples(multiple_of)} gives {target_key} near {_count_text(target)}:"
            f" it ranges from {_count_text(smallest)} to {_count_text(largest)} for {name} from"
            f" {_count_text(multiple_of)} to {_count_text(top * multiple_of)}")
    # the first multiple m whose total passes the target (binary search on a monotone count)
    lo, hi = 1, top
    while lo < hi:
        mid = (lo + hi) // 2
        value = total_at(mid)
        if value is None:
            raise _cli_error(f"cannot evaluate {target_key} at {name} = {_count_text(mid * multiple_of)}")
        if (value >= target) == increasing:
            hi = mid
        else:
            lo = mid + 1
    solutions = []
    for direction, start in ((-1, lo - 1), (1, lo)):
        found = 0
        m = start
        while 1 <= m <= top and found < alternatives and abs(m - start) < 100_000:
            value, error = value_at(m)
            if value is not None and not error:
                solutions.append({name: m * multiple_of, target_key: value,
                                  "relative_error": (value - target) / target})
                found += 1
            m += direction
    if side != "both":
        solutions = [s for s in solutions if (s[target_key] <= target) == (side == "below")]
    if not solutions:
        raise _cli_error(f"no valid value of {name}{_multiples(multiple_of)} gives {target_key} near"
                         f" {_count_text(target)}" + (f" {side} it" if side != "both" else ""))
    solutions.sort(key=lambda s: abs(s["relative_error"]))
    return {"target": {target_key: target}, "for": name, "multiple_of": multiple_of, "solutions": solutions}


def _positive(value: Any, what: str) -> None:
    """A positive integer within the one bound (the CLI parses them so; this guards the API)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _cli_error(f"{what} must be a positive integer, got {short_repr(value)}")
    check_integer(value, Location(COMMAND_LINE), what)


def _multiples(multiple_of: int) -> str:
    return f" (a multiple of {_count_text(multiple_of)})"
