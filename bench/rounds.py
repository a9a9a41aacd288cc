"""What the bench scripts that time engine steps in rounds share: the ``--rounds`` option, the
Hugging Face config cases of tests/fixtures/hf, and the best time of each step over the rounds."""
from __future__ import annotations

import argparse
from pathlib import Path

CONFIG_CASES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "hf"


def rounds_option(description: str) -> int:
    """The ``--rounds`` given on the command line (default 3)."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best of each step is shown (default 3)")
    return parser.parse_args().rounds


def config_cases() -> list[str]:
    """Each case's config.json, as tests/test_hf.py takes them (the folders with an expected.json)."""
    return sorted(str(path / "config.json") for path in CONFIG_CASES.iterdir() if (path / "expected.json").exists())


def best_of(rounds: list[dict[str, float]]) -> dict[str, float]:
    """The least CPU time of each step over the rounds (the least disturbed by the machine)."""
    return {step: min(spent[step] for spent in rounds) for step in rounds[0]}
