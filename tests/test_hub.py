"""Repo ids as SPECs and FILEs, tested for real and offline.

A loopback HTTP server (a thread on 127.0.0.1, an ephemeral port) serves the repositories of
``tests/fixtures/hub/repos.json`` in the Hub's own URL layout, with the headers
``huggingface_hub`` requires (X-Repo-Commit, ETag, Content-Length; X-Error-Code on errors)
and byte ranges; ``HF_ENDPOINT`` points ``huggingface_hub`` at it. A cache that
``huggingface_hub`` itself filled from that server is then read with ``HF_HUB_OFFLINE=1``.
No test touches the internet.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
import shlex
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from estimator import api
from estimator.cli.app import main
from estimator.sources import hub

from conftest import FIXTURES, ROOT, run, run_json

huggingface_hub = pytest.importorskip("huggingface_hub")
hf_constants = pytest.importorskip("huggingface_hub.constants")

REPOS = json.loads((FIXTURES / "hub" / "repos.json").read_text())
TOKEN = REPOS["token"]
COMMIT = re.compile(r"^[0-9a-f]{40}$")


def commit_of(repo_id: str, revision: str) -> str:
    return hashlib.sha1(f"{repo_id}@{revision}".encode()).hexdigest()


def virtual_shards(config: Path, shards: int, dtype: str) -> dict:
    """A sharded safetensors checkpoint of the config's tensors: real headers, and data
    sections that exist only as their length (the server answers zeros, were it asked)."""
    tensors = [t for t in api.shapes(str(config))["tensors"] if t["kind"] == "parameter" or t["persistent"]]
    per_shard = -(-len(tensors) // shards)
    files, weight_map = {}, {}
    for number in range(shards):
        name = f"model-{number + 1:05d}-of-{shards:05d}.safetensors"
        header, offset = {}, 0
        for tensor in tensors[number * per_shard:(number + 1) * per_shard]:
            size = tensor["numel"] * 2
            header[tensor["name"]] = {"dtype": dtype, "shape": tensor["shape"], "data_offsets": [offset, offset + size]}
            weight_map[tensor["name"]] = name
            offset += size
        raw = json.dumps(header).encode()
        raw += b" " * (-len(raw) % 8)
        files[name] = (len(raw).to_bytes(8, "little") + raw, 8 + len(raw) + offset)
    index = json.dumps({"metadata": {}, "weight_map": weight_map}).encode()
    files["model.safetensors.index.json"] = (index, len(index))
    return files


def repository_files(repo_id: str, entry: dict) -> dict:
    """revision -> {path: (bytes held, size)}; a virtual file holds only its header."""
    main_files = {path: ((FIXTURES / source).read_bytes(), (FIXTURES / source).stat().st_size)
                  for path, source in entry["files"].items()}
    if "virtual" in entry:
        main_files.update(virtual_shards(FIXTURES / entry["config"], entry["virtual"]["shards"],
                                         entry["virtual"]["dtype"]))
    revisions = {"main": main_files}
    for revision, changed in entry.get("revisions", {}).items():
        files = dict(main_files)
        for path, change in changed.items():
            data = json.loads((FIXTURES / change["from"]).read_text())
            data.update(change["set"])
            raw = json.dumps(data, indent=2).encode()
            files[path] = (raw, len(raw))
        revisions[revision] = files
    return revisions


class Hub:
    """The repositories, the requests made and the bytes sent."""

    def __init__(self):
        self.repos = {repo_id: repository_files(repo_id, entry) for repo_id, entry in REPOS["repos"].items()}
        self.gated = {repo_id for repo_id, entry in REPOS["repos"].items() if entry.get("gated")}
        self.requests: list = []
        self.sent: dict = {}  # (repo, path) -> bytes of file content sent
        self.ranges = True
        self.listing = True  # False: no /api/models (a plain mirror of /resolve/)
        self.writers = 0  # whole-file answers still being written to a client that may have hung up
        self.idle = threading.Condition()

    def quiet(self):
        """Wait until no whole-file answer is still being written (their bytes count in `sent`)."""
        with self.idle:
            self.idle.wait_for(lambda: self.writers == 0, timeout=30)

    def revision(self, repo_id: str, revision: str) -> str | None:
        for name in self.repos[repo_id]:
            if revision in (name, commit_of(repo_id, name)):
                return name
        return None


class Handler(BaseHTTPRequestHandler):
    hub: Hub

    def log_message(self, *args):  # quiet: the test output is the estimator's
        pass

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def error(self, status: int, code: str, commit: str | None = None):
        self.send_response(status)
        self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", code)
        if commit:
            self.send_header("X-Repo-Commit", commit)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def answer(self, head: bool):
        hub_state = self.hub
        url = urlsplit(self.path)
        if url.path.startswith("/api/agent-harnesses"):  # huggingface_hub's own (see `server`): not found
            return self.error(404, "NotFound")
        hub_state.requests.append((self.command, url.path, self.headers.get("Range")))
        api_match = re.match(r"^/api/models/([^/]+/[^/]+)/revision/([^/]+)$", url.path)
        file_match = re.match(r"^/([^/]+/[^/]+)/resolve/([^/]+)/(.+)$", url.path)
        match = api_match or file_match
        if not match:
            return self.error(404, "NotFound")
        repo_id, revision = match.group(1), unquote(match.group(2))
        if repo_id not in hub_state.repos:
            return self.error(401, "RepoNotFound")
        if repo_id in hub_state.gated and self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self.error(401, "GatedRepo")
        name = hub_state.revision(repo_id, revision)
        if name is None:
            return self.error(404, "RevisionNotFound")
        commit = commit_of(repo_id, name)
        files = hub_state.repos[repo_id][name]
        if api_match and not hub_state.listing:
            return self.error(404, "")
        if api_match:
            body = json.dumps({"id": repo_id, "sha": commit, "private": False,
                               "siblings": [{"rfilename": path, "size": size} for path, (_, size) in files.items()]})
            return self.send_body(body.encode(), commit, head)
        path = unquote(file_match.group(3))
        if path not in files:
            return self.error(404, "EntryNotFound", commit)
        held, size = files[path]
        wanted = re.match(r"^bytes=(\d+)-(\d+)$", self.headers.get("Range") or "")
        if wanted and hub_state.ranges and not head:
            start, end = int(wanted.group(1)), min(int(wanted.group(2)), size - 1)
            if start >= size:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            chunk = held[start:end + 1] + bytes(max(0, end + 1 - max(start, len(held))))
            hub_state.sent[(repo_id, path)] = hub_state.sent.get((repo_id, path), 0) + len(chunk)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.send_common(commit, held, len(chunk))
            self.wfile.write(chunk)
            return
        self.send_response(200)
        self.send_common(commit, held, size)
        if head:
            return
        block = 1 << 20  # the whole file, a block at a time, until the client hangs up
        with hub_state.idle:
            hub_state.writers += 1
        try:
            self.send_blocks(repo_id, path, held, size, block)
        finally:
            with hub_state.idle:
                hub_state.writers -= 1
                hub_state.idle.notify_all()

    def send_blocks(self, repo_id: str, path: str, held: bytes, size: int, block: int):
        hub_state = self.hub
        try:
            for start in range(0, size, block):
                present = held[start:start + block]
                chunk = present + bytes(min(block, size - start) - len(present))
                self.wfile.write(chunk)
                hub_state.sent[(repo_id, path)] = hub_state.sent.get((repo_id, path), 0) + len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_common(self, commit: str, held: bytes, length: int):
        self.send_header("X-Repo-Commit", commit)
        self.send_header("ETag", f'"{hashlib.sha1(held).hexdigest()}"')
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def send_body(self, body: bytes, commit: str, head: bool):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_common(commit, body, len(body))
        if not head:
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    state = Hub()
    handler = type("BoundHandler", (Handler,), {"hub": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # shutdown() waits for the serving loop to look at its flag: every 0.05 s, not the default 0.5 s
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.endpoint = f"http://127.0.0.1:{httpd.server_address[1]}"
    # huggingface_hub reads HF_ENDPOINT once, when imported: whatever it asks on its own (its
    # user agent fetches an agent-harness registry) must reach this server, never the internet
    patch = pytest.MonkeyPatch()
    patch.setattr(hf_constants, "ENDPOINT", state.endpoint)
    patch.setattr(hf_constants, "HUGGINGFACE_CO_URL_TEMPLATE",
                  state.endpoint + "/{repo_id}/resolve/{revision}/{filename}")
    yield state
    patch.undo()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def online(server, monkeypatch, tmp_path):
    """The estimator pointed at the loopback Hub, with an empty cache of its own."""
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_TOKEN", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.chdir(tmp_path)
    server.quiet()
    server.requests.clear()
    server.sent.clear()
    server.ranges = True
    server.listing = True
    return server


@functools.cache
def config_params(config: str) -> int:
    """The params of a repository's config.json, estimated once for the tests that compare with it."""
    return api.estimate(config)["params"]


