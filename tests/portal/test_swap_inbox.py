"""The manager's swap inbox without a browser: for an open request ("anyone qualified") the manager chooses
among the colleagues roster would accept (its swap candidates for the person asking: active, qualified, free),
grouped as on the staff member's ask form — never among the whole staff list, of whom roster then refused
many. One read per open request on the page, a few at a time; roster's refusal of a choice is said in words
naming the person, with the names roster gives with the request (or the one person chosen), never the whole
staff list. Roster is stood in for by httpx.MockTransport."""

from __future__ import annotations

import asyncio
import html
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from portal.app import create_app
from portal.handlers.swaps import CANDIDATE_READS_AT_ONCE
from portal.settings import PortalSettings
from support import present

from .refusals import one_alert

PASSWORD = "đúng mật khẩu 2027"
MANAGER: dict[str, Any] = {
    "id": "a3",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": ["e1"],
    "staff_id": None,
}
ASKER = ("s1", "Phạm Thị Ngọc Ánh")
NAMED = ("s9", "Võ Minh Tâm")
# Roster's candidates for s1 on shift h1, in Vietnamese order within each group.
CANDIDATES = [
    {"id": "s4", "full_name": "Đặng Văn Bảo", "shared_shift": True},
    {"id": "s2", "full_name": "Lê Thị Hoa", "shared_shift": False},
    {"id": "s5", "full_name": "Nguyễn Văn An", "shared_shift": False},
]
# The whole staff list: the unqualified and the inactive are on it too (the inbox no longer reads it).
STAFF = [
    {"id": "s6", "full_name": "Trần Văn Không", "active": True, "qualifications": []},
    {"id": "s7", "full_name": "Bùi Thị Nghỉ", "active": False, "qualifications": ["operator"]},
]


def _swap(swap_id: str, shift_id: str, *, to: tuple[str, str] | None = None, reason: str = "") -> dict[str, Any]:
    return {
        "id": swap_id,
        "version": 1,
        "shift_id": shift_id,
        "enterprise_id": "e1",
        "status": "requested",
        "from_staff_id": ASKER[0],
        "from_name": ASKER[1],
        "to_staff_id": to[0] if to else None,
        "to_name": to[1] if to else None,
        "reason": reason or f"Lý do {swap_id}",
        "decision_note": None,
        "created_at": "2027-02-01T02:00:00Z",
        "updated_at": "2027-02-01T02:00:00Z",
        "about": None,
    }


def _problem(status: int, rule: str, staff_id: str) -> httpx.Response:
    error = {"field": "to_staff_id", "rule": rule, "message": f"{staff_id} …", "message_vi": f"{staff_id} …"}
    body = {"type": f"https://lichtruc.example/problems/{rule}", "status": status, "detail": "refused"}
    return httpx.Response(status, json={**body, "errors": [{**error, "staff_id": staff_id}]})


