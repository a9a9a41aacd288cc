"""estimator: exact sizes of neural networks from architecture specs, before they exist."""

__version__ = "0.1.0"
