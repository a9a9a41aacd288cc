"""Exact formulas as JavaScript, for the review page: BigInt rationals, never floating point.

A count is a sympy expression of the free hyperparameters (positive integers). The page
recomputes it in the browser, so the expression is printed as JavaScript over a tiny
rational type ``{n, d}`` of BigInts kept in lowest terms (``d > 0``): a fractional
intermediate (``hidden * kv_heads / heads``) stays exact, and whether a value is an
integer is decided as the engine decides it. ``null`` stands for an undefined value (a
division by zero in a branch not taken); it propagates through every operation.

Supported: Add, Mul, Pow with an integer exponent (a symbolic exponent must come out an
integer at run time), Integer and Rational, floor, ceiling, Mod, Min, Max, Piecewise,
relations, And, Or, Not, true and false. Anything else is refused when the page is made
(:class:`EstimatorError`), never approximated.
"""
from __future__ import annotations

import json
from typing import Any, Callable


from estimator.core.errors import COMMAND_LINE, EstimatorError, Location
from estimator.core.symbolic import sympy

MAX_EXPONENT = 4096  # a symbolic exponent above this is refused at run time (the value would be huge)

# The run-time half of the printer: every operation the printed code calls, on {n, d}.
RUNTIME = r"""
const Q = (() => {
  const gcd = (a, b) => { a = a < 0n ? -a : a; b = b < 0n ? -b : b; while (b) { [a, b] = [b, a % b]; } return a; };
  const make = (n, d) => {
    if (d === 0n) return null;
    if (d < 0n) { n = -n; d = -d; }
    const g = gcd(n, d);
    return g > 1n ? {n: n / g, d: d / g} : {n, d};
  };
  const some = (xs) => xs.some((x) => x === null);
  const floorDiv = (n, d) => { const q = n / d; return (n % d !== 0n && (n < 0n) !== (d < 0n)) ? q - 1n : q; };
  const cmp = (a, b) => { const l = a.n * b.d, r = b.n * a.d; return l < r ? -1 : l > r ? 1 : 0; };
  return {
    I: (n) => ({n, d: 1n}),
    F: (n, d) => make(n, d),
    add: (...xs) => some(xs) ? null : xs.reduce((a, b) => make(a.n * b.d + b.n * a.d, a.d * b.d)),
    mul: (...xs) => some(xs) ? null : xs.reduce((a, b) => make(a.n * b.n, a.d * b.d)),
    pow: (a, k) => {
      if (a === null || k === null) return null;
      if (typeof k !== "bigint") {  // a symbolic exponent: an integer at run time, or undefined
        if (k.d !== 1n || k.n > %(max)sn || k.n < -%(max)sn) return null;
        k = k.n;
      }
      if (k < 0n) { if (a.n === 0n) return null; a = make(a.d, a.n); k = -k; }
      return {n: a.n ** k, d: a.d ** k};
    },
    floor: (a) => a === null ? null : {n: floorDiv(a.n, a.d), d: 1n},
    ceil: (a) => a === null ? null : {n: -floorDiv(-a.n, a.d), d: 1n},
    mod: (a, b) => {  // sympy's (and Python's) Mod: a - b * floor(a / b), the sign of b
      if (a === null || b === null || b.n === 0n) return null;
      const q = floorDiv(a.n * b.d, a.d * b.n);
      return make(a.n * b.d - q * b.n * a.d, a.d * b.d);
    },
    min: (...xs) => some(xs) ? null : xs.reduce((a, b) => cmp(b, a) < 0 ? b : a),
    max: (...xs) => some(xs) ? null : xs.reduce((a, b) => cmp(b, a) > 0 ? b : a),
    cmp: (a, b) => (a === null || b === null) ? null : cmp(a, b),
    eq: (a, b) => (a === null || b === null) ? null : a.n === b.n && a.d === b.d,
    undef: () => null,
  };
})();
""".replace("%(max)s", str(MAX_EXPONENT))


def _refuse(expr: Any, what: str) -> EstimatorError:
    name = type(expr).__name__
    return EstimatorError(f"{what}: `{expr}` uses {name}, which the review page cannot compute exactly in the browser",
                          Location(COMMAND_LINE))


