"""Asking the file system about a path a person typed, without ever raising.

``Path.is_file()`` raises on a name longer than the system allows (ENAMETOOLONG) or an
unreadable folder; every SPEC, model file and points file argument goes through here.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


def path_kind(path: str | Path) -> str | None:
    """``"file"``, ``"dir"``, ``"other"`` (a device, a socket), or None: nothing readable there."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # missing, too long, a NUL byte, no permission
        return None
    if stat.S_ISREG(mode):
        return "file"
    return "dir" if stat.S_ISDIR(mode) else "other"
