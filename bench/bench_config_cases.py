"""The engine's steps over every Hugging Face config case of tests/fixtures/hf (what
tests/test_hf.py does for each case), in CPU seconds summed over the cases.

    python3 bench/bench_config_cases.py            # best of 3 rounds
    python3 bench/bench_config_cases.py --rounds 5

Each round loads every config.json, expands it, sums it, estimates it and lists its tensors,
timing each step with process_time (CPU time: this machine's load does not count, though its
speed still drifts; compare two trees by running them one after the other, twice).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# this tree's package, whatever is installed: two trees side by side compare their engines
sys.path[:0] = [str(ROOT)]


from estimator import api  # noqa: E402
from estimator.engine import results  # noqa: E402
from estimator.engine.metrics import Assumptions  # noqa: E402
from estimator.engine.totals import compute_totals  # noqa: E402
from rounds import best_of, config_cases, rounds_option  # noqa: E402

STEPS = ("load", "build", "totals", "estimate", "rows")


def one_round(configs: list[str]) -> dict[str, float]:
    spent = dict.fromkeys(STEPS, 0.0)
    for config in configs:
        start = time.process_time()
        spec = api.load(config)
        loaded = time.process_time()
        _, inventory, hyperparameters = results.build(spec)
        built = time.process_time()
        totals = compute_totals(inventory)
        summed = time.process_time()
        results.estimate_result(spec, totals, hyperparameters, inventory, Assumptions().check())
        estimated = time.process_time()
        for _ in results.inventory_rows(inventory)():
            pass
        listed = time.process_time()
        for step, (begin, end) in zip(STEPS, [(start, loaded), (loaded, built), (built, summed),
                                              (summed, estimated), (estimated, listed)]):
            spent[step] += end - begin
    return spent


def main() -> int:
    rounds = rounds_option(__doc__)
    configs = config_cases()
    best = best_of([one_round(configs) for _ in range(rounds)])
    print(f"{len(configs):,} config cases, CPU seconds summed over them (best of {rounds} rounds)")
    for step in STEPS:
        print(f"  {step:10s} {best[step]:6.2f} s")
    print(f"  {'all':10s} {sum(best.values()):6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
