"""The rules of explanations (domain/explanations.py), pure: states, who may answer what, files by their bytes,
the log records' contents and words."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from audit.domain import explanations as rules
from audit.domain.errors import Conflict, Invalid, TooLarge, Unsupported
from audit.domain.explanations import Accountable, Upload, Writing
from lichtruc.events import CloudEvent
from lichtruc.events_explanations import ExplanationGiven, ExplanationReviewed

NOW = datetime(2027, 2, 16, 2, 0, tzinfo=UTC)  # 09:00 16/02/2027 in Vietnam
GAP = Accountable(
    item_kind="gap",
    item_id="8d7f6a2e-1b3c-4d5e-8f90-112233445566",
    enterprise_id="5b1e0c3a-2d4f-4a6b-9c8d-aabbccddeeff",
    enterprise_name="VNPT Long An",
    site_name="Tổng đài Tân An",
    duty_type="operations",
    starts_at=datetime(2027, 2, 5, 23, 0, tzinfo=UTC),
    ends_at=datetime(2027, 2, 6, 17, 0, tzinfo=UTC),
    discrepancy_count=None,
    state="unexplained",
)
SAID = rules.item_said(GAP)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def given(current=None, *, author="quan-ly", keep=(), files=(), at=NOW, on_behalf=False):
    return rules.write(
        current,
        item_kind="gap",
        item_id=GAP.item_id,
        enterprise_id=GAP.enterprise_id,
        item_said=SAID,
        writing=rules.check_writing(Writing("no_show", " Anh Đức ốm ", keep=tuple(keep))),
        new_files=[a for _, a in rules.check_files(list(files), kept=len(keep))],
        author=author,
        author_name="Nguyễn Văn Quản",
        on_behalf=on_behalf,
        now=at,
    )


def answered(e, decision="more", note="Cần lịch trực có chữ ký", reviewer="thanh-tra", version=None, at=NOW):
    return rules.review(
        e,
        item_said=SAID,
        decision=decision,
        note=note,
        reviewer=reviewer,
        reviewer_name="Lê Thị Thanh Tra",
        version=version,
        now=at,
    )


def test_an_item_is_said_in_words_with_its_hours_in_vietnam_time() -> None:
    assert SAID == (
        "khoảng trống trực điều hành tại Tổng đài Tân An, 06:00–24:00 06/02/2027 (Mùng 1 Tết)",
        "the coverage gap of operations (command) duty at Tổng đài Tân An, 06:00–24:00 6 Feb 2027 (1st day of Tết)",
    )


def test_states_follow_versions_and_answers() -> None:
    first = given(files=[Upload("sổ.png", PNG)])
    assert first.state == "submitted" and first.latest.reason == "Anh Đức ốm"  # trimmed
    more = answered(first)
    assert more.state == "more_asked" and more.answer is not None and more.answer.version == 1
    later = NOW + timedelta(hours=1)
    amended = given(more, keep=[first.latest.attachments[0].attachment_id], files=[Upload("lịch.pdf", PDF)], at=later)
    assert amended.state == "submitted" and amended.answer is None and amended.versions[0] == first.latest
    assert [a.media_type for a in amended.latest.attachments] == ["image/png", "application/pdf"]
    done = answered(amended, "accept", "", version=2, at=later)
    assert done.state == "accepted" and done.updated_at == later
    assert rules.from_doc(rules.to_doc(done)) == done  # kept and read back whole


def test_what_is_refused_and_why() -> None:
    first = given()
    with pytest.raises(Conflict) as own:
        answered(first, reviewer="QUAN-LY")  # the author, whatever the case of the login
    assert own.value.code == "explanation-own"
    with pytest.raises(Invalid) as no_note:
        answered(first, note="  ")
    assert no_note.value.code == "explanation-note-required"
    with pytest.raises(Conflict) as stale:
        answered(first, "accept", version=2)
    assert stale.value.code == "explanation-amended"
    more = answered(first)
    with pytest.raises(Conflict) as twice:
        answered(more, "accept")
    assert twice.value.code == "explanation-answered" and "yêu cầu bổ sung" in twice.value.detail_vi
    accepted = answered(given(more), "accept")
    with pytest.raises(Conflict) as closed:
        given(accepted)
    assert closed.value.code == "explanation-accepted" and "Tổng đài Tân An" in closed.value.detail_vi
    with pytest.raises(Conflict):
        answered(None)
    with pytest.raises(Invalid) as unknown_keep:
        given(first, keep=["not-a-file"])
    assert unknown_keep.value.code == "explanation-attachment-unknown"
    with pytest.raises(Invalid) as reason:
        rules.check_writing(Writing("no_show", " \n "))
    assert reason.value.code == "explanation-reason-required"
    with pytest.raises(Invalid) as cause:
        rules.check_writing(Writing("weather", "x"))
    assert "Người trực không đến" in cause.value.detail_vi


def test_files_are_judged_by_their_bytes_size_and_count() -> None:
    assert [rules.sniff(b) for b in (JPEG, PNG, PDF, b"MZ\x90\x00", b"GIF89a", b"")] == [
        "image/jpeg",
        "image/png",
        "application/pdf",
        None,
        None,
        None,
    ]
    with pytest.raises(Unsupported) as exe:
        rules.check_files([Upload("bien-ban.pdf", b"MZ\x90\x00" + b"\x00" * 60)])
    assert "bien-ban.pdf" in exe.value.detail_vi
    with pytest.raises(TooLarge) as big:
        rules.check_files([Upload("scan.pdf", PDF[:8], size=rules.MAX_FILE_BYTES + 1)])  # by its declared size
    assert "scan.pdf" in big.value.detail_vi
    assert "nặng 10,1 MB, quá giới hạn 10 MB mỗi tệp" in big.value.detail_vi  # a byte over: never "10 MB"
    rules.check_files([Upload(f"{i}.png", PNG) for i in range(5)])
    with pytest.raises(Invalid) as many:
        rules.check_files([Upload(f"{i}.png", PNG) for i in range(3)], kept=3)
    assert "Có 6 tệp (trong đó 3 tệp giữ lại từ lần trước)" in many.value.detail_vi
    [(_, a)] = rules.check_files([Upload("Nhật ky\u0301.png", PNG)])  # decomposed: stored NFC
    assert a.filename == "Nhật ký.png" and a.sha256 == hashlib.sha256(PNG).hexdigest() and a.size == len(PNG)


def test_records_carry_the_version_with_its_files_hashes_and_say_it_in_words() -> None:
    e = given(files=[Upload("sổ.png", PNG)], author="admin", on_behalf=True)
    record = rules.given_record(e, item=GAP)
    assert record["source"] == "/lichtruc/audit" and record["partitionkey"] == GAP.enterprise_id
    assert record["id"] == str(rules.given_event_id(e.explanation_id, 1))
    assert record["data"]["explanation"]["attachments"][0]["sha256"] == hashlib.sha256(PNG).hexdigest()
    said = rules.describe(record["type"], record["data"])
    assert said is not None
    en, vi = said
    assert vi.startswith("Nguyễn Văn Quản (thay mặt doanh nghiệp) giải trình khoảng trống trực điều hành")
    assert vi.endswith(": Người trực không đến; 1 tệp đính kèm") and "on the enterprise's behalf" in en
    answer = rules.reviewed_record(answered(e), item=GAP)
    assert answer["id"] != record["id"]
    assert (rules.describe(answer["type"], answer["data"]) or ("", ""))[1].startswith(
        "Thanh tra Lê Thị Thanh Tra yêu cầu bổ sung"
    )
    assert rules.describe("lichtruc.roster.shift.planned.v1", {}) is None
    # Published as logged: each record is its event of the shared contract, read strictly (no field it does not
    # declare), naming the item for a mail — its enterprise, site, duty type and window.
    given_event = CloudEvent.model_validate(record)
    data = ExplanationGiven.model_validate(record["data"])
    assert given_event.decoded() == data and data.explanation.version == 1 and data.explanation.on_behalf
    assert (data.enterprise_name, data.site_name, data.duty_type) == ("VNPT Long An", "Tổng đài Tân An", "operations")
    assert (data.starts_at, data.ends_at, str(data.enterprise_id)) == (GAP.starts_at, GAP.ends_at, GAP.enterprise_id)
    assert data.item_vi == SAID[0] and data.explanation.attachments[0].filename == "sổ.png"
    # QZ29 #3: an amendment's record says the cause the version before it chose, so its reader can say it changed
    assert data.previous_cause is None and "previous_cause" not in record["data"]
    second = given(answered(e), at=NOW + timedelta(hours=1))
    amended = ExplanationGiven.model_validate(rules.given_record(second, item=GAP)["data"])
    assert (amended.explanation.version, amended.previous_cause) == (2, "no_show")
    reviewed = ExplanationReviewed.model_validate(answer["data"])
    assert CloudEvent.model_validate(answer).decoded() == reviewed
    assert (reviewed.review.decision, reviewed.review.version, reviewed.enterprise_name) == ("more", 1, "VNPT Long An")
    # V3: a reviewer named after the office is not titled twice ("Thanh tra Thanh tra Sở …")
    office = {**answer["data"], "review": {**answer["data"]["review"], "reviewer_name": "Thanh tra Sở TT&TT"}}
    en, vi = rules.describe(answer["type"], office) or ("", "")
    assert vi.startswith("Thanh tra Sở TT&TT yêu cầu bổ sung") and en.startswith("Thanh tra Sở TT&TT asked for more")


@pytest.mark.parametrize(
    ("size", "vi", "en"),
    [
        (11 * 1024 * 1024, "nặng 11 MB, quá giới hạn 10 MB", "is 11 MB, over the limit of 10 MB"),
        (int(10.5 * 1024 * 1024), "nặng 10,5 MB, quá giới hạn 10 MB", "is 10.5 MB, over the limit of 10 MB"),
        (int(10.01 * 1024 * 1024), "nặng 10,1 MB", "is 10.1 MB"),  # not rounded down to the limit
        (int(12.96 * 1024 * 1024), "nặng 13 MB", "is 13 MB"),
    ],
)
def test_an_oversized_file_is_said_visibly_over_the_limit_in_both_languages(size: int, vi: str, en: str) -> None:
    """QZ28 #3: an 11 MB PDF was said to weigh "10 MB, each file at most 10 MB"."""
    with pytest.raises(TooLarge) as big:
        rules.check_files([Upload("to-qua.pdf", PDF, size=size)])
    assert f"Tệp “to-qua.pdf” {vi}" in big.value.detail_vi
    assert f"The file “to-qua.pdf” {en}" in big.value.detail


