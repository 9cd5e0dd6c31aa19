"""The daily report's pure parts: check-in status, the report number, who may submit, versions."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from roster.domain.errors import RuleViolation
from roster.domain.reports import DutyLine, IncidentLine, ReportFacts, abbreviation, check_in_status, may_submit, submit

START = datetime(2027, 2, 6, 1, tzinfo=UTC)


def test_check_in_status() -> None:
    assert check_in_status(START, None, START - timedelta(minutes=1)) == "not_yet"
    assert check_in_status(START, None, START) == "missing"
    assert check_in_status(START, START + timedelta(minutes=15), START) == "on_time"
    assert check_in_status(START, START + timedelta(minutes=16), START) == "late"


def test_report_number_abbreviates_the_enterprise() -> None:
    assert abbreviation("VNPT Long An") == "VNPTLA"
    assert abbreviation("Bưu điện tỉnh Long An") == "BDTLA"
    assert abbreviation("Đài Phát thanh và Truyền hình Long An") == "DPTVTHLA"


def test_only_the_leader_on_duty_or_a_manager_submits_and_a_second_submission_is_version_two() -> None:
    leader, other = uuid.uuid4(), uuid.uuid4()
    facts = ReportFacts(
        uuid.uuid4(),
        "Tết Đinh Mùi 2027",
        uuid.uuid4(),
        "VNPT Long An",
        date(2027, 2, 6),
        duty=(DutyLine(uuid.uuid4(), "leadership", leader, "Nguyễn Thị Ánh Tuyết", None, START, START),),
    )
    may_submit(facts, staff_id=leader, manager=False)
    may_submit(facts, staff_id=None, manager=True)
    with pytest.raises(RuleViolation) as refused:
        may_submit(facts, staff_id=other, manager=False)
    assert "06/02/2027" in refused.value.message_vi and "VNPT Long An" in refused.value.message
    v1 = submit(facts, remarks="  Ổn định. ", latest=None, sequence=4, now=START, actor="a", signer="Tuyết")
    v2 = submit(facts, remarks="Bổ sung", latest=v1, sequence=5, now=START, actor="a", signer="Tuyết")
    assert (v1.version, v1.supersedes, v1.remarks, v1.number) == (1, None, "Ổn định.", "4/BC-VNPTLA")
    assert (v2.version, v2.supersedes) == (2, v1.id)


def test_a_report_made_before_the_english_words_were_kept_reads_in_vietnamese_in_english() -> None:
    """An incident line stored without its English text (reports before it was kept) gives its Vietnamese
    text to an English reader rather than nothing; a line with it gives the English."""
    old = IncidentLine(
        incident_id=uuid.uuid4(),
        detected_at=datetime(2027, 2, 6, 2, 40, tzinfo=UTC),
        summary="Đứt cáp quang (tại Trạm Tân An; ảnh hưởng: internet)",
        handling="nguyên nhân: thi công",
    )
    assert (old.summary_in("en"), old.handling_in("en")) == (old.summary, old.handling)
    new = replace(old, summary_en="Đứt cáp quang (at Trạm Tân An; affected: internet)", handling_en=None)
    assert (new.summary_in("en"), new.handling_in("en")) == (new.summary_en, None)
    assert (new.summary_in("vi"), new.handling_in("vi")) == (old.summary, old.handling)
