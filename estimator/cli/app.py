"""The command line: ``estimator COMMAND SPEC [--set NAME=VALUE] [--format FMT]``.

One exception type (:class:`EstimatorError`) is caught here, printed as
``Error: file:line:col: $.path: message``, and turned into exit code 2. Exit code 1 means
a check ran and failed (``validate`` expectations).
"""
from __future__ import annotations

import argparse
import functools
import importlib
import sys
from types import ModuleType
from typing import NoReturn, Sequence

from estimator import __version__
from estimator.cli import render as report
from estimator.cli.options import add_layout_arguments, render_devices
from estimator.cli.render import FORMATS
from estimator.core.errors import COMMAND_LINE, EstimatorError, Location, one_line, parse_integer, short_repr

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2

# The modules that run the commands are imported when a command runs, by the name written here,
# so that a run loads only what its command needs (a run is mostly imports: `count` of a
# checkpoint needs neither the engine's metrics nor the Hugging Face templates). tests/test_layout.py
# reads this table and checks each name as it checks an import (it exists, it points down the
# pipeline, no cycle).
DEFERRED_MODULES = {
    "commands": "estimator.cli.commands",  # estimate, shapes, validate, formula, sweep, solve, diff, convert
    "count": "estimator.sources.counting",  # a model file's tensors, counted
    "report": "estimator.cli.page",     # the review page (and its JavaScript printer)
    "layers": "estimator.cli.layers",   # the layer library's listing
}


def command_module(command: str) -> ModuleType:
    return importlib.import_module(DEFERRED_MODULES[command])


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors through EstimatorError (exit 2, one line)."""

    def error(self, message: str) -> NoReturn:
        raise EstimatorError(f"{one_line(message)} (see `{self.prog} --help`)", Location(COMMAND_LINE))


def _overrides(pairs: list[str]) -> dict:
    overrides = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise EstimatorError(f"--set expects NAME=VALUE, got {short_repr(pair)}", Location(COMMAND_LINE))
        if not name.strip().isidentifier():
            raise EstimatorError(f"--set {short_repr(name.strip())}: a hyperparameter name is a plain identifier",
                                 Location(COMMAND_LINE))
        overrides[name.strip()] = value.strip()
    return overrides


def _whole_number(minimum: int):
    """An argparse type: a bounded decimal integer of at least ``minimum``; argparse names
    the option in the message (``argument --context: ...``)."""
    def parse(text: str) -> int:
        try:
            value = parse_integer(text, None, "the value")
        except EstimatorError as exc:
            raise argparse.ArgumentTypeError(exc.message) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {'positive' if minimum == 1 else f'at least {minimum}'},"
                                             f" got {value}")
        return value
    parse.__name__ = "whole number"
    return parse


POSITIVE, NON_NEGATIVE = _whole_number(1), _whole_number(0)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (a run builds only its command's: see parser_for)."""
    return _parser(None)


