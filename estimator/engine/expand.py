"""Expand a spec into its tensor inventory: each tensor's name, shape, kind and multiplicity.

A module that is ``repeat``-ed is expanded once; its tensors carry a :class:`Repeat`
segment in their name whose count may be a symbol, so a 10,000-layer model costs as much
as a 10-layer one. Names are unrolled into ``layers.0 ... layers.N-1`` only when a
listing needs them (:func:`unroll`).
"""
from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from estimator.core.errors import (check_integer, COMMAND_LINE, did_you_mean, EstimatorError, Location, parse_integer,
                                   short_repr)
from estimator.core.expressions import (as_sympy, blame_input, describe, evaluate, is_concrete, is_number, names_in,
                                        normalise, require_integral, Scope, symbol, Undecidable)
from estimator.core.symbolic import sympy
from estimator.engine.inventory import (ActivationSite, Attention, Inventory, Module, render_path, Repeat, Segment,
                                        State, Tensor)
from estimator.spec.model import LayerType, Spec

NODE_KEYS = {"name", "type", "repeat", "active", "if", "inline", "trainable", "tied_to", "children", "tensors", "doc",
             "attends", "index", "passes", "activations", "state"}
MAX_REPEAT = 10**9
MAX_INDEXED_COPIES = 2_048  # copies expanded one by one (repeat with index), in all, per model
MAX_LISTED_TENSORS = 2_000_000


# ---------------------------------------------------------------- hyperparameters


def hyperparameter_scope(spec: Spec, overrides: dict | None = None, free: set | frozenset = frozenset()) -> Scope:
    """Bind the spec's hyperparameters; ``free`` ones become symbols, ``overrides`` replace values.

    ``overrides`` maps a name to raw text from ``--set NAME=VALUE``; an unknown name is an
    error with a suggestion.
    """
    document = spec.document
    bindings = {
        name: (raw, spec.value_locations.get(name) or document.where(("hyperparameters", name)), None)
        for name, raw in spec.hyperparameters.items()
    }
    scope = Scope(bindings, label="hyperparameters")
    scope.inputs = set(spec.value_locations) | set(overrides or {})
    for name, raw in (overrides or {}).items():
        where = Location(COMMAND_LINE, path=("hyperparameters", name), option=f"--set {name}")
        if name not in bindings:
            raise EstimatorError(
                f"the spec has no hyperparameter `{name}`{did_you_mean(name, bindings)}", where
            )
        scope.bindings[name] = (_parse_override(raw, where), where, None)
    for name in spec.data.get("hf", {}).get("fractional", []):
        if name in bindings:  # a ratio such as rotary_pct = 1/4: exact, not an integer
            raw, where, _ = scope.bindings[name]
            scope.set_value(name, evaluate(raw, where, scope), where)
    for name in free:
        if name not in bindings:
            raise EstimatorError(f"no hyperparameter `{name}`{did_you_mean(name, bindings)}", Location(COMMAND_LINE))
        scope.set_value(name, symbol(name), scope.bindings[name][1])
    return scope


def _parse_override(text: Any, where: Location) -> Any:
    if not isinstance(text, str):
        return text
    stripped = text.strip()
    if stripped.lstrip("+-").isascii() and stripped.lstrip("+-").isdigit():  # a plain integer: no parse needed
        return parse_integer(stripped, where, "the value")
    if stripped.lower() in ("true", "false"):
        return stripped.lower() == "true"
    return stripped


def check_constraints(constraints: list[tuple[Any, Location]], scope: Scope) -> None:
    """Each ``(constraint, where it is written)`` must hold in ``scope`` (see :func:`_located_items`)."""
    for text, where in constraints:
        try:
            holds = evaluate(text, where, scope)
        except Undecidable:
            # depends on a free symbol: kept as a relation, checked when values are given
            relation = evaluate(text, where, scope, symbolic_conditions=True)
            if not isinstance(relation, bool):
                scope.checks.append(("constraint", relation, text, where))
                continue
            holds = relation
        if not isinstance(holds, bool):
            raise EstimatorError(f"constraint `{text}` is {describe(holds)}, not true or false", where)
        if not holds:
            values = ", ".join(f"{n}={describe(scope.lookup(n, where))}" for n in names_in(text, where))
            raise blame_input(EstimatorError(f"constraint `{text}` does not hold ({values})", where), text, scope)


def _located_items(items: list, document, json_path: tuple) -> list[tuple[Any, Location]]:
    """Each item of a list with where it is written."""
    return [(item, document.where(json_path + (index,))) for index, item in enumerate(items)]


# ---------------------------------------------------------------- expansion


def expand(spec: Spec, scope: Scope) -> Inventory:
    """Expand the spec's ``model`` in a hyperparameter scope into an :class:`Inventory`."""
    inventory = Inventory(spec.name, file=spec.input_file or spec.document.file,
                          quantization=spec.data.get("quantization"))
    check_constraints(_located_items(spec.data.get("constraints", []), spec.document, ("constraints",)), scope)
    expander = _Expander(spec, inventory)
    # the model's own tensors come first, as a module's own parameters do in a state dict
    expander.tensors(_tensor_plans(spec.data.get("tensors", {}), spec.document, ("tensors",)), scope, (),
                     trainable=True)
    expander.children(_node_plans(spec.data["model"], spec.document, ("model",), in_model=True), scope, (),
                      trainable=True)
    _apply_ties(inventory, spec)
    _check_distinct_names(inventory)
    return inventory


