"""The package is mypy clean (the settings are in pyproject.toml, `[tool.mypy]`).

Runs only where mypy is installed (`pip install '.[test]'` brings it and types-PyYAML).
"""
from importlib import metadata

import pytest

from conftest import ROOT


def test_package_is_mypy_clean(tmp_path):
    api = pytest.importorskip("mypy.api")
    try:
        metadata.distribution("types-PyYAML")
    except metadata.PackageNotFoundError:
        pytest.skip("types-PyYAML is not installed (pip install '.[test]')")
    stdout, stderr, status = api.run([
        "--config-file", str(ROOT / "pyproject.toml"),
        "--cache-dir", str(tmp_path / "mypy-cache"),
        "--no-error-summary",
        str(ROOT / "estimator"),
    ])
    assert status == 0, f"mypy found problems:\n{stdout}{stderr}"
