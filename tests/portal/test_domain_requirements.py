"""The requirements editor's pure parts (portal.domain.requirements, portal.domain.staff):
windows in words and the forms turned into roster's bodies."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

from portal.clients.services import Caller
from portal.domain.dates import VIETNAM
from portal.domain.requirements import RequirementForm, describe_window, requirement_body
from portal.domain.staff import StaffForm, check_staff
from portal.handlers import requirements
from support import present


def test_windows_are_described_by_kind() -> None:
    assert describe_window({"kind": "daily", "start_local": "00:00", "end_local": "00:00"}).key == "whole_day"
    assert describe_window({"kind": "daily", "start_local": "08:00", "end_local": "17:00"}).key == "daily"
    night = describe_window({"kind": "daily", "start_local": "18:00", "end_local": "06:00"})
    assert (night.key, night.start, night.end) == ("overnight", "18:00", "06:00")
    once = describe_window({"kind": "one_off", "starts_at": "2027-02-05T11:00:00Z", "ends_at": "2027-02-05T23:00:00Z"})
    assert once.key == "one_off" and present(once.starts_at).hour == 18 and present(once.ends_at).hour == 6


def test_a_daily_form_becomes_roster_body() -> None:
    body, errors = requirement_body(
        RequirementForm(
            duty_type="patrol",
            kind="daily",
            start_local="18:00",
            end_local="06:00",
            minimum="2",
            peak_minimum="3",
            site_id="s",
        )
    )
    assert errors == {}
    assert body == {
        "site_id": "s",
        "duty_type": "patrol",
        "minimum": 2,
        "peak_minimum": 3,
        "window": {"kind": "daily", "start_local": "18:00", "end_local": "06:00"},
    }


def test_a_one_off_form_is_read_in_vietnam_time() -> None:
    body, errors = requirement_body(
        RequirementForm(
            duty_type="operations", kind="one_off", starts_at="2027-02-05T18:00", ends_at="2027-02-06T06:00"
        )
    )
    assert errors == {}
    assert body["window"] == {
        "kind": "one_off",
        "starts_at": "2027-02-05T18:00:00+07:00",
        "ends_at": "2027-02-06T06:00:00+07:00",
    }
    assert body["site_id"] is None and body["peak_minimum"] is None


def test_form_mistakes_are_named_by_field() -> None:
    _, errors = requirement_body(
        RequirementForm(duty_type="", kind="daily", start_local="25:00", minimum="-1", peak_minimum="x")
    )
    assert errors == {"duty_type": "duty_type", "start_local": "time", "minimum": "count", "peak_minimum": "count"}
    _, errors = requirement_body(
        RequirementForm(duty_type="patrol", kind="one_off", starts_at="2027-02-06T06:00", ends_at="2027-02-05T18:00")
    )
    assert errors == {"ends_at": "end_after_start"}


def test_the_form_shows_an_existing_requirement() -> None:
    form = RequirementForm.from_api(
        {
            "duty_type": "operations",
            "site_id": None,
            "minimum": 1,
            "peak_minimum": 2,
            "window": {"kind": "one_off", "starts_at": "2027-02-05T11:00:00Z", "ends_at": "2027-02-05T23:00:00Z"},
        }
    )
    assert (form.kind, form.starts_at, form.ends_at, form.peak_minimum) == (
        "one_off",
        "2027-02-05T18:00",
        "2027-02-06T06:00",
        "2",
    )


def test_staff_form_checks() -> None:
    ok = check_staff(
        StaffForm(
            full_name="  Nguyễn   Thị Ánh  ",
            email="a@b.vn",
            phone="0912 345 678",
            qualifications=("guard", "leader"),
            enterprise_id="e",
        ),
        new=True,
    )
    assert ok.errors == {}
    assert ok.body == {
        "full_name": "Nguyễn Thị Ánh",
        "email": "a@b.vn",
        "phone": "0912 345 678",
        "qualifications": ["leader", "guard"],
        "active": True,
        "enterprise_id": "e",
    }
    bad = check_staff(
        StaffForm(full_name=" ", email="no", phone="12", qualifications=("pilot",), language="fr"), new=True
    )
    assert bad.errors == {
        "full_name": "name_required",
        "email": "email",
        "phone": "phone",
        "qualifications": "qualification",
        "enterprise_id": "enterprise",
        "language": "language",
    }
    cleared = check_staff(StaffForm(full_name="A", email="", phone="", active=False), new=False)
    assert cleared.body["email"] is None and "enterprise_id" not in cleared.body and cleared.errors == {}
    assert "language" not in cleared.body  # a form that sent no language leaves roster's as it is
    english = check_staff(StaffForm(full_name="A", active=False, language="en"), new=False)
    assert english.body["language"] == "en" and english.errors == {}
    # a person at work with no qualification could fill no shift: said with the rest (QA round T)
    unqualified = check_staff(StaffForm(full_name="A", enterprise_id="e"), new=True)
    assert unqualified.errors == {"qualifications": "qualification_required"}
    assert check_staff(StaffForm(full_name="A", qualifications=("guard",)), new=False).errors == {}
    assert check_staff(StaffForm(full_name="A"), new=False).errors == {}  # an edit of a record kept without one


def test_phone_label() -> None:
    from lichtruc.text import phone_label  # the portal's pages and notifier's messages group phones alike

    assert phone_label("0913555202") == "0913 555 202"
    assert phone_label("02723827777") == "0272 3827 777"
    assert phone_label("+84913555202") == "+84913555202"
    assert phone_label(None) == ""


# --- during the campaign: from now on, or for the whole campaign --------------------------------------------------

CAMPAIGN = {
    "id": "c1",
    "name": "Tết Đinh Mùi 2027",
    "starts_at": "2027-01-29T17:00:00Z",
    "ends_at": "2027-02-15T17:00:00Z",
}
REQUIREMENT = {
    "id": "r1",
    "campaign_id": "c1",
    "enterprise_id": "e1",
    "site_id": None,
    "duty_type": "operations",
    "window": {"kind": "daily", "start_local": "00:00", "end_local": "00:00"},
    "minimum": 1,
    "peak_minimum": None,
    "version": 2,
}


@dataclass
class FakeRoster:
    """What the requirement handlers ask of `Caller`, roster's answers canned; what was sent, kept."""

    now: datetime
    sent: list[tuple[str, str, Any]] = field(default_factory=list)

    def clock(self) -> datetime:
        return self.now

    @property
    def session(self) -> Any:
        """A manager's sign-in (what the pages offer depends on the role: a Department default's removal)."""
        return SimpleNamespace(account=SimpleNamespace(role="manager"))

    async def every(self, service: str, path: str, params: dict | None = None) -> list[Any]:
        if path == "/requirements/r1/versions":
            return [
                {"version": 1, "applies_from": None, "minimum": 1, "peak_minimum": None, "removed": False},
                {"version": 2, "applies_from": "2027-02-07T05:00:00Z", "minimum": 3, "peak_minimum": None},
            ]
        return {"/campaigns": [CAMPAIGN], "/enterprises": [{"id": "e1", "name": "VNPT Long An"}], "/sites": []}.get(
            path, [{"key": "operations", "name_vi": "Trực điều hành", "name_en": "Operations"}]
        )

    async def get(self, service: str, path: str, params: dict | None = None) -> Any:
        assert path == "/requirements/r1", path
        return REQUIREMENT

    async def patch(self, service: str, path: str, body: Any, *, version: int) -> Any:
        self.sent.append(("PATCH", path, body))
        return REQUIREMENT

    async def post(self, service: str, path: str, body: Any, **kwargs: Any) -> Any:
        self.sent.append(("POST", path, body))
        return REQUIREMENT

    async def delete(self, service: str, path: str, *, version: int | None = None, params: Any = None) -> None:
        self.sent.append(("DELETE", path, params))


