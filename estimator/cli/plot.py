"""`sweep --plot`: one column against one swept hyperparameter, a line per value of another.

matplotlib is an optional extra (`pip install 'estimator[plot]'`); without it the user gets
one clear message instead of a traceback.
"""
from __future__ import annotations

from pathlib import Path

from estimator.cli.render import human_count
from estimator.core.errors import COMMAND_LINE, did_you_mean, EstimatorError, Location


def plot_sweep(rows: list[dict], swept: list[str], x: str | None, y: str, path: str, title: str) -> None:
    where = Location(COMMAND_LINE)
    if Path(path).suffix.lower() not in (".png", ".svg", ".pdf"):
        raise EstimatorError(f"--plot {path}: give a .png, .svg or .pdf file", where)
    if not swept:
        raise EstimatorError("--plot needs at least one swept hyperparameter", where)
    x = x or swept[0]
    if x not in swept:
        raise EstimatorError(f"--x {x}: not a swept hyperparameter{did_you_mean(x, swept)}", where)
    if rows and y not in rows[0] and not any(y in row for row in rows):
        raise EstimatorError(f"--y {y}: not a column of the sweep", where)
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only; never needs a display
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter
    except ImportError:
        raise EstimatorError(
            "--plot needs matplotlib: pip install 'estimator[plot]' (or pip install matplotlib)", where
        ) from None
    series_name = next((name for name in swept if name != x), None)
    groups: dict = {}
    for row in rows:
        if row.get("error") or row.get(y) is None:
            continue  # invalid points are listed in the table, not drawn
        groups.setdefault(row.get(series_name) if series_name else None, []).append((row[x], row[y]))
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for value, points in groups.items():
        points.sort()
        label = f"{series_name}={value}" if series_name else None
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", markersize=3, label=label)
    axes.set_xlabel(x)
    axes.set_ylabel(y)
    axes.set_title(title)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: human_count(int(v))))
    axes.grid(True, alpha=0.3)
    if series_name:
        axes.legend(title=None, fontsize="small")
    figure.tight_layout()
    try:
        figure.savefig(path)
    except OSError as exc:
        raise EstimatorError(f"cannot write {path}: {exc.strerror}", where) from None
    finally:
        plt.close(figure)
