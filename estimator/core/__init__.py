"""The core: the one error type, safe expressions, strict file readers."""
