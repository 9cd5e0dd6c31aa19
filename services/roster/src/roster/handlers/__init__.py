"""Roster's service layer: one function per command or query, grouped by concept. Commands
take a UnitOfWork (one transaction: rows + outbox events, committed by its owner); queries
take the Context."""

from .context import Context, UnitOfWork, unit_of_work

__all__ = ["Context", "UnitOfWork", "unit_of_work"]
