"""Quantised weights as checkpoints store them: the formats (``estimator/quantization.yaml``),
the bytes of one tensor in each, and a config.json's ``quantization_config`` read as a
:class:`Scheme` (which tensors it quantises, in which format; the others stay in the
config's dtype).

A format's bytes are those of the tensors its checkpoints hold for one weight matrix of
``rows`` outputs x ``cols`` inputs (values, scales, zero points, global scales, packed
state), so that the sum over a model equals the sum of the checkpoint's tensor sizes.
"""
from __future__ import annotations

import fnmatch
import itertools
import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from estimator.core.errors import EstimatorError, Location
from estimator.core.expressions import as_sympy, ceil_div, is_concrete, normalise, product
from estimator.core.symbolic import sympy
from estimator.engine.expand import Inventory, Repeat, Tensor
from estimator.spec.loader import load_yaml_file

FORMATS_FILE = Path(__file__).resolve().parent.parent / "quantization.yaml"
LAYOUTS = ("blocks", "tiles", "gptq", "awq", "bnb4", "bnb8", "compressed")
DTYPE_SIZES = {"bfloat16": 2, "float16": 2, "float32": 4}
DTYPE_NAMES = {"float32": "fp32", "float16": "fp16", "bfloat16": "bf16", "fp32": "fp32", "fp16": "fp16",
               "bf16": "bf16"}
EXPERT_TENSORS = {"gate_up_proj", "down_proj", "gate_proj", "up_proj"}  # fused MoE experts [E, ., .]
STORED_FP32 = "stored_fp32"  # the quantization.yaml entry that is not a format
MAX_COPIES = 1_000_000  # copies of a repeated tensor checked one by one against exclusions


@dataclass(frozen=True)
class Format:
    """One storage format of a weight matrix (see quantization.yaml for each layout)."""

    name: str
    layout: str
    block: int = 0  # blocks: elements per block along the input
    bits: int = 4
    scale_bytes: int = 0
    tensor_bytes: int = 0  # per matrix (global scales)
    tile: tuple | None = None  # tiles: (rows, cols) per scale; None: one scale per matrix
    value_bytes: int = 1
    group: int = 128  # gptq / awq; -1: one group per row
    quant_type: str = "nf4"  # bnb4
    blocksize: int = 64
    double_quant: bool = True
    nested_blocksize: int = 256
    offset_chars: int = 19
    # compressed (compressed-tensors): how values are packed, how scales are laid out
    packing: str = "byte"  # int32 (pack-quantized), fp4 (two per byte), byte
    strategy: str = "tensor"  # tensor | channel | group | tensor_group | block
    zero_points: bool = False  # asymmetric: int32-packed zero points per scale
    input_scales: int = 0  # static input scales in the model's dtype
    source: str = ""


@lru_cache(maxsize=1)
def formats() -> dict[str, Format]:
    """The bundled formats by name."""
    document = load_yaml_file(str(FORMATS_FILE))
    result = {}
    for name, data in document.data.items():
        if name == STORED_FP32:
            continue
        if data.get("layout") not in LAYOUTS:
            raise document.error((name, "layout"), f"layout is one of {', '.join(LAYOUTS)}")
        fields: dict[str, Any] = {key: (tuple(value) if key == "tile" else value)
                                  for key, value in data.items() if key != "layout"}
        result[name] = Format(name, data["layout"], **fields)
    return result


@lru_cache(maxsize=1)
def stored_fp32() -> frozenset:
    """Last name segments of tensors quantised checkpoints keep in fp32 (quantization.yaml)."""
    document = load_yaml_file(str(FORMATS_FILE))
    return frozenset(document.data.get(STORED_FP32, {}).get("names", []))


_GROUPED = re.compile(r"^(gptq|awq)-int(\d+)-g(-1|\d+)$")


def named_format(name: str) -> Format | None:
    """``mxfp4``, ``nvfp4``, ``fp8-block128``, ``nf4``, ``gptq-int4-g128``, ``awq-int4-g128``; else None."""
    key = name.lower()
    if key in formats():
        return formats()[key]
    match = _GROUPED.match(key)
    if match:
        bits, group = int(match.group(2)), int(match.group(3))
        if bits in (2, 3, 4, 8) and (group >= 1 or group == -1) and not (match.group(1) == "awq" and group == -1):
            return Format(name=key, layout=match.group(1), bits=bits, group=group)
    return None


