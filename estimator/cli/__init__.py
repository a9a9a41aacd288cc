"""The command line and rendering (tables, JSON, CSV, Markdown, plots, docs)."""
from estimator.cli.app import main

__all__ = ["main"]
