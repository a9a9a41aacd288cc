"""Safe arithmetic on hyperparameters: Python's ``ast`` against a whitelist.

A value in a spec is a YAML integer or boolean, a list of values, or a string holding an
expression such as ``hidden / heads`` or ``round_up(8 * hidden / 3, 256)``. Expressions
are parsed with :func:`ast.parse` and walked node by node; only the nodes and functions
below are accepted, so no user text is ever handed to ``eval``, ``sympify`` or
``parse_expr``. Numbers stay exact: concrete values are Python ints (or
Fractions in the middle of a computation), free hyperparameters are positive integer
sympy Symbols. ``/`` is exact division; a value bound to a name or used as a dimension
must be an integer, and the error names the values that made it fractional.

Two roads give the same values: concrete numbers are computed with Python's ints and
Fractions, and sympy is imported only when a value is free (:mod:`estimator.core.symbolic`).
:func:`sympy_road` sends concrete arithmetic through sympy instead, as it went before the
numeric road existed; the tests run every spec down both roads and compare.
"""
from __future__ import annotations

import ast
import math
import re
import warnings
from contextlib import contextmanager
from fractions import Fraction
from typing import Any, Callable, cast, Iterator

from estimator.core.errors import check_integer, did_you_mean, EstimatorError, Location, MAX_INTEGER_BITS, short_repr
from estimator.core.symbolic import is_symbolic, sympy

MAX_EXPRESSION_CHARS = 2_000
MAX_EXPRESSION_NODES = 400
MAX_EXPONENT = 256

Value = Any  # int | Fraction | bool | sympy.Expr | tuple
CONSTANTS = {"true": True, "false": False, "True": True, "False": False}


class Undecidable(EstimatorError):
    """A condition that depends on a free symbol (e.g. ``heads > 8`` with ``heads`` free)."""

    def __init__(self, message: str, location: Location | None = None, names: list | None = None):
        super().__init__(message, location)
        self.names = list(names or [])


def symbol(name: str) -> sympy.Symbol:
    """The sympy symbol for a free hyperparameter: a positive integer."""
    return sympy.Symbol(name, integer=True, positive=True)


class _Road:
    numeric = True  # concrete arithmetic on Python ints and Fractions (False: through sympy)


@contextmanager
def sympy_road() -> Iterator[None]:
    """Concrete arithmetic through sympy while inside: the differential tests' second road."""
    _Road.numeric = False
    try:
        yield
    finally:
        _Road.numeric = True


def _plain(value: Value) -> bool:
    """An int or a Fraction that the numeric road computes with (bools are not numbers here)."""
    return _Road.numeric and (type(value) is int or type(value) is Fraction)


def is_number(value: Value) -> bool:
    if type(value) is int:  # almost always: a size
        return True
    return isinstance(value, (int, Fraction)) and not isinstance(value, bool) or is_symbolic(value)


def is_concrete(value: Value) -> bool:
    """True for a number with no free symbols."""
    if type(value) is int or isinstance(value, (bool, int, Fraction)):
        return True
    if isinstance(value, tuple):
        return all(is_concrete(item) for item in value)
    if is_symbolic(value):
        return value.is_Number
    return False


def is_fractional(value: Value) -> bool:
    """A concrete number that is not an integer."""
    if type(value) is int:
        return False
    if isinstance(value, Fraction):
        return value.denominator != 1
    return is_symbolic(value) and value.is_Number and not value.is_Integer


def as_sympy(value: Value) -> sympy.Basic:
    """A number as a sympy object; never called on text (user text is parsed by ast only)."""
    if isinstance(value, bool) or not (isinstance(value, (int, Fraction)) or is_symbolic(value)):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    return value


def normalise(value: Value) -> Value:
    """Concrete numbers as Python ints, else Fractions: one type a value has on either road."""
    if type(value) is int:
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else Fraction(value)
    if is_symbolic(value) and value.is_Rational:
        return int(value.p) if value.q == 1 else Fraction(int(value.p), int(value.q))
    return value


