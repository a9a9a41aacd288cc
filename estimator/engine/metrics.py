"""Bytes and FLOPs from an inventory: weights by storage format, training state, KV cache,
and FLOPs per token. Every figure is an exact integer (or a formula of free symbols), so
formulas, sweeps and solve work on them exactly as on parameter counts.

Conventions (printed with the results):
- weights: parameters and stored buffers in the chosen format; a quantised format applies
  to weight matrices (2 dims or more, not embeddings); embeddings and 1-D tensors (norms,
  biases) stay in ``keep`` (bf16 by default). Group formats add one fp16 scale per group
  of ``G`` consecutive weights along a row (and a packed zero point with ``-zp``); GGUF
  formats use their block layouts along the last dimension; checkpoint formats (``mxfp4``,
  ``nvfp4``, ``fp8-block128``, ``nf4``, ``gptq-int4-g128``, ``awq-int4-g128``) their
  tensors' layouts (:mod:`estimator.engine.quantization`). Without ``weights`` (None): as
  the checkpoint ships, i.e. a config.json's ``quantization_config``, else bf16.
- training: mixed-precision AdamW keeps bf16 weights (2) and gradients (2), fp32 master
  weights (4) and two fp32 moments (4 + 4): 16 bytes per trainable parameter; ``adamw-fp32``
  4 + 4 + 8; ``sgd`` (momentum, fp32) 4 + 4 + 4. ZeRO stage 1 shards the optimizer state,
  2 also the gradients, 3 also the weights, over the data-parallel ranks (dp x cp of the
  layout; ``devices`` without one). This is the whole model's state: a layout with tp, pp
  or ep splits it further per device (``training_bytes_per_device``, with activations).
- activations (with ``Assumptions.activations``, a profile): what each layer keeps for
  backward for one micro-batch of ``micro_batch`` sequences of the context's length, in
  ``act_dtype``, under ``recompute`` (:mod:`estimator.engine.activations`).
- KV cache: what attention layers declare (``attends``), in ``kv_dtype``. A layer that
  caches (``cache``, the default) holds ``kv_per_token`` per token of the context, a
  sliding-window layer at most ``window`` tokens: that is the KV cache per token. A
  cross-attention layer (``cross``) holds ``kv_per_token`` per token of the encoder's output,
  once (the encoder length, see below), not per generated token. A layer with ``cache``
  false (an encoder's self-attention) holds nothing.
- Recurrent state: what layers that keep a fixed-size state per sequence declare
  (``state``: a Mamba mixer's conv and SSM states, a linear-attention layer's K^T V), in
  ``kv_dtype`` or in fp32 where declared (transformers keeps SSM states in fp32), per
  sequence whatever the context, times the batch. Apart from the KV cache; inference memory
  (``memory_bytes``, ``inference_bytes_per_device``) holds both.
- Encoder length: ``Assumptions.encoder_context``, else the spec's ``encoder_context`` or
  ``max_source_positions`` hyperparameter, else the context: a formula like the context.
- FLOPs per token (PaLM, Chowdhery et al. 2022, appendix B): forward = 2 x the active
  parameters of weight matrices (a tied output head counts: it is used twice) + 2 x
  context x (qk_dim + v_dim) per attention layer (scores and mixing; every layer, cached or
  not; a cross-attention layer: the encoder length instead of the context); training =
  3 x forward. Convolutions are not counted (their cost depends on the input size).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from estimator.core.errors import COMMAND_LINE, did_you_mean, EstimatorError, Location
from estimator.core.expressions import ceil_div, is_concrete, normalise, product, Sum
from estimator.core.symbolic import is_symbolic, sympy
from estimator.engine.activations import activation_sums, ActivationSums, check_profile
from estimator.engine.expand import Inventory
from estimator.engine.placement import (activation_clause, check_layout, Layout, layout_of, per_device_metrics,
                                        zero_clause)
from estimator.engine.quantization import (FORMAT_NAMES, named_format, quantised_bytes, Scheme, scheme_bytes,
                                          scheme_from_config)
from estimator.engine.totals import PathNames

DTYPE_BYTES = {"fp32": 4, "float32": 4, "fp16": 2, "float16": 2, "bf16": 2, "bfloat16": 2, "fp8": 1, "int8": 1}
# GGUF block layouts: elements per block, bytes per block (ggml-common.h)
GGUF_BLOCKS = {
    "q4_0": (32, 18), "q4_1": (32, 20), "q5_0": (32, 22), "q5_1": (32, 24), "q8_0": (32, 34), "q8_1": (32, 36),
    "q2_k": (256, 84), "q3_k": (256, 110), "q4_k": (256, 144), "q5_k": (256, 176), "q6_k": (256, 210),
    "q8_k": (256, 292), "iq4_nl": (32, 18), "iq4_xs": (256, 136),
}
OPTIMIZERS = {  # bytes per trainable parameter: weights, gradients, optimizer state
    "adamw": (2, 2, 12),
    "adamw-fp32": (4, 4, 8),
    "sgd": (4, 4, 4),
}
METRIC_KEYS = (
    "weights_bytes",
    "training_bytes",
    "kv_cache_bytes_per_token",
    "kv_cache_bytes_per_encoder_token",
    "kv_cache_bytes",
    "recurrent_state_bytes_per_sequence",
    "recurrent_state_bytes",
    "memory_bytes",
    "flops_per_token",
    "training_flops_per_token",
    "activation_bytes",
    "inference_bytes_per_device",
    "training_bytes_per_device",
)
DEFAULT_PROFILE = "hf-sdpa"  # what formula, sweep and solve use for activation_bytes without a profile
CONTEXT_NAMES = ("context", "max_position_embeddings", "n_positions", "n_ctx", "max_seq_len", "seq_length",
                 "max_target_positions")
# the length of the encoder's output a cross-attention layer holds K/V for (else the context)
ENCODER_CONTEXT_NAMES = ("encoder_context", "max_source_positions")


@dataclass(frozen=True)
class Assumptions:
    weights: str | None = None  # None: as the checkpoint ships (quantization_config), else bf16
    keep: str = "bf16"
    kv_dtype: str = "bf16"
    context: Any = None  # tokens; None: the spec's own context length, else 2048
    encoder_context: Any = None  # encoder tokens cross-attention holds; None: the spec's, else the context
    batch: Any = 1
    optimizer: str = "adamw"
    zero: int = 0
    devices: int = 1
    activations: str | None = None  # a profile (estimator/profiles.yaml); None: no activations
    micro_batch: Any = 1  # sequences per micro-batch (activations)
    act_dtype: str = "bf16"  # the activation dtype
    recompute: str = "none"  # none | selective | full
    tp: int = 1  # tensor-parallel size (megatron activations only)
    sp: bool = False  # sequence parallelism (megatron activations only)
    pp: int = 1  # pipeline stages (estimator.engine.placement)
    cp: int = 1  # context-parallel size
    ep: int = 1  # expert-parallel size
    dp: int = 0  # data-parallel size; 0: devices / (tp x pp x cp)
    device_memory: Any = None  # bytes of one device (--device / --device-memory): says whether it fits
    device: str | None = None  # the catalogue device the memory comes from

    def check(self) -> "Assumptions":
        where = Location(COMMAND_LINE)
        if self.weights is not None:
            parse_format(self.weights)
        if self.keep not in DTYPE_BYTES:
            raise EstimatorError(f"--keep {self.keep}: not a dtype{did_you_mean(self.keep, DTYPE_BYTES)}", where)
        if self.kv_dtype not in DTYPE_BYTES:
            raise EstimatorError(f"--kv-dtype {self.kv_dtype}: not a dtype{did_you_mean(self.kv_dtype, DTYPE_BYTES)}", where)
        if self.optimizer not in OPTIMIZERS:
            raise EstimatorError(f"--optimizer {self.optimizer}: one of {', '.join(OPTIMIZERS)}"
                                 f"{did_you_mean(self.optimizer, OPTIMIZERS)}", where)
        if self.zero not in (0, 1, 2, 3):
            raise EstimatorError(f"--zero {self.zero}: a ZeRO stage is 0, 1, 2 or 3", where)
        if self.devices < 1:
            raise EstimatorError(f"--devices {self.devices}: at least 1", where)
        if self.act_dtype not in DTYPE_BYTES:
            raise EstimatorError(f"--act-dtype {self.act_dtype}: not a dtype{did_you_mean(self.act_dtype, DTYPE_BYTES)}",
                                 where)
        if isinstance(self.micro_batch, int) and self.micro_batch < 1:
            raise EstimatorError(f"--micro-batch {self.micro_batch}: at least 1", where)
        if self.tp < 1:
            raise EstimatorError(f"--tp {self.tp}: at least 1", where)
        if self.activations is not None:
            check_profile(self.activations, self.recompute)
        elif self.recompute != "none":
            raise EstimatorError(f"--recompute {self.recompute}: give an activation profile (--activations)", where)
        if isinstance(self.encoder_context, int) and self.encoder_context < 1:
            raise EstimatorError(f"--encoder-context {self.encoder_context}: at least 1", where)
        return self


def parse_format(name: str) -> tuple:
    """``bf16`` -> ("dtype", 2); ``int4-g128`` -> ("group", 4, 128, False); ``q4_k`` -> ("gguf", 256, 144)."""
    key = name.lower()
    if key in DTYPE_BYTES:
        return ("dtype", DTYPE_BYTES[key])
    if key in GGUF_BLOCKS:
        return ("gguf", *GGUF_BLOCKS[key])
    shipped = named_format(key)
    if shipped is not None:
        return ("quant", shipped)
    parts = key.split("-")
    if len(parts) in (2, 3) and parts[0].startswith("int") and parts[1].startswith("g"):
        try:
            bits, group = int(parts[0][3:]), int(parts[1][1:])
        except ValueError:
            bits = group = 0
        if 1 <= bits <= 8 and group >= 1 and (len(parts) == 2 or parts[2] == "zp"):
            return ("group", bits, group, len(parts) == 3)
    known = list(DTYPE_BYTES) + list(GGUF_BLOCKS) + ["int4-g128", "int4-g128-zp", "int8-g64"] + list(FORMAT_NAMES)
    raise EstimatorError(f"--weights {name}: unknown format{did_you_mean(key, known)}"
                         f" (dtypes: {', '.join(DTYPE_BYTES)}; groups: intN-gG[-zp]; checkpoint formats: mxfp4, nvfp4,"
                         f" fp8-block128, nf4, gptq-intN-gG, awq-intN-gG; GGUF: {', '.join(GGUF_BLOCKS)})",
                         Location(COMMAND_LINE))


def tensor_bytes(shape: tuple, fmt: tuple) -> Any:
    """Exact bytes of one tensor stored in ``fmt``."""
    numel: Any = 1
    for dim in shape:
        numel = normalise(numel * dim)
    if fmt[0] == "dtype":
        return normalise(numel * fmt[1])
    columns = shape[-1] if shape else 1
    if not shape:
        rows: Any = 1
    elif isinstance(numel, int) and isinstance(columns, int):
        rows = numel // columns if columns else 0
    else:
        rows = normalise(product(shape[:-1]))
    if fmt[0] == "gguf":
        block, size = fmt[1], fmt[2]
        return normalise(rows * ceil_div(columns, block) * size)
    bits, group, zero_point = fmt[1], fmt[2], fmt[3]
    groups = normalise(rows * ceil_div(columns, group))
    total = ceil_div(normalise(numel * bits), 8) + normalise(groups * 2)  # fp16 scale per group
    if zero_point:
        total = normalise(total + ceil_div(normalise(groups * bits), 8))
    return normalise(total)


def _is_matrix(tensor) -> bool:
    return (len(tensor.shape) == 2 or tensor.active_shape is not None) and not tensor.embedding


SHIPPED = "shipped"  # the weights_bytes key of the bytes as the checkpoint ships them


def shipped_scheme(inventory: Inventory) -> Scheme | None:
    """The quantisation a config.json's ``quantization_config`` gives the inventory, if any."""
    if not inventory.quantization:
        return None
    return scheme_from_config(inventory.quantization, Location(inventory.file or inventory.name))


