"""`sweep --plot`: columns against one swept value, a line per combination of the others;
`estimate --plot`: parameters by module, a stacked bar per model (see ``plot_breakdown``).

The x axis is ``--x`` (default: the first swept column); every other swept column (a
hyperparameter, or a layout field of ``--layout``) makes one line per combination of its
values, labelled ``tp=2, pp=2``. The y axis shows ``--y`` (one column, or several of one
unit, comma-separated); by default the counts ``--columns`` asks for (those of the first
one's unit: bytes, FLOPs or elements), else ``params``. With ``--device`` or
``--device-memory`` a bytes plot gets a dashed horizontal line at the device's memory.
An x axis of positive integers spanning 16x or more (context 1024 ... 131072) is drawn on
a log2 scale, a tick per value.

In an SVG each drawn line is a group with an id (``series-1``, ``series-2``, ...;
``device-memory``) and text stays text, so the file can be read and checked.

matplotlib is an optional extra (`pip install 'estimator[plot]'`); without it the user gets
one clear message instead of a traceback.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from estimator.cli.render import human_count, human_for
from estimator.core.errors import COMMAND_LINE, did_you_mean, EstimatorError, Location
from estimator.engine.sweep import LABEL_COLUMNS, VALUE_KEYS

MAX_TICKS = 16  # a log2 axis labels each swept value up to this many
BYTE_UNITS = ((2**40, "TiB"), (2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB"))


def unit_of(column: str) -> str:
    return "bytes" if "bytes" in column else "FLOPs" if "flops" in column else "count"


def plot_columns(y: str | None, columns: list[str] | None, swept: list[str]) -> list[str]:
    """The columns drawn: ``--y`` (comma-separated), else the counts of ``--columns`` of the
    first one's unit, else params. Columns of different units cannot share an axis."""
    where = Location(COMMAND_LINE)
    if y is not None:
        chosen = [c.strip() for c in y.split(",") if c.strip()]
        if not chosen:
            raise EstimatorError("--y: give a column, e.g. --y params", where)
    else:
        counts = [c for c in columns or [] if c in VALUE_KEYS and c not in swept]
        chosen = [c for c in counts if unit_of(c) == unit_of(counts[0])] if counts else ["params"]
    units = {unit_of(c) for c in chosen}
    if len(units) > 1:
        raise EstimatorError(f"--y {','.join(chosen)}: columns of different units ({', '.join(sorted(units))})"
                             " cannot share an axis; plot them separately", where)
    return chosen


def _series_label(values: tuple, names: list[str]) -> str:
    """``tp=2, sp=true``: as the values are written on the command line."""
    return ", ".join(f"{name}={str(value).lower() if isinstance(value, bool) else value}"
                     for name, value in zip(names, values))


def _tick_text(value: float) -> str:
    number = int(value)
    if number >= 1024 and number % 1024 == 0:
        return f"{number // 1024}K"  # a context of 131072 reads as 128K
    return f"{number:,}"


def plot_sweep(rows: list[dict], swept: list[str], x: str | None, y: str | None, path: str, title: str,
               columns: list[str] | None = None, device_memory: Any = None, device: str | None = None) -> None:
    where = Location(COMMAND_LINE)
    if Path(path).suffix.lower() not in (".png", ".svg", ".pdf"):
        raise EstimatorError(f"--plot {path}: give a .png, .svg or .pdf file", where)
    if not swept:
        raise EstimatorError("--plot needs at least one swept hyperparameter", where)
    x = x or swept[0]
    if x not in swept:
        raise EstimatorError(f"--x {x}: not a swept hyperparameter{did_you_mean(x, swept)}", where)
    ys = plot_columns(y, columns, swept)
    for column in ys:
        if rows and not any(column in row for row in rows):
            raise EstimatorError(f"--y {column}: not a column of the sweep{did_you_mean(column, list(rows[0]))}",
                                 where)
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only; never needs a display
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator
    except ImportError:
        raise EstimatorError(
            "--plot needs matplotlib: pip install 'estimator[plot]' (or pip install matplotlib)", where
        ) from None
    series_names = [name for name in swept if name != x and name not in LABEL_COLUMNS]
    groups: dict = {}
    for row in rows:
        if row.get("error"):
            continue  # invalid points are listed in the table, not drawn
        key = tuple(row.get(name) for name in series_names)
        for column in ys:
            if row.get(column) is not None:
                groups.setdefault((column, key), []).append((row[x], row[column]))
    unit = unit_of(ys[0])
    human = human_for(ys[0])
    # bytes are drawn in one binary unit (ticks at 0, 100, 200 GiB rather than 93.13 GiB steps)
    top = max([abs(v) for points in groups.values() for _, v in points if isinstance(v, int)] + [0])
    if device_memory is not None and unit == "bytes":
        top = max(top, device_memory)
    scale, scale_name = next(((size, name) for size, name in BYTE_UNITS if top >= size), (1, "B")) \
        if unit == "bytes" else (1, "")
    xs = sorted({p[0] for points in groups.values() for p in points if isinstance(p[0], int)})
    log_x = bool(xs) and xs[0] >= 1 and xs[-1] >= 16 * xs[0]
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "estimator"}):
        figure, axes = plt.subplots(figsize=(7, 4.5))
        for index, ((column, key), points) in enumerate(groups.items(), 1):
            points.sort()
            parts = ([column] if len(ys) > 1 else []) + ([_series_label(key, series_names)] if series_names else [])
            line, = axes.plot([p[0] for p in points], [p[1] / scale for p in points], marker="o", markersize=3,
                              label=", ".join(parts) or column)
            line.set_gid(f"series-{index}")
        if device_memory is not None and unit == "bytes":
            line = axes.axhline(device_memory / scale, color="black", linestyle="--", linewidth=1,
                                label=f"{device or 'device'} memory ({human(device_memory)})")
            line.set_gid("device-memory")
        axes.set_xlabel(x)
        axes.set_ylabel((ys[0] if len(ys) == 1 else unit) + (f" ({scale_name})" if scale_name else ""))
        axes.set_title(title)
        if log_x:
            axes.set_xscale("log", base=2)
            if len(xs) <= MAX_TICKS:
                axes.xaxis.set_major_locator(FixedLocator(xs))
            axes.xaxis.set_minor_locator(NullLocator())
            axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _tick_text(v)))
        elif xs:
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        if unit != "bytes":
            axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: human(int(v))))
        if top > 0 and all(v >= 0 for points in groups.values() for _, v in points if isinstance(v, int)):
            axes.set_ylim(bottom=0)  # sizes: the axis starts at nothing
        axes.grid(True, alpha=0.3)
        if series_names or len(ys) > 1 or (device_memory is not None and unit == "bytes"):
            axes.legend(fontsize="small")
        figure.tight_layout()
        try:
            options: dict[str, Any] = {"metadata": {"Date": None}} if path.lower().endswith(".svg") else {}
            figure.savefig(path, **options)  # an SVG without its date: the same sweep, the same file
        except OSError as exc:
            raise EstimatorError(f"cannot write {path}: {exc.strerror}", where) from None
        finally:
            plt.close(figure)


