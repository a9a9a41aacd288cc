"""Safe arithmetic on hyperparameters: Python's ``ast`` against a whitelist.

A value in a spec is a YAML integer or boolean, a list of values, or a string holding an
expression such as ``hidden / heads`` or ``round_up(8 * hidden / 3, 256)``. Expressions
are parsed with :func:`ast.parse` and vetted node by node; only the nodes and functions
below are accepted, so no user text is ever handed to ``eval``, ``sympify`` or
``parse_expr``; a vetted tree is compiled once into Python closures, one per node.
Numbers stay exact: concrete values are Python ints (or Fractions in the middle of a
computation), free hyperparameters are positive integer sympy Symbols. ``/`` is exact
division; a value bound to a name or used as a dimension must be an integer, and the
error names the values that made it fractional.

Two roads give the same values: concrete numbers are computed with Python's ints and
Fractions, and sympy is imported only when a value is free (:mod:`estimator.core.symbolic`).
:func:`sympy_road` sends concrete arithmetic through sympy instead, as it went before the
numeric road existed; the tests run every spec down both roads and compare.
"""
from __future__ import annotations

import ast
import math
import operator
import re
import warnings
from contextlib import contextmanager
from fractions import Fraction
from typing import AbstractSet, Any, Callable, cast, Iterator

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
_ALLOWED_TYPES = frozenset(_ALLOWED_NODES)  # the parser makes these exact types, never subclasses


def parse(text: str, where: Location) -> list[ast.AST]:
    """Parse and vet an expression: its nodes in ast.walk's order, the ast.Expression first
    (_plan_of keeps what it compiles to, by text)."""
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
    nodes = _walk(tree)
    if len(nodes) > MAX_EXPRESSION_NODES:
        raise EstimatorError(f"expression has more than {MAX_EXPRESSION_NODES} parts", where)
    for node in nodes:
        if type(node) not in _ALLOWED_TYPES:
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
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, (int, float)):
                raise EstimatorError(f"{type(node.value).__name__} {short_repr(node.value)} is not allowed in an"
                                     " expression; only numbers", where)
            if isinstance(node.value, float):
                node.value = cast(Any, decimal_value(ast.get_source_segment(text.strip(), node) or repr(node.value), where))
    return nodes