def product(values) -> Value:
    """The exact product of numbers (ints, or sympy where a value is free)."""
    result: Value = 1
    numeric = _Road.numeric
    for value in values:
        if numeric and type(value) is int and type(result) is int:  # almost always: sizes
            result *= value
        else:
            result = normalise(result * value if _plain(result) and _plain(value) else as_sympy(result) * as_sympy(value))
    return result


def ceil_div(a: Value, b: Value) -> Value:
    """ceil(a / b), exactly: integer arithmetic for ints, a sympy ceiling otherwise."""
    if _plain(a) and _plain(b):
        return -((-a) // b)
    return normalise(sympy.ceiling(as_sympy(a) / as_sympy(b)))


class Sum:
    """A sum built a term at a time: numbers are added as they come, free terms are kept and
    added in one sympy sum when the value is read. sympy sorts and merges a sum's terms at every
    addition, so n free terms added one at a time cost n^2 (a model has thousands of tensors);
    the value is the same sum either way."""

    __slots__ = ("number", "terms")

    def __init__(self) -> None:
        self.number: Value = 0
        self.terms: list = []

    def add(self, value: Value) -> None:
        if _plain(value):
            self.number += value
        else:
            self.terms.append(value)

    def __iadd__(self, value: Value) -> Sum:  # `total += value`, as for an int accumulator
        self.add(value)
        return self

    def value(self) -> Value:
        if not self.terms:
            return normalise(self.number)
        if len(self.terms) > 1 or self.number != 0:  # kept as one term: reading it again costs nothing
            total = normalise(sympy.Add(as_sympy(self.number), *(as_sympy(term) for term in self.terms)))
            self.number, self.terms = (total, []) if _plain(total) else (0, [total])
        return normalise(self.terms[0]) if self.terms else self.number


def describe(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(describe(item) for item in value) + "]"
    return str(value)


# ---------------------------------------------------------------- parsing

_ALLOWED_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Call,
    ast.Name, ast.Load, ast.Constant, ast.Subscript, ast.Tuple, ast.List,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow,
    ast.USub, ast.UAdd, ast.Not, ast.And, ast.Or,
    ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn,
)
_parsed: dict[str, ast.Expression] = {}


def parse(text: str, where: Location) -> ast.Expression:
    """Parse and vet an expression; the result is cached by text."""
    tree = _parsed.get(text)
    if tree is not None:
        return tree
    if len(text) > MAX_EXPRESSION_CHARS:
        raise EstimatorError(f"expression is longer than {MAX_EXPRESSION_CHARS} characters", where)
    try:
        with warnings.catch_warnings():  # Python's own SyntaxWarnings would be a second stderr line
            warnings.simplefilter("ignore")
            tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise EstimatorError(f"cannot parse expression {short_repr(text)}: {exc.msg}", where) from None
    except (ValueError, RecursionError, MemoryError):
        raise EstimatorError(f"cannot parse expression {short_repr(text)}", where) from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_EXPRESSION_NODES:
        raise EstimatorError(f"expression has more than {MAX_EXPRESSION_NODES} parts", where)
    for node in nodes:
        if not isinstance(node, _ALLOWED_NODES):
            raise EstimatorError(f"{_NODE_NAMES.get(type(node), type(node).__name__)} is not allowed in an expression: `{_clip(text)}`", where)
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                if not isinstance(node.func, ast.Name):
                    raise EstimatorError(
                        f"only these functions can be called: {', '.join(FUNCTIONS)}; not `{_clip(ast.unparse(node.func))}`",
                        where,
                    )
                hint = did_you_mean(node.func.id, FUNCTIONS) or f" (functions: {', '.join(FUNCTIONS)})"
                raise EstimatorError(f"unknown function `{_clip(node.func.id)}`{hint}", where)
            if node.keywords:
                raise EstimatorError(f"`{node.func.id}` takes no keyword arguments", where)
            if any(isinstance(arg, ast.Starred) for arg in node.args):
                raise EstimatorError(f"`{node.func.id}` takes no *arguments", where)
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise EstimatorError(f"{type(node.value).__name__} {short_repr(node.value)} is not allowed in an"
                                 " expression; only numbers", where)
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            node.value = cast(Any, decimal_value(ast.get_source_segment(text.strip(), node) or repr(node.value), where))
    _parsed[text] = tree
    return tree


_DECIMAL = re.compile(r"([0-9_]*)(?:\.([0-9_]*))?(?:[eE]([+-]?[0-9_]+))?")
MAX_DECIMAL_DIGITS = 60


class Decimal(Fraction):
    """A decimal literal's exact value, printed as the fraction it is (``27.89`` -> 2789/100)
    where an error message shows the expression it was written in."""

    def __repr__(self) -> str:
        return str(self.numerator) if self.denominator == 1 else f"{self.numerator}/{self.denominator}"


def decimal_value(text: str, where: Location) -> Fraction:
    """A decimal literal as written (``27.89`` -> 2789/100), exactly: never through a float."""
    text = text.strip()
    if text[:1] in "+-" and text[:1]:
        value = decimal_value(text[1:], where)
        return -value if text[0] == "-" else value
    match = _DECIMAL.fullmatch(text)
    if match is None:
        raise EstimatorError(f"cannot read {short_repr(text)} as a decimal number", where)
    whole, fraction, exponent = (part.replace("_", "") if part else "" for part in match.groups())
    if len(whole) + len(fraction) > MAX_DECIMAL_DIGITS or (exponent and abs(int(exponent[:6] or 0)) > 76):
        raise EstimatorError(f"decimal {short_repr(text)} has too many digits or too large an exponent", where)
    value = Fraction(int(whole or 0) * 10 ** len(fraction) + int(fraction or 0), 10 ** len(fraction))
    if exponent:
        value = value * Fraction(10) ** int(exponent)
    return Decimal(value)


_NODE_NAMES = {
    ast.Attribute: "attribute access (`.`)",
    ast.Lambda: "lambda",
    ast.JoinedStr: "an f-string",
    ast.Starred: "`*`",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.ListComp: "a comprehension",
    ast.GeneratorExp: "a generator",
    ast.NamedExpr: "`:=`",
    ast.Slice: "a slice",
}


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def names_in(text: str, where: Location) -> list[str]:
    tree = parse(text, where)
    return sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} - set(CONSTANTS) - set(FUNCTIONS))