@dataclass
class _Numbering:
    """The numbers of one nn.Sequential-like list: the next index for an unnamed child, and
    the names and ranges taken so far (names in one list must differ)."""

    index: Any = 0
    group: int = 0  # distinguishes several repeat groups under one parent
    seen: dict = field(default_factory=dict)
    ranges: list = field(default_factory=list)  # concrete index ranges taken by unnamed nodes

    def take(self) -> Segment:
        """The next number: a plain name, or a one-copy range while an earlier repeat is symbolic."""
        index = self.index
        self.index = normalise(index + 1)
        if is_concrete(index):
            return str(index)
        self.group += 1
        return Repeat("{}", index, 1, 1, self.group)

    def check_unique(self, segments: tuple, name: str | None, where: Location) -> None:
        first = segments[0]
        if name is None:
            span = (first.start, first.start + first.count) if isinstance(first, Repeat) else (int(first), int(first) + 1)
            if not (is_concrete(span[0]) and is_concrete(span[1])):
                return
            clash = [n for n in self.seen if n.isdigit() and span[0] <= int(n) < span[1]]
            if clash:
                raise EstimatorError(f"this node takes index {clash[0]}, which a sibling already has as its name", where)
            self.ranges.append(span)
            return
        name = first if isinstance(first, str) else name
        if name in self.seen or (name.isdigit() and any(a <= int(name) < b for a, b in self.ranges)):
            raise EstimatorError(f"duplicate module name `{name}` in this list", where)
        self.seen[name] = where


_FIELD = re.compile(r"\{([^{}]*)\}")


class _NameTemplate:
    """A module name whose ``{...}`` hold expressions: ``layer{s + 1}``, ``block{stage}-{j}``.

    ``variable`` is the copy number's name (``index:``, or ``i`` for a plain repeat). A name
    that only shifts the copy number (``{i}``, ``{i + 1}``) stays one symbolic range; one
    that computes anything else of it is expanded copy by copy."""

    def __init__(self, name: str | None, variable: Any):
        self.name = name
        self.variable = variable
        self.fields = _FIELD.findall(name) if name else []
        self.copy_field = False
        self.copy_offset: Any = 0
        self.per_copy = False
        if not self.fields or not isinstance(variable, str):
            return
        uses_copy = [f for f in self.fields if variable in _names(f)]
        if not uses_copy:
            return
        shifted = _SHIFT.fullmatch(uses_copy[0].replace(" ", "")) if len(uses_copy) == 1 else None
        if shifted and shifted.group(1) == variable:
            self.copy_field = True
            self.copy_offset = int(shifted.group(2) or 0)
        else:
            self.per_copy = True

    def render(self, scope: Scope, where: Location, copy: Any = 0) -> str:
        """The name with each field's value; with ``copy=None`` the copy-number field becomes
        ``{}`` (a Repeat template)."""
        if not self.fields:
            return self.name or ""

        def value(match: re.Match) -> str:
            text = match.group(1)
            if copy is None and self.variable in _names(text):
                return "{}"
            try:
                result = evaluate(text, where, scope)
            except EstimatorError as exc:
                raise EstimatorError(f"in the name `{self.name}`: {exc.message}", exc.location) from None
            if isinstance(result, bool) or not isinstance(result, int):
                raise EstimatorError(f"in the name `{self.name}`: `{{{text}}}` is {describe(result)}, not an integer",
                                     where)
            return str(result)

        return _FIELD.sub(value, self.name or "")


_name_templates: dict[tuple, _NameTemplate] = {}


def _name_template(name: str | None, variable: Any) -> _NameTemplate:
    """A node's name template, made once per name and copy variable (a template is only read)."""
    if not isinstance(variable, (str, type(None))):  # a wrong `index:`, refused where it is used
        return _NameTemplate(name, variable)
    template = _name_templates.get((name, variable))
    if template is None:
        if len(_name_templates) >= 10_000:
            _name_templates.clear()
        template = _name_templates[(name, variable)] = _NameTemplate(name, variable)
    return template


_SHIFT = re.compile(r"([A-Za-z_][A-Za-z_0-9]*)(?:\+([0-9]+))?")


def _names(text: str) -> list[str]:
    try:
        return names_in(text, Location("<name>"))
    except EstimatorError:
        return []


# ---------------------------------------------------------------- plans
# A layer type's nodes and tensors are expanded again for every use of the type (and every
# copy of an `index:` repeat), in scopes that differ; what is read of them apart from the
# scope (which keys they have, where each value is written, a name's template) is the same
# each time. A plan holds that, made on first use. Plans belong to one expansion and are
# reached only through the plan of what holds them (the spec's `model`, or a layer type by
# name), so a plan is always for its own node in its own document.


class _Written(NamedTuple):
    """One key of a node as written: its name, its value and where the value is."""

    name: str
    raw: Any
    where: Location

    def truth(self, scope: Scope) -> bool:
        """A boolean key's value (``if``, ``inline``, ``trainable``)."""
        value = evaluate(self.raw, self.where, scope)
        if not isinstance(value, bool):
            raise EstimatorError(f"`{self.name}` is {describe(value)}, not true or false", self.where)
        return value


def _written(node: dict, name: str, document, json_path: tuple) -> _Written | None:
    """``node[name]`` with where it is written; None if the node does not have it."""
    return _Written(name, node[name], document.where(json_path + (name,))) if name in node else None


class _NodePlan:
    """A node of a ``model`` or ``children`` list (see the plans above)."""

    __slots__ = ("node", "document", "path", "where", "in_model", "name", "template", "indexed", "condition",
                 "inline", "trainable", "repeat", "active", "passes", "type_name", "argument_keys", "arguments",
                 "_tensors", "_children")

    def __init__(self, node: dict, document, json_path: tuple, in_model: bool):
        self.node = node
        self.document = document
        self.path = json_path
        self.where = document.where(json_path)
        self.in_model = in_model  # a node of the spec's own `model`: the origin of the tensors under it
        self.name = None if node.get("name") is None else str(node["name"])
        self.template = _name_template(self.name, node.get("index", "i" if "repeat" in node else None))
        self.indexed = "index" in node
        self.condition = _written(node, "if", document, json_path)
        self.inline = _written(node, "inline", document, json_path)
        self.trainable = _written(node, "trainable", document, json_path)
        self.repeat = _written(node, "repeat", document, json_path)
        self.active = _written(node, "active", document, json_path)
        self.passes = _written(node, "passes", document, json_path)
        self.type_name: Any = node.get("type")
        self.argument_keys = [key for key in node if key not in NODE_KEYS]
        # its layer type's bindings, once checked on the first use: see type_scope
        self.arguments: tuple[list, dict] | None = None
        self._tensors: list[_TensorPlan] | None = None
        self._children: list[_NodePlan] | None = None

    def tensors(self) -> list[_TensorPlan]:
        if self._tensors is None:
            self._tensors = _tensor_plans(self.node.get("tensors", {}), self.document, self.path + ("tensors",))
        return self._tensors

    def children(self) -> list[_NodePlan]:
        if self._children is None:
            self._children = _node_plans(self.node.get("children", []), self.document, self.path + ("children",),
                                         self.in_model)
        return self._children