# ---------------------------------------------------------------- estimate --plot: parameters by module


def breakdown_segments(result: dict, depth: int) -> list[tuple[str, int]]:
    """The parts one model's bar is cut into: the modules at ``depth``, and the shallower
    modules with nothing listed below them; what no listed module holds is ``(other)``.
    Each tensor sits in one module of that cut, so the parts add up to ``params``."""
    modules = [m for m in result["modules"] if m["depth"] <= max(depth, 1)]
    counts = [m["params"] for m in modules] + [result["params"]]
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in counts):
        raise EstimatorError(f"--plot: {result['name']}'s counts are formulas; give every hyperparameter a value",
                             Location(COMMAND_LINE))
    paths = [m["path"] for m in modules]
    cut = [(m["path"], m["params"]) for m in modules
           if m["depth"] == max(depth, 1) or not any(p.startswith(m["path"] + ".") for p in paths)]
    other = result["params"] - sum(params for _, params in cut)
    segments = [(path, params) for path, params in cut if params > 0]
    if other > 0:
        segments.append(("(other)", other))
    return segments


def plot_breakdown(results: list[dict], columns: list[str], depth: int, path: str) -> None:
    """A horizontal bar per model, cut into its modules (``breakdown_segments``), each
    part as wide as its parameters; one colour per module path across the bars. The
    legend names each module with its count in every model; a part wide enough for it
    carries its count. In an SVG each part is a group ``segment-BAR-PART`` (from 1, in
    the bar's order) and text stays text."""
    where = Location(COMMAND_LINE)
    check_plot_path(path)
    bars = [(column, breakdown_segments(result, depth)) for column, result in zip(columns, results)]
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter
    except ImportError:
        raise EstimatorError(
            "--plot needs matplotlib: pip install 'estimator[plot]' (or pip install matplotlib)", where
        ) from None
    order = list(dict.fromkeys(p for _, segments in bars for p, _ in segments))
    palette = [plt.get_cmap("tab20")(i) for i in range(20)]
    colours = {p: palette[i % len(palette)] for i, p in enumerate(order)}
    widest = max([sum(v for _, v in segments) for _, segments in bars] + [1])
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "estimator"}):
        figure, axes = plt.subplots(figsize=(9, 1.6 + 0.7 * len(bars) + 0.25 * len(order)))
        for bar, (column, segments) in enumerate(bars):
            left = 0
            for part, (module, params) in enumerate(segments, 1):
                drawn = axes.barh(bar, params, left=left, color=colours[module], edgecolor="white", linewidth=0.5)
                drawn.patches[0].set_gid(f"segment-{bar + 1}-{part}")
                if params >= 0.06 * widest:  # wide enough to carry its count
                    axes.text(left + params / 2, bar, human_count(params), ha="center", va="center", fontsize="small")
                left += params
            axes.text(left, bar, f" {human_count(left)}", ha="left", va="center", fontsize="small").set_gid(
                f"total-{bar + 1}")
        by_model = {p: [dict(segments).get(p) for _, segments in bars] for p in order}
        handles = [plt.Rectangle((0, 0), 1, 1, color=colours[p]) for p in order]
        labels = [f"{p} ({', '.join(human_count(v) if v is not None else '-' for v in by_model[p])})" for p in order]
        axes.legend(handles, labels, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.25 if len(bars) < 3
                    else -0.15), ncol=2, frameon=False)
        axes.set_yticks(range(len(bars)), [column for column, _ in bars])
        axes.invert_yaxis()  # the first model on top
        axes.set_xlim(0, widest * 1.12)  # room for each bar's total after it
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: human_count(int(v))))
        axes.set_xlabel("parameters")
        axes.set_title("parameters by module" + (f": {columns[0]}" if len(bars) == 1 else ""))
        figure.tight_layout()
        try:
            options: dict[str, Any] = {"metadata": {"Date": None}} if path.lower().endswith(".svg") else {}
            figure.savefig(path, bbox_inches="tight", **options)
        except OSError as exc:
            raise EstimatorError(f"cannot write {path}: {exc.strerror}", where) from None
        finally:
            plt.close(figure)


def check_plot_path(path: str) -> None:
    if Path(path).suffix.lower() not in (".png", ".svg", ".pdf"):
        raise EstimatorError(f"--plot {path}: give a .png, .svg or .pdf file", Location(COMMAND_LINE))
