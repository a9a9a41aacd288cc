"""Closed-form counts: the model's totals as sympy formulas of its free hyperparameters.

``symbolic_model`` expands a spec once with some hyperparameters left as symbols. The
result carries every count as a formula, the values that must come out integral
(``hidden / heads``) and the constraints that must hold (``hidden % heads == 0``), so a
sweep or a solve can evaluate thousands of points from one compiled function instead of
expanding the spec again for each point.

Compiled formulas stay exact: each is rewritten as integer polynomials, integer floor /
ceiling divisions and one exact final division, then turned into a Python function by
sympy's ``lambdify`` (each distinct formula rewritten and printed once; the functions are
kept). The only names printed into that generated code are hyperparameter names, which
the schema restricts to identifiers (keywords are renamed).
"""
from __future__ import annotations

import functools
import importlib
import keyword
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, TYPE_CHECKING

from estimator.core.errors import COMMAND_LINE, did_you_mean, EstimatorError, Location
from estimator.core.expressions import as_sympy, describe, is_concrete, Scope, symbol, Undecidable
from estimator.core.symbolic import sympy
from estimator.engine.expand import expand, hyperparameter_scope, Inventory, Repeat
from estimator.engine.metrics import ALIASES, all_values, Assumptions, CONTEXT_NAMES, ENCODER_CONTEXT_NAMES, Values
from estimator.engine.totals import compute_totals, Totals
from estimator.spec.model import Spec



def _non_polynomial() -> tuple:
    return (sympy.floor, sympy.ceiling, sympy.Min, sympy.Max, sympy.Mod)


@dataclass
class SymbolicModel:
    """A spec expanded with ``free`` hyperparameters as symbols."""

    spec: Spec
    free: list[str]
    inventory: Inventory
    totals: Totals
    definitions: dict  # opaque symbol -> its formula
    checks: list  # ("integer" | "constraint", expr, label, where)
    values: dict  # hyperparameters that are not free
    all_values: Values  # counts and metrics (bytes, FLOPs) as formulas; the metrics computed when first read
    point: dict = field(default_factory=dict)  # every free (and opaque) symbol's value at the spec's point
    _scale: "Scale | None" = None

    @property
    def symbols(self) -> list[sympy.Symbol]:
        return [symbol(name) for name in self.free]

    def formula(self, key: str = "params") -> "Formula":

        key = ALIASES.get(key, key)
        if key not in self.all_values:
            raise EstimatorError(f"no count `{key}`{did_you_mean(key, self.all_values)}"
                                 f" (one of: {', '.join(self.all_values)})", Location(COMMAND_LINE))
        return Formula(_as_expr(self.all_values[key]), self.symbols, self.definitions, key, self.repeat_symbols(),
                       self.scale())

    def module_formulas(self, key: str = "params") -> dict:
        return {
            entry.path: Formula(_as_expr(entry.params), self.symbols, self.definitions, entry.path,
                                self.repeat_symbols(), self.scale())
            for entry in self.totals.modules.values()
            if entry.depth == 1 and entry.params != 0
        }

    def scale(self) -> "Scale":
        """Which free symbols are the model's sizes and depths (what `leading` counts)."""
        if self._scale is None:
            self._scale = scale_symbols(self.inventory, set(self.symbols) | set(self.definitions), self.point)
        return self._scale

    def repeat_symbols(self) -> list[sympy.Symbol]:
        found: set = set()
        for tensor in self.inventory.tensors:
            for segment in tensor.path:
                if isinstance(segment, Repeat) and not is_concrete(segment.count):
                    found |= as_sympy(segment.count).free_symbols
        return sorted(found & set(self.symbols), key=str)


def _as_expr(value: Any) -> sympy.Expr:
    return sympy.Integer(value) if isinstance(value, int) else value


def default_free(spec: Spec) -> list[str]:
    """Every hyperparameter written as a positive integer stays free by default."""
    return [name for name, raw in spec.hyperparameters.items()
            if isinstance(raw, int) and not isinstance(raw, bool) and raw > 0]