def _node_plans(nodes: list, document, json_path: tuple, in_model: bool) -> list[_NodePlan]:
    return [_NodePlan(node, document, json_path + (position,), in_model) for position, node in enumerate(nodes)]


class _Shape:
    """A shape as written: where it is, and each of its entries with where it is (None if it
    is not a list)."""

    __slots__ = ("raw", "where", "entries")

    def __init__(self, raw: Any, document, json_path: tuple):
        self.raw = raw
        self.where = document.where(json_path)
        self.entries = _located_items(raw, document, json_path) if isinstance(raw, list) else None


class _TensorPlan:
    """A tensor of a ``tensors`` mapping (see the plans above)."""

    __slots__ = ("name", "document", "path", "where", "options", "condition", "shape", "trainable", "active_shape",
                 "kind", "persistent", "embedding")

    def __init__(self, name: Any, raw: Any, document, json_path: tuple):
        path = json_path + (name,)
        options = raw if isinstance(raw, dict) else {"shape": raw}
        self.name = name
        self.document = document
        self.path = path
        self.where = document.where(path)
        self.options = options
        self.condition = _written(options, "if", document, path)
        self.shape = _Shape(options.get("shape"), document, path + ("shape",) if isinstance(raw, dict) else path)
        self.trainable = _written(raw, "trainable", document, path) if isinstance(raw, dict) else None
        self.active_shape = (_Shape(options["active_shape"], document, path + ("active_shape",))
                             if "active_shape" in options else None)
        self.kind = options.get("kind", "parameter")
        self.persistent = options.get("persistent", True)
        self.embedding = options.get("embedding", False)


def _tensor_plans(specs: dict, document, json_path: tuple) -> list[_TensorPlan]:
    return [_TensorPlan(name, raw, document, json_path) for name, raw in specs.items()]


class _TypePlan:
    """A layer type (see the plans above)."""

    __slots__ = ("layer_type", "constraints", "tensors", "children", "activations", "activations_path")

    def __init__(self, layer_type: LayerType, model_document):
        definition, document, base = layer_type.definition, layer_type.document, layer_type.path
        self.layer_type = layer_type
        self.constraints = _located_items(definition.get("constraints", []), document, base + ("constraints",))
        self.tensors = _tensor_plans(definition.get("tensors", {}), document, base + ("tensors",))
        self.children = _node_plans(definition.get("children", []), document, base + ("children",),
                                    in_model=document is model_document and base[:1] == ("model",))
        self.activations = definition.get("activations") or {}
        self.activations_path = base + ("activations",)


# ---------------------------------------------------------------- the expander


