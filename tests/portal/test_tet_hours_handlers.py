"""The manager's Tết hours form's service layer without services: what roster still refuses after the
form read well is placed beside its day with the form kept as typed, and a draft saved but refused
publication says it was saved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import httpx

from portal.app import load_catalogue
from portal.clients.services import Caller, ServiceError
from portal.domain.tet_hours import row_doc, row_of
from portal.handlers import tet_hours
from support import present

from . import test_address_values as address

CAMPAIGN = {
    "id": "c1",
    "name": "Tết Đinh Mùi 2027",
    "starts_at": "2027-02-04T17:00:00Z",
    "ends_at": "2027-02-06T17:00:00Z",
}
SITE = {"id": "s1", "name": "Bưu điện Văn hóa xã Hưng Điền", "kind": "transaction_point"}
DAYS = ["2027-02-05", "2027-02-06"]
CATALOGUE = load_catalogue()


def words(key: str, **params: object) -> str:
    return CATALOGUE.text(key, "vi", **params)


def refusal(status: int, **error: Any) -> ServiceError:
    return ServiceError(
        "roster",
        status,
        {"type": f"https://lichtruc.example/problems/{error['rule']}", "detail": error["message"], "errors": [error]},
    )


@dataclass
class FakeCaller:
    """roster as the form's handler asks it: the point's hours (version 3), a PUT and a publish that may be refused."""

    refuse_put: ServiceError | None = None
    refuse_publish: ServiceError | None = None
    saved: list[dict[str, Any]] = field(default_factory=list)  # the point's draft days as roster holds them
    version: int = 3
    sent: list[tuple[str, str, Any]] = field(default_factory=list)
    owed: list[str] | None = None  # roster's owed_days (None: roster says nothing of them, every day is needed)

    def clock(self) -> datetime:
        return datetime(2027, 1, 20, tzinfo=UTC)

    async def every(self, service: str, path: str, params: dict | None = None) -> list[Any]:
        return {"/campaigns": [CAMPAIGN], "/sites": [SITE]}[path]

    async def get(self, service: str, path: str, params: dict | None = None) -> Any:
        assert path == "/sites/s1/tet-hours"
        owed = {} if self.owed is None else {"owed_days": self.owed}
        return {"site_name": SITE["name"], "campaign_days": DAYS, "days": self.saved, "version": self.version, **owed}

    async def put(self, service: str, path: str, body: Any, **kwargs: Any) -> Any:
        self.sent.append(("PUT", path, body))
        if self.refuse_put:
            raise self.refuse_put
        return {"version": 4}

    async def post(self, service: str, path: str, body: Any = None, *, version: int | None = None) -> Any:
        self.sent.append(("POST", path, version))
        if self.refuse_publish:
            raise self.refuse_publish
        return {"version": 4}


FORM = {
    "open-2027-02-05": "1",
    "a1-2027-02-05": "7h30",
    "b1-2027-02-05": "24:00",
    "note-2027-02-05": "mở đêm giao thừa",
    "note-2027-02-06": "Nghỉ Tết",
}


async def submit(fake: FakeCaller, form: dict[str, str], *, publishing: bool) -> tet_hours.Submitted:
    return await tet_hours.submit(
        cast(Caller, fake),
        site_id="s1",
        campaign_id="c1",
        form=form,
        version=3,
        publishing=publishing,
        lang="vi",
        words=words,
    )


async def test_a_form_that_reads_is_saved_and_published_as_typed() -> None:
    fake = FakeCaller()
    done = await submit(fake, FORM, publishing=True)
    assert done.done == "published" and done.view is None
    assert fake.sent == [
        (
            "PUT",
            "/sites/s1/tet-hours",
            {
                "campaign_id": "c1",
                "days": [
                    {
                        "day": "2027-02-05",
                        "open": True,
                        "sessions": [{"opens": "07:30", "closes": "24:00"}],
                        "note": "mở đêm giao thừa",
                    },
                    {"day": "2027-02-06", "open": False, "sessions": [], "note": "Nghỉ Tết"},
                ],
            },
        ),
        ("POST", "/sites/s1/tet-hours/publish", 4),
    ]


async def test_a_form_with_a_problem_asks_roster_nothing_and_comes_back_as_typed() -> None:
    fake = FakeCaller()
    shown = await submit(fake, {**FORM, "b1-2027-02-05": ""}, publishing=False)
    assert fake.sent == []
    assert shown.view is not None and shown.status == 422
    assert shown.message is not None and shown.message.startswith("Chưa lưu gì: có 1 lỗi")
    first, second = shown.view.rows
    assert first.sessions[0] == ("7h30", "") and first.note == "mở đêm giao thừa" and first.invalid == {"b1"}
    assert first.errors[0].startswith(f"{SITE['name']}, ngày 05/02/2027 (29 tháng Chạp Bính Ngọ), buổi 1:")
    assert not second.open and second.note == "Nghỉ Tết" and second.errors == ()


async def test_what_roster_refuses_is_said_beside_its_day_with_the_form_kept() -> None:
    refused = refusal(
        422,
        field="days.1.note",
        rule="no-formula",
        message="06/02/2027: the note starts like a formula.",
        message_vi="Ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi): ghi chú bắt đầu như một công thức.",
    )
    shown = await submit(FakeCaller(refuse_put=refused), FORM, publishing=False)
    assert shown.view is not None and shown.status == 422
    assert shown.message is not None and shown.message.startswith("Chưa lưu gì: có 1 lỗi")
    assert shown.view.rows[1].errors == (
        f"{SITE['name']}: Ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi): ghi chú bắt đầu như một công thức.",
    )
    assert shown.view.rows[0].sessions[0] == ("7h30", "24:00")


async def test_a_draft_saved_but_refused_publication_says_it_was_saved() -> None:
    refused = refusal(
        422,
        field="days",
        rule="every-campaign-day",
        message="… has no hours yet for 06/02/2027 …",
        message_vi="… chưa có giờ cho ngày 06/02/2027 …",
        missing_days=["2027-02-06"],
    )
    fake = FakeCaller(refuse_publish=refused)
    shown = await submit(fake, FORM, publishing=True)
    assert [s[0] for s in fake.sent] == ["PUT", "POST"]
    assert shown.view is not None and shown.status == 409
    assert shown.message == (
        "Đã lưu bản nháp nhưng chưa niêm yết: hãy sửa những ngày được đánh dấu bên dưới rồi niêm yết lại."
    )
    assert (
        shown.view.rows[1].errors[0].startswith(f"{SITE['name']}, ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi): chưa nhập giờ")
    )


async def test_the_form_offers_the_tet_campaigns_alone_even_while_a_drill_is_under_way() -> None:
    """QA: /manage/tet-hours opened on the drill in progress. Opening hours belong to the Tết campaign (roster
    refuses them for a drill): the form asks roster for the Tết campaigns only and shows the Tết one."""
    drill = {
        "id": "d1",
        "kind": "drill",
        "name": "Diễn tập trực Tết",
        "starts_at": "2027-01-19T01:00:00Z",
        "ends_at": "2027-01-21T10:00:00Z",
    }
    asked: list[dict | None] = []

    class WithDrill(FakeCaller):
        async def every(self, service: str, path: str, params: dict | None = None) -> list[Any]:
            if path == "/campaigns":
                asked.append(params)
                return [CAMPAIGN] if (params or {}).get("kind") == "tet" else [drill, CAMPAIGN]
            return await super().every(service, path, params)

    view = await tet_hours.manage_view(cast(Caller, WithDrill()), campaign_id=None, site_id=None, lang="vi")
    assert asked == [{"kind": "tet"}]
    assert ([c.id for c in view.campaigns], view.campaign_id) == (["c1"], "c1")


async def test_the_chooser_offers_the_post_offices_and_transaction_points_and_no_other_site() -> None:
    """A post office ("bưu cục") publishes its Tết hours as a transaction point does (`lichtruc.counters`): the
    manager's chooser offers both, in Vietnamese order, and none of the enterprise's other sites."""
    sites = [
        {"id": "s2", "name": "Văn phòng Bưu điện tỉnh", "kind": "office"},
        {"id": "s3", "name": "Bưu điện Trung tâm Tân An", "kind": "post_office"},
        SITE,
        {"id": "s4", "name": "Trạm BTS Tân An", "kind": "base_station"},
        {"id": "s5", "name": "Điểm giao dịch Bến Lức", "kind": "transaction_point"},
    ]

    class Province(FakeCaller):
        async def every(self, service: str, path: str, params: dict | None = None) -> list[Any]:
            return sites if path == "/sites" else await super().every(service, path, params)

    view = await tet_hours.manage_view(cast(Caller, Province()), campaign_id=None, site_id="s1", lang="vi")
    assert [(c.id, c.name) for c in view.points] == [
        ("s3", "Bưu điện Trung tâm Tân An"),
        ("s1", "Bưu điện Văn hóa xã Hưng Điền"),
        ("s5", "Điểm giao dịch Bến Lức"),
    ]
    assert view.site_id == "s1" and view.hours is not None


async def test_hours_someone_else_saved_first_come_back_as_typed_with_their_day_beside_each_that_differs() -> None:
    """QA (2026-12-06): a change refused because someone else saved the point's hours first (412) threw away what
    was typed. It comes back as typed, over their version, each day they saved otherwise said under it."""
    stale = ServiceError("roster", 412, {"type": "https://lichtruc.example/problems/stale-version", "detail": "stale"})
    theirs = [
        {
            "day": "2027-02-05",
            "open": True,
            "sessions": [{"opens": "07:30", "closes": "24:00"}],
            "note": "mở đêm giao thừa",
        },
        {"day": "2027-02-06", "open": True, "sessions": [{"opens": "08:00", "closes": "11:00"}], "note": ""},
    ]
    fake = FakeCaller(refuse_put=stale, saved=theirs, version=4)
    shown = await submit(fake, FORM, publishing=False)
    assert shown.view is not None and shown.status == 409 and shown.view.hours is not None
    assert shown.message is not None and "Những gì bạn đã nhập vẫn được giữ nguyên" in shown.message
    assert shown.view.hours["version"] == 4  # saving again puts what was typed over theirs, knowingly
    first, second = shown.view.rows
    assert first.sessions[0] == ("7h30", "24:00") and first.latest == ""  # 7h30 is their 07:30: nothing beside it
    assert not second.open and second.note == "Nghỉ Tết" and second.latest == "08:00–11:00"
    assert shown.typed is not None and [row_of(row_doc(r)) for r in shown.typed] == list(shown.typed)
    assert shown.typed[1].latest == "08:00–11:00"  # kept for the page the refusal redirects to


async def test_an_enterprise_owing_from_a_later_day_publishes_with_the_days_before_it_empty() -> None:
    """QZ17 #3: the form said 'niêm yết cần đủ mọi ngày' to an enterprise owing from 06/02 (roster's owed_days): the
    day before it, left empty, is not sent and publishing goes on; a day from it left empty is still refused."""
    fake = FakeCaller(owed=["2027-02-06"])
    done = await submit(fake, {"open-2027-02-05": "1", "note-2027-02-06": "Nghỉ Tết"}, publishing=True)
    assert done.done == "published"
    assert fake.sent == [
        (
            "PUT",
            "/sites/s1/tet-hours",
            {"campaign_id": "c1", "days": [{"day": "2027-02-06", "open": False, "sessions": [], "note": "Nghỉ Tết"}]},
        ),
        ("POST", "/sites/s1/tet-hours/publish", 4),
    ]

    fake = FakeCaller(owed=["2027-02-06"])
    shown = await submit(fake, {"note-2027-02-05": "Nghỉ", "open-2027-02-06": "1"}, publishing=True)
    assert fake.sent == [] and shown.view is not None
    first, second = shown.view.rows
    assert first.errors == ()
    assert second.errors[0].startswith(f"{SITE['name']}, ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi): chưa nhập giờ")


MEKONG_POINT = "0c1a0000-0000-4000-8000-0000000000b7"
MEKONG_DAYS = ["2027-01-30", "2027-01-31", *(f"2027-02-{d:02d}" for d in range(1, 16))]


def _mekong(**changes: Any) -> dict[str, Any]:
    """roster's GET /sites/{id}/tet-hours of a point of 'Công ty Cáp quang Mê Kông QA17', owing from 06/02."""
    return {
        "site_id": MEKONG_POINT,
        "site_name": "Điểm giao dịch Cáp quang Mê Kông QA17",
        "campaign_id": address.C1,
        "campaign_name": "Tết Đinh Mùi 2027",
        "campaign_days": MEKONG_DAYS,
        "days": [],
        "version": 0,
        "published_version": 0,
        "published_at": None,
        "published_days": None,
        "unpublished_changes": False,
        "hours_deadline": "2027-01-29T17:00:00Z",
        "obligations_from": "2027-02-06",
        "owed_days": [d for d in MEKONG_DAYS if d >= "2027-02-06"],
        "hours_owed": False,
        **changes,
    }


