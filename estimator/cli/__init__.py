"""The command line and rendering (tables, JSON, CSV, Markdown, plots, docs)."""
from estimator.cli.main import main

__all__ = ["main"]
