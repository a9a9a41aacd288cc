"""The Hugging Face Hub as a source: repo ids, the local cache, small files, byte ranges.

A repo id is ``org/name``, optionally ``@revision`` (a branch, a tag, a commit, or
``refs/pr/N``), and, where a model file is wanted (``count``, ``diff``), a file in the
repository after it: ``org/name/model-Q4_K_M.gguf``, ``org/name@v1/sub/model.safetensors``.

The local cache is read first, in the layout ``huggingface_hub`` writes
(``$HF_HUB_CACHE``, else ``$HF_HOME/hub``, else ``~/.cache/huggingface/hub``)::

    models--org--name/refs/main                    the commit a branch or tag points at
    models--org--name/snapshots/<commit>/config.json

so a cached repository works offline and with ``HF_HUB_OFFLINE=1``, without the extra.
Otherwise ``huggingface_hub`` (the ``hub`` extra) fetches what is missing, honouring
``HF_TOKEN`` and ``HF_ENDPOINT``: small metadata files (``config.json``) into that same
cache, and the headers of model files through HTTP range requests. Weights are never
fetched: :class:`RemoteFile` reads only the byte ranges a header reader asks for.
"""
from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from estimator.core.errors import EstimatorError, Location
from estimator.core.files import path_kind

DEFAULT_ENDPOINT = "https://huggingface.co"
DEFAULT_REVISION = "main"
INSTALL_HINT = "pip install 'estimator[hub]'"
LOGIN_HINT = "set HF_TOKEN or log in (`hf auth login`; `huggingface-cli login` with huggingface_hub < 1.0)"
READ_AHEAD = 64 * 1024  # one range request covers a typical safetensors header and the start of a GGUF one
TIMEOUT = 30.0  # seconds per request
# at most this much of one remote file is read: past the readers' own bounds (a 100 MB
# safetensors header), a header that goes on is weights, or a hostile server
MAX_REMOTE_BYTES = 128 * 1024 * 1024