def test_a_file_given_again_is_attached_once_and_said() -> None:
    """QZ28 #4: re-adding a file already kept attached the same SHA-256 twice to one version."""
    first = given(files=[Upload("Sổ giao ca.png", PNG), Upload("lich.pdf", PDF)])
    photo, scan = first.latest.attachments
    again = [a for _, a in rules.check_files([Upload("anh-1.png", PNG), Upload("Sổ giao ca.png", PNG)])]
    second = rules.write(
        first,
        item_kind="gap",
        item_id=GAP.item_id,
        enterprise_id=GAP.enterprise_id,
        item_said=SAID,
        writing=rules.check_writing(Writing("no_show", "Anh Đức ốm", keep=(photo.attachment_id, scan.attachment_id))),
        new_files=[*again, *[a for _, a in rules.check_files([Upload("them.jpg", JPEG), Upload("them-2.jpg", JPEG)])]],
        author="quan-ly",
        author_name=None,
        on_behalf=False,
        now=NOW,
    )
    assert [a.filename for a in second.latest.attachments] == ["Sổ giao ca.png", "lich.pdf", "them.jpg"]
    assert len({a.sha256 for a in second.latest.attachments}) == 3
    said = [rules.repeat_said(r) for r in rules.repeats([*again], second.latest)]
    assert said[0][0] == "Tệp “anh-1.png” trùng nội dung với tệp “Sổ giao ca.png” đã đính kèm nên không đính kèm thêm."
    assert said[1][0] == "Tệp “Sổ giao ca.png” đã được đính kèm (cùng nội dung) nên chỉ giữ một bản."
    assert "it is kept once" in said[1][1]
    # five kept and one of them given again: not six files, nothing refused
    five = given(files=[Upload(f"{i}.png", PNG + bytes([i])) for i in range(5)])
    kept = tuple(a.attachment_id for a in five.latest.attachments)
    repeat = [a for _, a in rules.check_files([Upload("0.png", PNG + bytes([0]))])]
    sixth = rules.write(
        five,
        item_kind="gap",
        item_id=GAP.item_id,
        enterprise_id=GAP.enterprise_id,
        item_said=SAID,
        writing=rules.check_writing(Writing("no_show", "Anh Đức ốm", keep=kept)),
        new_files=repeat,
        author="quan-ly",
        author_name=None,
        on_behalf=False,
        now=NOW,
    )
    assert len(sixth.latest.attachments) == 5


