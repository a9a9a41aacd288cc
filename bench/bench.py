"""Speed of estimator, measured side by side in one run.

    python3 bench/bench.py [--runs 7] [--all-bundled]

Prints, each the median of --runs fresh processes run alternately with `python -c "import yaml"`
(and the median of the per-run ratios to it), the start-up figures of issue 20:
- `estimate llama-2-7b` (a bundled spec; target: at most 3x import yaml), also with the cache
  of parsed YAML turned off (ESTIMATOR_NO_CACHE=1: every file parsed, as on a first run);
- `estimate` of Llama-2-7B's config.json (a family template), and of a 10,000-layer spec;
- `count` of a sharded safetensors folder and of one safetensors file (headers of Llama-2-7B's
  shapes, the data a hole: no disk used; target: at most 2x import yaml);
then a 10-layer vs a 10,000-layer spec (symbolic repeat: ~1x); a 100,000-point CSV sweep of
llama-2-7b against one estimate of it (target: at most 3x), and the sweep's points per second
once started (in-process, after compiling); with --all-bundled, every bundled `estimate`; and,
when a Python with torch and transformers is found (--torch-python, optional, never required):
our estimate of Llama-2-70B from its config.json against building the model on PyTorch's meta
device and counting (accelerate estimate-memory's method), and a 1,000-point sweep against
1,000 such instantiations.

The commands run with a cache directory of their own (ESTIMATOR_CACHE_DIR), filled by one run
of each before the timing: a user's second run on, as a user sees it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from estimator.spec.model import bundled_architectures  # noqa: E402

DEEP_SPEC = """\
name: deep-{layers}
hyperparameters: {{vocab: 32000, hidden: 4096, heads: 32, intermediate: 11008, layers: {layers}}}
model:
  - {{name: embed, type: embedding, num_embeddings: vocab, embedding_dim: hidden}}
  - name: layers
    repeat: layers
    children:
      - {{name: attn, type: attention, hidden_size: hidden, num_heads: heads}}
      - {{name: mlp, type: gated_mlp, hidden_size: hidden, intermediate_size: intermediate}}
      - {{name: norm1, type: rmsnorm, normalized_shape: hidden}}
      - {{name: norm2, type: rmsnorm, normalized_shape: hidden}}
  - {{name: head, type: linear, in_features: hidden, out_features: vocab, bias: false}}