# Hub names: letters, digits, `-`, `_`, `.`; no `--` or `..`; not starting or ending with `-` or `.`
_NAME = re.compile(r"^(?!.*(?:--|\.\.))[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?$")
_REVISION = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_SLASHED_REVISION = re.compile(r"^(refs/(?:pr|convert)/[A-Za-z0-9_.\-]+)(?:/(.*))?$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
TRUE = {"1", "on", "yes", "true"}


@dataclass(frozen=True)
class RepoRef:
    """A repository on the Hub as a user named it."""

    repo_id: str  # org/name
    revision: str | None  # None: the default branch (main)
    file: str | None  # a file in the repository, for count and diff
    text: str  # the argument as given, for messages

    @property
    def rev(self) -> str:
        return self.revision or DEFAULT_REVISION

    @property
    def label(self) -> str:
        """``org/name`` or ``org/name@revision``: the name results carry."""
        return self.repo_id + (f"@{self.revision}" if self.revision else "")

    def display(self, file: str) -> str:
        """How a file of the repository is shown: ``org/name[@rev]/file``."""
        return f"{self.label}/{file}"


def parse_repo(argument: str, with_file: bool = False) -> RepoRef | None:
    """``org/name[@revision]`` (and ``/file`` when ``with_file``) as a RepoRef, or None when
    the argument cannot be a repo id (the caller then treats it as a missing path)."""
    if argument.startswith(("/", "./", "../", "~")) or "\\" in argument or any(c.isspace() for c in argument):
        return None
    org, slash, rest = argument.partition("/")
    if not slash:
        return None
    revision: str | None = None
    file = ""
    if "@" in rest:
        name, _, after = rest.partition("@")
        slashed = _SLASHED_REVISION.match(after)
        if slashed:
            revision, file = slashed.group(1), slashed.group(2) or ""
        else:
            revision, _, file = after.partition("/")
        if not revision or not (_REVISION.match(revision) or _SLASHED_REVISION.match(revision)):
            return None
    else:
        name, _, file = rest.partition("/")
    if not _NAME.match(org) or not _NAME.match(name):
        return None
    if file:
        parts = file.split("/")
        if not with_file or any(part in ("", ".", "..") for part in parts):
            return None
    elif argument.endswith(SPEC_SUFFIXES) and not with_file:
        return None  # `models/my.yaml` that does not exist is a mistyped path, not a repository
    return RepoRef(f"{org}/{name}", revision, file or None, argument)


# ---------------------------------------------------------------- the environment


def cache_dir() -> Path:
    """The hub cache as huggingface_hub finds it: HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE (its
    older name), HF_HOME/hub, XDG_CACHE_HOME/huggingface/hub, ~/.cache/huggingface/hub."""
    def expand(value: str) -> Path:
        return Path(os.path.expandvars(os.path.expanduser(value)))

    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(name):
            return expand(os.environ[name])
    if os.environ.get("HF_HOME"):
        return expand(os.environ["HF_HOME"]) / "hub"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join("~", ".cache")
    return expand(base) / "huggingface" / "hub"


def offline() -> bool:
    """HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) set: the cache only, no request at all."""
    names = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    return any((os.environ.get(name) or "").strip().lower() in TRUE for name in names)


def endpoint() -> str:
    """HF_ENDPOINT, read at each call (huggingface_hub reads it once, when imported)."""
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def token() -> str | None:
    """HF_TOKEN; None lets huggingface_hub use the token saved by `hf auth login`."""
    return os.environ.get("HF_TOKEN") or None


# ---------------------------------------------------------------- the local cache


def cached_snapshot(ref: RepoRef) -> Path | None:
    """The cached snapshot folder of the revision, or None when the cache does not hold it."""
    folder = cache_dir() / f"models--{ref.repo_id.replace('/', '--')}"
    commit = ref.rev
    if not COMMIT.match(commit):
        try:
            commit = (folder / "refs" / ref.rev).read_text(encoding="utf-8").strip()
        except (OSError, ValueError):  # no such ref (or unreadable)
            return _only_snapshot(folder) if ref.revision is None else None
        if not COMMIT.match(commit):
            return None
    snapshot = folder / "snapshots" / commit
    return snapshot if path_kind(snapshot) == "dir" else None


def _only_snapshot(folder: Path) -> Path | None:
    """A cache filled by commit (``revision=<sha>``) has a snapshot and no ``refs/main``:
    with no revision asked for, its one snapshot is the repository (several: ambiguous)."""
    try:
        snapshots = [p for p in (folder / "snapshots").iterdir() if COMMIT.match(p.name) and path_kind(p) == "dir"]
    except OSError:
        return None
    return snapshots[0] if len(snapshots) == 1 else None


def cached_file(ref: RepoRef, file: str) -> Path | None:
    snapshot = cached_snapshot(ref)
    if snapshot is None:
        return None
    path = snapshot / file
    return path if path_kind(path) == "file" else None


# ---------------------------------------------------------------- fetching


def _hub(ref: RepoRef, what: str) -> Any:
    """huggingface_hub, when the Hub may be asked; else one line saying what to do."""
    where = Location(ref.text)
    if offline():
        raise EstimatorError(f"no such file, and {ref.label} is not in the Hugging Face cache ({cache_dir()}) with "
                             f"{what}; HF_HUB_OFFLINE is set, so the Hub is not asked: unset it, or fetch the files "
                             f"where you are online (`hf download {ref.repo_id}`)", where)
    try:
        import huggingface_hub
    except ImportError:
        raise EstimatorError(f"no such file, and {ref.label} is not in the Hugging Face cache ({cache_dir()}) with "
                             f"{what}; to read it from the Hub, install the hub extra: {INSTALL_HINT}",
                             where) from None
    return huggingface_hub


def _hub_error(exc: BaseException, ref: RepoRef, file: str | None) -> NoReturn:
    """One line for what went wrong between us and the Hub."""
    from huggingface_hub import errors

    where = Location(ref.text)
    status = getattr(getattr(exc, "response", None), "status_code", None)
    if isinstance(exc, errors.GatedRepoError):
        raise EstimatorError(f"{ref.repo_id} is gated: accept its terms at {endpoint()}/{ref.repo_id}, then "
                             f"{LOGIN_HINT}", where) from None
    if isinstance(exc, errors.RepositoryNotFoundError):
        raise EstimatorError(f"no such file, and no repository {ref.repo_id} on the Hub ({endpoint()}), or it is "
                             f"private or gated: check the name; if you have access, {LOGIN_HINT}", where) from None
    if isinstance(exc, errors.RevisionNotFoundError):
        raise EstimatorError(f"{ref.repo_id} has no revision {ref.rev!r}", where) from None
    if isinstance(exc, errors.EntryNotFoundError) and not isinstance(exc, errors.LocalEntryNotFoundError):
        raise EstimatorError(f"{ref.repo_id} has no file {file} at revision {ref.rev!r}", where) from None
    if status in (401, 403):
        raise EstimatorError(f"the Hub refused access to {ref.repo_id} (HTTP {status}): {LOGIN_HINT}", where) from None
    if isinstance(exc, ValueError) and not isinstance(exc, errors.HfHubHTTPError):
        raise EstimatorError(f"the Hub does not take this repo id: {_reason(exc)}", where) from None
    if isinstance(exc, errors.HfHubHTTPError) and status is not None:
        raise EstimatorError(f"the Hub ({endpoint()}) answered HTTP {status} for {ref.repo_id}", where) from None
    if isinstance(exc, (errors.LocalEntryNotFoundError, errors.OfflineModeIsEnabled, ConnectionError)) or (
            not isinstance(exc, OSError)):
        raise EstimatorError(f"no such file, and {ref.label} is not in the Hugging Face cache ({cache_dir()}) and the "
                             f"Hub at {endpoint()} cannot be reached ({_reason(exc)}): check the network or "
                             f"HF_ENDPOINT", where) from None
    raise EstimatorError(f"cannot write the Hugging Face cache {cache_dir()}: {_reason(exc)}", where) from None


def _reason(exc: BaseException) -> str:
    """The innermost cause: a refused connection says more than the wrapper around it."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def fetch_file(ref: RepoRef, file: str) -> Path:
    """A small file of the repository (config.json), from the cache or fetched into it."""
    cached = cached_file(ref, file)
    if cached is not None:
        return cached
    hub = _hub(ref, file)
    try:
        # one HEAD without retries first: hf_hub_download retries a refused connection for
        # half a minute, logging each try, before it says what is wrong
        hub.get_hf_file_metadata(hub.hf_hub_url(ref.repo_id, file, revision=ref.rev, endpoint=endpoint()),
                                 token=token(), timeout=TIMEOUT)
        path = hub.hf_hub_download(ref.repo_id, file, revision=ref.rev, cache_dir=str(cache_dir()),
                                   endpoint=endpoint(), token=token())
    # huggingface_hub raises its own errors for the Hub's answers, OSError for the cache, and the
    # transport's errors (requests, httpx or httpx2 by version) for the network: all become one line
    except Exception as exc:  # noqa: BLE001 - mapped to one line by _hub_error
        _hub_error(exc, ref, file)
    return Path(path)


@dataclass
class RemoteRepo:
    """One revision of a repository on the Hub: its commit and its files with their sizes."""

    ref: RepoRef
    commit: str
    sizes: dict = field(default_factory=dict)  # path in the repository -> bytes (None when not known)
    listed: bool = True  # False: the server gave no listing, `sizes` holds only the files found by name

    def file(self, name: str) -> RemoteFile:
        return RemoteFile(self, name)

    def folder(self, folder: str = "") -> dict:
        """The files directly in a folder of the repository, by name."""
        prefix = folder.strip("/") + "/" if folder.strip("/") else ""
        return {path[len(prefix):]: self.file(path) for path in self.sizes
                if path.startswith(prefix) and "/" not in path[len(prefix):]}


def remote_repo(ref: RepoRef, what: str = "its model files") -> RemoteRepo:
    """The repository's file listing at the revision (one API call, pinned to its commit)."""
    hub = _hub(ref, what)
    from huggingface_hub import errors

    try:
        info = hub.HfApi(endpoint=endpoint(), token=token()).model_info(ref.repo_id, revision=ref.rev,
                                                                        files_metadata=True)
    except (errors.RepositoryNotFoundError, errors.RevisionNotFoundError) as exc:
        _hub_error(exc, ref, None)
    except errors.HfHubHTTPError as exc:
        if getattr(exc.response, "status_code", None) not in (404, 405, 501):
            _hub_error(exc, ref, None)
        return _probed_repo(hub, ref)  # a server with no listing API (a plain mirror): files by name
    except Exception as exc:  # noqa: BLE001 - see fetch_file
        _hub_error(exc, ref, None)
    commit = getattr(info, "sha", None)
    siblings = getattr(info, "siblings", None)
    if not siblings:
        return _probed_repo(hub, ref)
    if not isinstance(commit, str) or not COMMIT.match(commit):
        raise EstimatorError(f"the Hub ({endpoint()}) did not say which commit {ref.label} is", Location(ref.text))
    sizes = {s.rfilename: s.size for s in siblings if isinstance(getattr(s, "rfilename", None), str)}
    return RemoteRepo(ref, commit, sizes)


PROBED = ("model.safetensors.index.json", "model.safetensors", "config.json")


def _probed_repo(hub: Any, ref: RepoRef) -> RemoteRepo:
    """The files a folder read looks for, found by name with one HEAD each (the commit from
    X-Repo-Commit), or the one file the argument names."""
    from huggingface_hub import errors

    sizes: dict = {}
    commit = None
    for name in [ref.file] if ref.file else PROBED:
        url = hub.hf_hub_url(ref.repo_id, name, revision=ref.rev, endpoint=endpoint())
        try:
            found = hub.get_hf_file_metadata(url, token=token(), timeout=TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - see fetch_file
            if getattr(getattr(exc, "response", None), "status_code", None) == 404 and not isinstance(
                    exc, (errors.RepositoryNotFoundError, errors.RevisionNotFoundError)):
                continue  # not there: the next name
            _hub_error(exc, ref, name)
        commit = commit or found.commit_hash
        sizes[name] = found.size
    if not sizes:
        looked = ref.file or ", ".join(PROBED)
        raise EstimatorError(f"{ref.repo_id} has no {looked} at revision {ref.rev!r}, and the server lists no "
                             f"files: name the model file (org/name/FILE)", Location(ref.text))
    if not isinstance(commit, str) or not COMMIT.match(commit):
        raise EstimatorError(f"the Hub ({endpoint()}) did not say which commit {ref.label} is", Location(ref.text))
    return RemoteRepo(ref, commit, sizes, listed=False)


class RemoteFile:
    """A file of a repository on the Hub, read by byte ranges: the model-file readers'
    byte source (see ``metadata.LocalFile``) for a file that is not here."""

    path: Path | None = None  # no local file

    def __init__(self, repo: RemoteRepo, name: str):
        self.repo, self.repo_path = repo, name
        self.name = name.rsplit("/", 1)[-1]
        self.display = repo.ref.display(name)
        self._size: int | None = repo.sizes.get(name)
        self._read = 0  # bytes asked for so far

    def size(self) -> int:
        if self._size is None:  # not listed with a size: the first range's Content-Range says it
            self._fetch(0, 1)
        assert self._size is not None  # set by _fetch or an error raised
        return self._size

    def open(self) -> BinaryIO:
        return io.BufferedReader(_RangeReader(self), buffer_size=READ_AHEAD)

    def sibling(self, name: str) -> RemoteFile | None:
        folder = self.repo_path.rsplit("/", 1)[0] + "/" if "/" in self.repo_path else ""
        path = folder + name
        # unlisted, a shard is asked for by name: a missing one is the server's 404
        return self.repo.file(path) if path in self.repo.sizes or not self.repo.listed else None

    def _fetch(self, offset: int, count: int) -> bytes:
        """Bytes ``offset .. offset + count - 1`` with one range request (redirects followed:
        the Hub sends large files to its CDN, and the token is dropped on the way)."""
        import huggingface_hub
        from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

        ref = self.repo.ref
        self._read += count
        if self._read > MAX_REMOTE_BYTES:
            raise EstimatorError(f"the header goes on past {MAX_REMOTE_BYTES:,} bytes: not read further (only "
                                 f"headers are read from the Hub, never weights)", Location(self.display))
        url = huggingface_hub.hf_hub_url(ref.repo_id, self.repo_path, revision=self.repo.commit, endpoint=endpoint())
        headers = build_hf_headers(token=token())
        headers.update({"Range": f"bytes={offset}-{offset + count - 1}", "Accept-Encoding": "identity"})
        try:
            with get_session().stream("GET", url, headers=headers, follow_redirects=True, timeout=TIMEOUT) as response:
                status = response.status_code
                if status == 416:  # at or past the end
                    return b""
                if status >= 400:
                    response.read()
                    hf_raise_for_status(response)
                total = _total_size(response.headers, status)
                if status == 206:
                    start = _range_start(response.headers.get("Content-Range"))
                    if start != offset:
                        raise EstimatorError(f"the Hub answered bytes from {start} when asked from {offset}",
                                             Location(self.display))
                elif offset:  # a whole file from its start: never read through weights to reach an offset
                    raise EstimatorError("the server does not serve byte ranges (HTTP "
                                         f"{status} to a Range request), so the header cannot be read without "
                                         "the weights", Location(self.display))
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) >= count:
                        break
        except EstimatorError:
            raise
        except Exception as exc:  # noqa: BLE001 - see fetch_file
            _hub_error(exc, ref, self.repo_path)
        if total is not None and self._size is None:
            self._size = total
        if self._size is None:
            raise EstimatorError("the Hub did not say how large the file is", Location(self.display))
        return bytes(data[:count])


def _range_start(content_range: str | None) -> int | None:
    match = re.match(r"^bytes (\d+)-\d+/", content_range or "")
    return int(match.group(1)) if match else None


def _total_size(headers: Any, status: int) -> int | None:
    match = re.match(r"^bytes \d+-\d+/(\d+)$", headers.get("Content-Range") or "")
    if match:
        return int(match.group(1))
    length = headers.get("Content-Length")
    return int(length) if status == 200 and length and length.isdigit() else None


class _RangeReader(io.RawIOBase):
    """A seekable read-only raw stream over a RemoteFile: each read is one range request."""

    def __init__(self, remote: RemoteFile):
        self.remote, self.position = remote, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.remote.size()}[whence]
        self.position = max(0, base + offset)
        return self.position

    def readinto(self, buffer: Any) -> int:
        left = self.remote.size() - self.position
        if left <= 0 or not len(buffer):
            return 0
        data = self.remote._fetch(self.position, min(len(buffer), left))
        buffer[:len(data)] = data
        self.position += len(data)
        return len(data)
