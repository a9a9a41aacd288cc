"""Read the tensor names and shapes that real model files carry, never their data.

Readers (each bounded in size, depth and time; tensor data is never read):

- safetensors: the 8-byte little-endian header length and the JSON header after it; a
  sharded checkpoint through ``model.safetensors.index.json`` (every shard's header);
- GGUF v2/v3: the header, the key/value metadata (values skipped unless small), and the
  tensor infos; dimensions are stored innermost first and are reversed here into
  PyTorch's order; quantised types count elements, and their bytes follow the block sizes;
- a name/shape list, JSON or YAML: ``[{name, shape, trainable?}, ...]``, a mapping
  ``name: shape`` (``{k: list(v.shape) for k, v in model.state_dict().items()}``), or the
  output of ``estimator shapes --format json``;
- a folder holding one of those;
- a repository on the Hugging Face Hub (``org/name[@revision][/file]``), read like a folder:
  from the local cache when it holds the files, else through HTTP range requests
  (:mod:`estimator.sources.hub`), with the same bounds.

Every reader takes its bytes from a :class:`ByteSource` (a local file, or a
``hub.RemoteFile``), so local and remote files share the parsing and its bounds.

Pickle files (``.bin``, ``.pt``, ``.pth``, ``.ckpt``) are refused: loading one runs code.
A Hugging Face ``config.json`` describes a model, not its tensors: :func:`read_model_file`
reports it as ``kind == "config"`` and the caller decides (see ``checkpoint.py``).
"""
from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Protocol

from estimator.core import strict_json
from estimator.core.errors import (COMMAND_LINE, check_integer, did_you_mean, EstimatorError, Location, MAX_INTEGER_BITS,
                                   short_repr)
from estimator.core.files import path_kind
from estimator.sources import hub
from estimator.spec.loader import load_yaml_file

MAX_SAFETENSORS_HEADER = 100_000_000  # the bound of the safetensors library itself
MAX_JSON_FILE = 64 * 1024 * 1024  # an index or a name/shape list
MAX_JSON_DEPTH = 64
MAX_RANK = 64
MAX_NAME_BYTES = 65_536
MAX_GGUF_KV = 65_536
MAX_GGUF_TENSORS = 10_000_000
MAX_GGUF_ARRAY_DEPTH = 8
MAX_KEPT_STRING = 1024  # longer metadata strings (chat templates) are skipped, not kept

PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle")
PICKLE_MESSAGE = "pickle files are never loaded (loading one can run code); convert to safetensors"
YAML_SUFFIXES = (".yaml", ".yml")

# safetensors dtypes and their bits per element
SAFETENSORS_BITS = {
    "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "E8M0": 8,
    "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
    "I16": 16, "U16": 16, "F16": 16, "BF16": 16,
    "I32": 32, "U32": 32, "F32": 32,
    "I64": 64, "U64": 64, "F64": 64, "C64": 64,
}

# ggml types: id -> (name, elements per block, bytes per block) (ggml.h / gguf-py constants)
GGML_TYPES = {
    0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22), 7: ("Q5_1", 32, 24), 8: ("Q8_0", 32, 34), 9: ("Q8_1", 32, 40),
    10: ("Q2_K", 256, 84), 11: ("Q3_K", 256, 110), 12: ("Q4_K", 256, 144), 13: ("Q5_K", 256, 176),
    14: ("Q6_K", 256, 210), 15: ("Q8_K", 256, 292), 16: ("IQ2_XXS", 256, 66), 17: ("IQ2_XS", 256, 74),
    18: ("IQ3_XXS", 256, 98), 19: ("IQ1_S", 256, 50), 20: ("IQ4_NL", 32, 18), 21: ("IQ3_S", 256, 110),
    22: ("IQ2_S", 256, 82), 23: ("IQ4_XS", 256, 136), 24: ("I8", 1, 1), 25: ("I16", 1, 2),
    26: ("I32", 1, 4), 27: ("I64", 1, 8), 28: ("F64", 1, 8), 29: ("IQ1_M", 256, 56),
    30: ("BF16", 1, 2), 34: ("TQ1_0", 256, 54), 35: ("TQ2_0", 256, 66), 39: ("MXFP4", 32, 17),
    40: ("NVFP4", 64, 36), 41: ("Q1_0", 128, 18),
}

# GGUF key/value types: id -> (name, struct code or None for string/array)
GGUF_VALUE_TYPES = {
    0: ("uint8", "B"), 1: ("int8", "b"), 2: ("uint16", "H"), 3: ("int16", "h"), 4: ("uint32", "I"),
    5: ("int32", "i"), 6: ("float32", "f"), 7: ("bool", "?"), 8: ("string", None), 9: ("array", None),
    10: ("uint64", "Q"), 11: ("int64", "q"), 12: ("float64", "d"),
}
GGUF_DEFAULT_ALIGNMENT = 32


@dataclass
class StoredTensor:
    """One tensor as a file lists it; ``shape`` in PyTorch's order (outermost first)."""

    name: str
    shape: tuple
    dtype: str | None = None  # as stored: F32, BF16, Q4_K, ...; None when the file does not say
    nbytes: int | None = None
    kind: str | None = None  # "parameter" or "buffer" when the file says so; else decided by name
    persistent: bool = True
    trainable: bool = True
    tied_to: str | None = None

    @property
    def numel(self) -> int:
        return math.prod(self.shape)


