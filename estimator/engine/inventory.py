"""What a model is made of, as data: its tensors (each with the repeat segments of its name),
modules, attention layers, recurrent states and activation sites. A spec expands into an
:class:`Inventory` (:mod:`estimator.engine.expand`) and a model file is read into one
(:mod:`estimator.sources.counting`); :mod:`estimator.engine.totals` sums either the same way.
Kept apart from the expander so that counting a file needs neither the spec nor the expander.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Generic, overload, TypeVar

from estimator.core.errors import Location
from estimator.core.expressions import as_sympy, is_concrete, normalise, product, Scope


_T = TypeVar("_T")


class _once(Generic[_T]):
    """A property computed on its first read and kept as a plain attribute from then on
    (functools.cached_property, without the lock Python 3.11 takes on every first read)."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    @overload
    def __get__(self, instance: None, owner: type) -> _once[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass(frozen=True)
class Repeat:
    """A name segment standing for ``count`` copies numbered from ``start``.

    ``template`` holds ``{}`` where the copy's number goes (``"{}"`` for a module
    repeat, ``"weight_ih_l{}"`` for a tensor family); ``active`` is how many copies one
    token uses (MoE top-k), by default all of them.
    """

    template: str
    start: Any
    count: Any
    active: Any
    group: int = 0  # distinguishes several repeat groups under one parent
    # A tensor's path is a dictionary key in the listing, the totals and the name check: a
    # segment's hash is worked out once, not from its five fields at every lookup.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.template, self.start, self.count, self.active, self.group)))

    def __hash__(self) -> int:
        return self._hash

    def render(self) -> str:
        """``*`` for all copies of a named repeat, ``{3..31}`` for a group of a list, ``5`` for one."""
        if is_concrete(self.start) and is_concrete(self.count) and self.count == 1:
            return self.template.replace("{}", str(self.start))
        if self.group == 0 and self.start == 0:
            return self.template.replace("{}", "*")
        end = normalise(self.start + self.count - 1) if is_concrete(self.start) and is_concrete(self.count) else \
            normalise(as_sympy(self.start) + self.count - 1)
        return self.template.replace("{}", f"{{{self.start}..{end}}}")


Segment = Any  # str | Repeat


@dataclass
class Tensor:
    path: tuple  # of Segment; the last segment is the tensor's own name
    shape: tuple
    kind: str = "parameter"
    persistent: bool = True
    trainable: bool = True
    tied_to: str | None = None
    embedding: bool = False
    where: Location | None = None
    active_shape: tuple | None = None  # the part one token uses, if not all of it
    uses: Any = 1  # passes through this tensor per token (ALBERT shares one layer across 12)
    origin: Location | None = None  # the innermost node of the spec's `model` it comes from

    # Computed once: the totals, the metrics (each weight format, each device), the listing
    # and the module rows each read them for every tensor. A tensor's path and shapes are
    # never changed once it is made (a tie sets only tied_to and where).

    @_once
    def multiplicity(self) -> Any:
        return product(seg.count for seg in self.path if isinstance(seg, Repeat))

    @_once
    def active_multiplicity(self) -> Any:
        return product(seg.active for seg in self.path if isinstance(seg, Repeat))

    @_once
    def numel(self) -> Any:
        return product(self.shape)

    @_once
    def active_numel(self) -> Any:
        return product(self.active_shape) if self.active_shape is not None else self.numel

    @_once
    def elements(self) -> Any:
        """Elements in all copies: the size the totals add up."""
        return normalise(self.numel * self.multiplicity)

    @_once
    def active_elements(self) -> Any:
        """Elements one token uses, over the copies it goes through."""
        if self.active_shape is None and all(seg.active is seg.count for seg in self.path if isinstance(seg, Repeat)):
            return self.elements  # all of it, in every copy: the same product, already made
        return normalise(self.active_numel * self.active_multiplicity)

    @_once
    def template_name(self) -> str:
        return render_path(self.path)


@dataclass
class Module:
    path: tuple
    type: str | None
    where: Location | None = None


@dataclass
class Attention:
    """What one attention module needs per token: its KV cache and its score/mix widths.

    ``kv_per_token``: elements cached per token (K and V, or MLA's latent + rope part);
    ``qk_dim`` / ``v_dim``: total query-key and value widths over all heads (the attention
    FLOPs per token grow with context times these); ``window``: 0, or a sliding window.
    """

    path: tuple
    kv_per_token: Any
    qk_dim: Any
    v_dim: Any
    window: Any = 0
    uses: Any = 1  # passes through this layer per token (shared weights applied again)
    cache: bool = True  # keeps K/V for later tokens (false: an encoder's self-attention)
    cross: bool = False  # attends to the encoder's output: caches the encoder's length, not the context
    heads: Any = None  # query heads (eager attention scores, tensor-parallel checks); None: not declared

    @property
    def multiplicity(self) -> Any:
        return product(seg.count for seg in self.path if isinstance(seg, Repeat))


@dataclass
class State:
    """A recurrent state one module keeps per sequence, of a fixed size whatever the context
    (``state:``): a Mamba mixer's conv or SSM state, a linear-attention layer's K^T V.
    ``dtype``: ``cache`` (the KV cache's dtype) or ``fp32``."""

    path: tuple  # the module's
    name: str
    elements: Any  # per sequence, per copy of the module
    dtype: str = "cache"
    uses: Any = 1  # passes through this module per token (each pass keeps its own state)

    @property
    def multiplicity(self) -> Any:
        return product(seg.count for seg in self.path if isinstance(seg, Repeat))


@dataclass
class ActivationSite:
    """One use of a layer type, for what it keeps for backward (``activations:``): its
    declarations are evaluated only when activations are asked for
    (:mod:`estimator.engine.activations`), in the type's scope."""

    path: tuple
    type_name: str
    declarations: dict  # the type's own `activations:` (may be empty)
    document: Any
    json_path: tuple  # of the declarations in their document
    scope: Scope
    uses: Any = 1

    @property
    def multiplicity(self) -> Any:
        return product(seg.count for seg in self.path if isinstance(seg, Repeat))


@dataclass
class Inventory:
    """The expanded model: its tensors (with multiplicities), modules and attention layers."""

    name: str
    tensors: list[Tensor] = field(default_factory=list)
    modules: list[Module] = field(default_factory=list)
    hyperparameters: dict = field(default_factory=dict)
    attention: list[Attention] = field(default_factory=list)
    states: list[State] = field(default_factory=list)  # fixed-size recurrent states (per sequence)
    activation_sites: list[ActivationSite] = field(default_factory=list)  # every use of a layer type
    file: str = ""  # the spec it came from (for errors about the model as a whole)
    quantization: dict | None = None  # how its checkpoint is quantised (a config.json's quantization_config)


def render_path(path: tuple) -> str:
    return ".".join(seg.render() if isinstance(seg, Repeat) else seg for seg in path)
