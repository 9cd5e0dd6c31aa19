"""QA round T: a refused form named its mistakes one a send. The staff form now marks every field at fault in one
answer and lists them all at the top, each a link to its field (no qualification ticked for a person at work among
them); a person added again is told she is already in the list and given a link to her record. The inspection plan
says a day gone together with the other missing fields. The portal on a fake roster, its clock at 10:00 on mùng 2
Tết."""

from __future__ import annotations

import html
import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from roster.api.schemas.reference import StaffIn
from support import present

from .fake_sign_in import refused_and_shown, sign_in_answer, signed_in_portal
from .refusals import one_alert

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)  # 10:00 on 07/02/2027 (mùng 2 Tết) in Vietnam
MANAGER: dict[str, Any] = {
    "id": "a2",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": ["e1"],
    "staff_id": None,
}
ANH = "s-anh"
LAN = "s-lan"
AN = {"id": "5a1e0000-0000-4000-8000-00000000a001", "enterprise_id": "e1", "full_name": "Nguyễn Văn An", "email": None, "phone": None,
      "qualifications": ["guard"], "active": True, "language": "vi", "version": 1}  # fmt: skip
AN_CAPITALISED = {
    "rule": "name-capitalised",
    "field": "full_name",
    "typed": "nguyễn văn an",
    "full_name": "Nguyễn Văn An",
    "message": "Written with each word's first letter capital: Nguyễn Văn An (typed “nguyễn văn an”).",
    "message_vi": "Đã viết hoa chữ cái đầu: Nguyễn Văn An (đã gõ “nguyễn văn an”).",
}


class Roster:
    """Roster's sign-in, its enterprises, VNPT Long An's staff found by e-mail (Phạm Thị Ngọc Ánh's), and a
    POST /staff refused as roster refuses the same person added again."""

    def __init__(self, account: dict[str, Any]) -> None:
        self.account = account
        self.posted: list[tuple[str, dict[str, Any]]] = []
        self.found_by_email: list[dict[str, str]] = []  # GET /staff?email=…: the queries asked
        self.found_by_name: list[dict[str, str]] = []  # GET /staff?name=…: the queries asked

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (signed := sign_in_answer(request, self.account, PASSWORD)) is not None:
            return signed
        path = request.url.path
        if request.method == "GET" and path == "/staff" and "email" in request.url.params:
            query = dict(request.url.params)
            self.found_by_email.append(query)
            held = query["email"] == "anhptn@vnpt-longan.vn" and query.get("enterprise_id") == "e1"
            anh = {"id": ANH, "enterprise_id": "e1", "full_name": "Phạm Thị Ngọc Ánh", "email": "anhptn@vnpt-longan.vn"}
            return httpx.Response(
                200, json={"items": [anh] if held else [], "limit": 10, "total": int(held), "next": None}
            )
        if request.method == "GET" and path == "/staff" and "name" in request.url.params:
            query = dict(request.url.params)
            self.found_by_name.append(query)
            held = query["name"] == "Quách Thị Lan" and query.get("enterprise_id") == "e1"
            lan = {"id": LAN, "enterprise_id": "e1", "full_name": "Quách Thị Lan", "email": None, "phone": "0913555202"}
            return httpx.Response(200, json={"items": [lan] if held else [], "limit": 50, "total": 1, "next": None})
        if request.method == "POST":
            body = json.loads(request.content)
            self.posted.append((path, body))
            if path == "/staff" and len(body.get("phone") or "") > 30:  # judged by roster's own schema
                return _schema_refusal(StaffIn, {**body, "enterprise_id": str(uuid.uuid4())})
            if path == "/staff" and body["full_name"] == "Quách Thị Lan":
                return httpx.Response(201, json={**body, "id": "s-lan-2", "version": 1, "warnings": []})
            if path == "/staff" and body["full_name"] == "nguyễn văn an":  # roster writes it as names are
                return httpx.Response(201, json={**AN, "warnings": [AN_CAPITALISED]})
            if path == "/staff":
                message_vi = (
                    "Phạm Thị Ngọc Ánh đã có trong danh sách nhân sự của VNPT Long An, với email anhptn@vnpt-longan.vn: "
                    "hãy mở hồ sơ đó để sửa thay vì thêm lại."
                )
                error = {
                    "field": "email",
                    "rule": "staff-already-listed",
                    "message": "Phạm Thị Ngọc Ánh is already in the staff list of VNPT Long An",
                    "message_vi": message_vi,
                    "staff_id": ANH,
                    "full_name": "Phạm Thị Ngọc Ánh",
                    "enterprise_name": "VNPT Long An",
                }
                problem = {"type": "x/staff-already-listed", "detail": error["message"], "detail_vi": message_vi}
                return httpx.Response(409, json={**problem, "errors": [error]})
        if request.method == "GET" and path == f"/staff/{AN['id']}":
            return httpx.Response(200, json=AN, headers={"etag": '"1"'})
        if path == "/enterprises":
            return httpx.Response(
                200, json={"items": [{"id": "e1", "name": "VNPT Long An"}], "limit": 500, "total": 1, "next": None}
            )
        if path == "/campaigns":
            return httpx.Response(200, json={"items": [], "limit": 500, "total": 0, "next": None})
        return httpx.Response(200, json={"items": [], "limit": 500, "total": 0, "next": None})


