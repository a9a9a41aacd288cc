"""The one error type for bad user input, and where in a file it happened.

Every message a user sees has the shape ``file:line:col: $.json.path: what is wrong``.
The CLI catches :class:`EstimatorError` once, prints it, and exits with code 2.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Location:
    """A place in an input: a file, a 1-based line and column, a JSON path."""

    file: str
    line: int | None = None
    column: int | None = None
    path: tuple = ()

    def json_path(self) -> str:
        return json_path(self.path)

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}:{self.column}"
        elif not self.path:
            return text  # the file as a whole (missing, unreadable, empty)
        return f"{text}: {self.json_path()}"


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
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


def short_repr(value: object, limit: int = 60) -> str:
    """A repr that never floods a message with a huge value."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def did_you_mean(name: str, candidates: Iterable[str], list_up_to: int = 0) -> str:
    """``; did you mean `linear`?``, or (with ``list_up_to``) the few names there are."""
    names = sorted(set(candidates))
    matches = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
    if matches:
        return f"; did you mean `{matches[0]}`?"
    if names and len(names) <= list_up_to:
        return f" (known: {', '.join(names)})"
    return ""
