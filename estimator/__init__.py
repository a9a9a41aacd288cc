"""estimator: exact sizes of neural networks from architecture specs, before they exist.

    >>> import estimator
    >>> estimator.estimate("llama-2-7b")["params"]
    6738415616
    >>> estimator.count(model)  # a torch nn.Module, a state_dict, a Keras model, a list of {name, shape}, a path

The functions are those of :mod:`estimator.api` (which stays importable as it is);
bad input raises :class:`EstimatorError`, whose message names where the problem is.
"""

__version__ = "0.1.0"

from estimator.api import (build, check_expectations, compare, count, diff, estimate, formula, load, shape_rows, shapes,
                           solve, sweep, validate)
from estimator.core.errors import EstimatorError
from estimator.cli.page import report  # the review page, shown inline in a notebook (made by the cli stage)

__all__ = ["build", "check_expectations", "compare", "count", "diff", "estimate", "EstimatorError", "formula",
           "load", "report", "shape_rows", "shapes", "solve", "sweep", "validate", "__version__"]
