"""A cache of work that is slow to redo (parsed YAML), kept in the user's cache directory.

An entry is never needed for a correct answer: it is named by a hash of everything its
value was made from (the file's content, the package version, the code that made it), so
a changed file or a new version simply misses, and any entry that cannot be read (missing,
corrupt, truncated, too large, not a regular file, or made by someone else and wrong in
shape) is ignored: the caller redoes the work. Entries are JSON, so reading one can never
run code (no pickle, no marshal); they are written to a temporary file and renamed into
place, so a reader sees a whole entry or none; the directory is kept under a size bound.

Where: ``$ESTIMATOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/estimator``, else
``~/.cache/estimator``. ``ESTIMATOR_NO_CACHE=1`` turns the cache off (nothing is read or
written).
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

DIRECTORY_VARIABLE = "ESTIMATOR_CACHE_DIR"
OFF_VARIABLE = "ESTIMATOR_NO_CACHE"
MAX_ENTRY_BYTES = 16 * 1024 * 1024  # a larger value is not written, and a larger file not read
MAX_ENTRIES = 256                    # beyond these bounds, the oldest entries are removed
MAX_TOTAL_BYTES = 64 * 1024 * 1024
_SUFFIX = ".json"
_STALE_SECONDS = 3600  # a temporary file this old was left by a process that died while writing


def directory() -> Path | None:
    """The cache directory, or None when the cache is off (or there is no home to put it in)."""
    if os.environ.get(OFF_VARIABLE, "").strip() not in ("", "0"):
        return None
    chosen = os.environ.get(DIRECTORY_VARIABLE, "")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(base):  # the XDG specification: a relative path is invalid and ignored
        return Path(base) / "estimator"
    try:
        return Path.home() / ".cache" / "estimator"
    except RuntimeError:  # no home directory can be determined
        return None


def package_version() -> str:
    """The package's version, part of every key. Read from the loaded package: the core stage
    cannot import the top of the package (the top imports everything, core included), and
    ``importlib.metadata`` takes milliseconds to find it."""
    return str(getattr(sys.modules.get("estimator"), "__version__", "unknown"))


def make_key(*parts: str | bytes) -> str:
    """A hash of ``parts`` (each length-prefixed, so that no two lists of parts collide by
    concatenation), with the package version; the name of the entry."""
    digest = hashlib.sha256()
    for part in (package_version(), *parts):
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def read(kind: str, key: str) -> Any | None:
    """The value stored under ``key``, or None (a miss, or an entry that cannot be trusted to
    be whole)."""
    folder = directory()
    if folder is None:
        return None
    path = folder / f"{kind}-{key}{_SUFFIX}"
    try:
        # O_NONBLOCK: a FIFO put in the entry's place must not block the open; O_NOFOLLOW: an
        # entry is a file we wrote, never a link to elsewhere
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
                             | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            raw = handle.read(MAX_ENTRY_BYTES + 1)
        entry = json.loads(raw)
    except (OSError, ValueError, RecursionError, MemoryError):  # ValueError: not UTF-8 or not JSON
        return None
    finally:
        os.close(descriptor)
    if not isinstance(entry, dict) or entry.get("key") != key or "value" not in entry:
        return None  # truncated or copied under another name: not the entry for this key
    return entry["value"]


def write(kind: str, key: str, value: Any) -> None:
    """Store ``value`` (plain JSON data) under ``key``; silently do nothing when it cannot be
    written (read-only or full disk, no permission, a value JSON cannot hold)."""
    folder = directory()
    if folder is None:
        return
    try:
        text = json.dumps({"key": key, "value": value}, ensure_ascii=True, separators=(",", ":"))
    except (ValueError, TypeError, RecursionError):  # e.g. an integer longer than Python prints
        return
    if len(text) > MAX_ENTRY_BYTES:
        return
    final = folder / f"{kind}-{key}{_SUFFIX}"
    temporary = folder / f".{kind}-{key}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("ascii"))
        os.replace(temporary, final)  # atomic: readers see the old entry, or this whole one
    except OSError:
        try:
            temporary.unlink()
        except OSError:
            pass
        return
    _bound(folder, str(final), len(text))


class _Known:
    """What this process last knew of a cache directory: its entries, oldest first (path:
    bytes), their total, and the writes since it listed the directory."""

    def __init__(self, entries: dict[str, int]) -> None:
        self.entries = entries
        self.total = sum(entries.values())
        self.writes = 0


# Listing the directory after every write was most of the time of a run that parses many new
# texts (2 ms a write at 256 entries); it is listed after every _RESCAN_WRITES writes, for other
# processes' writes, and in between this process keeps to the bounds by what it knows: its own
# writes are the newest entries, and the oldest it knows of are removed first.
_seen: dict[str, _Known] = {}
_RESCAN_WRITES = 32


def _bound(folder: Path, path: str, size: int) -> None:
    known = _seen.get(str(folder))
    if known is None or known.writes + 1 >= _RESCAN_WRITES:
        _seen[str(folder)] = _Known(_prune(folder))
        return
    known.writes += 1
    known.total += size - known.entries.pop(path, 0)  # an entry written again is now the newest
    known.entries[path] = size
    while known.entries and (len(known.entries) > MAX_ENTRIES or known.total > MAX_TOTAL_BYTES):
        oldest = next(iter(known.entries))
        _remove(oldest)
        known.total -= known.entries.pop(oldest)


def prune(folder: Path) -> tuple[int, int]:
    """Keep the directory within MAX_ENTRIES and MAX_TOTAL_BYTES, removing the oldest entries
    first (and temporary files left behind by a process that died while writing); the entries
    and bytes left."""
    entries = _prune(folder)
    return len(entries), sum(entries.values())


def _prune(folder: Path) -> dict[str, int]:
    """prune: the entries left, oldest first (path: bytes)."""
    entries = []
    try:
        with os.scandir(folder) as listing:
            for item in listing:
                try:
                    status = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if item.name.endswith(".tmp"):
                    if status.st_mtime < time.time() - _STALE_SECONDS:
                        _remove(item.path)
                elif item.name.endswith(_SUFFIX):
                    entries.append((status.st_mtime, status.st_size, item.path))
    except OSError:
        return {}
    entries.sort()
    total = sum(size for _, size, _ in entries)
    while entries and (len(entries) > MAX_ENTRIES or total > MAX_TOTAL_BYTES):
        _, size, path = entries.pop(0)
        _remove(path)
        total -= size
    return {path: size for _, size, path in entries}


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