def _schema_refusal(schema: type[BaseModel], body: dict[str, Any]) -> httpx.Response:
    """A service's 422 of `body` refused by its request `schema`, as the service words it."""
    from fastapi.exceptions import RequestValidationError

    from lichtruc.problems import validation_problem

    try:
        schema.model_validate(body)
    except ValidationError as exc:
        refused = RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()], body=body)
        return httpx.Response(422, json=validation_problem(refused).body())
    raise AssertionError(f"{schema.__name__} takes {body}")


def _csrf(page: str) -> str:
    return present(re.search(r'name="csrf_token" value="([^"]+)"', page)).group(1)


def _summary(page: str, box: str) -> list[tuple[str, str]]:
    """A form's list of errors at its top (the error summary `box`, "": one without an id): (the link's target, the
    line's text) each. It is the page's one alert: the refusals beside the fields describe them (QA Z17)."""
    named = f' id="{box}"' if box else ""
    assert "error-summary" in one_alert(page)
    found = present(re.search(rf'<div class="message error error-summary" role="alert"{named}>(.*?)</div>', page, re.S))
    lines = re.findall(r'<li>(?:<a href="#([^"]+)">)?(.*?)(?:</a>)?</li>', found.group(1), re.S)
    return [(target, html.unescape(re.sub(r"\s+", " ", text)).strip()) for target, text in lines]


def _marked(page: str, control: str) -> bool:
    return bool(re.search(rf'<(?:input|select|textarea)[^>]* id="{control}"[^>]* aria-invalid="true"', page))


async def test_the_staff_form_names_every_mistake_in_one_answer() -> None:
    roster = Roster(MANAGER)
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        form = await client.get("/manage/staff/new")
        typed = {"csrf_token": _csrf(form.text), "enterprise_id": "e1", "full_name": "", "phone": "12ab",
                 "email": "anhptn@", "active": "yes"}  # fmt: skip
        refused, _ = await refused_and_shown(client, "/manage/staff", typed, to="/manage/staff/new")
        assert refused.status_code == 422 and roster.posted == []
        assert _summary(refused.text, "staff-errors") == [
            ("f-full_name", "Hãy nhập họ và tên."),
            ("f-email", "Địa chỉ email không hợp lệ, ví dụ: ten@doanhnghiep.vn."),
            ("f-phone", "Số điện thoại không hợp lệ: cần từ 8 đến 15 chữ số."),
            (
                "f-qualifications-leader",
                "Hãy chọn ít nhất một chuyên môn: người đang làm việc cần chuyên môn để được xếp vào ca trực.",
            ),
        ]
        assert "Chưa lưu được: hãy sửa các ô được đánh dấu." in refused.text
        for control in ("f-full_name", "f-email", "f-phone", "f-qualifications-leader", "f-qualifications-guard"):
            assert _marked(refused.text, control), control

        # one no longer at work needs no qualification
        typed |= {"full_name": "Võ Văn Kiệt", "phone": "0912 345 678", "email": "", "active": ""}
        posted = await client.post("/manage/staff", data=typed)
        assert posted.status_code == 303 and roster.posted[-1][0] == "/staff"


async def test_a_person_added_again_is_told_she_is_listed_with_a_link_to_her_record() -> None:
    roster = Roster(MANAGER)
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        form = await client.get("/manage/staff/new")
        typed = {"csrf_token": _csrf(form.text), "enterprise_id": "e1", "full_name": "Phạm Thị Ngọc Ánh",
                 "email": "anhptn@vnpt-longan.vn", "qualifications": ["operator"], "active": "yes"}  # fmt: skip
        refused, _ = await refused_and_shown(client, "/manage/staff", typed, to="/manage/staff/new")
        assert refused.status_code == 422
        text = html.unescape(refused.text)
        assert "đã có trong danh sách nhân sự của VNPT Long An" in text and "dùng chung email" not in text
        link = present(re.search(r'<p class="message warn" id="staff-listed"><a href="([^"]+)">(.*?)</a>', text))
        assert (link.group(1), link.group(2)) == (f"/manage/staff/{ANH}", "Mở hồ sơ của Phạm Thị Ngọc Ánh để sửa")
        assert _summary(refused.text, "staff-errors")[0][0] == "f-email"


