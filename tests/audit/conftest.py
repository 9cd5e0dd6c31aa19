"""Audit's test fixtures. `audit_testkit` (next to this file) holds the roster-event
builder, the clock the tests move, and the settings helper."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# A module name of its own, so that it cannot clash with other services' test helpers.
sys.path.insert(0, str(Path(__file__).parent))

from audit_testkit import Clock, audit_settings


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(new_database, kafka, topic_prefix):
    return audit_settings(new_database("audit"), kafka, topic_prefix)
