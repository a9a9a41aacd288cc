"""Memory per device: a parallel layout's share of the training state, the memory of
inference (weights + KV cache + the largest transient buffer of a prefill), and whether
each fits a device. Every figure is an exact integer, or a formula of free symbols (so it
sweeps and solves like a parameter count).

Parallel layout (``tp``, ``sp``, ``pp``, ``cp``, ``ep``, ``dp``; ZeRO/FSDP over data parallel):
- devices = tp x pp x cp x dp. Without any layout option, dp = ``devices`` (ZeRO as before).
- Tensor parallel (Megatron-LM): every tensor of 2 or more dimensions (weight matrices,
  the vocabulary-parallel embedding and head, fused expert tensors) is split in tp parts;
  1-D tensors (norms, biases) and buffers are replicated. Query heads must divide by tp.
- Pipeline parallel: each layer stack (a module ``repeat`` that every token runs through)
  is split in pp equal stages (its count must divide by pp). The embedding sits on the
  first stage with what comes before the layers; the final norm and the output head on the
  last stage, which with a tied head also keeps its copy of the embedding (as Megatron
  does). The report shows the most loaded stage: the first, unless the last holds more.
- Expert parallel: experts (a ``repeat`` with ``active`` < count, or a fused expert tensor
  whose first dimension is the experts) are split in ep parts; ep divides dp x cp (experts
  spread over the data-parallel ranks, as Megatron's expert-model-parallel group).
- Sequence and context parallel split activations, not weights.
- ZeRO stage 1, 2, 3 (3 = FSDP full sharding) shards the optimizer state, then gradients,
  then weights over the dp x cp ranks holding the same shard (experts: dp x cp / ep).
- Activations: the profile's ``activation_bytes`` for one micro-batch when given (with 1F1B
  the first stage holds L/pp layers x pp micro-batches in flight: L layers' worth).

Inference (one device, no parallelism): weights in ``--weights`` + the KV cache for context
x batch + the largest transient buffer of a prefill at that context: the largest single
tensor one forward over the prompt allocates (logits for every position), leaving out the
weights and the KV cache; bytes, in the activation dtype unless stated. Candidates, each
checked on measured points (docs/activations.md section 11, tests/fixtures/transients/):
- the logits [batch, context, out_features of the output layer] (the last weight matrix
  outside any repeat, in state-dict order);
- with an eager profile (hf-eager, megatron), the attention scores [batch, heads, context,
  context], in the dtype the attention type declares for its ``scores*`` entries (llama-style:
  fp32, the softmax's upcast; GPT-2: the activation dtype); a window is a mask there, not a
  shorter row. hf-sdpa (the default: transformers' default attention) makes no score matrix;
- the widest projection [batch, context, width]: the largest dimension of any weight matrix
  other than the embeddings and the output layer (the MLP intermediate, a fused gate/up's full
  width); experts as a module repeat run one at a time (at most every token: a bound);
- fused experts (a tensor with ``active_shape`` [top_k, ...], transformers' grouped_mm): every
  routed pair at once, [batch x context x top_k, largest of its last two dimensions];
- fp32 copies: an RMSNorm's (a type declaring ``input_fp32``) [batch, context, width] in fp32,
  times the heads for a norm sitting in an attention layer (Qwen3's q_norm and k_norm); fp32
  routing weights (a ``routing_weights*`` entry in fp32) scale [batch x context x top_k, hidden]
  in fp32.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Iterable

from estimator.core.errors import COMMAND_LINE, EstimatorError, Location
from estimator.core.expressions import as_sympy, ceil_div, is_concrete, normalise, Sum
from estimator.core.symbolic import sympy
from estimator.engine.activations import declared_tensors
from estimator.engine.expand import Inventory, render_path, Repeat, Tensor
from estimator.engine.totals import PathNames

LAYOUT_OPTIONS = ("tp", "pp", "cp", "ep", "dp")


@dataclass(frozen=True)
class Layout:
    tp: int = 1
    sp: bool = False
    pp: int = 1
    cp: int = 1
    ep: int = 1
    dp: int = 1
    zero: int = 0

    @property
    def devices(self) -> int:
        return self.tp * self.pp * self.cp * self.dp

    def describe(self) -> str:
        parts = [f"{name} {getattr(self, name)}" for name in LAYOUT_OPTIONS if getattr(self, name) > 1]
        if self.sp:
            parts.append("sequence parallel")
        shown = ", ".join(parts) if parts else "one device"
        return f"{shown}{f', ZeRO-{self.zero}' if self.zero else ''} ({self.devices} devices)"


def model_parallel(layout: Layout) -> bool:
    """Whether the layout splits the model itself (tp, pp or ep), not only the data."""
    return layout.tp * layout.pp * layout.ep > 1


def zero_clause(layout: Layout) -> str:
    """What the whole-model training figure (``training_bytes``) is under the layout: ZeRO
    shards over the data-parallel ranks (dp x cp), as the per-device figure does."""
    ranks = layout.dp * layout.cp
    over = f"dp x cp = {ranks}" if layout.cp > 1 else f"dp = {ranks}" if model_parallel(layout) else f"{ranks}"
    zero = f"ZeRO-{layout.zero} over {over} data-parallel {'ranks' if model_parallel(layout) else 'devices'}"
    if model_parallel(layout):
        return f"; the whole model's state{f', {zero}' if layout.zero else ''} (per device: the layout below)"
    if not layout.zero:
        return ""
    return f", {zero} (per device)" if ranks > 1 else f", ZeRO-{layout.zero} over 1 device (nothing to shard)"


def activation_clause(layout: Layout) -> str:
    """How the layout divides the activations (stated with the profile)."""
    parts = []
    if layout.tp > 1 or layout.sp:
        parts.append(f"tensor parallel {layout.tp}" + (" with sequence parallelism" if layout.sp else ""))
    if layout.pp > 1:
        parts.append(f"pipeline parallel {layout.pp} (1F1B): the first stage keeps {layout.pp} micro-batches of its"
                     " layers, the whole model's worth (the figure)")
    if layout.cp > 1:
        parts.append(f"context parallel {layout.cp} not applied (each device counted with the whole sequence:"
                     " an upper bound)")
    return "".join(f"; {part}" for part in parts)


def layout_of(assumptions: Any) -> Layout:
    """The layout the assumptions ask for (see the module doc); errors name the option."""
    tp = getattr(assumptions, "tp", 1) or 1
    pp, cp, ep = (getattr(assumptions, name, 1) or 1 for name in ("pp", "cp", "ep"))
    dp = getattr(assumptions, "dp", 0) or 0
    devices = getattr(assumptions, "devices", 1) or 1
    where = Location(COMMAND_LINE)
    for name, value in (("tp", tp), ("pp", pp), ("cp", cp), ("ep", ep), ("dp", dp or 1)):
        if not isinstance(value, int) or value < 1:
            raise EstimatorError(f"--{name} {value}: at least 1", where)
    model_parallel = tp * pp * cp
    if dp == 0 and devices == 1:
        dp = 1
    elif dp == 0:
        if devices % model_parallel:
            raise EstimatorError(f"--devices {devices} is not a multiple of tp x pp x cp = {model_parallel}", where)
        dp = devices // model_parallel
    elif devices != 1 and devices != model_parallel * dp:
        raise EstimatorError(f"--devices {devices} is not tp x pp x cp x dp = {tp} x {pp} x {cp} x {dp}"
                             f" = {model_parallel * dp}", where)
    if (dp * cp) % ep:
        raise EstimatorError(f"--ep {ep} does not divide dp x cp = {dp * cp} (experts are spread over the"
                             " data-parallel ranks)", where)
    return Layout(tp=tp, sp=bool(getattr(assumptions, "sp", False)), pp=pp, cp=cp, ep=ep, dp=dp,
                  zero=getattr(assumptions, "zero", 0))


def _div(value: Any, parts: int) -> Any:
    """``value / parts`` exactly when it divides (or is a formula), else rounded up."""
    return value if parts == 1 else ceil_div(value, parts)  # ceiling(x / 1) is not x for a fractional formula


def _layer_repeat(tensor: Tensor) -> Repeat | None:
    """The outermost module repeat every token runs through (a layer stack), if any."""
    return _repeats(tensor)[0]


def _is_expert(tensor: Tensor) -> bool:
    """Whether a tensor is an expert's: in a repeat a token runs only some copies of, or stacked
    experts (an active shape with an experts dimension)."""
    return _repeats(tensor)[1]


def _repeats(tensor: Tensor) -> tuple[Repeat | None, bool]:
    """``(_layer_repeat(tensor), _is_expert(tensor))`` from one walk of its path (every tensor of a
    model is placed: two walks, each through a generator, were most of the placement's time)."""
    layer = None
    expert = tensor.active_shape is not None and len(tensor.shape) >= 3
    for segment in tensor.path:
        if isinstance(segment, Repeat):
            if segment.active != segment.count:
                expert = True
                if layer is not None:
                    break
            elif layer is None and segment.template == "{}":
                layer = segment
                if expert:
                    break
    return layer, expert


def _experts(tensor: Tensor) -> Any:
    if tensor.active_shape is not None and len(tensor.shape) >= 3:
        return tensor.shape[0]
    for seg in tensor.path:
        if isinstance(seg, Repeat) and seg.active != seg.count:
            return seg.count
    return 1


def check_layout(inventory: Inventory, layout: Layout) -> None:
    """Refuse a layout the model cannot have: heads by tp, experts by ep, layers by pp."""
    where = Location(COMMAND_LINE)
    if layout.tp > 1:
        for layer in inventory.attention:
            if is_concrete(layer.heads) and layer.heads % layout.tp:
                raise EstimatorError(f"--tp {layout.tp}: {layer.heads} attention heads are not divisible by"
                                     f" {layout.tp}", where)
    for tensor in inventory.tensors if layout.ep > 1 or layout.pp > 1 else ():  # else nothing to check per tensor
        if layout.ep > 1 and _is_expert(tensor):
            experts = _experts(tensor)
            if is_concrete(experts) and experts % layout.ep:
                raise EstimatorError(f"--ep {layout.ep}: {experts} experts are not divisible by {layout.ep}", where)
        if layout.pp > 1:
            repeat = _layer_repeat(tensor)
            if repeat is None:
                continue
            if is_concrete(repeat.count) and repeat.count % layout.pp:
                raise EstimatorError(f"--pp {layout.pp}: {repeat.count} layers are not divisible by {layout.pp}"
                                     " pipeline stages", where)
    if layout.pp > 1 and not any(_layer_repeat(t) for t in inventory.tensors):
        raise EstimatorError(f"--pp {layout.pp}: the model has no repeated layers to split in stages", where)


class _Stage:
    """Elements one device holds of a pipeline stage, by kind: ``dense`` (trainable, not
    experts), ``experts`` (trainable expert elements), ``frozen`` (frozen parameters and stored
    buffers: weights only)."""

    def __init__(self) -> None:
        self.sums = {"dense": Sum(), "experts": Sum(), "frozen": Sum()}

    def add(self, kind: str, value: Any) -> None:
        self.sums[kind].add(value)

    @property
    def dense(self) -> Any:
        return self.sums["dense"].value()

    @property
    def experts(self) -> Any:
        return self.sums["experts"].value()

    @property
    def frozen(self) -> Any:
        return self.sums["frozen"].value()


def _stages(inventory: Inventory, layout: Layout) -> tuple[_Stage, _Stage]:
    """Elements per device on the first and the last pipeline stage."""
    first, last = _Stage(), _Stage()
    # Where a tensor sits in its path decides its stage (pp) and whether experts split it (ep);
    # else only whether a tie is stored (one inside a layer stack is): the usual estimate (one
    # device, ZeRO or tp alone) walks no other tensor's path. With ep 1, expert elements are
    # rounded with the dense ones (_stage_bytes): counting them as dense changes nothing.
    walk = layout.pp > 1 or layout.ep > 1
    seen_layers = False
    for tensor in inventory.tensors:
        if not tensor.persistent and tensor.kind != "parameter":
            continue
        repeat, expert = _repeats(tensor) if walk or tensor.tied_to else (None, False)
        elements = _split_elements(tensor, layout, expert)
        kind = "frozen" if tensor.kind != "parameter" or not tensor.trainable else ("experts" if expert else "dense")
        if repeat is not None:
            seen_layers = True
            share = _div(normalise(elements), layout.pp)
            first.add(kind, share)
            last.add(kind, share)
            continue
        if tensor.tied_to:  # stored once; a pipeline's last stage keeps its own copy of a tied head
            if layout.pp > 1 and seen_layers:
                last.add(kind, elements)
            continue
        if layout.pp == 1:
            first.add(kind, elements)
        elif tensor.embedding or not seen_layers:
            first.add(kind, elements)
        else:
            last.add(kind, elements)
    return first, last


def _stage_bytes(stage: _Stage, layout: Layout, per_parameter: tuple) -> dict:
    w, g, o = per_parameter
    replicas = layout.dp * layout.cp
    expert_replicas = replicas // layout.ep

    def part(elements: Any, width: int, stage_needed: int, shards: int) -> Any:
        value = normalise(elements * width)
        return _div(value, shards) if layout.zero >= stage_needed and shards > 1 else value

    def component(width: int, stage_needed: int, with_frozen: bool) -> Any:
        if layout.ep == 1:  # one group: rounded once, as ZeRO without a layout always did
            return part(stage.dense + stage.experts + (stage.frozen if with_frozen else 0), width, stage_needed,
                        replicas)
        return normalise(part(stage.dense + (stage.frozen if with_frozen else 0), width, stage_needed, replicas)
                         + part(stage.experts, width, stage_needed, expert_replicas))

    return {"weights": component(w, 3, True), "gradients": component(g, 2, False),
            "optimizer": component(o, 1, False)}


def module_state_per_device(inventory: Inventory, layout: Layout, per_parameter: tuple) -> dict:
    """Breakdown path -> ``{"weights", "training"}``: the bytes of the module's weights, and of
    its weights + gradients + optimizer state, on one device that holds it, split as
    :func:`training_per_device` splits tensors (tp: 2+-dim tensors; ep: experts; pp: a stage
    holds count/pp of each layer stack; ZeRO over dp x cp, rounded up once per module). A tied
    tensor is counted where its target sits (as ``params`` counts it)."""
    stages: dict[str, _Stage] = {}
    names = PathNames()  # the modules holding a tensor: worked out from its parent's, shared by its tensors
    for tensor in inventory.tensors:
        if tensor.tied_to or (not tensor.persistent and tensor.kind != "parameter"):
            continue
        repeat, expert = _repeats(tensor)
        elements = _split_elements(tensor, layout, expert)
        if repeat is not None:
            elements = _div(normalise(elements), layout.pp)
        kind = "frozen" if tensor.kind != "parameter" or not tensor.trainable else ("experts" if expert else "dense")
        for key in names.holders(tensor.path[:-1]) or [render_path(tensor.path)]:
            stages.setdefault(key, _Stage()).add(kind, elements)
    result = {}
    for key, stage in stages.items():
        parts = _stage_bytes(stage, layout, per_parameter)
        result[key] = {"weights": parts["weights"], "training": normalise(sum(parts.values()))}
    return result


def _larger(a: Any, b: Any) -> Any:
    if is_concrete(a) and is_concrete(b):
        return max(a, b)
    return normalise(sympy.Max(as_sympy(a), as_sympy(b)))


def _largest(values: Iterable[Any]) -> Any:
    """``_larger`` folded from 0 over ``values``, each distinct value once: a repeat changes
    nothing (it is an argument of the Max already, or dominated as its first copy was), and
    sympy compares each new argument with every one the Max holds (a model's layers repeat the
    same sizes: 148 comparisons of free sizes took 2.2 s for one page)."""
    largest: Any = 0
    seen: set = set()
    for value in values:
        if value not in seen:
            seen.add(value)
            largest = _larger(largest, value)
    return largest


def training_per_device(inventory: Inventory, layout: Layout, per_parameter: tuple,
                        activation_bytes: Any = None) -> dict:
    """Bytes of the most loaded device: ``{"total", "components", "stage"}``."""
    first, last = _stages(inventory, layout)
    first_bytes = _stage_bytes(first, layout, per_parameter)
    if layout.pp == 1:  # one stage: the last is the first (its figures would be computed for nothing)
        components = dict(first_bytes)
        if activation_bytes is not None:
            components["activations"] = activation_bytes
        return {"total": normalise(sum(components.values())), "components": components, "stage": "only"}
    last_bytes = _stage_bytes(last, layout, per_parameter)
    first_total = normalise(sum(first_bytes.values()))
    last_total = normalise(sum(last_bytes.values()))
    # with activations, 1F1B keeps pp micro-batches in flight on the first stage: it is the most loaded
    if layout.pp == 1 or activation_bytes is not None \
            or not (isinstance(first_total, int) and isinstance(last_total, int)) or first_total >= last_total:
        stage, components = ("first" if layout.pp > 1 else "only"), dict(first_bytes)
        if layout.pp > 1 and activation_bytes is None \
                and not (isinstance(first_total, int) and isinstance(last_total, int)):
            components = {k: _larger(first_bytes[k], last_bytes[k]) for k in first_bytes}
            stage = "the larger of first and last"
    else:
        stage, components = "last", dict(last_bytes)
    if activation_bytes is not None:
        components["activations"] = activation_bytes
    return {"total": normalise(sum(components.values())), "components": components, "stage": stage}


def output_layer(inventory: Inventory) -> Tensor | None:
    """The last weight matrix outside any repeat, in state-dict order (the LM head)."""
    for tensor in reversed(inventory.tensors):
        if tensor.kind == "parameter" and len(tensor.shape) == 2 \
                and not any(isinstance(seg, Repeat) for seg in tensor.path):
            return tensor
    return None


TRANSIENT_DEFAULT = "hf-sdpa"  # transformers' default attention: no score matrix


def transient_profile(activations: str | None) -> str:
    """The implementation the prefill transient follows: hf-eager materialises the attention
    scores (as does megatron, whose Table 2 counts them); hf-sdpa (the default, and what
    transformers picks) does not."""
    return "hf-eager" if activations in ("hf-eager", "megatron") else TRANSIENT_DEFAULT


def transient_parts(inventory: Inventory, batch: Any, context: Any, act_bytes: int = 2,
                    profile: str = TRANSIENT_DEFAULT) -> dict:
    """Bytes of each candidate for the largest tensor of a prefill (see the module doc)."""
    head = output_layer(inventory)
    parts: dict = {}
    if head is not None:
        parts["logits"] = normalise(batch * context * head.shape[0] * act_bytes)
    declared = declared_tensors(inventory, profile, batch, context, act_bytes,
                                ("scores", "input_fp32", "routing_weights"))
    attention = {layer.path: layer for layer in inventory.attention}
    if profile == "hf-eager":
        declares = {site.path for site, name, _, _ in declared if name.startswith("scores")}
        scores = _largest(itertools.chain(
            (size for site, name, _, size in declared if name.startswith("scores")),
            # a layer that declares no scores: [b, heads, s, s] in act
            (normalise(batch * layer.heads * context * context * act_bytes) for layer in inventory.attention
             if layer.heads is not None and layer.path not in declares)))
        if scores != 0:
            parts["attention_scores"] = scores
    upcasts = []
    for site, name, dtype, size in declared:
        if name.startswith("input_fp32"):  # an RMSNorm computes on an fp32 copy of its input
            around = attention.get(site.path[:-1])  # a norm inside attention (q_norm) normalises each head
            heads = around.heads if around is not None and around.heads is not None else 1
            upcasts.append(normalise(size * heads))
        elif name.startswith("routing_weights") and dtype == "fp32":  # they scale [pairs, hidden] in fp32
            pairs_hidden = normalise(site.scope.lookup("top_k", None) * site.scope.lookup("hidden_size", None))
            upcasts.append(normalise(batch * context * pairs_hidden * 4))
    upcast = _largest(upcasts)
    if upcast != 0:
        parts["fp32_copy"] = upcast
    widths, routes = [], []
    for tensor in inventory.tensors:
        if tensor is head or tensor.kind != "parameter" or tensor.embedding or len(tensor.shape) < 2:
            continue
        for dim in tensor.shape[-2:]:
            if tensor.active_shape is not None and len(tensor.shape) >= 3:
                # fused experts (grouped_mm): every routed (token, expert) pair at once
                routes.append(normalise(tensor.active_shape[0] * dim))
            else:
                widths.append(dim)
    width, routed = _largest(widths), _largest(routes)
    if width != 0:
        parts["widest_projection"] = normalise(batch * context * width * act_bytes)
    if routed != 0:
        parts["routed_experts"] = normalise(batch * context * routed * act_bytes)
    return parts


def transient_bytes(inventory: Inventory, batch: Any, context: Any, act_bytes: int = 2,
                    profile: str = TRANSIENT_DEFAULT) -> Any:
    return _largest(transient_parts(inventory, batch, context, act_bytes, profile).values())


def fits(needed: Any, device_memory: int) -> dict:
    """``{bytes, device_memory, headroom, fits}`` (headroom negative when it does not fit)."""
    if not isinstance(needed, int):
        return {"bytes": needed, "device_memory": device_memory, "headroom": None, "fits": None}
    return {"bytes": needed, "device_memory": device_memory, "headroom": device_memory - needed,
            "fits": needed <= device_memory}


def per_device_metrics(inventory: Inventory, assumptions: Any, layout: Layout, context: Any, weights: Any,
                       kv_cache: Any, per_parameter: tuple, dtype_bytes: dict, activation_bytes: Any = None) -> dict:
    """``inference_bytes_per_device`` and ``training_bytes_per_device`` (with its components
    and the stage it is for) under the assumptions' layout (checked: :func:`check_layout`)."""
    training = training_per_device(inventory, layout, per_parameter, activation_bytes)
    act_bytes = dtype_bytes[getattr(assumptions, "act_dtype", "bf16")]  # the activation dtype (bf16 by default)
    profile = transient_profile(getattr(assumptions, "activations", None))
    transient = transient_bytes(inventory, assumptions.batch, context, act_bytes, profile)
    return {
        "inference_bytes_per_device": normalise(weights + kv_cache + transient),
        "inference_transient_bytes": transient,
        "training_bytes_per_device": training["total"],
        "training_bytes_per_device_by_component": training["components"],
        "training_stage": training["stage"],
        "scores_undeclared": any(layer.heads is None for layer in inventory.attention),
        "transient_profile": profile,
        "layout": layout,
    }


def _plain(value: Any) -> Any:
    return value if isinstance(value, (int, bool)) or value is None else str(value)


def per_device_report(metrics: dict, assumptions: Any) -> tuple[dict, list[str]]:
    """The estimate's keys for memory per device (and fits, given a device) and the lines
    that state their assumptions."""
    layout: Layout = metrics["layout"]
    components = {k: _plain(v) for k, v in metrics["training_bytes_per_device_by_component"].items()}
    result: dict = {
        "inference_bytes_per_device": _plain(metrics["inference_bytes_per_device"]),
        "inference_transient_bytes": _plain(metrics["inference_transient_bytes"]),
        "training_bytes_per_device": _plain(metrics["training_bytes_per_device"]),
        "training_bytes_per_device_by_component": components,
        "layout": {"tp": layout.tp, "sp": layout.sp, "pp": layout.pp, "cp": layout.cp, "ep": layout.ep,
                   "dp": layout.dp, "zero": layout.zero, "devices": layout.devices,
                   "stage": metrics["training_stage"]},
    }
    place = {"only": "one stage holds every layer, the embedding and the head",
             "first": "the first pipeline stage (embedding + its layers; the final norm and the head sit on the last)",
             "last": "the last pipeline stage (its layers + the final norm and the head; the embedding sits on"
                     " the first)"}.get(metrics["training_stage"], metrics["training_stage"])
    sharded = ("the optimizer state", "the optimizer state and gradients",
               "the optimizer state, gradients and weights")[layout.zero - 1] if layout.zero else ""
    lines = [f"layout: {layout.describe()}; training bytes per device for the most loaded device: {place}"
             + ("; tensor parallel splits tensors of 2+ dims, replicates 1-D ones" if layout.tp > 1 else "")
             + (f"; experts split over ep = {layout.ep}" if layout.ep > 1 else "")
             + (f"; ZeRO-{layout.zero} shards {sharded} over dp x cp = {layout.dp * layout.cp}" if layout.zero else "")
             + ("" if "activations" in components else "; activations not included"),
             ("inference per device: " if layout.devices == 1 else
              "inference per device: the whole model on one device, no parallelism (the layout is for training): ")
             + "weights + KV cache + the largest transient buffer of a prefill: the largest single tensor one"
             " forward over the prompt allocates, weights and KV cache aside (the logits of every position,"
             " eager attention scores, the widest projection, MoE experts' routed pairs, an fp32 copy; in the"
             " activation dtype unless fp32); attention as in profile "
             + metrics["transient_profile"]
             + (" (the default: transformers' default sdpa, no score matrix)"
                if getattr(assumptions, "activations", None) is None else "")
             + ("; attention layers that do not declare `heads` add no scores" if metrics.get("scores_undeclared")
                else "")]
    memory = getattr(assumptions, "device_memory", None)
    if memory is not None:
        training = fits(metrics["training_bytes_per_device"], memory)
        inference = fits(metrics["inference_bytes_per_device"], memory)
        training["activations_included"] = "activations" in components
        result["fits"] = {"device": getattr(assumptions, "device", None), "training": training,
                          "inference": inference}
        lines.append(f"device: {getattr(assumptions, 'device', None) or 'given memory'}, {memory:,} bytes;"
                     " headroom = device memory - bytes needed")
    return result, lines


def _split_elements(tensor: Any, layout: Any, expert: bool) -> Any:
    """A tensor's elements on one device (``expert``: whether it is an expert's): tensor parallel
    splits parameters of 2+ dimensions (1-D ones are replicated), expert parallel splits the experts."""
    elements = tensor.numel * tensor.multiplicity
    if len(tensor.shape) >= 2 and tensor.kind == "parameter":
        elements = _div(normalise(elements), layout.tp)
    if expert:
        elements = _div(normalise(elements), layout.ep)
    return elements
