"""The engine: expansion into tensors, totals, metrics, formulas, sweeps and solve."""