def weights_label(assumptions: Assumptions, inventory: Inventory) -> str:
    """The format the weights are counted in: ``--weights``, else ``shipped`` for a
    quantised checkpoint, else bf16."""
    if assumptions.weights is not None:
        return assumptions.weights
    return SHIPPED if shipped_scheme(inventory) is not None else "bf16"


def weights_bytes(inventory: Inventory, fmt_name: str | None, keep: str = "bf16") -> Any:
    """Bytes of the stored tensors (unique parameters and persistent buffers) in a format;
    ``None`` or ``shipped``: as the checkpoint ships them (quantization_config), else bf16."""
    if fmt_name is None or fmt_name == SHIPPED:
        scheme = shipped_scheme(inventory)
        if scheme is not None:
            return scheme_bytes(inventory, scheme, DTYPE_BYTES)
        fmt_name = "bf16"
    fmt = parse_format(fmt_name)
    if fmt[0] == "dtype":  # every stored tensor in one dtype: its bytes times the stored elements
        stored = [tensor.elements for tensor in inventory.tensors if not tensor.tied_to and tensor.persistent]
        if all(type(elements) is int for elements in stored):  # else summed a tensor at a time, as below
            return fmt[1] * sum(stored)
    keep_fmt = ("dtype", DTYPE_BYTES[keep])
    total = Sum()
    for tensor in inventory.tensors:
        if tensor.tied_to or not tensor.persistent:
            continue
        if fmt[0] == "dtype":
            chosen = fmt
        else:
            chosen = fmt if tensor.kind == "parameter" and len(tensor.shape) >= 2 and not tensor.embedding else keep_fmt
        if chosen[0] == "quant":
            size = quantised_bytes(tensor, chosen[1], dtype={"bf16": "bfloat16", "fp16": "float16"}.get(keep, keep))
        elif chosen[0] == "dtype":  # tensor_bytes's figure, from the elements the tensor has counted already
            size = normalise(tensor.numel * chosen[1])
        else:
            size = tensor_bytes(tensor.shape, chosen)
        total.add(size * tensor.multiplicity)
    return total.value()