class _Expander:
    def __init__(self, spec: Spec, inventory: Inventory):
        self.spec = spec
        self.inventory = inventory
        self.depth = 0
        self.uses: Any = 1  # product of the `passes` of the enclosing modules
        self.indexed_copies = 0  # copies expanded one by one so far (bounded: time and memory)
        self.origin: Location | None = None  # the innermost `model` node being expanded
        self.type_plans: dict[str, _TypePlan] = {}  # by name: one expansion sees one spec's types

    def children(self, plans: list[_NodePlan], scope: Scope, prefix: tuple, trainable: bool,
                 numbering: "_Numbering | None" = None) -> None:
        """Expand a list of nodes; unnamed ones are numbered like nn.Sequential's children.

        ``numbering`` is the parent's when this list is spliced into it (an inlined node):
        its unnamed children then continue the parent's numbers instead of restarting at 0."""
        if not plans:  # most layer types have no children: no numbering to make
            return
        numbering = numbering or _Numbering()
        for plan in plans:
            if not plan.indexed and plan.condition is not None and not plan.condition.truth(scope):
                continue
            name = plan.name
            if name is not None and not name.isprintable():  # a state-dict name is one printable line
                raise EstimatorError(f"the module name {short_repr(name)} holds a control character",
                                     plan.document.where(plan.path + ("name",)))
            inline = name == "" or (plan.inline is not None and plan.inline.truth(scope))
            if plan.indexed or (inline and plan.repeat is not None) or plan.template.per_copy:
                self.copies(plan, scope, prefix, trainable, inline, numbering)
            else:
                self.one(plan, scope, prefix, trainable, inline, numbering)

    def one(self, plan: _NodePlan, scope: Scope, prefix: tuple, trainable: bool, inline: bool,
            numbering: "_Numbering") -> None:
        """A node, or a repeat whose copies are all alike (kept symbolic: ``layers.*``)."""
        name, template, where = plan.name, plan.template, plan.where
        segments: tuple[Segment, ...]
        if plan.repeat is not None:
            count = self.count(plan.repeat.raw, plan.repeat.where, scope, "repeat")
            active = count
            if plan.active is not None:
                active = self.count(plan.active.raw, plan.active.where, scope, "active")
            if name is None:
                numbering.group += 1
                segments = (Repeat("{}", numbering.index, count, active, numbering.group),)
                numbering.index = normalise(numbering.index + count)
            elif template.copy_field:  # torchvision's encoder_layer_0, encoder_layer_1, ...: `{i}` or `{i + 1}`
                rendered = template.render(scope, where, copy=None)
                segments = (Repeat(rendered, template.copy_offset, count, active),)
            else:
                segments = (template.render(scope, where), Repeat("{}", 0, count, active))
        elif plan.active is not None:
            raise EstimatorError("`active` needs `repeat` (it is how many of the copies one token uses)", where)
        elif inline:
            segments = ()  # a transparent node: its tensors and children sit in the parent
        elif name is None:
            segments = (numbering.take(),)
        else:
            segments = (template.render(scope, where),)
        if segments:
            numbering.check_unique(segments, name, where)
        trainable = trainable and (plan.trainable is None or plan.trainable.truth(scope))
        self.node(plan, scope, prefix + segments, trainable, numbering if inline else None)

    def copies(self, plan: _NodePlan, scope: Scope, prefix: tuple, trainable: bool, inline: bool,
               numbering: "_Numbering") -> None:
        """Copies expanded one by one, so they may differ: ``repeat: N`` with ``index: i``
        (``i`` is the copy number, 0 to N-1, in the node's ``if``, arguments and name), a
        name that computes something of the copy number (``denselayer{i + 1}``), or an
        inlined repeat whose copies continue the parent's numbering. The count must be known."""
        name, template, where = plan.name, plan.template, plan.where
        variable = template.variable
        if plan.indexed and (not isinstance(variable, str) or not variable.isidentifier()):
            raise EstimatorError(f"`index` names the copy number, e.g. `index: i`; got {short_repr(variable)}", where)
        if plan.repeat is None:
            raise EstimatorError("`index` needs `repeat`", where)
        if plan.active is not None:
            raise EstimatorError("`active` cannot be used with copies expanded one by one (`index`, a computed"
                                 " name or `inline`)", where)
        raw = plan.repeat.raw
        count = self.count(raw, plan.repeat.where, scope, "repeat")
        if not is_concrete(count):
            raise Undecidable("a repeat whose copies are expanded one by one (`index`, a computed name or"
                              " `inline`) needs a known count; give its hyperparameters values",
                              where, sorted(str(s) for s in as_sympy(count).free_symbols))
        self.indexed_copies += count
        if self.indexed_copies > MAX_INDEXED_COPIES:
            error = EstimatorError(f"more than {MAX_INDEXED_COPIES:,} copies expanded one by one, the limit per model"
                                   f" (for `index`, a computed name or `inline`): `repeat` is {count} here, which"
                                   f" brings them to {self.indexed_copies:,}", where)
            moved = blame_input(error, raw, scope)
            if moved is error:  # say where the count came from
                origins = [f"{n}={describe(scope.lookup(n, where))} from {scope.where_of(n)}"
                           for n in (names_in(raw, where) if isinstance(raw, str) else [])]
                moved = EstimatorError(error.message + (f" ({'; '.join(origins)})" if origins else ""), where)
            raise moved
        if name is None and not inline and not is_concrete(numbering.index):
            raise Undecidable("copies expanded one by one after a repeat of unknown length", where,
                              sorted(str(s) for s in as_sympy(numbering.index).free_symbols))
        trainable = trainable and (plan.trainable is None or plan.trainable.truth(scope))
        per_copy_name = template.copy_field or template.per_copy
        named = name is not None and not per_copy_name and not inline  # `layers.0`, `layers.1`, ...
        start = numbering.index
        if name is None and not inline:  # every copy takes its number, also one its `if` leaves out
            numbering.index = normalise(start + count)
        for copy in range(count):
            inner = Scope({variable: (copy, where, None)}, parent=scope, label=f"{variable}={copy}")
            if plan.condition is not None and not plan.condition.truth(inner):
                continue
            segments: tuple[Segment, ...]
            if inline:
                segments = ()
            elif name is None:
                segments = (str(start + copy),)
                numbering.check_unique(segments, None, where)
            elif per_copy_name:
                segments = (template.render(inner, where),)
                numbering.check_unique(segments, segments[0], where)
            else:
                segments = (template.render(scope, where), str(copy))
                if named:  # the name is taken by the first copy that exists, not by a node whose `if` skips all
                    numbering.check_unique(segments[:1], name, where)
                    named = False
            # each copy is the node without `repeat`, `index`, `if` and `name`, which node() does not read
            self.node(plan, inner, prefix + segments, trainable, numbering if inline else None)

    def count(self, raw: Any, where: Location, scope: Scope, what: str) -> Any:
        value = evaluate(raw, where, scope)
        try:
            value = require_integral(value, what, raw, where, scope)
            if not is_number(value):
                raise EstimatorError(f"`{what}` is {describe(value)}, not a number", where)
            if is_concrete(value) and not 0 <= value <= MAX_REPEAT:
                raise EstimatorError(f"`{what}` is {value}; it must be from 0 to {MAX_REPEAT}", where)
        except EstimatorError as exc:
            raise blame_input(exc, raw, scope) from None
        return value

    def node(self, plan: _NodePlan, scope: Scope, prefix: tuple, trainable: bool,
             numbering: "_Numbering | None" = None) -> None:
        node, document, json_path, where = plan.node, plan.document, plan.path, plan.where
        self.depth += 1
        if self.depth > 64:
            raise EstimatorError("modules are nested deeper than 64 levels (a layer type that uses itself?)", where)
        type_name = plan.type_name
        outer_origin = self.origin
        if plan.in_model:
            self.origin = where
        first_tensor = len(self.inventory.tensors)
        outer_uses = self.uses
        if plan.passes is not None:  # weights stored once, applied `passes` times (FLOPs and KV, not params)
            passes = self.count(plan.passes.raw, plan.passes.where, scope, "passes")
            self.uses = normalise(self.uses * passes)
        self.inventory.modules.append(Module(prefix, type_name, where))
        if type_name is None:
            if plan.argument_keys:
                key = plan.argument_keys[0]
                raise EstimatorError(
                    f"unknown key `{key}`{did_you_mean(key, NODE_KEYS)} (a node without `type` takes no arguments)",
                    document.where_key(json_path + (key,)),
                )
            self.tensors(plan.tensors(), scope, prefix, trainable)
            self.children(plan.children(), scope, prefix, trainable, numbering)
            if "activations" in node:  # a module composed by hand that keeps tensors of its own for backward
                self.inventory.activation_sites.append(ActivationSite(
                    prefix, "", node["activations"], document, json_path + ("activations",), scope, self.uses))
        else:
            for key in ("children", "tensors", "activations"):
                if key in node:
                    raise document.error(json_path + (key,), f"a node with `type` cannot also have `{key}`")
            self.instance(self.type_plan(plan), plan, scope, prefix, trainable, numbering)
        if "attends" in node:  # a module composed by hand that is an attention layer
            self.attends(node["attends"], document, json_path + ("attends",), scope, prefix)
        if "state" in node:  # a module composed by hand that keeps a recurrent state
            self.state(node["state"], document, json_path + ("state",), scope, prefix)
        if "tied_to" in node:
            self.ties(node["tied_to"], document, json_path + ("tied_to",), scope, prefix, first_tensor)
        self.uses = outer_uses
        self.origin = outer_origin
        self.depth -= 1

    def type_plan(self, plan: _NodePlan) -> _TypePlan:
        """The plan of the layer type a node uses."""
        type_name = plan.type_name
        found = self.type_plans.get(type_name)
        if found is None:
            layer_type = self.spec.layer_types.get(type_name)
            if layer_type is None:
                raise plan.document.error(
                    plan.path + ("type",),
                    f"unknown layer type `{type_name}`{did_you_mean(type_name, self.spec.layer_types)}",
                )
            found = self.type_plans[type_name] = _TypePlan(layer_type, self.spec.document)
        return found

    def instance(self, type_plan: _TypePlan, plan: _NodePlan, caller: Scope, prefix: tuple, trainable: bool,
                 numbering: "_Numbering | None" = None) -> None:
        layer_type = type_plan.layer_type
        definition = layer_type.definition
        type_doc = layer_type.document
        try:
            scope = type_scope(type_plan.layer_type, plan, caller)
            check_constraints(type_plan.constraints, scope)
            self.tensors(type_plan.tensors, scope, prefix, trainable)
            self.children(type_plan.children, scope, prefix, trainable, numbering)
            if "attends" in definition:
                self.attends(definition["attends"], type_doc, layer_type.path + ("attends",), scope, prefix)
            if "state" in definition:
                self.state(definition["state"], type_doc, layer_type.path + ("state",), scope, prefix)
            self.inventory.activation_sites.append(ActivationSite(
                prefix, layer_type.name, type_plan.activations, type_doc, type_plan.activations_path, scope,
                self.uses))
        except EstimatorError as exc:
            # An error inside a library type is reported where the user called it.
            if type_doc is not plan.document and exc.location is not None and exc.location.file == type_doc.file:
                message = f"{exc.message} (in layer type `{layer_type.name}`, {exc.location})"
                if isinstance(exc, Undecidable):  # keep the names a formula needs to fix
                    raise Undecidable(message, plan.where, exc.names) from None
                raise EstimatorError(message, plan.where) from None
            raise

    def tensors(self, plans: list[_TensorPlan], scope: Scope, prefix: tuple, trainable: bool) -> None:
        for plan in plans:
            name, where, options = plan.name, plan.where, plan.options
            if not str(name).isprintable():
                raise EstimatorError(f"the tensor name {short_repr(name)} holds a control character", where)
            if plan.condition is not None:
                condition = evaluate(plan.condition.raw, plan.condition.where, scope)
                if not isinstance(condition, bool):
                    raise EstimatorError(f"`if` is {describe(condition)}, not true or false", where)
                if not condition:
                    continue
            shape = self.shape(plan.shape, scope)
            segment: Segment = name
            if "for" in options:
                segment = self.tensor_family(name, options["for"], plan.document, plan.path + ("for",), scope)
            kind = plan.kind
            frozen = plan.trainable is not None and not plan.trainable.truth(scope)
            active_shape = None
            if plan.active_shape is not None:
                active_shape = self.shape(plan.active_shape, scope)
            tensor = Tensor(
                path=prefix + (segment,),
                shape=shape,
                kind=kind,
                persistent=plan.persistent,
                trainable=trainable and kind == "parameter" and not frozen,
                embedding=plan.embedding,
                where=where,
                active_shape=active_shape,
                uses=self.uses,
                origin=self.origin,
            )
            elements = tensor.elements
            if isinstance(elements, int):
                try:
                    check_integer(elements, where, f"tensor `{name}`: its elements in all (shape times copies)")
                except EstimatorError as exc:  # reported at the --set or config.json value behind a dimension
                    raise _blame_entries(exc, plan.shape.raw, scope) from None
            self.inventory.tensors.append(tensor)

    def attends(self, spec: dict, document, json_path: tuple, scope: Scope, prefix: tuple) -> None:
        values: dict[str, Any] = {}
        for key in ("kv_per_token", "qk_dim", "v_dim", "window", "heads"):
            if key in spec:
                values[key] = self.count(spec[key], document.where(json_path + (key,)), scope, key)
        for key in ("cache", "cross"):
            if key in spec:
                where = document.where(json_path + (key,))
                flag = evaluate(spec[key], where, scope)
                if not isinstance(flag, bool):
                    raise EstimatorError(f"`{key}` is {describe(flag)}, not true or false", where)
                values[key] = flag
        self.inventory.attention.append(Attention(prefix, **values, uses=self.uses))

    def state(self, spec: dict, document, json_path: tuple, scope: Scope, prefix: tuple) -> None:
        """``state: {conv: ELEMENTS, ssm: {elements: ELEMENTS, dtype: fp32}}``."""
        for name, raw in spec.items():
            options = raw if isinstance(raw, dict) else {"elements": raw}
            path = json_path + (name, "elements") if isinstance(raw, dict) else json_path + (name,)
            elements = self.count(options["elements"], document.where(path), scope, f"state {name}")
            self.inventory.states.append(State(prefix, str(name), elements, options.get("dtype", "cache"), self.uses))

    def tensor_family(self, name: str, loop: dict, document, json_path: tuple, scope: Scope) -> Repeat:
        ((variable, bounds),) = loop.items()
        placeholder = "{" + variable + "}"
        where = document.where(json_path)
        if name.count(placeholder) != 1:
            raise EstimatorError(f"tensor name `{name}` must hold `{placeholder}` once", where)
        start = self.count(bounds[0], document.where(json_path + (variable, 0)), scope, "start")
        stop = self.count(bounds[1], document.where(json_path + (variable, 1)), scope, "stop")
        count = max(0, stop - start) if is_concrete(start) and is_concrete(stop) else normalise(sympy.Max(0, as_sympy(stop) - start))
        return Repeat(name.replace(placeholder, "{}"), start, count, count)

    def shape(self, written: _Shape, scope: Scope) -> tuple:
        if written.entries is None:
            raise EstimatorError("a shape is a list of dimensions", written.where)
        dims: list = []
        for entry, where in written.entries:
            value = evaluate(entry, where, scope)
            if type(value) is int and value >= 0:  # almost always: what the checks below let through as it is
                dims.append(value)
                continue
            try:
                for dim in value if isinstance(value, tuple) else (value,):
                    if not is_number(dim):
                        raise EstimatorError(f"dimension is {describe(dim)}, not a number", where)
                    dim = require_integral(dim, "dimension", entry, where, scope)
                    if is_concrete(dim) and dim < 0:
                        raise EstimatorError(f"dimension is {dim}; it must not be negative", where)
                    dims.append(dim)
            except EstimatorError as exc:
                raise blame_input(exc, entry, scope) from None
        return tuple(dims)

    def ties(self, mapping: dict, document, json_path: tuple, scope: Scope, prefix: tuple, first_tensor: int) -> None:
        """``tied_to: {weight: other.weight}``: the named tensors of this module share storage.
        A tie may hold only sometimes: ``{weight: {to: other.weight, if: tie_word_embeddings}}``
        (one node for a head that transformers ties or not by a config flag). ``*`` ties every
        tensor of the module to its namesake under the target module (a shared block); a target
        may hold ``{expression}`` placeholders and start with dots, relative to this module as
        Python's relative imports are (``..{k}.block``: the block of copy k of the parent's list)."""
        own = {render_path(t.path[len(prefix):]): t for t in self.inventory.tensors[first_tensor:]}
        for local, target in mapping.items():
            tensor = own.get(local)
            if tensor is None and local != "*":
                raise document.error(
                    json_path + (local,), f"this module has no tensor `{local}`{did_you_mean(local, own)}"
                )
            if isinstance(target, dict):
                condition = _written(target, "if", document, json_path + (local,))
                if condition is not None and not condition.truth(scope):
                    continue
                target = target["to"]
            target = self.placeholders(str(target), document, json_path + (local,), scope)
            if target.startswith("."):  # relative, as Python's imports: `.x` a sibling, `..x` the parent's
                dots = len(target) - len(target.lstrip("."))
                base = render_path(prefix[:len(prefix) - dots]) if dots <= len(prefix) else None
                if base is None:
                    raise document.error(json_path + (local,), f"`{target}` climbs above the model")
                target = f"{base}.{target[dots:]}" if base else target[dots:]
            if tensor is None:  # `*`: the whole module shares another's, each tensor its namesake there
                for name, each in own.items():
                    each.tied_to = f"{target}.{name}"
                    each.where = document.where(json_path + (local,))
                continue
            tensor.tied_to = target
            tensor.where = document.where(json_path + (local,))

    def placeholders(self, text: str, document, json_path: tuple, scope: Scope) -> str:
        """``layers.{positions(hybrid, 1)[0]}.mlp`` -> ``layers.6.mlp``: each ``{expression}``
        in a tie's target, evaluated to an integer (the layer a shared block first appears in)."""
        def value(match: re.Match) -> str:
            where = document.where(json_path)
            number = evaluate(match.group(1), where, scope)
            if not (is_concrete(number) and isinstance(number, int) and not isinstance(number, bool)):
                raise EstimatorError(f"`{{{match.group(1)}}}` in a tie's target is {describe(number)}, not an integer",
                                     where)
            return str(number)
        return re.sub(r"\{([^{}]+)\}", value, text)