def test_a_hole_filled_in_time_after_the_deadline_owes_nothing_one_open_at_the_deadline_does_and_says_why() -> None:
    """QZ29 #2 (PRODUCT.md: a gap is in force "when its time arrives while uncovered, or when it still exists at the
    readiness deadline"): owed are the gaps that came to pass and those open at the deadline, filled in time or not;
    a hole that appeared after the deadline and was filled before its hours began is none."""
    from dataclasses import dataclass

    deadline, start = datetime(2027, 1, 28, 17, tzinfo=UTC), datetime(2027, 2, 7, 11, tzinfo=UTC)

    @dataclass
    class Gap:
        status: str
        opened_at: datetime
        closed_at: datetime | None
        in_force_from: datetime
        starts_at: datetime = start

    now = start + timedelta(days=1)
    later = Gap("closed", deadline + timedelta(days=8), start - timedelta(hours=8), deadline + timedelta(days=8))
    assert rules.filled_in_time(later) and not rules.owes_explanation(later, now)
    at_deadline = Gap("closed", deadline - timedelta(days=8), start - timedelta(hours=8), deadline)
    assert rules.owes_explanation(at_deadline, now) and not rules.filled_in_time(at_deadline)
    came = Gap("closed", deadline + timedelta(days=8), start + timedelta(hours=1), deadline + timedelta(days=8))
    assert rules.owes_explanation(came, now)  # filled an hour after it began
    still_open = Gap("open", deadline + timedelta(days=8), None, deadline + timedelta(days=8))
    assert rules.owes_explanation(still_open, now)

    def item(g: Gap) -> Accountable:
        return Accountable(
            "gap", "g1", "e1", "MobiFone Long An", None, "operations", g.starts_at, g.starts_at + timedelta(hours=12),
            None, "unexplained", opened_at=g.opened_at, closed_at=g.closed_at, in_force_from=g.in_force_from,
        )  # fmt: skip

    assert rules.counted_why(item(at_deadline)) == (
        "Đã bổ sung người lúc 10:00 07/02/2027, trước giờ bắt đầu; vẫn phải giải trình vì đến hạn sẵn sàng "
        "(00:00 29/01/2027) lịch trực vẫn còn trống.",
        "Filled at 10:00 7 Feb 2027, before it began; still to be explained: the roster was still short at the "
        "readiness deadline (00:00 29 Jan 2027).",
    )
    assert rules.counted_why(item(later)) is None  # owes nothing: never listed
    assert rules.counted_why(item(came)) is None and rules.counted_why(item(still_open)) is None


