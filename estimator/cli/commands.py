"""The commands that work on specs: estimate (side by side), shapes, validate, formula, sweep,
solve, diff and convert. Arguments in, rendered text out (imported by :mod:`estimator.cli.app`
when one of them runs; `count` is the app's own, without the engine)."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Iterable, Iterator

from estimator import api
from estimator.cli.options import layout_fields
from estimator.cli import render as report
from estimator.cli.plot import check_plot_path, plot_breakdown, plot_columns, plot_sweep
from estimator.core.errors import COMMAND_LINE, EstimatorError, Location, one_line, short_repr
from estimator.core.expressions import Undecidable
from estimator.engine.formula import parse_free, structural_free, symbolic_model
from estimator.engine.metrics import ALIASES, Assumptions
from estimator.engine.tables import percent, render_comparison, shared_assumptions
from estimator.engine.sweep import (EXPECT_PREFIX, grid_cells, grid_points, LABEL_COLUMNS, parse_grid, parse_layouts,
                                    parse_target, PointsFile, read_points, run_sweep, solve, sweep_columns, value_text,
                                    with_layouts)
from estimator.sources.checkpoint import diff_result, diff_specs
from estimator.sources.hf import convert_config
from estimator.sources.resolve import load_spec, names_a_spec, spec_path
from estimator.spec.model import bundled_architectures


def assumptions_of(args: argparse.Namespace) -> Assumptions:
    """The bytes, FLOPs, activation and layout options as an Assumptions, checked."""
    return Assumptions(weights=args.weights, keep=args.keep, kv_dtype=args.kv_dtype, context=args.context,
                       encoder_context=args.encoder_context, batch=args.batch, optimizer=args.optimizer,
                       zero=args.zero, devices=args.devices, activations=args.activations,
                       micro_batch=args.micro_batch, act_dtype=args.act_dtype, recompute=args.recompute,
                       **layout_fields(args)).check()


def run_estimate(args: argparse.Namespace, overrides: dict) -> str:
    """One spec: its estimate. Several, or variants of one: a column each, side by side."""
    variants = parse_variants(args.variant)
    if args.plot:
        check_plot_path(args.plot)  # before the work, not after it
    if variants and len(args.spec) > 1:
        raise EstimatorError(f"--variant compares variants of one SPEC; {len(args.spec)} were given",
                             Location(COMMAND_LINE))
    if len(args.spec) == 1 and not variants:
        result = api.estimate(args.spec[0], overrides, assumptions_of(args))
        if args.plot:
            plot_breakdown([result], [str(result["name"])], args.depth, args.plot)
        return report.render_estimate(result, args.format, args.depth)
    compared = api.compare(args.spec, overrides, variants, assumptions_of(args), args.depth)
    columns = compared["comparison"]["columns"]
    if args.plot:
        plot_breakdown(compared["estimates"], columns, args.depth, args.plot)
    if args.format == "json":
        return report.render_json(compared)
    return render_comparison(compared["comparison"], args.format, shared_assumptions(compared["estimates"], columns))


# a comma before `name=` starts the next pair; others belong to the value (round_up(x, 256), [3,4,6,3])
_NEXT_PAIR = re.compile(r",\s*(?=[A-Za-z_][A-Za-z0-9_]*\s*=(?!=))")


def parse_variants(texts: list[str]) -> dict[str, dict]:
    """``--variant NAME:key=value,key=value`` (repeatable) -> ``{NAME: {key: value}}``."""
    where = Location(COMMAND_LINE)
    variants: dict[str, dict] = {}
    for text in texts or []:
        name, sep, body = text.partition(":")
        name = name.strip()
        if not sep or not name or not body.strip():
            raise EstimatorError(f"--variant expects NAME:key=value[,key=value...], got {short_repr(text)}", where)
        if name in variants:
            raise EstimatorError(f"--variant {name}: given twice", where)
        values: dict[str, str] = {}
        for pair in _NEXT_PAIR.split(body.strip()):
            key, equals, value = pair.partition("=")
            key = key.strip()
            if not equals or not value.strip() or not key.isidentifier():
                raise EstimatorError(f"--variant {name}: expected key=value (a hyperparameter and its value), got "
                                     f"{short_repr(pair)}", where)
            if key in values:
                raise EstimatorError(f"--variant {name}: {key} given twice", where)
            values[key] = value.strip()
        variants[name] = values
    return variants


def run_formula(args: argparse.Namespace, overrides: dict) -> str:
    spec = load_spec(args.spec)
    free = parse_free(args.free, spec)
    fixed: list = []
    if args.free is None:
        model, fixed = structural_free(spec, free, overrides, assumptions_of(args))
    else:
        try:
            model = symbolic_model(spec, free, overrides, assumptions_of(args))
        except Undecidable as exc:
            raise EstimatorError(
                f"{exc.message}: the model's structure depends on {', '.join(exc.names)}; leave "
                f"{'it' if len(exc.names) == 1 else 'them'} out of --free", exc.location) from None

    key = "non_embedding_params" if args.non_embedding else ALIASES.get(args.of, args.of)
    formula = model.formula(key)
    modules = model.module_formulas() if key == "params" else {}
    leading_note = ""
    if args.leading:
        whole, formula = formula, formula.leading()
        modules = {path: f.leading() for path, f in modules.items()}
        leading_note = leading_description(formula, whole, model.point)
    if args.format == "python":
        return formula.python(key)
    if args.format == "latex":
        return formula.latex() + "\n"
    if args.format == "json":
        return report.render_json({
            "name": spec.name,
            "of": key,
            key: str(formula.readable()),
            "params" if key != "params" else "formula": str(formula.readable()),
            "symbols": [str(s) for s in formula.symbols],
            "where": {str(o): str(d) for o, d in formula.definitions.items()},
            "values": {k: v if isinstance(v, (bool, int)) else str(v) for k, v in model.values.items()},
            "structural": fixed,
            "modules": [{"path": path, "params": str(f.readable())} for path, f in modules.items()],
            **({"leading": leading_note} if args.leading else {}),
        })
    lines = [f"{spec.name}: {key}{' (leading order)' if args.leading else ''} =", f"  {formula.text()}"]
    if modules and len(modules) > 1:
        lines.append("")
        lines.append("by module:")
        width = max(len(path) for path in modules)
        lines += [f"  {path.ljust(width)}  {f.readable()}" for path, f in modules.items()]
    if model.values:
        given = ", ".join(f"{k}={v}" for k, v in model.values.items() if not isinstance(v, bool))
        if given:
            lines.append("")
            lines.append(f"with {given}")
    if fixed:
        lines.append(f"({', '.join(fixed)} kept at {'its value' if len(fixed) == 1 else 'their values'}:"
                     " the model's structure depends on them)")
    if leading_note:
        lines.append(leading_note)
    return "\n".join(lines) + "\n"


def leading_description(leading, whole, point: dict) -> str:
    """One line: what `--leading` kept, and how much of the total that is at the spec's values."""
    scale = leading.scale
    constants = [str(s) for s in leading.symbols if scale is not None and s not in scale.symbols]
    text = ("leading order: the terms of highest degree in the "
            + (scale.describe() if scale is not None else "free symbols")
            + (" (a stack of repeats counts as one depth)" if scale is not None and len(scale.depths) > 1 else "")
            + (f"; {', '.join(constants)} {'counts as a constant' if len(constants) == 1 else 'count as constants'}"
               if constants else ""))
    share = leading.share(whole, point)
    if share is not None:
        text += f"; {percent(share)} of the total at the spec's values"
    return text


