"""Read YAML safely into plain data, remembering file:line:col for every node.

PyYAML only *composes* the text into nodes here (the C composer when available); we
construct the values ourselves from a whitelist of tags, so no Python object is ever
built from a document. Mapping keys are taken as written (``on:`` is the key "on").
Duplicate keys are rejected with both locations; size, depth and node count are
bounded so a small file cannot expand into a huge one through aliases.

A parsed document is kept in the user's cache (:mod:`estimator.core.cache`), keyed by the
text, this module's code, PyYAML's files and the package version: the next run with the
same text reads the data and marks back from JSON (the layer library in about a tenth of
its parse time) and, when every document of a run is cached, never imports PyYAML. Only
documents that parsed are cached; an error is always found by parsing again.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, cast

from estimator.core import cache
from estimator.core.errors import EstimatorError, Location, short_repr, shorten, text_location

if TYPE_CHECKING:
    import yaml
    # what the composer makes: a node of each kind holds a `value` of its own type, which
    # _construct reads once the node's `id` says what it is (a type checker cannot narrow by it)
    _Node = Any

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


# PyYAML is imported by the functions that parse, not with this module: a run whose documents
# all come from the cache never needs it (its import is a quarter of a cached `estimate`).

@functools.cache
def _loader() -> type:
    import yaml
    return cast(type, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.cache
def _scalar_tags() -> dict[str, Callable[[yaml.ScalarNode], Any]]:
    import yaml
    scalars = yaml.SafeLoader.__new__(yaml.SafeLoader)  # only its scalar constructors are used
    return {
        "tag:yaml.org,2002:str": lambda node: node.value,
        "tag:yaml.org,2002:int": scalars.construct_yaml_int,
        "tag:yaml.org,2002:float": scalars.construct_yaml_float,
        "tag:yaml.org,2002:bool": scalars.construct_yaml_bool,
        "tag:yaml.org,2002:null": lambda node: None,
        # a date-like plain scalar is refused below (_SURPRISES); quoted, it is text
        "tag:yaml.org,2002:timestamp": lambda node: node.value,
    }


# A mark is where a node is written: ``(line, column)`` in the document's own file at the
# same JSON path, or ``(line, column, file, path)`` for a node taken from another file, or
# from elsewhere in this one (a spec composed by ``extends:`` and ``include:``, see Assembly).
Mark = tuple


@dataclass
class Document:
    """Plain data with the position of every node by JSON path; read from one file, or put
    together from several (then each mark names its own file)."""

    file: str
    data: Any
    marks: dict[tuple, Mark] = field(default_factory=dict)
    key_marks: dict[tuple, Mark] = field(default_factory=dict)  # where a mapping key itself is written
    # where() by path: the expander asks for the same paths for every copy of a layer. Kept
    # with the number of marks it was computed from, so marks added later clear it.
    _located: dict = field(default_factory=dict, repr=False, compare=False)
    _located_marks: int = field(default=0, repr=False, compare=False)

    def with_data(self, data: Any) -> Document:
        """A document of other data at the same places (a copy, or a template with its values
        bound): it shares the marks, which are never changed once a document is made, and the
        locations found from them."""
        return Document(self.file, data, self.marks, self.key_marks, self._located_now(), self._located_marks)

    def _located_now(self) -> dict:
        """where()'s memo, emptied if marks were added since it was filled."""
        if self._located_marks != len(self.marks):
            self._located, self._located_marks = {}, len(self.marks)
        return self._located

    def copy(self) -> Document:
        """The same document with data of its own: a caller that changes it changes no other."""
        return self.with_data(_copied(self.data))

    def where(self, path: tuple = ()) -> Location:
        """The location of ``path``, or of its nearest ancestor that has one."""
        if type(path) is not tuple:
            path = tuple(path)
        # about a million calls for the 1,462 config cases: the memo's check is written out here
        located = self._located if self._located_marks == len(self.marks) else self._located_now()
        found = located.get(path)
        if found is None:
            probe = path
            while probe not in self.marks and probe:
                probe = probe[:-1]
            found = located[path] = self._locate(self.marks.get(probe), probe, path)
        return found

    def where_key(self, path: tuple) -> Location:
        """The location of the key that ends ``path`` (for "unknown key" errors)."""
        path = tuple(path)
        if path in self.key_marks:
            return self._locate(self.key_marks[path], path, path)
        return self.where(path)

    def error(self, path: tuple, message: str) -> EstimatorError:
        return EstimatorError(message, self.where(path))

    def _locate(self, mark: Mark | None, probe: tuple, path: tuple) -> Location:
        if mark is None:
            return Location(self.file, None, None, path)
        if len(mark) == 4:  # written in another file (or at another path): its own place
            line, column, file, written_at = mark
            return Location(file, line, column, written_at + path[len(probe):])
        return Location(self.file, mark[0], mark[1], path)


