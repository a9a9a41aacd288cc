"""Objects a user holds in Python, read as model files are: ``estimator.count(model)``.

Each object becomes the :class:`~estimator.sources.metadata.ModelFile` a file reader would
return, so its counts, module breakdown and dtypes come from the same code as a file's
(:func:`estimator.sources.counting.count_file`). Objects are read by what they offer
(duck typing); torch and keras are never imported here:

- a Keras model (``weights``, ``trainable_weights``, ``non_trainable_weights``): every
  weight by its Keras 3 path (``dense/kernel``), trainable or not as Keras says; BatchNorm
  statistics are non-trainable weights, as in Keras' own ``count_params()`` and summary.
  (Checked before a torch module: with the torch backend a Keras model is an ``nn.Module``.)
- a PyTorch ``nn.Module`` (``named_parameters``, ``named_buffers``): parameters with
  ``requires_grad``, buffers persistent or not, and a parameter reachable under several
  names (tied weights) listed once more per extra name with ``tied_to`` its first name;
- a mapping ``name -> tensor`` (a ``state_dict``; anything with ``.shape``): parameters and
  buffers told apart by name, as in a file; tensors sharing memory (a tied weight appears
  under both names in ``state_dict()``) are counted once;
- a mapping ``name -> shape`` or a list of ``{name, shape, trainable?, ...}`` dicts, read by
  the same code as a JSON name/shape list; an iterable of ``(name, tensor or shape)`` pairs
  (``model.named_parameters()``) is read as the mapping it makes.

``dtypes`` and ``stored_bytes`` are what a checkpoint of the object would hold: every
tensor once, non-persistent buffers left out.
"""
from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Mapping
from typing import Any, Callable

from estimator.core.errors import check_integer, EstimatorError, Location, short_repr, shorten
from estimator.engine import results
from estimator.sources.checkpoint import diff, summary_line
from estimator.sources.metadata import listing, MAX_GGUF_TENSORS, MAX_RANK, ModelFile, SAFETENSORS_BITS, StoredTensor
from estimator.spec.model import Spec

# dtype names as torch (``torch.bfloat16``, shown without ``torch.``), numpy and Keras
# write them -> safetensors' names, so that a live model's dtypes read as its file's do
DTYPE_NAMES = {
    "float64": "F64", "float32": "F32", "float16": "F16", "bfloat16": "BF16",
    "float8_e4m3fn": "F8_E4M3", "float8_e5m2": "F8_E5M2", "float8_e8m0fnu": "F8_E8M0",
    "int64": "I64", "int32": "I32", "int16": "I16", "int8": "I8",
    "uint64": "U64", "uint32": "U32", "uint16": "U16", "uint8": "U8",
    "bool": "BOOL", "complex64": "C64",
}
MAX_TENSORS = MAX_GGUF_TENSORS  # an iterable of pairs is read up to this many, never forever

KINDS = ("a PyTorch nn.Module, a state_dict, a Keras model, a list of {name, shape} dicts, a {name: shape} "
         "mapping, or a file path")


def read_object(obj: object, display: str | None = None) -> ModelFile:
    """The tensors of a live Python object as a ModelFile; EstimatorError for anything else."""
    if _is_keras_model(obj):
        return _keras_model(obj, display or f"<Keras model {getattr(obj, 'name', type(obj).__name__)}>")
    if callable(getattr(obj, "named_parameters", None)) and callable(getattr(obj, "named_buffers", None)):
        return _torch_module(obj, display or f"<{type(obj).__name__}>")
    display = display or f"<{type(obj).__name__}>"
    if isinstance(obj, Mapping):
        return _mapping(dict(obj), display)
    if isinstance(obj, Iterable):
        items = list(itertools.islice(obj, MAX_TENSORS + 1))
        if len(items) > MAX_TENSORS:
            raise EstimatorError(f"more than {MAX_TENSORS:,} entries", Location(display))
        if items and all(isinstance(item, tuple) and len(item) == 2 for item in items):
            pairs: dict = {}
            for index, (name, value) in enumerate(items):
                if name in pairs:
                    raise EstimatorError(f"the name {short_repr(name)} is listed twice",
                                         Location(display, path=(index,)))
                pairs[name] = value
            return _mapping(pairs, display)
        return _listing(items, display, "name/shape list")
    raise EstimatorError(f"cannot count an object of type {type(obj).__name__}: give {KINDS}", Location(display))


def _at(display: str) -> Callable[[tuple], Location]:
    return lambda path: Location(display, path=path)


def _listing(data: Any, display: str, what: str) -> ModelFile:
    """Plain data, read exactly as a JSON name/shape list is."""
    return ModelFile(display, what, listing(data, _at(display), display))


