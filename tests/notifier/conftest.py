"""Notifier's test fixtures. `notifier_testkit` (next to this file) holds the event builders,
the fake clock and the in-process SMTP and webhook servers."""

from __future__ import annotations

import sys
from pathlib import Path

# A module name of its own, so that it cannot clash with other services' test helpers.
sys.path.insert(0, str(Path(__file__).parent))