def run_sweep_command(args: argparse.Namespace, overrides: dict) -> int:
    spec = load_spec(args.spec)
    if bool(args.grid) == bool(args.points):
        raise EstimatorError("give --grid NAME=VALUES (repeatable) or --points FILE", Location(COMMAND_LINE))
    if args.grid:
        grid = parse_grid(args.grid, spec)
        points = grid_points(grid)
        swept, labels = list(grid), []
        count = 1
        for values in grid.values():
            count *= len(values)
    else:
        point_list = read_points(args.points, spec)
        # a CSV file knows its columns (no pass over a large file to find them)
        keys = point_list.columns if isinstance(point_list, PointsFile) else list(
            dict.fromkeys(k for p in point_list for k in p))
        swept = [k for k in keys if k not in LABEL_COLUMNS and not k.startswith(EXPECT_PREFIX)]
        labels = [k for k in keys if k in LABEL_COLUMNS or k.startswith(EXPECT_PREFIX)]
        points, count = iter(point_list), len(point_list)
    assumptions = assumptions_of(args)
    if args.layout:  # each layout is a point's assumptions: every point under every layout
        layouts = parse_layouts(args.layout, assumptions)
        swept += [name for name in layouts[0] if name not in swept]
        points, count = with_layouts(points, layouts), count * len(layouts)
    columns = sweep_columns(spec, swept, labels, args.columns)
    progress = sys.stderr.isatty() and not args.no_progress and count >= 20_000
    if args.grid and not args.layout and args.format == "csv" and not args.plot:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(grid_cells(spec, grid, overrides, columns, progress, assumptions))
        return 0
    # the plotted columns are computed even when the table leaves them out
    plotted = plot_columns(args.y, columns if args.columns else None, swept) if args.plot else []
    computed = columns + [c for c in plotted if c not in columns]
    rows: Iterable[dict] = run_sweep(spec, points, overrides, computed, count, progress, assumptions)
    failed = [0]  # rows whose count differs from an expect_ column (exit code 1), counted as they stream
    if any(c.startswith(EXPECT_PREFIX) for c in labels):
        rows = _count_failures(rows, failed)
    if args.plot:
        rows = list(rows)

        # a list value ([3, 4, 6, 3]) is drawn as its text: one line or one x position per list
        plot_sweep([{k: value_text(v) if isinstance(v, list) else v for k, v in row.items()} for row in rows],
                   swept, args.x, args.y, args.plot, spec.name, columns if args.columns else None,
                   assumptions.device_memory, assumptions.device)
    if args.format == "csv":
        report.stream_csv(rows, columns, sys.stdout)
    elif args.format == "json":
        rows = [{k: row.get(k) for k in columns} for row in rows]
        sys.stdout.write(report.render_json({"name": spec.name, "columns": columns, "rows": rows}))
    else:
        rows = list(rows)
        if not any(row.get("error") for row in rows) and "error" in columns and args.columns is None:
            columns = [c for c in columns if c != "error"]
        right = {c for c in columns if c not in LABEL_COLUMNS and c != "error"}
        sys.stdout.write(report.render_rows(rows, columns, args.format, right))
    return 1 if failed[0] else 0