def without_names(value):
    """A result without what names its input (the repo id or the path): the figures stay."""
    if isinstance(value, dict):
        return {k: without_names(v) for k, v in value.items()
                if k not in ("name", "spec", "file", "source", "notes", "summary")}
    if isinstance(value, list):
        return [without_names(v) for v in value]
    return value


CONFIG_REPOS = [repo_id for repo_id, entry in REPOS["repos"].items() if "config" in entry and not entry.get("gated")]
COUNT_CASES = [(repo_id, entry["local"]) for repo_id, entry in REPOS["repos"].items() if "local" in entry] + [
    ("tiny-org/tiny-llama-GGUF/tiny-llama.gguf", "files/tiny-llama.gguf"),
    ("tiny-org/tiny-llama-GGUF/split/tiny-llama-00001-of-00003.gguf",
     "files/tiny-llama-split-gguf/tiny-llama-00001-of-00003.gguf"),
    ("tiny-org/tiny-llama-GGUF@main/split", "files/tiny-llama-split-gguf"),
]


# ---------------------------------------------------------------- what a repo id is


@pytest.mark.parametrize("text, expected", [
    ("Qwen/Qwen3-8B", ("Qwen/Qwen3-8B", None, None)),
    ("Qwen/Qwen3-8B@main", ("Qwen/Qwen3-8B", "main", None)),
    ("org/name@v1.0", ("org/name", "v1.0", None)),
    ("org/name@refs/pr/12", ("org/name", "refs/pr/12", None)),
    ("meta-llama/Llama-3.1-8B@" + "a" * 40, ("meta-llama/Llama-3.1-8B", "a" * 40, None)),
])
def test_a_spec_repo_id_is_org_name_and_a_revision(text, expected):
    ref = hub.parse_repo(text)
    assert ref is not None and (ref.repo_id, ref.revision, ref.file) == expected