class MekongRoster(address.Services):
    """The pages' fake services, roster answering the point's Tết hours with `hours`."""

    def __init__(self, hours: dict[str, Any]) -> None:
        point = {"id": MEKONG_POINT, "name": hours["site_name"], "kind": "transaction_point", "enterprise_id": "e1"}
        super().__init__(address.MANAGER, {("roster", "/sites"): [point]})
        self.hours = hours

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == f"/sites/{MEKONG_POINT}/tet-hours":
            return httpx.Response(200, json=self.hours)
        return super().__call__(request)


async def test_the_managers_page_says_hours_due_before_the_day_an_enterprise_owes_from_are_not_counted() -> None:
    """QZ17 #3: the manager of an enterprise owing from 06/02 read a red 'Chưa niêm yết' under a deadline of 30/01
    and 'niêm yết cần đủ mọi ngày'. The page says what the inspectors' list says, and which days are needed."""
    page = f"/manage/tet-hours?campaign_id={address.C1}&site_id={MEKONG_POINT}"
    (late_joiner,) = await address._visit(MekongRoster(_mekong()), page)
    assert late_joiner.status_code == 200, late_joiner.text
    state = address._text(present(re.search(r'data-testid="hours-state">(.*?)</p>', late_joiner.text, re.S))[1])
    assert (
        state
        == "Không tính (hạn trước ngày tính nghĩa vụ 06/02/2027) Hạn niêm yết: 00:00 30/01/2027 (23 tháng Chạp Bính Ngọ)"
    )
    text = address._text(late_joiner)
    assert (
        "Hạn niêm yết (00:00 30/01/2027 (23 tháng Chạp Bính Ngọ)) trước ngày doanh nghiệp tính nghĩa vụ (06/02/2027): "
        "giờ mở cửa Tết của điểm này không bị tính là chưa niêm yết hay niêm yết muộn." in text
    )
    assert (
        "niêm yết cần đủ mọi ngày từ 06/02/2027 (ngày doanh nghiệp tính nghĩa vụ), các ngày trước đó có thể để trống."
        in text
    )
    assert "niêm yết cần đủ mọi ngày." not in text

    # owing from 02/02, the deadline still before it: the days from 02/02 needed; owing from 29/01: owed, every day
    from_feb_2 = _mekong(obligations_from="2027-02-02", owed_days=[d for d in MEKONG_DAYS if d >= "2027-02-02"])
    owing = _mekong(obligations_from="2027-01-29", owed_days=MEKONG_DAYS, hours_owed=True)
    (second,) = await address._visit(MekongRoster(from_feb_2), page)
    (third,) = await address._visit(MekongRoster(owing), page)
    assert "niêm yết cần đủ mọi ngày từ 02/02/2027" in address._text(second)
    third_state = present(re.search(r'data-testid="hours-state">(.*?)</p>', third.text, re.S))[1]
    assert address._text(third_state).startswith("Chưa niêm yết Hạn niêm yết:") and "Không tính" not in third.text
    assert "niêm yết cần đủ mọi ngày." in address._text(third) and "trước ngày doanh nghiệp" not in third.text

    # QZ18 #1: published on 07/02, after a deadline before the day it owes from — not late, still not counted
    published = {"version": 1, "published_version": 1, "published_at": "2027-02-07T02:44:00Z"}
    (after,) = await address._visit(MekongRoster(_mekong(**published)), page)
    after_state = address._text(present(re.search(r'data-testid="hours-state">(.*?)</p>', after.text, re.S))[1])
    assert after_state.startswith("Đã niêm yết lần 1 Không tính (hạn trước ngày tính nghĩa vụ 06/02/2027)"), after_state
    assert "muộn" not in after_state and 'data-testid="late"' not in after.text
    assert "niêm yết muộn 7 ngày" not in address._text(after)
    (owed_late,) = await address._visit(MekongRoster(_mekong(hours_owed=True, **published)), page)
    assert 'data-testid="late"' in owed_late.text  # owed and published after its deadline: late, as before