def _page(items: list[dict]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


class Roster:
    """Roster as the inbox reads it: `swaps` listed, `candidates` by shift id (None: 422, the person asking is
    no longer on it), `refusals` by swap id for an approval. Keeps each request, the body of each decision
    (`sent`, by path) and how many candidate reads were in flight at most."""

    def __init__(self, swaps: list[dict], candidates: dict[str, list[dict] | None]) -> None:
        self.swaps = swaps
        self.candidates = candidates
        self.refusals: dict[str, httpx.Response] = {}
        self.asked: list[tuple[str, str, dict[str, str]]] = []
        self.sent: dict[str, dict[str, Any]] = {}
        self.in_flight = 0
        self.most_in_flight = 0
        self.account = MANAGER
        self.shifts: dict[str, dict[str, Any]] = {}  # by id, as GET /shifts/{id} gives them (else a bare one)

    def paths(self, method: str = "GET") -> list[str]:
        return [p for m, p, _ in self.asked if m == method]

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        self.asked.append((method, path, dict(request.url.params)))
        if path == "/auth/login":
            if json.loads(request.content)["password"] != PASSWORD:
                return httpx.Response(401, json={"type": "x/invalid-credentials", "detail": "wrong"})
            token = {"access_token": "t0", "expires_in": 900, "refresh_token": "r0", "refresh_expires_in": 43200}
            return httpx.Response(200, json={**token, "account": self.account, "token_type": "Bearer"})
        if path == "/auth/session":
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": self.account["id"]})
        if path == "/enterprises":
            return _page([{"id": "e1", "name": "VNPT Long An", "sector": "telecom"}])
        if path == "/swaps":  # roster's own status filter
            status = request.url.params.get("status")
            return _page([s for s in self.swaps if not status or s["status"] == status])
        if path == "/staff":
            return _page(STAFF)
        if found := re.fullmatch(r"/shifts/([^/]+)/swap-candidates", path):
            return await self._candidates(found.group(1))
        if found := re.fullmatch(r"/swaps/([^/]+)/(approve|reject)", path):
            self.sent[path] = json.loads(request.content)
            return self.refusals.get(found.group(1)) or httpx.Response(200, json={})
        if found := re.fullmatch(r"/swaps/([^/]+)", path):
            swap = next((s for s in self.swaps if s["id"] == found.group(1)), None)
            return httpx.Response(200, json=swap) if swap else _problem(404, "not-found", found.group(1))
        if path == "/staff/s2":
            return httpx.Response(200, json={"id": "s2", "full_name": "Lê Thị Hoa", "active": True})
        if re.fullmatch(r"/shifts/[^/]+", path):  # the shift an approval handed over: roster's warnings on it
            shift_id = path.rsplit("/", 1)[-1]
            return httpx.Response(200, json=self.shifts.get(shift_id, {"id": shift_id, "warnings": []}))
        if path in ("/duty-types", "/sites", "/campaigns"):  # no drills
            return _page([])
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {method} {path}"})

    async def _candidates(self, shift_id: str) -> httpx.Response:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            for _ in range(5):  # roster takes its time: every other read the portal started gets in meanwhile
                await asyncio.sleep(0)
        finally:
            self.in_flight -= 1
        found = self.candidates[shift_id]
        if found is None:
            return _problem(422, "on-shift", ASKER[0])
        return _page(found)


async def _signed_in(roster: Roster, client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
    form = {"login": roster.account["login"], "password": PASSWORD, "csrf_token": csrf}
    done = await client.post("/login", data=form)
    assert done.status_code == 303


async def _inbox(
    roster: Roster, *steps: tuple[str, str, dict[str, str]], clock: Callable[[], datetime] | None = None
) -> list[httpx.Response]:
    """The answers to GET (or POST, with the page's csrf token added) each (method, path, form), at `clock`'s time."""
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    app = create_app(settings, clock=clock, transport_for=lambda name: httpx.MockTransport(roster))
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        await _signed_in(roster, client)
        answers: list[httpx.Response] = []
        for method, path, form in steps:
            if method == "GET":
                answers.append(await client.get(path))
                continue
            csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', answers[-1].text)).group(1)
            # "POST multipart": the form as a multipart body (a file part beside it, as an import's form sends)
            files = (
                {"attachment": ("ghi-chu.txt", b"D\xc3\xb2ng 1\r\n", "text/plain")} if "multipart" in method else None
            )
            answer = await client.post(path, data={**form, "csrf_token": csrf}, files=files)
            if answer.status_code == 303 and answer.headers["location"] == "/manage/swaps":
                # a refusal redirected to the inbox's own address (Post/Redirect/Get), which shows it once
                answer = await client.get(answer.headers["location"])
                again = await client.get(answer.request.url)
                assert again.status_code == 200 and 'role="alert"' not in again.text  # a reload: the inbox as it is
            answers.append(answer)
        return answers


def _row(answer: httpx.Response, swap_id: str) -> str:
    return present(re.search(rf'<tr id="swap-{swap_id}".*?</tr>', answer.text, re.S)).group(0)


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _groups(row: str) -> list[tuple[str, list[str]]]:
    """The taker choice's groups as read: (label, names in order)."""
    return [
        (html.unescape(label), [html.unescape(n).strip() for n in re.findall(r"<option[^>]*>([^<]*)</option>", body)])
        for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', row, re.S)
    ]


async def test_an_open_request_offers_those_roster_would_accept_grouped_as_the_ask_form() -> None:
    roster = Roster(
        [
            _swap("w1", "h1"),
            _swap("w2", "h2", to=NAMED),
            _swap("w3", "h3"),  # the person asking is no longer on the shift
            _swap("w4", "h4"),  # nobody qualified is free then
        ],
        {"h1": CANDIDATES, "h3": None, "h4": []},
    )
    (page,) = await _inbox(roster, ("GET", "/manage/swaps", {}))
    assert page.status_code == 200

    open_one = _row(page, "w1")
    assert _groups(open_one) == [
        ("Đã trực cùng người xin đổi", ["Đặng Văn Bảo"]),
        ("Đồng nghiệp khác đủ chuyên môn", ["Lê Thị Hoa", "Nguyễn Văn An"]),
    ]
    assert 'value="s4">Đặng Văn Bảo' in open_one and "— Chọn người —" in open_one
    assert "Trần Văn Không" not in page.text and "Bùi Thị Nghỉ" not in page.text  # not qualified, not active
    assert "người đã trực cùng người xin đổi đứng trước" in _text(page.text)

    named = _row(page, "w2")
    assert "<select" not in named and ">Duyệt</button>" in named and "Võ Minh Tâm" in named

    stale = _row(page, "w3")
    assert "<select" not in stale and ">Duyệt</button>" not in stale and ">Từ chối</button>" in stale
    assert "Người xin đổi không còn trong ca trực này" in _text(stale)

    nobody = _row(page, "w4")
    assert "<select" not in nobody and ">Duyệt</button>" not in nobody and ">Từ chối</button>" in nobody
    assert "Không còn đồng nghiệp nào đủ chuyên môn và rảnh vào giờ của ca này" in _text(nobody)

    # One read per open request, for the person asking; none for the named one, and no staff list.
    reads = [(p, q.get("from_staff_id")) for m, p, q in roster.asked if p.endswith("/swap-candidates")]
    assert sorted(reads) == [(f"/shifts/{h}/swap-candidates", "s1") for h in ("h1", "h3", "h4")]
    assert "/staff" not in roster.paths() and not any(p.startswith("/shifts/h2") for p in roster.paths())


async def test_a_colleague_the_shift_would_leave_too_little_rest_is_offered_saying_so() -> None:
    """QA (2026-12-04): a colleague whose own shift ended an hour before was offered as one "free at the shift's
    time", and the approval then left them one hour's rest. Roster says the rest (`short_rest_hours`); each choice
    shows it, in the reader's language."""
    tired = [{**CANDIDATES[0], "short_rest_hours": 3.08}, *CANDIDATES[1:]]  # 3 h 5 min, as roster rounds it
    vi, _, en = await _inbox(
        Roster([_swap("w1", "h1")], {"h1": tired}),
        ("GET", "/manage/swaps", {}),
        ("GET", "/lang/en", {}),
        ("GET", "/manage/swaps", {}),
    )
    options = re.findall(r"<option[^>]*>([^<]*)</option>", _row(vi, "w1"))
    assert "Đặng Văn Bảo — chỉ được nghỉ 3 giờ 5 phút giữa hai ca" in options and "Lê Thị Hoa" in options
    assert "Đặng Văn Bảo — only 3 h 5 min of rest between two shifts" in _row(en, "w1")


async def test_a_colleague_with_no_rest_at_all_is_said_to_work_two_shifts_back_to_back() -> None:
    """QA (2026-12-05): a colleague whose shift ends as this one begins read "chỉ được nghỉ 0 giờ giữa hai ca"."""
    back_to_back = [{**CANDIDATES[0], "short_rest_hours": 0}, *CANDIDATES[1:]]
    vi, _, en = await _inbox(
        Roster([_swap("w1", "h1")], {"h1": back_to_back}),
        ("GET", "/manage/swaps", {}),
        ("GET", "/lang/en", {}),
        ("GET", "/manage/swaps", {}),
    )
    options = re.findall(r"<option[^>]*>([^<]*)</option>", _row(vi, "w1"))
    assert "Đặng Văn Bảo — trực liền hai ca, không có thời gian nghỉ ở giữa" in options
    assert "Đặng Văn Bảo — two shifts back to back, with no rest between them" in _row(en, "w1")
    assert "0 giờ" not in _row(vi, "w1") and "0 h" not in _row(en, "w1")


async def test_a_colleague_at_the_night_shift_limit_is_offered_saying_so() -> None:
    """QA (Tết 2027): Nguyễn Văn Hùng, three nights that week, was offered with no word, and only the approval then
    said four night shifts within 7 days (at most 3). Roster says it of the candidate (`night_shifts`); the choice
    says it beside the name, after the rest when both are short, in the reader's language."""
    nights = {"count": 4, "within_days": 7, "at_most": 3}
    tired = [
        {**CANDIDATES[0], "night_shifts": nights},
        {**CANDIDATES[1], "short_rest_hours": 7.5, "night_shifts": nights},
    ]
    vi, _, en = await _inbox(
        Roster([_swap("w1", "h1")], {"h1": tired}),
        ("GET", "/manage/swaps", {}),
        ("GET", "/lang/en", {}),
        ("GET", "/manage/swaps", {}),
    )
    options = re.findall(r"<option[^>]*>([^<]*)</option>", _row(vi, "w1"))
    first, second = (c["full_name"] for c in tired)
    assert f"{first} — nhận ca này thì trực 4 ca đêm (22:00–06:00) trong 7 ngày (tối đa 3)" in options
    assert (
        f"{second} — chỉ được nghỉ 7 giờ 30 phút giữa hai ca; nhận ca này thì trực 4 ca đêm (22:00–06:00) trong 7 ngày "
        "(tối đa 3)"
    ) in options
    options = re.findall(r"<option[^>]*>([^<]*)</option>", _row(en, "w1"))
    assert f"{first} — with this one, 4 night shifts (22:00–06:00) within 7 days (at most 3)" in options


async def test_colleagues_of_one_name_are_told_apart_in_the_taker_choice_as_on_the_ask_form() -> None:
    """QA (round 9): the ask form tells namesakes apart, the manager's taker choice did not ("Ưng Thị Ý" twice)."""
    namesakes = [
        {"id": "s5", "full_name": "ƯNG THỊ Ý", "shared_shift": True, "phone_end": "678", "email_hint": "y…g@x.vn"},
        {"id": "s6", "full_name": "Ưng Thị Ý", "shared_shift": False, "phone_end": None, "email_hint": "u…y@x.vn"},
        {"id": "s8", "full_name": "Ung Thị Ý", "shared_shift": False, "phone_end": "111", "short_rest_hours": 2},
    ]
    vi, _, en = await _inbox(
        Roster([_swap("w1", "h1")], {"h1": namesakes}),
        ("GET", "/manage/swaps", {}),
        ("GET", "/lang/en", {}),
        ("GET", "/manage/swaps", {}),
    )
    assert _groups(_row(vi, "w1")) == [
        ("Đã trực cùng người xin đổi", ["ƯNG THỊ Ý (SĐT đuôi 678)"]),
        (
            "Đồng nghiệp khác đủ chuyên môn",
            ["Ưng Thị Ý (email u…y@x.vn)", "Ung Thị Ý — chỉ được nghỉ 2 giờ giữa hai ca"],
        ),
    ]
    assert [n for _, names in _groups(_row(en, "w1")) for n in names][:2] == [
        "ƯNG THỊ Ý (phone ending 678)",
        "Ưng Thị Ý (e-mail u…y@x.vn)",
    ]


async def test_a_page_of_many_open_requests_reads_their_candidates_a_few_at_a_time() -> None:
    many = [_swap(f"w{n}", f"h{n}") for n in range(40)]
    roster = Roster(many, {f"h{n}": CANDIDATES for n in range(40)})
    (page,) = await _inbox(roster, ("GET", "/manage/swaps?limit=40", {}))
    assert page.status_code == 200
    assert page.text.count('<optgroup label="Đã trực cùng người xin đổi">') == 40
    reads = [p for p in roster.paths() if p.endswith("/swap-candidates")]
    assert sorted(reads) == sorted(f"/shifts/h{n}/swap-candidates" for n in range(40))
    assert 1 < roster.most_in_flight <= CANDIDATE_READS_AT_ONCE  # at once, but never the whole page at once


async def test_a_choice_roster_refuses_is_said_naming_the_person_without_the_staff_list() -> None:
    """Lê Thị Hoa was offered, then lost her qualification before the manager approved; the asker left the
    shift of another request; the colleague a third request names took another shift meanwhile."""
    roster = Roster([_swap("w1", "h1"), _swap("w2", "h2", to=NAMED), _swap("w3", "h3")], {"h1": CANDIDATES, "h3": []})
    roster.refusals = {
        "w1": _problem(422, "qualified", "s2"),
        "w2": _problem(409, "no-double-booking", NAMED[0]),
        "w3": _problem(409, "still-on-shift", ASKER[0]),
    }
    _, chosen, named, gone = await _inbox(
        roster,
        ("GET", "/manage/swaps", {}),
        ("POST", "/manage/swaps/w1/approve", {"version": "1", "to_staff_id": "s2"}),
        ("POST", "/manage/swaps/w2/approve", {"version": "1"}),
        ("POST", "/manage/swaps/w3/approve", {"version": "1"}),
    )
    assert chosen.status_code == 422
    assert (chosen.request.method, str(chosen.request.url)) == ("GET", "http://p/manage/swaps")  # not the POST's
    assert "Lê Thị Hoa không có chuyên môn mà loại trực này yêu cầu." in _text(chosen.text)
    assert 'class="failed"' in _row(chosen, "w1")
    assert named.status_code == 409
    assert "Võ Minh Tâm đã có ca trực khác trùng thời gian với ca này." in _text(named.text)
    assert gone.status_code == 409
    assert "Người xin đổi không còn trong ca trực này" in _text(gone.text)
    # The request's own names, and the one person chosen: never the enterprise's whole staff list.
    assert roster.paths().count("/staff/s2") == 1
    assert "/staff" not in roster.paths()
    assert [p for p in roster.paths() if p.startswith("/staff/")] == ["/staff/s2"]


def _stale(status: int) -> httpx.Response:
    rule = "stale-version" if status == 412 else "swap-open"
    body = {"type": f"https://lichtruc.example/problems/{rule}", "status": status, "detail": "changed meanwhile"}
    return httpx.Response(status, json=body)


async def test_a_request_withdrawn_or_decided_meanwhile_is_said_with_the_name_and_the_address_is_the_inbox() -> None:
    """QA: approving a request the staff member had just withdrawn said "Dữ liệu vừa được người khác thay đổi. …
    thử lần nữa", at /manage/swaps/{id}/approve (a refresh posted again). Roster refuses (412: its version moved;
    409: no longer waiting); the portal reads the request again, says what happened with the name, and answers
    with a redirect to the inbox the manager came from."""
    # the requests as roster holds them when the portal reads them again after its refusal
    withdrawn = {**_swap("w1", "h1"), "status": "withdrawn", "version": 2}
    decided = {**_swap("w2", "h2", to=NAMED), "status": "approved", "version": 2}
    waiting = {**_swap("w3", "h3", to=NAMED), "version": 2}
    roster = Roster([withdrawn, decided, waiting], {"h1": CANDIDATES})
    roster.refusals = {"w1": _stale(412), "w2": _stale(409), "w3": _stale(412)}
    first, approve_withdrawn, after_withdrawn, reject_decided, after_decided, still_waiting = await _inbox(
        roster,
        ("GET", "/manage/swaps?status=all", {}),
        ("POST", "/manage/swaps/w1/approve", {"version": "1", "to_staff_id": "s4", "back": "status=all"}),
        ("GET", "/manage/swaps?status=all&closed=w1", {}),
        ("POST", "/manage/swaps/w2/reject", {"version": "1", "note": "Đã đủ người", "back": ""}),
        ("GET", "/manage/swaps?closed=w2", {}),
        ("POST", "/manage/swaps/w3/approve", {"version": "1"}),
    )
    assert first.status_code == 200
    assert approve_withdrawn.status_code == 303
    assert approve_withdrawn.headers["location"] == "/manage/swaps?status=all&closed=w1"
    assert reject_decided.status_code == 303 and reject_decided.headers["location"] == "/manage/swaps?closed=w2"
    # the request that still waits (changed otherwise): the page again, asking to look and try again
    assert still_waiting.status_code == 412 and "thử lần nữa" in _text(still_waiting.text)
    assert "Phạm Thị Ngọc Ánh đã rút yêu cầu này." in _text(after_withdrawn.text)
    assert "Yêu cầu của Phạm Thị Ngọc Ánh đã được duyệt." in _text(after_decided.text)
    assert not any("thử lần nữa" in _text(p.text) for p in (after_withdrawn, after_decided))


def _note_refused() -> httpx.Response:
    """roster's refusal of a note holding a control character (its words for `body.note`: "Ghi chú")."""
    error = {
        "field": "body.note",
        "rule": "value_error",
        "message": "The note contains a control character (U+001B), which a text cannot hold: type it again without it.",
        "message_vi": "Ghi chú: có ký tự điều khiển (U+001B), nội dung không được chứa ký tự này: hãy gõ lại mà không có nó.",
    }
    body = {"type": "https://lichtruc.example/problems/value_error", "status": 422, "detail": error["message"]}
    return httpx.Response(422, json={**body, "detail_vi": error["message_vi"], "errors": [error]})


def _typed(box: str) -> str:
    """What a textarea holds, as the person typed it."""
    return html.unescape(present(re.search(r"<textarea[^>]*>(.*?)</textarea>", box, re.S)).group(1))


def _note_box(answer: httpx.Response, swap_id: str) -> tuple[str, str]:
    """The reject form's reason box (the textarea, what it holds within) and what is said under it, on the row of
    `swap_id`."""
    row = _row(answer, swap_id)
    box = present(re.search(rf'<textarea id="note-{swap_id}"[^>]*>.*?</textarea>', row, re.S)).group(0)
    said = re.search(rf'<p class="error" id="e-note-{swap_id}"[^>]*>(.*?)</p>', row, re.S)
    if said:  # the page's one alert is the message at its top; the reason's refusal describes its box (QA Z17)
        assert 'id="e-note' not in one_alert(answer.text)
    return box, _text(said.group(1)) if said else ""


async def test_a_reject_reason_blank_or_refused_is_said_under_its_box_and_kept() -> None:
    """QA: rejecting with the reason "   " was done (roster keeps a blank note as none) although the form asks for
    a reason; a reason with an escape character was refused as "Ghi chú: …", a box the page does not show, and
    the reason typed was gone."""
    roster = Roster([_swap("w1", "h1", to=NAMED), _swap("w2", "h2", to=NAMED)], {})
    roster.refusals = {"w2": _note_refused()}
    typed = "QA lý do \x1b[31m đỏ"
    _, blank, refused = await _inbox(
        roster,
        ("GET", "/manage/swaps", {}),
        ("POST", "/manage/swaps/w1/reject", {"version": "1", "note": "   "}),
        ("POST", "/manage/swaps/w2/reject", {"version": "1", "note": typed}),
    )
    assert blank.status_code == 422 and blank.request.method == "GET"  # the inbox's address (Post/Redirect/Get)
    assert "/swaps/w1/reject" not in roster.paths("POST")  # never sent: the portal asks for the reason first
    box, said = _note_box(blank, "w1")
    assert said == "Lý do từ chối: không được để trống, hãy ghi vì sao không duyệt."
    assert 'aria-invalid="true"' in box and 'aria-describedby="e-note-w1"' in box
    assert "Đã từ chối" not in _text(blank.text)

    assert refused.status_code == 422
    box, said = _note_box(refused, "w2")
    assert said.startswith("Lý do từ chối: có ký tự điều khiển (U+001B)")
    assert "Ghi chú:" not in _text(
        refused.text
    )  # roster's word for the box (the approve form's “Ghi chú khi duyệt” is)
    assert _typed(box) == typed
    assert _note_box(refused, "w1")[1] == ""  # only the request rejected is marked

    # QZ19 #10: exactly 2,000 characters with 10 line breaks, sent as CR LF (2,010 bytes of them), is within
    # roster's 2,000: sent on with each line break one character, as typed
    reason = "\r\n".join(["b" * 181] * 10 + ["b" * 180])  # 2,000 characters typed, 10 of them line breaks
    roster = Roster([_swap("w3", "h3", to=NAMED)], {})
    _, done = await _inbox(
        roster, ("GET", "/manage/swaps", {}), ("POST", "/manage/swaps/w3/reject", {"version": "1", "note": reason})
    )
    assert done.status_code == 303 and "done=rejected" in done.headers["location"]
    sent = roster.sent["/swaps/w3/reject"]["note"]
    assert sent == reason.replace("\r\n", "\n") and len(sent) == 2000
    # D2: the same sent as a multipart form (its text fields' line breaks LF too, as api.text.LfMultipart makes them)
    roster = Roster([_swap("w4", "h4", to=NAMED)], {})
    _, done = await _inbox(
        roster,
        ("GET", "/manage/swaps", {}),
        ("POST multipart", "/manage/swaps/w4/reject", {"version": "1", "note": reason}),
    )
    assert done.request.headers["content-type"].startswith("multipart/form-data")
    assert done.status_code == 303 and "done=rejected" in done.headers["location"]
    assert roster.sent["/swaps/w4/reject"]["note"] == reason.replace("\r\n", "\n")


async def test_the_inbox_says_who_withdrew_or_how_the_request_was_decided() -> None:
    withdrawn = {**_swap("w1", "h1"), "status": "withdrawn", "version": 2}
    approved = {**_swap("w2", "h2", to=NAMED), "status": "approved", "version": 2}
    rejected = {**_swap("w3", "h3", to=NAMED), "status": "rejected", "version": 2}
    waiting = _swap("w4", "h4", to=NAMED)
    roster = Roster([withdrawn, approved, rejected, waiting], {})
    pages = await _inbox(
        roster,
        ("GET", "/manage/swaps?status=all&closed=w1", {}),
        ("GET", "/manage/swaps?closed=w2", {}),
        ("GET", "/manage/swaps?closed=w3", {}),
        ("GET", "/manage/swaps?closed=w4", {}),  # still waiting: nothing to say
    )
    said = [
        _text(present(re.search(r'<div class="message info"[^>]*>(.*?)</div>', p.text, re.S)).group(1))
        for p in pages[:3]
    ]
    assert said == [
        "Phạm Thị Ngọc Ánh đã rút yêu cầu này.",
        "Yêu cầu của Phạm Thị Ngọc Ánh đã được duyệt.",
        "Yêu cầu của Phạm Thị Ngọc Ánh đã bị từ chối.",
    ]
    assert all("thử lần nữa" not in _text(p.text) for p in pages)
    assert '<div class="message info"' not in pages[3].text
    assert "closed=" not in pages[0].text  # not carried on into the filters or the pager


NOTE = "Đã báo trưởng trạm\nGọi lại khi đến"  # a manager's note of two lines, kept as typed in its textarea


def _decided() -> list[dict[str, Any]]:
    """Approved by the manager signed in, rejected by another manager, withdrawn; decided at 10:30 on 02/02/2027."""
    at = {"version": 2, "updated_at": "2027-02-02T03:30:00Z"}
    return [
        {
            **_swap("w1", "h1", to=NAMED),
            **at,
            "status": "approved",
            "decided_by": MANAGER["login"],
            "decision_note": NOTE,
        },
        {**_swap("w2", "h2", to=NAMED), **at, "status": "rejected", "decided_by": "lanpt@vnpt-longan.vn"},
        {**_swap("w3", "h3"), **at, "status": "withdrawn", "decided_by": None},
        {**_swap("w4", "h4", to=NAMED), "decided_by": None},  # still waiting
    ]


async def test_the_inbox_says_who_decided_each_request_and_when() -> None:
    roster = Roster(_decided(), {})
    (page,) = await _inbox(roster, ("GET", "/manage/swaps?status=all", {}))
    assert page.status_code == 200
    when = "10:30 02/02/2027 (26 tháng Chạp Bính Ngọ)"
    assert f"Duyệt bởi Nguyễn Văn Hùng lúc {when}" in _text(_row(page, "w1"))  # the manager signed in: by name
    assert f"Từ chối bởi lanpt@vnpt-longan.vn lúc {when}" in _text(_row(page, "w2"))  # another: the account
    assert f"Người xin đổi đã rút lúc {when}" in _text(_row(page, "w3"))
    assert f'<span class="typed-text">{NOTE}</span>' in _row(page, "w1")  # its lines kept on display (typed-text)
    assert "data-decided" not in _row(page, "w4") and " lúc " not in _text(_row(page, "w4")).split("Lý do w4")[-1]


async def test_the_staff_member_reads_when_each_request_was_decided() -> None:
    roster = Roster(_decided(), {})
    roster.account = {**MANAGER, "id": "a7", "login": "anhptn@vnpt-longan.vn", "role": "staff", "staff_id": ASKER[0]}
    (page,) = await _inbox(roster, ("GET", "/me/swaps", {}))
    assert page.status_code == 200, page.text
    cards = {
        swap_id: _text(present(re.search(rf'<article[^>]*id="swap-{swap_id}".*?</article>', page.text, re.S)).group(0))
        for swap_id in ("w1", "w2", "w3", "w4")
    }
    when = "10:30 02/02/2027 (26 tháng Chạp Bính Ngọ)"
    assert f"Duyệt lúc {when}" in cards["w1"] and f"Từ chối lúc {when}" in cards["w2"]
    assert f"Rút lúc {when}" in cards["w3"] and "02/02/2027" not in cards["w4"]
    assert f'<dd class="typed-text">{NOTE}</dd>' in page.text  # the manager's note, its lines kept
    assert "lanpt@" not in page.text  # who decided is the inbox's, not the staff member's


def _status_choices(answer: httpx.Response) -> list[tuple[str, str]]:
    """The status filter's options as offered, in order: (value, words)."""
    select = present(re.search(r'<select id="f-status".*?</select>', answer.text, re.S)).group(0)
    return [
        (v, html.unescape(words)) for v, words in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    ]


async def test_the_inbox_and_the_staff_members_requests_offer_their_statuses_in_one_order() -> None:
    """QZ18 #8a: "Tất cả" first on /me/swaps, last on /manage/swaps; now first on both, as on every other filter."""
    roster = Roster(_decided(), {})
    (inbox,) = await _inbox(roster, ("GET", "/manage/swaps", {}))
    roster.account = {**MANAGER, "id": "a7", "login": "anhptn@vnpt-longan.vn", "role": "staff", "staff_id": ASKER[0]}
    (mine,) = await _inbox(roster, ("GET", "/me/swaps", {}))
    statuses = ["Đang chờ duyệt", "Hết hạn — ca đã bắt đầu trước khi được duyệt", "Đã duyệt", "Bị từ chối", "Đã rút"]
    assert [words for _, words in _status_choices(inbox)] == ["Tất cả", *statuses]
    assert _status_choices(mine) == _status_choices(inbox)
    assert 'value="requested" selected' in inbox.text  # the inbox still opens on the waiting requests


def _approve_note(answer: httpx.Response, swap_id: str) -> tuple[str, str]:
    """The approve form's note box (the textarea, what it holds within) and what is said under it, on the row of
    `swap_id`."""
    row = _row(answer, swap_id)
    box = present(re.search(rf'<textarea id="approve-note-{swap_id}"[^>]*>.*?</textarea>', row, re.S)).group(0)
    said = re.search(rf'<p class="error" id="e-approve-note-{swap_id}"[^>]*>(.*?)</p>', row, re.S)
    return box, _text(said.group(1)) if said else ""


async def test_the_managers_note_on_an_approval_is_sent_to_roster() -> None:
    """The approve form had no note box: a manager could give a reason to reject, nothing to say on approving."""
    roster = Roster([_swap("w1", "h1"), _swap("w2", "h2", to=NAMED)], {"h1": CANDIDATES})
    page, chosen, _, named = await _inbox(
        roster,
        ("GET", "/manage/swaps", {}),
        (
            "POST",
            "/manage/swaps/w1/approve",
            {"version": "1", "to_staff_id": "s4", "note": " Đã báo trưởng trạm\r\nGọi lại "},
        ),
        ("GET", "/manage/swaps", {}),
        ("POST", "/manage/swaps/w2/approve", {"version": "1", "note": "   "}),
    )
    for swap_id in ("w1", "w2"):  # on each approve form, optional, labelled
        row = _row(page, swap_id)
        box, said = _approve_note(page, swap_id)
        assert f'<label for="approve-note-{swap_id}">Ghi chú khi duyệt (không bắt buộc)</label>' in row
        assert 'name="note"' in box and "required" not in box and 'data-max="2000"' in box and said == ""
        assert box.startswith("<textarea ") and _typed(box) == ""  # several lines, as the other free-text boxes (QZ18)
        reason_box = _note_box(page, swap_id)[0]
        assert reason_box.startswith("<textarea ") and " required" in reason_box and 'data-max="2000"' in reason_box
    assert chosen.status_code == named.status_code == 303
    assert chosen.headers["location"] == "/manage/swaps?done=approved&approved=w1"  # its warnings read back
    # the line break as typed, one character (the browser sent CR LF: QZ19 #10)
    assert roster.sent["/swaps/w1/approve"] == {"to_staff_id": "s4", "note": "Đã báo trưởng trạm\nGọi lại"}
    assert roster.sent["/swaps/w2/approve"] == {"to_staff_id": None, "note": None}  # a blank note is no note


async def test_the_notice_after_an_approval_names_who_gave_the_shift_and_who_took_it() -> None:
    """QZ10 #15: "Đã duyệt đổi ca: ca trực đã chuyển cho người nhận." named nobody; the swap is read back from roster."""
    roster = Roster([{**_swap("w2", "h2", to=NAMED), "status": "approved", "version": 2}], {})
    vi, _, en = await _inbox(
        roster,
        ("GET", "/manage/swaps?done=approved&approved=w2", {}),
        ("GET", "/lang/en", {}),
        ("GET", "/manage/swaps?done=approved&approved=w2", {}),
    )
    assert "Đã duyệt đổi ca: ca trực của Phạm Thị Ngọc Ánh đã chuyển cho Võ Minh Tâm." in _text(vi.text)
    assert "Swap approved: Phạm Thị Ngọc Ánh's shift went to Võ Minh Tâm." in _text(en.text)
    gone = await _inbox(Roster([], {}), ("GET", "/manage/swaps?done=approved&approved=w9", {}))
    assert "Đã duyệt đổi ca: ca trực đã chuyển cho người nhận." in _text(gone[0].text)  # not read back: unnamed


async def test_a_refused_approval_note_is_said_under_its_box_in_either_language_with_what_was_chosen_kept() -> None:
    """roster refuses a note with a control character naming its own field (“Ghi chú”, "The note"): the manager
    reads it under the approve form's box, “Ghi chú khi duyệt” / "Note on approving", the note and the colleague
    chosen kept; in English too the reject reason's refusal reads under "Reason for rejecting", without roster's
    "The note"."""
    roster = Roster([_swap("w1", "h1"), _swap("w2", "h2", to=NAMED)], {"h1": CANDIDATES})
    roster.refusals = {"w1": _note_refused(), "w2": _note_refused()}
    typed = "Đồng ý \x1b[31m gấp"
    _, vi, _, _, en, en_rejected = await _inbox(
        roster,
        ("GET", "/manage/swaps", {}),
        ("POST", "/manage/swaps/w1/approve", {"version": "1", "to_staff_id": "s2", "note": typed}),
        ("GET", "/lang/en", {}),
        ("GET", "/manage/swaps", {}),
        ("POST", "/manage/swaps/w1/approve", {"version": "1", "to_staff_id": "s2", "note": typed}),
        ("POST", "/manage/swaps/w2/reject", {"version": "1", "note": typed}),
    )
    assert vi.status_code == en.status_code == en_rejected.status_code == 422
    box, said = _approve_note(vi, "w1")
    assert said == (
        "Ghi chú khi duyệt: có ký tự điều khiển (U+001B), nội dung không được chứa ký tự này: hãy gõ lại mà không có nó."
    )
    assert 'aria-invalid="true"' in box and 'aria-describedby="e-approve-note-w1"' in box
    assert _typed(box) == typed
    assert re.search(r'<option value="s2" selected>Lê Thị Hoa</option>', _row(vi, "w1"))  # the choice kept
    assert "Chưa duyệt được: hãy sửa ô được đánh dấu." in _text(vi.text)
    assert _note_box(vi, "w1")[1] == "" and "Ghi chú:" not in _text(vi.text)  # the reject box is not marked
    # a note past the box's data-max sent without script reaches roster (no maxlength cut it; the portal's form
    # reading does not refuse it first on a page of its own): roster's refusal under the box, the note kept
    long = "Đồng ý đổi ca " * 160  # 2,240 characters
    _, too_long = await _inbox(
        roster,
        ("GET", "/manage/swaps", {}),
        ("POST", "/manage/swaps/w1/approve", {"version": "1", "to_staff_id": "s2", "note": long}),
    )
    assert too_long.status_code == 422
    assert _typed(_approve_note(too_long, "w1")[0]) == long

    assert _approve_note(en, "w1")[1] == (
        "Note on approving contains a control character (U+001B), which a text cannot hold: type it again without it."
    )
    assert "Not approved yet: correct the marked box." in _text(en.text)
    assert _note_box(en_rejected, "w2")[1] == (
        "Reason for rejecting contains a control character (U+001B), which a text cannot hold: type it again "
        "without it."
    )
    assert "The note" not in _text(en.text) and "The note" not in _text(en_rejected.text)


async def test_a_requests_shift_names_the_further_sites_it_covers_for_the_manager_and_the_staff_member() -> None:
    """QA at the Tết clock: the swap pages named the shift's site alone; the cards say the sites it covers too."""
    about = {
        "duty_type": "patrol",
        "duty_type_vi": "Tuần tra, bảo vệ",
        "duty_type_en": "Patrol and security",
        "site_name": "Trạm viễn thông Hưng Điền",
        "covers_site_names": ["Trạm BTS Mỹ Thạnh Bắc", "Tổng đài Host Tân An"],
        "starts_at": "2027-02-08T01:00:00Z",
        "ends_at": "2027-02-08T09:00:00Z",
    }
    swaps = [
        {**_swap("w1", "h1", to=NAMED), "about": about},
        {**_swap("w2", "h2", to=NAMED), "about": {**about, "covers_site_names": []}},
    ]
    roster = Roster(swaps, {})
    (inbox,) = await _inbox(roster, ("GET", "/manage/swaps", {}))
    assert inbox.status_code == 200, inbox.text
    assert "kiêm Trạm BTS Mỹ Thạnh Bắc, Tổng đài Host Tân An" in _text(_row(inbox, "w1"))
    assert "kiêm" not in _text(_row(inbox, "w2"))
    roster.account = {**MANAGER, "id": "a7", "login": "anhptn@vnpt-longan.vn", "role": "staff", "staff_id": ASKER[0]}
    (mine,) = await _inbox(roster, ("GET", "/me/swaps", {}))
    card = _text(present(re.search(r'<article[^>]*id="swap-w1".*?</article>', mine.text, re.S)).group(0))
    assert "Kiêm cả Trạm BTS Mỹ Thạnh Bắc, Tổng đài Host Tân An" in card, card


ABOUT_18 = {  # 18:00 5 Feb 2027 – 06:00 the next morning, Vietnam time
    "duty_type": "operations",
    "duty_type_vi": "Trực điều hành",
    "duty_type_en": "Operations (command) duty",
    "site_name": None,
    "starts_at": "2027-02-05T11:00:00Z",
    "ends_at": "2027-02-05T23:00:00Z",
}


def _lapsed_problem() -> httpx.Response:
    """roster's refusal of a decision on a request whose shift began (its words for a manager)."""
    vi = (
        "Ca đã bắt đầu lúc 18:00 05/02/2027 nên yêu cầu đổi ca này đã hết hạn; nếu cần người khác trực, "
        "hãy dùng “Giao phần còn lại của ca” trên bảng."
    )
    error = {"field": "status", "rule": "swap-lapsed", "message": "The shift began at 18:00 …", "message_vi": vi}
    body = {"type": "https://lichtruc.example/problems/swap-lapsed", "status": 409, "detail": error["message"]}
    return httpx.Response(409, json={**body, "detail_vi": vi, "errors": [error]})


async def test_a_lapsed_request_is_listed_apart_with_no_decision_and_said_lapsed_to_both_sides() -> None:
    """QZ15 #1: at 18:10 the request stayed "Đang chờ duyệt" with "Duyệt" offered, and "Duyệt" said "ask a manager"."""
    lapsed = {**_swap("w5", "h5", to=NAMED), "status": "lapsed", "about": ABOUT_18}
    # QZ17 #1: the sweep stored w6 lapsed (version 2) while the page showed it waiting at version 1
    swept = {**_swap("w6", "h6", to=NAMED), "status": "lapsed", "version": 2, "about": ABOUT_18}
    roster = Roster([lapsed, swept], {})
    roster.refusals = {"w5": _lapsed_problem(), "w6": _stale(412)}
    lapsed_list, everything, refused, after, stale, waiting = await _inbox(
        roster,
        ("GET", "/manage/swaps?status=lapsed", {}),
        ("GET", "/manage/swaps?status=all", {}),
        ("POST", "/manage/swaps/w5/approve", {"version": "1", "back": "status=all"}),
        ("GET", "/manage/swaps?status=all&closed=w5", {}),
        ("POST", "/manage/swaps/w6/approve", {"version": "1", "back": "status=requested"}),
        ("GET", "/manage/swaps?status=requested&closed=w6", {}),  # "Đang chờ duyệt": the request is not listed
    )
    assert any(q.get("status") == "lapsed" for _, p, q in roster.asked if p == "/swaps")  # roster's own filter
    assert '<option value="lapsed" selected>Hết hạn — ca đã bắt đầu trước khi được duyệt</option>' in lapsed_list.text
    for page in (lapsed_list, everything):
        row = _row(page, "w5")
        assert "Hết hạn — ca đã bắt đầu trước khi được duyệt" in _text(row)
        assert "Hết hạn lúc 18:00 05/02/2027" in _text(row) and "vẫn trực ca này" in _text(row)
        assert "/approve" not in row and "/reject" not in row  # nothing to decide: no "Duyệt", no "Từ chối"
        assert "đã rút" not in _text(row)
    # a decision on it, refused for the lapse (or for the version the sweep moved): the page after names it
    assert (refused.status_code, refused.headers["location"]) == (303, "/manage/swaps?status=all&closed=w5")
    assert (stale.status_code, stale.headers["location"]) == (303, "/manage/swaps?status=requested&closed=w6")
    for page in (after, waiting):
        notice = present(re.search(r'<div class="message info"[^>]*>(.*?)</div>', page.text, re.S)).group(1)
        assert _text(notice) == (
            "Yêu cầu đổi ca của Phạm Thị Ngọc Ánh (18:00 05/02) đã hết hạn vì ca đã bắt đầu trước khi được duyệt; "
            "Phạm Thị Ngọc Ánh vẫn trực ca này. Nếu cần người khác trực, hãy dùng “Giao phần còn lại của ca” "
            "trên bảng lịch trực."
        )
        assert "thử lần nữa" not in _text(page.text) and "hãy nhờ quản lý" not in _text(page.text)

    roster.account = {**MANAGER, "id": "a7", "login": "anhptn@vnpt-longan.vn", "role": "staff", "staff_id": ASKER[0]}
    (mine,) = await _inbox(roster, ("GET", "/me/swaps", {}))
    card = present(re.search(r'<article[^>]*id="swap-w5".*?</article>', mine.text, re.S)).group(0)
    assert "Hết hạn — ca đã bắt đầu trước khi được duyệt" in _text(card) and "Hết hạn lúc" in _text(card)
    assert "/withdraw" not in card


async def test_a_lapsed_request_whose_shift_was_then_handed_over_says_to_whom_and_from_when() -> None:
    """QZ19 #3: a lapsed request still said "người xin đổi vẫn trực ca này" after the manager handed the rest of
    the shift to someone else (the shift read "18:00 → 18:25"); now it says whom to and from when, the rest or the
    whole shift (its person never came), in both languages — and so does the notice after a decision tried on it
    from a page read before; one not handed over still says the person is on duty."""
    rest = {**_swap("w5", "h5", to=NAMED), "status": "lapsed", "about": {**ABOUT_18, "ends_at": "2027-02-05T11:25:00Z"}}
    whole = {**_swap("w6", "h6", to=NAMED), "status": "lapsed", "about": ABOUT_18}
    kept = {**_swap("w7", "h7", to=NAMED), "status": "lapsed", "about": ABOUT_18}
    roster = Roster([rest, whole, kept], {})
    handed = {"shift_id": "h9", "at": "2027-02-05T11:25:00Z", "starts_at": "2027-02-05T11:25:00Z"}
    roster.shifts = {
        "h5": {"id": "h5", "status": "published", "handed_over_to": {**handed, "people": ["Lê Thị Hoa"]}},
        "h6": {
            "id": "h6",
            "status": "cancelled",
            "handed_over_to": {
                **handed,
                "people": ["Đặng Văn Bảo", "Nguyễn Văn An"],
                "starts_at": "2027-02-05T11:40:00Z",
            },
        },
        "h7": {"id": "h7", "status": "published", "handed_over_to": None},
    }
    roster.refusals = {"w5": _lapsed_problem(), "w6": _lapsed_problem()}
    lapsed_list, everything, _, rest_after, _, whole_after, _, english, english_after = await _inbox(
        roster,
        ("GET", "/manage/swaps?status=lapsed", {}),
        ("GET", "/manage/swaps?status=all", {}),
        # a decision from a page read before the shift began: the notice after it says the same
        ("POST", "/manage/swaps/w5/approve", {"version": "1", "back": "status=all"}),
        ("GET", "/manage/swaps?status=all&closed=w5", {}),
        ("POST", "/manage/swaps/w6/reject", {"version": "1", "back": "status=all", "note": "Không"}),
        ("GET", "/manage/swaps?status=all&closed=w6", {}),
        ("GET", "/lang/en", {}),
        ("GET", "/manage/swaps?status=lapsed", {}),
        ("GET", "/manage/swaps?status=all&closed=w5", {}),
    )
    for page in (lapsed_list, everything):
        assert "Hết hạn lúc 18:00 05/02/2027" in _text(_row(page, "w5"))
        assert _text(_row(page, "w5")).endswith(
            "khi ca bắt đầu mà chưa được duyệt; phần còn lại của ca đã giao cho Lê Thị Hoa từ 18:25"
        )
        assert _text(_row(page, "w6")).endswith(
            "khi ca bắt đầu mà chưa được duyệt; ca đã giao cho Đặng Văn Bảo, Nguyễn Văn An từ 18:40"
        )
        assert "vẫn trực ca này" not in _text(_row(page, "w5")) + _text(_row(page, "w6"))
        assert "người xin đổi vẫn trực ca này" in _text(_row(page, "w7"))  # not handed over: still theirs
    said = _text(_row(english, "w5"))
    assert "the rest of the shift was handed over to Lê Thị Hoa from 18:25" in said and "still on duty" not in said
    assert "the shift was handed over to Đặng Văn Bảo, Nguyễn Văn An from 18:40" in _text(_row(english, "w6"))
    assert "the person asking is still on duty" in _text(_row(english, "w7"))
    notices = [
        _text(present(re.search(r'<div class="message info"[^>]*>(.*?)</div>', page.text, re.S)).group(1))
        for page in (rest_after, whole_after, english_after)
    ]
    assert notices == [
        "Yêu cầu đổi ca của Phạm Thị Ngọc Ánh (18:00 05/02) đã hết hạn vì ca đã bắt đầu trước khi được duyệt; phần "
        "còn lại của ca đã giao cho Lê Thị Hoa từ 18:25.",
        "Yêu cầu đổi ca của Phạm Thị Ngọc Ánh (18:00 05/02) đã hết hạn vì ca đã bắt đầu trước khi được duyệt; ca đã "
        "giao cho Đặng Văn Bảo, Nguyễn Văn An từ 18:40.",
        "Phạm Thị Ngọc Ánh's swap request (18:00 5 Feb) has lapsed: the shift began before it was decided. The rest of "
        "the shift was handed over to Lê Thị Hoa from 18:25.",
    ]
    read = [p for m, p, _ in roster.asked if m == "GET" and p.startswith("/shifts/")]
    assert sorted(set(read)) == ["/shifts/h5", "/shifts/h6", "/shifts/h7"]  # the lapsed ones' shifts only


NOW = datetime(2027, 2, 7, 3, tzinfo=UTC)  # 10:00 07/02/2027 (Mùng 2 Tết) in Vietnam


def _soon(swap_id: str, starts_in: timedelta | None, *, created: str, status: str = "requested") -> dict[str, Any]:
    """A request for a shift starting `starts_in` after NOW (None: a shift roster no longer names), sent at `created`."""
    swap = {**_swap(swap_id, f"h-{swap_id}", to=NAMED), "status": status, "created_at": created, "updated_at": created}
    if starts_in is None:
        return swap
    starts = NOW + starts_in
    about = {"duty_type_vi": "Trực điều hành", "duty_type_en": "Operations duty", "site_name": "Trung tâm Tân An"}
    return {
        **swap,
        "about": {**about, "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=8)).isoformat()},
    }


async def test_a_waiting_request_whose_shift_starts_soon_is_marked_urgent_and_the_soonest_come_first() -> None:
    """S1: a request whose shift starts in a few hours looked like any other in the inbox, oldest first. Waiting
    requests now come by their shift's start, soonest first (one without a shift known last), paged so; those
    starting within 6 hours (and not yet started) say how soon, in both languages; a decided one says nothing."""
    swaps = [  # as roster lists them: oldest first
        _soon("far", timedelta(days=2), created="2027-01-20T02:00:00Z"),
        _soon("gone", None, created="2027-01-21T02:00:00Z"),
        _soon("edge", timedelta(hours=6), created="2027-01-22T02:00:00Z"),
        _soon("past_edge", timedelta(hours=6, seconds=1), created="2027-01-23T02:00:00Z"),
        _soon("soon", timedelta(hours=2, minutes=9, seconds=30), created="2027-01-24T02:00:00Z"),
        _soon("sooner", timedelta(minutes=40), created="2027-02-07T02:30:00Z"),
        _soon("decided", timedelta(hours=1), created="2027-01-25T02:00:00Z", status="approved"),
    ]
    roster = Roster(swaps, {})
    waiting, first, second, everything, _, english = await _inbox(
        roster,
        ("GET", "/manage/swaps", {}),
        ("GET", "/manage/swaps?limit=2", {}),
        ("GET", "/manage/swaps?limit=2&cursor=2", {}),
        ("GET", "/manage/swaps?status=all", {}),
        ("GET", "/lang/en", {}),
        ("GET", "/manage/swaps", {}),
        clock=lambda: NOW,
    )

    def order(page: httpx.Response) -> list[str]:
        return re.findall(r'<tr id="swap-([^"]+)"', page.text)

    def marks(page: httpx.Response) -> dict[str, str]:
        return {
            swap_id: _text(mark.group(1))
            for swap_id in order(page)
            if (mark := re.search(r"<span [^>]*data-urgent>(.*?)</span>", _row(page, swap_id), re.S))
        }

    assert order(waiting) == ["sooner", "soon", "edge", "past_edge", "far", "gone"]
    assert marks(waiting) == {
        "sooner": "Gấp — ca bắt đầu sau 40 phút",
        "soon": "Gấp — ca bắt đầu sau 2 giờ 10 phút",  # 2 h 9 min 30 s: up to the next whole minute
        "edge": "Gấp — ca bắt đầu sau 6 giờ",
    }
    assert "ca bắt đầu sớm nhất trước" in _text(waiting.text)
    assert (order(first), order(second)) == (["sooner", "soon"], ["edge", "past_edge"])
    assert 'href="/manage/swaps?limit=2&amp;cursor=2"' in first.text
    assert order(everything) == [*order(waiting), "decided"]  # every request: the waiting ones first, in one order
    assert marks(everything) == marks(waiting)  # the decided one starting in an hour: nothing to decide, no mark
    assert marks(english)["soon"] == "Urgent — the shift starts in 2 h 10 min"
    assert marks(english)["edge"] == "Urgent — the shift starts in 6 h"


def _closed(swap_id: str, status: str, *, closed: str, starts_in: timedelta, created: str) -> dict[str, Any]:
    """A request no longer waiting: closed (approved, rejected, withdrawn) at `closed`; a lapsed one's `closed` is
    roster's last write of it, its closing the shift's start (NOW + `starts_in`, before NOW)."""
    return {**_soon(swap_id, starts_in, created=created, status=status), "updated_at": closed}


async def test_every_request_lists_the_waiting_ones_first_then_the_latest_closed_first_across_pages() -> None:
    """D2: "Tất cả", first in the filter, listed roster's order, oldest request first: last week's decided requests
    above today's waiting one. Now the waiting ones come first, in the waiting view's order and with its marks,
    then the closed ones by when they closed, the latest first (a lapsed one: when its shift began) — the same
    order page after page, the portal paging what it read of roster's whole list."""
    swaps = [  # as roster lists them: oldest request first
        _closed(
            "approved_last_week",
            "approved",
            closed="2027-01-31T02:00:00Z",
            starts_in=-timedelta(days=6),
            created="2027-01-20T02:00:00Z",
        ),
        _closed(
            "rejected_yesterday",
            "rejected",
            closed="2027-02-06T02:00:00Z",
            starts_in=timedelta(days=1),
            created="2027-01-21T02:00:00Z",
        ),
        _soon("waiting_far", timedelta(days=2), created="2027-01-22T02:00:00Z"),
        _closed(
            "lapsed_this_morning",
            "lapsed",
            closed="2027-02-01T02:00:00Z",
            starts_in=-timedelta(hours=2),
            created="2027-01-23T02:00:00Z",
        ),  # closed at its shift's start, 08:00 today, not at its last write
        _closed(
            "withdrawn_today",
            "withdrawn",
            closed="2027-02-07T02:30:00Z",
            starts_in=timedelta(days=3),
            created="2027-01-24T02:00:00Z",
        ),
        _soon("waiting_soon", timedelta(hours=1), created="2027-02-07T02:00:00Z"),
        _closed(
            "approved_today",
            "approved",
            closed="2027-02-07T00:30:00Z",
            starts_in=timedelta(days=1),
            created="2027-02-05T02:00:00Z",
        ),
    ]
    roster = Roster(swaps, {})
    everything, first, second, third, _, english = await _inbox(
        roster,
        ("GET", "/manage/swaps?status=all", {}),
        ("GET", "/manage/swaps?status=all&limit=3", {}),
        ("GET", "/manage/swaps?status=all&limit=3&cursor=3", {}),
        ("GET", "/manage/swaps?status=all&limit=3&cursor=6", {}),
        ("GET", "/lang/en", {}),
        ("GET", "/manage/swaps?status=all", {}),
        clock=lambda: NOW,
    )

    def order(page: httpx.Response) -> list[str]:
        return re.findall(r'<tr id="swap-([^"]+)"', page.text)

    expected = [
        "waiting_soon",  # its shift in an hour
        "waiting_far",
        "withdrawn_today",  # 09:30 today
        "lapsed_this_morning",  # 08:00 today
        "approved_today",  # 07:30 today
        "rejected_yesterday",
        "approved_last_week",
    ]
    assert order(everything) == expected
    assert order(first) + order(second) + order(third) == expected
    assert 'href="/manage/swaps?status=all&amp;limit=3&amp;cursor=3"' in first.text
    assert "data-urgent" in _row(everything, "waiting_soon") and "data-urgent" not in _row(everything, "waiting_far")
    assert "đang chờ duyệt trước, ca bắt đầu sớm nhất trước" in _text(everything.text)
    assert "awaiting a decision first, the soonest shift first" in _text(english.text)
    assert order(english) == expected


async def test_a_closed_status_lists_the_latest_closed_first_across_pages() -> None:
    """H1 (after D2): "Tất cả" listed its closed requests the latest closed first, while "Đã duyệt" (and each other
    closed status) listed roster's order, oldest request first — last week's decisions above today's. Each closed
    status lists them as "Tất cả" does, page after page, and its caption says so."""
    swaps = [  # as roster lists them: oldest request first, not in the order they were decided
        _closed(
            "decided_today",
            "approved",
            closed="2027-02-07T02:30:00Z",
            starts_in=timedelta(days=2),
            created="2027-01-20T02:00:00Z",
        ),
        _closed(
            "decided_last_week",
            "approved",
            closed="2027-01-31T02:00:00Z",
            starts_in=timedelta(days=1),
            created="2027-01-21T02:00:00Z",
        ),
        _closed(
            "decided_yesterday",
            "approved",
            closed="2027-02-06T02:00:00Z",
            starts_in=timedelta(days=3),
            created="2027-01-22T02:00:00Z",
        ),
        _closed(
            "rejected",
            "rejected",
            closed="2027-02-07T02:40:00Z",
            starts_in=timedelta(days=1),
            created="2027-01-23T02:00:00Z",
        ),
    ]
    roster = Roster(swaps, {})
    first, second, _, english = await _inbox(
        roster,
        ("GET", "/manage/swaps?status=approved&limit=2", {}),
        ("GET", "/manage/swaps?status=approved&limit=2&cursor=2", {}),
        ("GET", "/lang/en", {}),
        ("GET", "/manage/swaps?status=approved", {}),
        clock=lambda: NOW,
    )

    def order(page: httpx.Response) -> list[str]:
        return re.findall(r'<tr id="swap-([^"]+)"', page.text)

    assert (order(first), order(second)) == (["decided_today", "decided_yesterday"], ["decided_last_week"])
    assert 'href="/manage/swaps?status=approved&amp;limit=2&amp;cursor=2"' in first.text
    assert "Yêu cầu đổi ca của các doanh nghiệp bạn quản lý, đóng gần đây nhất trước" in _text(first.text)
    assert order(english) == ["decided_today", "decided_yesterday", "decided_last_week"]
    assert "Swap requests of the enterprises you manage, the most recently closed first" in _text(english.text)
