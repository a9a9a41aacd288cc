"""A long run of the generated-input roads of tests/test_fuzz.py (the CI run does ~20,000).

    python3 bench/bench_fuzz.py                      # 200,000 cases over every road
    python3 bench/bench_fuzz.py --cases 20000 --seed 7 --road set --road points

The cases are shared out over the roads as in the default test run (expressions are
cheap and get the most). Every case runs the CLI in-process; the invariant and the exact
checks are those of the tests. It prints, per road, the cases, the time and cases/s and
the failures, then each failure with its input (exit code 1 if there is any).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_fuzz  # noqa: E402  (the generators and the checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000, help="generated cases in all (default 200,000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generators (the tests use %d)" % test_fuzz.SEED)
    parser.add_argument("--road", action="append", choices=[road.name for road in test_fuzz.ROADS],
                        help="only this road (repeatable)")
    parser.add_argument("--show", type=int, default=3, help="failures shown per road (default 3)")
    args = parser.parse_args()
    roads = [road for road in test_fuzz.ROADS if not args.road or road.name in args.road]
    weight = sum(road.cases for road in roads)
    failures: dict[str, list[str]] = {}
    totals: dict = {}
    total_cases, total_seconds = 0, 0.0
    print(f"{'road':12s} {'cases':>9s} {'seconds':>8s} {'cases/s':>8s} {'exit 0':>7s} {'exit 1':>7s} {'exit 2':>7s}"
          f" {'exact':>7s}  failures")
    with test_fuzz.scratch_folder() as folder:
        for road in roads:
            cases = max(1, round(args.cases * road.cases / weight))
            start = time.perf_counter()
            stats: dict = {}
            failures[road.name] = test_fuzz.run_road(road, cases, Path(folder), seed=args.seed, stop_at_first=False,
                                                     stats=stats)
            seconds = time.perf_counter() - start
            total_cases, total_seconds = total_cases + cases, total_seconds + seconds
            for key, value in stats.items():
                totals[key] = totals.get(key, 0) + value
            print(f"{road.name:12s} {cases:9,d} {seconds:8.1f} {cases / seconds:8,.0f} {_columns(stats)}"
                  f"  {len(failures[road.name])}", flush=True)
    bad = sum(len(f) for f in failures.values())
    print(f"{'all':12s} {total_cases:9,d} {total_seconds:8.1f} {total_cases / total_seconds:8,.0f} {_columns(totals)}"
          f"  {bad}")
    print("(exact: exit 0 with the count checked against an independent computation)")
    for name, found in failures.items():
        for problem in found[: args.show]:
            print(f"\n[{name}] {problem}")
        if len(found) > args.show:
            print(f"\n[{name}] ... and {len(found) - args.show} more")
    print("\nno failure" if not bad else f"\n{bad} failures")
    return 1 if bad else 0


def _columns(stats: dict) -> str:
    return " ".join(f"{stats.get(key, 0):7,d}" for key in ("exit 0", "exit 1", "exit 2", "exact"))


if __name__ == "__main__":
    sys.exit(main())