# ---------------------------------------------------------------- scopes


class Scope:
    """Named values, evaluated lazily and once, with a parent to fall back to.

    A binding is ``(raw, where, home)``: the raw YAML value, where it was written, and
    the scope its names are looked up in (``None``: this scope itself). Laziness means
    an argument nobody reads (``dropout: {p: 0.1}``) is never evaluated, and a cycle
    is found as it is walked.
    """

    def __init__(self, bindings: dict | None = None, parent: "Scope | None" = None, label: str = ""):
        self.bindings: dict[str, tuple] = dict(bindings or {})
        self.parent = parent
        self.label = label
        self.values: dict[str, Value] = {}
        self.active: list = parent.active if parent is not None else []
        # symbolic values that must turn out integral (and conditions that must hold) once
        # free hyperparameters get values: collected for sweeps and solve
        self.checks: list = parent.checks if parent is not None else []
        # names whose values a person typed outside the spec (`--set`, a config.json key):
        # an error they cause is reported there, not at the template line that used them
        self.inputs: set[str] = set()

    def owner(self, name: str) -> "Scope | None":
        scope: Scope | None = self
        while scope is not None and name not in scope.bindings:
            scope = scope.parent
        return scope

    def set_value(self, name: str, value: Value, where: Location) -> None:
        self.bindings[name] = (None, where, None)
        self.values[name] = value

    def names(self) -> set[str]:
        names = set(self.bindings)
        return names | self.parent.names() if self.parent else names

    def lookup(self, name: str, where: Location | None) -> Value:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.bindings:
                values = scope.values
                return values[name] if name in values else scope._value(name)
            scope = scope.parent
        raise EstimatorError(f"unknown name `{name}`{did_you_mean(name, self.names(), list_up_to=12)}", where)

    def where_of(self, name: str) -> Location | None:
        scope = self.owner(name)
        return None if scope is None else scope.bindings[name][1]

    def _value(self, name: str) -> Value:
        if name in self.values:
            return self.values[name]
        raw, where, home = self.bindings[name]
        if type(raw) is int or type(raw) is bool:  # as written: no name to look up, no fraction; only bounded
            value = self.values[name] = raw if type(raw) is bool else check_integer(raw, where)
            return value
        key = (id(self), name)
        if key in self.active:
            cycle = [entry[1] for entry in self.active[self.active.index(key):]] + [name]
            raise EstimatorError(f"`{name}` depends on itself: {' -> '.join(cycle)}", where)
        self.active.append(key)
        try:
            value = evaluate(raw, where, home or self)
            try:
                if not written_fractional(raw, home or self):
                    value = require_integral(value, name, raw, where, home or self)
            except EstimatorError as exc:
                raise blame_input(exc, raw, home or self) from None
        finally:
            self.active.pop()
        self.values[name] = value
        return value