def _count_failures(rows: Iterable[dict], failed: list) -> Iterator[dict]:
    """The rows, unchanged; ``failed[0]`` counts those with an expect_ column and an error."""
    for row in rows:
        if row["error"] and any(k.startswith(EXPECT_PREFIX) for k in row):
            failed[0] += 1
        yield row


def run_solve(args: argparse.Namespace, overrides: dict) -> str:
    spec = load_spec(args.spec)
    key, target = parse_target(args.target)
    result = solve(spec, key, target, args.for_name, overrides, args.multiple_of, alternatives=args.alternatives,
                   assumptions=assumptions_of(args), side=args.side)
    result["name"] = spec.name
    if args.format == "json":
        return report.render_json(result)
    human = report.human_for(key)
    rows = [
        {args.for_name: s[args.for_name], key: s[key], "human": human(s[key]),
         "error": f"{100 * s['relative_error']:+.3f}%"}
        for s in result["solutions"]
    ]
    text = ""
    if args.format == "table":
        text = (f"{spec.name}: {key} = {target:,} ({human(target)}) for {args.for_name}"
                f"{f' (multiples of {args.multiple_of})' if args.multiple_of > 1 else ''}; best first\n\n")
    return text + report.render_rows(rows, [args.for_name, key, "human", "error"], args.format,
                                     {args.for_name, key, "human", "error"})


def run_diff(args: argparse.Namespace, overrides: dict) -> tuple[str, bool]:
    """A spec against a model file (missing, unexpected, mismatched), or against a second
    spec or a variant of itself (modules, and tensors added, removed, reshaped)."""
    variants = parse_variants(args.variant)
    if variants or args.file is None:
        if args.file is not None or len(variants) != 1:
            raise EstimatorError("diff compares SPEC with FILE, with a second SPEC, or with one --variant",
                                 Location(COMMAND_LINE))
        ((name, values),) = variants.items()
        spec = load_spec(args.spec)
        other = load_spec(args.spec)
        other.data["name"] = name
        result = diff_specs(spec, other, overrides, {**overrides, **values}, args.depth)
    elif names_a_spec(args.file):
        result = diff_specs(args.spec, args.file, overrides, overrides, args.depth)
    else:
        result = diff_result(args.spec, args.file, overrides)
        return report.render_diff(result, args.format), result["match"]
    # two designs that differ are what was asked about, not a failed check: exit 0 (JSON says `match`)
    return report.render_spec_diff(result, args.format), True


def list_architectures(fmt: str) -> str:
    """``estimate --list``: the bundled architectures."""
    rows = [{"name": name} for name in bundled_architectures()]
    return report.render_rows(rows, ["name"], fmt) if fmt != "json" else report.render_json([r["name"] for r in rows])


def run_shapes(args: argparse.Namespace, overrides: dict) -> None:
    """Every tensor, streamed to standard output as it is listed."""
    name, listing = api.shape_rows(args.spec, overrides)
    report.write_shapes(name, listing, args.format, sys.stdout)


def run_validate(args: argparse.Namespace, overrides: dict) -> tuple[bool, bool]:
    """Each spec checked, its line printed; (every check passed, some input was bad)."""
    results = [api.validate(spec, overrides) for spec in args.spec]
    ok = all(r["ok"] for r in results)
    if args.format == "json":
        sys.stdout.write(report.render_json({"ok": ok, "errors": [e for r in results for e in r["errors"]],
                                             "specs": results}))
    else:
        for result in results:
            if result["ok"]:
                checked = ", ".join(f"{c['key']} = {c['got']:,}" for c in result["checks"]) or "no `expect:` block"
                print(f"ok: {result['spec']} ({checked})")
            else:
                for error in result["errors"]:
                    print(f"{'Error' if result['bad_input'] else 'Failed'}: {one_line(str(error))}",
                          file=sys.stderr if result["bad_input"] else sys.stdout)
    return ok, any(r["bad_input"] for r in results)


def run_convert(args: argparse.Namespace) -> None:
    """A config.json's architecture YAML, to standard output or ``--output``."""
    path, display, _ = spec_path(args.config)
    if path.suffix.lower() != ".json":
        raise EstimatorError("convert reads a Hugging Face config.json", Location(display))
    text = convert_config(path, display)
    if not args.output:
        sys.stdout.write(text)
        return
    try:
        Path(args.output).write_text(text)
    except OSError as exc:
        raise EstimatorError(f"cannot write: {exc.strerror}", Location(args.output)) from None
    print(f"wrote {args.output}", file=sys.stderr)