def _words(key: str, **_: Any) -> str:
    return key


async def test_during_the_campaign_the_form_asks_how_a_change_applies_and_roster_is_told() -> None:
    """Once the campaign has begun, a change sent without saying "from now on" or "for the whole campaign" is
    refused beside that field, with the form's other mistakes, and nothing reaches roster; the answer given reaches
    it. Before the campaign nothing is asked. The requirement's page says from when each version applied."""
    during = FakeRoster(now=datetime(2027, 2, 7, 5, 0, tzinfo=UTC))
    caller = cast(Caller, during)
    form = RequirementForm(duty_type="operations", minimum="x")
    refused = await requirements.edit_requirement(caller, "r1", form=form, version=2, lang="vi", words=_words)
    assert isinstance(refused, requirements.RequirementDetail) and refused.editor.ask_applies
    assert refused.editor.errors == {
        "applies": "requirements.error.applies",
        "minimum": "requirements.error.count",
    }
    assert during.sent == []
    saved = await requirements.edit_requirement(
        caller, "r1", form=replace(form, minimum="3", applies="from_now"), version=2, lang="vi", words=_words
    )
    assert isinstance(saved, requirements.RequirementSaved)
    assert during.sent[-1][0:2] == ("PATCH", "/requirements/r1") and during.sent[-1][2]["applies"] == "from_now"
    added = await requirements.add_requirement(
        caller, campaign_id="c1", enterprise_id="e1", form=replace(form, minimum="2"), lang="en", words=_words
    )
    assert isinstance(added, requirements.RequirementEditor) and "applies" in added.errors
    assert await requirements.remove_requirement(caller, "r1", version=2) == "applies"
    assert await requirements.remove_requirement(caller, "r1", version=2, applies="whole_campaign") == ("c1", "e1")
    assert during.sent[-1] == ("DELETE", "/requirements/r1", {"applies": "whole_campaign"})
    detail = await requirements.requirement_detail(caller, "r1", lang="vi")
    assert [(v.version, v.applies_from) for v in detail.versions] == [
        (1, None),
        (2, datetime(2027, 2, 7, 12, 0, tzinfo=VIETNAM)),
    ]

    before = FakeRoster(now=datetime(2027, 1, 20, tzinfo=UTC))
    quiet = await requirements.add_requirement(
        cast(Caller, before),
        campaign_id="c1",
        enterprise_id="e1",
        form=replace(form, minimum="2"),
        lang="vi",
        words=_words,
    )
    assert isinstance(quiet, requirements.RequirementSaved) and "applies" not in before.sent[-1][2]
    assert await requirements.remove_requirement(cast(Caller, before), "r1", version=2) == ("c1", "e1")
    assert before.sent[-1] == ("DELETE", "/requirements/r1", {})