def input_behind(raw: Any, scope: Scope, depth: int = 0) -> Location | None:
    """Where a person typed the value behind ``raw`` (a ``--set`` or a config.json key),
    following names through layer-type arguments to the hyperparameters; None if no such
    input feeds it."""
    if not isinstance(raw, str) or depth > 16:
        return None
    try:
        names = names_in(raw, Location("<expression>"))
    except EstimatorError:
        return None
    for name in names:
        owner = scope.owner(name)
        if owner is None:
            continue
        inner_raw, where, home = owner.bindings[name]
        if name in owner.inputs:
            return where
        found = input_behind(inner_raw, home or owner, depth + 1)
        if found is not None:
            return found
    return None


def blame_input(exc: EstimatorError, raw: Any, scope: Scope) -> EstimatorError:
    """``exc`` moved to the input that caused it, keeping where it was used."""
    if isinstance(exc, Undecidable):
        return exc
    origin = input_behind(raw, scope)
    if origin is None or exc.location is None or exc.location.file == origin.file:
        return exc
    return EstimatorError(f"{exc.message} (used at {exc.location})", origin)


def written_fractional(raw: Any, scope: Scope) -> bool:
    """A named value may be a fraction when it says so: a decimal is written in it
    (``w_a: 27.89``, ``width * 0.75``) or it uses a value that is one. A fraction made of
    integers alone (``hidden / heads``) must still come out whole, as a size does."""
    if isinstance(raw, float):
        return True
    if isinstance(raw, list):
        return any(written_fractional(item, scope) for item in raw)
    if not isinstance(raw, str):
        return False
    names = _names_before_a_decimal(raw)
    if names is None:
        return False
    for name in names:
        if name is _DECIMAL_WRITTEN:
            return True
        owner = scope.owner(name)
        if owner is not None:  # looked up as Scope.lookup does (it may evaluate the value)
            value = owner._value(name)
            if type(value) is int:
                continue
            items = value if isinstance(value, tuple) else (value,)
            if any(is_fractional(v) for v in items):
                return True
    return False


_DECIMAL_WRITTEN = object()  # in _names_before_a_decimal's list: a fractional decimal is written here
_names_read: dict[str, list | None] = {}


def _names_before_a_decimal(text: str) -> list | None:
    """The names an expression reads, in the order written_fractional looks at them, up to
    its first fractional decimal (then _DECIMAL_WRITTEN); None if it does not parse. Kept
    by text: a template's expressions are met once per layer."""
    if text in _names_read:
        return _names_read[text]
    try:
        tree = parse(text, Location("<expression>"))
    except EstimatorError:
        found = None
    else:
        found = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and is_fractional(node.value):
                found.append(_DECIMAL_WRITTEN)
                break
            if isinstance(node, ast.Name) and node.id not in CONSTANTS:
                found.append(node.id)
    if len(_names_read) < 100_000:  # one entry per distinct text, bounded
        _names_read[text] = found
    return found


def require_integral(value: Value, name: str, raw: Any, where: Location, scope: Scope) -> Value:
    """A named value or dimension must be an integer; say which inputs made it not one."""
    if type(value) is int:
        return value
    items = value if isinstance(value, tuple) else (value,)
    for item in items:
        if is_symbolic(item) and not item.is_Number:
            scope.checks.append(("integer", item, name, where))
            continue
        if is_fractional(item):
            detail = ""
            if isinstance(raw, str):
                inputs = [f"{n}={describe(scope.lookup(n, where))}" for n in names_in(raw, where)]
                detail = f" = {raw}" + (f" with {', '.join(inputs)}" if inputs else "")
            raise EstimatorError(f"{name}{detail} is {item}, not an integer", where)
    return value