def structural_free(spec: Spec, free: list[str], overrides: dict | None = None,
                    assumptions=None) -> tuple[SymbolicModel, list[str]]:
    """A symbolic model with as many of ``free`` as possible: hyperparameters that decide the
    model's structure (a block that exists only when ``inplanes != planes * 4``) are given
    their values instead. Returns the model and the names that were fixed."""

    fixed: list[str] = []
    free = list(free)
    while True:
        try:
            return symbolic_model(spec, free, overrides, assumptions), fixed
        except Undecidable as exc:
            culprits = [name for name in exc.names if name in free] or free[:1]
            if not culprits:
                raise
            fixed += culprits
            free = [name for name in free if name not in culprits]


def parse_free(text: str | None, spec: Spec) -> list[str]:
    if text is None:
        return default_free(spec)
    names = [name.strip() for name in text.split(",") if name.strip()]
    for name in names:
        if name not in spec.hyperparameters:
            raise EstimatorError(
                f"--free {name}: the spec has no hyperparameter `{name}`{did_you_mean(name, spec.hyperparameters)}",
                Location(COMMAND_LINE),
            )
    return names


def symbolic_model(spec: Spec, free: list[str], overrides: dict | None = None, assumptions=None) -> SymbolicModel:
    for name in free:
        if keyword.iskeyword(name) or not name.isidentifier():
            raise EstimatorError(f"`{name}` cannot be a free symbol (not a plain name)", Location(COMMAND_LINE))
    scope = hyperparameter_scope(spec, overrides, set(free))
    definitions = _opaque_derived_values(spec, scope, set(free))
    inventory = expand(spec, scope)
    totals = compute_totals(inventory)
    values = {}
    derived = {}  # values that depend on the free symbols (a ViT's context: its patch count + 1)
    for name in spec.hyperparameters:
        if name not in free and symbol(name) not in definitions:
            value = scope.lookup(name, scope.where_of(name))
            if is_concrete(value):
                values[name] = value
            elif isinstance(value, sympy.Expr):
                derived[name] = value

    # the metrics read a context (and an encoder context) from these, as estimate does
    known = {**values, **derived, **{name: symbol(name) for name in free}}
    everything = all_values(inventory, totals.counts, assumptions or Assumptions(), known)
    checks = list(scope.checks)
    everything.compute = _checking(everything.compute, scope.checks, checks)
    point = _point(spec, overrides, free, definitions)
    return SymbolicModel(spec, list(free), inventory, totals, definitions, checks, values, everything, point)


def _checking(compute: Callable[[], dict], made: list, checks: list) -> Callable[[], dict]:
    """``compute`` (the model's metrics, computed when first read), adding to ``checks`` the
    checks it makes in ``made`` (the expansion's list: a declared activation's elements must be
    an integer). A metric's checks are the model's once the metric is: a sweep of it applies
    them, as its full estimate would fail there; a sweep of counts alone does not."""
    def run() -> dict:
        start = len(made)
        metrics = compute()
        checks.extend(made[start:])
        return metrics
    return run


def _point(spec: Spec, overrides: dict | None, free: list[str], definitions: dict) -> dict:
    """The values of the free symbols (and of the opaque derived ones) at the spec's own point."""

    try:
        scope = hyperparameter_scope(spec, overrides, set())
        point = {symbol(name): scope.lookup(name, scope.where_of(name)) for name in free}
    except (EstimatorError, Undecidable):
        return {}
    point = {s: v for s, v in point.items() if is_concrete(v) and not isinstance(v, bool)}
    for opaque, definition in definitions.items():
        value = as_sympy(definition).xreplace({s: sympy.Integer(v) for s, v in point.items()
                                               if isinstance(v, int)})
        if value.is_Number:
            point[opaque] = value
    return point


# ---------------------------------------------------------------- sizes and depths (for `leading`)


@dataclass(frozen=True)
class Scale:
    """The free symbols a model grows with: its sizes (widths, vocabulary, context) and depths
    (layer counts). Every other free symbol (a ratio such as mlp_ratio, a kernel or patch size,
    an expert or head count) is a constant for the leading order."""

    sizes: tuple = ()
    depths: tuple = ()

    @property
    def symbols(self) -> set:
        return set(self.sizes) | set(self.depths)

    def describe(self) -> str:
        parts = []
        for label, names in (("size", self.sizes), ("depth", self.depths)):
            if names:
                parts.append(f"{label}{'s' if len(names) > 1 else ''} " + ", ".join(map(str, names)))
        return " and ".join(parts) if parts else "no size or depth"