# ---------------------------------------------------------------- tensors and their shapes


def _name(name: Any, display: str, path: tuple) -> str:
    if not isinstance(name, str) or not name:
        raise EstimatorError(f"a tensor name must be a non-empty string, not {short_repr(name)}",
                             Location(display, path=path))
    return name


def _shape(value: Any, name: str, display: str) -> tuple:
    """``value.shape`` as a tuple of Python integers (torch.Size, a numpy or Keras shape)."""
    where = Location(display, path=(name,))
    try:
        shape = value.shape
    except AttributeError:
        raise EstimatorError(f"expected a tensor (with a .shape) or a shape, not a {type(value).__name__}",
                             where) from None
    except Exception as exc:  # torch's lazy modules raise until their first forward pass
        raise EstimatorError(f"cannot read its shape ({type(exc).__name__}: {shorten(str(exc), 120)}); a lazy "
                             f"module's parameters have a shape only after one forward pass", where) from None
    try:
        dims = tuple(operator.index(dim) for dim in itertools.islice(shape, MAX_RANK + 1))
    except TypeError:  # a dimension that is None (an unbuilt layer) or a symbol
        raise EstimatorError(f"the shape {short_repr(shape)} is not a list of integers", where) from None
    if len(dims) > MAX_RANK:
        raise EstimatorError(f"the shape has more than {MAX_RANK} dimensions", where)
    if any(dim < 0 for dim in dims):
        raise EstimatorError(f"the shape {list(dims)} holds a negative dimension", where)
    for dim in dims:
        check_integer(dim, where, "a dimension")
    check_integer(math.prod(dims), where, "the element count")
    return dims


def _dtype(value: Any) -> str | None:
    """The safetensors name of a tensor's dtype (``F32``, ``BF16``), or its own name."""
    dtype = getattr(value, "dtype", None)
    if dtype is None:
        return None
    text = str(dtype).removeprefix("torch.")
    return DTYPE_NAMES.get(text, text)