# ---------------------------------------------------------------- evaluation


def evaluate(raw: Any, where: Location, scope: Scope, symbolic_conditions: bool = False) -> Value:
    """Evaluate a raw YAML value (int, bool, expression string, list) in ``scope``.

    With ``symbolic_conditions`` a comparison that depends on free symbols gives a sympy
    relation (``Eq(Mod(hidden, heads), 0)``) instead of raising :class:`Undecidable`.
    """
    if isinstance(raw, str):  # the usual case first
        body = parse(raw, where).body
        try:
            if type(body) is ast.Name and body.id not in CONSTANTS:  # `hidden`: as _Evaluator.visit_Name
                return scope.lookup(body.id, where)
            return _Evaluator(scope, where, raw, symbolic_conditions).visit(body)
        except EstimatorError as exc:
            if exc.location is not where:
                raise
            raise blame_input(exc, raw, scope) from None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return _bounded(raw, where)
    if isinstance(raw, list):
        return tuple(evaluate(item, where, scope) for item in raw)
    if isinstance(raw, float):  # a YAML decimal: exact as written (repr is the shortest text giving it)
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise EstimatorError(f"expected a number, got {short_repr(raw)}", where)
        return normalise(decimal_value(repr(raw), where))
    if raw is None:
        raise EstimatorError("expected a value, got nothing (null)", where)
    raise EstimatorError(f"expected an integer, boolean or expression, got {short_repr(raw)}", where)


def _bounded(value: Value, where: Location) -> Value:
    """The one bound on integers (errors.check_integer), on an exact fraction's numerator
    and denominator too: ``((3/2)**256)**256`` stops here instead of running for minutes."""
    if isinstance(value, int):
        return check_integer(value, where)
    if isinstance(value, Fraction):
        check_integer(value.numerator, where)
        check_integer(value.denominator, where, "denominator")
    elif is_symbolic(value) and value.is_Rational:
        check_integer(int(value.p), where)
        check_integer(int(value.q), where, "denominator")
    return value