def _tokens_held(context: Any, window: Any) -> Any:
    """Tokens an attention layer looks at: the context, or its sliding window if smaller."""
    if not window:
        return context
    if is_concrete(context) and is_concrete(window):
        return min(context, window)
    return sympy.Min(context, window)


def _matrix_elements(tensor) -> Any:
    """Active elements of a weight matrix per token, times its passes (0 for anything else)."""
    if tensor.kind == "parameter" and _is_matrix(tensor):
        return tensor.active_elements if tensor.uses == 1 else normalise(tensor.active_elements * tensor.uses)
    return 0


def _tokens_attended(layer, context: Any, encoder_context: Any) -> Any:
    """Tokens one attention layer looks at per query: the encoder's output for
    cross-attention, else the context (each capped by a sliding window)."""
    return _tokens_held(encoder_context if layer.cross else context, layer.window)


@dataclass(frozen=True)
class AttentionSums:
    per_token: Any  # KV elements per token of the context (layers that cache, not cross-attention)
    per_encoder_token: Any  # KV elements per encoder token (cross-attention that caches)
    held: Any  # KV elements held for ``context`` tokens and the encoder's output
    widths: Any  # sum of (qk_dim + v_dim) x tokens attended, over every layer (FLOPs / 2)


def attention_sums(inventory: Inventory, context: Any, encoder_context: Any = None) -> AttentionSums:
    """KV elements and attention widths of every attention layer (see the module doc);
    ``encoder_context`` None: the context."""
    if encoder_context is None:
        encoder_context = context
    per_token: Any = 0
    per_encoder_token: Any = 0
    held: Any = 0
    widths: Any = 0
    for layer in inventory.attention:
        count = normalise(layer.multiplicity * layer.uses)
        tokens = _tokens_attended(layer, context, encoder_context)
        if layer.cache:
            kv = normalise(layer.kv_per_token * count)
            if layer.cross:
                per_encoder_token = normalise(per_encoder_token + kv)
            else:
                per_token = normalise(per_token + kv)
            held = normalise(held + kv * tokens)
        widths = normalise(widths + (layer.qk_dim + layer.v_dim) * count * tokens)
    return AttentionSums(per_token, per_encoder_token, held, widths)


