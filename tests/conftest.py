import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_fixture(kind: str, name: str) -> dict:
    return json.loads((FIXTURES / kind / f"{name}.json").read_text())
