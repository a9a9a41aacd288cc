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
import sys
import time
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple

import sympy

from .errors import COMMAND_LINE, MAX_INTEGER_BITS, EstimatorError, Location, check_integer, did_you_mean, short_repr, shorten
from .expand import expand, hyperparameter_scope
from .expressions import Undecidable, describe, is_concrete, symbol
from .formula import compile_exact, describe_value, integral, symbolic_model
from .spec import Spec
from .metrics import ALIASES, METRIC_KEYS, Assumptions, all_values
from .totals import COUNT_KEYS, compute_totals

VALUE_KEYS = COUNT_KEYS + METRIC_KEYS  # every column a sweep can show and solve can target

MAX_POINTS = 10_000_000


def _cli_error(message: str) -> EstimatorError:
    return EstimatorError(message, Location(COMMAND_LINE))


# ---------------------------------------------------------------- reading points


def parse_value(text: str, what: str) -> int | bool:
    text = text.strip()
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return int(text.replace("_", ""))
    except ValueError:
        raise _cli_error(f"{what}: {text!r} is not an integer or true/false") from None


def parse_grid(items: list[str], spec: Spec) -> dict[str, list]:
    """``NAME=1,2,4`` or ``NAME=START:STOP:STEP`` (STOP included) -> values per name."""
    grid: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name or not text.strip():
            raise _cli_error(f"--grid expects NAME=V1,V2,... or NAME=START:STOP:STEP, got {item!r}")
        _known(name, spec, "--grid")
        if name in grid:
            raise _cli_error(f"--grid {name} is given twice")
        if ":" in text:
            parts = text.split(":")
            if len(parts) not in (2, 3):
                raise _cli_error(f"--grid {name}: a range is START:STOP or START:STOP:STEP, got {text!r}")
            start, stop = (parse_value(p, f"--grid {name}") for p in parts[:2])
            step = parse_value(parts[2], f"--grid {name}") if len(parts) == 3 else 1
            if isinstance(step, bool) or step <= 0:
                raise _cli_error(f"--grid {name}: the step must be a positive integer, got {step}")
            count = (stop - start) // step + 1
            if count <= 0:
                raise _cli_error(f"--grid {name}: {start}:{stop}:{step} holds no value")
            if count > MAX_POINTS:
                raise _cli_error(f"--grid {name}: {count:,} values; at most {MAX_POINTS:,} points per sweep")
            grid[name] = range(start, stop + 1, step)  # a list only once the whole grid is known to be small
        else:
            grid[name] = [parse_value(v, f"--grid {name}") for v in text.split(",") if v.strip()]
    total = 1
    for values in grid.values():
        total *= len(values)
    if total > MAX_POINTS:
        raise _cli_error(f"the grid has {total:,} points; at most {MAX_POINTS:,} per sweep")
    return {name: list(values) for name, values in grid.items()}


def grid_points(grid: dict[str, list]) -> Iterator[dict]:
    names = list(grid)
    for combination in itertools.product(*grid.values()):
        yield dict(zip(names, combination))


LABEL_COLUMNS = ("name", "label", "model")
EXPECT_PREFIX = "expect_"  # a points-file column `expect_params` is checked against the count