def recurrent_state_bytes(inventory: Inventory, kv_dtype: str) -> Any:
    """Bytes of the fixed-size recurrent states ONE sequence holds (``state:``), whatever its
    length: in the KV cache's dtype, or fp32 where a state says so."""
    total: Any = 0
    for state in inventory.states:
        size = 4 if state.dtype == "fp32" else DTYPE_BYTES[kv_dtype]
        total = normalise(total + state.elements * state.multiplicity * state.uses * size)
    return total


def matmul_active_params(inventory: Inventory) -> Any:
    total: Any = 0
    for tensor in inventory.tensors:
        total = normalise(total + _matrix_elements(tensor))
    return total


def _length(hyperparameters: dict, names: tuple) -> Any:
    """The first of ``names`` that is a positive integer or depends on free symbols (a free
    context, or one derived from free sizes: a ViT's patch count), else None."""
    for name in names:
        value: Any = hyperparameters.get(name)
        if (is_symbolic(value) and value.free_symbols) or (
                isinstance(value, int) and not isinstance(value, bool) and value > 0):
            return value
    return None


def default_context(hyperparameters: dict) -> Any:
    """The spec's own context length (a free symbol in a formula), else 2048."""
    value = _length(hyperparameters, CONTEXT_NAMES)
    return 2048 if value is None else value