def _walk(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree``, breadth first, in ast.walk's order; twice as fast as ast.walk,
    which parse() used to spend more time in than in parsing itself."""
    nodes = [tree]
    for node in nodes:  # the list grows while it is read
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, ast.AST):
                nodes.append(value)
            elif isinstance(value, list):
                nodes.extend([item for item in value if isinstance(item, ast.AST)])
    return nodes


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
    return list(_plan_of(text, where).names)


# ---------------------------------------------------------------- scopes


_NO_INPUTS: frozenset[str] = frozenset()


class Scope:
    """Named values, evaluated lazily and once, with a parent to fall back to.

    A binding is ``(raw, where, home)``: the raw YAML value, where it was written, and
    the scope its names are looked up in (``None``: this scope itself). Laziness means
    an argument nobody reads (``dropout: {p: 0.1}``) is never evaluated, and a cycle
    is found as it is walked.
    """

    __slots__ = ("bindings", "parent", "label", "values", "active", "checks", "inputs")

    def __init__(self, bindings: dict | None = None, parent: "Scope | None" = None, label: str = ""):
        self.bindings: dict[str, tuple] = dict(bindings) if bindings else {}
        self.parent = parent
        self.label = label
        self.values: dict[str, Value] = {}
        self.active: list = parent.active if parent is not None else []
        # symbolic values that must turn out integral (and conditions that must hold) once
        # free hyperparameters get values: collected for sweeps and solve
        self.checks: list = parent.checks if parent is not None else []
        # names whose values a person typed outside the spec (`--set`, a config.json key):
        # an error they cause is reported there, not at the template line that used them
        # (set as a whole on the hyperparameters' scope; the many others share one empty set)
        self.inputs: AbstractSet[str] = _NO_INPUTS

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
            values = scope.values  # only bound names have values: a known one is found first
            if name in values:
                return values[name]
            if name in scope.bindings:
                return scope._evaluate(name)
            scope = scope.parent
        raise EstimatorError(f"unknown name `{name}`{did_you_mean(name, self.names(), list_up_to=12)}", where)

    def where_of(self, name: str) -> Location | None:
        scope = self.owner(name)
        return None if scope is None else scope.bindings[name][1]

    def _value(self, name: str) -> Value:
        values = self.values
        return values[name] if name in values else self._evaluate(name)

    def _evaluate(self, name: str) -> Value:
        """The value of a name bound here whose value is not known yet."""
        raw, where, home = self.bindings[name]
        kind = type(raw)
        if kind is int or kind is bool:  # as written: no name to look up, no fraction; only bounded
            value = self.values[name] = raw if kind is bool else check_integer(raw, where)
            return value
        key = (id(self), name)
        active = self.active
        if key in active:
            cycle = [entry[1] for entry in active[active.index(key):]] + [name]
            raise EstimatorError(f"`{name}` depends on itself: {' -> '.join(cycle)}", where)
        active.append(key)
        try:
            scope = home or self
            value = evaluate(raw, where, scope)
            settled = False
            if kind is str:
                plan = _plans.get(raw) or _plan_of(raw, where)  # parsed by evaluate
                settled = (plan.settles and (type(value) is int or type(value) is bool)
                           and (not plan.unread or _known(plan.unread, scope)))
            if not settled:
                try:
                    if not written_fractional(raw, scope):
                        value = require_integral(value, name, raw, where, scope)
                except EstimatorError as exc:
                    raise blame_input(exc, raw, scope) from None
        finally:
            active.pop()
        self.values[name] = value
        return value


def _known(names: tuple, scope: Scope) -> bool:
    """No name here is bound, or its value is known: looking it up evaluates nothing."""
    for name in names:
        owner = scope.owner(name)
        if owner is not None and name not in owner.values:
            return False
    return True


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
    try:
        names = (_plans.get(raw) or _plan_of(raw, Location("<expression>"))).reads
    except EstimatorError:
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


_DECIMAL_WRITTEN = object()  # in a _Plan's reads: a fractional decimal is written here


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
        plan = _plans.get(raw) or _plan_of(raw, where)
        try:
            if plan.name is not None:
                return scope.lookup(plan.name, where)
            return plan.run(_Evaluator(scope, where, raw, symbolic_conditions))
        except EstimatorError as exc:  # one located here is moved to the input behind it
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


class _Plan:
    """An expression text parsed, vetted and compiled once: what evaluating it takes, and
    the names it reads."""

    __slots__ = ("name", "run", "names", "reads", "settles", "unread")

    def __init__(self, text: str, where: Location):
        nodes = parse(text, where)
        body = cast(ast.Expression, nodes[0]).body
        # a bare name (`hidden`, four evaluations in five): looked up with no evaluation built
        self.name = body.id if type(body) is ast.Name and body.id not in CONSTANTS else None
        self.run = _compile(body)
        # One pass over the nodes, in ast.walk's order, for what the evaluation does not give:
        # - names (names_in): every name read, sorted;
        # - reads (written_fractional): the names up to the first fractional decimal (then
        #   _DECIMAL_WRITTEN), function names included, as a scope may bind them too;
        # - settles, unread: Scope._evaluate may skip written_fractional when the value is an int
        #   (or a bool) and looking up again each name written_fractional would look up can
        #   neither evaluate nor fail: an expression with no branch (`if`, `and`, `or`,
        #   `a < b < c`) has read all its names once it has a value, all but `unread`: names
        #   only called (`max` in `max(a, 1)`).
        names: set = set()
        self.reads: list = []
        decimal_written = branches = False
        read: set = set()
        called: dict = {}  # id of a call's ast.Name -> the function's name
        for node in nodes:  # breadth first: a call before the name it calls
            if isinstance(node, ast.Name):
                if node.id not in CONSTANTS:
                    names.add(node.id)
                    if not decimal_written:
                        self.reads.append(node.id)
                if id(node) not in called:
                    read.add(node.id)
            elif isinstance(node, ast.Constant):
                if not decimal_written and is_fractional(node.value):
                    self.reads.append(_DECIMAL_WRITTEN)
                    decimal_written = True
            elif isinstance(node, ast.Call):
                called[id(node.func)] = cast(ast.Name, node.func).id
            elif isinstance(node, (ast.IfExp, ast.BoolOp)) or isinstance(node, ast.Compare) and len(node.ops) > 1:
                branches = True
        self.names = sorted(names - set(FUNCTIONS))
        self.settles = not branches
        self.unread = tuple(sorted(set(called.values()) - read))


_plans: dict[str, _Plan] = {}
MAX_PLANS = 10_000  # a spec has a few hundred texts; generated ones (tests, fuzzing) come and go


def _plan_of(text: str, where: Location) -> _Plan:
    """``text`` compiled, kept by text."""
    plan = _plans.get(text)
    if plan is None:
        plan = _Plan(text, where)
        if len(_plans) >= MAX_PLANS:  # start again rather than keep the first texts ever seen
            _plans.clear()
        _plans[text] = plan
    return plan


def _bounded(value: Value, where: Location | None) -> Value:
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
    """One evaluation of a compiled expression: the scope its names are read in, where it is
    written (for errors and the integer bound), its text (for messages) and whether a
    condition on free symbols may stay a sympy relation."""

    __slots__ = ("scope", "where", "text", "symbolic_conditions")

    def __init__(self, scope: Scope, where: Location, text: str, symbolic_conditions: bool = False):
        self.scope = scope
        self.where = where
        self.text = text
        self.symbolic_conditions = symbolic_conditions

    def fail(self, message: str) -> EstimatorError:
        return EstimatorError(f"{message} (in `{_clip(self.text)}`)", self.where)


# An expression is compiled once per text into a tree of closures, one per node, each taking
# the evaluation and giving the node's value: a spec's few hundred texts are evaluated hundreds
# of thousands of times, and walking the ast with a visitor each time cost a dispatch per node.
# Each closure does what the node means and raises the errors a walk of the tree would, in the
# same order; ints take a short way where the longer one would give the same int.
Step = Callable[[_Evaluator], Value]
_LIMIT = 1 << MAX_INTEGER_BITS  # |n| < _LIMIT: n passes errors.check_integer


def _compile(node: ast.AST) -> Step:
    return _COMPILERS[type(node)](node)


def _fits(value: Value) -> bool:
    try:
        _bounded(value, None)
    except EstimatorError:
        return False
    return True


def _number(ev: _Evaluator, node: ast.AST, value: Value) -> Value:
    """``value``, the value of ``node``, if it is a number. Callers pass an int by without this
    call (``type(value) is int``, almost always): checking is a call per operand otherwise."""
    if is_number(value):
        return value
    raise ev.fail(f"`{ast.unparse(node)}` is {describe(value)}, not a number")


def _boolean(ev: _Evaluator, node: ast.AST, value: Value) -> Value:
    """``value``, the value of ``node``, if it is a condition (callers pass True and False by)."""
    if value is True or value is False:
        return value
    if ev.symbolic_conditions and is_symbolic(value) and isinstance(value, sympy.logic.boolalg.Boolean):
        return value
    raise ev.fail(f"`{ast.unparse(node)}` is {describe(value)}, not true or false")


def _compile_Constant(node: ast.Constant) -> Step:
    value = node.value
    if not isinstance(value, bool):
        value = normalise(value)  # parse() admits int constants and decimals (already exact Rationals)
        if not _fits(value):
            return lambda ev: _bounded(value, ev.where)
    return lambda ev: value


def _compile_Name(node: ast.Name) -> Step:
    name = node.id
    if name in CONSTANTS:
        value = CONSTANTS[name]
        return lambda ev: value
    return lambda ev: ev.scope.lookup(name, ev.where)


def _compile_Tuple(node: ast.Tuple | ast.List) -> Step:
    steps = [_compile(item) for item in node.elts]
    return lambda ev: tuple([step(ev) for step in steps])


def _compile_Subscript(node: ast.Subscript) -> Step:
    sequence_step, index_step = _compile(node.value), _compile(node.slice)

    def subscript(ev: _Evaluator) -> Value:
        sequence = sequence_step(ev)
        index = index_step(ev)
        if not isinstance(sequence, tuple):
            raise ev.fail(f"`{ast.unparse(node.value)}` is not a list")
        if not isinstance(index, int) or isinstance(index, bool) or not -len(sequence) <= index < len(sequence):
            raise ev.fail(f"index {describe(index)} is out of range for a list of {len(sequence)}")
        return sequence[index]

    return subscript


def _compile_UnaryOp(node: ast.UnaryOp) -> Step:
    operand_node = node.operand
    step = _compile(operand_node)
    if isinstance(node.op, ast.Not):
        def negation(ev: _Evaluator) -> Value:
            operand = step(ev)
            if operand is True or operand is False:
                return not operand
            return sympy.Not(_boolean(ev, operand_node, operand))

        return negation
    if not isinstance(node.op, ast.USub):
        def plus(ev: _Evaluator) -> Value:  # `+a`: a, once it is known to be a number
            value = step(ev)
            return value if type(value) is int else _number(ev, operand_node, value)

        return plus

    def minus(ev: _Evaluator) -> Value:
        value = step(ev)
        return -value if type(value) is int else normalise(-_number(ev, operand_node, value))

    return minus


def _compile_BoolOp(node: ast.BoolOp) -> Step:
    want = isinstance(node.op, ast.Or)
    steps = [(item, _compile(item)) for item in node.values]

    def boolean_operation(ev: _Evaluator) -> Value:
        pending: list = []  # relations on free symbols (symbolic_conditions only)
        for item, step in steps:
            value = step(ev)
            if value is want:
                return want
            if value is not True and value is not False:
                pending.append(_boolean(ev, item, value))
        if pending:
            return (sympy.Or if want else sympy.And)(*pending)
        return not want

    return boolean_operation


def _compile_IfExp(node: ast.IfExp) -> Step:
    test_node = node.test
    test, body, orelse = _compile(test_node), _compile(node.body), _compile(node.orelse)

    def choice(ev: _Evaluator) -> Value:
        condition = test(ev)
        if condition is not True and condition is not False:
            condition = _boolean(ev, test_node, condition)
        return body(ev) if condition else orelse(ev)

    return choice


def _compile_Compare(node: ast.Compare) -> Step:
    left_step = _compile(node.left)
    links = [(type(op), _COMPARE.get(type(op)), _compile(right)) for op, right in zip(node.ops, node.comparators)]

    def comparison(ev: _Evaluator) -> Value:
        left = left_step(ev)
        relations = []  # comparisons on free symbols (symbolic_conditions only)
        for op, relate, right_step in links:
            right = right_step(ev)
            if relate is not None and type(left) is int and type(right) is int:  # as _compare decides two ints
                result = relate(left, right)
            else:
                result = _compare(ev, node, op, left, right)
            if result is False:
                return False
            if result is not True:
                relations.append(result)
            left = right
        return sympy.And(*relations) if relations else True

    return comparison


def _compare(ev: _Evaluator, node: ast.Compare, op: type, left: Value, right: Value) -> Any:
    """True, False, or (symbolic_conditions) a sympy relation."""
    if op is ast.In or op is ast.NotIn:
        if not isinstance(right, tuple):
            raise ev.fail(f"`in` needs a list on its right, got {describe(right)}")
        if not is_concrete(left) or not is_concrete(right):
            raise Undecidable(f"cannot decide `{ast.unparse(node)}` while a value is free; give a value",
                              ev.where, sorted(str(s) for v in (left, *right)
                                               for s in getattr(v, "free_symbols", ())))
        found = any(left == item and isinstance(left, bool) == isinstance(item, bool) for item in right)
        return found if op is ast.In else not found
    if (op is ast.Eq or op is ast.NotEq) and (isinstance(left, bool) or isinstance(right, bool)):
        return (left == right) if op is ast.Eq else (left != right)
    if not (is_number(left) and is_number(right)):
        raise ev.fail(f"cannot compare {describe(left)} with {describe(right)}")
    a, b = left, right
    if not (is_concrete(a) and is_concrete(b)):
        # `kdim == embed_dim` with kdim defaulting to embed_dim is decidable symbolically
        difference = as_sympy(a) - as_sympy(b)
        if difference.is_Number:
            a, b = difference, 0
    if is_concrete(a) and is_concrete(b):
        return bool(_COMPARE[op](a, b))
    # free symbols are positive integers: `layers > 0` holds whatever their values
    relation = getattr(sympy, _RELATIONS[op])(as_sympy(a), as_sympy(b))
    if isinstance(relation, sympy.logic.boolalg.BooleanAtom):
        return bool(relation)
    if ev.symbolic_conditions:
        return relation
    names = sorted(str(s) for s in relation.free_symbols)
    raise Undecidable(
        f"cannot decide `{ast.unparse(node)}` while {', '.join(names)} {'is' if len(names) == 1 else 'are'}"
        " free; give a value",
        ev.where,
        names,
    )


def _compile_BinOp(node: ast.BinOp) -> Step:
    left_node, right_node = node.left, node.right
    left_step, right_step = _compile(left_node), _compile(right_node)
    op = type(node.op)

    def operands(ev: _Evaluator) -> tuple[Value, Value]:
        """Both sides, each checked to be a number (an int needs no check: no call for it)."""
        left = left_step(ev)
        if type(left) is not int:
            left = _number(ev, left_node, left)
        right = right_step(ev)
        if type(right) is not int:
            right = _number(ev, right_node, right)
        return left, right

    if op is ast.Pow:
        def power(ev: _Evaluator) -> Value:
            return _power(ev, *operands(ev))

        return power
    divides = op in (ast.Div, ast.FloorDiv, ast.Mod)
    int_op, sympy_op = _INT_OPS.get(op), _SYMPY_OPS[op]

    def exact(ev: _Evaluator, left: Value, right: Value) -> Value:
        """Any two numbers, on either road."""
        if divides and is_concrete(right) and right == 0:
            raise ev.fail(f"division by zero: `{ast.unparse(node.right)}` is 0")
        if _plain(left) and _plain(right):
            if int_op is None:  # `/`
                result = normalise(Fraction(left) / right)
            else:
                result = normalise(int_op(left, right))
        else:
            result = normalise(sympy_op(as_sympy(left), as_sympy(right)))
        return _bounded(result, ev.where)

    if int_op is None:
        def divide(ev: _Evaluator) -> Value:
            left, right = operands(ev)
            # two ints, one a multiple of the other (`hidden / heads`): the Fraction would be that int
            if type(left) is int and type(right) is int and right and not left % right and _Road.numeric:
                result = left // right
                if -_LIMIT < result < _LIMIT:
                    return result
            return exact(ev, left, right)

        return divide

    def arithmetic(ev: _Evaluator) -> Value:
        left, right = operands(ev)
        if type(left) is int and type(right) is int and (right or not divides) and _Road.numeric:
            result = int_op(left, right)
            if -_LIMIT < result < _LIMIT:
                return result
        return exact(ev, left, right)

    return arithmetic


def _power(ev: _Evaluator, base: Value, exponent: Value) -> Value:
    if not isinstance(exponent, int) or not 0 <= exponent <= MAX_EXPONENT:
        raise ev.fail(f"exponent must be an integer from 0 to {MAX_EXPONENT}, got {describe(exponent)}")
    base = normalise(base)
    bits = (abs(base).bit_length() if isinstance(base, int)
            else max(base.numerator.bit_length(), base.denominator.bit_length()) if isinstance(base, Fraction) else 0)
    if (bits - 1) * exponent >= MAX_INTEGER_BITS:  # decided before the power is computed
        raise ev.fail(f"{describe(base)} ** {exponent} is too large (more than {MAX_INTEGER_BITS} bits)")
    if _plain(base):
        return _bounded(normalise(base**exponent), ev.where)
    return _bounded(normalise(as_sympy(base) ** exponent), ev.where)


def _compile_Call(node: ast.Call) -> Step:
    name = cast(ast.Name, node.func).id  # vetted by parse()
    arity, function = FUNCTIONS[name]
    if not arity[0] <= len(node.args) <= arity[1]:
        message = f"`{name}` takes {_arity_text(arity)}, got {len(node.args)}"

        def wrong_arity(ev: _Evaluator) -> Value:
            raise ev.fail(message)

        return wrong_arity
    steps = [_compile(arg) for arg in node.args]
    # bounded like every operator's result: cdiv(2**255, 1/2**255) is a 511-bit integer
    return lambda ev: _bounded(function(ev, name, *[step(ev) for step in steps]), ev.where)


_COMPILERS: dict[type, Callable[[Any], Step]] = {
    ast.Constant: _compile_Constant, ast.Name: _compile_Name, ast.Tuple: _compile_Tuple, ast.List: _compile_Tuple,
    ast.Subscript: _compile_Subscript, ast.UnaryOp: _compile_UnaryOp, ast.BoolOp: _compile_BoolOp,
    ast.IfExp: _compile_IfExp, ast.Compare: _compile_Compare, ast.BinOp: _compile_BinOp, ast.Call: _compile_Call,
}


def _arity_text(arity: tuple) -> str:
    low, high = arity
    if low == high:
        return f"{low} argument{'s' if low != 1 else ''}"
    return f"at least {low} arguments" if high > 99 else f"{low} to {high} arguments"


_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_RELATIONS: dict[type, str] = {ast.Eq: "Eq", ast.NotEq: "Ne", ast.Lt: "Lt", ast.LtE: "Le", ast.Gt: "Gt", ast.GtE: "Ge"}  # sympy's names
_INT_OPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
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
