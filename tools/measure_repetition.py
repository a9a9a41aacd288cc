"""How much the family templates repeat each other (issue 15's measure).

    python3 tools/measure_repetition.py [FOLDER]

A substantive line is one of 30 or more characters (leading and trailing blanks removed)
that is not a comment. The figure is the share of all substantive lines that also appear,
verbatim, in another file of the folder (default: the family templates), and the files
that repeat most.
"""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def substantive_lines(path: Path) -> list[str]:
    lines = []
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if len(line) >= 30 and not line.startswith("#"):
            lines.append(line)
    return lines


def repetition(folder: Path) -> tuple[int, int, dict[str, tuple[int, int]]]:
    by_file = {path.name: substantive_lines(path) for path in sorted(folder.glob("*.yaml"))}
    files_with: dict[str, set] = defaultdict(set)
    for name, lines in by_file.items():
        for line in lines:
            files_with[line].add(name)
    per_file = {}
    total = repeated = 0
    for name, lines in by_file.items():
        shared = sum(1 for line in lines if len(files_with[line]) > 1)
        per_file[name] = (shared, len(lines))
        total += len(lines)
        repeated += shared
    return repeated, total, per_file


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "estimator" / "families"
    if not folder.is_dir():
        folder = ROOT / "estimator" / "data" / "families"
    repeated, total, per_file = repetition(folder)
    print(f"{folder}: {repeated:,} of {total:,} substantive lines ({100 * repeated / max(total, 1):.1f}%)"
          " also appear in another file")
    worst = Counter({name: shared for name, (shared, _) in per_file.items()}).most_common(8)
    for name, shared in worst:
        print(f"  {name:32s} {shared:4d} of {per_file[name][1]:4d} lines repeated elsewhere")


if __name__ == "__main__":
    main()
