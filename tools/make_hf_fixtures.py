#!/usr/bin/env python3
"""Write tests/fixtures/hf/<case>/ for every family (dev-only; see tools/hf_fixture_lib.py).

    /work/venv-ref/bin/python tools/make_hf_fixtures.py [FAMILY ...]

Each family's cases live in tools/hf_cases/<model_type>.py as a CASES list of
make_case(...) keyword dicts: the family's defaults (an almost empty config), at least one
published config, and variants that flip every option the template reads.
"""
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hf_fixture_lib import make_case  # noqa: E402

CASES_DIR = Path(__file__).resolve().parent / "hf_cases"


def main(families: list[str]) -> int:
    names = families or sorted(p.stem for p in CASES_DIR.glob("*.py") if not p.stem.startswith("_"))
    for family in names:
        module = importlib.import_module(f"hf_cases.{family}")
        for case in module.CASES:
            make_case(**case)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