def _copied(value: Any) -> Any:
    """A deep copy of plain data (what a document holds: mappings, lists and scalars)."""
    if type(value) is dict:
        return {key: _copied(item) for key, item in value.items()}
    if type(value) is list:
        return [_copied(item) for item in value]
    return value


class Assembly:
    """A :class:`Document` put together from parts of other documents (``extends:``,
    ``include:``, ``patch:``), each part keeping the file, line, column and JSON path where
    it is written, so that an error in an inherited node is reported in the base file.

    Parts are deep copies taken with :meth:`take`; the assembly remembers where each copied
    mapping and list came from, and where each entry put into one with :meth:`put` came
    from. :meth:`document` then walks the finished data once and writes its marks: moving,
    inserting or removing nodes while assembling needs no bookkeeping of paths."""

    def __init__(self, file: str):
        self.file = file
        self._origins: dict[int, tuple[Document, tuple]] = {}  # id(container) -> (document, path) copied from
        self._entries: dict[tuple[int, Any], tuple[Document, tuple]] = {}  # (id(container), key) -> origin
        self._alive: list = []  # every container made, so that no id is reused while assembling

    def take(self, document: Document, path: tuple, value: Any) -> Any:
        """A deep copy of ``value``, the node at ``path`` of ``document``."""
        if isinstance(value, dict):
            copy: Any = {key: self.take(document, path + (key,), item) for key, item in value.items()}
        elif isinstance(value, list):
            copy = [self.take(document, path + (index,), item) for index, item in enumerate(value)]
        else:
            return value
        self._origins[id(copy)] = (document, path)
        self._alive.append(copy)
        return copy

    def mapping(self, document: Document, path: tuple) -> dict:
        """A new empty mapping, located at ``path`` of ``document``."""
        return cast(dict, self.take(document, path, {}))

    def put(self, container: dict, key: Any, value: Any, document: Document, path: tuple) -> None:
        """``container[key] = value``, an entry written at ``path`` of ``document``."""
        container[key] = value
        self._entries[(id(container), key)] = (document, path)

    def origin(self, container: dict | list, key: Any) -> tuple[Document, tuple]:
        """Where the entry ``key`` of an assembled container was written."""
        if (id(container), key) in self._entries:
            return self._entries[(id(container), key)]
        document, path = self._origins[id(container)]
        return document, path + (key,)

    def document(self, data: Any) -> Document:
        """The finished document: ``data`` with the mark of every node."""
        result = Document(self.file, data)
        self._lay_out(data, (), self._origins[id(data)], result)
        return result

    def _lay_out(self, value: Any, path: tuple, origin: tuple[Document, tuple], result: Document) -> None:
        container = isinstance(value, (dict, list))
        if container:
            origin = self._origins.get(id(value), origin)
        document, written_at = origin
        mark = document.marks.get(written_at)
        if mark is not None:
            result.marks[path] = self._mark(document, mark, written_at, path)
        mark = document.key_marks.get(written_at)
        if mark is not None:
            result.key_marks[path] = self._mark(document, mark, written_at, path)
        if container:
            identity, entries = id(value), self._entries
            for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
                entry = entries.get((identity, key)) or (document, written_at + (key,))
                self._lay_out(item, path + (key,), entry, result)

    def _mark(self, document: Document, mark: Mark, written_at: tuple, path: tuple) -> Mark:
        """A mark of ``document`` (at ``written_at``) as a mark of the assembled document at
        ``path``: where Document.where / where_key place it, without making the Location."""
        if len(mark) == 2:  # written in ``document`` itself, at ``written_at``
            return mark if written_at == path and document.file == self.file else (*mark, document.file, written_at)
        line, column, file, at = mark
        if file == self.file and at == path:
            return (line, column)
        return mark