def scale_symbols(inventory: Inventory, free: set, point: dict) -> Scale:
    """Sizes and depths among ``free``, read from where the symbols appear in the inventory:

    - a depth is in the count of a repeat that every token passes through (layers; not the
      experts of a mixture, of which a token uses only some);
    - a size sets a dimension of a weight matrix or an embedding table: of a 2-D parameter
      both dims, of a convolution kernel (3-D or more) its output and input channels (not the
      kernel's extent), of fused experts the dims one token uses (not the expert count). A
      dimension that is a product (``mlp_ratio * hidden``) is set by its largest symbol at the
      spec's values (hidden); one with a division (``hidden / heads``) decides nothing;
    - a context length (``max_position_embeddings``, ``encoder_context``, ...) is a size.
    Expert counts are never sizes, even where a router matrix has them as a dimension."""

    depths: set = set()
    counts: set = set()
    sizes: set = {s for s in free if str(s) in CONTEXT_NAMES + ENCODER_CONTEXT_NAMES}

    def symbols_of(value: Any) -> set:
        return set() if is_concrete(value) else as_sympy(value).free_symbols & free

    for tensor in inventory.tensors:
        for segment in tensor.path:
            if isinstance(segment, Repeat):
                found = symbols_of(segment.count)
                if sympy.expand(as_sympy(segment.count) - as_sympy(segment.active)) == 0:
                    depths |= found
                else:
                    counts |= found | symbols_of(segment.active)
        if tensor.kind != "parameter" or len(tensor.shape) < 2:
            continue
        if tensor.active_shape is not None:
            dims = []
            for whole, active in zip(tensor.shape, tensor.active_shape):
                if sympy.expand(as_sympy(whole) - as_sympy(active)) == 0:
                    dims.append(whole)
                else:
                    counts |= symbols_of(whole) | symbols_of(active)
        else:
            dims = list(tensor.shape[:2])
        for dim in dims:
            size = _size_of(dim, free, point)
            if size is not None:
                sizes.add(size)
    order = [s for s in sorted(free, key=str)]
    return Scale(tuple(s for s in order if s in sizes - counts), tuple(s for s in order if s in depths - counts))


def _size_of(dim: Any, free: set, point: dict) -> Any:
    """The symbol that sets a dimension: its only, or its largest, free symbol; None when the
    dimension has none, divides by one, or is not a polynomial."""
    if is_concrete(dim):
        return None
    expr = as_sympy(dim)
    found = expr.free_symbols & free
    if not found or expr.has(*_non_polynomial()) or not expr.is_polynomial(*found):
        return None
    if len(found) == 1:
        return next(iter(found))
    valued = [(point[s], str(s), s) for s in found if s in point]
    if len(valued) != len(found):
        return None
    return max(valued)[2]


def _opaque_derived_values(spec: Spec, scope: Scope, free: set) -> dict:
    """Derived hyperparameters that are not polynomials (``round_up(8 * d / 3, 256)``) stay
    symbols in the formula, with their definition listed apart, so it stays readable."""
    definitions: dict = {}
    if not free:
        return definitions
    for name, raw in spec.hyperparameters.items():
        if name in free or not isinstance(raw, str):
            continue
        value = scope.lookup(name, scope.where_of(name))
        if isinstance(value, sympy.Basic) and not value.is_Number and value.has(*_non_polynomial()):
            definitions[symbol(name)] = value
            scope.values[name] = symbol(name)
    return definitions


# ---------------------------------------------------------------- the formula object


