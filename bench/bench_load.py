"""Reading specs, in CPU seconds: every Hugging Face config case of tests/fixtures/hf loaded as
a SPEC (``api.load``), and YAML texts parsed (``loader._parse``, never the cache).

    python3 bench/bench_load.py            # best of 3 rounds
    python3 bench/bench_load.py --rounds 5

The first round of config loads runs in this new process with an empty cache directory of its
own, as each test worker's does: every family template is parsed and composed in it, so it is
shown apart from the best of the later rounds (templates composed once a process). The YAML
texts are the bundled files and two long ones of the shapes the fuzz roads write (a flow list
of 100,000 numbers; a name/shape listing of 9,000 tensors). Compare two trees by running them
one after the other, twice: this machine's speed drifts.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# this tree's package, whatever is installed: two trees side by side compare their engines
sys.path[:0] = [str(ROOT)]
os.environ["ESTIMATOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="estimator-bench-cache-")  # empty: the first round parses


from estimator import api  # noqa: E402
from estimator.spec import loader  # noqa: E402
from rounds import config_cases, rounds_option  # noqa: E402


def load_round(configs: list[str]) -> float:
    start = time.process_time()
    for config in configs:
        api.load(config)
    return time.process_time() - start


def parse_best(text: str, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        loader._parse(text, "bench.yaml")
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    rounds = rounds_option(__doc__)
    configs = config_cases()
    first = load_round(configs)
    later = min(load_round(configs) for _ in range(rounds))
    print(f"{len(configs):,} config cases loaded, CPU seconds: first round {first:.2f} s,"
          f" later rounds {later:.2f} s (best of {rounds})")
    package = ROOT / "estimator"
    bundled = sorted([package / "layers.yaml", *package.glob("blocks/*.yaml"), *package.glob("families/*.yaml"),
                      *(ROOT / "architectures").glob("*.yaml")])
    texts = {
        f"{len(bundled)} bundled YAML files": [path.read_text() for path in bundled],
        "a flow list of 100,000 numbers": ["{a: [" + ",".join(["2"] * 100_000) + "]}"],
        "a listing of 9,000 tensors": [json.dumps({f"m{i}.w{j}": [i * 7 % 4096, j * 13 % 4096, 3]
                                                   for i in range(3000) for j in range(3)})],
    }
    print(f"YAML parsed, CPU seconds (best of {rounds} rounds each)")
    for name, group in texts.items():
        print(f"  {name:32s} {sum(parse_best(text, rounds) for text in group):6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