@pytest.mark.parametrize("text, expected", [
    ("org/name/model-Q4_K_M.gguf", ("org/name", None, "model-Q4_K_M.gguf")),
    ("org/name@v1/sub/model.safetensors", ("org/name", "v1", "sub/model.safetensors")),
    ("org/name@refs/pr/3/model.gguf", ("org/name", "refs/pr/3", "model.gguf")),
])
def test_a_file_repo_id_may_name_a_file_in_the_repository(text, expected):
    ref = hub.parse_repo(text, with_file=True)
    assert ref is not None and (ref.repo_id, ref.revision, ref.file) == expected
    assert hub.parse_repo(text) is None  # a SPEC is the repository itself


@pytest.mark.parametrize("text", ["gpt2", "llama-2-7b", "org/", "/org/name", "./org/name", "../org/name", "~/org/name",
                                  "org/name@", "org/na me", "org--x/name", "-org/name", "org/name.", "org/..",
                                  "models/my.yaml", "org/name/../x", "org\\name", "org/name@bad rev"])
def test_what_is_not_a_repo_id_stays_a_path(text):
    assert hub.parse_repo(text) is None


def test_a_local_path_wins_over_a_repo_id_of_the_same_spelling(online, capsys):
    folder = Path("tiny-org/tiny-mixtral")
    folder.mkdir(parents=True)
    (folder / "config.json").write_text((FIXTURES / "hf/qwen3-0.6b/config.json").read_text())
    assert run_json(capsys, "estimate", "tiny-org/tiny-mixtral")["params"] == api.estimate(
        str(FIXTURES / "hf/qwen3-0.6b/config.json"))["params"]
    assert online.requests == []


# ---------------------------------------------------------------- SPEC: the cache, then the Hub


@pytest.mark.parametrize("repo_id", CONFIG_REPOS)
def test_a_repo_id_estimates_like_its_config_json_fetched_then_cached(online, capsys, monkeypatch, repo_id):
    config = FIXTURES / REPOS["repos"][repo_id]["config"]
    local = run_json(capsys, "estimate", str(config))
    remote = run_json(capsys, "estimate", repo_id)
    assert without_names(remote) == without_names(local)
    assert remote["name"] == repo_id
    # config.json only, through huggingface_hub, into the cache in its layout
    fetched = {path for method, path, _ in online.requests if method == "GET"}
    assert fetched == {f"/{repo_id}/resolve/main/config.json"}
    folder = Path(hub.cache_dir()) / f"models--{repo_id.replace('/', '--')}"
    commit = (folder / "refs" / "main").read_text()
    assert (folder / "snapshots" / commit / "config.json").read_bytes() == config.read_bytes()
    # the second time, the cache alone: no request, and the same figures
    online.requests.clear()
    assert run_json(capsys, "estimate", repo_id) == remote
    assert online.requests == []