class _Evaluator:
    def __init__(self, scope: Scope, where: Location, text: str, symbolic_conditions: bool = False):
        self.scope = scope
        self.where = where
        self.text = text
        self.symbolic_conditions = symbolic_conditions

    def fail(self, message: str) -> EstimatorError:
        return EstimatorError(f"{message} (in `{_clip(self.text)}`)", self.where)

    def visit(self, node: ast.AST) -> Value:
        return _VISITORS[type(node)](self, node)

    def number(self, node: ast.AST) -> Value:
        value = self.visit(node)
        if not is_number(value):
            raise self.fail(f"`{ast.unparse(node)}` is {describe(value)}, not a number")
        return value

    def boolean(self, node: ast.AST) -> bool:
        value = self.visit(node)
        if self.symbolic_conditions and is_symbolic(value) and isinstance(value, sympy.logic.boolalg.Boolean):
            return value
        if not isinstance(value, bool):
            raise self.fail(f"`{ast.unparse(node)}` is {describe(value)}, not true or false")
        return value

    def visit_Constant(self, node: ast.Constant) -> Value:
        if isinstance(node.value, bool):
            return node.value
        # parse() admits int constants and decimals (already exact Rationals)
        return _bounded(normalise(node.value), self.where)

    def visit_Name(self, node: ast.Name) -> Value:
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        return self.scope.lookup(node.id, self.where)

    def visit_Tuple(self, node: ast.Tuple) -> Value:
        return tuple(self.visit(item) for item in node.elts)

    visit_List = visit_Tuple

    def visit_Subscript(self, node: ast.Subscript) -> Value:
        sequence = self.visit(node.value)
        index = self.visit(node.slice)
        if not isinstance(sequence, tuple):
            raise self.fail(f"`{ast.unparse(node.value)}` is not a list")
        if not isinstance(index, int) or isinstance(index, bool) or not -len(sequence) <= index < len(sequence):
            raise self.fail(f"index {describe(index)} is out of range for a list of {len(sequence)}")
        return sequence[index]

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Value:
        if isinstance(node.op, ast.Not):
            operand = self.boolean(node.operand)
            return not operand if isinstance(operand, bool) else sympy.Not(operand)
        value = self.number(node.operand)
        return normalise(-value) if isinstance(node.op, ast.USub) else value

    def visit_BoolOp(self, node: ast.BoolOp) -> Value:
        want = isinstance(node.op, ast.Or)
        pending: list = []  # relations on free symbols (symbolic_conditions only)
        for item in node.values:
            value = self.boolean(item)
            if not isinstance(value, bool):
                pending.append(value)
            elif value == want:
                return want
        if pending:
            return (sympy.Or if want else sympy.And)(*pending)
        return not want

    def visit_IfExp(self, node: ast.IfExp) -> Value:
        return self.visit(node.body) if self.boolean(node.test) else self.visit(node.orelse)

    def visit_Compare(self, node: ast.Compare) -> Value:
        left = self.visit(node.left)
        relations = []  # comparisons on free symbols (symbolic_conditions only)
        for op, right_node in zip(node.ops, node.comparators):
            right = self.visit(right_node)
            result = self.compare(node, op, left, right)
            if result is False:
                return False
            if result is not True:
                relations.append(result)
            left = right
        return sympy.And(*relations) if relations else True

    def compare(self, node: ast.Compare, op: ast.cmpop, left: Value, right: Value) -> Any:
        """True, False, or (symbolic_conditions) a sympy relation."""
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(right, tuple):
                raise self.fail(f"`in` needs a list on its right, got {describe(right)}")
            if not is_concrete(left) or not is_concrete(right):
                raise Undecidable(f"cannot decide `{ast.unparse(node)}` while a value is free; give a value",
                                  self.where, sorted(str(s) for v in (left, *right)
                                                     for s in getattr(v, "free_symbols", ())))
            found = any(left == item and isinstance(left, bool) == isinstance(item, bool) for item in right)
            return found if isinstance(op, ast.In) else not found
        if isinstance(op, (ast.Eq, ast.NotEq)) and (isinstance(left, bool) or isinstance(right, bool)):
            return (left == right) if isinstance(op, ast.Eq) else (left != right)
        if not (is_number(left) and is_number(right)):
            raise self.fail(f"cannot compare {describe(left)} with {describe(right)}")
        a, b = left, right
        if not (is_concrete(a) and is_concrete(b)):
            # `kdim == embed_dim` with kdim defaulting to embed_dim is decidable symbolically
            difference = as_sympy(a) - as_sympy(b)
            if difference.is_Number:
                a, b = difference, 0
        if is_concrete(a) and is_concrete(b):
            return bool(_COMPARE[type(op)](a, b))
        # free symbols are positive integers: `layers > 0` holds whatever their values
        relation = getattr(sympy, _RELATIONS[type(op)])(as_sympy(a), as_sympy(b))
        if isinstance(relation, sympy.logic.boolalg.BooleanAtom):
            return bool(relation)
        if self.symbolic_conditions:
            return relation
        names = sorted(str(s) for s in relation.free_symbols)
        raise Undecidable(
            f"cannot decide `{ast.unparse(node)}` while {', '.join(names)} {'is' if len(names) == 1 else 'are'}"
            " free; give a value",
            self.where,
            names,
        )

    def visit_BinOp(self, node: ast.BinOp) -> Value:
        left = self.number(node.left)
        right = self.number(node.right)
        op = type(node.op)
        if op in (ast.Div, ast.FloorDiv, ast.Mod) and is_concrete(right) and right == 0:
            raise self.fail(f"division by zero: `{ast.unparse(node.right)}` is 0")
        if op is ast.Pow:
            return self.power(node, left, right)
        if _plain(left) and _plain(right):
            if op is ast.Div:
                result = normalise(Fraction(left) / right)
            else:
                result = normalise(_INT_OPS[op](left, right))
        else:
            result = normalise(_SYMPY_OPS[op](as_sympy(left), as_sympy(right)))
        return _bounded(result, self.where)

    def power(self, node: ast.BinOp, base: Value, exponent: Value) -> Value:
        if not isinstance(exponent, int) or not 0 <= exponent <= MAX_EXPONENT:
            raise self.fail(f"exponent must be an integer from 0 to {MAX_EXPONENT}, got {describe(exponent)}")
        base = normalise(base)
        bits = (abs(base).bit_length() if isinstance(base, int)
                else max(base.numerator.bit_length(), base.denominator.bit_length()) if isinstance(base, Fraction) else 0)
        if (bits - 1) * exponent >= MAX_INTEGER_BITS:  # decided before the power is computed
            raise self.fail(f"{describe(base)} ** {exponent} is too large (more than {MAX_INTEGER_BITS} bits)")
        if _plain(base):
            return _bounded(normalise(base**exponent), self.where)
        return _bounded(normalise(as_sympy(base) ** exponent), self.where)

    def visit_Call(self, node: ast.Call) -> Value:
        name = cast(ast.Name, node.func).id  # vetted by parse()
        arity, function = FUNCTIONS[name]
        if not arity[0] <= len(node.args) <= arity[1]:
            raise self.fail(f"`{name}` takes {_arity_text(arity)}, got {len(node.args)}")
        args = [self.visit(arg) for arg in node.args]
        # bounded like every operator's result: cdiv(2**255, 1/2**255) is a 511-bit integer
        return _bounded(function(self, name, *args), self.where)