class Formula:
    """An exact count as a formula of free hyperparameters.

    >>> f = model.formula("params");  f.text();  f(hidden_size=4096, num_layers=32)
    """

    def __init__(self, expr: sympy.Expr, symbols: list, definitions: dict, name: str, main: list | None = None,
                 scale: Scale | None = None):
        self.expr = expr
        self.scale = scale
        self.symbols = [s for s in symbols if s in expr.free_symbols or any(
            s in d.free_symbols for o, d in definitions.items() if o in expr.free_symbols)]
        self.definitions = {o: d for o, d in definitions.items() if o in expr.free_symbols}
        self.name = name
        self.main = main or []
        self._compiled: Callable | None = None

    def inlined(self) -> sympy.Expr:
        """The formula with opaque definitions substituted back."""
        expr = self.expr
        for _ in range(len(self.definitions) + 1):
            if not (expr.free_symbols & set(self.definitions)):
                break
            expr = expr.xreplace(self.definitions)
        return expr

    def readable(self) -> sympy.Expr:
        """Collected by the repeat symbols (depth), then by the widest symbol."""
        expr = sympy.expand(self.expr)
        others = [s for s in self.symbols if s not in self.main] + list(self.definitions)
        width = sorted(others, key=lambda s: (-_degree(expr, s), str(s)))[:1]
        return sympy.collect(expr, self.main + width) if (self.main or width) else expr

    def text(self) -> str:
        lines = [str(self.readable())]
        lines += [f"  where {o} = {d}" for o, d in self.definitions.items()]
        return "\n".join(lines)

    def latex(self) -> str:
        text = sympy.latex(self.readable())
        where = ", ".join(f"{sympy.latex(o)} = {sympy.latex(d)}" for o, d in self.definitions.items())
        return text + (f" \\quad \\text{{where }} {where}" if where else "")

    def leading(self) -> "Formula":
        """The terms of highest total degree in the model's sizes and depths (Kaplan's
        12*L*d**2 for GPT-2); other free symbols (mlp_ratio, patch_size, an expert count)
        stay in the terms as constants. Without a :class:`Scale` every symbol counts."""
        if self.scale is not None:
            sizes, depths = set(self.scale.sizes), set(self.scale.depths)
        else:
            sizes, depths = set(self.symbols) | set(self.definitions), set()
        expr = sympy.expand(self.expr)
        terms = sympy.Add.make_args(expr)
        degrees = [_order(t, sizes, depths) for t in terms]
        top = max(degrees, default=0)
        lead = sympy.Add(*[t for t, degree in zip(terms, degrees) if degree == top])
        return Formula(lead, self.symbols, self.definitions, self.name + " (leading order)", self.main, self.scale)

    def share(self, of: "Formula", point: dict) -> Fraction | None:
        """This formula's value over ``of``'s at ``point`` (symbol -> value), exactly; None if unknown."""
        values = {str(s): point[s] for s in of.symbols if s in point}
        if len(values) != len(of.symbols) or any(not isinstance(v, int) for v in values.values()):
            return None
        try:
            part, whole = self(**{k: v for k, v in values.items() if k in {str(s) for s in self.symbols}}), of(**values)
        except (EstimatorError, ZeroDivisionError, TypeError):
            return None
        if not integral(part) or not integral(whole) or whole == 0:
            return None
        return Fraction(int(part), int(whole))

    def python(self, function_name: str | None = None) -> str:
        """Source of a Python function that returns the exact integer."""
        name = function_name or _identifier(self.name)
        args = ", ".join(_identifier(str(s)) for s in self.symbols)
        body = [f"def {name}({args}):", f'    """Exact {self.name} (generated by estimator; integers only)."""']
        for opaque, definition in self.definitions.items():
            body.append(f"    {_identifier(str(opaque))} = {_exact_printer()().doprint(exact_form(definition))}")
        body.append(f"    return {_exact_printer()().doprint(exact_form(self.expr))}")
        helper = [
            "def _exact(numerator, denominator):",
            "    quotient, remainder = divmod(numerator, denominator)",
            "    if remainder:",
            "        raise ValueError(f'not an integer: {numerator}/{denominator}')",
            "    return quotient",
            "",
            "",
        ]
        return "\n".join(helper + body) + "\n"

    def __call__(self, **values: int) -> int:
        missing = [str(s) for s in self.symbols if str(s) not in values]
        if missing:
            raise EstimatorError(f"{self.name}: give a value for {', '.join(missing)}")
        if self._compiled is None:
            self._compiled = compile_exact([self.inlined()], self.symbols)
        (value,) = self._compiled(*[values[str(s)] for s in self.symbols])
        return value

    def __str__(self) -> str:
        return self.text()


def _degree(expr: sympy.Expr, sym: sympy.Symbol) -> int:
    try:
        return int(sympy.degree(expr, sym))
    except (sympy.PolynomialError, TypeError, ValueError):
        return 1


def _order(term: sympy.Expr, sizes: set, depths: set) -> int:
    """A term's order of growth: its degree in the sizes, plus 1 if it grows with a depth
    (nested repeats, groups x layers per group, still make one stack of layers)."""
    deep = any(base in depths and exponent.is_Number and exponent > 0
               for base, exponent in term.as_powers_dict().items())
    return _size_degree(term, sizes) + (1 if deep else 0)