@pytest.fixture
def offline_cache(online, monkeypatch):
    """A cache huggingface_hub filled from the loopback Hub, then the Hub switched off."""
    for repo_id in CONFIG_REPOS:
        huggingface_hub.hf_hub_download(repo_id, "config.json", cache_dir=str(hub.cache_dir()),
                                        endpoint=online.endpoint)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    online.requests.clear()
    return online


COMMANDS = [
    ["estimate", "{spec}", "--context", "64"],
    ["shapes", "{spec}"],
    ["formula", "{spec}", "--free", "hidden_size,intermediate_size"],
    ["sweep", "{spec}", "--grid", "num_hidden_layers=1,2,3"],
    ["solve", "{spec}", "--target", "params={params}", "--for", "num_hidden_layers"],
    ["validate", "{spec}"],
    ["diff", "{spec}", "{config}"],
]


@pytest.mark.parametrize("repo_id", CONFIG_REPOS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_cache_huggingface_hub_filled_is_read_offline_by_every_command(offline_cache, capsys, repo_id, command):
    config = str(FIXTURES / REPOS["repos"][repo_id]["config"])
    params = config_params(config) + 1
    local = run_json(capsys, *[word.format(spec=config, config=config, params=params) for word in command])
    cached = run_json(capsys, *[word.format(spec=repo_id, config=config, params=params) for word in command])
    assert without_names(cached) == without_names(local)
    assert offline_cache.requests == []


@pytest.mark.parametrize("repo_id", CONFIG_REPOS)
def test_convert_writes_the_yaml_of_a_cached_repository(offline_cache, capsys, repo_id, tmp_path):
    config = str(FIXTURES / REPOS["repos"][repo_id]["config"])
    assert main(["convert", repo_id, "-o", "hub.yaml"]) == 0
    assert main(["convert", config, "-o", "local.yaml"]) == 0
    capsys.readouterr()
    assert run_json(capsys, "estimate", "hub.yaml")["params"] == run_json(capsys, "estimate", "local.yaml")["params"]
    assert f"from {repo_id}/config.json" in Path("hub.yaml").read_text()


def test_a_revision_is_read_at_its_own_commit(online, capsys):
    main_params = run_json(capsys, "estimate", "tiny-org/tiny-mixtral")["params"]
    old = run_json(capsys, "estimate", "tiny-org/tiny-mixtral@old")
    assert old["name"] == "tiny-org/tiny-mixtral@old"
    assert old["hyperparameters"]["num_hidden_layers"] == 1 and old["params"] < main_params
    commit = commit_of("tiny-org/tiny-mixtral", "old")
    assert run_json(capsys, "estimate", f"tiny-org/tiny-mixtral@{commit}")["params"] == old["params"]
    folder = Path(hub.cache_dir()) / "models--tiny-org--tiny-mixtral"
    assert (folder / "refs" / "old").read_text() == commit
    # a pull request's revision holds slashes: quoted in the URL, a folder under refs/ in the cache
    assert run_json(capsys, "estimate", "tiny-org/tiny-mixtral@refs/pr/1")["params"] == old["params"]
    assert (folder / "refs" / "refs" / "pr" / "1").read_text() == commit_of("tiny-org/tiny-mixtral", "refs/pr/1")
    assert run_json(capsys, "count", "tiny-org/tiny-mixtral@refs/pr/1/model.safetensors")["params"] == main_params


def test_a_cache_filled_by_commit_without_refs_is_read(online, capsys, monkeypatch):
    commit = commit_of("tiny-org/tiny-mixtral", "main")
    huggingface_hub.hf_hub_download("tiny-org/tiny-mixtral", "config.json", revision=commit,
                                    cache_dir=str(hub.cache_dir()), endpoint=online.endpoint)
    folder = Path(hub.cache_dir()) / "models--tiny-org--tiny-mixtral"
    assert not (folder / "refs" / "main").exists()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    config = str(FIXTURES / REPOS["repos"]["tiny-org/tiny-mixtral"]["config"])
    assert run_json(capsys, "estimate", "tiny-org/tiny-mixtral")["params"] == config_params(config)
    assert run_json(capsys, "estimate", f"tiny-org/tiny-mixtral@{commit}")["params"] == config_params(config)


def test_offline_without_the_cache_says_what_to_do(online, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    code, out, err = run(capsys, "estimate", "tiny-org/tiny-mixtral")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "HF_HUB_OFFLINE" in err and "not in the Hugging Face cache" in err
    assert online.requests == []


def test_without_the_hub_extra_one_line_says_to_install_it(online, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "huggingface_hub", None)  # `import huggingface_hub` fails
    code, out, err = run(capsys, "estimate", "tiny-org/tiny-mixtral")
    assert code == 2 and err.count("\n") == 1
    assert "pip install 'estimator[hub]'" in err
    code, _, err = run(capsys, "count", "tiny-org/tiny-llama")
    assert code == 2 and "pip install 'estimator[hub]'" in err


def test_without_the_network_one_line_says_so(online, capsys, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    code, _, err = run(capsys, "estimate", "tiny-org/tiny-mixtral")
    assert code == 2 and err.count("\n") == 1
    assert "cannot be reached" in err and "HF_ENDPOINT" in err


@pytest.mark.parametrize("argv, message", [
    (["estimate", "tiny-org/no-such-model"], "no repository tiny-org/no-such-model on the Hub"),
    (["estimate", "tiny-org/tiny-mixtral@no-such-branch"], "has no revision 'no-such-branch'"),
    (["estimate", "tiny-org/tiny-llama"], "has no file config.json"),
    (["count", "tiny-org/no-such-model"], "no repository tiny-org/no-such-model on the Hub"),
    (["count", "tiny-org/tiny-llama/nothing.gguf"], "has no file or folder nothing.gguf"),
    (["count", "tiny-org/tiny-llama-GGUF"], "several model files .*give one of them"),
])
def test_a_missing_repository_revision_or_file_is_one_line(online, capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert re.search(message, err), err


def test_a_gated_repository_asks_for_a_token_and_reads_with_one(online, capsys, monkeypatch):
    for argv in (["estimate", "tiny-org/gated-mixtral"], ["count", "tiny-org/gated-mixtral"]):
        code, _, err = run(capsys, *argv)
        assert code == 2 and err.count("\n") == 1
        assert "gated" in err and "HF_TOKEN" in err and "huggingface-cli login" in err
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    config = str(FIXTURES / REPOS["repos"]["tiny-org/gated-mixtral"]["config"])
    assert without_names(run_json(capsys, "estimate", "tiny-org/gated-mixtral")) == without_names(
        run_json(capsys, "estimate", config))
    assert run_json(capsys, "count", "tiny-org/gated-mixtral")["params"] == config_params(config)


# ---------------------------------------------------------------- FILE: headers by byte ranges


@pytest.mark.parametrize("argument, local", COUNT_CASES, ids=[c[0] for c in COUNT_CASES])
def test_a_remote_checkpoint_counts_like_its_local_files(online, capsys, argument, local):
    local_result = run_json(capsys, "count", str(FIXTURES / local))
    remote = run_json(capsys, "count", argument)
    assert without_names(remote) == without_names(local_result)
    assert remote["file"].startswith(argument.split("/split")[0].split("@")[0])
    local_text = run(capsys, "count", str(FIXTURES / local))[1]
    remote_text = run(capsys, "count", argument)[1]
    assert len(remote_text.splitlines()) == len(local_text.splitlines())
    # every model file was read by ranges, and the cache was left alone
    assert all(rng for method, path, rng in online.requests if method == "GET" and "/resolve/" in path)
    assert not Path(hub.cache_dir()).exists()


@pytest.mark.parametrize("argument, local", [case for case in COUNT_CASES if not case[0].endswith("/split")],
                         ids=[c[0] for c in COUNT_CASES if not c[0].endswith("/split")])
def test_a_server_without_a_listing_is_read_by_file_names(online, capsys, argument, local):
    online.listing = False
    assert without_names(run_json(capsys, "count", argument)) == without_names(
        run_json(capsys, "count", str(FIXTURES / local)))
    assert any(path.startswith("/api/") for _, path, _ in online.requests)  # asked, refused, then by name


def test_without_a_listing_a_repository_of_gguf_files_needs_the_file_named(online, capsys):
    online.listing = False
    code, _, err = run(capsys, "count", "tiny-org/tiny-llama-GGUF")
    assert code == 2 and err.count("\n") == 1 and "name the model file" in err


def test_counting_reads_the_headers_never_the_weights(online, capsys):
    repo = online.repos["Qwen/Qwen3-8B"]["main"]
    config = FIXTURES / REPOS["repos"]["Qwen/Qwen3-8B"]["config"]
    result = run_json(capsys, "count", "Qwen/Qwen3-8B")
    assert result["format"] == "safetensors, 2 shards"
    assert result["params"] == config_params(str(config)) == 8_190_735_360
    stored = sum(size for path, (_, size) in repo.items() if path.endswith(".safetensors"))
    sent = sum(count for (repo_id, _), count in online.sent.items() if repo_id == "Qwen/Qwen3-8B")
    headers = sum(len(held) for path, (held, _) in repo.items())
    assert stored > 16 * 10**9 and sent <= headers + 2 * hub.READ_AHEAD


def test_a_cached_snapshot_with_the_weights_is_counted_offline(online, capsys, monkeypatch):
    for path in REPOS["repos"]["tiny-org/tiny-llama-sharded"]["files"]:
        huggingface_hub.hf_hub_download("tiny-org/tiny-llama-sharded", path, cache_dir=str(hub.cache_dir()),
                                        endpoint=online.endpoint)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    online.requests.clear()
    local = run_json(capsys, "count", str(FIXTURES / "files/tiny-llama-sharded"))
    assert without_names(run_json(capsys, "count", "tiny-org/tiny-llama-sharded")) == without_names(local)
    assert online.requests == []


def test_diff_compares_a_spec_with_a_remote_checkpoint(online, capsys):
    spec = str(FIXTURES / "files/tiny-llama.yaml")
    local = run_json(capsys, "diff", spec, str(FIXTURES / "files/tiny-llama-sharded"))
    remote = run_json(capsys, "diff", str(FIXTURES / "files/tiny-llama.yaml"), "tiny-org/tiny-llama-sharded")
    assert remote["match"] and without_names(remote) == without_names(local)
    # a repository's config.json against its own weights, both from the Hub
    both = run_json(capsys, "diff", "tiny-org/tiny-mixtral", "tiny-org/tiny-mixtral")
    assert both["match"] and both["spec"] == "tiny-org/tiny-mixtral"
    code, out, _ = run(capsys, "diff", "gpt2", "tiny-org/tiny-llama")
    assert code == 1 and "mismatch" in out


def test_a_server_without_byte_ranges_gives_a_header_start_never_the_weights(online, capsys):
    online.ranges = False  # every GET answers 200 with the whole file
    expected = config_params(str(FIXTURES / REPOS["repos"]["Qwen/Qwen3-8B"]["config"]))
    assert run_json(capsys, "count", "Qwen/Qwen3-8B")["params"] == expected  # each header lies in its first block
    online.quiet()
    assert sum(online.sent.values()) < 256 * 2**20  # of 16 GB offered: the reader hung up after its block
    repo = hub.remote_repo(hub.parse_repo("Qwen/Qwen3-8B"))
    with pytest.raises(hub.EstimatorError, match="does not serve byte ranges"):
        repo.file("model-00001-of-00002.safetensors")._fetch(100, 10)  # past the start: refused, not read through


def test_a_header_that_never_ends_is_cut_at_the_remote_bound(online, capsys, monkeypatch):
    monkeypatch.setattr(hub, "MAX_REMOTE_BYTES", 100_000)  # reading the tiny GGUF asks for more (1 MiB blocks)
    code, _, err = run(capsys, "count", "tiny-org/tiny-llama-GGUF/tiny-llama.gguf")
    assert code == 2 and err.count("\n") == 1 and "not read further" in err
    assert online.sent.get(("tiny-org/tiny-llama-GGUF", "tiny-llama.gguf"), 0) <= 100_000


# ---------------------------------------------------------------- the README's Hub commands


README_HUB = (ROOT / "README.md").read_text().split("### From the Hugging Face Hub", 1)[-1].split("\n## ", 1)[0]
README_COMMANDS = [line.split("#")[0].strip() for block in re.findall(r"```shell\n(.*?)```", README_HUB, re.S)
                   for line in block.splitlines() if line.startswith("estimator ")]


def test_the_readme_shows_hub_commands():
    assert len(README_COMMANDS) >= 4


@pytest.mark.parametrize("command", README_COMMANDS)
def test_the_readme_hub_commands_run_against_the_loopback_hub(online, command):
    argv = shlex.split(command)[1:]
    if "-o" in argv:
        argv[argv.index("-o") + 1] = "out.yaml"
    assert main(argv) == 0