def type_scope(layer_type: LayerType, plan: _NodePlan, caller: Scope) -> Scope:
    """The scope inside one use of a layer type: its arguments, defaults and derived values.

    Given arguments are evaluated in the caller's scope; defaults and derived values in
    the type's own.
    """
    if plan.arguments is None:  # the same node always uses the same type: checked once
        plan.arguments = _checked_arguments(layer_type, plan)
    given, fixed = plan.arguments
    # No parent: a type sees only its own arguments, so a forgotten argument is an error
    # rather than a silent capture of a hyperparameter that happens to share its name.
    scope = Scope(label=layer_type.name)
    scope.active = caller.active
    scope.checks = caller.checks
    bindings = scope.bindings
    for key, raw, where in given:
        bindings[key] = (raw, where, caller)
    bindings.update(fixed)
    return scope


def _checked_arguments(layer_type: LayerType, plan: _NodePlan) -> tuple[list, dict]:
    """A node's arguments to its layer type, checked: ``(key, raw value, location)`` of each,
    and the type's bindings that do not depend on the use (the defaults not given, the
    derived values), in the order a scope binds them."""
    definition = layer_type.definition
    document, json_path = plan.document, plan.path
    required = definition.get("required", [])
    defaults = definition.get("defaults", {})
    derived = definition.get("derived", {})
    given = {key: plan.node[key] for key in plan.argument_keys}
    if not definition.get("any_args"):
        for key in given:
            if key in derived:
                raise document.error(json_path + (key,), f"`{key}` is derived by layer type `{layer_type.name}` and cannot be set")
            if key not in defaults and key not in required:
                known = set(required) | set(defaults)
                hint = ("; a `,` in an unquoted expression inside {...} split it: quote the expression,"
                        " e.g. 'max(1, c // 4)'") if not str(key).isidentifier() else ""
                raise EstimatorError(
                    f"layer type `{layer_type.name}` has no argument `{key}`{did_you_mean(key, known | NODE_KEYS)}"
                    f" (arguments: {', '.join(sorted(known)) or 'none'}){hint}",
                    document.where_key(json_path + (key,)),
                )
    missing = [key for key in required if key not in given]
    if missing:
        raise document.error(json_path, f"layer type `{layer_type.name}` needs `{missing[0]}`" + (
            f" (missing: {', '.join(missing)})" if len(missing) > 1 else ""))
    fixed: dict[str, tuple] = {}
    own_defaults, own_derived = layer_type.own_bindings()
    for key, raw, where in own_defaults:
        if key not in given:
            fixed[key] = (raw, where, None)
    for key, raw, where in own_derived:
        fixed[key] = (raw, where, None)
    return [(key, raw, document.where(json_path + (key,))) for key, raw in given.items()], fixed