def load_yaml_text(text: str, file: str) -> Document:
    """Parse YAML text into a :class:`Document`; raise EstimatorError on anything bad."""
    if len(text) > MAX_FILE_BYTES:
        raise EstimatorError(f"file is larger than {MAX_FILE_BYTES} bytes", Location(file))
    key = _cache_key(text)
    if key is not None:
        cached = _from_cache(cache.read(_CACHE_KIND, key), file)
        if cached is not None:
            return cached
    document = _parse(text, file)
    if key is not None:
        cache.write(_CACHE_KIND, key, _cache_entry(document))
    return document


def _parse(text: str, file: str) -> Document:
    import yaml
    if "\x00" in text:
        raise EstimatorError("file contains a NUL byte; is it a binary file?", Location(file))
    _check_nesting(text, file)
    try:
        root = _compose(text, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        if "another document" in problem:
            problem = "the file holds several YAML documents (`---`); a spec is one document"
        elif mark is not None and text[mark.index: mark.index + 1] == "\t":
            problem = "a tab character; YAML indents with spaces only"
        elif mark is not None and _in_flow_collection(text, mark.index):
            problem += ("; inside [...] or {...}, YAML reads `[`, `]`, `,` and `:` itself: quote an expression"
                        " that holds them, e.g. 'a[0] * 2' or 'max(1, c // 4)'")
        raise EstimatorError(f"invalid YAML: {problem}", Location(file, line, column)) from None
    except yaml.reader.ReaderError as exc:
        raise EstimatorError(f"invalid YAML: character #x{exc.character:04x} is not allowed ({exc.reason})"
                             if isinstance(exc.character, int) else f"invalid YAML: {exc.reason}",
                             text_location(file, text, exc.position)) from None
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise EstimatorError(f"invalid YAML: {first_line}", Location(file)) from None
    except UnicodeEncodeError as exc:  # a lone surrogate (text from Python, not a file): the C composer
        # encodes the text to UTF-8 first and fails where the pure one reports the character
        raise EstimatorError(f"invalid YAML: character #x{ord(exc.object[exc.start]):04x} is not allowed"
                             " (special characters are not allowed)", text_location(file, text, exc.start)) from None
    except RecursionError:
        raise EstimatorError(f"document is nested deeper than {MAX_DEPTH} levels", Location(file)) from None
    if root is None:
        raise EstimatorError("the file is empty", Location(file))
    document = Document(file, None)
    budget = [MAX_NODES]
    document.data = _construct(root, (), document, budget)
    return document


# ---------------------------------------------------------------- the cache of parsed documents
# An entry holds the data as JSON and the marks as two flat lists of (line, column) pairs, in
# the order _construct visits the nodes (each node, then for a mapping each key before its
# value): the paths are the data's own, so they are not stored, and an entry whose lists do
# not fit its data exactly is refused.

_CACHE_KIND = "yaml"
_CACHE_FORMAT = "yaml-document-1"


@functools.cache
def _code_fingerprint() -> str | None:
    """What a parse depends on besides the text: this module's code (and the cache's, which
    reads and writes the entries) and the installed PyYAML, found without importing it.
    None: unknown, so nothing is cached."""
    try:
        own = Path(__file__).read_bytes() + Path(cache.__file__).read_bytes()
        spec = importlib.util.find_spec("yaml")
        if spec is None or spec.origin is None:
            return None
        pyyaml = [f"{path}:{status.st_size}:{status.st_mtime_ns}" for path in (spec.origin, os.path.dirname(spec.origin))
                  for status in [os.stat(path)]]
    except (OSError, ImportError, ValueError):
        return None
    return cache.make_key(_CACHE_FORMAT, own, *pyyaml)


def _cache_key(text: str) -> str | None:
    if cache.directory() is None:
        return None
    fingerprint = _code_fingerprint()
    return None if fingerprint is None else cache.make_key(fingerprint, text)


def _cache_entry(document: Document) -> dict:
    """A parsed document as plain JSON data. _construct puts each mark in the document as it
    visits the node (or the key), so the marks are already in the entry's order."""
    marks = [number for mark in document.marks.values() for number in mark]
    key_marks = [number for mark in document.key_marks.values() for number in mark]
    return {"data": document.data, "marks": marks, "key_marks": key_marks}


class _Unusable(Exception):
    """A cache entry that does not have the shape of one this module wrote."""


def _from_cache(entry: Any, file: str) -> Document | None:
    """The document an entry holds, or None if it is not one this module could have written."""
    if not isinstance(entry, dict) or "data" not in entry:
        return None
    numbers, key_numbers = entry.get("marks"), entry.get("key_marks")
    if (not isinstance(numbers, list) or not isinstance(key_numbers, list) or len(numbers) % 2 or len(key_numbers) % 2
            or len(numbers) > 2 * MAX_NODES or not set(map(type, numbers + key_numbers)) <= {int}):
        return None
    document = Document(file, entry["data"])
    marks, key_marks = document.marks, document.key_marks
    pairs, key_pairs = zip(numbers[::2], numbers[1::2]), zip(key_numbers[::2], key_numbers[1::2])

    def walk(value: Any, path: tuple) -> None:  # as _construct visits the nodes
        if len(path) > MAX_DEPTH:
            raise _Unusable
        marks[path] = next(pairs)
        if type(value) is dict:
            for key, item in value.items():
                inner = path + (key,)
                key_marks[inner] = next(key_pairs)
                walk(item, inner)
        elif type(value) is list:
            for index, item in enumerate(value):
                walk(item, path + (index,))

    try:
        walk(document.data, ())
    except (_Unusable, StopIteration):  # too deep, or fewer marks than nodes
        return None
    if next(pairs, None) is not None or next(key_pairs, None) is not None:
        return None  # more marks than nodes
    return document


def _check_nesting(text: str, file: str) -> None:
    """Bound nesting before PyYAML sees the text: its C composer recurses once per level
    and crashes the interpreter on very deep input. Brackets are counted even inside
    quotes (that can only over-count), and indentation bounds block nesting."""
    deepest_indent = max((len(m.group(0)) for m in _INDENT.finditer(text)), default=0)
    if deepest_indent > 4 * MAX_DEPTH:
        match = next(m for m in _INDENT.finditer(text) if len(m.group(0)) > 4 * MAX_DEPTH)
        line_number = text.count("\n", 0, match.start()) + 1
        raise EstimatorError(f"line is indented {len(match.group(0))} columns; documents nest at most {MAX_DEPTH} levels",
                             Location(file, line_number, 1))
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return  # too few brackets to nest too deeply
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group(0) in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise EstimatorError(f"document is nested deeper than {MAX_DEPTH} levels",
                                     text_location(file, text, match.start()))
        elif depth:
            depth -= 1


def _compose(text: str, file: str) -> Any:
    """The text's root node (None for an empty document), its nodes bounded before PyYAML holds
    them all: it keeps every node with its marks (a 10 MB flow list of five million items took
    24 s and 1.6 GB before the budget of _construct refused it).

    The bound is on parser events (_check_node_count), but counting them is a second parse in
    Python, as long as the composing itself. So the composer counts the nodes it resolves
    (_resolving), which is every node but a tagged one and an alias, and stops past the
    bound; each of those is written with a character of its own, a tag's `!` and an alias's
    `*`. The events are counted only when these characters could take the count past the
    bound, or once the composer has stopped. A node of a text that is not longer than the
    bound mostly takes a character (`{a,b}` is five nodes): a shorter text is counted only if
    the composer stops, and _construct's budget bounds what it holds."""
    long = len(text) > MAX_NODES
    unresolved = text.count("!") + text.count("*") if long else 0
    counted = unresolved > MAX_NODES  # too many to trust the composer's count to stop in time
    if counted:
        _check_node_count(text, file)
    composer = _resolving(_loader())(text)
    try:
        root = composer.get_single_node()
    except Exception as exc:
        # the first problem in the text wins: too many nodes, or this one. The composer stops
        # past the bound in a short text too (`?` alone on a line is a key and its value)
        if long and not counted or isinstance(exc, _TooManyNodes):
            _check_node_count(text, file)
        raise
    finally:
        composer.dispose()
    if long and not counted and composer.resolved + unresolved > MAX_NODES:
        _check_node_count(text, file)
    return root


class _TooManyNodes(Exception):
    """Raised by the composer past MAX_NODES resolved nodes: _check_node_count says where."""


@functools.cache
def _resolving(loader: type) -> type:
    """``loader`` whose composer counts the nodes it resolves (see _compose) and remembers
    each resolved tag: PyYAML calls a Python ``resolve`` for every untagged node, running its
    regular expressions on the scalar's text (a third of composing a long list of numbers)."""

    class Resolving(loader):
        # (kind, value, implicit) -> tag, shared by every document; emptied when full. The tag
        # depends on these alone unless a path resolver is registered (the package adds none)
        tags: dict = {}

        def __init__(self, stream: str):
            super().__init__(stream)
            self.resolved = 0
            self.remembered = None if self.yaml_path_resolvers else self.tags

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            self.resolved += 1
            if self.resolved > MAX_NODES:
                raise _TooManyNodes
            if self.remembered is None:  # a path resolver's tag depends on where the node is
                return cast(str, super().resolve(kind, value, implicit))
            key = (kind, value, implicit)
            tag: str | None = self.remembered.get(key)
            if tag is None:
                if len(self.remembered) >= _MAX_REMEMBERED_TAGS:
                    self.remembered.clear()
                tag = self.remembered[key] = super().resolve(kind, value, implicit)
            return tag

    return Resolving


_MAX_REMEMBERED_TAGS = 4096


def _check_node_count(text: str, file: str) -> None:
    """Count the text's parser events that make nodes, up to the bound only."""
    import yaml
    node_events = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)
    count = 0
    for event in yaml.parse(text, Loader=_loader()):
        if isinstance(event, node_events):
            count += 1
            if count > MAX_NODES:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
                raise EstimatorError(f"document has more than {MAX_NODES} nodes", Location(file, line, column))


