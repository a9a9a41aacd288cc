"""The symbolic road over every bundled architecture (what tests/test_formula.py,
test_sweep_metrics.py and test_report_page.py do for each), in CPU seconds summed over them.

    python3 bench/bench_symbolic.py            # best of 3 rounds
    python3 bench/bench_symbolic.py --rounds 5

Each round, for every bundled spec: its formula of ``params`` with the default free
hyperparameters (``formula``), every metric of that model as a formula (``metrics``; not
``activation_bytes``, which a convolutional model does not declare), and the
review page's figures (``page``, without the HTML). sympy's cache is cleared before each round,
so a round costs what one command does. CPU time with process_time: compare two trees by
running them one after the other, twice.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# this tree's package, whatever is installed: two trees side by side compare their engines
sys.path[:0] = [str(ROOT)]

from sympy.core.cache import clear_cache  # noqa: E402

from estimator import api  # noqa: E402
from estimator.cli.page import Review  # noqa: E402
from estimator.engine.formula import default_free, structural_free  # noqa: E402
from estimator.engine.metrics import METRIC_KEYS  # noqa: E402
from estimator.spec.model import bundled_architectures  # noqa: E402
from rounds import best_of, rounds_option  # noqa: E402

STEPS = ("formula", "metrics", "page")


def one_round(names: list[str]) -> dict[str, float]:
    clear_cache()
    spent = dict.fromkeys(STEPS, 0.0)
    for name in names:
        spec = api.load(name)
        start = time.process_time()
        model, _ = structural_free(spec, default_free(spec))
        model.formula("params")
        formula = time.process_time()
        for key in METRIC_KEYS:
            if key != "activation_bytes":  # the default profile's: no figure for a model that declares none
                model.formula(key)
        metrics = time.process_time()
        Review(spec)
        page = time.process_time()
        for step, (begin, end) in zip(STEPS, [(start, formula), (formula, metrics), (metrics, page)]):
            spent[step] += end - begin
    return spent


def main() -> int:
    rounds = rounds_option(__doc__)
    names = sorted(bundled_architectures())
    best = best_of([one_round(names) for _ in range(rounds)])
    print(f"{len(names)} bundled specs, best of {rounds} rounds (CPU s): "
          + ", ".join(f"{step} {best[step]:.2f}" for step in STEPS) + f"; total {sum(best.values()):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