def _blame_entries(exc: EstimatorError, entries: Any, scope: Scope) -> EstimatorError:
    """``exc`` moved to the first input (``--set``, config.json) behind an entry of a shape."""
    for entry in entries if isinstance(entries, list) else ():
        moved = blame_input(exc, entry, scope)
        if moved is not exc:
            return moved
    return exc


def _apply_ties(inventory: Inventory, spec: Spec) -> None:
    """Check every ``tied_to`` names a tensor of the same kind and shape, outside any repeat
    (the tied tensor itself may be in one: each copy then shares the target, as PyTorch does
    for an MTP head tied to the LM head, and the target is counted once)."""
    if not any(tensor.tied_to for tensor in inventory.tensors):  # most models: no tensor's name is needed
        return
    by_name = {t.template_name: t for t in inventory.tensors if not t.tied_to}
    for tensor in inventory.tensors:
        if not tensor.tied_to:
            continue
        target = by_name.get(tensor.tied_to)
        if target is None:
            raise EstimatorError(f"`tied_to`: no tensor `{tensor.tied_to}`{did_you_mean(tensor.tied_to, by_name)}", tensor.where)
        if target.multiplicity != 1:  # every copy of a repeat may share one tensor, not the other way round
            raise EstimatorError(f"`tied_to`: `{tensor.tied_to}` is inside a `repeat`; tie to one tensor", tensor.where)
        if target.kind != tensor.kind:
            raise EstimatorError(f"`tied_to`: `{tensor.tied_to}` is a {target.kind}, this is a {tensor.kind}", tensor.where)
        if len(target.shape) != len(tensor.shape) or any(
            (a != b if is_concrete(a) and is_concrete(b) else sympy.simplify(as_sympy(a) - b) != 0)
            for a, b in zip(target.shape, tensor.shape)
        ):
            raise EstimatorError(
                f"`tied_to`: shape {describe(tensor.shape)} differs from `{tensor.tied_to}` {describe(target.shape)}",
                tensor.where,
            )


