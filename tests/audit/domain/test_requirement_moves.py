"""A requirement a version moves to another site, duty type or enterprise (pure): each place is judged as roster's
board judges it — the requirement's versions laid on one time line (`lichtruc.coverage.in_force`), each counting
where it says. The place it left keeps it up to the move ("from now on") or never had it (a correction for the
whole campaign); the record stays at its newest place, and a *trace* stands at each place it left."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from audit_testkit import vn

from audit.domain.model import (
    Requirement,
    RequirementVersion,
    apply_requirement,
    remove_requirement,
    requirement_in_force,
    requirement_traces,
    trace_id,
)
from lichtruc.events import DailyWindow, RequirementRemoved, RequirementSet

CAMPAIGN, VNPT, MOBIFONE = (str(uuid.uuid4()) for _ in range(3))
TAN_AN, MOC_HOA = str(uuid.uuid4()), str(uuid.uuid4())
RID = uuid.uuid4()
T1, T2 = vn(2, 5, 12), vn(2, 6)


class History:
    """One requirement's events applied one by one, its traces kept as the projector keeps them."""

    def __init__(self) -> None:
        self.record: Requirement | None = None
        self.traces: dict[str, Requirement] = {}
        self.version = 0

    def set(
        self,
        minimum: int,
        *,
        site: str | None = TAN_AN,
        duty: str = "operations",
        enterprise: str = VNPT,
        applies_from: datetime | None = None,
    ) -> None:
        self.version += 1
        data = RequirementSet(
            requirement_id=RID,
            campaign_id=uuid.UUID(CAMPAIGN),
            enterprise_id=uuid.UUID(enterprise),
            site_id=uuid.UUID(site) if site else None,
            duty_type=duty,
            window=DailyWindow(start_local="00:00", end_local="00:00"),
            minimum=minimum,
            version=self.version,
            applies_from=applies_from,
        )
        self._then(apply_requirement(self.record, data, seq=self.version))

    def remove(self, *, applies_from: datetime | None = None) -> None:
        self.version += 1
        data = RequirementRemoved(
            requirement_id=RID,
            campaign_id=uuid.UUID(CAMPAIGN),
            enterprise_id=uuid.UUID(VNPT),
            version=self.version,
            applies_from=applies_from,
        )
        self._then(remove_requirement(self.record, data, seq=self.version))

    def _then(self, after: Requirement | None) -> None:
        assert after is not None
        for trace in requirement_traces(self.record, after):
            if trace.requirement_id in self.traces or not trace.removed:
                self.traces[trace.requirement_id] = trace
        self.record = after

    def at(self, site: str | None = TAN_AN, duty: str = "operations", enterprise: str = VNPT) -> list[tuple]:
        """What is required at a place: (from, until, minimum) — the record's and its trace's there."""
        assert self.record is not None
        pieces = [
            (p.starts_at, p.ends_at, p.value.minimum)
            for r in (self.record, *self.traces.values())
            if (r.enterprise_id, r.site_id, r.duty_type) == (enterprise, site, duty) and not r.removed
            for p in requirement_in_force(r)
            if p.value is not None
        ]
        return sorted(pieces, key=lambda p: p[0] or datetime.min.replace(tzinfo=T1.tzinfo))


def test_moved_from_now_on_the_old_site_keeps_it_until_then_and_the_new_one_has_it_from_then() -> None:
    h = History()
    h.set(2)
    h.set(1, site=MOC_HOA, applies_from=T1)
    assert h.at(TAN_AN) == [(None, T1, 2)]  # as a removal from T1 on
    assert h.at(MOC_HOA) == [(T1, None, 1)]  # as a creation from T1 on
    assert h.record is not None and (h.record.site_id, h.record.requirement_id) == (MOC_HOA, str(RID))
    [trace] = h.traces.values()
    assert (trace.requirement_id, trace.trace_of, trace.minimum) == (
        trace_id(str(RID), (VNPT, TAN_AN, "operations")),
        str(RID),
        2,
    )


def test_moved_to_another_duty_type_or_enterprise_alike() -> None:
    h = History()
    h.set(2, site=None)
    h.set(3, site=None, duty="patrol", applies_from=T1)
    h.set(4, site=None, duty="patrol", enterprise=MOBIFONE, applies_from=T2)
    assert h.at(None) == [(None, T1, 2)]
    assert h.at(None, "patrol") == [(T1, T2, 3)]
    assert h.at(None, "patrol", MOBIFONE) == [(T2, None, 4)]


def test_moved_as_a_correction_the_old_site_never_had_it_and_the_new_one_has_it_all_campaign() -> None:
    h = History()
    h.set(2)
    h.set(1, site=MOC_HOA)
    assert h.at(TAN_AN) == []
    assert h.at(MOC_HOA) == [(None, None, 1)]
    assert h.traces == {}  # nothing counts where it was: no trace is kept


def test_moved_again_later_each_site_keeps_its_stretch() -> None:
    h = History()
    h.set(2)
    h.set(1, site=MOC_HOA, applies_from=T1)
    h.set(3, site=None, applies_from=T2)
    assert h.at(TAN_AN) == [(None, T1, 2)]
    assert h.at(MOC_HOA) == [(T1, T2, 1)]
    assert h.at(None) == [(T2, None, 3)]


def test_moved_back_the_old_site_has_it_before_and_after_and_its_trace_is_emptied() -> None:
    h = History()
    h.set(2)
    h.set(1, site=MOC_HOA, applies_from=T1)
    h.set(3, site=TAN_AN, applies_from=T2)
    assert h.at(TAN_AN) == [(None, T1, 2), (T2, None, 3)]
    assert h.at(MOC_HOA) == [(T1, T2, 1)]
    assert h.traces[trace_id(str(RID), (VNPT, TAN_AN, "operations"))].removed  # the record counts there now


def test_a_correction_after_a_move_judges_every_place_by_it() -> None:
    h = History()
    h.set(2)
    h.set(1, site=MOC_HOA, applies_from=T1)
    h.set(5, site=TAN_AN)  # a correction back where it was: 5 the whole campaign, Mộc Hóa never
    assert h.at(TAN_AN) == [(None, None, 5)] and h.at(MOC_HOA) == []


def test_a_removal_after_a_move_ends_it_at_every_place() -> None:
    for applies_from, tan_an, moc_hoa in ((T2, [(None, T1, 2)], [(T1, T2, 1)]), (None, [], [])):
        h = History()
        h.set(2)
        h.set(1, site=MOC_HOA, applies_from=T1)
        h.remove(applies_from=applies_from)
        assert h.at(TAN_AN) == tan_an and h.at(MOC_HOA) == moc_hoa
        assert h.record is not None and h.record.removed == (applies_from is None)


def test_a_record_stored_before_versions_said_where_counts_its_versions_where_it_was_when_it_moves() -> None:
    """A record stored before versions said where they count (migration 0022 stamps them; a replay from a
    snapshot of that time would not): its versions count at its place, and keep counting there once a version
    moves it."""
    h = History()
    h.set(2)
    assert h.record is not None
    h.record = replace(h.record, versions=(RequirementVersion(1, None, h.record.window, 2, None, False),))
    assert h.at(TAN_AN) == [(None, None, 2)]
    h.set(1, site=MOC_HOA, applies_from=T1)
    assert h.at(TAN_AN) == [(None, T1, 2)] and h.at(MOC_HOA) == [(T1, None, 1)]