def encoder_context_of(assumptions: Assumptions, hyperparameters: dict, context: Any) -> Any:
    """Encoder tokens a cross-attention layer holds K/V for: the assumption, else the spec's
    ``encoder_context`` / ``max_source_positions``, else the context."""
    if assumptions.encoder_context is not None:
        return assumptions.encoder_context
    value = _length(hyperparameters, ENCODER_CONTEXT_NAMES)
    return context if value is None else value


def compute_metrics(inventory: Inventory, counts: dict, assumptions: Assumptions, context: Any,
                    encoder_context: Any = None) -> dict:
    """Every metric of METRIC_KEYS (plus the training components) as exact values;
    ``encoder_context`` None: :func:`encoder_context_of` the inventory's hyperparameters."""
    return _metrics(inventory, counts, assumptions, context, encoder_context,
                    *_assumed(inventory, assumptions, context))


def _assumed(inventory: Inventory, assumptions: Assumptions, context: Any) -> tuple[Layout, ActivationSums | None]:
    """The layout and (under a profile) the activations the assumptions ask of the model: what
    refuses assumptions the model cannot meet (heads by tp, experts by ep, layers by pp; a profile
    none of its layers declares), before any figure is computed."""
    layout = layout_of(assumptions)
    check_layout(inventory, layout)  # first: a layout the model cannot have says so, not a fractional activation
    activations = activations_of(inventory, assumptions, context) if assumptions.activations is not None else None
    return layout, activations