"""


ENV = dict(os.environ)  # the commands' environment: main() gives them a cache directory of their own


def run_seconds(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env or ENV)
    return time.perf_counter() - start


def compare(first: list[str], second: list[str], runs: int, env: dict | None = None) -> tuple[float, float, float]:
    """Median seconds of each command and the median of their per-run ratios, the two run
    alternately so that both see the same load (this machine's timings drift). ``env``: the
    second command's environment."""
    pairs = [(run_seconds(first), run_seconds(second, env)) for _ in range(runs)]
    return (statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs),
            statistics.median(b / a for a, b in pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--all-bundled", action="store_true", help="also every bundled architecture's estimate")
    parser.add_argument("--torch-python", metavar="PATH",
                        help="a Python with torch and transformers, for the meta-device comparison (optional)")
    args = parser.parse_args()
    python = sys.executable
    # An installed package has its bytecode compiled by pip; this checkout may not
    # (PYTHONDONTWRITEBYTECODE), so compile it once, as an install would.
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "estimator")], check=True)
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()},"
          f" {platform.system()}, {os.cpu_count()} cores; each figure the median of {args.runs} alternating runs")
    importing = [python, "-c", "import yaml"]
    estimator = [python, "-m", "estimator"]
    with tempfile.TemporaryDirectory() as folder:
        ENV["ESTIMATOR_CACHE_DIR"] = str(Path(folder, "cache"))
        ENV.pop("ESTIMATOR_NO_CACHE", None)
        shallow, deep = Path(folder, "deep-10.yaml"), Path(folder, "deep-10000.yaml")
        shallow.write_text(DEEP_SPEC.format(layers=10))
        deep.write_text(DEEP_SPEC.format(layers=10000))
        sharded, single = write_safetensors(Path(folder, "llama-2-7b-sharded"), 2), write_safetensors(
            Path(folder, "llama-2-7b-single"), 1)
        config = ROOT / "tests" / "fixtures" / "hf" / "llama-2-7b" / "config.json"
        uncached = {**ENV, "ESTIMATOR_NO_CACHE": "1"}
        rows = [  # (label, command, environment, target ratio to import yaml)
            ("estimate llama-2-7b", estimator + ["estimate", "llama-2-7b"], None, 3.0),
            ("  the same, cache off", estimator + ["estimate", "llama-2-7b"], uncached, None),
            ("estimate config.json (Llama-2-7B)", estimator + ["estimate", str(config)], None, None),
            ("estimate 10,000-layer spec", estimator + ["estimate", str(deep)], None, None),
            ("count sharded safetensors (2 shards)", estimator + ["count", str(sharded)], None, 2.0),
            ("count one safetensors file", estimator + ["count", str(single)], None, 2.0),
        ]
        for _, command, env, _ in rows:  # fills the cache; checks that each command works
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env or ENV)
        base_seconds = []
        for label, command, env, target in rows:
            base, seconds, ratio = compare(importing, command, args.runs, env)
            base_seconds.append(base)
            wanted = f"  (target <= {target:g}x)" if target else ""
            print(f"{label:40s} {seconds:7.3f} s   {ratio:5.2f}x import yaml{wanted}")
        label = 'python3 -c "import yaml"'
        print(f"{label:40s} {statistics.median(base_seconds):7.3f} s   (the median over the rows above)")
        t10, t10k, ratio = compare(estimator + ["estimate", str(shallow)], estimator + ["estimate", str(deep)], args.runs)
        print(f"{'estimate 10-layer spec':40s} {t10:7.3f} s")
        print(f"{'estimate 10,000-layer spec':40s} {t10k:7.3f} s   {ratio:5.2f}x the 10-layer one (target ~1)")

        one, sweep, ratio = compare(estimator + ["estimate", "llama-2-7b"],
                                    estimator + ["sweep", "llama-2-7b", "--grid", "hidden_size=128:12800000:128",
                                                 "--format", "csv"], args.runs)
        print(f"{'sweep llama-2-7b, 100,000 points, csv':40s} {sweep:7.3f} s   {ratio:5.2f}x one estimate (target <= 3x)")
        print(f"{'sweep points per second once started':40s} {points_per_second():11,.0f}")
        if args.all_bundled:
            worst = 0.0
            for name in bundled_architectures():
                base, seconds, ratio = compare(importing, estimator + ["estimate", name], args.runs)
                worst = max(worst, ratio)
                print(f"{'estimate ' + name:40s} {seconds:7.3f} s   {ratio:5.2f}x import yaml")
            print(f"{'worst bundled estimate / import yaml':40s} {'':9s}   {worst:5.2f}x  (target <= 3x)")
        against_meta_instantiation(args.torch_python, args.runs)


def write_safetensors(folder: Path, shards: int) -> Path:
    """Llama-2-7B's tensors as bf16 safetensors, in ``shards`` files (with an index when more
    than one): real headers, the data a hole (a sparse file, no disk used); the folder, or
    the file when there is one."""
    from estimator import api

    tensors = [t for t in api.shapes("llama-2-7b")["tensors"] if t["persistent"] and t["tied_to"] is None]
    folder.mkdir()
    per_shard = -(-len(tensors) // shards)
    weight_map = {}
    names = [f"model-{i + 1:05d}-of-{shards:05d}.safetensors" if shards > 1 else "model.safetensors"
             for i in range(shards)]
    for name, start in zip(names, range(0, len(tensors), per_shard)):
        header, offset = {}, 0
        for tensor in tensors[start:start + per_shard]:
            size = 2 * tensor["numel"]
            header[tensor["name"]] = {"dtype": "BF16", "shape": tensor["shape"], "data_offsets": [offset, offset + size]}
            weight_map[tensor["name"]] = name
            offset += size
        raw = json.dumps(header).encode()
        with open(folder / name, "wb") as handle:
            handle.write(len(raw).to_bytes(8, "little") + raw)
            handle.truncate(8 + len(raw) + offset)  # the data: a hole
    if shards == 1:
        return folder / names[0]
    (folder / "model.safetensors.index.json").write_text(json.dumps({"metadata": {}, "weight_map": weight_map}))
    return folder


LLAMA_2_70B = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 32000,
               "hidden_size": 8192, "intermediate_size": 28672, "num_hidden_layers": 80,
               "num_attention_heads": 64, "num_key_value_heads": 8, "max_position_embeddings": 4096}
