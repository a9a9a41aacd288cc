"""The one error type for bad user input, and where in a file it happened.

Every message a user sees has the shape ``file:line:col: $.json.path: what is wrong``.
The CLI catches :class:`EstimatorError` once, prints it, and exits with code 2.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterable

COMMAND_LINE = "<command line>"  # the Location.file of errors about options and --set values

# One bound on every integer that enters (spec values, --set, options, grid and points
# cells, file headers) or is made (products, powers, fractions): 2**256 is far past any
# real model, and keeps every figure printable and every computation quick.
MAX_INTEGER_BITS = 256
MAX_SHOWN_CHARS = 60


@dataclass(frozen=True)
class Location:
    """A place in an input: a file, a 1-based line and column, a JSON path."""

    file: str
    line: int | None = None
    column: int | None = None
    path: tuple = ()
    option: str = ""  # on the command line: the option the value came from (`--set hidden`)

    def json_path(self) -> str:
        return json_path(self.path)

    def __str__(self) -> str:
        text = shorten(self.file, 300)  # a path as given; long ones are cut, never a second line
        if self.option:
            return f"{text}: {shorten(self.option)}"
        if self.line is not None:
            text += f":{self.line}:{self.column}"
        elif not self.path:
            return text  # the file as a whole (missing, unreadable, empty)
        return f"{text}: {self.json_path()}"


def text_location(file: str, text: str, index: int, path: tuple = ()) -> Location:
    """The 1-based line and column of ``text[index]``, as a Location in ``file``."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Location(file, line, column, path)


def json_path(path: Iterable) -> str:
    """``('model', 0, 'type')`` -> ``$.model[0].type`` (a very deep path keeps its ends)."""
    parts = list(path)
    if len(parts) > 12:
        return json_path(parts[:6]) + "..." + json_path(parts[-4:])[1:]
    text = "$"
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif str(part).isidentifier():
            text += f".{part}"
        else:
            text += f"[{str(part)!r}]"
    return text


class EstimatorError(Exception):
    """Bad input: a message and, where known, the location it is about."""

    def __init__(self, message: str, location: Location | None = None):
        message = tidy(message)
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


def command_line_error(message: str) -> EstimatorError:
    """An error about an option's value, located on the command line."""
    return EstimatorError(message, Location(COMMAND_LINE))


def short_repr(value: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """A repr that never floods a message: control characters escaped, long values cut
    with their length (``'aaaa...' (5,000 characters)``)."""
    if isinstance(value, str):
        return shorten(repr(value), limit, len(value))
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * limit:
        return f"an integer of {value.bit_length():,} bits"  # repr would be slow, or refused by Python
    return shorten(repr(value), limit)


def shorten(text: str, limit: int = MAX_SHOWN_CHARS, length: int | None = None) -> str:
    """One line of at most about ``limit`` characters; a cut text says how long it was."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 3]}... ({(len(text) if length is None else length):,} characters)"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Control characters (newlines, carriage returns, escapes) as visible escapes: a value
    quoted in a message can never start a second, forged line."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


_QUOTED = re.compile(r"`([^`]*)`")  # pairs taken from the left, as a reader does


def tidy(message: str) -> str:
    """A message on one line, each long `quoted` value cut with its length: however a
    message was put together, a name of 5,000 characters cannot flood it."""
    message = one_line(message)
    if len(message) <= 2 * MAX_SHOWN_CHARS:
        return message
    return _QUOTED.sub(lambda m: f"`{shorten(m.group(1), 2 * MAX_SHOWN_CHARS)}`", message)


def check_integer(value: int, where: Location | None, what: str = "integer") -> int:
    """``value`` if it fits the one bound on integers, else an error naming ``what``."""
    if value.bit_length() > MAX_INTEGER_BITS:
        raise EstimatorError(f"{what} is too large (more than {MAX_INTEGER_BITS} bits)", where)
    return value


_INTEGER_TEXT = re.compile(r"[+-]?[0-9](?:_?[0-9])*")


def parse_integer(text: str, where: Location | None, what: str) -> int:
    """A decimal integer typed by a person (ASCII digits, optional sign, `_` between
    digits); never Python's ``int()`` on raw text, which accepts other scripts' digits."""
    stripped = text.strip()
    if not _INTEGER_TEXT.fullmatch(stripped):
        raise EstimatorError(f"{what}: {short_repr(stripped)} is not an integer", where)
    if len(stripped) > MAX_INTEGER_BITS:  # before int(): a 10,000-digit string is refused unread
        raise EstimatorError(f"{what} is too large (more than {MAX_INTEGER_BITS} bits)", where)
    return check_integer(int(stripped), where, what)


def did_you_mean(name: str, candidates: Iterable[str], list_up_to: int = 0) -> str:
    """``; did you mean `linear`?``, or (with ``list_up_to``) the few names there are."""
    names = sorted(set(candidates))
    matches = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
    if matches:
        return f"; did you mean `{matches[0]}`?"
    if names and len(names) <= list_up_to:
        return f" (known: {', '.join(names)})"
    return ""