def _metrics(inventory: Inventory, counts: dict, assumptions: Assumptions, context: Any, encoder_context: Any,
             layout: Layout, activations: ActivationSums | None) -> dict:
    """:func:`compute_metrics` under the layout and activations :func:`_assumed` gave."""
    if encoder_context is None:
        encoder_context = encoder_context_of(assumptions, inventory.hyperparameters, context)
    weights = weights_bytes(inventory, assumptions.weights, assumptions.keep)
    w, g, o = OPTIMIZERS[assumptions.optimizer]
    trainable = counts["trainable_params"]
    frozen = counts["non_trainable_params"]
    devices = layout.dp * layout.cp  # ZeRO shards over the data-parallel ranks (all devices without a layout)
    shard = {  # which components ZeRO splits over the devices
        "weights": assumptions.zero >= 3, "gradients": assumptions.zero >= 2, "optimizer": assumptions.zero >= 1}

    def part(value: Any, sharded: bool) -> Any:
        return ceil_div(value, devices) if sharded and devices > 1 else value

    training = {
        "weights": part(normalise((trainable + frozen) * w + counts["persistent_buffer_elements"] * w), shard["weights"]),
        "gradients": part(normalise(trainable * g), shard["gradients"]),
        "optimizer": part(normalise(trainable * o), shard["optimizer"]),
    }
    kv_bytes = DTYPE_BYTES[assumptions.kv_dtype]
    sums = attention_sums(inventory, context, encoder_context)
    kv_per_token = normalise(sums.per_token * kv_bytes)
    kv_total = normalise(sums.held * kv_bytes * assumptions.batch)
    state_per_sequence = recurrent_state_bytes(inventory, assumptions.kv_dtype)
    state_total = normalise(state_per_sequence * assumptions.batch)
    forward = normalise(2 * matmul_active_params(inventory) + 2 * sums.widths)
    extra = {}
    if activations is not None:
        extra["activation_bytes"] = activations.total
        extra["activation_sums"] = activations  # with its module rows, which the estimate reads (not a metric)
    # what inference holds beside the weights: the KV cache and the recurrent states
    extra.update(per_device_metrics(inventory, assumptions, layout, context, weights,
                                    normalise(kv_total + state_total), (w, g, o), DTYPE_BYTES,
                                    extra.get("activation_bytes")))
    return {
        "weights_bytes": weights,
        "training_bytes": normalise(sum(training.values())),
        "training_bytes_by_component": training,
        "kv_cache_bytes_per_token": kv_per_token,
        "kv_cache_bytes_per_encoder_token": normalise(sums.per_encoder_token * kv_bytes),
        "kv_cache_bytes": kv_total,
        "recurrent_state_bytes_per_sequence": state_per_sequence,
        "recurrent_state_bytes": state_total,
        "memory_bytes": normalise(weights + kv_total + state_total),
        "flops_per_token": forward,
        "training_flops_per_token": normalise(3 * forward),
        **extra,
    }


def activations_of(inventory: Inventory, assumptions: Assumptions, context: Any, profile: str | None = None):
    """Activation bytes (total and per module) of one micro-batch at ``context`` tokens."""
    return activation_sums(inventory, profile or assumptions.activations or DEFAULT_PROFILE, assumptions.micro_batch,
                           context, DTYPE_BYTES[assumptions.act_dtype], assumptions.recompute, assumptions.tp,
                           assumptions.sp)


def describe_weights(assumptions: Assumptions, inventory: Inventory | None = None) -> str:
    """How the weights are counted: the format given, or as the checkpoint ships them."""
    scheme = shipped_scheme(inventory) if inventory is not None and assumptions.weights is None else None
    if scheme is not None:
        return scheme.describe()
    weights = assumptions.weights or "bf16"
    return f"weights in {weights}" + (f" (embeddings, norms and biases in {assumptions.keep})"
                                      if parse_format(weights)[0] != "dtype" else "")


def describe_assumptions(assumptions: Assumptions, context: Any, encoder_context: Any = None,
                         inventory: Inventory | None = None) -> list[str]:
    """The assumptions behind the figures, a line each; ``encoder_context`` (given for a model
    with cross-attention) adds how long the encoder's output is; ``inventory``: the model,
    whose checkpoint may ship quantised weights."""
    w, g, o = OPTIMIZERS[assumptions.optimizer]
    layout = layout_of(assumptions)
    zero = zero_clause(layout)
    lines = [
        describe_weights(assumptions, inventory),
        f"training: {assumptions.optimizer}, {w}+{g}+{o} bytes per trainable parameter"
        f" (weights+gradients+optimizer){zero}; "
        + ("activations not included" if assumptions.activations is None
           else "activations per micro-batch below"),
        f"KV cache in {assumptions.kv_dtype}, context {context} x batch {assumptions.batch}",
        "FLOPs per token at that context: forward = 2 x active matrix parameters + 2 x context x"
        " (qk_dim + v_dim) per attention layer (PaLM, Chowdhery et al. 2022); training = 3 x forward",
    ]
    if assumptions.activations is not None:
        parallel = activation_clause(layout)
        lines.insert(2, f"activations: profile {assumptions.activations}, micro-batch {assumptions.micro_batch} x"
                        f" {context} tokens, in {assumptions.act_dtype}, recompute {assumptions.recompute}{parallel};"
                        " MoE: tokens x top_k spread evenly over the experts (balanced)")
    if inventory is not None and inventory.states:  # after the KV cache's line
        kv_line = next(i for i, line in enumerate(lines) if line.startswith("KV cache in"))
        lines.insert(kv_line + 1, f"recurrent states (conv, SSM, linear attention): a fixed size per sequence x batch"
                                  f" {assumptions.batch}, in {assumptions.kv_dtype} (fp32 where the layer keeps fp32)")
    if encoder_context is not None:
        lines.insert(3, f"encoder output of {encoder_context} tokens: cross-attention holds its K/V once"
                        f" ({encoder_context} x batch {assumptions.batch}) and attends to {encoder_context}"
                        " tokens (FLOPs); an encoder's self-attention caches nothing")
    return lines