@dataclass
class ModelFile:
    """What one model file (or sharded checkpoint, or folder) says about its tensors."""

    file: str  # as the user gave it
    format: str  # "safetensors", "safetensors, 3 shards", "GGUF v3", "name/shape list"
    tensors: list = field(default_factory=list)
    metadata: dict = field(default_factory=dict)  # small scalars only
    architecture: str | None = None  # GGUF general.architecture
    names: str = "pytorch"  # "gguf": llama.cpp's own tensor names
    kind: str = "tensors"  # "config": a Hugging Face config.json (no tensors; see checkpoint.py)
    path: Path | None = None
    notes: list = field(default_factory=list)


# ---------------------------------------------------------------- where the bytes come from


class ByteSource(Protocol):
    """A model file as the readers see it: a name, a size, bytes from any offset, and the
    files next to it (shards, splits). ``LocalFile`` here, ``hub.RemoteFile`` for the Hub."""

    @property
    def name(self) -> str: ...  # the file name, which picks the reader

    @property
    def display(self) -> str: ...  # as messages and results show it

    @property
    def path(self) -> Path | None: ...  # the local file, when there is one

    def size(self) -> int: ...

    def open(self) -> BinaryIO: ...

    def sibling(self, name: str) -> ByteSource | None: ...


class LocalFile:
    def __init__(self, path: Path, display: str):
        self.path, self.display, self.name = path, display, path.name

    def size(self) -> int:
        return self.path.stat().st_size

    def open(self) -> BinaryIO:
        return self.path.open("rb")

    def sibling(self, name: str) -> LocalFile | None:
        path = self.path.parent / name
        return LocalFile(path, str(Path(self.display).parent / name)) if path_kind(path) == "file" else None


# ---------------------------------------------------------------- dispatch


def read_model_file(argument: str) -> ModelFile:
    """Read any supported file or folder; raise EstimatorError naming the file on bad input."""
    if not argument.strip():  # Path("") is the current folder: never what an empty argument meant
        raise EstimatorError("FILE is empty: give a model file or a folder", Location(COMMAND_LINE))
    path = Path(argument)
    kind = path_kind(path)
    if kind == "dir":
        try:
            return _read_folder(_local_children(path, argument), argument)
        except OSError as exc:
            raise EstimatorError(f"cannot read: {exc.strerror}", Location(argument)) from None
    if kind is None:
        repo = hub.parse_repo(argument, with_file=True)
        if repo is not None:
            return read_repo(repo)
        raise EstimatorError("no such file or folder", Location(argument))
    if kind != "file":
        raise EstimatorError("not a regular file", Location(argument))
    return _read_file(LocalFile(path, argument))


def read_repo(repo: hub.RepoRef) -> ModelFile:
    """A repository on the Hub, read as a folder (or the file it names): from the cached
    snapshot when that holds the model files, else by range requests to the Hub."""
    shown = repo.display(repo.file) if repo.file else repo.label
    snapshot = hub.cached_snapshot(repo)
    if snapshot is not None:
        target = snapshot / repo.file if repo.file else snapshot
        kind = path_kind(target)
        try:
            if kind == "file":
                return _read_file(LocalFile(target, shown))
            if kind == "dir":
                result = _read_folder(_local_children(target, shown), shown)
                if result.kind != "config":
                    return result
        except EstimatorError:
            pass  # a partial snapshot (a shard not fetched, only config.json): the Hub has the rest
    remote = hub.remote_repo(repo, repo.file or "its model files")
    if repo.file:
        if repo.file in remote.sizes:
            result = _read_file(remote.file(repo.file))
        else:
            children = remote.folder(repo.file)
            if not children:
                raise EstimatorError(f"{repo.repo_id} has no file or folder {repo.file} at revision {repo.rev!r}",
                                     Location(repo.text))
            result = _read_folder(children, shown)
    else:
        result = _read_folder(remote.folder(), shown)
    if result.kind == "config":  # estimated as a SPEC, from the cached config.json (fetched into the cache)
        config = hub.fetch_file(repo, f"{repo.file}/config.json" if repo.file and not repo.file.endswith(".json")
                                else repo.file or "config.json")
        result.path = config
    return result


def _local_children(path: Path, display: str) -> dict:
    try:
        return {p.name: LocalFile(p, str(Path(display) / p.name))
                for p in sorted(path.iterdir()) if path_kind(p) == "file"}
    except OSError as exc:
        raise EstimatorError(f"cannot list the folder: {exc.strerror}", Location(display)) from None