def _in_flow_collection(text: str, index: int) -> bool:
    """Whether the error's line opens a [...] or {...} before the error (a guess for the hint)."""
    start = text.rfind("\n", 0, index) + 1
    return any(bracket in text[start:index + 1] for bracket in "[{")


_INDENT = re.compile(r"^ +", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]{}]")


# YAML 1.1 reads these plain scalars in ways that surprise; we refuse them with the fix.
_SURPRISES = (
    (re.compile(r"^[-+]?0[0-9_]+$"), "int", "`{text}` is octal in YAML 1.1 ({value}); write it without the leading 0, or quote it"),
    (re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$"), None,
     "`{text}` is a base-60 number in YAML 1.1 ({value}); quote it if it is text"),
    (re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$"), "bool",
     "`{text}` is a boolean in YAML 1.1; write true or false (or quote it)"),
    # `in_features: 2001-12-14` would otherwise be the expression 2001 - 12 - 14 = 1975
    (re.compile(r"."), "timestamp", "`{text}` is a date in YAML 1.1; quote it if it is text, or write the arithmetic with spaces"),
)


def _surprise(node: yaml.ScalarNode, value: Any) -> str | None:
    if node.style:  # quoted: the text it is (plain scalars have no style)
        return None
    for pattern, tag, message in _SURPRISES:
        if (tag is None or node.tag.endswith(tag)) and pattern.match(node.value):  # the tag first: no match to run
            return message.format(text=shorten(node.value), value=shorten(str(value)))
    return None