def _parser(only: str | None) -> argparse.ArgumentParser:
    """The parser of every command or, with ``only``, of that command alone: argparse takes
    about 5 ms to declare every option of every command (a tenth of a cached `estimate`), so
    a run declares those of the command it runs."""
    parser = _Parser(prog="estimator", description="Exact parameter counts of neural networks from architecture specs.")
    parser.add_argument("--version", action="version", version=f"estimator {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def wanted(name: str) -> bool:
        assert name in COMMAND_NAMES, f"a new command: add {name} to COMMAND_NAMES"  # parser_for looks there
        return only is None or only == name

    def command(name: str, help_text: str, spec_nargs: str | None = None, formats: tuple = FORMATS,
                default_format: str = "table") -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if spec_nargs is not None:
            sub.add_argument("spec", nargs=spec_nargs, metavar="SPEC",
                             help="architecture YAML, config.json (or its folder), bundled name (e.g. llama-2-7b),"
                                  " or Hugging Face repo id org/name[@revision] (local cache first)")
        sub.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                         help="override a hyperparameter (repeatable); VALUE may be an expression")
        sub.add_argument("--format", choices=formats, default=default_format,
                         help=f"output format (default: {default_format})")
        sub.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
        return sub

    def assumptions(sub: argparse.ArgumentParser) -> None:
        group = sub.add_argument_group("bytes and FLOPs (see the assumptions printed with them)")
        group.add_argument("--weights", metavar="FORMAT",
                           help="weight storage: fp32, fp16, bf16, fp8, int8, intN-gG[-zp] (e.g. int4-g128), a "
                                "checkpoint format (mxfp4, nvfp4, fp8-block128, nf4, gptq-int4-g128, awq-int4-g128) "
                                "or a GGUF type (q8_0, q4_0, q4_k, q6_k, ...); default: as the checkpoint ships "
                                "(a config.json's quantization_config), else bf16")
        group.add_argument("--keep", default="bf16", metavar="DTYPE",
                           help="dtype of embeddings, norms and biases when --weights is quantised (default bf16)")
        group.add_argument("--kv-dtype", default="bf16", metavar="DTYPE", help="KV cache dtype (default bf16)")
        group.add_argument("--context", type=POSITIVE, metavar="TOKENS",
                           help="context length for the KV cache and attention FLOPs (default: the spec's, else 2048)")
        group.add_argument("--batch", type=POSITIVE, default=1, metavar="N", help="sequences in the KV cache (default 1)")
        group.add_argument("--encoder-context", type=POSITIVE, metavar="TOKENS",
                           help="encoder tokens that cross-attention holds K/V for (default: the spec's"
                                " max_source_positions, else the context)")
        group.add_argument("--optimizer", default="adamw", metavar="NAME", help="adamw (mixed precision, default), adamw-fp32, sgd")
        group.add_argument("--zero", type=NON_NEGATIVE, default=0, metavar="STAGE", help="ZeRO stage 1-3: shard training state")
        group.add_argument("--devices", type=POSITIVE, default=1, metavar="N", help="devices the ZeRO shards spread over")
        add_layout_arguments(sub)
        acts = sub.add_argument_group("activation memory for training (one micro-batch; --context is the sequence length)")
        acts.add_argument("--activations", metavar="PROFILE",
                          help="what backward keeps, by profile: hf-eager, hf-sdpa (transformers 5.24, measured), "
                               "megatron (Korthikanti et al. 2022); default: not included")
        acts.add_argument("--micro-batch", type=POSITIVE, default=1, metavar="B", help="sequences per micro-batch (default 1)")
        acts.add_argument("--act-dtype", default="bf16", metavar="DTYPE", help="activation dtype (default bf16)")
        acts.add_argument("--recompute", choices=("none", "selective", "full"), default="none",
                          help="activation recompute: none (default), selective (megatron), full (each layer keeps its input)")

    if wanted("estimate"):
        estimate = command("estimate", "Total parameters, breakdown by module, buffers, memory. Several SPECs (or"
                           " --variant) are shown side by side, a column each and the change against the first.", "*")
        assumptions(estimate)
        estimate.add_argument("--depth", type=NON_NEGATIVE, default=2, help="module levels in the breakdown (default: 2)")
        estimate.add_argument("--variant", action="append", default=[], metavar="NAME:key=value,key=value",
                              help="a variant of the SPEC, its hyperparameters set as --set would (repeatable): a column"
                                   " each, next to the SPEC's, with the change against it")
        estimate.add_argument("--plot", metavar="FILE", help="draw the parameters by module (at --depth), a bar per model"
                              " (.png, .svg or .pdf; needs matplotlib)")
        estimate.add_argument("--list", action="store_true", help="list the bundled architectures")
    if wanted("shapes"):
        command("shapes", "Every tensor with its shape, named as in the reference state dict.", None).add_argument(
            "spec", metavar="SPEC")
    if wanted("validate"):
        command("validate", "Check specs: schema, semantics, and their `expect:` counts.", "+")
    if wanted("formula"):
        formula = command("formula", "The closed-form count as a formula of the free hyperparameters.", None,
                          formats=("text", "latex", "python", "json"), default_format="text")
        formula.add_argument("spec", metavar="SPEC")
        assumptions(formula)
        formula.add_argument("--free", metavar="A,B", help="hyperparameters that stay symbols"
                             " (default: every one written as a plain integer)")
        formula.add_argument("--of", default="params", metavar="COUNT",
                             help="which count: params (default), active_params, trainable_params, embedding_params, ...")
        formula.add_argument("--non-embedding", action="store_true", help="the non-embedding parameters (Kaplan's N)")
        formula.add_argument("--leading", action="store_true", help="only the leading-order terms: highest degree in the model's sizes and depths")

    if wanted("sweep"):
        sweep = command("sweep", "Counts over a grid or a list of points (design-review tables).", None)
        sweep.add_argument("spec", metavar="SPEC")
        assumptions(sweep)
        sweep.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2|START:STOP:STEP|[..],[..]",
                           help="values of one hyperparameter: V1,V2,... or START:STOP:STEP (STOP included); a list-valued"
                                " one takes lists, '[3,4,6,3],[3,4,23,3]' (commas inside brackets belong to the list;"
                                " quote it for the shell). Repeatable: the cartesian product.")
        sweep.add_argument("--points", metavar="FILE",
                           help="CSV or YAML: one point per row, hyperparameters as columns; a list as a YAML list or a"
                                " quoted CSV cell \"[3, 4, 6, 3]\"; name/label/model label a row, expect_params (any"
                                " expect_COUNT) is checked.")
        sweep.add_argument("--layout", action="append", default=[], metavar="tp=2,pp=2",
                           help="a parallel layout (fields tp, pp, cp, ep, dp, sp, zero; the others as their flags);"
                                " repeatable: every point under every layout, a column per field, a line per layout")
        sweep.add_argument("--columns", metavar="A,B", help="columns to show (counts, hyperparameters, name, error)")
        sweep.add_argument("--plot", metavar="FILE", help="draw columns against a swept value, a line per combination of"
                           " the other swept values (.png, .svg or .pdf; needs matplotlib)")
        sweep.add_argument("--x", metavar="NAME", help="plot: the swept value on the x axis (default: the first swept)")
        sweep.add_argument("--y", metavar="A,B", help="plot: the columns on the y axis, of one unit (default: the counts"
                           " --columns shows of its first count's unit, else params); --device adds its memory as a line")
        sweep.add_argument("--no-progress", action="store_true", help="never show the progress line")

    if wanted("solve"):
        solve = command("solve", "Find the value of one hyperparameter that brings a count to a target. The count need"
                        " not be a formula of it (a repeat with `index`, a schedule): valid values are searched and"
                        " invalid ones skipped; when no value fits, the message names the constraint or limit that ends"
                        " the valid range.", None)
        solve.add_argument("spec", metavar="SPEC")
        assumptions(solve)
        solve.add_argument("--target", required=True, metavar="COUNT=VALUE", help="e.g. params=7e9, active_params=13B")
        solve.add_argument("--for", dest="for_name", required=True, metavar="NAME", help="the hyperparameter to solve for")
        solve.add_argument("--multiple-of", type=POSITIVE, default=1, metavar="K", help="only multiples of K")
        solve.add_argument("--alternatives", type=POSITIVE, default=1, metavar="N", help="valid values to show on each side (default 1)")
        solve.add_argument("--side", choices=("both", "below", "above"), default="both",
                           help="below: only values whose total is at most the target (a budget to fit); default both")

    if wanted("count"):
        count = command("count", "Counts from model files: safetensors (incl. sharded), GGUF, name/shape lists, config.json;"
                        " on the Hub, org/name[@revision][/file] reads only the headers (HTTP range requests).", None)
        count.add_argument("files", nargs="+", metavar="FILE", help="model files or folders, or Hub repo ids"
                           " org/name[@revision][/file] (several are shown side by side)")
        count.add_argument("--depth", type=NON_NEGATIVE, default=2, help="module levels in the breakdown (default: 2)")
    if wanted("diff"):
        diff = command("diff", "Compare a spec's tensors with a checkpoint's: missing, unexpected, mismatched. With a"
                       " second spec (a YAML spec or a bundled name) or --variant: the parameters of each module in both,"
                       " and the tensors added, removed or reshaped.", None)
        diff.add_argument("spec", metavar="SPEC")
        diff.add_argument("file", nargs="?", metavar="FILE|SPEC", help="safetensors file, sharded index, folder, GGUF,"
                          " name/shape list, config.json, or Hub repo id org/name[@revision][/file]; or a second spec"
                          " (an architecture YAML or a bundled name), which --set changes as it changes the first")
        diff.add_argument("--variant", action="append", default=[], metavar="NAME:key=value,key=value",
                          help="compare SPEC with a variant of itself, its hyperparameters set as --set would")
        diff.add_argument("--depth", type=NON_NEGATIVE, default=2, help="module levels compared by two specs (default: 2)")

    if wanted("convert"):
        convert = command("convert", "Write the architecture YAML of a Hugging Face config.json (to edit and estimate).", None)
        convert.add_argument("config", metavar="CONFIG", help="a config.json, a folder holding one, or a Hub repo id"
                             " org/name[@revision]")
        convert.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    if wanted("devices"):
        command("devices", "The accelerator catalogue: memory, dense bf16 and fp8 peak FLOP/s, bandwidth (sources in"
                " --format json).")
    if wanted("report"):
        report_command = command("report", "A self-contained review page (HTML): exact counts recomputed in the browser as"
                                 " the hyperparameters change, the breakdown, the formula, a sweep chart.", None,
                                 formats=("html",), default_format="html")
        report_command.add_argument("spec", metavar="SPEC")
        report_command.add_argument("-o", "--output", metavar="FILE", help="write the page here (default: standard output)")
        report_command.add_argument("--sweep", metavar="NAME", help="the hyperparameter the sweep chart varies first"
                                    " (default: the hidden size, else the first free one)")
        assumptions(report_command)
    if wanted("layers"):
        layers = command("layers", "The layer library: each type's arguments, tensors and parameter formula.")
        layers.add_argument("type", nargs="?", metavar="TYPE", help="show one layer type in detail")
        layers.add_argument("--spec", metavar="SPEC", help="include the layer types a spec defines")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        args = parser_for(argv).parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return EXIT_BAD_INPUT
        return _run(args)
    except EstimatorError as exc:
        if debug:
            raise
        print(f"Error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("Interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def parser_for(argv: list[str]) -> argparse.ArgumentParser:
    """The parser ``argv`` needs: that of its command alone when its first word names one and
    only --debug comes before it; else every command's (for --help, --version, a mistyped
    command and its "invalid choice" message, which lists them all)."""
    for word in argv:
        if word == "--debug":
            continue
        if word in COMMAND_NAMES:
            return _command_parser(word)
        break
    return build_parser()


@functools.cache  # parsing leaves a parser as it was: a process running many commands builds each once
def _command_parser(command: str) -> argparse.ArgumentParser:
    return _parser(only=command)


COMMAND_NAMES = ("estimate", "shapes", "validate", "formula", "sweep", "solve", "count", "diff", "convert", "devices",
                 "report", "layers")


def _run(args: argparse.Namespace) -> int:
    overrides = _overrides(args.set)
    if args.command == "count":
        _write(_count(args, overrides))
        return EXIT_OK
    if args.command == "devices":
        _write(render_devices(args.format, report.render_rows, report.render_json))
        return EXIT_OK
    if args.command == "report":
        return _report(args, overrides)
    if args.command == "layers":
        _write(command_module("layers").render_layers(args.type, args.format, args.spec))
        return EXIT_OK
    commands = command_module("commands")
    if args.command == "estimate":
        if args.list or not args.spec:
            if not args.spec and not args.list:
                raise EstimatorError("give a SPEC (a YAML file or a bundled name; `estimator estimate --list`)",
                                     Location(COMMAND_LINE))
            _write(commands.list_architectures(args.format))
            return EXIT_OK
        _write(commands.run_estimate(args, overrides))
        return EXIT_OK
    if args.command == "shapes":
        commands.run_shapes(args, overrides)
        return EXIT_OK
    if args.command == "validate":
        ok, bad_input = commands.run_validate(args, overrides)
        return EXIT_BAD_INPUT if bad_input else EXIT_OK if ok else EXIT_CHECK_FAILED
    if args.command == "formula":
        _write(commands.run_formula(args, overrides))
        return EXIT_OK
    if args.command == "sweep":
        return commands.run_sweep_command(args, overrides)  # 1 when a point's expect_* check failed
    if args.command == "solve":
        _write(commands.run_solve(args, overrides))
        return EXIT_OK
    if args.command == "diff":
        text, matched = commands.run_diff(args, overrides)
        _write(text)
        return EXIT_OK if matched else EXIT_CHECK_FAILED
    if args.command == "convert":
        commands.run_convert(args)
        return EXIT_OK
    raise EstimatorError(f"unknown command {args.command}", Location(COMMAND_LINE))


def _count(args: argparse.Namespace, overrides: dict) -> str:
    counted = [command_module("count").count_result(argument, overrides) for argument in args.files]
    if args.format == "json":
        return report.render_json(counted[0] if len(counted) == 1 else counted)
    if len(counted) == 1:
        return report.render_count(counted[0], args.format, args.depth)
    return report.render_side_by_side(counted, args.format, args.depth, args.files)


def _report(args: argparse.Namespace, overrides: dict) -> int:
    assumptions = command_module("commands").assumptions_of(args)
    text = command_module("report").review_page(args.spec, overrides, assumptions, args.sweep)
    if not args.output:
        _write(text)
        return EXIT_OK
    try:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise EstimatorError(f"cannot write: {exc.strerror}", Location(args.output)) from None
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _write(text: str) -> None:
    sys.stdout.write(text)