def _read_file(source: ByteSource) -> ModelFile:
    name, display = source.name.lower(), source.display
    if name.endswith(PICKLE_SUFFIXES):
        raise EstimatorError(PICKLE_MESSAGE, Location(display))
    head = _read_head(source, 16)
    if head[:4] == b"GGUF":
        return read_gguf(source)
    if name.endswith(".gguf"):
        raise EstimatorError("not a GGUF file (it does not start with the GGUF magic)", Location(display))
    if name.endswith(".safetensors"):
        return read_safetensors(source)
    if name.endswith(".json"):
        return _read_json_file(source)
    if name.endswith(YAML_SUFFIXES):
        return read_listing_yaml(source)
    if head[:4] == b"PK\x03\x04" or (head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05")):
        raise EstimatorError(f"this looks like a PyTorch pickle (torch.save); {PICKLE_MESSAGE}", Location(display))
    stripped = head.lstrip()
    if stripped[:1] in (b"{", b"["):
        return _read_json_file(source)
    if len(head) >= 9 and head[8:9] == b"{":
        return read_safetensors(source)
    raise EstimatorError(
        "unrecognised file: expected a .safetensors file, a model.safetensors.index.json, a .gguf file, "
        "a JSON or YAML name/shape list, or a folder holding one", Location(display))


def _read_folder(children: dict, display: str) -> ModelFile:
    """The model file of a folder (local, or a repository's on the Hub): ``children`` maps
    each file name in it to its ByteSource, in name order."""
    names = sorted(children)
    if "model.safetensors.index.json" in children:
        return read_safetensors_index(children["model.safetensors.index.json"])
    if "model.safetensors" in children:
        return read_safetensors(children["model.safetensors"])
    indexes = [n for n in names if n.endswith(".safetensors.index.json")]
    if len(indexes) == 1:
        return read_safetensors_index(children[indexes[0]])
    singles = [n for n in names if n.endswith(".safetensors")]
    if len(singles) == 1 and not indexes:
        return read_safetensors(children[singles[0]])
    ggufs = [n for n in names if n.endswith(".gguf")]
    splits = {m.group(1, 3) for m in (_GGUF_SPLIT.match(n) for n in ggufs) if m}
    if ggufs and not singles and not indexes and (len(ggufs) == 1 or (
            len(splits) == 1 and all(_GGUF_SPLIT.match(n) for n in ggufs))):
        return read_gguf(children[ggufs[0]])
    candidates = indexes or singles or ggufs
    if candidates:
        listed = ", ".join(candidates[:6]) + (", ..." if len(candidates) > 6 else "")
        raise EstimatorError(f"the folder holds several model files ({listed}); give one of them", Location(display))
    if "config.json" in children:
        return _read_json_file(children["config.json"])
    if any(n.endswith(PICKLE_SUFFIXES) for n in names):
        raise EstimatorError(f"the folder holds only pickle weights; {PICKLE_MESSAGE}", Location(display))
    raise EstimatorError("the folder holds no model.safetensors, safetensors index, .gguf file or config.json",
                         Location(display))


def _read_head(source: ByteSource, size: int) -> bytes:
    try:
        with source.open() as f:
            return f.read(size)
    except OSError as exc:
        raise EstimatorError(f"cannot read file: {exc.strerror}", Location(source.display)) from None


def _read_bounded(source: ByteSource, limit: int) -> bytes:
    try:
        size = source.size()
        if size > limit:
            raise EstimatorError(f"file is larger than {limit:,} bytes", Location(source.display))
        with source.open() as f:
            return f.read(limit + 1)[:limit]
    except OSError as exc:
        raise EstimatorError(f"cannot read file: {exc.strerror}", Location(source.display)) from None


# ---------------------------------------------------------------- JSON, strictly


def parse_json(raw: bytes, display: str, what: str = "JSON") -> Any:
    return strict_json.parse_json(raw, display, what, MAX_JSON_DEPTH)[0]


def _short(value: Any, limit: int = 80) -> str:
    return short_repr(value, limit)


def _dims(value: Any, where: Location | Callable[[], Location], name: str) -> tuple:
    """A shape: a list of non-negative integers. ``where`` may be a function giving the
    location, called only for an error (a file holds thousands of shapes)."""
    def at() -> Location:
        return where() if callable(where) else where

    if not isinstance(value, (list, tuple)):
        raise EstimatorError(f"the shape of {_short(name)} must be a list of integers, not {_short(value)}", at())
    if len(value) > MAX_RANK:
        raise EstimatorError(f"the shape of {_short(name)} has {len(value)} dimensions (at most {MAX_RANK})", at())
    for dim in value:
        if isinstance(dim, bool) or not isinstance(dim, int):
            raise EstimatorError(f"the shape of {_short(name)} holds {_short(dim)}, not an integer", at())
        if dim < 0:
            raise EstimatorError(f"the shape of {_short(name)} holds a negative dimension {dim}", at())
        if dim.bit_length() > MAX_INTEGER_BITS:  # the message (check_integer's) is built only then
            check_integer(dim, at(), f"a dimension of {_short(name)}")
    elements = math.prod(value)
    if elements.bit_length() > MAX_INTEGER_BITS:
        check_integer(elements, at(), f"the element count of {_short(name)}")
    return tuple(value)


# ---------------------------------------------------------------- safetensors


def read_safetensors(source: ByteSource) -> ModelFile:
    tensors, metadata = _safetensors_header(source)
    return ModelFile(source.display, "safetensors", tensors, metadata, path=source.path)


def _safetensors_header(source: ByteSource) -> tuple[list, dict]:
    display = source.display
    where = Location(display)
    try:
        size = source.size()
        with source.open() as f:
            prefix = f.read(8)
            if len(prefix) < 8:
                raise EstimatorError(f"not a safetensors file: {len(prefix)} bytes, shorter than the 8-byte header length",
                                     where)
            length = int.from_bytes(prefix, "little")
            if length > size - 8:
                raise EstimatorError(f"not a safetensors file or truncated: the header length {length:,} goes beyond "
                                     f"the end of the file ({size:,} bytes)", where)
            if length > MAX_SAFETENSORS_HEADER:
                raise EstimatorError(f"the header length {length:,} is over the {MAX_SAFETENSORS_HEADER:,}-byte bound",
                                     where)
            raw = f.read(length)
    except OSError as exc:
        raise EstimatorError(f"cannot read file: {exc.strerror}", where) from None
    if len(raw) < length:
        raise EstimatorError("truncated safetensors header", where)
    if not raw.lstrip(b" ")[:1] == b"{":
        raise EstimatorError("not a safetensors file: the header is not a JSON object", where)
    header = parse_json(raw, display, "safetensors header")
    if not isinstance(header, dict):
        raise EstimatorError("not a safetensors file: the header is not a JSON object", where)
    data_size = size - 8 - length
    tensors = []
    spans = []
    metadata: dict = {}
    for name, entry in header.items():
        if name == "__metadata__":
            if isinstance(entry, dict):
                metadata = {k: v for k, v in entry.items() if isinstance(v, str) and len(v) <= MAX_KEPT_STRING}
            continue
        if not name:
            raise EstimatorError("a tensor has an empty name", Location(display, path=(name,)))
        if not isinstance(entry, dict):
            raise EstimatorError(f"tensor {_short(name)}: expected {{dtype, shape, data_offsets}}, got {_short(entry)}",
                                 Location(display, path=(name,)))
        for key in ("dtype", "shape", "data_offsets"):
            if key not in entry:
                raise EstimatorError(f"tensor {_short(name)} has no `{key}`", Location(display, path=(name,)))
        dtype = entry["dtype"]
        if not isinstance(dtype, str) or dtype not in SAFETENSORS_BITS:
            raise EstimatorError(f"tensor {_short(name)}: unknown dtype {_short(dtype)}",
                                 Location(display, path=(name, "dtype")))
        shape = _dims(entry["shape"], lambda: Location(display, path=(name, "shape")), name)
        offsets = entry["data_offsets"]
        if (not isinstance(offsets, list) or len(offsets) != 2
                or any(isinstance(o, bool) or not isinstance(o, int) for o in offsets)):
            raise EstimatorError(f"tensor {_short(name)}: data_offsets must be [begin, end], got {_short(offsets)}",
                                 Location(display, path=(name, "data_offsets")))
        begin, end = offsets
        if not 0 <= begin <= end <= data_size:
            raise EstimatorError(f"tensor {_short(name)}: data_offsets {offsets} lie outside the file's "
                                 f"{data_size:,} data bytes", Location(display, path=(name, "data_offsets")))
        numel = math.prod(shape)
        bits = numel * SAFETENSORS_BITS[dtype]
        if bits != (end - begin) * 8:
            raise EstimatorError(f"tensor {_short(name)}: shape {list(shape)} of {dtype} needs {_ceil8(bits):,} bytes, "
                                 f"data_offsets hold {end - begin:,}", Location(display, path=(name, "data_offsets")))
        spans.append((begin, end, name))
        tensors.append(StoredTensor(name, shape, dtype, end - begin))
    spans.sort()
    for (_, previous_end, previous), (begin, end, name) in zip(spans, spans[1:]):
        if begin < previous_end and end > begin:
            raise EstimatorError(f"tensors {_short(previous)} and {_short(name)} overlap in the file",
                                 Location(display, path=(name, "data_offsets")))
    tensors.sort(key=lambda t: natural_key(t.name))
    return tensors, metadata


def _ceil8(bits: int) -> int:
    return (bits + 7) // 8


def natural_key(name: str) -> tuple:
    """``layers.10`` after ``layers.9``: digits compare as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name))


def read_safetensors_index(source: ByteSource, data: Any = None) -> ModelFile:
    display = source.display
    if data is None:
        data = parse_json(_read_bounded(source, MAX_JSON_FILE), display, "safetensors index")
    if not isinstance(data, dict) or not isinstance(data.get("weight_map"), dict):
        raise EstimatorError("a safetensors index must be a JSON object with a `weight_map`", Location(display))
    weight_map = data["weight_map"]
    shards: dict = {}
    for name, shard in weight_map.items():
        if shard not in shards:  # each shard's name is checked once (an index lists hundreds of tensors per shard)
            at = Location(display, path=("weight_map", name))
            if not isinstance(shard, str) or not shard:
                raise EstimatorError(f"the shard of {_short(name)} must be a file name, not {_short(shard)}", at)
            if Path(shard).is_absolute() or ".." in Path(shard).parts or "\\" in shard:
                raise EstimatorError(f"shard {_short(shard)} must be a file next to the index", at)
            shards[shard] = []
        shards[shard].append(name)
    tensors: list = []
    seen: dict = {}
    for shard, names in shards.items():
        shard_source = source.sibling(shard)
        if shard_source is None:
            raise EstimatorError(f"shard {_short(shard)} is missing (the index lists {len(names)} of its tensors)",
                                 Location(display, path=("weight_map", names[0])))
        shard_display = shard_source.display
        held, _ = _safetensors_header(shard_source)
        held_names = {t.name for t in held}
        for name in names:
            if name not in held_names:
                raise EstimatorError(f"the index puts {_short(name)} in {shard}, which does not hold it",
                                     Location(display, path=("weight_map", name)))
        for tensor in held:
            if tensor.name in seen:
                raise EstimatorError(f"tensor {_short(tensor.name)} is stored in both {seen[tensor.name]} and {shard}",
                                     Location(shard_display))
            seen[tensor.name] = shard
        tensors.extend(held)
    tensors.sort(key=lambda t: natural_key(t.name))
    metadata = {k: v for k, v in (data.get("metadata") or {}).items()
                if isinstance(v, (int, str)) and not isinstance(v, bool)} if isinstance(data.get("metadata"), dict) else {}
    count = len(shards)
    return ModelFile(display, f"safetensors, {count} shard{'s' if count != 1 else ''}", tensors, metadata,
                     path=source.path)


# ---------------------------------------------------------------- GGUF


class _Cursor:
    """Bounded reads from a GGUF file: every length is checked against what is left."""

    def __init__(self, f: BinaryIO, size: int, display: str, endian: str = "<"):
        self.f, self.size, self.display, self.endian = f, size, display, endian
        self.pos = 0

    def error(self, message: str) -> EstimatorError:
        return EstimatorError(message, Location(self.display))

    def left(self) -> int:
        return self.size - self.pos

    def take(self, n: int, what: str = "data") -> bytes:
        if n > self.left():
            raise self.error(f"truncated GGUF file: {what} at byte {self.pos:,} needs {n:,} bytes, "
                             f"{self.left():,} are left")
        data = self.f.read(n)
        if len(data) != n:
            raise self.error(f"truncated GGUF file at byte {self.pos:,}")
        self.pos += n
        return data

    def skip(self, n: int, what: str) -> None:
        if n > self.left():
            raise self.error(f"truncated GGUF file: {what} at byte {self.pos:,} needs {n:,} bytes, "
                             f"{self.left():,} are left")
        self.f.seek(n, 1)
        self.pos += n

    def skip_strings(self, count: int, key: str) -> None:
        """Skip ``count`` strings (a tokenizer's vocabulary): lengths read from 1 MiB blocks."""
        length_code = struct.Struct(self.endian + "Q")
        buffer, at = b"", 0
        for _ in range(count):
            if at + 8 > len(buffer):
                buffer = buffer[at:] + self.f.read(1 << 20)
                at = 0
                if len(buffer) < 8:
                    raise self.error(f"truncated GGUF file: the array {_short(key)} ends early")
            length = length_code.unpack_from(buffer, at)[0]
            at += 8 + length
            if at > len(buffer):  # a string longer than what is buffered: seek past its rest
                rest = at - len(buffer)
                consumed = self.f.tell() + rest
                if consumed > self.size:
                    raise self.error(f"truncated GGUF file or bad length: a string of the array {_short(key)} "
                                     f"claims {length:,} bytes")
                self.f.seek(rest, 1)
                buffer, at = b"", 0
        # hand the bytes read past the last string back to the file
        self.f.seek(at - len(buffer), 1)
        self.pos = self.f.tell()
        if self.pos > self.size:
            raise self.error(f"truncated GGUF file: the array {_short(key)} ends early")

    def unpack(self, code: str, what: str) -> Any:
        size = struct.calcsize(code)
        return struct.unpack(self.endian + code, self.take(size, what))[0]

    def string(self, what: str, limit: int | None = MAX_NAME_BYTES) -> str | None:
        """A string, or None (skipped) when longer than ``limit``."""
        length = self.unpack("Q", f"the length of {what}")
        if length > self.left():
            raise self.error(f"truncated GGUF file or bad length: {what} at byte {self.pos:,} claims {length:,} "
                             f"bytes, {self.left():,} are left")
        if limit is not None and length > limit:
            self.skip(length, what)
            return None
        raw = self.take(length, what)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self.error(f"{what} at byte {self.pos - length:,} is not valid UTF-8") from None


_GGUF_SPLIT = re.compile(r"^(.*)-(\d{5})-of-(\d{5})\.gguf$")


def read_gguf(source: ByteSource) -> ModelFile:
    """One GGUF file; a split model (``name-00001-of-00003.gguf``, gguf-split) as a whole
    when all its splits lie next to the one given."""
    result = _read_one_gguf(source)
    count = result.metadata.get("split.count")
    match = _GGUF_SPLIT.match(source.name)
    if not (isinstance(count, int) and not isinstance(count, bool) and count > 1 and match
            and int(match.group(3)) == count):
        return result
    names = [f"{match.group(1)}-{i:05d}-of-{count:05d}.gguf" for i in range(1, count + 1)]
    splits = [source.sibling(name) for name in names]
    missing = [name for name, split in zip(names, splits) if split is None]
    if missing:
        result.notes.append(f"split {int(match.group(2))} of {count}: this file holds only part of the model "
                            f"({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''} not found)")
        return result
    present = [split for split in splits if split is not None]
    merged = _read_one_gguf(present[0])
    seen = {t.name for t in merged.tensors}
    for split in present[1:]:
        split_display = split.display
        part = _read_one_gguf(split)
        for tensor in part.tensors:
            if tensor.name in seen:
                raise EstimatorError(f"tensor {_short(tensor.name)} is in two splits", Location(split_display))
            seen.add(tensor.name)
        merged.tensors.extend(part.tensors)
    expected = merged.metadata.get("split.tensors.count")
    if isinstance(expected, int) and not isinstance(expected, bool) and expected != len(merged.tensors):
        raise EstimatorError(f"split.tensors.count is {expected:,} but the {count} splits hold "
                             f"{len(merged.tensors):,} tensors", Location(merged.file))
    merged.format += f", {count} splits"
    merged.notes = []
    return merged


def _read_one_gguf(source: ByteSource) -> ModelFile:
    try:
        size = source.size()
        with source.open() as f:
            return _read_gguf(_Cursor(f, size, source.display), source.path, source.display)
    except OSError as exc:
        raise EstimatorError(f"cannot read file: {exc.strerror}", Location(source.display)) from None


def _read_gguf(cursor: _Cursor, path: Path | None, display: str) -> ModelFile:
    if cursor.take(4, "the magic") != b"GGUF":
        raise cursor.error("not a GGUF file (it does not start with the GGUF magic)")
    raw_version = cursor.take(4, "the version")
    version = struct.unpack("<I", raw_version)[0]
    if version not in (2, 3):
        swapped = struct.unpack(">I", raw_version)[0]
        if swapped in (2, 3):
            cursor.endian, version = ">", swapped
        elif version == 1:
            raise cursor.error("GGUF version 1 is not supported (versions 2 and 3 are); convert the file again")
        else:
            raise cursor.error(f"unsupported GGUF version {version} (versions 2 and 3 are read)")
    n_tensors = cursor.unpack("Q", "the tensor count")
    n_kv = cursor.unpack("Q", "the key/value count")
    # each key/value takes at least 13 bytes, each tensor info at least 24: bound the counts by the file
    if n_kv > MAX_GGUF_KV or n_kv * 13 > cursor.left():
        raise cursor.error(f"truncated GGUF file or bad header: {n_kv:,} key/value pairs cannot fit in the "
                           f"{cursor.left():,} bytes left (at most {MAX_GGUF_KV:,} are read)")
    if n_tensors > MAX_GGUF_TENSORS or n_tensors * 24 > cursor.left():
        raise cursor.error(f"truncated GGUF file or bad header: {n_tensors:,} tensor infos cannot fit in the "
                           f"{cursor.left():,} bytes left (at most {MAX_GGUF_TENSORS:,} are read)")
    metadata: dict = {}
    for _ in range(n_kv):
        key = cursor.string("a metadata key")
        if key is None:
            raise cursor.error(f"a metadata key at byte {cursor.pos:,} is over {MAX_NAME_BYTES:,} bytes")
        if key in metadata:
            raise cursor.error(f"duplicate metadata key {_short(key)}")
        value_type = cursor.unpack("I", f"the type of {key}")
        metadata[key] = _gguf_value(cursor, value_type, key, 0)
    alignment = metadata.get("general.alignment", GGUF_DEFAULT_ALIGNMENT)
    if isinstance(alignment, bool) or not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise cursor.error(f"general.alignment must be a power of two, not {_short(alignment)}")
    infos = []
    names: set = set()
    for index in range(n_tensors):
        name = cursor.string(f"the name of tensor {index}")
        if name is None:
            raise cursor.error(f"the name of tensor {index} is over {MAX_NAME_BYTES:,} bytes")
        if not name:
            raise cursor.error(f"tensor {index} has an empty name")
        if name in names:
            raise cursor.error(f"duplicate tensor {_short(name)}")
        names.add(name)
        n_dims = cursor.unpack("I", f"the rank of {name}")
        if n_dims > 8:
            raise cursor.error(f"tensor {_short(name)} has {n_dims:,} dimensions (GGUF tensors have at most 4)")
        dims = [cursor.unpack("Q", f"the dimensions of {name}") for _ in range(n_dims)]
        if any(d >= 2**63 for d in dims):
            raise cursor.error(f"tensor {_short(name)} has a dimension over 2**63 (negative when signed)")
        type_id = cursor.unpack("I", f"the type of {name}")
        if type_id not in GGML_TYPES:
            raise cursor.error(f"tensor {_short(name)} has an unknown ggml type {type_id}")
        offset = cursor.unpack("Q", f"the offset of {name}")
        type_name, block, type_size = GGML_TYPES[type_id]
        if dims and dims[0] % block:
            raise cursor.error(f"tensor {_short(name)}: {type_name} stores blocks of {block} elements, and its first "
                               f"dimension {dims[0]} is not a multiple of {block}")
        numel = math.prod(dims)
        nbytes = numel // block * type_size
        infos.append((name, tuple(reversed(dims)), type_name, nbytes, offset))
    data_start = -(-cursor.pos // alignment) * alignment
    for name, _shape, _type, nbytes, offset in infos:
        if data_start + offset + nbytes > cursor.size:
            raise cursor.error(f"tensor {_short(name)}: its {nbytes:,} data bytes at offset {offset:,} go beyond the "
                               f"end of the file (truncated?)")
    tensors = [StoredTensor(name, shape, type_name, nbytes) for name, shape, type_name, nbytes, _ in infos]
    architecture = metadata.get("general.architecture")
    result = ModelFile(display, f"GGUF v{version}", tensors, metadata,
                       architecture if isinstance(architecture, str) else None, names="gguf", path=path)
    split_count = metadata.get("split.count")
    if isinstance(split_count, int) and not isinstance(split_count, bool) and split_count > 1:
        result.notes.append(f"split {_split_number(metadata)} of {split_count}: this file holds only part of "
                            f"the model")
    return result


def _split_number(metadata: dict) -> Any:
    number = metadata.get("split.no", 0)
    return number + 1 if isinstance(number, int) else "?"


def _gguf_value(cursor: _Cursor, value_type: int, key: str, depth: int) -> Any:
    """A small value as it is; a long string or an array as a short description."""
    if value_type not in GGUF_VALUE_TYPES:
        raise cursor.error(f"metadata {_short(key)} has an unknown value type {value_type}")
    type_name, code = GGUF_VALUE_TYPES[value_type]
    if code is not None:
        value = cursor.unpack(code, f"the value of {key}")
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        return value
    if type_name == "string":
        value = cursor.string(f"the value of {key}", MAX_KEPT_STRING)
        return value if value is not None else "<long string>"
    if depth >= MAX_GGUF_ARRAY_DEPTH:
        raise cursor.error(f"metadata {_short(key)}: arrays nested deeper than {MAX_GGUF_ARRAY_DEPTH} levels")
    item_type = cursor.unpack("I", f"the item type of {key}")
    count = cursor.unpack("Q", f"the length of {key}")
    if item_type not in GGUF_VALUE_TYPES:
        raise cursor.error(f"metadata {_short(key)} is an array of an unknown value type {item_type}")
    item_name, item_code = GGUF_VALUE_TYPES[item_type]
    if item_code is not None:
        cursor.skip(count * struct.calcsize(item_code), f"the array {key}")
    else:
        minimum = 8 if item_name == "string" else 12
        if count * minimum > cursor.left():
            raise cursor.error(f"truncated GGUF file or bad length: the array {_short(key)} claims {count:,} items")
        if item_name == "string":
            cursor.skip_strings(count, key)
        else:
            for _ in range(count):
                _gguf_value(cursor, item_type, key, depth + 1)
    return f"<array of {count:,} {item_name}>"


# ---------------------------------------------------------------- name/shape lists and JSON files


def _read_json_file(source: ByteSource) -> ModelFile:
    display = source.display
    data = parse_json(_read_bounded(source, MAX_JSON_FILE), display)
    if isinstance(data, dict) and "weight_map" in data:
        return read_safetensors_index(source, data)
    if isinstance(data, dict) and ("model_type" in data or "architectures" in data) and "tensors" not in data:
        return ModelFile(display, "config.json", kind="config", path=source.path)
    return _listing_file(listing(data, lambda p: Location(display, path=p), display), source.path, display)


def read_listing_yaml(source: ByteSource) -> ModelFile:
    if source.path is None:  # the YAML reader takes a local file (a listing on the Hub is rare)
        raise EstimatorError("a YAML name/shape list is read from a local file", Location(source.display))
    document = load_yaml_file(source.path, source.display)
    return _listing_file(listing(document.data, document.where, source.display), source.path, source.display)


def _listing_file(tensors: list, path: Path | None, display: str) -> ModelFile:
    result = ModelFile(display, "name/shape list", tensors, path=path)
    counts: dict = {}
    for tensor in tensors:
        counts[tensor.name] = counts.get(tensor.name, 0) + 1
    repeated = [name for name, n in counts.items() if n > 1]
    if repeated:  # Keras 3's `variable.name` is `kernel` for every layer; `variable.path` is unique
        result.notes.append(f"{len(repeated)} name(s) listed more than once ({', '.join(repeated[:3])}"
                            f"{', ...' if len(repeated) > 3 else ''}): each entry is counted, and the module breakdown "
                            f"and diff need unique names (Keras 3: dump `variable.path`)")
    return result


LISTING_KEYS = {"name", "shape", "trainable", "requires_grad", "kind", "persistent", "tied_to",
                "numel", "dtype", "device"}  # numel, dtype and device are read past


def listing(data: Any, where: Callable[[tuple], Location], display: str) -> list:
    """``[{name, shape, ...}]``, ``{"tensors": [...]}`` (``estimator shapes --format json``) or ``{name: shape}``."""
    if isinstance(data, dict) and isinstance(data.get("tensors"), list):
        return _listing_items(data["tensors"], where, ("tensors",))
    if isinstance(data, list):
        return _listing_items(data, where, ())
    if isinstance(data, dict):
        if not data:
            raise EstimatorError("the name/shape mapping is empty", where(()))
        return [StoredTensor(_name(name, where((name,))), _dims(shape, where((name,)), name))
                for name, shape in data.items()]
    raise EstimatorError("expected a list of {name, shape} entries or a mapping name -> shape", where(()))


def _name(name: Any, at: Location) -> str:
    if not isinstance(name, str) or not name:
        raise EstimatorError(f"a tensor name must be a non-empty string, not {_short(name)}", at)
    return name


def _listing_items(items: list, where: Callable[[tuple], Location], base: tuple) -> list:
    if not items:
        raise EstimatorError("the list of tensors is empty", where(base))
    tensors = []
    for index, item in enumerate(items):
        at = base + (index,)
        if not isinstance(item, dict):
            raise EstimatorError("each entry must be a mapping with `name` and `shape`", where(at))
        unknown = sorted(str(key) for key in set(item) - LISTING_KEYS)
        if unknown:
            raise EstimatorError(f"unknown key `{unknown[0]}` (known: name, shape, trainable or requires_grad, kind, "
                                 f"persistent, tied_to){did_you_mean(unknown[0], LISTING_KEYS)}", where(at + (unknown[0],)))
        if "name" not in item or "shape" not in item:
            raise EstimatorError(f"the entry has no `{'name' if 'name' not in item else 'shape'}`", where(at))
        name = _name(item["name"], where(at + ("name",)))
        tensor = StoredTensor(name, _dims(item["shape"], where(at + ("shape",)), name))
        flag = "trainable" if "trainable" in item else "requires_grad"
        trainable = item.get(flag, True)
        if not isinstance(trainable, bool):
            raise EstimatorError(f"`{flag}` must be true or false, not {_short(trainable)}", where(at + (flag,)))
        tensor.trainable = trainable
        kind = item.get("kind")
        if kind is not None and kind not in ("parameter", "buffer"):
            raise EstimatorError(f"`kind` must be parameter or buffer, not {_short(kind)}", where(at + ("kind",)))
        tensor.kind = kind
        persistent = item.get("persistent", True)
        if not isinstance(persistent, bool):
            raise EstimatorError(f"`persistent` must be true or false, not {_short(persistent)}",
                                 where(at + ("persistent",)))
        tensor.persistent = persistent
        tied_to = item.get("tied_to")
        if tied_to is not None and (not isinstance(tied_to, str) or not tied_to):
            raise EstimatorError(f"`tied_to` must be a tensor name, not {_short(tied_to)}", where(at + ("tied_to",)))
        tensor.tied_to = tied_to
        tensors.append(tensor)
    return tensors


# ---------------------------------------------------------------- naming rules

# The last name segment of tensors that are buffers, not parameters, whatever the file.
BUFFER_NAMES = {
    "running_mean", "running_var", "num_batches_tracked",  # BatchNorm
    "inv_freq", "original_inv_freq",  # rotary embeddings
    "position_ids",  # BERT-style position index
    "masked_bias",  # GPT-2 (older transformers)
    "final_logits_bias",  # BART, Marian, Pegasus
    "relative_position_index",  # Swin
}


def is_buffer(name: str, shape: tuple) -> bool:
    """A stored buffer by its name: BatchNorm statistics, rotary frequencies, position ids, ...

    A ``bias`` with 4 dimensions is GPT-2's causal mask (a bias parameter has one)."""
    last = split_name(name)[-1]
    return last in BUFFER_NAMES or (last == "bias" and len(shape) == 4)


RECOMPUTED_BUFFERS = {"inv_freq", "original_inv_freq", "position_ids", "masked_bias"}


def is_recomputed_buffer(name: str, shape: tuple) -> bool:
    """A buffer models rebuild at load time, which older checkpoints still store: rotary
    frequencies, position ids, GPT-2's causal mask (``attn.bias`` with 4 dimensions)."""
    last = split_name(name)[-1]
    return last in RECOMPUTED_BUFFERS or (last == "bias" and len(shape) == 4)


EMBEDDING_MODULES = {"wte", "wpe", "shared", "relative_attention_bias"}


def is_embedding(name: str, shape: tuple) -> bool:
    """An embedding table: a 2-D ``weight`` (Keras: ``embeddings``) of a module whose own
    name holds ``embed``/``embd`` (``embed_tokens``, ``word_embeddings``, ``token_embd``,
    ``position_embeddings``) or is ``wte``, ``wpe``, ``shared`` or ``relative_attention_bias``
    (T5); ``embed_out`` (an output head) is not one."""
    parts = split_name(name)
    if len(parts) < 2 or len(shape) != 2:
        return False
    last = parts[-1].split(":")[0]
    if last not in ("weight", "embeddings"):
        return False
    module = parts[-2].lower()
    if module in EMBEDDING_MODULES:
        return True
    return ("embed" in module or "embd" in module) and module != "embed_out"


def split_name(name: str) -> tuple:
    """Dotted names as PyTorch writes them; Keras' ``dense/kernel:0`` splits on ``/``."""
    return tuple(name.split("/" if "/" in name else "."))


# ---------------------------------------------------------------- GGUF names -> Hugging Face names

GGUF_LLAMA_ARCHITECTURES = {"llama", "mistral", "qwen2", "qwen3"}
GGUF_TOP_NAMES = {"token_embd": "model.embed_tokens", "output_norm": "model.norm", "output": "lm_head"}
GGUF_LAYER_NAMES = {
    "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj", "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj", "attn_q_norm": "self_attn.q_norm", "attn_k_norm": "self_attn.k_norm",
    "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj", "ffn_down": "mlp.down_proj",
    "attn_norm": "input_layernorm", "ffn_norm": "post_attention_layernorm",
}
_GGUF_LAYER = re.compile(r"^blk\.(\d+)\.([a-z_]+)\.(weight|bias)$")
_GGUF_TOP = re.compile(r"^([a-z_]+)\.(weight|bias)$")


def hf_name(gguf_name: str) -> str | None:
    """llama.cpp's name of a llama-style tensor as transformers names it, or None."""
    match = _GGUF_LAYER.match(gguf_name)
    if match and match.group(2) in GGUF_LAYER_NAMES:
        return f"model.layers.{match.group(1)}.{GGUF_LAYER_NAMES[match.group(2)]}.{match.group(3)}"
    match = _GGUF_TOP.match(gguf_name)
    if match and match.group(1) in GGUF_TOP_NAMES:
        return f"{GGUF_TOP_NAMES[match.group(1)]}.{match.group(2)}"
    return None
