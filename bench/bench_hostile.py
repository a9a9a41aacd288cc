"""Time and peak memory of rejecting hostile inputs (each must exit 2 with one line).

    python3 bench/bench_hostile.py

Every input runs as its own `python -m estimator` process under /usr/bin/time, so the
figures include start-up; it prints each case, then the slowest rejection and the largest
peak resident memory, next to `estimate gpt2` for scale.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cases(folder: Path) -> dict[str, list[str]]:
    def write(name: str, content: str | bytes) -> str:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return str(path)

    def sparse(name: str, size: int) -> str:
        path = folder / name
        with open(path, "wb") as handle:
            handle.write(b"hidden_size\n")
            handle.truncate(size)  # a hole: no disk used
        return str(path)

    bomb = "a: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))
    return {
        "alias bomb (10^10 nodes)": ["estimate", write("bomb.yaml", bomb)],
        "flow nesting 1,000,000 deep": ["estimate", write("deep.yaml", "a: " + "[" * 10**6 + "]" * 10**6)],
        "block nesting 2,000 deep": ["estimate", write("block.yaml", "".join(" " * i + f"k{i}:\n" for i in range(2000)))],
        "10 MB + 1 file": ["estimate", write("big.yaml", "#" * (10 * 2**20 + 1))],
        "exponent tower": ["estimate", write("pow.yaml", "hyperparameters: {a: 10**10**10**10}\nmodel:\n"
                                                          "  - {name: f, type: linear, in_features: a, out_features: 1}\n")],
        "expression of 100,000 terms": ["estimate", write("long.yaml", "hyperparameters: {a: '" + "+".join(["1"] * 10**5)
                                                           + "'}\nmodel:\n  - {name: f, type: linear, in_features: a, out_features: 1}\n")],
        "repeat 10^12": ["estimate", write("rep.yaml", "model:\n  - {name: f, repeat: 10**12, type: linear, in_features: 1, out_features: 1}\n")],
        "indexed repeat 10^9": ["estimate", write("idx.yaml", "model:\n  - {name: f, repeat: 10**9, index: i, type: linear, in_features: 1, out_features: 1}\n")],
        "listing 10^9 tensors": ["shapes", write("list.yaml", "model:\n  - {name: f, repeat: 10**9, type: linear, in_features: 1, out_features: 1}\n")],
        "grid of 10^12 points": ["sweep", "gpt2", "--grid", "num_layers=1:1000000", "--grid", "hidden_size=1:1000000"],
        "safetensors header length 2^63": ["count", write("h.safetensors", (2**63).to_bytes(8, "little") + b"{}")],
        "safetensors header nested 100,000": ["count", write("n.safetensors", (200000).to_bytes(8, "little") + b"[" * 100000 + b"]" * 100000)],
        "GGUF garbage": ["count", write("g.gguf", b"GGUF" + b"\xff" * 400)],
        "config.json nested 100,000": ["estimate", write("config.json", "[" * 100000 + "]" * 100000)],
        "python tag": ["estimate", write("tag.yaml", "!!python/object/apply:os.system ['true']\n")],
        "pickle .bin": ["count", write("model.bin", b"\x80\x04\x95" + b"\x00" * 100)],
        # round 2 (issue 13)
        "--set num_layers=--1": ["estimate", "gpt2", "--set", "num_layers=--1"],
        "--set num_layers=² (superscript)": ["estimate", "gpt2", "--set", "num_layers=²"],
        "--set tower of fraction powers": ["estimate", "gpt2", "--set", "num_layers=((((3/2)**256)**256)**256)**256"],
        "--set name with newline": ["estimate", "gpt2", "--set", "a\nError: forged=3"],
        "--context 0": ["estimate", "gpt2", "--context", "0"],
        "--batch of 300 digits": ["estimate", "gpt2", "--batch", "9" * 300],
        "solve target 1e999999999": ["solve", "gpt2", "--target", "params=1e999999999", "--for", "hidden_size"],
        "config.json num_hidden_layers -1": ["estimate", write("c1/config.json", '{"model_type": "llama", "num_hidden_layers": -1}')],
        "config.json 5,000-digit integer": ["estimate", write("c2/config.json", '{"model_type": "gpt2", "n_layer": ' + "9" * 5000 + "}")],
        "config.json model_type with newline": ["estimate", write("c3/config.json", '{"model_type": "gpt2\\nError: forged"}')],
        "YAML date as a dimension": ["estimate", write("date.yaml", "model:\n  - {name: f, type: linear, in_features: 2001-12-14, out_features: 1}\n")],
        "a.b beside a with child b": ["estimate", write("dup.yaml", "model:\n  - {name: a.b, type: linear, in_features: 1, out_features: 1}\n"
                                                       "  - {name: a, children: [{name: b, type: linear, in_features: 1, out_features: 1}]}\n")],
        "chained cdiv (a 15,000-bit integer)": ["formula", write("cdiv.yaml", "hyperparameters:\n  h0: 2**255\n" + "".join(
            f"  h{i}: cdiv(h{i - 1}, 1/2**255)\n" for i in range(1, 61)) + "model:\n  - {name: f, type: linear, in_features: 1, out_features: 1}\n")],
        "safetensors shape 2^200 x 2^200": ["count", write("big.safetensors", _safetensors(
            {"a": {"dtype": "F32", "shape": [2**200, 2**200], "data_offsets": [0, 0]}}))],
        "name/shape list dimension 2^300": ["count", write("list.json", json.dumps({"a": [2**300]}))],
        "points file with a NUL byte": ["sweep", "gpt2", "--points", write("nul.csv", b"name,hidden_size\nab\x00c,768\n")],
        "points file of 4 GiB (sparse)": ["sweep", "gpt2", "--points", sparse("huge.csv", 4 * 2**30)],
        "YAML flow list of 5,000,000 items": ["estimate", write("flat.yaml", "a: [" + "1," * (5 * 2**20 - 10) + "1]\n")],
        "grid value of 300 digits": ["sweep", "gpt2", "--grid", "num_layers=" + "9" * 300],
    }


def _safetensors(header: dict) -> bytes:
    raw = json.dumps(header).encode()
    return len(raw).to_bytes(8, "little") + raw


def measure(argv: list[str]) -> tuple[int, float, int, str]:
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "estimator", *argv],
                          capture_output=True, text=True, cwd=ROOT)
    *message, figures = [line for line in done.stderr.strip().splitlines()
                         if not line.startswith("Command exited with non-zero status")]
    seconds, kilobytes = figures.split()
    return done.returncode, float(seconds), int(kilobytes), " / ".join(message)[:100]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        results = {name: measure(argv) for name, argv in cases(Path(folder)).items()}
    _, base_seconds, base_kb, _ = measure(["estimate", "gpt2"])
    for name, (code, seconds, kb, message) in results.items():
        print(f"{name:36s} exit {code}  {seconds:5.2f} s  {kb / 1024:6.1f} MiB  {message}")
    slowest = max(results, key=lambda n: results[n][1])
    largest = max(results, key=lambda n: results[n][2])
    print(f"\nslowest rejection: {slowest} ({results[slowest][1]:.2f} s; `estimate gpt2` takes {base_seconds:.2f} s)")
    print(f"peak memory: {largest} ({results[largest][2] / 1024:.1f} MiB; `estimate gpt2` uses {base_kb / 1024:.1f} MiB)")
    bad = [n for n, r in results.items() if r[0] != 2 or " / " in r[3]]
    print("all rejected with exit 2 and one line" if not bad else f"NOT rejected cleanly: {bad}")


if __name__ == "__main__":
    main()