def _size_degree(expr: sympy.Expr, sizes: set) -> int:
    """Total degree in ``sizes``; a floor / ceiling / min / max counts as its arguments do
    (``width * floor(width * groups / 64)`` is quadratic in width)."""
    if expr in sizes:
        return 1
    if expr.is_Number or expr.is_Symbol or not expr.args:
        return 0
    if isinstance(expr, sympy.Add) or isinstance(expr, _non_polynomial()):
        return max(_size_degree(arg, sizes) for arg in expr.args)
    if isinstance(expr, sympy.Pow):
        return int(expr.exp) * _size_degree(expr.base, sizes) if expr.exp.is_Integer else 0
    if isinstance(expr, sympy.Mul):
        return sum(_size_degree(arg, sizes) for arg in expr.args)
    return 0


def _identifier(name: str) -> str:
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in name) or "value"
    if name[0].isdigit():
        name = "_" + name
    return name + "_" if keyword.iskeyword(name) else name


# ---------------------------------------------------------------- exact compilation


@functools.cache
def _exact_function(name: str) -> Any:
    """An opaque sympy function the printer below writes as integer arithmetic:
    ``_FloorDiv``/``_CeilDiv`` (floor or ceil of p / q for integer polynomials p, q),
    ``_Exact`` (p / q that must divide exactly, otherwise a Fraction: not integral), and
    ``_MinOf``/``_MaxOf``/``_ModOf``. Made on first use, since sympy is imported only then."""
    return type(name, (sympy.Function,), {})  # a subclass: printers find `_print_<name>` by class


@functools.lru_cache(maxsize=1024)  # a sweep's counts repeat (params = trainable = active), and sweeps repeat
def exact_form(expr: sympy.Expr) -> sympy.Expr:
    """Rewrite ``expr`` so that evaluating it on ints uses only integer arithmetic."""
    numerator, denominator = _fraction(_rebuild_functions(as_sympy(expr)))
    return numerator if denominator == 1 else _exact_function("_Exact")(numerator, denominator)


_OPAQUE = ("_FloorDiv", "_CeilDiv", "_Exact", "_MinOf", "_MaxOf", "_ModOf")


def _fraction(expr: sympy.Expr) -> tuple[sympy.Expr, Any]:
    """``expr`` as numerator and denominator (integer polynomials of the symbols and the opaque
    functions). One written without a division is its own numerator: ``together`` would only
    factor it (the same integers either way), and it was the slow part of compiling."""
    if _undivided(expr):
        return expr, 1
    return sympy.fraction(sympy.together(expr))


def _undivided(expr: sympy.Expr) -> bool:
    """Whether ``expr`` is a sum of products of integers, symbols, the opaque functions (their
    arguments are exact already) and their non-negative integer powers."""
    if expr.is_Symbol or expr.is_Integer:
        return True
    if expr.is_Add or expr.is_Mul:
        return all(_undivided(arg) for arg in expr.args)
    if expr.is_Pow:
        return bool(expr.exp.is_Integer and expr.exp.is_nonnegative) and _undivided(expr.base)
    return any(isinstance(expr, _exact_function(name)) for name in _OPAQUE)


def exact_condition(condition: Any) -> Any:
    """The same rewrite for a constraint: relations, and/or/not of them."""
    if isinstance(condition, sympy.core.relational.Relational):
        return condition.func(exact_form(condition.lhs), exact_form(condition.rhs), evaluate=False)
    if isinstance(condition, (sympy.And, sympy.Or, sympy.Not)):
        return condition.func(*[exact_condition(arg) for arg in condition.args], evaluate=False)
    return condition


def _rebuild_functions(expr: sympy.Expr) -> sympy.Expr:
    if expr.is_Atom:
        return expr
    if isinstance(expr, (sympy.floor, sympy.ceiling)):
        numerator, denominator = _fraction(_rebuild_functions(expr.args[0]))
        if denominator == 1:
            return numerator
        return _exact_function("_FloorDiv" if isinstance(expr, sympy.floor) else "_CeilDiv")(numerator, denominator)
    if isinstance(expr, (sympy.Min, sympy.Max, sympy.Mod)):
        function = _exact_function({sympy.Min: "_MinOf", sympy.Max: "_MaxOf", sympy.Mod: "_ModOf"}[type(expr)])
        return function(*[exact_form(arg) for arg in expr.args])
    return expr.func(*[_rebuild_functions(arg) for arg in expr.args])