async def test_a_person_already_listed_is_told_so_with_the_forms_other_mistakes() -> None:
    """QA: "already listed" came only once the phone and the qualifications were mended. The form's own mistakes
    keep it from being sent, and roster, sent it, checks the fields first: the portal asks roster's list by a read
    whether the name and e-mail typed are already in it, and says so with the others in one answer."""
    roster = Roster(MANAGER)
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        form = await client.get("/manage/staff/new")
        # her name as typed again, spaces, case and accents aside, and her address in capitals
        typed = {"csrf_token": _csrf(form.text), "enterprise_id": "e1", "full_name": "phạm thị ngọc  ÁNH",
                 "email": "AnhPTN@vnpt-longan.vn", "phone": "12ab", "active": "yes"}  # fmt: skip
        refused, _ = await refused_and_shown(client, "/manage/staff", typed, to="/manage/staff/new")
        assert refused.status_code == 422 and roster.posted == []  # nothing sent: one read
        assert roster.found_by_email == [{"enterprise_id": "e1", "email": "anhptn@vnpt-longan.vn", "limit": "10"}]
        assert _summary(refused.text, "staff-errors") == [
            (
                "f-email",
                "Phạm Thị Ngọc Ánh đã có trong danh sách nhân sự của VNPT Long An, với email anhptn@vnpt-longan.vn: "
                "hãy mở hồ sơ đó để sửa thay vì thêm lại.",
            ),
            ("f-phone", "Số điện thoại không hợp lệ: cần từ 8 đến 15 chữ số."),
            (
                "f-qualifications-leader",
                "Hãy chọn ít nhất một chuyên môn: người đang làm việc cần chuyên môn để được xếp vào ca trực.",
            ),
        ]
        assert _marked(refused.text, "f-email") and _marked(refused.text, "f-phone")
        link = present(
            re.search(r'<p class="message warn" id="staff-listed"><a href="([^"]+)">(.*?)</a>', refused.text)
        )
        assert (link.group(1), html.unescape(link.group(2))) == (
            f"/manage/staff/{ANH}",
            "Mở hồ sơ của Phạm Thị Ngọc Ánh để sửa",
        )

        # another name with her address is not she: the address is hers, said with the form's own mistakes (QA: it
        # came only once they were mended), and no link to edit her record as if it were this person's
        await client.get("/lang/en")
        refused, _ = await refused_and_shown(
            client, "/manage/staff", typed | {"full_name": "Phạm Ngọc Ánh"}, to="/manage/staff/new"
        )
        assert _summary(refused.text, "staff-errors") == [
            (
                "f-email",
                "The e-mail anhptn@vnpt-longan.vn is already Phạm Thị Ngọc Ánh's in the staff list of VNPT Long An: "
                "check this person's e-mail, or leave it empty.",
            ),
            ("f-phone", "Not a valid phone number: 8 to 15 digits."),
            ("f-qualifications-leader", present(_summary(refused.text, "staff-errors")[2][1])),
        ]
        assert 'id="staff-listed"' not in refused.text and roster.posted == []
        # and in English, said the portal's way too
        refused, _ = await refused_and_shown(client, "/manage/staff", typed, to="/manage/staff/new")
        assert _summary(refused.text, "staff-errors")[0] == (
            "f-email",
            "Phạm Thị Ngọc Ánh is already in the staff list of VNPT Long An, with the e-mail anhptn@vnpt-longan.vn: "
            "open their record to change it rather than adding them again.",
        )


def _over(lang: str, n: int, most: int) -> str:
    if lang == "vi":
        return f"Thừa {n} ký tự (tối đa {most}) — hãy rút gọn trước khi gửi."
    return f"Over the limit by {n} (at most {most} characters) — shorten it before sending."


async def test_the_staff_forms_length_refusals_alone_are_listed_under_their_boxs_label() -> None:
    """E2 (QZ20 #4): a box past its limit was listed at the form's top as “Quá 9 ký tự (tối đa 200) — …”, naming no
    box. Its line now begins with the box's label, whether the portal counted it or roster refused it; the form's
    other sentences name their box already (“Số điện thoại không hợp lệ…”) and are not labelled twice over."""
    roster = Roster(MANAGER)
    labels = {"vi": ("Họ và tên", "Email", "Số điện thoại"), "en": ("Full name", "Email", "Phone")}
    phone_invalid = {"vi": "Số điện thoại không hợp lệ: cần từ 8 đến 15 chữ số.", "en": "Not a valid phone number: 8 to 15 digits."}  # fmt: skip
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        for lang, (name, email, phone) in labels.items():
            await client.get(f"/lang/{lang}")
            roster.posted.clear()
            form = await client.get("/manage/staff/new")
            typed = {"csrf_token": _csrf(form.text), "enterprise_id": "e1", "full_name": "Nguyễn Văn An " * 15,
                     "phone": "12ab", "email": "a" * 250 + "@vnpt.vn", "qualifications": ["guard"], "active": "yes"}  # fmt: skip
            refused, _ = await refused_and_shown(client, "/manage/staff", typed, to="/manage/staff/new")
            assert refused.status_code == 422 and roster.posted == []  # counted by the portal: 209 and 258 sent
            assert _summary(refused.text, "staff-errors") == [
                ("f-full_name", f"{name}: {_over(lang, 9, 200)}"),
                ("f-email", f"{email}: {_over(lang, 4, 254)}"),
                ("f-phone", phone_invalid[lang]),
            ]
            assert _field_error(refused.text, "full_name") == _over(lang, 9, 200)  # beside the box, no label

            # a phone number the portal lets through, 32 characters long: roster's refusal, labelled the same way
            typed |= {"full_name": "Lê Văn Tám", "email": "", "phone": "0272" + " -" * 10 + " 3826000"}
            refused, _ = await refused_and_shown(client, "/manage/staff", typed, to="/manage/staff/new")
            assert roster.posted[-1][0] == "/staff"
            assert _summary(refused.text, "staff-errors") == [("f-phone", f"{phone}: {_over(lang, 2, 30)}")]
            assert _field_error(refused.text, "phone") == _over(lang, 2, 30)

        # the edit of someone listed: the same
        edit = await client.get(f"/manage/staff/{AN['id']}")
        typed = {"csrf_token": _csrf(edit.text), "version": "1", "full_name": "Nguyễn Văn An " * 15, "phone": "1",
                 "language": "vi", "qualifications": ["guard"], "active": "yes"}  # fmt: skip
        refused, _ = await refused_and_shown(client, f"/manage/staff/{AN['id']}", typed, to=f"/manage/staff/{AN['id']}")
        assert _summary(refused.text, "staff-errors") == [
            ("f-full_name", f"Full name: {_over('en', 9, 200)}"),
            ("f-phone", phone_invalid["en"]),
        ]


