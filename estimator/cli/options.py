"""Command-line options for memory per device: the parallel layout and the device to fit.

Kept apart from :mod:`estimator.cli.app` so that the layout options are declared once and
read into :class:`~estimator.engine.metrics.Assumptions` in one place."""
from __future__ import annotations

import argparse

from estimator.core.amounts import parse_amount
from estimator.core.errors import COMMAND_LINE, EstimatorError, Location
from estimator.engine.devices import catalogue, device


def _size(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value
    parse.__name__ = "whole number"
    return parse


def add_layout_arguments(sub: argparse.ArgumentParser) -> None:
    group = sub.add_argument_group("parallel layout and device (memory per device; see the assumptions printed)")
    for name, what in (("tp", "tensor-parallel size (heads must divide by it)"),
                       ("pp", "pipeline stages (layers must divide by it)"),
                       ("cp", "context-parallel size"),
                       ("ep", "expert-parallel size (experts must divide by it; it divides dp x cp)")):
        group.add_argument(f"--{name}", type=_size(1), default=1, metavar="N", help=f"{what}; default 1")
    group.add_argument("--dp", type=_size(1), default=0, metavar="N",
                       help="data-parallel size (ZeRO shards over dp x cp); default: devices / (tp x pp x cp)")
    group.add_argument("--sp", action="store_true", help="sequence parallelism (with --tp)")
    group.add_argument("--device", metavar="NAME",
                       help="an accelerator of the catalogue (`estimator devices`): does the model fit, with what headroom")
    group.add_argument("--device-memory", metavar="BYTES", help="a device's memory instead, e.g. 80GiB, 24e9")


def layout_fields(args: argparse.Namespace) -> dict:
    """The layout and device options as Assumptions fields."""
    fields: dict = {name: getattr(args, name) for name in ("tp", "pp", "cp", "ep", "dp", "sp") if hasattr(args, name)}
    name = getattr(args, "device", None)
    memory = getattr(args, "device_memory", None)
    if name is not None and memory is not None:
        raise EstimatorError("give --device or --device-memory, not both", Location(COMMAND_LINE))
    if name is not None:
        entry = device(name)
        fields.update(device=entry.key, device_memory=entry.memory_bytes)
    elif memory is not None:
        fields.update(device_memory=parse_amount(memory, "--device-memory"))
    return fields


def render_devices(fmt: str, render_rows, render_json) -> str:
    """``estimator devices``: the catalogue, a row per device (JSON: every figure's source)."""
    entries = [entry.as_dict() for entry in catalogue().values()]
    if fmt == "json":
        return render_json(entries)
    rows = [{"device": e["device"], "name": e["name"], "memory_bytes": e["memory_bytes"],
             "memory": f"{e['memory_vendor']} ({e['memory_unit']})",
             "bf16_flops": e["bf16_flops"] if e["bf16_flops"] is not None else "n/a",
             "fp8_flops": e["fp8_flops"] if e["fp8_flops"] is not None else "n/a",
             "bandwidth": e["bandwidth"]} for e in entries]
    return render_rows(rows, ["device", "name", "memory_bytes", "memory", "bf16_flops", "fp8_flops", "bandwidth"],
                       fmt, {"memory_bytes", "bf16_flops", "fp8_flops", "bandwidth"})
