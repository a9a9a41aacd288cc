"""estimator: exact sizes of neural networks from architecture specs, before they exist.

    >>> import estimator
    >>> estimator.estimate("llama-2-7b")["params"]
    6738415616
    >>> estimator.count(model)  # a torch nn.Module, a state_dict, a Keras model, a list of {name, shape}, a path

The functions are those of :mod:`estimator.api` (which stays importable as it is);
bad input raises :class:`EstimatorError`, whose message names where the problem is.
"""

import importlib
from typing import Any, TYPE_CHECKING

__version__ = "0.1.0"

from estimator.core.errors import EstimatorError

if TYPE_CHECKING:  # what a type checker sees; at run time each name is looked up when first used
    from estimator.api import (build, check_expectations, compare, count, diff, estimate, formula, load, shape_rows,
                               shapes, solve, sweep, validate)
    from estimator.cli.page import report

# The functions of `estimator.api` (which loads the whole engine) and `estimator.report` (the review
# page, made by the cli stage) are imported when first used, so that `import estimator.cli` (each
# command's run) loads only what its command needs. tests/test_layout.py checks these names as imports.
DEFERRED_MODULES = {"api": "estimator.api", "report": "estimator.cli.page"}
_FROM_MODULE = {**{name: "api" for name in ("build", "check_expectations", "compare", "count", "diff", "estimate",
                                           "formula", "load", "shape_rows", "shapes", "solve", "sweep", "validate")},
                "report": "report"}


def __getattr__(name: str) -> Any:
    if name == "api":  # `estimator.api` after a bare `import estimator`, as when this file imported it
        return importlib.import_module(DEFERRED_MODULES["api"])
    if name in _FROM_MODULE:
        return getattr(importlib.import_module(DEFERRED_MODULES[_FROM_MODULE[name]]), name)
    raise AttributeError(f"module 'estimator' has no attribute {name!r}")


__all__ = ["build", "check_expectations", "compare", "count", "diff", "estimate", "EstimatorError", "formula",
           "load", "report", "shape_rows", "shapes", "solve", "sweep", "validate", "__version__"]