def test_a_gap_filled_in_part_answers_for_the_part_it_left_one_shortfall_one_explanation() -> None:
    """QZ29: the part left of a gap filled in part owed an explanation of its own beside the gap's. It owes none when
    the gap it came from owes one (`accounted_for`: db/queries.py finds it), whatever its own record says; the gap's
    row says it was filled in part and that its explanation covers the rest."""
    from dataclasses import dataclass

    deadline, start = datetime(2027, 1, 28, 17, tzinfo=UTC), datetime(2027, 2, 7, 11, tzinfo=UTC)

    @dataclass
    class Gap:
        status: str
        opened_at: datetime
        closed_at: datetime | None
        in_force_from: datetime
        starts_at: datetime = start

    now = start + timedelta(days=1)
    rest = Gap("open", start - timedelta(hours=8), None, start - timedelta(hours=8), start + timedelta(hours=6))
    assert rules.owes_explanation(rest, now)  # came to pass: owed by its own record
    assert not rules.owes_explanation(rest, now, accounted_for=True)  # the gap it came from answers for it
    whole = Gap("closed", deadline - timedelta(days=8), start - timedelta(hours=8), deadline)
    item = Accountable(
        "gap", "g1", "e1", "MobiFone Long An", None, "operations", start, start + timedelta(hours=12), None,
        "unexplained", opened_at=whole.opened_at, closed_at=whole.closed_at, in_force_from=deadline, narrowed=True,
    )  # fmt: skip
    assert rules.counted_why(item) == (
        "Đã bổ sung một phần lúc 10:00 07/02/2027, trước giờ bắt đầu; vẫn phải giải trình vì đến hạn sẵn sàng "
        "(00:00 29/01/2027) lịch trực vẫn còn trống; giải trình này gồm cả phần còn lại.",
        "Partly filled at 10:00 7 Feb 2027, before it began; still to be explained: the roster was still short at the "
        "readiness deadline (00:00 29 Jan 2027); this explanation covers the rest too.",
    )