class JSPrinter:
    """Prints sympy expressions as JavaScript calls of :data:`RUNTIME`'s ``Q``.

    ``names`` maps each free symbol to the JavaScript expression holding its value (a
    rational); ``what`` names the count in error messages."""

    _RELATIONS = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}

    def __init__(self, names: dict, what: str = "a count"):
        self.names = names
        self.what = what
        self.temporaries: set = set()  # cse's names: a symbolic exponent already checked before cse

    def __call__(self, expr: Any) -> str:
        return self.print(expr)

    def print(self, expr: Any) -> str:
        if isinstance(expr, bool):
            return "true" if expr else "false"
        if isinstance(expr, int):
            return f"Q.I({expr}n)"
        if expr is sympy.true:
            return "true"
        if expr is sympy.false:
            return "false"
        if not isinstance(expr, sympy.Basic):
            raise _refuse(expr, self.what)
        if expr.is_Symbol:
            if expr not in self.names:
                raise EstimatorError(f"{self.what}: `{expr}` is not a hyperparameter the page can set",
                                     Location(COMMAND_LINE))
            return self.names[expr]
        if expr.is_Integer:
            return f"Q.I({int(expr)}n)"
        if expr.is_Rational:
            return f"Q.F({int(expr.p)}n, {int(expr.q)}n)"
        if expr.is_Add:
            return "Q.add(" + ", ".join(self.print(a) for a in expr.args) + ")"
        if expr.is_Mul:
            return "Q.mul(" + ", ".join(self.print(a) for a in expr.args) + ")"
        if expr.is_Pow:
            base, exponent = expr.args
            if exponent.is_Integer:
                return f"Q.pow({self.print(base)}, {int(exponent)}n)"
            if exponent.is_integer or exponent in self.temporaries:  # a symbolic integer exponent (2 ** depth)
                return f"Q.pow({self.print(base)}, {self.print(exponent)})"
            raise _refuse(expr, self.what)
        if isinstance(expr, sympy.floor):
            return f"Q.floor({self.print(expr.args[0])})"
        if isinstance(expr, sympy.ceiling):
            return f"Q.ceil({self.print(expr.args[0])})"
        if isinstance(expr, sympy.Mod):
            return f"Q.mod({self.print(expr.args[0])}, {self.print(expr.args[1])})"
        if isinstance(expr, (sympy.Min, sympy.Max)):
            function = "min" if isinstance(expr, sympy.Min) else "max"
            return f"Q.{function}(" + ", ".join(self.print(a) for a in expr.args) + ")"
        if isinstance(expr, sympy.Piecewise):
            # the branches in order, each evaluated only when its condition holds
            code = "Q.undef()"
            for branch in reversed(expr.args):
                code = f"({self.print(branch.cond)} ? {self.print(branch.expr)} : {code})"
            return code
        if isinstance(expr, sympy.core.relational.Relational):
            op = self._RELATIONS.get(expr.rel_op)
            if op is None:
                raise _refuse(expr, self.what)
            lhs, rhs = self.print(expr.lhs), self.print(expr.rhs)
            if op == "eq":
                return f"Q.eq({lhs}, {rhs})"
            if op == "ne":
                return f"(!Q.eq({lhs}, {rhs}))"
            sign = {"lt": "< 0", "le": "<= 0", "gt": "> 0", "ge": ">= 0"}[op]
            return f"(Q.cmp({lhs}, {rhs}) {sign})"
        if isinstance(expr, sympy.And):
            return "(" + " && ".join(self.print(a) for a in expr.args) + ")"
        if isinstance(expr, sympy.Or):
            return "(" + " || ".join(self.print(a) for a in expr.args) + ")"
        if isinstance(expr, sympy.Not):
            return f"(!{self.print(expr.args[0])})"
        raise _refuse(expr, self.what)


def js_function(exprs: list, symbols: list, what: Callable[[int], str] | None = None) -> str:
    """A JavaScript function expression ``(v) => [values...]``: ``v`` maps each symbol's
    name to its value (``{n, d}``); the result holds one rational (or boolean, for a
    relation) per expression, ``null`` where a value is undefined. Shared subexpressions
    are computed once (sympy's cse)."""
    names = {s: f"v[{json.dumps(str(s))}]" for s in symbols}
    # Booleans (relations) go through cse too; a Piecewise branch's subexpressions may then
    # be computed when the branch is not taken, which is harmless: null, never a throw.
    prepared = [sympy.Integer(e) if isinstance(e, int) and not isinstance(e, bool) else
                (sympy.true if e is True else sympy.false if e is False else e) for e in exprs]
    for index, e in enumerate(prepared):  # refuse early, naming the count, before cse mixes them
        JSPrinter(names, what(index) if what else "a count").print(e)
    replacements, reduced = sympy.cse(prepared, symbols=sympy.numbered_symbols("_t"), order="none")
    lines = ["(v) => {"]
    printer = JSPrinter(dict(names))
    for temporary, value in replacements:
        variable = str(temporary)
        lines.append(f"  const {variable} = {printer.print(value)};")
        printer.names[temporary] = variable
        printer.temporaries.add(temporary)
    lines.append("  return [" + ", ".join(printer.print(e) for e in reduced) + "];")
    lines.append("}")
    return "\n".join(lines)
