"""The one strict JSON reader: config.json, safetensors headers and indexes, name/shape lists.

Strict means: UTF-8, no NaN/Infinity or numbers that overflow to them, no duplicate keys
(reported where the second is written), integers within the one bound
(errors.MAX_INTEGER_BITS), and nesting bounded *before* the recursive parser sees it.
"""
from __future__ import annotations

import json
import math
import re
from json.encoder import encode_basestring_ascii
from typing import Any

from estimator.core.errors import check_integer, EstimatorError, Location, MAX_INTEGER_BITS, short_repr, text_location

MAX_JSON_DEPTH = 64
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class _Refused(Exception):
    """Raised inside the parser's hooks; turned into an EstimatorError with a location."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.message, self.key = message, key


_SAFE_DIGITS = len(str(2**MAX_INTEGER_BITS)) - 1  # any integer of this many characters fits the bound
# A text without a longer run of digits holds no integer the hook below could refuse: its
# integers are left to json's own parsing in C (a name/shape list is mostly integers)
_LONG_DIGITS = re.compile(f"[0-9]{{{_SAFE_DIGITS + 1}}}")


def parse_json(raw: bytes, display: str, what: str = "JSON", max_depth: int = MAX_JSON_DEPTH,
               constants: bool = False) -> tuple[Any, str]:
    """``(data, text)``: the value and its text (for locating keys in later messages).
    ``constants``: read NaN, Infinity and -Infinity as floats (Python's json writes them, and
    transformers' save_pretrained does: Mamba-2 families' ``time_step_limit: [0.0, Infinity]``)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EstimatorError(f"{what} is not valid UTF-8 (byte {exc.start})", Location(display)) from None
    _check_nesting(text, display, what, max_depth)

    def pairs(items: list) -> dict:
        result = dict(items)
        if len(result) < len(items):  # a key written twice: the first one written again is reported
            seen: set = set()
            for key, _ in items:
                if key in seen:
                    raise _Refused(f"duplicate key `{short_repr(key)[1:-1]}`", key)
                seen.add(key)
        return result

    def constant(name: str) -> Any:
        if constants:
            return float(name)
        raise _Refused(f"{name} is not a number JSON allows")

    def number(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise _Refused(f"{short_repr(text)} is too large for a number")
        return value

    def integer(text: str) -> int:
        if len(text) <= _SAFE_DIGITS:  # below check_integer's bound whatever the digits: nothing to check
            return int(text)
        if len(text) > 100:  # refused before int(): digits past any bound
            raise _Refused(f"an integer of {len(text):,} digits is too large")
        try:
            return check_integer(int(text), None)
        except EstimatorError as exc:
            raise _Refused(exc.message) from None

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant, parse_float=number,
                          parse_int=integer if _LONG_DIGITS.search(text) else None)
    except json.JSONDecodeError as exc:
        raise EstimatorError(f"invalid {what}: {exc.msg}", Location(display, exc.lineno, exc.colno)) from None
    except _Refused as exc:
        where = json_location(text, display, exc.key, last=True) if exc.key is not None else Location(display)
        raise EstimatorError(f"invalid {what}: {exc.message}", where) from None
    except RecursionError:
        raise EstimatorError(f"invalid {what}: nested deeper than {max_depth} levels", Location(display)) from None
    return data, text


def _check_nesting(text: str, display: str, what: str, max_depth: int) -> None:
    if text.count("[") + text.count("{") <= max_depth:
        return
    depth = 0
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                raise EstimatorError(f"invalid {what}: nested deeper than {max_depth} levels",
                                     text_location(display, text, match.start()))
        elif token in "]}":
            depth -= 1


def json_location(text: str, display: str, key: str, last: bool = False) -> Location:
    """The line and column where ``"key":`` is written (the first, or with ``last`` the last)."""
    quoted = encode_basestring_ascii(key)  # json.dumps(key), without its Python-level steps
    if last:  # (for an error: a duplicate key is reported where it is written again)
        matches = list(re.finditer(re.escape(quoted) + r"\s*:", text))
        start = matches[-1].start() if matches else -1
    else:
        # the first `"key"` followed by a colon, found without a regular expression of its
        # own: a config.json's keys are located for every value bound (many thousands of keys
        # in the test suite, each a new pattern to compile)
        start = text.find(quoted)
        while start >= 0 and not _KEY_END.match(text, start + len(quoted)):
            start = text.find(quoted, start + 1)
    if start < 0:
        return Location(display, path=(key,))
    return text_location(display, text, start, (key,))


_KEY_END = re.compile(r"\s*:")
