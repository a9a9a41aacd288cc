"""Sum an inventory into the counts users rely on (DESIGN.md, counting rules).

- ``params``: elements of unique parameter tensors (a tied tensor counts once, at its target);
- buffers apart (``buffer_elements``, of which ``persistent_buffer_elements`` are stored);
- ``trainable_params`` / ``non_trainable_params``; ``embedding_params`` / ``non_embedding_params``;
- ``active_params``: what one token uses (MoE: top-k of the experts).
Subtotals follow fvcore: each tensor adds to every dotted prefix of its name.
Values are exact: Python ints, or sympy expressions when hyperparameters are free.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from estimator.core.expressions import normalise, Sum
from estimator.engine.inventory import Inventory, render_path, Repeat

COUNT_KEYS = (
    "params",
    "trainable_params",
    "non_trainable_params",
    "buffer_elements",
    "persistent_buffer_elements",
    "embedding_params",
    "non_embedding_params",
    "active_params",
)


@dataclass
class ModuleTotal:
    path: str
    depth: int
    type: str | None
    params: Any = 0
    buffer_elements: Any = 0
    repeat: Any = None  # copies of this module, when it is a repeat


@dataclass
class Totals:
    counts: dict = field(default_factory=dict)
    modules: dict = field(default_factory=dict)  # path -> ModuleTotal, in model order

    def __getitem__(self, key: str) -> Any:
        return self.counts[key]


def compute_totals(inventory: Inventory) -> Totals:
    sized = [(tensor, normalise(tensor.numel * tensor.multiplicity)) for tensor in inventory.tensors]
    # ints where every size is a number (almost always: the fast path); else sums that add their
    # free terms at once (core.expressions.Sum). Either accumulates with `+=`.
    start: Callable[[], Any] = int if all(type(elements) is int for _, elements in sized) else Sum
    counts = {key: start() for key in COUNT_KEYS if key != "non_embedding_params"}
    breakdown = _Breakdown({render_path(module.path): module.type for module in inventory.modules})
    for module in inventory.modules:
        breakdown.entry(module.path)
    holders: dict[tuple, list[list]] = {}  # a module path -> the running totals of its entry and its parents'
    running: dict[str, list] = {}  # an entry's path -> [its params, its buffer elements], running

    def prefixes(path: tuple) -> list[list]:
        found = holders.get(path[:-1]) if len(path) > 1 else None
        if found is None:  # a module's tensors share them (its weight and bias)
            found = [running.setdefault(entry.path, [start(), start()]) for entry in breakdown.prefixes(path)]
            if len(path) > 1:
                holders[path[:-1]] = found
        return found

    for tensor, elements in sized:
        if tensor.kind == "buffer":
            counts["buffer_elements"] += elements
            if tensor.persistent:
                counts["persistent_buffer_elements"] += elements
            for totals in prefixes(tensor.path):
                totals[1] += elements
            continue
        if tensor.tied_to:
            continue  # shares storage with its target, which is counted
        counts["params"] += elements
        counts["trainable_params" if tensor.trainable else "non_trainable_params"] += elements
        if tensor.embedding:
            counts["embedding_params"] += elements
        counts["active_params"] += normalise(tensor.active_numel * tensor.active_multiplicity)
        for totals in prefixes(tensor.path):
            totals[0] += elements
    values = {key: _value(total) for key, total in counts.items()}
    values["non_embedding_params"] = normalise(values["params"] - values["embedding_params"])
    for path, (params, buffer_elements) in running.items():
        entry = breakdown.modules[path]
        entry.params, entry.buffer_elements = _value(params), _value(buffer_elements)
    return Totals({key: values[key] for key in COUNT_KEYS}, breakdown.modules)


def _value(total: Any) -> Any:
    return total.value() if isinstance(total, Sum) else normalise(total)


def _is_copy_segment(segment: Any) -> bool:
    """The ``*`` of ``layers.*``: the copies of a named repeat, folded into ``layers``."""
    return isinstance(segment, Repeat) and segment.group == 0 and segment.template == "{}"


class _Breakdown:
    """Module subtotals by rendered path, in model order; entries are also memoised by the
    path tuple, since rendering names is the slow part."""

    def __init__(self, types: dict):
        self.types = types
        self.modules: dict[str, ModuleTotal] = {}
        self.by_path: dict[tuple, ModuleTotal] = {}

    def entry(self, path: tuple, type_name: str | None = None) -> ModuleTotal:
        entry = self.by_path.get(path)
        if entry is None:
            entry = self.by_path[path] = self._new_entry(path, type_name)
        return entry

    def _new_entry(self, path: tuple, type_name: str | None) -> ModuleTotal:
        if path and _is_copy_segment(path[-1]):
            entry = self.entry(path[:-1])
            entry.repeat = path[-1].count
            entry.type = entry.type or self.types.get(render_path(path))
            return entry
        key = render_path(path)
        existing = self.modules.get(key)
        if existing is not None:
            return existing
        depth = sum(1 for segment in path if not _is_copy_segment(segment))
        repeat = path[-1].count if path and isinstance(path[-1], Repeat) else None
        entry = ModuleTotal(key, depth, type_name or self.types.get(key), repeat=repeat)
        self.modules[key] = entry
        return entry

    def prefixes(self, path: tuple):
        """Every module prefix of a tensor path (not the tensor itself), each module once.

        A tensor of the model itself (no module) is its own top-level entry."""
        if len(path) == 1:
            yield self.entry(path, "tensor")
            return
        for end in range(1, len(path)):
            entry = self.entry(path[:end])
            if not _is_copy_segment(path[end - 1]):  # `layers.*` is the module `layers` again
                yield entry


def module_paths(path: tuple, own: bool) -> list[str]:
    """The breakdown paths that hold a tensor (``own=False``: its modules) or a module
    (``own=True``: itself and its parents), as :func:`compute_totals` names them."""
    ends = range(1, len(path) + 1) if own else range(1, len(path))
    parts = [segment.render() if isinstance(segment, Repeat) else segment  # each segment rendered once
             for segment in (path if own else path[:-1])]
    return [".".join(parts[:end]) for end in ends if not _is_copy_segment(path[end - 1])]