FORMAT_NAMES = ("mxfp4", "nvfp4", "fp8-block128", "nf4", "gptq-int4-g128", "awq-int4-g128")


# ---------------------------------------------------------------- bytes


def _floor_div(a: Any, b: int) -> Any:
    if is_concrete(a):
        return a // b
    return normalise(sympy.floor(as_sympy(a) / b))


def _digits(n: Any) -> Any:
    """Decimal digits of a positive integer (its length in JSON)."""
    if isinstance(n, int):
        return len(str(n))
    return normalise(sympy.floor(sympy.log(as_sympy(n), 10)) + 1)


def _bnb_state_chars(fmt: Format, rows: Any, cols: Any, dtype: str) -> Any:
    """Length of the JSON bitsandbytes packs into ``quant_state.bitsandbytes__<type>``:
    the non-tensor fields of ``QuantState.as_dict``, with the matrix's shape and dtype."""
    state: dict = {"quant_type": fmt.quant_type, "blocksize": fmt.blocksize, "dtype": dtype, "shape": [0, 0]}
    if fmt.double_quant:
        state.update(nested_blocksize=fmt.nested_blocksize, nested_dtype="float32", nested_offset=0)
    fixed = len(json.dumps(state)) - 2  # without the two placeholder zeros of the shape
    if fmt.double_quant:
        fixed += fmt.offset_chars - 1  # the offset's digits instead of its placeholder
    return normalise(fixed + _digits(rows) + _digits(cols))


