"""The province's summary names the handovers a day's report could not tell, over roster's API with real PostgreSQL
(K3 leftover): VNPT's report of mùng 1 sent at 12:00 tells the handover of 10:00; the patrol handed over at 18:30,
its guard never having come, is said after it — in the PDF's note and the workbook's column, Vietnamese and English —
until a correction sent after it tells it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
from pypdf import PdfReader

from devstack.demo import DEPARTMENT as LONG_AN
from support import auth, principal

from .seeding import shift_body

DAY = "2027-02-06"  # mùng 1 Tết Đinh Mùi
INSPECTOR = auth(principal("inspector", name="thanh.tra@stttt.longan.gov.vn"))
LATE = (
    "Tuần tra, bảo vệ ({site}), 18:30–24:00 06/02/2027: Kiều Văn Sơn không đến, giao ca cho Trần Văn Bảy; lý do: {why}"
)
WHY = "Không liên lạc được với người trực"


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


async def test_a_handover_made_after_the_report_was_sent_is_in_the_summary(client, seed, clock) -> None:
    campaign, vnpt = await seed.campaign(), await seed.enterprise("VNPT Long An")
    tuyet = await seed.staff(vnpt, "Nguyễn Thị Ánh Tuyết")
    duc, anh = await seed.staff(vnpt, "Trần Văn Đức"), await seed.staff(vnpt, "Phạm Thị Ngọc Ánh")
    son, bay = await seed.staff(vnpt, "Kiều Văn Sơn"), await seed.staff(vnpt, "Trần Văn Bảy")
    site = await seed.site(vnpt, "Trạm Hưng Điền A")
    assert (await client.put("/department", json=LONG_AN, headers={"If-Match": '"0"'})).status_code == 200

    async def shift(people: list[dict], duty_type: str, start: str, end: str) -> dict:
        body = shift_body(
            campaign, vnpt, people, duty_type=duty_type, starts_at=f"{DAY}T{start}:00+07:00",
            ends_at=end, status="published", site_id=site["id"],
        )  # fmt: skip
        made = await client.post("/shifts", json=body)
        assert made.status_code == 201, made.text
        return made.json()

    await shift([tuyet], "leadership", "08:00", f"{DAY}T16:00:00+07:00")
    operations = await shift([duc], "operations", "08:00", f"{DAY}T16:00:00+07:00")
    patrol = await shift([son], "patrol", "16:00", "2027-02-07T00:00:00+07:00")

    async def hand_over(shifted: dict, to: dict, at: str, reason: str, **extra: object) -> None:
        current = (await client.get(f"/shifts/{shifted['id']}")).json()
        done = await client.post(
            f"/shifts/{shifted['id']}/handover",
            json={"assignees": [{"staff_id": to["id"]}], "at": f"{DAY}T{at}:00+07:00", "reason": reason, **extra},
            headers={"If-Match": f'"{current["version"]}"'},
        )
        assert done.status_code == 201, done.text

    clock.now = datetime(2027, 2, 6, 1, 5, tzinfo=UTC)  # 08:05: Đức checks in
    checked = await client.post(
        f"/shifts/{operations['id']}/check-in",
        json={"staff_id": duc["id"]},
        headers={"If-Match": f'"{operations["version"]}"'},
    )
    assert checked.status_code == 200, checked.text
    clock.now = datetime(2027, 2, 6, 3, tzinfo=UTC)  # 10:00: Đức falls ill, Ánh takes over
    await hand_over(operations, anh, "10:00", "Trần Văn Đức bị ốm")
    clock.now = datetime(2027, 2, 6, 5, tzinfo=UTC)  # 12:00: the day's report, telling the morning's handover
    sent = await client.post("/daily-reports", json={"enterprise_id": vnpt["id"], "day": DAY, "remarks": "Ổn định."})
    assert sent.status_code == 201, sent.text
    assert any("Phạm Thị Ngọc Ánh" in d["full_name"] for d in sent.json()["duty"])
    clock.now = datetime(2027, 2, 6, 11, 40, tzinfo=UTC)  # 18:40: Sơn never came to the 16:00 patrol
    await hand_over(patrol, bay, "18:30", f"  {WHY} ", absent=True)

    base = f"/campaigns/{campaign['id']}/daily-reports/summary"
    pdf = await client.get(f"{base}.pdf", params={"day": DAY}, headers=INSPECTOR)
    assert pdf.status_code == 200, pdf.text
    text = _pdf_text(pdf.content)
    late = LATE.format(site=site["name"], why=WHY)
    assert (
        f"Lưu ý: sau khi gửi báo cáo này, đã có thêm 1 lần giao ca trong ngày, báo cáo chưa nêu ({late}); doanh nghiệp "
        "cần gửi báo cáo bổ sung." in text
    ), text
    assert "Trần Văn Đức giao ca" not in text and "Trần Văn Đức bị ốm" not in text  # the report tells that one
    for lang, header, said in (
        ("vi", "Giao ca sau khi gửi", late),
        (
            "en",
            "Handovers made after it was sent",
            f"Patrol and guard duty ({site['name']}), 18:30–24:00 6 Feb 2027: Kiều Văn Sơn did not come; handed over "
            f"to Trần Văn Bảy; reason: {WHY}",
        ),
    ):
        xlsx = await client.get(f"{base}.xlsx", params={"day": DAY, "lang": lang}, headers=INSPECTOR)
        sheet = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0].values)
        assert sheet[0][9] == header
        (row,) = [r for r in sheet[1:] if r[2] == vnpt["name"]]
        assert row[8:10] == (0, said), row

    # 19:00: a correction, sent after the handover, tells it: the summary says nothing more
    clock.now = datetime(2027, 2, 6, 12, tzinfo=UTC)
    again = await client.post("/daily-reports", json={"enterprise_id": vnpt["id"], "day": DAY, "remarks": "Bổ sung."})
    assert again.status_code == 201 and again.json()["version"] == 2, again.text
    text = _pdf_text((await client.get(f"{base}.pdf", params={"day": DAY}, headers=INSPECTOR)).content)
    assert "Lưu ý:" not in text and "Kiều Văn Sơn không đến, giao ca" not in text
    xlsx = await client.get(f"{base}.xlsx", params={"day": DAY}, headers=INSPECTOR)
    (row,) = [
        r for r in list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0].values) if r[2] == vnpt["name"]
    ]
    assert row[8:10] == (0, None)
