"""What roster would say of each person were they put on a shift (`GET /enterprises/{id}/shift-candidates`): the
board's people pickers say it beside each name before a manager saves (QA: a leader on duty until 08:00 was offered
with no word for the shift starting then)."""

from __future__ import annotations

import uuid

from support import auth, principal

from .test_swap_candidates import NIGHT, a_team


def url(team: dict) -> str:
    return f"/enterprises/{team['enterprise']['id']}/shift-candidates"


async def test_each_person_is_judged_as_the_shift_s_checks_would_judge_them(client, seed) -> None:
    team = await a_team(client, seed)
    asked = ["ngo", "truong", "busy", "guard", "gone", "elsewhere", "tuyet"]
    params = {
        "duty_type": "operations",
        **NIGHT,
        "shift_id": team["shift"]["id"],
        "staff_id": [team[k]["id"] for k in asked],
    }
    response = await client.get(url(team), params=params)
    assert response.status_code == 200, response.text
    items = {c["id"]: c for c in response.json()["people"]}
    assert list(items) == [team[k]["id"] for k in asked]  # in the order asked
    of = {k: items[team[k]["id"]] for k in asked}
    # free and rested; Tuyết is on this very shift, which does not count against her
    assert of["ngo"]["free"] and of["tuyet"]["free"] and not of["ngo"]["warnings"]
    # a shift ending as this one starts: no rest before it, in roster's own words
    [rest] = of["truong"]["short_rests"]
    assert rest["rest_hours"] == 0 and rest["before"] is True and rest["duty_type"] == "operations"
    assert rest["min_rest_hours"] == 8  # the rule's minimum, how short the rest falls said beside it (QZ26 #14)
    assert not of["truong"]["free"] and not of["truong"]["busy"]
    assert "trực liền hai ca" in of["truong"]["warnings"][0]["message_vi"]
    # on an overlapping shift (02:00–10:00): busy with which shift
    [busy] = of["busy"]["busy"]
    assert busy["starts_at"].startswith("2027-02-05T19:00") and busy["ends_at"].startswith("2027-02-06T03:00")
    assert not of["busy"]["free"] and not of["busy"]["refused"]
    # the hard rules, each in roster's words
    assert [r["rule"] for r in of["guard"]["refused"]] == ["qualified"]
    assert "không có chuyên môn" in of["guard"]["refused"][0]["message_vi"]
    assert [r["rule"] for r in of["gone"]["refused"]] == ["staff-active"]
    assert [r["rule"] for r in of["elsewhere"]["refused"]] == ["same-enterprise"]


async def test_whether_each_can_check_in_themselves_is_said_beside_the_judgement(client, seed) -> None:
    # QZ29 #1: the handover picker offered Lê Hữu Nghĩa, who has no account, as any other: he could not check in
    team = await a_team(client, seed)
    await seed.account(team["ngo"])
    await seed.account(team["truong"], active=False)
    asked = [team[k]["id"] for k in ("ngo", "truong", "tuyet")]
    params = {"duty_type": "operations", **NIGHT, "shift_id": team["shift"]["id"], "staff_id": asked}
    response = await client.get(url(team), params=params)
    assert response.status_code == 200, response.text
    said = [(c["can_check_in"], c["free"]) for c in response.json()["people"]]
    assert said[0] == (True, True) and said[1][0] is False and said[2] == (False, True)  # not a rule a save breaks


async def test_too_many_night_shifts_are_said_with_the_count_and_the_limit(client, seed) -> None:
    team = await a_team(client, seed)
    nam = team["nguyen"]
    for day in (1, 2, 3):
        body = {
            "campaign_id": team["shift"]["campaign_id"],
            "enterprise_id": team["enterprise"]["id"],
            "duty_type": "operations",
            "starts_at": f"2027-02-0{day}T22:00:00+07:00",
            "ends_at": f"2027-02-0{day + 1}T06:00:00+07:00",
            "assignees": [{"staff_id": nam["id"]}],
            "status": "published",
        }
        assert (await client.post("/shifts", json=body)).status_code == 201
    params = {"duty_type": "operations", **NIGHT, "staff_id": [nam["id"]]}
    [said] = (await client.get(url(team), params=params)).json()["people"]
    assert said["night_shifts"] == {"count": 4, "within_days": 7.0, "at_most": 3}
    assert not said["free"] and "4 ca đêm" in said["warnings"][0]["message_vi"]


async def test_only_the_enterprise_s_planners_may_ask_and_the_times_must_make_a_shift(client, seed) -> None:
    team = await a_team(client, seed)
    params = {"duty_type": "operations", **NIGHT, "staff_id": [team["ngo"]["id"]]}
    other = auth(principal("manager", enterprises=(team["other"]["id"],)))
    assert (await client.get(url(team), params=params, headers=other)).status_code == 404  # as if none
    staff = auth(principal("staff", enterprises=(team["enterprise"]["id"],), staff=team["ngo"]["id"]))
    assert (await client.get(url(team), params=params, headers=staff)).status_code == 403
    nowhere = f"/enterprises/{uuid.uuid4()}/shift-candidates"
    assert (await client.get(nowhere, params=params)).status_code == 404
    backwards = {**params, "starts_at": NIGHT["ends_at"], "ends_at": NIGHT["starts_at"]}
    response = await client.get(url(team), params=backwards)
    assert response.status_code == 422 and "end-after-start" in response.text
