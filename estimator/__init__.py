"""estimator: exact sizes of neural networks from architecture specs, before they exist.

    >>> import estimator
    >>> estimator.estimate("llama-2-7b")["params"]
    6738415616
    >>> estimator.count(model)  # a torch nn.Module, a state_dict, a Keras model, a list of {name, shape}, a path

The functions are those of :mod:`estimator.api` (which stays importable as it is);
bad input raises :class:`EstimatorError`, whose message names where the problem is.
"""

import importlib
from typing import Any

__version__ = "0.1.0"

from estimator.api import (build, check_expectations, compare, count, diff, estimate, formula, load, shape_rows, shapes,
                           solve, sweep, validate)
from estimator.core.errors import EstimatorError

# `estimator.report` (the review page, shown inline in a notebook; made by the cli stage) is
# looked up when first used: its module is not needed by anything else (see DEFERRED_MODULES).
DEFERRED_MODULES = {"report": "estimator.cli.page"}


def __getattr__(name: str) -> Any:
    if name in DEFERRED_MODULES:
        return getattr(importlib.import_module(DEFERRED_MODULES[name]), name)
    raise AttributeError(f"module 'estimator' has no attribute {name!r}")


__all__ = ["build", "check_expectations", "compare", "count", "diff", "estimate", "EstimatorError", "formula",
           "load", "report", "shape_rows", "shapes", "solve", "sweep", "validate", "__version__"]