async def copy(fake: FakeCaller, form: dict[str, str], source: str, *, version: int = 3) -> tet_hours.Copied:
    copied = await tet_hours.copy_hours(
        cast(Caller, fake),
        site_id="s1",
        campaign_id="c1",
        form=form,
        source=source,
        version=version,
        lang="vi",
        words=words,
    )
    assert copied is not None
    return copied


async def test_a_days_hours_copied_come_back_in_the_form_with_nothing_saved_read_against_the_version_typed_on() -> None:
    """QZ24 #1: "Chép sang các ngày sau" without script. roster is asked for the point's days alone (no PUT, no
    publish); the form comes back with giao thừa's hours in mùng 1, its note kept, said in words, and still reads
    against the version it was first filled from (roster's is 3 now): a save then says someone else's change."""
    fake = FakeCaller()
    form = {**FORM, "open-2027-02-06": "1", "copy_scope-2027-02-05": "rest"}
    copied = await copy(fake, form, "2027-02-05", version=2)
    assert fake.sent == []
    assert copied.done and copied.problems == 0 and copied.copy.copied == ("2027-02-06",)
    first, second = copied.view.rows
    assert second.open and second.sessions == (("7h30", "24:00"), ("", "")) and second.note == "Nghỉ Tết"
    assert second.copied_from == "2027-02-05" and first.copied_from == ""
    assert copied.said == (
        "Đã chép giờ ngày 05/02 sang 1 ngày: 06/02. Chưa lưu gì: hãy xem lại rồi bấm “Lưu bản nháp” hoặc “Lưu và niêm yết”."
    )
    assert copied.view.form_version == 2
    assert copied.banner is None  # nothing wrong anywhere: nothing to say above the form


