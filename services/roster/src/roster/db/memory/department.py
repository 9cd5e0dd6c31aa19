"""The Department's profile in memory (service-layer tests)."""

from __future__ import annotations

from ...domain.department import DepartmentProfile
from .state import MemoryState


class MemoryDepartment:
    def __init__(self, state: MemoryState) -> None:
        self.state = state

    async def get(self, *, lock: bool = False) -> DepartmentProfile:
        return self.state.department

    async def save(self, profile: DepartmentProfile) -> None:
        self.state.department = profile