def _nbytes(dtype: str | None, shape: tuple) -> int | None:
    if dtype not in SAFETENSORS_BITS:
        return None
    return -(-math.prod(shape) * SAFETENSORS_BITS[dtype] // 8)


def _stored(name: str, value: Any, display: str, **fields: Any) -> StoredTensor:
    shape = _shape(value, name, display)
    dtype = _dtype(value)
    return StoredTensor(name, shape, dtype, _nbytes(dtype, shape), **fields)


def _unknown_dtypes(tensors: list) -> list:
    unknown = sorted({t.dtype for t in tensors if t.dtype is not None and t.nbytes is None})
    if not unknown:
        return []
    return [f"dtype(s) {', '.join(unknown)} have no known size: their bytes are left out of stored_bytes"]


# ---------------------------------------------------------------- PyTorch nn.Module


def _torch_module(module: Any, display: str) -> ModelFile:
    """Parameters (tied ones once), then buffers, in the module's own order."""
    try:
        named = list(module.named_parameters(remove_duplicate=False))
    except TypeError:  # torch before 2.0 has no remove_duplicate: a tie is then counted once, under one name
        named = list(module.named_parameters())
    tensors = []
    first_name: dict[int, str] = {}  # id of a parameter object -> the first name it has
    for name, parameter in named:
        name = _name(name, display, ())
        tied_to = first_name.setdefault(id(parameter), name)
        if tied_to != name:
            # the same tensor under a second name: listed, counted once; a checkpoint stores it once
            tensors.append(StoredTensor(name, _shape(parameter, name, display), kind="parameter",
                                        trainable=_requires_grad(parameter), tied_to=tied_to))
            continue
        tensors.append(_stored(name, parameter, display, kind="parameter", trainable=_requires_grad(parameter)))
    non_persistent = _non_persistent_buffers(module)
    for name, buffer in module.named_buffers():  # a buffer shared by two modules is listed once
        name = _name(name, display, ())
        tensor = _stored(name, buffer, display, kind="buffer", persistent=name not in non_persistent, trainable=False)
        if not tensor.persistent:  # not in state_dict(), so not in a checkpoint's bytes
            tensor.dtype = tensor.nbytes = None
        tensors.append(tensor)
    result = ModelFile(display, "PyTorch module", tensors)
    result.notes.extend(_unknown_dtypes(tensors))
    return result


def _requires_grad(parameter: Any) -> bool:
    return bool(getattr(parameter, "requires_grad", True))


def _non_persistent_buffers(module: Any) -> set:
    """Full names of the buffers registered with ``persistent=False``: torch keeps them in
    each module's ``_non_persistent_buffers_set`` (since 1.6), and leaves them out of
    ``state_dict()``; modules without that set are taken to persist every buffer."""
    names = set()
    for prefix, submodule in module.named_modules(remove_duplicate=False):
        for name in getattr(submodule, "_non_persistent_buffers_set", ()):
            names.add(f"{prefix}.{name}" if prefix else name)
    return names


# ---------------------------------------------------------------- Keras


def _is_keras_model(obj: object) -> bool:
    return all(isinstance(getattr(obj, attribute, None), (list, tuple))
               for attribute in ("weights", "trainable_weights", "non_trainable_weights"))


def _keras_model(model: Any, display: str) -> ModelFile:
    weights = list(model.weights)
    if not weights and getattr(model, "built", True) is False:
        raise EstimatorError("the Keras model is not built, so it has no weights yet: give it an input shape "
                             "(keras.Input, model.build(shape)) or call it on data once", Location(display))
    trainable = {id(weight) for weight in model.trainable_weights}
    tensors = []
    for index, weight in enumerate(weights):
        # Keras 3's `path` (`dense/kernel`) is unique in the model; `name` is `kernel` in every layer
        path = getattr(weight, "path", None)
        name = _name(path if isinstance(path, str) else getattr(weight, "name", None), display, (index,))
        tensors.append(_stored(name, weight, display, kind="parameter", trainable=id(weight) in trainable))
    result = ModelFile(display, "Keras model", tensors)
    names = [t.name for t in tensors]
    if len(set(names)) != len(names):
        result.notes.append("some weights share a name: the module breakdown merges them")
    result.notes.extend(_unknown_dtypes(tensors))
    return result


# ---------------------------------------------------------------- mappings: state_dict or name -> shape


def _is_shape(value: Any) -> bool:
    return isinstance(value, (list, tuple))  # torch.Size is a tuple; a tensor is neither


def _mapping(data: dict, display: str) -> ModelFile:
    if isinstance(data.get("tensors"), list):  # what estimator.shapes() returns
        return _listing(data, display, "name/shape list")
    if not data or all(_is_shape(value) for value in data.values()):
        return _listing(data, display, "name/shape mapping")
    tensors = []
    on_meta = False
    seen: dict = {}  # where a tensor's memory starts, with its layout -> the first name there
    for name, value in data.items():
        name = _name(name, display, (name,))
        if _is_shape(value):
            (tensor,) = listing({name: value}, _at(display), display)
            tensors.append(tensor)
            continue
        tensor = _stored(name, value, display)
        key = _memory_key(value, tensor.shape)
        if key is not None and key in seen:
            # state_dict() holds a tied weight under each of its names; it is one tensor
            tensor.tied_to, tensor.dtype, tensor.nbytes = seen[key], None, None
        elif key is not None:
            seen[key] = name
        if str(getattr(value, "device", "")) == "meta":
            on_meta = True
        tensors.append(tensor)
    result = ModelFile(display, "state dict", tensors)
    if on_meta:
        result.notes.append("tensors on the meta device have no memory to compare, so a weight tied under two names "
                            "is counted under each: count the module itself to see its ties")
    result.notes.extend(_unknown_dtypes(tensors))
    return result


def _memory_key(value: Any, shape: tuple) -> tuple | None:
    """Where a torch tensor's data lies, for finding one tensor under two names; None where
    memory does not tell (no ``data_ptr``, the meta device, an empty tensor)."""
    data_ptr = getattr(value, "data_ptr", None)
    stride = getattr(value, "stride", None)
    if not callable(data_ptr) or not callable(stride) or math.prod(shape) == 0:
        return None
    try:
        address = data_ptr()
        layout = tuple(stride())
    except Exception:  # tensors without storage (meta, some subclasses) refuse; they are not compared
        return None
    if not isinstance(address, int) or address == 0:
        return None
    return (str(getattr(value, "device", "")), address, shape, layout, str(getattr(value, "dtype", "")))


# ---------------------------------------------------------------- diff: a spec against a live object


def stored_shapes(model_file: ModelFile) -> dict:
    """Name -> shape of what a checkpoint of the object holds: each tensor once (a tied
    weight under its first name), non-persistent buffers left out."""
    return {t.name: list(t.shape) for t in model_file.tensors if t.persistent and t.tied_to is None}


def diff_object(spec: Spec, obj: object, overrides: dict | None = None) -> dict:
    """``estimator.diff(spec, model)``: what :func:`~estimator.sources.checkpoint.diff_result`
    gives for a file, for a live object."""
    shapes = results.shapes(spec, overrides)
    model_file = read_object(obj)
    result = {"spec": shapes["name"], "file": model_file.file, "format": model_file.format,
              **diff(shapes["tensors"], stored_shapes(model_file))}
    result["notes"] = list(model_file.notes) + result["notes"]
    result["summary"] = summary_line(result)
    return result