def has_cross_attention(inventory: Inventory) -> bool:
    return any(layer.cross for layer in inventory.attention)


ALIASES = {"memory": "memory_bytes", "weights": "weights_bytes", "kv_cache": "kv_cache_bytes",
           "training_memory": "training_bytes", "flops": "flops_per_token"}


def all_values(inventory: Inventory, counts: dict, assumptions: Assumptions, hyperparameters: dict) -> "Values":
    """Counts and metrics in one flat mapping (what formula, sweep and solve can target). The
    metrics are computed together when one of them is first read: most formulas and sweeps read
    counts alone, and the symbolic bytes (the largest transient is a Max over every width) were
    most of their time. Assumptions the model cannot meet are refused at once all the same."""
    context = assumptions.context if assumptions.context is not None else default_context(hyperparameters)
    encoder_context = encoder_context_of(assumptions, hyperparameters, context)
    layout, activations = _assumed(inventory, assumptions, context)
    values = Values(counts, lambda: _metrics(inventory, counts, assumptions, context, encoder_context, layout,
                                             activations))
    for key in METRIC_KEYS:
        if key != "activation_bytes":
            values[key] = _Deferred(lambda key=key: values.metrics()[key])
        elif activations is not None:
            values[key] = activations.total  # computed already: a profile no layer declares is refused at once
    if activations is None:  # the default profile's, alone, when asked for (listed last, where it always was)
        values["activation_bytes"] = _Deferred(lambda: activations_of(inventory, assumptions, context).total)
    return values


class _Deferred:
    def __init__(self, compute):
        self.compute = compute


class Values(dict):
    """A mapping whose deferred values are computed on first access; the metrics together
    (:meth:`metrics`), once."""

    def __init__(self, counts: dict, compute: Callable[[], dict]):
        super().__init__(counts)
        self.compute = compute  # every metric, with the estimate's other figures (components, the transient)
        self._metrics: dict | None = None

    def metrics(self) -> dict:
        """What :func:`compute_metrics` gives, computed on first call."""
        if self._metrics is None:
            self._metrics = self.compute()
        return self._metrics

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if isinstance(value, _Deferred):
            value = value.compute()
            self[key] = value
        return value


def module_flops(inventory: Inventory, context: Any, encoder_context: Any = None) -> dict:
    """Forward FLOPs per token of every module, by module path (as in the breakdown):
    each matrix adds 2 x its active elements, each attention layer its context term (the
    encoder length for cross-attention), to every module that holds it."""

    if encoder_context is None:
        encoder_context = encoder_context_of(Assumptions(), inventory.hyperparameters, context)

    flops: dict = {}

    def add(keys: list, value: Any) -> None:
        for key in keys:
            flops[key] = normalise(flops.get(key, 0) + value)

    by_module: dict[tuple, Any] = {}  # a tensor's module path -> its matrices' FLOPs, summed first
    for tensor in inventory.tensors:
        elements = _matrix_elements(tensor)
        if elements != 0:
            module = tensor.path[:-1]
            found = by_module.get(module)
            by_module[module] = 2 * elements if found is None else normalise(found + 2 * elements)
    names = PathNames()
    for module, value in by_module.items():
        add(names.holders(module), value)  # the module and its parents
    for layer in inventory.attention:
        tokens = _tokens_attended(layer, context, encoder_context)
        add(names.holders(layer.path),
            2 * (layer.qk_dim + layer.v_dim) * tokens * layer.multiplicity * layer.uses)
    return flops