def read_points(path: str, spec: Spec) -> list[dict]:
    """Points from a CSV (a header of hyperparameter names) or a YAML list of mappings.

    A ``name`` / ``label`` / ``model`` column is carried into the output as a label.
    """
    file = Path(path)
    if not file.is_file():
        raise EstimatorError("no such points file", Location(path))
    if file.suffix.lower() in (".yaml", ".yml", ".json"):
        from .loader import load_yaml_file

        document = load_yaml_file(file, display=path)
        data = document.data
        if isinstance(data, dict) and "points" in data:
            data = data["points"]
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise document.error((), "a points file is a list of mappings (hyperparameter: value)")
        rows = [(document.where((i,)), row) for i, row in enumerate(data)]
    else:
        with open(file, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames:
                raise EstimatorError("the points file is empty", Location(path))
            rows = [(Location(path, number + 2, 1), row) for number, row in enumerate(reader)]
    if len(rows) > MAX_POINTS:
        raise EstimatorError(f"more than {MAX_POINTS:,} points", Location(path))
    points = []
    for where, row in rows:
        point: dict = {}
        for key, raw in row.items():
            key = str(key).strip()
            if key in LABEL_COLUMNS:
                point[key] = "" if raw is None else str(raw)
                continue
            if key.startswith(EXPECT_PREFIX) and key[len(EXPECT_PREFIX):] in VALUE_KEYS:
                if raw is not None and str(raw).strip():
                    try:
                        point[key] = int(str(raw).strip().replace("_", "").replace(",", ""))
                    except ValueError:
                        raise EstimatorError(f"{key}: {raw!r} is not an integer", where) from None
                continue
            if key not in spec.hyperparameters:
                known = set(spec.hyperparameters) | {EXPECT_PREFIX + k for k in VALUE_KEYS}
                raise EstimatorError(
                    f"column `{key}` is not a hyperparameter of the spec{did_you_mean(key, known)}"
                    f" (other columns: name, label, expect_params, expect_active_params, ...)", where
                )
            if isinstance(raw, bool) or (isinstance(raw, int) and not isinstance(raw, bool)):
                point[key] = raw
            elif isinstance(raw, str) and raw.strip():
                try:
                    point[key] = parse_value(raw, key)
                except EstimatorError as exc:
                    raise EstimatorError(exc.message.replace(f"{key}: ", ""), Location(where.file, where.line, where.column, (key,))) from None
            elif raw is None or (isinstance(raw, str) and not raw.strip()):
                continue  # empty cell: the spec's own value
            else:
                raise EstimatorError(f"{key}: {raw!r} is not an integer or true/false", where)
        points.append(point)
    return points


def _known(name: str, spec: Spec, option: str) -> None:
    if name not in spec.hyperparameters:
        raise _cli_error(f"{option} {name}: the spec has no hyperparameter `{name}`{did_you_mean(name, spec.hyperparameters)}")


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


def _plain_count(value: Any) -> str:
    return f"{int(value):,}" if integral(value) else f"about {float(value):,.0f}"


def parse_target(text: str) -> tuple[str, int]:
    """``params=7e9`` / ``params=7B`` / ``active_params=1_500_000`` -> (column, integer)."""
    key, sep, value = text.partition("=")
    key, value = key.strip(), value.strip().replace("_", "").replace(",", "")
    if not sep or not key or not value:
        raise _cli_error(f"--target expects COLUMN=VALUE (e.g. params=7e9), got {text!r}")
    key = ALIASES.get(key, key)
    if key not in VALUE_KEYS:
        raise _cli_error(f"--target {key}: no such column{did_you_mean(key, list(VALUE_KEYS) + list(ALIASES))}"
                         f" (columns: {', '.join(VALUE_KEYS)}; memory = weights + KV cache)")
    multiplier = 1
    upper = value.upper()
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if upper.endswith(suffix):
            multiplier, value = _SUFFIXES[suffix], value[: -len(suffix)].strip()
            break
    try:
        number = Decimal(value) * multiplier
    except InvalidOperation:
        raise _cli_error(f"--target {key}: {text.partition('=')[2]!r} is not a number") from None
    if number != number.to_integral_value() or number <= 0:
        raise _cli_error(f"--target {key}: the target must be a positive whole number, got {number}")
    return key, int(number)


def solve(spec: Spec, target_key: str, target: int, name: str, overrides: dict | None = None,
          multiple_of: int = 1, limit: int = 2**40, alternatives: int = 1,
          assumptions: Assumptions | None = None, side: str = "both") -> dict:
    """Valid values of ``name`` on either side of the target, best first (``side``:
    ``below`` keeps only totals at most the target, a budget that must fit; ``above``
    only those at least the target)."""
    if side not in ("both", "below", "above"):
        raise _cli_error(f"--side {side}: one of both, below, above")
    _known(name, spec, "--for")
    if multiple_of < 1:
        raise _cli_error(f"--multiple-of must be a positive integer, got {multiple_of}")
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

    top = max(limit // multiple_of, 2)
    low_total, high_total = total_at(1), total_at(top)
    if low_total is None or high_total is None:
        raise _cli_error(f"cannot evaluate {target_key} for {name} = {multiple_of} or {top * multiple_of}")
    increasing = high_total >= low_total
    smallest, largest = (low_total, high_total) if increasing else (high_total, low_total)
    if not smallest <= target <= largest:
        raise _cli_error(
            f"no valid value of {name} (a multiple of {multiple_of}) gives {target_key} near {target:,}:"
            f" it ranges from {_plain_count(smallest)} to {_plain_count(largest)} for {name} from"
            f" {multiple_of} to {top * multiple_of}")
    # the first multiple m whose total passes the target (binary search on a monotone count)
    lo, hi = 1, top
    while lo < hi:
        mid = (lo + hi) // 2
        value = total_at(mid)
        if value is None:
            raise _cli_error(f"cannot evaluate {target_key} at {name} = {mid * multiple_of}")
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
        raise _cli_error(f"no valid value of {name} (a multiple of {multiple_of}) gives {target_key} near {target:,}"
                         + (f" {side} it" if side != "both" else ""))
    solutions.sort(key=lambda s: abs(s["relative_error"]))
    return {"target": {target_key: target}, "for": name, "multiple_of": multiple_of, "solutions": solutions}
