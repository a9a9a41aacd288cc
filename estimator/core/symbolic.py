"""sympy, imported the first time a module reads one of its names.

A concrete spec is counted with Python ints and Fractions (the numeric road); sympy is
needed only when a hyperparameter is free (``formula``, ``--free``, sweeps, symbolic
solving, the report page's formula). Importing it costs about 0.3 s, most of a
``estimate`` run, so modules name it through :data:`sympy` here and it is imported when
one of its attributes is first read. No sympy object can exist before that, which is
what :func:`is_symbolic` relies on to answer without importing it.
"""
from __future__ import annotations

import importlib
import sys
from typing import Any, TYPE_CHECKING


class _LazySympy:
    """Stands for the sympy module: the first attribute read imports it."""

    def __getattr__(self, name: str) -> Any:
        value = getattr(importlib.import_module("sympy"), name)
        setattr(self, name, value)  # later reads are plain attribute reads
        return value


if TYPE_CHECKING:
    import sympy as sympy
else:
    sympy = _LazySympy()


def is_symbolic(value: Any) -> bool:
    """True for a sympy object (a formula, a relation, or a sympy number)."""
    module = sys.modules.get("sympy")
    return module is not None and isinstance(value, module.Basic)