def _check_distinct_names(inventory: Inventory) -> None:
    """Two tensors must never get one state-dict name: a module named `a.b` beside a module
    `a` with a child `b`, or two inlined lists both numbered from 0, would otherwise be
    listed and counted twice. Paths are grouped by their shape with numbers blanked out
    (`layers.#.weight`), then compared exactly within a group, ranges of copies included."""
    groups: dict[tuple, list] = {}
    part_keys: dict = {}  # a segment -> its part of a group key; None: it holds a dot (split it first)
    for tensor in inventory.tensors:
        path = tensor.path
        key = []
        for segment in path:
            part = part_keys.get(segment, _UNSEEN)
            if part is _UNSEEN:
                part = part_keys[segment] = _segment_key(segment)
            key.append(part)
        if None in key:  # a name with a dot: compared by its parts
            parts = _name_parts(path)
            groups.setdefault(_group_key(parts), []).append((parts, tensor))
        else:  # almost always: each segment is one part
            groups.setdefault(tuple(key), []).append((path, tensor))
    for members in groups.values():
        if len(members) < 2:
            continue
        plain: dict[str, Tensor] = {}
        ranged = []
        for parts, tensor in members:
            if any(isinstance(part, Repeat) for part in parts):
                ranged.append((parts, tensor))
                continue
            name = ".".join(parts)
            if name in plain:
                _duplicate_name(inventory, name, plain[name], tensor)
            plain[name] = tensor
        for position, (parts, tensor) in enumerate(ranged):
            others = ranged[:position] + [(tuple(n.split(".")), t) for n, t in plain.items()]
            for other_parts, other in others:
                if all(_parts_overlap(a, b) for a, b in zip(parts, other_parts)):
                    _duplicate_name(inventory, render_path(tensor.path), other, tensor)


_UNSEEN = object()


def _segment_key(segment: Segment) -> str | None:
    """A segment's part of a group key (as :func:`_group_key`), or None if it holds a dot."""
    if isinstance(segment, Repeat):
        return None if "." in segment.template else segment.template.replace("{}", "#")
    return None if "." in segment else _blanked(segment)


def _group_key(parts: tuple) -> tuple:
    """Name parts with their numbers blanked out (``layers.#.weight``)."""
    return tuple(part.template.replace("{}", "#") if isinstance(part, Repeat) else _blanked(part) for part in parts)


_DIGITS = re.compile(r"[0-9]+")
_blanked_parts: dict[str, str] = {}


def _blanked(part: str) -> str:
    """A name part with its numbers blanked out (``h.3`` -> ``h.#``), kept by text: the same
    few parts (``weight``, ``self_attn``, ``0``) make most names."""
    blanked = _blanked_parts.get(part)
    if blanked is None:
        if len(_blanked_parts) >= 100_000:
            _blanked_parts.clear()
        blanked = _blanked_parts[part] = _DIGITS.sub("#", part)
    return blanked


def _name_parts(path: tuple) -> tuple:
    """A path split at every dot of its names (a module may be named `a.b`)."""
    parts: list = []
    for segment in path:
        if isinstance(segment, Repeat) and "." not in segment.template:
            parts.append(segment)
        else:
            parts.extend((segment.render() if isinstance(segment, Repeat) else segment).split("."))
    return tuple(parts)