def load_yaml_file(path: str | Path, display: str | None = None) -> Document:
    path = Path(path)
    display = display or str(path)
    return load_yaml_text(read_text(path, display), display)


def read_text(path: Path, display: str) -> str:
    """A YAML file's text, bounded in size and read as UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise EstimatorError(f"file is larger than {MAX_FILE_BYTES} bytes", Location(display))
        raw = path.read_bytes()
    except OSError as exc:
        raise EstimatorError(f"cannot read file: {exc.strerror}", Location(display)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EstimatorError(f"file is not valid UTF-8 (byte {exc.start})", Location(display)) from None
    return text


def _construct(node: _Node, path: tuple, document: Document, budget: list) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise document.error(path, f"document has more than {MAX_NODES} nodes (after expanding aliases)")
    if len(path) > MAX_DEPTH:
        raise document.error(path, f"document is nested deeper than {MAX_DEPTH} levels")
    mark = node.start_mark
    document.marks[path] = (mark.line + 1, mark.column + 1)
    # the three kinds of node are told apart by their `id`, not their class: PyYAML is not
    # imported at the top (see _loader)
    kind, tag, value = node.id, node.tag, node.value
    if kind == "scalar":
        if tag == _INT_TAG and len(value) <= 18 and value.isdigit() and value.isascii() and (
                value[0] != "0" or len(value) == 1):
            # the common case (sizes, long lists of them): a few plain decimal digits are what
            # PyYAML's int constructor makes of them, and no surprise below matches them (octal
            # needs a leading 0, base 60 a colon); longer ones take the checked road
            return int(value)
        return _construct_scalar(node, path, document)
    if tag not in _COLLECTION_TAGS:
        raise document.error(path, f"unsupported YAML tag {tag!s}")
    if kind == "mapping":
        return _construct_mapping(node, path, document, budget)
    return [_construct(item, path + (i,), document, budget) for i, item in enumerate(value)]


def _construct_scalar(node: yaml.ScalarNode, path: tuple, document: Document) -> Any:
    construct = _scalar_tags().get(node.tag)
    if construct is None:
        raise document.error(path, f"unsupported YAML tag {node.tag!s}")
    try:
        value = construct(node)
    except (ValueError, _yaml_error()):  # (evaluated only when an exception is raised)
        raise document.error(path, f"cannot read {short_repr(node.value)} as {node.tag.rsplit(':', 1)[-1]}") from None
    surprise = _surprise(node, value)
    if surprise:
        raise document.error(path, surprise)
    return value


_INT_TAG = "tag:yaml.org,2002:int"


def _yaml_error() -> type[Exception]:
    import yaml
    return yaml.YAMLError


def _construct_mapping(node: yaml.MappingNode, path: tuple, document: Document, budget: list) -> dict:
    result: dict = {}
    first_seen: dict = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise document.error(path, "YAML merge keys (`<<`) are not supported; write the keys out")
        if key_node.id != "scalar":
            raise document.error(path, "mapping keys must be plain names, not collections")
        key = key_node.value
        key_mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        inner = path + (key,)
        if key in first_seen:
            line, column = first_seen[key]
            raise EstimatorError(
                f"duplicate key `{key}` (first defined at line {line}, column {column})",
                Location(document.file, *key_mark, inner),
            )
        first_seen[key] = key_mark
        document.key_marks[inner] = key_mark
        result[key] = _construct(value_node, inner, document, budget)
    return result
