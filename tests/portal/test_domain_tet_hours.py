"""The portal's Tết hours forms and lists, without services: the manager's form into roster's body,
the draft into the form, the public list by district, the status filter into audit's statuses."""

from __future__ import annotations

from portal.domain.tet_hours import asked_statuses, by_district, days_from_form, form_rows

DAYS = ["2027-02-05", "2027-02-06", "2027-02-07"]


def test_the_form_becomes_roster_days() -> None:
    form = {
        "open-2027-02-05": "1",
        "a1-2027-02-05": "07:30",
        "b1-2027-02-05": "11:30",
        "a2-2027-02-05": "13:30",
        "b2-2027-02-05": "",  # half a session is left out
        "note-2027-02-05": " Nghỉ chiều giao thừa ",
        "a1-2027-02-06": "07:30",  # not open: its times are dropped
        "b1-2027-02-06": "11:30",
        "open-2027-02-07": "1",
        "a1-2027-02-07": "08:00",
        "b1-2027-02-07": "12:00",
        "a2-2027-02-07": "13:00",
        "b2-2027-02-07": "17:00",
    }
    assert days_from_form(DAYS, form) == [
        {
            "day": "2027-02-05",
            "open": True,
            "sessions": [{"opens": "07:30", "closes": "11:30"}],
            "note": "Nghỉ chiều giao thừa",
        },
        {"day": "2027-02-06", "open": False, "sessions": [], "note": None},
        {
            "day": "2027-02-07",
            "open": True,
            "sessions": [{"opens": "08:00", "closes": "12:00"}, {"opens": "13:00", "closes": "17:00"}],
            "note": None,
        },
    ]


def test_the_draft_fills_the_form() -> None:
    draft = [{"day": "2027-02-06", "open": False, "sessions": [], "note": "Nghỉ Tết"}]
    rows = form_rows(DAYS, draft, {"2027-02-06": "06/02/2027 (Mùng 1 Tết Đinh Mùi)"})
    assert [(r.day, r.open, r.note) for r in rows] == [
        ("2027-02-05", True, ""),
        ("2027-02-06", False, "Nghỉ Tết"),
        ("2027-02-07", True, ""),
    ]
    assert rows[1].label == "06/02/2027 (Mùng 1 Tết Đinh Mùi)" and rows[0].sessions == (("", ""), ("", ""))


def test_points_grouped_by_district_in_order() -> None:
    points: list[dict[str, str | None]] = [
        {"district": "Mộc Hóa", "site_name": "A"},
        {"district": "Tân An", "site_name": "B"},
        {"district": "Tân An", "site_name": "C"},
        {"district": None, "site_name": "D"},
    ]
    groups = by_district(points, unnamed="Chưa ghi huyện")
    assert [(g.name, [p["site_name"] for p in g.points]) for g in groups] == [
        ("Mộc Hóa", ["A"]),
        ("Tân An", ["B", "C"]),
        ("Chưa ghi huyện", ["D"]),
    ]


def test_the_status_filter_becomes_audits_statuses() -> None:
    """Blank: every point not published on time (before the deadline the points still to publish, after it the
    findings), where audit's own default would leave out those still to publish; "all", or one status."""
    assert asked_statuses("") == ("missing", "late", "pending")
    assert asked_statuses("all") == ("missing", "late", "pending", "on_time")
    assert asked_statuses("on_time") == ("on_time",)