def matrix_bytes(fmt: Format, rows: Any, cols: Any, dtype: str = "bfloat16") -> Any:
    """Bytes of one ``rows x cols`` matrix (inputs along ``cols``) in ``fmt``; ``dtype``:
    the unquantised dtype (bitsandbytes records it in its quant state)."""
    if fmt.layout == "blocks":
        blocks = normalise(rows * ceil_div(cols, fmt.block))
        return normalise(blocks * (fmt.block * fmt.bits // 8 + fmt.scale_bytes) + fmt.tensor_bytes)
    if fmt.layout == "tiles":
        tiles = 1 if fmt.tile is None else normalise(ceil_div(rows, fmt.tile[0]) * ceil_div(cols, fmt.tile[1]))
        return normalise(rows * cols * fmt.value_bytes + tiles * fmt.scale_bytes + fmt.tensor_bytes)
    if fmt.layout == "gptq":
        groups = 1 if fmt.group == -1 else ceil_div(cols, fmt.group)
        qweight = _floor_div(cols, 32) * fmt.bits * rows * 4
        qzeros = groups * (_floor_div(rows, 32) * fmt.bits) * 4
        return normalise(qweight + qzeros + groups * rows * 2 + cols * 4)  # + scales fp16 + g_idx int32
    if fmt.layout == "awq":
        packed = _floor_div(rows, 32 // fmt.bits)
        groups = _floor_div(cols, fmt.group)
        return normalise(cols * packed * 4 + groups * packed * 4 + groups * rows * 2)
    if fmt.layout == "compressed":
        return _compressed_bytes(fmt, rows, cols, DTYPE_SIZES.get(dtype, 2))
    if fmt.layout == "bnb8":  # weight int8 [rows, cols], SCB fp32 [rows], weight_format uint8 []
        return normalise(rows * cols + rows * 4 + 1)
    # bnb4
    n = normalise(rows * cols)
    blocks = ceil_div(n, fmt.blocksize)
    absmax = (blocks + ceil_div(blocks, fmt.nested_blocksize) * 4 + 256 * 4) if fmt.double_quant else blocks * 4
    return normalise(ceil_div(n, 2) + absmax + 16 * 4 + _bnb_state_chars(fmt, rows, cols, dtype))


def _compressed_bytes(fmt: Format, rows: Any, cols: Any, dtype_bytes: int) -> Any:
    """compressed-tensors (0.20): values (pack-quantized: int32 [rows, ceil(cols x bits / 32)]
    and weight_shape int64 [2]; nvfp4/mxfp4-pack-quantized: uint8 [rows, cols / 2]; else one
    byte each), scales by strategy (in ``scale_bytes``, else the model's dtype), int32-packed
    zero points [ceil(rows x bits / 32), groups] when asymmetric, ``tensor_bytes`` of fp32
    global scales, ``input_scales`` static input scales in the model's dtype."""
    if fmt.packing == "int32":
        values = normalise(rows * ceil_div(normalise(cols * fmt.bits), 32) * 4 + 16)
    elif fmt.packing == "fp4":
        values = normalise(rows * ceil_div(cols, 2))
    else:
        values = normalise(rows * cols)
    per_row: Any = ceil_div(cols, fmt.group) if fmt.strategy in ("group", "tensor_group") else int(
        fmt.strategy == "channel")  # scales per row (tensor and block: not per row)
    if fmt.strategy == "tensor":
        scales: Any = 1
    elif fmt.strategy == "block" and fmt.tile is not None:
        scales = normalise(ceil_div(rows, fmt.tile[0]) * ceil_div(cols, fmt.tile[1]))
    else:
        scales = normalise(rows * per_row)
    total = normalise(values + scales * (fmt.scale_bytes or dtype_bytes) + fmt.tensor_bytes
                      + fmt.input_scales * dtype_bytes)
    if fmt.zero_points:
        total = normalise(total + ceil_div(normalise(rows * fmt.bits), 32) * 4 * per_row)
    return total


# ---------------------------------------------------------------- what a checkpoint quantises


@dataclass(frozen=True)
class Scheme:
    """A checkpoint's quantisation: ``fmt`` for the tensors ``targets`` picks (``experts``:
    only fused MoE experts; ``linear``: linear layers' weights and experts; ``linear-only``:
    linear layers' weights), except modules matching ``exclude``; every other stored tensor
    in ``keep``. ``expert_inputs``: the axis of a 3-D expert tensor that holds the inputs
    (1 for gpt-oss' ``[E, in, out]``, 2 for ``[E, out, in]``)."""

    fmt: Format
    targets: str = "linear"
    exclude: tuple = ()
    globs: bool = False  # exclude patterns are shell globs (ModelOpt), else transformers' patterns
    keep: str = "bf16"
    expert_inputs: int = 2
    method: str = ""
    unsupported: str | None = None  # a quant_method this estimator does not read
    # compressed-tensors: (targets, format) per config group, the first that matches a module
    # wins; targets and `exclude` are "Linear", "re:<regex>" (re.match) or a module's name
    groups: tuple = ()

    def describe(self) -> str:
        if self.unsupported:
            return f"quantization_config quant_method {self.unsupported!r} (not read)"
        targets = {"experts": "MoE experts", "linear": "linear layers and experts",
                   "linear-only": "linear layers"}[self.targets]
        names = " / ".join(dict.fromkeys(fmt.name for _, fmt in self.groups)) if self.groups else self.fmt.name
        return (f"weights as shipped (quantization_config, {self.method}): {targets} in {names}, "
                f"everything else in {self.keep}")


def should_convert(module: str, patterns: tuple, globs: bool = False) -> bool:
    """transformers' ``should_convert_module``: a pattern matches from the start up to a
    module boundary, as a regex with that boundary, or as a suffix (ModelOpt: shell globs)."""
    if globs:
        return not any(fnmatch.fnmatchcase(module, pattern) for pattern in patterns)
    boundary = r"(?:(?<=\.)|(?=\.|$))"
    for key in patterns:
        try:
            if re.match(rf"(?:{key}){boundary}", module) or module.endswith(key):
                return False
        except re.error:
            if module.endswith(key):
                return False
    return True


def _module_names(tensor: Tensor) -> Iterator[tuple[str, Any]]:
    """(module name, copies) for each concrete copy of the tensor's module; a module with a
    free repeat count stands for all its copies under the name of its first."""
    segments = tensor.path[:-1]
    repeats = [seg for seg in segments if isinstance(seg, Repeat)]
    concrete = all(is_concrete(seg.start) and is_concrete(seg.count) for seg in repeats)
    if not concrete or product(seg.count for seg in repeats) > MAX_COPIES:
        name = ".".join(seg.template.replace("{}", str(seg.start)) if isinstance(seg, Repeat) else seg
                        for seg in segments)
        yield name, tensor.multiplicity
        return
    ranges = [range(int(seg.start), int(seg.start) + int(seg.count)) for seg in repeats]
    for indices in itertools.product(*ranges):
        position = iter(indices)
        yield ".".join(seg.template.replace("{}", str(next(position))) if isinstance(seg, Repeat) else seg
                       for seg in segments), 1


def _is_expert(tensor: Tensor) -> bool:
    return (len(tensor.shape) == 3 and len(tensor.path) >= 2 and tensor.path[-2] == "experts"
            and tensor.path[-1] in EXPERT_TENSORS)


def _is_linear_weight(tensor: Tensor, module_types: dict) -> bool:
    return (tensor.path[-1] == "weight" and len(tensor.shape) == 2 and not tensor.embedding
            and module_types.get(tensor.path[:-1]) == "linear")


def quantised_bytes(tensor: Tensor, fmt: Format, expert_inputs: int = 2, dtype: str = "bfloat16") -> Any:
    """Bytes of one copy of a weight tensor in ``fmt``: a matrix, or one matrix per
    expert (a fused ``gate_up_proj`` as two, gate and up, as checkpoints store them)."""
    shape = tensor.shape
    if len(shape) == 2:
        return matrix_bytes(fmt, shape[0], shape[1], dtype)
    if _is_expert(tensor):
        experts = shape[0]
        cols = shape[expert_inputs]
        rows = shape[3 - expert_inputs]
        if tensor.path[-1] == "gate_up_proj" and fmt.name != "mxfp4":  # gpt-oss ships gate_up fused
            return normalise(experts * 2 * matrix_bytes(fmt, ceil_div(rows, 2), cols, dtype))
        return normalise(experts * matrix_bytes(fmt, rows, cols, dtype))
    # any other tensor of 2 dims or more: matrices over the last two dimensions, inputs last
    return normalise(product(shape[:-2]) * matrix_bytes(fmt, shape[-2], shape[-1], dtype))


def scheme_bytes(inventory: Inventory, scheme: Scheme, dtype_bytes: dict) -> Any:
    """Bytes of an inventory's stored tensors as a checkpoint with ``scheme`` holds them."""
    if scheme.unsupported:
        raise EstimatorError(
            f"quantization_config: quant_method {scheme.unsupported!r} is not read (known: mxfp4, fp8, modelopt, "
            "compressed-tensors, gptq, awq, bitsandbytes); give --weights FORMAT for the bytes",
            Location(inventory.file or inventory.name, path=("quantization_config", "quant_method")))
    module_types = {module.path: module.type for module in inventory.modules}
    keep = dtype_bytes[scheme.keep]
    dtype = {"bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}.get(scheme.keep, scheme.keep)
    total: Any = 0
    for tensor in inventory.tensors:
        if tensor.tied_to or not tensor.persistent:
            continue
        plain = normalise(product(tensor.shape) * (4 if tensor.path[-1] in stored_fp32() else keep))
        target = tensor.kind == "parameter" and (
            _is_expert(tensor) if scheme.targets == "experts"
            else _is_linear_weight(tensor, module_types) if scheme.targets == "linear-only"
            else _is_expert(tensor) or _is_linear_weight(tensor, module_types))
        if not target:
            total = normalise(total + plain * tensor.multiplicity)
            continue
        packed = None if scheme.groups else quantised_bytes(tensor, scheme.fmt, scheme.expert_inputs, dtype)
        for name, copies in _module_names(tensor):
            if scheme.groups:
                fmt = _compressed_format(scheme, _layer_name(tensor, name))
                size = plain if fmt is None else quantised_bytes(tensor, fmt, scheme.expert_inputs, dtype)
            else:
                size = packed if should_convert(name, scheme.exclude, scheme.globs) else plain
            total = normalise(total + size * copies)
    return total


def _layer_name(tensor: Tensor, module: str) -> str:
    """The name of the linear layer a compressed-tensors config matches: checkpoints list
    experts one by one (``experts.0.gate_proj``), so a fused expert tensor is matched as its
    first expert's layer."""
    if _is_expert(tensor):
        return f"{module}.0.{'down_proj' if tensor.path[-1] == 'down_proj' else 'gate_proj'}"
    return module


def _ct_matches(name: str, targets: tuple) -> bool:
    """compressed-tensors' matching: the class ``Linear``, ``re:<regex>`` (re.match), a name."""
    for target in targets:
        if target == "Linear" or target == name:
            return True
        if target.startswith("re:"):
            try:
                if re.match(target[3:], name):
                    return True
            except re.error:
                continue
    return False


def _compressed_format(scheme: Scheme, name: str) -> Format | None:
    if _ct_matches(name, tuple(t for t in scheme.exclude if t != "Linear")):
        return None
    for targets, fmt in scheme.groups:
        if _ct_matches(name, targets):
            return fmt
    return None


# ---------------------------------------------------------------- quantization_config


def _dtype_of(config: dict) -> str:
    """The dtype a checkpoint stores its unquantised tensors in: the config's ``dtype``
    (``torch_dtype`` before transformers 5), else bf16."""
    for key in ("dtype", "torch_dtype"):
        value = config.get(key)
        if isinstance(value, str) and value in DTYPE_NAMES:
            return DTYPE_NAMES[value]
    return "bf16"


def _patterns(value: Any) -> tuple:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return ()


HEADS = ("lm_head",)  # the output head, which quantizers leave in its dtype unless told


def scheme_from_config(config: dict, where: Location) -> Scheme | None:
    """A config.json's ``quantization_config`` as a Scheme (None without one)."""
    quantization = config.get("quantization_config")
    if quantization is None:
        return None
    if not isinstance(quantization, dict):
        raise EstimatorError("`quantization_config` must be an object", where)
    method = quantization.get("quant_method")
    keep = _dtype_of(config)
    exclude = _patterns(quantization.get("modules_to_not_convert"))
    if method == "mxfp4":
        return Scheme(formats()["mxfp4"], "experts", exclude, keep=keep, expert_inputs=1, method=method)
    if method == "fp8":
        block = quantization.get("weight_block_size")
        tile = tuple(block) if isinstance(block, list) and len(block) == 2 and all(
            isinstance(b, int) and not isinstance(b, bool) and b > 0 for b in block) else None
        static = quantization.get("activation_scheme") == "static"  # + activation_scale, fp32 [], per layer
        fmt = replace(formats()["fp8-block128"], name="fp8-block{}x{}".format(*tile) if tile else "fp8", tile=tile,
                      tensor_bytes=4 if static else 0)
        return Scheme(fmt, "linear", exclude + HEADS, keep=keep, method=method)
    if method == "modelopt":
        algorithm = str(quantization.get("quant_algo", "")).upper()
        globs = _patterns(quantization.get("exclude_modules")) or _patterns(quantization.get("ignore"))
        if algorithm == "NVFP4":
            group = quantization.get("group_size", 16)
            fmt = formats()["nvfp4"] if group == 16 else replace(formats()["nvfp4"], block=group)
            return Scheme(fmt, "linear", globs, globs=True, keep=keep, method=f"modelopt {algorithm}")
        if algorithm == "FP8":  # per-tensor fp8: weight_scale and input_scale, fp32 scalars
            fmt = replace(formats()["fp8-block128"], name="fp8", tile=None, tensor_bytes=4)
            return Scheme(fmt, "linear", globs, globs=True, keep=keep, method=f"modelopt {algorithm}")
        return Scheme(formats()["nvfp4"], unsupported=f"modelopt {algorithm}")
    if method in ("gptq", "awq"):
        bits = quantization.get("bits", quantization.get("w_bit", 4))
        group = quantization.get("group_size", quantization.get("q_group_size", 128))
        version = str(quantization.get("version", "gemm")).lower()
        grouped = named_format(f"{method}-int{bits}-g{group}") if isinstance(bits, int) and isinstance(group, int) \
            else None
        if grouped is None or (method == "awq" and version != "gemm"):
            return Scheme(formats()["mxfp4"], unsupported=f"{method} bits={bits} group_size={group} version={version}")
        heads = () if method == "gptq" and quantization.get("lm_head") is True else HEADS
        return Scheme(grouped, "linear", exclude + heads, keep="fp16" if keep == "fp32" else keep, method=method)
    if method == "compressed-tensors":
        return _compressed_scheme(quantization, keep)
    if method == "bitsandbytes" and quantization.get("load_in_8bit"):
        skip = _patterns(quantization.get("llm_int8_skip_modules"))
        return Scheme(formats()["bnb-int8"], "linear-only", skip + HEADS, keep=keep, method="bitsandbytes 8-bit")
    if method == "bitsandbytes" and quantization.get("load_in_4bit"):
        quant_type = quantization.get("bnb_4bit_quant_type", "fp4")
        double = bool(quantization.get("bnb_4bit_use_double_quant", False))
        fmt = replace(formats()["nf4"], name=f"bnb-{quant_type}" + ("-dq" if double else ""),
                      quant_type=str(quant_type), double_quant=double)
        skip = _patterns(quantization.get("llm_int8_skip_modules"))
        return Scheme(fmt, "linear-only", skip + HEADS, keep=keep, method="bitsandbytes 4-bit")
    return Scheme(formats()["mxfp4"], unsupported=str(method))


COMPRESSED_PACKING = {"pack-quantized": "int32", "nvfp4-pack-quantized": "fp4", "mxfp4-pack-quantized": "fp4",
                      "int-quantized": "byte", "float-quantized": "byte", "naive-quantized": "byte"}
SCALE_DTYPES = {"torch.float8_e4m3fn": 1, "torch.uint8": 1, "torch.float32": 4, "torch.bfloat16": 2,
                "torch.float16": 2}


def _compressed_scheme(quantization: dict, keep: str) -> Scheme:
    """compressed-tensors' ``config_groups`` (each: targets, weights, input_activations,
    format) and ``ignore``, as written by llm-compressor."""
    groups = []
    default_format = quantization.get("format")
    raw_groups = quantization.get("config_groups")
    if not isinstance(raw_groups, dict) or not raw_groups:
        return Scheme(formats()["mxfp4"], unsupported="compressed-tensors without config_groups")
    for name, group in raw_groups.items():
        fmt = _compressed_group(group, default_format) if isinstance(group, dict) else None
        if fmt is None:
            return Scheme(formats()["mxfp4"], unsupported=f"compressed-tensors group {name!r} "
                                                           f"(format {default_format}, {str(group)[:80]})")
        groups.append((_patterns(group.get("targets")), fmt))
    return Scheme(groups[0][1], "linear", _patterns(quantization.get("ignore")), keep=keep, method="compressed-tensors",
                  groups=tuple(groups))


def _compressed_group(group: dict, default_format: Any) -> Format | None:
    weights = group.get("weights")
    packing = COMPRESSED_PACKING.get(group.get("format") or default_format)
    if not isinstance(weights, dict) or packing is None:
        return None
    bits, strategy = weights.get("num_bits"), weights.get("strategy") or "tensor"
    size, block = weights.get("group_size"), weights.get("block_structure")
    symmetric = weights.get("symmetric", True) is not False
    if not isinstance(bits, int) or strategy not in ("tensor", "channel", "group", "tensor_group", "block"):
        return None
    if strategy in ("group", "tensor_group") and not (isinstance(size, int) and size > 0):
        return None
    tile = tuple(block) if isinstance(block, list) and len(block) == 2 else None
    if strategy == "block" and tile is None:
        return None
    if not symmetric and (packing != "int32" or strategy not in ("group", "channel")):
        return None  # zero points are read only as pack-quantized writes them
    scale_bytes = SCALE_DTYPES.get(str(weights.get("scale_dtype")), 0)
    inputs = group.get("input_activations")
    static_inputs = isinstance(inputs, dict) and inputs.get("dynamic") is False
    local_inputs = isinstance(inputs, dict) and inputs.get("dynamic") == "local"  # an fp32 global scale
    if isinstance(inputs, dict) and static_inputs and inputs.get("strategy") not in (None, "tensor"):
        return None
    return Format(name=f"compressed {group.get('format') or default_format} w{bits} {strategy}", layout="compressed",
                  bits=bits, group=size if isinstance(size, int) else 0, tile=tile, packing=packing,
                  strategy=strategy, zero_points=not symmetric, scale_bytes=scale_bytes,
                  tensor_bytes=(4 if strategy == "tensor_group" else 0) + (4 if local_inputs else 0),
                  input_scales=1 if static_inputs else 0)
