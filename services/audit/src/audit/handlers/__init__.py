"""Audit's service layer: consuming roster events into the log and the projections
(`consume`, `projector`), record-time replays, snapshots and the rebuild (`replay`),
inspection findings (`findings`) and the inspectors' questions (`inspect`)."""

from .consume import make_apply, make_apply_batch
from .context import Context

__all__ = ["Context", "make_apply", "make_apply_batch"]
