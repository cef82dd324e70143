"""Where weijian keeps its files when no DATABASE_URL is given."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path


def data_dir() -> str:
    """The data folder: `WEIJIAN_DATA_DIR`, else the user's application-data folder.

    Linux: `$XDG_DATA_HOME/weijian` (default `~/.local/share/weijian`);
    Windows: `%LOCALAPPDATA%\\weijian`; macOS: `~/Library/Application Support/weijian`.
    """
    explicit = os.environ.get("WEIJIAN_DATA_DIR")
    if explicit:
        path = Path(explicit)
    elif sys.platform == "win32":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "weijian"
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Application Support" / "weijian"
    else:
        path = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "weijian"
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def secret_key(folder: str) -> str:
    """`WEIJIAN_SECRET_KEY`, else a key generated once and kept in the data folder."""
    key = os.environ.get("WEIJIAN_SECRET_KEY")
    if key:
        return key
    path = Path(folder) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="ascii")
        try:
            path.chmod(0o600)
        except OSError:  # pragma: no cover - filesystems without modes
            pass
    return path.read_text(encoding="ascii").strip()