if TYPE_CHECKING:
    from sympy.printing.pycode import PythonCodePrinter as _PrinterBase
else:
    _PrinterBase = object  # the real base is added by _exact_printer, once sympy is imported


class _ExactPrinting(_PrinterBase):
    """How the opaque functions above (and rationals) print as Python: mixed into sympy's
    PythonCodePrinter by :func:`_exact_printer`."""

    def _print_Rational(self, expr):  # only reached inside _Exact-free leftovers
        return f"_exact({expr.p}, {expr.q})"

    def _print_Half(self, expr):
        return "_exact(1, 2)"

    def _print_Pow(self, expr, rational=False):
        if expr.exp.is_Integer and expr.exp < 0:
            return f"_exact(1, {self.parenthesize(expr.base, 100)}**{-expr.exp})"
        return super()._print_Pow(expr, rational)

    def _print__FloorDiv(self, expr):
        return f"(({self._print(expr.args[0])}) // ({self._print(expr.args[1])}))"

    def _print__CeilDiv(self, expr):
        return f"(-((-({self._print(expr.args[0])})) // ({self._print(expr.args[1])})))"

    def _print__Exact(self, expr):
        return f"_exact({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print__MinOf(self, expr):
        return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print__MaxOf(self, expr):
        return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print__ModOf(self, expr):
        return f"(({self._print(expr.args[0])}) % ({self._print(expr.args[1])}))"

    def _print_Symbol(self, expr):
        return _identifier(expr.name)


@functools.cache
def _exact_printer() -> Any:
    """The printer class, made when a formula is first compiled (sympy is imported then)."""
    return type("_ExactPrinter", (_ExactPrinting, importlib.import_module("sympy.printing.pycode").PythonCodePrinter), {})


def _exact_or_fraction(numerator: int, denominator: int) -> Any:
    if denominator == 0:
        return Fraction(0, 1) if numerator == 0 else None
    quotient, remainder = divmod(numerator, denominator)
    return quotient if remainder == 0 else Fraction(numerator, denominator)


def compile_exact(exprs: list, symbols: list) -> Callable:
    """One Python function computing every expression exactly from integer arguments.

    A value that is not an integer comes back as a Fraction (the caller reports it).
    """
    key = (tuple(exprs), tuple(symbols))
    try:
        hash(key)
    except TypeError:  # something unhashable among the expressions: compiled, not kept
        return _compile(*key)
    return _compiled(*key)


@functools.lru_cache(maxsize=64)
def _compiled(exprs: tuple, symbols: tuple) -> Callable:
    """The same formulas are compiled again in one process (solve's and sweep's plans through
    the API, a plan per combination of flags): the function is kept, as sympy keeps results."""
    return _compile(exprs, symbols)


def _compile(exprs: tuple, symbols: tuple) -> Callable:
    rewritten = [exact_form(e) if isinstance(e, sympy.Expr) else exact_condition(e) for e in exprs]
    # arguments by position: a hyperparameter named `_exact`, `math`, `max` or `range` would
    # otherwise hide the helper of that name in the generated code
    arguments = [sympy.Symbol(f"_{index}") for index in range(len(symbols))]
    renamed = [e.xreplace(dict(zip(symbols, arguments))) if isinstance(e, sympy.Basic) else e for e in rewritten]
    namespace = {"_exact": _exact_or_fraction, "math": math}
    return sympy.lambdify(arguments, renamed, modules=[namespace], printer=_printing_once(), docstring_limit=0)


def _printing_once() -> Callable[[Any], str]:
    """The exact printer's ``doprint`` for lambdify, printing each distinct expression once:
    a sweep's outputs repeat (params, trainable_params, active_params are often one formula),
    and printing is most of lambdify's time."""
    printer = _exact_printer()()
    printed: dict = {}

    def doprint(expr: Any) -> str:
        key = (type(expr), expr)  # 0 and sympy's 0 print alike, but keep them apart anyway
        text = printed.get(key)
        if text is None:
            text = printed[key] = printer.doprint(expr)
        return text
    return doprint


def integral(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, Fraction) and value.denominator == 1)


def describe_value(value: Any) -> str:
    return describe(value) if not isinstance(value, Fraction) else f"{value.numerator}/{value.denominator}"