# visit_Name for ast.Name, ...: one dict look-up a node instead of building the method's name
_VISITORS: dict[type, Callable] = {getattr(ast, name.removeprefix("visit_")): method
                                   for name, method in vars(_Evaluator).items() if name.startswith("visit_")}


def _arity_text(arity: tuple) -> str:
    low, high = arity
    if low == high:
        return f"{low} argument{'s' if low != 1 else ''}"
    return f"at least {low} arguments" if high > 99 else f"{low} to {high} arguments"


_COMPARE = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
}
_RELATIONS = {ast.Eq: "Eq", ast.NotEq: "Ne", ast.Lt: "Lt", ast.LtE: "Le", ast.Gt: "Gt", ast.GtE: "Ge"}  # sympy's names
_INT_OPS = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
}
_SYMPY_OPS = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: sympy.floor(a / b), ast.Mod: lambda a, b: sympy.Mod(a, b),
}


def _numbers(evaluator: _Evaluator, name: str, args: tuple) -> list:
    for arg in args:
        if not is_number(arg):
            raise evaluator.fail(f"`{name}` needs numbers, got {describe(arg)}")
    return list(args)


def _min_max(evaluator: _Evaluator, name: str, *args: Value) -> Value:
    values = _numbers(evaluator, name, args)
    if all(_plain(v) for v in values):
        return normalise((min if name == "min" else max)(values))
    return normalise((sympy.Min if name == "min" else sympy.Max)(*map(as_sympy, values)))


def _ceil(evaluator: _Evaluator, name: str, x: Value) -> Value:
    (x,) = _numbers(evaluator, name, (x,))
    if isinstance(x, int):
        return x
    return math.ceil(x) if _plain(x) else normalise(sympy.ceiling(as_sympy(x)))


def _floor(evaluator: _Evaluator, name: str, x: Value) -> Value:
    (x,) = _numbers(evaluator, name, (x,))
    if isinstance(x, int):
        return x
    return math.floor(x) if _plain(x) else normalise(sympy.floor(as_sympy(x)))


def _cdiv(evaluator: _Evaluator, name: str, a: Value, b: Value) -> Value:
    a, b = _numbers(evaluator, name, (a, b))
    if is_concrete(b) and b == 0:
        raise evaluator.fail("division by zero")
    return ceil_div(a, b)


def _round_up(evaluator: _Evaluator, name: str, x: Value, multiple: Value) -> Value:
    """The smallest multiple of ``multiple`` that is >= x (x may be fractional)."""
    x, multiple = _numbers(evaluator, name, (x, multiple))
    if is_concrete(multiple) and multiple <= 0:
        raise evaluator.fail(f"`round_up` needs a positive multiple, got {describe(multiple)}")
    if _plain(x) and _plain(multiple):
        return normalise(math.ceil(Fraction(x) / multiple) * multiple)
    return normalise(sympy.ceiling(as_sympy(x) / as_sympy(multiple)) * as_sympy(multiple))