async def test_a_copy_that_cannot_be_done_says_why_and_every_problem_of_the_form_stays_beside_its_day() -> None:
    fake = FakeCaller()
    # the day copied from has a session closing before it opens: said beside it, nothing copied
    wrong = await copy(fake, {**FORM, "b1-2027-02-05": "06:00"}, "2027-02-05")
    assert not wrong.done and wrong.copy.outcome == "unreadable" and wrong.problems == 1
    assert wrong.said == "Chưa chép: giờ của ngày 05/02 có lỗi, ghi ngay dưới ngày đó. Hãy sửa rồi chép lại."
    first, second = wrong.view.rows
    assert first.invalid == {"a1", "b1"} and "07:30–06:00 đóng cửa không muộn hơn giờ mở cửa" in first.errors[0]
    assert not second.open and second.copied_from == ""
    # only the empty days, and mùng 1 is closed: none; the day's own note, too long (a note is not copied, so it does
    # not stop a copy), is still said beside it, as a save would say it
    form = {**FORM, "copy_scope-2027-02-05": "empty", "note-2027-02-05": "x" * 301}
    none = await copy(fake, form, "2027-02-05")
    assert none.copy.outcome == "no_targets" and none.problems == 1
    assert none.said.startswith("Chưa chép: mọi ngày sau ngày 05/02 đều đã có giờ hoặc đã ghi nghỉ.")
    assert none.view.rows[0].invalid == {"note"} and "ghi chú dài 301 ký tự, tối đa 300" in none.view.rows[0].errors[0]
    assert fake.sent == []
    # QZ25 #10: above the form, why the copy was not made and what to do, then the form's other problems, each day
    # named — never that nothing was saved (a copy saves nothing)
    assert wrong.banner == wrong.said
    assert none.banner == (
        f"{none.said} Biểu mẫu còn 1 lỗi khác ở ngày 05/02, mỗi lỗi ghi ngay dưới ngày đó: hãy sửa trước khi lưu."
    )
    english = await tet_hours.copy_hours(
        cast(Caller, fake),
        site_id="s1",
        campaign_id="c1",
        form={**FORM, "b1-2027-02-05": "06:00", "note-2027-02-06": "x" * 301},
        source="2027-02-05",
        version=3,
        lang="en",
        words=lambda key, **params: CATALOGUE.text(key, "en", **params),
    )
    assert english is not None and english.banner == (
        "Not copied: the hours of 5 Feb have a mistake, shown right under that day. Correct it, then copy again. "
        "The form also has 1 other problem, on 6 Feb, each shown right under its day: correct it before saving."
    )
    assert all("lưu gì" not in said and "saved" not in said for said in (wrong.banner, none.banner, english.banner))
    # a day that is none of the campaign's is no page
    assert (
        await tet_hours.copy_hours(
            cast(Caller, fake),
            site_id="s1",
            campaign_id="c1",
            form=FORM,
            source="2027-03-01",
            version=3,
            lang="vi",
            words=words,
        )
        is None
    )