def _parts_overlap(a: Any, b: Any) -> bool:
    """Whether two name parts can name the same thing (a number inside a range of copies)."""
    if isinstance(b, Repeat) and not isinstance(a, Repeat):
        a, b = b, a
    if not isinstance(a, Repeat):
        return a == b
    if not (is_concrete(a.start) and is_concrete(a.count)):
        return isinstance(b, Repeat) and b == a  # one symbolic range: only the very same one is sure
    if not isinstance(b, Repeat):
        head, _, tail = a.template.partition("{}")
        number = b[len(head): len(b) - len(tail)] if b.startswith(head) and b.endswith(tail) else ""
        return number.isdigit() and str(int(number)) == number and a.start <= int(number) < a.start + a.count
    if b.template != a.template or not (is_concrete(b.start) and is_concrete(b.count)):
        return False
    return max(a.start, b.start) < min(a.start + a.count, b.start + b.count)


def _duplicate_name(inventory: Inventory, name: str, first: Tensor, second: Tensor) -> None:
    raise EstimatorError(f"two tensors are both named `{name}`: another comes from {first.origin or first.where}"
                         " (rename a module, or do not inline both lists)", second.origin or second.where)


# ---------------------------------------------------------------- listing


def unroll(inventory: Inventory) -> Iterator[tuple[str, Tensor]]:
    """Every tensor by its full name (``layers.0.self_attn.q_proj.weight``), repeats unrolled,
    in state-dict order, lazily: a million names stream out in constant memory. What makes
    a listing impossible is raised here, before the first name."""
    return listing(inventory)()


def listing(inventory: Inventory) -> Callable[[], Iterator[tuple[str, Tensor]]]:
    """:func:`unroll` as a function that lists the names afresh each time it is called (the
    order is worked out once); what makes a listing impossible is raised here."""
    total = 0
    for tensor in inventory.tensors:
        count = tensor.multiplicity
        if not is_concrete(count):
            raise EstimatorError(
                f"cannot list tensor names while a repeat count is free ({short_repr(str(count))}); give it a value",
                tensor.where,
            )
        total += count
        if total > MAX_LISTED_TENSORS:
            raise EstimatorError(f"the model has more than {MAX_LISTED_TENSORS:,} tensors to list"
                                 f" (at `{tensor.template_name}`)", Location(inventory.file or inventory.name))
    # State-dict order: all tensors of copy 0 of a repeated module, then of copy 1, ... At
    # each level an entry sorts by (first appearance of its prefix, copy number); a tensor
    # family (weight_ih_l{k}) sorts by k first, as PyTorch registers its tensors per layer.
    # The prefixes are kept as a tree, a level per prefix: one walk down each tensor's path
    # finds a prefix's first appearance (the tensor that made its level) and its entries.
    root = _Level(0)
    for position, tensor in enumerate(inventory.tensors):
        level = root
        last = len(tensor.path) - 1
        for end, segment in enumerate(tensor.path):
            below = level.below.get(segment)
            if below is None:
                below = level.below[segment] = _Level(position)
            if end == last:
                level.entries.append((segment, below.first, tensor, None))
            elif not below.holds:  # the first time this prefix holds something
                below.holds = True
                level.entries.append((segment, below.first, None, below))
            level = below
    return lambda: _walk(root)


class _Level:
    """One prefix of the tensors' paths: where it first appears (a tensor's position), what
    sits directly under it (``(segment, first appearance, tensor or None, level or None)``,
    in order), whether anything does yet, and the levels below it by segment."""

    __slots__ = ("first", "entries", "holds", "below", "ordered")

    def __init__(self, first: int):
        self.first = first
        self.entries: list = []
        self.holds = False  # a tensor's path goes on below this prefix: it is a module
        self.below: dict = {}
        self.ordered: list | None = None  # the entries sorted, once, for a level without copies


def _walk(root: _Level) -> Iterator[tuple[str, Tensor]]:
    """Every tensor under ``root`` by its full name, in state-dict order; a stack of the
    levels being listed rather than nested generators, so a name is yielded once, not
    passed up through every level above it."""
    stack = [(iter(_in_order(root)), "")]
    while stack:
        items, name = stack[-1]
        for _, part, tensor, level in items:
            full = f"{name}.{part}" if name else part
            if tensor is not None:
                yield full, tensor
            else:
                stack.append((iter(_in_order(level)), full))
                break
        else:
            stack.pop()


def _in_order(level: _Level) -> Iterable[tuple]:
    """``(sort key, name part, tensor, level)`` for every copy of every entry of a level, in
    state-dict order."""
    entries = level.entries
    if level.ordered is not None:
        return level.ordered
    if not any(isinstance(segment, Repeat) for segment, _, _, _ in entries):
        # one name an entry: sorted as the merge below takes them (on a tie, the entry listed first)
        level.ordered = sorted(((_key(order, tensor), segment, tensor, below)
                                for segment, order, tensor, below in entries), key=lambda item: item[0])
        return level.ordered
    streams = [_copies(*entry) for entry in entries]
    return streams[0] if len(streams) == 1 else heapq.merge(*streams, key=lambda item: item[0])


def _key(order: int, tensor: Tensor | None) -> tuple:
    """Where a plain name sorts among its siblings: a tensor before the modules (a module's own
    parameters come first in a state dict), modules by first appearance."""
    return (0, order) if tensor is not None else (order, 0)


def _copies(segment: Segment, order: int, tensor: Tensor | None, level: _Level | None) -> Iterator[tuple]:
    """``(sort key, name part, tensor, level)`` for each copy a segment stands for."""
    if not isinstance(segment, Repeat):
        yield _key(order, tensor), segment, tensor, level
        return
    for i in range(segment.count):
        number = segment.start + i
        key = (number, order) if tensor is not None else (order, i)
        yield key, segment.template.replace("{}", str(number)), tensor, level
