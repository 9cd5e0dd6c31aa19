"""Border coverage in audit (pure): a shift counts at every site it covers (and once for the
enterprise as a whole); who is on duty filtered by border, district, sector and site, with
every matching site in the answer — the ones nobody covers too."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from audit_testkit import vn

from audit.domain import coverage
from audit.domain.live import KeyRef, shift_touches
from audit.domain.model import Enterprise, OnShift, Shift, Site, from_plain, to_plain
from audit.domain.reports import on_duty, sites_on_duty

WHOLE_DAY = coverage.DailyWindow(time(0), time(0), vn(2, 5).date(), vn(2, 6).date())
ENTERPRISES = {
    "vnpt": Enterprise("vnpt", "VNPT Long An", "telecom", 1, 1),
    "post": Enterprise("post", "Bưu điện tỉnh Long An", "postal", 1, 1),
}
SITES = {
    s.site_id: s
    for s in (
        Site("hung-dien", "vnpt", "Trạm viễn thông Hưng Điền", "exchange", "Tân Hưng", True, 1, 1),
        Site("my-thanh", "vnpt", "Trạm BTS Mỹ Thạnh Bắc", "base_station", "Đức Huệ", True, 1, 1),
        Site("noc", "vnpt", "Trung tâm Điều hành thông tin VNPT Long An", "noc", "Tân An", False, 1, 1),
        Site("tan-hung-post", "post", "Bưu điện huyện Tân Hưng", "post_office", "Tân Hưng", True, 1, 1),
    )
}


def _requirement(rid: str, site: str | None, duty: str = "patrol") -> coverage.Requirement:
    return coverage.Requirement(rid, "vnpt", site, duty, 1, None, WHOLE_DAY)


def _patrol(staff: str, start: datetime, end: datetime, *covers: str) -> coverage.Assignment:
    return coverage.Assignment(
        f"shift-{staff}-{start.hour}", "vnpt", "hung-dien", "patrol", staff, start, end, covers_site_ids=covers
    )


def test_one_patrol_round_counts_at_each_site_it_covers_and_once_for_the_enterprise() -> None:
    requirements = [_requirement("r1", "hung-dien"), _requirement("r2", "my-thanh"), _requirement("r3", None)]
    patrols = [_patrol("tai", vn(2, 5), vn(2, 5, 12), "my-thanh"), _patrol("loi", vn(2, 5, 12), vn(2, 6))]
    timeline, gaps = coverage.timeline_and_gaps(requirements, patrols, start=vn(2, 5), end=vn(2, 6))
    # Mỹ Thạnh Bắc is covered only while Tài's round lists it: the afternoon is a gap there alone.
    assert [(g.key.site_id, g.start, g.end) for g in gaps] == [("my-thanh", vn(2, 5, 12), vn(2, 6))]
    whole = timeline[coverage.CoverageKey("vnpt", None, "patrol")]
    assert {s.actual for s in whole} == {1}  # never counted twice for the enterprise
    assert timeline[coverage.CoverageKey("vnpt", "my-thanh", "patrol")][0].actual == 1


def test_a_person_on_two_rounds_covering_the_same_site_counts_once_there() -> None:
    both = [
        _patrol("tai", vn(2, 5), vn(2, 5, 12), "my-thanh"),
        coverage.Assignment(
            "round-2", "vnpt", "noc", "patrol", "tai", vn(2, 5, 6), vn(2, 5, 12), covers_site_ids=("my-thanh",)
        ),
    ]
    timeline = coverage.coverage_timeline([_requirement("r2", "my-thanh")], both, start=vn(2, 5), end=vn(2, 5, 12))
    assert {s.actual for s in timeline[coverage.CoverageKey("vnpt", "my-thanh", "patrol")]} == {1}


def _shift(
    shift_id: str,
    enterprise: str,
    site: str | None,
    start: datetime,
    end: datetime,
    *people: str,
    covers: tuple[str, ...] = (),
    duty: str = "patrol",
) -> Shift:
    return Shift(
        shift_id,
        "c",
        enterprise,
        site,
        duty,
        start,
        end,
        "published",
        tuple(OnShift(p, p, True, "e") for p in people),
        1,
        1,
        "e",
        "e",
        "e",
        covers,
    )


def test_live_coverage_recomputes_a_covered_site_and_old_snapshots_still_load() -> None:
    round_ = _shift("round", "vnpt", "hung-dien", vn(2, 5, 18), vn(2, 6, 6), "Đỗ Văn Tài", covers=("my-thanh",))
    assert shift_touches(KeyRef("c", "vnpt", "my-thanh", "patrol"), round_)
    assert not shift_touches(KeyRef("c", "vnpt", "noc", "patrol"), round_)
    plain = to_plain(round_)
    del plain["covers_site_ids"]  # a snapshot written before shifts covered sites
    assert from_plain(Shift, plain).covers_site_ids == ()


def test_who_covered_each_border_site_at_midnight_lists_every_border_site_nobody_included() -> None:
    at = vn(2, 6)
    shifts = [
        _shift("round", "vnpt", "hung-dien", vn(2, 5, 18), vn(2, 6, 6), "Đỗ Văn Tài", covers=("my-thanh",)),
        _shift("ops", "vnpt", None, vn(2, 5, 18), vn(2, 6, 6), "Võ Văn Thành", duty="operations"),
        _shift("noc", "vnpt", "noc", vn(2, 5, 18), vn(2, 6, 6), "Phạm Thị Ngọc Ánh", duty="operations"),
    ]
    kw: dict[str, Any] = {"sites": SITES, "enterprises": ENTERPRISES}
    border = on_duty(shifts, at, border=True, **kw)
    assert [s.shift_id for s in border] == ["round"]
    answer = sites_on_duty(border, SITES.values(), border=True, enterprises=ENTERPRISES)
    assert [(a.site.name, [p.full_name for s in a.shifts for p in s.assignees]) for a in answer] == [
        ("Bưu điện huyện Tân Hưng", []),  # nobody: in the answer all the same
        ("Trạm BTS Mỹ Thạnh Bắc", ["Đỗ Văn Tài"]),  # covered by the round from Hưng Điền
        ("Trạm viễn thông Hưng Điền", ["Đỗ Văn Tài"]),
    ]
    # One site, by its id: the round that covers it; a district (as typed); a sector; the inland sites.
    assert [s.shift_id for s in on_duty(shifts, at, site_id="my-thanh", **kw)] == ["round"]
    assert [s.shift_id for s in on_duty(shifts, at, district="đức huệ", **kw)] == ["round"]
    assert on_duty(shifts, at, border=True, sector="postal", **kw) == []
    assert [s.shift_id for s in on_duty(shifts, at, border=False, **kw)] == ["noc"]
    assert [
        a.site.name
        for a in sites_on_duty(
            on_duty(shifts, at, district="Tân Hưng", **kw), SITES.values(), district="Tân Hưng", enterprises=ENTERPRISES
        )
    ] == ["Bưu điện huyện Tân Hưng", "Trạm viễn thông Hưng Điền"]
    # Without a site filter the enterprise-wide shifts are there as before.
    assert {s.shift_id for s in on_duty(shifts, at, **kw)} == {"round", "ops", "noc"}
