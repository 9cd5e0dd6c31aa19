"""Where the launcher keeps things: every downloaded or generated file lives under
an ignored cache folder of the repository (override with LICHTRUC_CACHE_DIR)."""

from __future__ import annotations

import os
from pathlib import Path

# deploy/src/devstack/paths.py -> the repository root is three folders up from here.
REPO_ROOT = Path(__file__).resolve().parents[3]
KAFKA_DESCRIPTOR_DIR = REPO_ROOT / "deploy" / "kafka"


def cache_dir() -> Path:
    return Path(os.environ.get("LICHTRUC_CACHE_DIR", REPO_ROOT / ".cache")).resolve()
