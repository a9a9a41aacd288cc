"""The accelerator catalogue (``estimator/accelerators.yaml``): memory, dense peak FLOP/s
by dtype and memory bandwidth of each device, every figure with its source.

The catalogue is data: a device is added by editing the YAML, not this file. Loading checks
every entry (an error names the file, line and JSON path, on one line); :func:`device`
finds one by name or alias, with "did you mean" for an unknown name.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from estimator.core.errors import COMMAND_LINE, did_you_mean, EstimatorError, Location
from estimator.spec.loader import Document, load_yaml_file

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "accelerators.yaml"
FIGURES = ("bf16_flops", "fp8_flops", "bandwidth")  # each {value, source} (value null: with a reason)
MEMORY_UNITS = {"GB": 10**9, "GiB": 2**30}
_ENTRY_KEYS = {"name", "aliases", "memory", "bf16_flops", "fp8_flops", "bandwidth"}


@dataclass(frozen=True)
class Device:
    key: str  # the catalogue's name (what --device takes)
    name: str  # the product name
    memory_bytes: int
    memory_vendor: str  # the figure as the vendor prints it
    memory_unit: str  # how its "GB" was read: GB (10^9) or GiB (2^30)
    figures: dict  # bf16_flops / fp8_flops / bandwidth -> int or None
    sources: dict  # memory and each figure -> its source text
    reasons: dict  # a figure that is None -> why
    aliases: tuple = ()

    def as_dict(self) -> dict:
        return {"device": self.key, "name": self.name, "memory_bytes": self.memory_bytes,
                "memory_vendor": self.memory_vendor, "memory_unit": self.memory_unit, **self.figures,
                "sources": self.sources, **({"reasons": self.reasons} if self.reasons else {})}


def _integer(document: Document, path: tuple, value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise document.error(path, f"{what} must be a positive whole number, got {value!r}")
    return value


def _text(document: Document, path: tuple, value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise document.error(path, f"{what} must be non-empty text")
    return value


def _entry(document: Document, key: str, data: Any) -> Device:
    at = (key,)
    if not isinstance(data, dict):
        raise document.error(at, "a device is a mapping of name, memory, bf16_flops, fp8_flops, bandwidth")
    unknown = sorted(set(data) - _ENTRY_KEYS)
    if unknown:
        raise EstimatorError(f"unknown key {unknown[0]!r}{did_you_mean(unknown[0], _ENTRY_KEYS)}",
                             document.where_key(at + (unknown[0],)))
    for needed in sorted(_ENTRY_KEYS - {"aliases"}):
        if needed not in data:
            raise document.error(at, f"missing `{needed}`")
    memory = data["memory"]
    if not isinstance(memory, dict):
        raise document.error(at + ("memory",), "memory is {bytes, vendor, unit, source}")
    unit = memory.get("unit")
    if unit not in MEMORY_UNITS:
        raise document.error(at + ("memory", "unit"), f"unit must be GB (10^9 bytes) or GiB (2^30 bytes), got {unit!r}")
    sources = {"memory": _text(document, at + ("memory", "source"), memory.get("source"), "memory.source")}
    figures: dict = {}
    reasons: dict = {}
    for figure in FIGURES:
        entry = data[figure]
        if not isinstance(entry, dict) or "value" not in entry:
            raise document.error(at + (figure,), f"{figure} is {{value, source}} (value null with a reason)")
        sources[figure] = _text(document, at + (figure, "source"), entry.get("source"), f"{figure}.source")
        if entry["value"] is None:
            reasons[figure] = _text(document, at + (figure, "reason"), entry.get("reason"),
                                    f"{figure} is null: its reason")
            figures[figure] = None
        else:
            figures[figure] = _integer(document, at + (figure, "value"), entry["value"], f"{figure}.value")
    aliases = data.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) for a in aliases):
        raise document.error(at + ("aliases",), "aliases is a list of names")
    return Device(key=key, name=_text(document, at + ("name",), data["name"], "name"),
                  memory_bytes=_integer(document, at + ("memory", "bytes"), memory.get("bytes"), "memory.bytes"),
                  memory_vendor=_text(document, at + ("memory", "vendor"), memory.get("vendor"), "memory.vendor"),
                  memory_unit=unit, figures=figures, sources=sources, reasons=reasons,
                  aliases=tuple(str(a).lower() for a in aliases))


def load_catalogue(path: str | Path = CATALOGUE_FILE) -> dict[str, Device]:
    """Every device of a catalogue file by its key, checked."""
    document = load_yaml_file(str(path))
    if not isinstance(document.data, dict) or not document.data:
        raise document.error((), "the catalogue is a mapping of device names to entries")
    devices = {}
    for key, data in document.data.items():
        devices[str(key).lower()] = _entry(document, str(key), data)
    return devices


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Device]:
    """The bundled catalogue (read once)."""
    return load_catalogue()


def device(name: str) -> Device:
    """A bundled device by name or alias (case and ``_``/space insensitive)."""
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    devices = catalogue()
    if key in devices:
        return devices[key]
    for entry in devices.values():
        if key in entry.aliases:
            return entry
    names = list(devices) + [alias for entry in devices.values() for alias in entry.aliases]
    raise EstimatorError(f"--device {name}: unknown device{did_you_mean(key, names)}"
                         f" (`estimator devices` lists them)", Location(COMMAND_LINE))
