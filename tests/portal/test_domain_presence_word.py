"""A manager's word afterwards as the portal reads it from roster (QZ28 #4): "not there" now says from–to — the whole
shift by default, part of it for who checked in and left at 12:00; a word said before it had from–to is the whole."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.domain.shifts import PresenceWord

STARTS, ENDS = datetime(2027, 2, 5, 23, tzinfo=UTC), datetime(2027, 2, 6, 11, tzinfo=UTC)  # 06:00–18:00
SAID = {
    "evidence": "camera",
    "evidence_note": "Camera cổng",
    "confirmed_by": "ql",
    "confirmed_at": "2027-02-16T02:00:00Z",
}


def test_not_there_from_noon_is_part_of_the_shift_and_without_bounds_the_whole() -> None:
    left = PresenceWord.from_api(
        SAID | {"present": False, "absent_from": "2027-02-06T05:00:00Z", "absent_until": "2027-02-06T11:00:00Z"}
    )
    assert left is not None and not left.whole(STARTS, ENDS)
    assert (left.since, left.until) == (datetime(2027, 2, 6, 5, tzinfo=UTC), ENDS)
    before = PresenceWord.from_api(SAID | {"present": False})  # said before QZ28 #4: the whole shift
    assert before is not None and before.whole(STARTS, ENDS)
    whole = PresenceWord.from_api(
        SAID | {"present": False, "absent_from": "2027-02-05T23:00:00Z", "absent_until": "2027-02-06T11:00:00Z"}
    )
    assert whole is not None and whole.whole(STARTS, ENDS)
    there = PresenceWord.from_api(
        SAID | {"present": True, "present_from": "2027-02-05T23:40:00Z", "present_until": "2027-02-06T11:00:00Z"}
    )
    assert (
        there is not None and not there.whole(STARTS, ENDS) and there.since == datetime(2027, 2, 5, 23, 40, tzinfo=UTC)
    )