META_COUNT = """
import sys, time, torch, transformers
config = transformers.LlamaConfig(**{k: v for k, v in %r.items() if k not in ("model_type", "architectures")})
repeats = int(sys.argv[1])
start = time.perf_counter()
for _ in range(repeats):
    with torch.device("meta"):  # accelerate estimate-memory's method: build on meta, count
        model = transformers.LlamaForCausalLM(config)
    total = sum(p.numel() for p in model.parameters())
print(total, (time.perf_counter() - start) / repeats)
"""


def against_meta_instantiation(torch_python: str | None, runs: int) -> None:
    """Llama-2-70B: our estimate vs instantiating it on PyTorch's meta device (optional)."""
    candidates = [torch_python] if torch_python else [sys.executable, "/work/venv-ref/bin/python"]
    python = next((c for c in candidates if c and Path(c).exists() and subprocess.run(
        [c, "-c", "import torch, transformers"], capture_output=True).returncode == 0), None)
    if python is None:
        print("(torch and transformers not found: meta-device comparison skipped; --torch-python PATH)")
        return
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder, "config.json")
        config.write_text(json.dumps(LLAMA_2_70B))
        ours = [sys.executable, "-m", "estimator", "estimate", str(config)]
        script = Path(folder, "meta.py")
        script.write_text(META_COUNT % (LLAMA_2_70B,))
        theirs = [python, str(script), "1"]
        estimate, instantiate, ratio = compare(ours, theirs, max(3, runs // 2))
        done = subprocess.run([python, str(script), "5"], capture_output=True, text=True, check=True)
        total, per_model = done.stdout.split()
        ours_total = json.loads(subprocess.run(ours + ["--format", "json"], capture_output=True, text=True, cwd=ROOT,
                                               check=True).stdout)["params"]
        points = Path(folder, "points.csv")
        points.write_text("num_hidden_layers\n" + "".join(f"{40 + i % 80}\n" for i in range(1000)))
        sweep = statistics.median(run_seconds([sys.executable, "-m", "estimator", "sweep", str(config), "--points",
                                               str(points), "--format", "csv"]) for _ in range(3))
    same = "same count" if int(total) == ours_total else f"DIFFERENT counts: {int(total):,} vs {ours_total:,}"
    print(f"{'estimate Llama-2-70B config.json':40s} {estimate:7.3f} s   ({same}: {ours_total:,})")
    print(f"{'instantiate it on meta (torch)':40s} {instantiate:7.3f} s   {ratio:.1f}x slower, with imports")
    print(f"{'  of which building the model':40s} {float(per_model):7.3f} s   per model, in a warm process")
    print(f"{'sweep of 1,000 points (config.json)':40s} {sweep:7.3f} s")
    print(f"{'1,000 meta instantiations (projected)':40s} {1000 * float(per_model):7.1f} s   "
          f"{1000 * float(per_model) / sweep:.0f}x the sweep")


def points_per_second() -> float:
    """CSV rows per second of a compiled grid sweep, after the spec is loaded and compiled."""
    from estimator import api
    from estimator.engine.sweep import grid_cells
    from estimator.engine.totals import COUNT_KEYS

    spec = api.load("llama-2-7b")
    columns = ["hidden_size", *COUNT_KEYS, "error"]
    cells = grid_cells(spec, {"hidden_size": [4096] + [128 * i for i in range(1, 100_001)]}, None, columns, False)
    first = next(cells)  # compiles the formula
    assert first[1] == 6738415616
    start = time.perf_counter()
    rows = sum(1 for _ in cells)
    return rows / (time.perf_counter() - start)


if __name__ == "__main__":
    main()
