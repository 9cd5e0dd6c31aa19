"""Events of the directive: Readiness checklists (issue 15, part 4). Registered with `lichtruc.events` on import (that
module imports this one at its end), published by roster on the roster topic."""

from __future__ import annotations
