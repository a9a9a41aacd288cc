"""The expression language: exact arithmetic, whitelisted syntax, errors that name values."""
import contextlib

import pytest
import sympy

from estimator.core.errors import EstimatorError, Location
from estimator.core.expressions import Scope, evaluate, symbol, sympy_road

HERE = Location("test.yaml", 1, 1, ("x",))


def scope_of(**values) -> Scope:
    return Scope({name: (raw, HERE, None) for name, raw in values.items()})


def value(text, **values):
    return evaluate(text, HERE, scope_of(**values))


@pytest.mark.parametrize(
    "text, values, expected",
    [
        ("hidden / heads", {"hidden": 4096, "heads": 32}, 128),
        ("4 * hidden", {"hidden": 768}, 3072),
        ("round_up(8 * hidden / 3, 256)", {"hidden": 4096}, 11008),
        ("round_up(8 * hidden / 3, 256)", {"hidden": 5120}, 13824),
        ("min(a, b) + max(a, b)", {"a": 3, "b": 7}, 10),
        ("ceil(a / 2) + floor(a / 2)", {"a": 7}, 7),
        ("a // 2 + a % 2", {"a": 7}, 4),
        ("2 ** 12", {}, 4096),
        ("cdiv(a, 64) * 64", {"a": 100}, 128),
        ("a if a > 2 else 0", {"a": 3}, 3),
        ("not flag and a == 3", {"flag": False, "a": 3}, True),
        ("ntuple(3, 2)", {}, (3, 3)),
        ("ntuple(k, 3)", {"k": [1, 2, 3]}, (1, 2, 3)),
        ("prod(k)", {"k": [4, 5]}, 20),
        ("k[1]", {"k": [4, 5]}, 5),
        ("-a + +a", {"a": 5}, 0),
        ("1 < a <= 3", {"a": 3}, True),
    ],
)
def test_values(text, values, expected):
    assert value(text, **values) == expected


def test_results_are_python_ints_when_concrete():
    result = value("hidden * 3 // 2", hidden=1024)
    assert type(result) is int and result == 1536


def test_free_symbols_stay_symbolic():
    scope = scope_of(hidden="d", heads=8)
    scope.set_value("d", symbol("d"), HERE)
    scope.bindings["d"] = (None, HERE, None)
    result = evaluate("12 * hidden ** 2 + hidden / heads", HERE, scope)
    d = symbol("d")
    assert sympy.simplify(result - (12 * d**2 + d / 8)) == 0


@pytest.mark.parametrize(
    "text, values, message",
    [
        ("hidden / heads", {"hidden": 1000, "heads": 16}, None),  # a fraction is fine mid-way
        ("a / 0", {"a": 1}, r"division by zero: `0` is 0"),
        ("a // b", {"a": 1, "b": 0}, r"division by zero: `b` is 0"),
        ("__import__('os').system('true')", {}, r"only these functions can be called"),
        ("open('x')", {}, r"unknown function `open` \(functions: min, max"),
        ("maxx(1, 2)", {}, r"unknown function `maxx`; did you mean `max`\?"),
        ("a.real", {"a": 1}, r"attribute access \(`\.`\) is not allowed"),
        ("lambda: 1", {}, r"lambda is not allowed"),
        ("1e99999 * 2", {}, r"decimal '1e99999' has too many digits or too large an exponent"),
        ("'abc'", {}, r"str 'abc' is not allowed"),
        ("10 ** 10 ** 10", {}, r"exponent must be an integer from 0 to 256, got 10000000000"),
        ("2 ** 300", {}, r"exponent must be an integer from 0 to 256, got 300"),
        ("99999 ** 200", {}, r"99999 \*\* 200 is too large"),
        ("hidn + 1", {"hidden": 1}, r"unknown name `hidn`; did you mean `hidden`\?"),
        ("[x for x in y]", {}, r"a comprehension is not allowed"),
        ("1 +", {}, r"cannot parse expression"),
        ("min(1)", {}, r"`min` takes at least 2 arguments, got 1"),
        ("k[5]", {"k": [1, 2]}, r"index 5 is out of range for a list of 2"),
        ("a + flag", {"a": 1, "flag": True}, r"`flag` is true, not a number"),
        ("a if 3 else 2", {"a": 1}, r"`3` is 3, not true or false"),
        ("x" * 3000, {}, r"expression is longer than 2000 characters"),
        ("+".join(["1"] * 300), {}, r"expression has more than 400 parts"),
    ],
)
def test_errors(text, values, message):
    if message is None:
        assert value(text, **values) == sympy.Rational(125, 2)
        return
    with pytest.raises(EstimatorError, match=message):
        value(text, **values)


EDGE_INTS = [0, 1, -1, 3, -7, 12, 2**255, -(2**255), 2**256 - 1, -(2**256 - 1)]


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "//", "%", "**", "<", "==", ">="])
def test_two_ints_take_a_short_way_to_what_the_long_way_gives(op):
    """Compiled expressions compute two ints with Python's ints alone; the sympy road takes
    the long way (as_sympy, normalise, the bound): the same value, or the same error, for
    every pair, at the 256-bit bound too."""
    outcomes = {}
    for road in (contextlib.nullcontext, sympy_road):
        with road():
            for a in EDGE_INTS:
                for b in EDGE_INTS:
                    try:
                        result = value(f"a {op} b", a=a, b=b)
                        outcomes.setdefault((a, b), []).append((type(result), result))
                    except EstimatorError as exc:
                        outcomes.setdefault((a, b), []).append(str(exc))
    assert all(numeric == symbolic for numeric, symbolic in outcomes.values())


def test_cycle_is_reported_with_its_path():
    scope = scope_of(a="b + 1", b="c * 2", c="a")
    with pytest.raises(EstimatorError, match=r"`a` depends on itself: a -> b -> c -> a"):
        scope.lookup("a", HERE)


def test_non_integral_named_value_names_its_inputs():
    scope = scope_of(hidden=1000, heads=16, head_dim="hidden / heads")
    with pytest.raises(EstimatorError, match=r"head_dim = hidden / heads with heads=16, hidden=1000 is 125/2, not an integer"):
        scope.lookup("head_dim", HERE)


def test_no_unsafe_evaluation_in_the_package():
    """User text is only ever parsed by ast: these calls must not appear in the package."""
    import pathlib
    import re

    import estimator

    forbidden = re.compile(r"(?<!re\.)\b(eval|exec|sympify|parse_expr|compile|__import__)\s*\(|yaml\.(load|unsafe_load|full_load)\(")
    # (sympy.lambdify in formula.py generates code from sympy expressions whose only names are
    # hyperparameter identifiers, never from user text)
    package = pathlib.Path(estimator.__file__).parent
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in package.glob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if forbidden.search(line)
    ]
    assert offenders == []
