"""Service-layer test fixtures: the border defaults the campaign and reference handlers run are
noted on the in-memory store (memory_roster.RecordingStore), and still run."""

from __future__ import annotations

import pytest

from roster.handlers import campaigns, reference

from .memory_roster import record_border_defaults


@pytest.fixture(autouse=True)
def _noted_border_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (campaigns, reference):
        monkeypatch.setattr(module, "apply_border_defaults", record_border_defaults)