def _ntuple(evaluator: _Evaluator, name: str, x: Value, n: Value) -> Value:
    """``ntuple(3, 2) == (3, 3)``; ``ntuple([3, 5], 2) == (3, 5)``: PyTorch's _ntuple."""
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 8:
        raise evaluator.fail(f"`ntuple` needs a length from 1 to 8, got {describe(n)}")
    if isinstance(x, tuple):
        if len(x) == 1:
            return x * n
        if len(x) != n:
            raise evaluator.fail(f"expected {n} values, got {len(x)}: {describe(x)}")
        return x
    _numbers(evaluator, name, (x,))
    return (x,) * n


def _prod(evaluator: _Evaluator, name: str, x: Value) -> Value:
    items = x if isinstance(x, tuple) else (x,)
    result: Value = 1
    for item in _numbers(evaluator, name, items):
        result = _bounded(product((result, item)), evaluator.where)
    return result


def _round(evaluator: _Evaluator, name: str, x: Value) -> Value:
    """Python's ``round``: to the nearest integer, a half to the even one (2.5 -> 2)."""
    (x,) = _numbers(evaluator, name, (x,))
    if isinstance(x, int):
        return x
    if not is_concrete(x):
        raise Undecidable(f"cannot round `{x}` while it is free; give its values", evaluator.where,
                          sorted(str(s) for s in x.free_symbols))
    return round(Fraction(normalise(x)))


def _int(evaluator: _Evaluator, name: str, x: Value) -> Value:
    """Python's ``int`` of a number: towards zero (int(-2.5) == -2)."""
    (x,) = _numbers(evaluator, name, (x,))
    if isinstance(x, int):
        return x
    if not is_concrete(x):
        if x.is_nonnegative:
            return normalise(sympy.floor(x))
        raise Undecidable(f"cannot take `int` of `{x}` while it is free; give its values", evaluator.where,
                          sorted(str(s) for s in x.free_symbols))
    return int(Fraction(normalise(x)))


def _len(evaluator: _Evaluator, name: str, x: Value) -> Value:
    if not isinstance(x, tuple):
        raise evaluator.fail(f"`len` needs a list, got {describe(x)}")
    return len(x)


def _cumsum(evaluator: _Evaluator, name: str, x: Value) -> Value:
    """Running totals of a list: ``cumsum([0, 1, 0, 1])`` is ``[0, 1, 1, 2]`` (how many of the
    items so far are set: a hybrid layer's ordinal among the hybrid layers)."""
    if not isinstance(x, tuple):
        raise evaluator.fail(f"`cumsum` needs a list, got {describe(x)}")
    totals: list = []
    total: Value = 0
    for item in _numbers(evaluator, name, x):
        total = _bounded(normalise(total + item), evaluator.where)
        totals.append(total)
    return tuple(totals)


def _positions(evaluator: _Evaluator, name: str, x: Value, value: Value) -> Value:
    """The indices where a list holds ``value``: ``positions([0, 1, 0, 1], 1)`` is ``[1, 3]``."""
    if not isinstance(x, tuple):
        raise evaluator.fail(f"`positions` needs a list, got {describe(x)}")
    items = _numbers(evaluator, name, x + (value,))
    if not all(is_concrete(item) for item in items):
        raise evaluator.fail("`positions` needs the list's values, not free names")
    return tuple(index for index, item in enumerate(items[:-1]) if item == value)


FUNCTIONS: dict[str, tuple[tuple[int, int], Callable]] = {
    "min": ((2, 100), _min_max),
    "max": ((2, 100), _min_max),
    "ceil": ((1, 1), _ceil),
    "floor": ((1, 1), _floor),
    "cdiv": ((2, 2), _cdiv),
    "round_up": ((2, 2), _round_up),
    "ntuple": ((2, 2), _ntuple),
    "prod": ((1, 1), _prod),
    "len": ((1, 1), _len),
    "round": ((1, 1), _round),
    "int": ((1, 1), _int),
    "cumsum": ((1, 1), _cumsum),
    "positions": ((2, 2), _positions),
}
