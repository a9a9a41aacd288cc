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
from estimator.engine.inventory import Inventory, Repeat

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
    tensors = inventory.tensors
    # ints where every size is a number (almost always: the fast path); else sums that add their
    # free terms at once (core.expressions.Sum). Either accumulates with `+=`.
    start: Callable[[], Any] = int if all(type(tensor.elements) is int for tensor in tensors) else Sum
    counts = {key: start() for key in COUNT_KEYS if key != "non_embedding_params"}
    breakdown = _Breakdown(inventory.modules, start)
    for tensor in tensors:
        elements = tensor.elements
        if tensor.kind == "buffer":
            counts["buffer_elements"] += elements
            if tensor.persistent:
                counts["persistent_buffer_elements"] += elements
            for totals in breakdown.holders(tensor.path):
                totals[1] += elements
            continue
        if tensor.tied_to:
            continue  # shares storage with its target, which is counted
        counts["params"] += elements
        counts["trainable_params" if tensor.trainable else "non_trainable_params"] += elements
        if tensor.embedding:
            counts["embedding_params"] += elements
        counts["active_params"] += tensor.active_elements
        for totals in breakdown.holders(tensor.path):
            totals[0] += elements
    values = {key: _value(total) for key, total in counts.items()}
    values["non_embedding_params"] = normalise(values["params"] - values["embedding_params"])
    for path, (params, buffer_elements) in breakdown.running.items():
        entry = breakdown.modules[path]
        entry.params, entry.buffer_elements = _value(params), _value(buffer_elements)
    return Totals({key: values[key] for key in COUNT_KEYS}, breakdown.modules)


def _value(total: Any) -> Any:
    return total.value() if isinstance(total, Sum) else normalise(total)


def _is_copy_segment(segment: Any) -> bool:
    """The ``*`` of ``layers.*``: the copies of a named repeat, folded into ``layers``."""
    return isinstance(segment, Repeat) and segment.group == 0 and segment.template == "{}"


class _Breakdown:
    """Module subtotals by rendered path, in model order: an entry for every module, then for
    every prefix of a tensor's path that is not one. Names, entries and the running totals a
    tensor adds to are each worked out once per path (a prefix's from its parent's), since
    rendering names is the slow part."""

    def __init__(self, modules: list, start: Callable[[], Any]):
        self.start = start
        self.names = PathNames()
        self.types = {self.names.name(module.path): module.type for module in modules}
        self.modules: dict[str, ModuleTotal] = {}
        self.by_path: dict[tuple, ModuleTotal] = {}
        self.running: dict[str, list] = {}  # an entry's path -> [its params, its buffer elements], running
        self.held: dict[tuple, list[list]] = {}  # a module path -> the running totals of its entry and its parents'
        for module in modules:
            self.entry(module.path)

    def entry(self, path: tuple, type_name: str | None = None) -> ModuleTotal:
        entry = self.by_path.get(path)
        if entry is None:
            entry = self.by_path[path] = self._new_entry(path, type_name)
        return entry

    def _new_entry(self, path: tuple, type_name: str | None) -> ModuleTotal:
        if path and _is_copy_segment(path[-1]):
            entry = self.entry(path[:-1])
            entry.repeat = path[-1].count
            entry.type = entry.type or self.types.get(self.names.name(path))
            return entry
        key, depth = self.names.named(path)
        existing = self.modules.get(key)
        if existing is not None:
            return existing
        repeat = path[-1].count if path and isinstance(path[-1], Repeat) else None
        entry = ModuleTotal(key, depth, type_name or self.types.get(key), repeat=repeat)
        self.modules[key] = entry
        return entry

    def holders(self, path: tuple) -> list[list]:
        """The running totals a tensor adds to: those of every module prefix of its path (not
        the tensor itself), each module once; a tensor of the model itself (no module) is its
        own top-level entry."""
        if len(path) == 1:
            return [self._running(self.entry(path, "tensor"))]
        return self._held(path[:-1])

    def _held(self, path: tuple) -> list[list]:
        """The running totals of the module ``path`` and its parents (``layers.*`` is the
        module ``layers`` again), made once per path; a module's tensors share them."""
        held = self.held.get(path)
        if held is None:
            held = self._held(path[:-1]) if len(path) > 1 else []
            entry = self.entry(path)
            segment = path[-1]
            if type(segment) is str or not _is_copy_segment(segment):
                held = held + [self._running(entry)]
            self.held[path] = held
        return held

    def _running(self, entry: ModuleTotal) -> list:
        running = self.running.get(entry.path)
        if running is None:
            running = self.running[entry.path] = [self.start(), self.start()]
        return running


class PathNames:
    """The names of paths (``render_path``) and the breakdown paths that hold a module (the
    module and its parents, as :func:`compute_totals` names them), each worked out once and
    from its parent's: the modules of a model share their prefixes."""

    def __init__(self) -> None:
        self.names: dict[tuple, tuple[str, int]] = {(): ("", 0)}  # a path -> its name and depth
        self.holding: dict[tuple, list[str]] = {(): []}

    def name(self, path: tuple) -> str:
        return self.named(path)[0]

    def named(self, path: tuple) -> tuple[str, int]:
        """A path's name and depth (its segments but the `*` of a named repeat)."""
        named = self.names.get(path)
        if named is None:
            segment = path[-1]
            parent, depth = self.named(path[:-1])
            part = segment.render() if isinstance(segment, Repeat) else segment
            if not _is_copy_segment(segment):
                depth += 1
            named = self.names[path] = (f"{parent}.{part}" if len(path) > 1 else part, depth)
        return named

    def holders(self, path: tuple) -> list[str]:
        """The module and its parents, by name (``layers.*`` is the module ``layers`` again)."""
        holding = self.holding.get(path)
        if holding is None:
            holding = self.holders(path[:-1])
            if not _is_copy_segment(path[-1]):
                holding = holding + [self.name(path)]
            self.holding[path] = holding
        return holding