INSPECTOR: dict[str, Any] = {
    "id": "a9",
    "login": "thanhtra@stttt.longan.gov.vn",
    "display_name": "Lê Thanh Tra",
    "role": "inspector",
    "enterprise_ids": [],
    "staff_id": None,
}


async def test_the_inspection_plan_says_a_day_gone_with_the_fields_missing() -> None:
    """QA: the day was only checked once the team was filled in. A day gone, no purpose and no inspector are said
    in one answer, each beside its field and listed at the top; roster is not asked."""
    roster = Roster(INSPECTOR)
    async with signed_in_portal(roster, INSPECTOR["login"], PASSWORD, now=NOW) as client:
        page = await client.get("/inspect/inspections")
        assert page.status_code == 200, page.text
        typed = {"csrf_token": _csrf(page.text), "enterprise_id": "", "planned_on": "2027-02-01", "purpose": " ",
                 "inspectors": " ; "}  # fmt: skip
        refused, _ = await refused_and_shown(client, "/inspect/inspections", typed, to="/inspect/inspections")
        assert refused.status_code == 422 and roster.posted == []
        said = {
            "enterprise_id": "Hãy chọn doanh nghiệp được kiểm tra.",
            "planned_on": "Ngày kiểm tra đã qua (hôm nay là 07/02/2027 (Mùng 2 Tết Đinh Mùi), giờ Việt Nam): hãy chọn "
            "hôm nay hoặc một ngày sắp tới.",
            "purpose": "Hãy ghi mục đích, nội dung kiểm tra.",
            "inspectors": "Hãy ghi tên ít nhất một thành viên đoàn kiểm tra.",
        }
        # listed at the top as the other forms list them: each field's name, what is wrong and what to do, a link to
        # the field (QA: it named the fields alone)
        assert _summary(refused.text, "plan-errors") == [
            ("f-enterprise_id", f"Doanh nghiệp: {said['enterprise_id']}"),
            ("f-planned_on", f"Ngày kiểm tra: {said['planned_on']}"),
            ("f-purpose", f"Mục đích, nội dung kiểm tra: {said['purpose']}"),
            ("f-inspectors", f"Thành viên đoàn kiểm tra: {said['inspectors']}"),
        ]
        for control in ("f-enterprise_id", "f-planned_on", "f-purpose", "f-inspectors"):
            assert _marked(refused.text, control), control
        text = html.unescape(refused.text)
        for name, words in said.items():  # beside its field, and once more in the summary
            assert f'<p class="error" id="e-{name}">{words}</p>' in text, name
            assert text.count(words) == 2, name
        # alerted once, the summary: the sentences beside the fields describe them (QA Z17: said twice)
        assert refused.text.count('role="alert"') == 1


VIETTEL_STATION = {"id": "site-tbt", "enterprise_id": "e2", "name": "Trạm BTS Thái Bình Trung"}
VNPT_CENTRE = {"id": "site-noc", "enterprise_id": "e1", "name": "Trung tâm Điều hành VNPT Long An"}


