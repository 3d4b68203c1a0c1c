"""The only module that knows where files live: user data, backups, logs and bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import appdirs

from .private_files import private_folder

APP_DIR_NAME = "XiangzhenRenda"

# Tests and scripted runs point the data directory elsewhere with this variable.
DATA_DIR_ENV = "XZRD_DATA_DIR"


def data_dir() -> Path:
    """The per-user data directory (created on demand, owner-only: it holds the deputies' personal data)."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(appdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    return private_folder(path)


def default_db_path() -> Path:
    return data_dir() / "renda.db"


def backup_dir(db_path: Path | None = None) -> Path:
    """Backups sit next to the database in a ``backups`` folder unless the user moved them."""
    base = Path(db_path).parent if db_path else data_dir()
    return private_folder(base / "backups")


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resource_root() -> Path:
    """``resources/`` from a source checkout, or from inside a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)