class InspectionRoster(Roster):
    """Roster with two enterprises and a site each, whose POST /inspections refuses what roster's own schema does
    (and otherwise answers it as the plan's site refused, so that a test reads what was sent)."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/enterprises":
            items = [{"id": "e1", "name": "VNPT Long An"}, {"id": "e2", "name": "Viettel Long An"}]
            return httpx.Response(200, json={"items": items, "limit": 500, "total": 2, "next": None})
        if request.method == "GET" and path == "/sites":
            return httpx.Response(
                200, json={"items": [VIETTEL_STATION, VNPT_CENTRE], "limit": 500, "total": 2, "next": None}
            )
        if request.method == "GET" and path.startswith("/sites/"):
            site = next((s for s in (VIETTEL_STATION, VNPT_CENTRE) if path == f"/sites/{s['id']}"), None)
            return httpx.Response(200, json=site) if site else httpx.Response(404, json={"detail": "no such site"})
        if request.method == "POST" and path == "/inspections":
            self.posted.append((path, json.loads(request.content)))
            return httpx.Response(422, json={"detail": "refused", "errors": []})
        return super().__call__(request)


async def test_the_inspection_plan_says_too_many_inspectors_and_a_site_elsewhere_with_the_rest() -> None:
    """QZ24: the plan form had no site, though a plan may name one of the enterprise's; and eleven inspectors were
    refused only on the second send, after the other mistakes were mended. The sites are offered under their
    enterprise's name; eleven names, a site of another enterprise, a day left empty and a purpose too long are said
    in one answer — how many were typed —, roster not asked; mended, the site chosen is what roster is sent."""
    roster = InspectionRoster(INSPECTOR)
    async with signed_in_portal(roster, INSPECTOR["login"], PASSWORD, now=NOW) as client:
        page = await client.get("/inspect/inspections")
        assert page.status_code == 200, page.text
        groups = re.findall(r'<optgroup label="([^"]+)"[^>]*>(.*?)</optgroup>', page.text, re.S)
        assert [(label, re.findall(r">([^<]+)</option>", options)) for label, options in groups] == [
            ("Viettel Long An", ["Trạm BTS Thái Bình Trung"]),  # the enterprises' order (by name)
            ("VNPT Long An", ["Trung tâm Điều hành VNPT Long An"]),
        ]
        eleven = "\n".join(f"Thanh tra viên {n}" for n in range(1, 12))
        typed = {"csrf_token": _csrf(page.text), "enterprise_id": "e1", "site_id": "site-tbt", "planned_on": "",
                 "purpose": "x" * 4001, "inspectors": eleven}  # fmt: skip
        refused, _ = await refused_and_shown(client, "/inspect/inspections", typed, to="/inspect/inspections")
        assert refused.status_code == 422 and roster.posted == []
        assert _summary(refused.text, "plan-errors") == [
            (
                "f-site_id",
                "Địa điểm: “Trạm BTS Thái Bình Trung” là địa điểm của Viettel Long An, không phải của VNPT Long An "
                "(doanh nghiệp đã chọn): hãy chọn một địa điểm của VNPT Long An, hoặc để trống.",  # both named (QZ25 #4)
            ),
            ("f-planned_on", "Ngày kiểm tra: Hãy chọn ngày kiểm tra."),
            ("f-purpose", "Mục đích, nội dung kiểm tra: Thừa 1 ký tự (tối đa 4000) — hãy rút gọn trước khi gửi."),
            ("f-inspectors", "Thành viên đoàn kiểm tra: Đã ghi 11 người, tối đa 10: hãy bớt 1 người."),
        ]
        for control in ("f-site_id", "f-planned_on", "f-purpose", "f-inspectors"):
            assert _marked(refused.text, control), control
        assert 'value="site-tbt" selected' in refused.text  # what was chosen, kept
        # the groups say whose they are, for the script to offer the chosen enterprise's alone
        assert '<select id="f-site_id" name="site_id" data-follows="f-enterprise_id"' in refused.text
        assert '<optgroup label="Viettel Long An" data-enterprise="e2">' in refused.text
        typed |= {"site_id": "site-noc", "planned_on": "2027-02-10", "purpose": "Kiểm tra trực Tết",
                  "inspectors": "Lê Văn Thành\nPhạm Thị Hồng"}  # fmt: skip
        await client.post("/inspect/inspections", data=typed)
        [(_, sent)] = roster.posted
        assert (sent["enterprise_id"], sent["site_id"], sent["inspectors"]) == (
            "e1",
            "site-noc",
            ["Lê Văn Thành", "Phạm Thị Hồng"],
        )


# --- the reminder settings: the portal's mistakes and notifier's webhook host in one answer ---------------------------

STAFF: dict[str, Any] = {
    "id": "a5",
    "login": "tuyetnt@viettel-longan.vn",
    "display_name": "Nguyễn Thị Tuyết",
    "role": "staff",
    "enterprise_ids": ["e1"],
    "staff_id": "s-tuyet",
}
EVIL = "https://evil.example.com/hook"


class Notifier:
    """Roster's sign-in and notifier's preferences of one person; a PUT is judged by notifier's own schema, its
    refusal of a host it may not call (only chat.example.vn is allowed) and its problems — both in one answer."""

    def __init__(self) -> None:
        self.put: list[tuple[str, dict[str, Any]]] = []  # (the query, the body)
        self.offsets: list[int] | None = None  # the reminder times saved last (None: the default)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        from fastapi.exceptions import RequestValidationError
        from pydantic import ValidationError

        from lichtruc.problems import validation_problem
        from notifier.api.problems import field_errors, to_problem
        from notifier.api.schemas import PreferencesIn
        from notifier.domain.errors import WebhookUrlNotAllowed
        from notifier.domain.webhooks import webhook_url_refusal

        if (signed := sign_in_answer(request, STAFF, PASSWORD)) is not None:
            return signed
        if request.url.path != "/people/s-tuyet/preferences":
            return httpx.Response(200, json={"items": [], "limit": 500, "total": 0, "next": None})
        if request.method == "GET":
            return httpx.Response(200, json={
                "staff_id": "s-tuyet", "known_person": True, "full_name": "Nguyễn Thị Tuyết", "email": None,
                "language": "vi", "language_set": None, "channels": ["email"],
                "reminder_offsets_minutes": self.offsets or [1440, 60], "uses_default_offsets": self.offsets is None,
                "default_offsets_minutes": [1440, 60], "quiet_hours": None, "webhook_url": None,
                "has_webhook_secret": False, "updated_at": None})  # fmt: skip
        body = json.loads(request.content)
        self.put.append((request.url.query.decode(), body))
        found = webhook_url_refusal(body.get("webhook_url") or "https://chat.example.vn/", ("chat.example.vn",))
        refused = None if found is None else WebhookUrlNotAllowed(found.detail, found.detail_vi, check=found.rule)
        try:
            PreferencesIn.model_validate(body)
        except ValidationError as exc:
            schema = RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()], body=body)
            problem = validation_problem(schema, also=field_errors(refused) if refused else ())
            return httpx.Response(422, json=problem.body())
        if refused is not None:
            return httpx.Response(422, json=to_problem(refused).body())
        if not request.url.query:
            self.offsets = body["reminder_offsets_minutes"]
        return httpx.Response(200, json=body)


def _field_error(page: str, name: str) -> str:
    return html.unescape(present(re.search(rf'<p class="error" id="e-{name}"[^>]*>(.*?)</p>', page, re.S)).group(1))


async def test_the_reminder_form_says_its_own_mistake_and_the_webhooks_host_in_one_answer() -> None:
    """QA: a quiet hours' mistake was said first, the webhook's host (notifier's to judge) only at the next send."""
    notifier = Notifier()
    host = {"vi": "không được phép gọi máy chủ evil.example.com", "en": "may not call the host evil.example.com"}
    same = {"vi": "Giờ bắt đầu và kết thúc phải khác nhau.", "en": "Start and end must differ."}
    long = {  # by how much, as portal.js says it under the box (QZ17 #4)
        "vi": "Thừa 2 ký tự (tối đa 200) — hãy rút gọn trước khi gửi.",
        "en": "Over the limit by 2 (at most 200 characters) — shorten it before sending.",
    }
    async with signed_in_portal(notifier, STAFF["login"], PASSWORD, now=NOW) as client:
        for lang in ("vi", "en"):
            await client.get(f"/lang/{lang}")
            notifier.put.clear()
            form = await client.get("/me/reminders")
            # the default language says which one the staff record gives (QA: "Theo hồ sơ cán bộ" alone)
            record = {"vi": "Theo hồ sơ cán bộ: Tiếng Việt", "en": "As in the staff record: Vietnamese"}[lang]
            assert f'<option value="" selected>{record}</option>' in form.text
            # Sending to the enterprise's own system is folded under "Advanced", shut for one on e-mail only, and said
            # in words a duty worker knows (QZ11 #13: "Webhook", "Địa chỉ webhook riêng")
            fold = {
                "vi": "Nâng cao: gửi tới hệ thống của doanh nghiệp",
                "en": "Advanced: send to your enterprise's system",
            }
            assert f'<details class="fold">\n    <summary>{fold[lang]}</summary>' in html.unescape(form.text)
            assert "Webhook" not in form.text and "webhook riêng" not in form.text
            typed = {"csrf_token": _csrf(form.text), "use_default": "on", "channels": ["email"], "quiet_start": "22:00",
                     "quiet_end": "22:00", "webhook_url": EVIL, "webhook_secret": "her-own-secret-123456"}  # fmt: skip
            refused, _ = await refused_and_shown(client, "/me/reminders", typed, to="/me/reminders")
            assert refused.status_code == 422
            assert [query for query, _ in notifier.put] == ["dry_run=true"]  # asked, nothing saved
            assert host[lang] in _field_error(refused.text, "webhook_url")
            assert _field_error(refused.text, "quiet_end") == same[lang]
            assert [target for target, _ in _summary(refused.text, "")] == ["f-webhook_url", "f-quiet_end"]
            assert "e-quiet_start" not in refused.text  # the quiet hours' mistake is said once, by the portal
            assert '<details class="fold" open>' in refused.text  # the address refused is in sight

            # Nothing the portal refuses: notifier's one answer names both fields, each said at its own.
            typed |= {"quiet_end": "06:00", "webhook_secret": "x" * 202}
            refused, _ = await refused_and_shown(client, "/me/reminders", typed, to="/me/reminders")
            assert notifier.put[-1][0] == ""  # the save itself, refused
            assert host[lang] in _field_error(refused.text, "webhook_url")
            assert _field_error(refused.text, "webhook_secret") == long[lang]
            # listed at the top, the length refusal alone under its box's label (E2: it named no box); notifier's
            # words of the host name their box already
            secret = {"vi": "Khóa bí mật dùng chung với hệ thống đó", "en": "Secret shared with that system"}[lang]
            listed = dict(_summary(refused.text, ""))
            assert listed["f-webhook_secret"] == f"{secret}: {long[lang]}"
            # F2 left: notifier's words named the box its own way ("Địa chỉ webhook: …") under a label that differs;
            # now they follow the form's label, as the other boxes' lines do
            url = {"vi": "Địa chỉ nhận của hệ thống doanh nghiệp", "en": "Your enterprise system's receiving address"}
            refusal = {
                "vi": "Dịch vụ thông báo không được phép gọi máy chủ evil.example.com. Hãy đề nghị quản trị viên cho "
                "phép máy chủ này, hoặc dùng kênh khác.",
                "en": "Notifier may not call the host evil.example.com. Ask the administrator to allow it, or use "
                "another channel.",
            }
            assert _field_error(refused.text, "webhook_url") == refusal[lang]
            assert listed["f-webhook_url"] == f"{url[lang]}: {refusal[lang]}"
            # and an address past notifier's limit says by how much, as the box's script does (not "là địa chỉ URL
            # quá dài (tối đa 2083 ký tự)")
            too_long = {
                "vi": "Thừa 11 ký tự (tối đa 2083) — hãy rút gọn trước khi gửi.",
                "en": "Over the limit by 11 (at most 2083 characters) — shorten it before sending.",
            }
            long_url = {**typed, "quiet_end": "06:00", "webhook_url": "https://chat.example.vn/" + "a" * 2070}
            refused, _ = await refused_and_shown(
                client, "/me/reminders", {**long_url, "webhook_secret": "her-own-secret-123456"}, to="/me/reminders"
            )
            assert _field_error(refused.text, "webhook_url") == too_long[lang]
            assert _summary(refused.text, "") == [("f-webhook_url", f"{url[lang]}: {too_long[lang]}")]
            # the portal's own mistake with them: notifier's dry run says the secret's length, labelled as well
            typed |= {"quiet_end": "22:00"}
            refused, _ = await refused_and_shown(client, "/me/reminders", typed, to="/me/reminders")
            assert notifier.put[-1][0] == "dry_run=true"
            listed = dict(_summary(refused.text, ""))
            assert (listed["f-webhook_secret"], listed["f-quiet_end"]) == (f"{secret}: {long[lang]}", same[lang])


async def test_a_time_ticked_with_the_default_box_left_ticked_is_kept_and_said_so() -> None:
    """QA: "Trước 2 giờ" ticked while "Dùng mặc định" stayed ticked (no script to untick it) was dropped, the default
    saved, "Đã lưu" said. A time ticked is the person's own choice: saved, and the notice says the times were kept."""
    notifier = Notifier()
    async with signed_in_portal(notifier, STAFF["login"], PASSWORD, now=NOW) as client:
        form = await client.get("/me/reminders")
        typed = {"csrf_token": _csrf(form.text), "use_default": "1", "offsets": ["120"], "channels": ["email"]}
        saved = await client.post("/me/reminders", data=typed)
        assert saved.status_code == 303 and saved.headers["location"] == "/me/reminders?saved=1&own_times=1"
        assert notifier.put[-1] == ("", {**notifier.put[-1][1], "reminder_offsets_minutes": [120]})
        page = html.unescape((await client.get(saved.headers["location"])).text)
        assert "Đã lưu giờ nhắc bạn chọn: 2 giờ trước giờ trực. Bạn đã đánh dấu cả “Dùng mặc định" in page
        assert re.search(r'<input type="checkbox" id="f-offsets-120" name="offsets" value="120" checked', page)
        assert not re.search(r'name="use_default" value="1" checked', page)

        # the default alone is the default, said as ever
        saved = await client.post("/me/reminders", data={**typed, "offsets": []})
        assert saved.headers["location"] == "/me/reminders?saved=1"
        assert notifier.put[-1][1]["reminder_offsets_minutes"] is None


async def test_a_second_person_of_a_name_already_listed_is_asked_about_first() -> None:
    """QA: "Quách Thị Lan", no e-mail, no phone, added while one was listed, said "saved" and made a second; shift
    imports by name then refused her. The form asks first (roster's `?name=`, the staff import's rule), naming her
    with her phone and a link to her record; "add a new person anyway" (no script: the name asked about, sent back)
    adds her; a name changed since is asked about again."""
    roster = Roster(MANAGER)
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        form = await client.get("/manage/staff/new")
        typed = {"csrf_token": _csrf(form.text), "enterprise_id": "e1", "full_name": "Quách Thị Lan",
                 "qualifications": ["guard"], "active": "yes"}  # fmt: skip
        asked, _ = await refused_and_shown(client, "/manage/staff", typed, to="/manage/staff/new")
        assert asked.status_code == 409 and roster.posted == []
        assert roster.found_by_name == [{"enterprise_id": "e1", "name": "Quách Thị Lan"}]
        text = html.unescape(re.sub(r"\s+", " ", asked.text))
        assert "VNPT Long An đã có người tên “Quách Thị Lan”." in text and "Đã lưu" not in text
        assert f'<a href="/manage/staff/{LAN}">Mở hồ sơ đã có</a>: Quách Thị Lan (điện thoại 0913 555 202)' in text
        assert '<input type="hidden" name="same_name" value="Quách Thị Lan">' in text
        assert '<button type="submit">Vẫn thêm người mới</button>' in text

        # the name changed since the question: asked about again, not added on the old answer
        other = typed | {"csrf_token": _csrf(asked.text), "same_name": "Quách Thị Lan Anh"}
        again, _ = await refused_and_shown(client, "/manage/staff", other, to="/manage/staff/new")
        assert again.status_code == 409 and roster.posted == []

        await client.get("/lang/en")
        asked, _ = await refused_and_shown(client, "/manage/staff", typed, to="/manage/staff/new")
        text = html.unescape(re.sub(r"\s+", " ", asked.text))
        assert "VNPT Long An already has someone named “Quách Thị Lan”." in text
        assert '<button type="submit">Add a new person anyway</button>' in text
        added = await client.post("/manage/staff", data=typed | {"same_name": "Quách Thị Lan"})
        assert added.status_code == 303 and added.headers["location"] == "/manage/staff/s-lan-2?saved=1"
        assert [path for path, _ in roster.posted] == ["/staff"]


async def test_a_name_typed_in_lower_case_is_saved_written_as_names_are_and_the_page_says_so_once() -> None:
    """QZ10 #13: "nguyễn văn an" was stored and shown as typed. Roster writes it "Nguyễn Văn An" and says so; the
    person's page, after the redirect, says it once (a reload does not)."""
    roster = Roster(MANAGER)
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        form = await client.get("/manage/staff/new")
        typed = {"csrf_token": _csrf(form.text), "enterprise_id": "e1", "full_name": "nguyễn văn an",
                 "qualifications": ["guard"], "active": "yes"}  # fmt: skip
        added = await client.post("/manage/staff", data=typed)
        assert added.status_code == 303 and added.headers["location"] == f"/manage/staff/{AN['id']}?saved=1"
        page = await client.get(added.headers["location"])
        text = html.unescape(re.sub(r"\s+", " ", page.text))
        assert "Đã viết hoa chữ cái đầu: Nguyễn Văn An (đã gõ “nguyễn văn an”)." in text
        assert 'value="Nguyễn Văn An"' in page.text
        again = await client.get(added.headers["location"])
        assert "Đã viết hoa chữ cái đầu" not in again.text


async def test_a_staff_edit_past_the_boxes_limits_sent_without_script_is_refused_beside_them_kept() -> None:
    """QZ14 #2: the name, phone and e-mail boxes carried maxlengths that cut a paste without a word, and a name past
    300 characters was refused by the portal's form reading on a page of its own. The boxes count down to roster's
    limits (data-max, from the text-limits table); sent past them without script, each is refused beside its box
    with what was typed kept, in the words portal.js says under it (QZ17 #4: 'Họ và tên dài quá 200 ký tự.')."""
    roster = Roster(MANAGER)
    page = f"/manage/staff/{AN['id']}"
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        form = await client.get(page)
        for name, limit in (("full_name", 200), ("phone", 30), ("email", 254)):
            box = present(re.search(rf'<input id="f-{name}" name="{name}"[^>]*>', form.text)).group(0)
            assert f'data-max="{limit}"' in box and "maxlength" not in box, box
        full_name = "Nguyễn Thị Ánh Tuyết " * 16  # 336 characters
        email = "a" * 300 + "@vnpt-longan.vn"
        typed = {"csrf_token": _csrf(form.text), "version": "1", "full_name": full_name, "email": email,
                 "phone": "0912 345 678", "qualifications": "guard", "active": "yes", "language": "vi"}  # fmt: skip
        refused, _ = await refused_and_shown(client, page, typed, to=page)
        assert refused.status_code == 422 and roster.posted == []
        # in portal.js's words under the box, by how much as sent (trimmed), and roster's limit (QZ17 #4)
        assert _field_error(refused.text, "full_name") == "Thừa 135 ký tự (tối đa 200) — hãy rút gọn trước khi gửi."
        assert _field_error(refused.text, "email") == "Thừa 61 ký tự (tối đa 254) — hãy rút gọn trước khi gửi."
        assert _marked(refused.text, "f-full_name") and _marked(refused.text, "f-email")
        for name, value in (("full_name", full_name), ("email", email)):  # as typed, to shorten
            kept = present(re.search(rf'<input id="f-{name}" name="{name}"[^>]*value="([^"]*)"', refused.text))
            assert html.unescape(kept.group(1)) == value, name
