"""The staff import keeps people whole (QA round 6): a name garbled by a wrong encoding is refused saying what it
was, a row is the person of the enterprise it names (also without e-mail or phone), a deactivation says the shifts
left behind, and a file's enterprise column is read."""

from __future__ import annotations

import uuid

from .seeding import shift_body
from .test_imports_api import csv_file, staff_of


def garbled(text: str) -> str:
    """`text` saved as UTF-8, opened as Windows-1252 and saved again (the bytes cp1252 lacks become U+FFFD)."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


async def test_vietnamese_read_in_the_wrong_encoding_is_refused_in_every_cell_saying_what_it_was(client, seed) -> None:
    enterprise = await seed.enterprise()
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    assert garbled("Võ Thị Kim Ngân") == "VÃµ Thá»‹ Kim NgÃ¢n"
    assert "\ufffd" in garbled("Đoàn Văn Lực")
    sheet = (
        "Họ và tên,Chuyên môn,Ngôn ngữ\n"
        f"{garbled('Võ Thị Kim Ngân')},Kỹ thuật,\n"
        f"{garbled('Đoàn Văn Lực')},Kỹ thuật,\n"
        f"Hồ Thị Yến,{garbled('Lãnh đạo')},\n"
        "Phạm Văn Nam,Kỹ thuật,Tiếng Việt\n"
    )
    dry = await client.post(url + "&dry_run=true", files=csv_file(sheet))
    assert dry.status_code == 200, dry.text
    rows = dry.json()["rows"]
    assert [(r["row"], r["ok"]) for r in rows] == [(2, False), (3, False), (4, False), (5, True)]
    errors = [e for r in rows[:3] for e in r["errors"]]
    assert [(e["field"], e["rule"], e.get("likely")) for e in errors] == [
        ("full_name", "misread-encoding", "Võ Thị Kim Ngân"),
        ("full_name", "misread-encoding", "Đoàn Văn Lực"),
        ("qualifications", "misread-encoding", "Lãnh đạo"),
    ]
    assert errors[0]["message_vi"] == (
        "“VÃµ Thá»‹ Kim NgÃ¢n” có vẻ là “Võ Thị Kim Ngân” bị đọc sai bảng mã: hãy mở tệp gốc và lưu lại theo CSV UTF-8 "
        "(hoặc .xlsx) rồi tải lên lại."
    )
    assert errors[0]["message"].startswith("“VÃµ Thá»‹ Kim NgÃ¢n” looks like “Võ Thị Kim Ngân” read in the wrong")
    committed = await client.post(url, files=csv_file(sheet))
    assert committed.status_code == 422, committed.text
    assert await staff_of(client, enterprise) == []

    # Garbled headers: the file is said to be mis-encoded, not to lack its columns.
    header = ",".join(garbled(h) for h in ("Họ và tên", "Số điện thoại", "Chuyên môn"))
    refused = await client.post(url + "&dry_run=true", files=csv_file(f"{header}\nHồ Thị Yến,0912345678,Kỹ thuật\n"))
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert [(e["field"], e["rule"]) for e in problem["errors"]] == [("file", "misread-encoding")]
    assert "Tệp có vẻ bị lưu sai bảng mã" in problem["errors"][0]["message_vi"]
    assert "Thiếu cột" not in problem["detail_vi"]

    # The API (the staff form) refuses such a name too; a real one passes.
    body = {"enterprise_id": enterprise["id"], "qualifications": ["technician"]}
    form = await client.post("/staff", json={**body, "full_name": garbled("Hồ Thị Yến")})
    assert form.status_code == 422, form.text
    assert "có vẻ là “Hồ Thị Yến” bị đọc sai bảng mã" in form.text
    assert (await client.post("/staff", json={**body, "full_name": "Hồ Thị Yến"})).status_code == 201
    # "í" is C3 AD in UTF-8: read as cp1252, a soft hyphen, which a name leaves out — looked for before that
    form = await client.post("/staff", json={**body, "full_name": garbled("Lê Văn Kính")})
    assert form.status_code == 422, form.text
    assert "có vẻ là “Lê Văn Kính” bị đọc sai bảng mã" in form.text


async def test_vietnamese_typed_in_an_old_font_is_refused_in_the_form_and_every_cell_saying_what_it_was(
    client, seed
) -> None:
    """QA: "TrÇn V¨n Th¾ng" and "§Æng V¨n Hïng" (typed in .VnTime, TCVN3) and "Nguyeãn Vaên Tuaán" (VNI-Times),
    copied out of an old Word file, were saved by the staff form and checked valid by the import."""
    enterprise = await seed.enterprise()
    body = {"enterprise_id": enterprise["id"], "qualifications": ["technician"]}
    form = await client.post("/staff", json={**body, "full_name": "TrÇn V¨n Th¾ng"})
    assert form.status_code == 422, form.text
    [error] = form.json()["errors"]
    assert error["message_vi"].endswith(
        "“TrÇn V¨n Th¾ng” có vẻ là “Trần Văn Thắng” gõ bằng phông chữ cũ (TCVN3): hãy gõ lại bằng Unicode, hoặc "
        "chép từ tệp đã chuyển sang Unicode (Unikey: Công cụ chuyển mã)."
    )
    assert (
        "“TrÇn V¨n Th¾ng” looks like “Trần Văn Thắng” typed in an old font (TCVN3): type it again in Unicode"
        in (error["message"])
    )
    # TCVN3's "ư" is the byte of a soft hyphen, which a name leaves out: found before it is ("Trơng" was no sign)
    form = await client.post("/staff", json={**body, "full_name": "Tr\xad\xacng Quèc B¶o"})
    assert form.status_code == 422, form.text
    assert "có vẻ là “Trương Quốc Bảo” gõ bằng phông chữ cũ (TCVN3)" in form.text
    form = await client.post("/staff", json={**body, "full_name": "Nguyeãn Vaên Tuaán"})
    assert form.status_code == 422, form.text
    assert "có vẻ là “Nguyễn Văn Tuấn” gõ bằng phông chữ cũ (VNI)" in form.text
    # Names of other languages, and Vietnamese ones whose letters an old font has bytes for, are kept as typed.
    for name in ("José Müller", "Zoë O'Brien", "Ngô Bảo Châu", "Hoàng Tú", "Chí Phèo", "Thò Lê"):
        created = await client.post("/staff", json={**body, "full_name": name})
        assert created.status_code == 201, created.text
        assert created.json()["full_name"] == name

    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    sheet = (
        "Họ và tên,Chuyên môn,Ngôn ngữ\n"
        "TrÇn V¨n Th¾ng,Kỹ thuật,\n"
        "§Æng V¨n Hïng,Kỹ thuật,\n"
        "Nguyeãn Vaên Tuaán,Kỹ thuật,\n"
        'Hồ Thị Yến,"Kü thuËt, L·nh ®¹o",\n'
        "Müller Zoë,Kỹ thuật,Tiếng Việt\n"
    )
    dry = await client.post(url + "&dry_run=true", files=csv_file(sheet))
    assert dry.status_code == 200, dry.text
    rows = dry.json()["rows"]
    assert [(r["row"], r["ok"]) for r in rows] == [(2, False), (3, False), (4, False), (5, False), (6, True)]
    errors = [e for r in rows[:4] for e in r["errors"]]
    assert [(e["field"], e["rule"], e.get("likely"), e.get("font")) for e in errors] == [
        ("full_name", "misread-encoding", "Trần Văn Thắng", "TCVN3"),
        ("full_name", "misread-encoding", "Đặng Văn Hùng", "TCVN3"),
        ("full_name", "misread-encoding", "Nguyễn Văn Tuấn", "VNI"),
        ("qualifications", "misread-encoding", "Kỹ thuật, Lãnh đạo", "TCVN3"),
    ]
    assert errors[1]["message_vi"] == (
        "“§Æng V¨n Hïng” có vẻ là “Đặng Văn Hùng” gõ bằng phông chữ cũ (TCVN3): hãy gõ lại bằng Unicode, hoặc chép "
        "từ tệp đã chuyển sang Unicode (Unikey: Công cụ chuyển mã)."
    )
    assert "CSV UTF-8" not in errors[1]["message_vi"]  # another encoding of the file would not mend it
    committed = await client.post(url, files=csv_file(sheet))
    assert committed.status_code == 422, committed.text
    names = {p["full_name"] for p in await staff_of(client, enterprise)}
    assert not names & {"TrÇn V¨n Th¾ng", "Trần Văn Thắng", "Nguyeãn Vaên Tuaán", "Müller Zoë"}

    # A header typed in an old font: said so, not that the columns are missing.
    refused = await client.post(url + "&dry_run=true", files=csv_file("Hä vµ tªn,Chuyªn m«n\nHồ Thị Yến,Kỹ thuật\n"))
    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert (error["field"], error["rule"], error["likely"], error["font"]) == (
        "file",
        "misread-encoding",
        "Họ và tên",
        "TCVN3",
    )
    assert error["message_vi"].startswith("Không nhận ra được cột nào: tiêu đề “Hä vµ tªn” có vẻ là “Họ và tên”")


async def test_a_row_without_email_or_phone_is_the_one_person_of_its_name_and_two_such_rows_are_refused(
    client, seed
) -> None:
    """QA: "Lương Văn Hải" (no e-mail, no phone) imported twice made two records, the second check saying "…đã có
    “Lương Văn Hải”, trùng tên với Lương Văn Hải nếu bỏ qua dấu…"; the same name twice in one file said nothing."""
    enterprise = await seed.enterprise()
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    header = "Họ và tên,Email,Số điện thoại,Chuyên môn\n"
    first = await client.post(url, files=csv_file(header + "Lương Văn Hải,,,Bảo vệ\n"))
    assert first.status_code == 201, first.text
    [hai] = await staff_of(client, enterprise)

    again = header + "Lương  Văn Hải,,,Bảo vệ\n"  # spaces folded: the same name
    dry = (await client.post(url + "&dry_run=true", files=csv_file(again))).json()
    [row] = dry["rows"]
    assert (row["ok"], row["action"]) == (True, "unchanged")
    [said] = [w for w in row["warnings"] if w["rule"] == "same-name"]
    assert "khớp với Lương Văn Hải đã có" in said["message_vi"]
    assert "(cùng tên, không có email/điện thoại khác)" in said["message_vi"]
    assert not any(w["rule"] in ("similar-name", "email-recommended") for w in row["warnings"])
    # Updated when it changes something, the record's phone kept (an empty cell says nothing).
    await client.patch(f"/staff/{hai['id']}", json={"phone": "0912345678"}, headers={"If-Match": str(hai["version"])})
    done = await client.post(url, files=csv_file(header + "Lương Văn Hải,,,Bảo vệ; Kỹ thuật\n"))
    assert done.status_code == 201, done.text
    assert done.json()["rows"][0]["staff_id"] == hai["id"]
    [person] = await staff_of(client, enterprise)
    assert (person["qualifications"], person["phone"]) == (["guard", "technician"], "0912345678")

    # Another phone tells them apart: a new person, said to have the same name (not "but for diacritics").
    other = await client.post(url + "&dry_run=true", files=csv_file(header + "Lương Văn Hải,,0987654321,Bảo vệ\n"))
    [row] = other.json()["rows"]
    assert row["action"] == "create"
    [said] = [w for w in row["warnings"] if w["rule"] == "similar-name"]
    assert "“Lương Văn Hải”, cùng tên với dòng này (Lương Văn Hải)" in said["message_vi"]
    assert "bỏ qua dấu" not in said["message_vi"]
    # Only similar: that wording stays, and reads right.
    similar = await client.post(url + "&dry_run=true", files=csv_file(header + "Luong Van Hai,,,Bảo vệ\n"))
    [said] = [w for w in similar.json()["rows"][0]["warnings"] if w["rule"] == "similar-name"]
    assert "tên chỉ khác Luong Van Hai ở dấu, chữ hoa hoặc khoảng trắng" in said["message_vi"]

    # Twice in one file without e-mail and nothing to tell the rows apart: refused, naming both rows; told apart
    # (or a row with an e-mail, that e-mail's person), fine.
    twice = header + "Đinh Thị Mơ,,,Bảo vệ\nĐinh Thị Mơ,,,Bảo vệ\nĐinh Thị Mơ,,0911222333,Bảo vệ\n"
    rows = (await client.post(url + "&dry_run=true", files=csv_file(twice))).json()["rows"]
    assert [(r["row"], [e["rule"] for e in r["errors"]]) for r in rows] == [
        (2, []),
        (3, ["same-name-in-file"]),
        (4, ["same-name-in-file"]),  # a phone against a row without one tells nothing
    ]
    assert rows[1]["errors"][0]["message_vi"].startswith("Dòng 2 và dòng 3 cùng ghi Đinh Thị Mơ")
    apart = header + "Đinh Thị Mơ,,0911222333,Bảo vệ\nĐinh Thị Mơ,,0911222444,Bảo vệ\nĐinh Thị Mơ,mo@x.vn,,Bảo vệ\n"
    rows = (await client.post(url + "&dry_run=true", files=csv_file(apart))).json()["rows"]
    assert [r["errors"] for r in rows] == [[], [], []]


async def test_deactivating_by_import_lists_each_upcoming_shift_as_the_staff_form_does(client, seed) -> None:
    campaign, enterprise, person = await seed.world()
    for day in (5, 6, 7):
        body = shift_body(
            campaign,
            enterprise,
            [person],
            starts_at=f"2027-02-0{day}T08:00:00+07:00",
            ends_at=f"2027-02-0{day}T16:00:00+07:00",
        )
        assert (await client.post("/shifts", json=body)).status_code == 201
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    sheet = f"Họ và tên,Email,Chuyên môn,Đang hoạt động\n{person['full_name']},{person['email']},Kỹ thuật,Không\n"
    dry = (await client.post(url + "&dry_run=true", files=csv_file(sheet))).json()
    [row] = dry["rows"]
    left = [w for w in row["warnings"] if w["rule"] == "staff-active"]
    assert len(left) == 3
    assert all(w["message_vi"].startswith(f"{person['full_name']} đã ngừng hoạt động nhưng vẫn có ca") for w in left)
    assert all(w["message_vi"].endswith(": hãy đổi người.") for w in left)
    # the same words as the staff form's answer
    form = await client.patch(
        f"/staff/{person['id']}", json={"active": False}, headers={"If-Match": str(person["version"])}
    )
    assert form.status_code == 200, form.text
    assert sorted(w["message_vi"] for w in form.json()["warnings"]) == sorted(w["message_vi"] for w in left)


async def test_an_enterprise_column_keeps_each_row_to_its_enterprise(client, seed) -> None:
    vnpt = await seed.enterprise("VNPT Long An")
    viettel = await seed.enterprise("Viettel Long An")
    url = f"/imports/staff?enterprise_id={vnpt['id']}&dry_run=true"
    sheet = (
        "Doanh nghiệp,Họ và tên,Chuyên môn\n"
        f"{viettel['name'].upper()},Bạch Văn Viettel,Kỹ thuật\n"
        f"{vnpt['name']},Bạch Văn Vnpt,Bảo vệ\n"
        "Công ty Không Có,Bạch Thị Lạ,Bảo vệ\n"
    )
    report = (await client.post(url, files=csv_file(sheet))).json()
    assert "Doanh nghiệp" not in report["ignored_columns"]
    errors = [[(e["field"], e["rule"]) for e in r["errors"]] for r in report["rows"]]
    assert errors == [[("enterprise", "other-enterprise")], [], [("enterprise", "known-enterprise")]]
    first, _, unknown = (r["errors"][0]["message_vi"] if r["errors"] else "" for r in report["rows"])
    assert first == (
        f"Dòng này thuộc {viettel['name']}, không phải {vnpt['name']}: hãy nhập nó khi chọn {viettel['name']}."
    )
    assert vnpt["name"] in unknown and viettel["name"] in unknown and "Công ty Không Có" in unknown
    # The row that registers someone says what will be stored (the check lists each new person).
    assert report["rows"][1]["adds"] == {
        "full_name": "Bạch Văn Vnpt",
        "email": None,
        "phone": None,
        "qualifications": ["guard"],
        "active": True,
    }
    assert "adds" not in report["rows"][0]  # a row in error registers nobody


async def test_an_enterprise_column_reads_a_short_form_only_one_enterprise_has(client, seed) -> None:
    """QA round 7: "VNPT" in the "Doanh nghiệp" column was an unknown enterprise beside "VNPT Long An" (enterprises
    have no short name of their own): a short form one enterprise's name holds is that enterprise."""
    tag = uuid.uuid4().hex[:5]
    home = await seed.enterprise(f"Vnp{tag} Long An")
    other = await seed.enterprise(f"Vtl{tag} Long An")
    await seed.enterprise(f"Vtl{tag} Media")
    url = f"/imports/staff?enterprise_id={home['id']}&dry_run=true"
    sheet = (
        "Doanh nghiệp,Họ và tên,Chuyên môn\n"
        f"VNP{tag},Bạch Văn Một,Kỹ thuật\n"  # the chosen one's short form: fine
        f"Vtl{tag} long an,Bạch Văn Hai,Kỹ thuật\n"  # another's (the seed adds a suffix to the name): its row
        f"Vtl{tag},Bạch Văn Ba,Kỹ thuật\n"  # two names hold it: which one is not known
        f"Vnp{tag} LA,Bạch Văn Bốn,Kỹ thuật\n"  # no name holds it: the enterprise meant named
    )
    rows = (await client.post(url, files=csv_file(sheet))).json()["rows"]
    assert [[(e["field"], e["rule"]) for e in r["errors"]] for r in rows] == [
        [],
        [("enterprise", "other-enterprise")],
        [("enterprise", "known-enterprise")],
        [("enterprise", "known-enterprise")],
    ]
    assert rows[1]["errors"][0]["message_vi"].startswith(f"Dòng này thuộc {other['name']}, không phải {home['name']}")
    both, meant = rows[2]["errors"][0], rows[3]["errors"][0]
    assert both["message_vi"].startswith(f"“Vtl{tag}” có thể là “{other['name']}”, “Vtl{tag} Media")
    assert "hãy ghi đủ tên doanh nghiệp" in both["message_vi"]
    assert meant["message_vi"].startswith(
        f"Không có doanh nghiệp nào tên “Vnp{tag} LA”: nếu là {home['name']}, hãy ghi “{home['name']}”"
    )


async def test_wording_same_record_once_capitalised_qualifications_and_a_close_site(client, seed) -> None:
    campaign, enterprise, person = await seed.world()
    phone = "09" + str(uuid.uuid4().int)[:8]
    duc = await seed.staff(enterprise, "Trần Văn Đức", phone=phone)
    url = f"/imports/staff?enterprise_id={enterprise['id']}&dry_run=true"
    sheet = f"Họ và tên,Số điện thoại,Chuyên môn\nTrần Văn Đức,{phone},Kỹ thuật\nLê Thị Ba,,đầu bếp\n"
    rows = (await client.post(url, files=csv_file(sheet))).json()["rows"]
    [said] = [w for w in rows[0]["warnings"] if w["rule"] == "same-record"]
    assert said["message_vi"].startswith(f"Trần Văn Đức đã có hồ sơ tại {enterprise['name']}") and duc
    assert "dùng Lãnh đạo, Điều hành, Kỹ thuật hoặc Bảo vệ" in rows[1]["errors"][0]["message_vi"]

    site = await seed.site(enterprise, "Tổng đài Host Tân An")
    typed = site["name"].replace("Host ", "")
    shifts = f"Loại trực,Bắt đầu,Kết thúc,Địa điểm,Người trực\nTrực điều hành,05/02/2027 08:00,05/02/2027 16:00,{typed},{person['email']}\n"
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}&dry_run=true"
    [row] = (await client.post(url, files=csv_file(shifts))).json()["rows"]
    [error] = row["errors"]
    assert error["message_vi"] == f"Doanh nghiệp không có địa điểm tên “{typed}”: có phải “{site['name']}”?"


async def test_a_row_with_an_e_mail_gives_it_to_the_one_person_of_its_name_registered_without_one(client, seed) -> None:
    """QA round 7: "Lương Văn Năm" registered without e-mail, imported again with one, became a second person (only
    warned "same name"). The one record of that name without e-mail gains it, unless a phone or CCCD tells them
    apart."""
    enterprise = await seed.enterprise()
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    header = "Họ và tên,Email,Số điện thoại,Số CCCD,Chuyên môn\n"
    phone, phone_sau = ("09" + str(uuid.uuid4().int)[:8] for _ in range(2))
    first = await client.post(
        url, files=csv_file(header + f"Lương Văn Năm,,{phone},,Bảo vệ\nLê Thị Sáu,,{phone_sau},,Bảo vệ\n")
    )
    assert first.status_code == 201, first.text
    nam = next(p for p in await staff_of(client, enterprise) if p["full_name"] == "Lương Văn Năm")
    email = f"nam.{uuid.uuid4().hex[:8]}@vnpt-la.vn"
    sau = f"sau.{uuid.uuid4().hex[:8]}@vnpt-la.vn"
    other = "09" + str(uuid.uuid4().int)[:8]
    sheet = header + f"Lương Văn Năm,{email},,,Bảo vệ\nLê Thị Sáu,{sau},{other},,Bảo vệ\n"
    dry = (await client.post(url + "&dry_run=true", files=csv_file(sheet))).json()
    gains, apart = dry["rows"]
    assert (gains["ok"], gains["action"]) == (True, "update")
    assert [(c["field"], c["before"], c["after"]) for c in gains["changes"]] == [("email", None, email)]
    assert gains["changes"][0]["message_vi"] == f"Email: — → {email}"
    [said] = [w for w in gains["warnings"] if w["rule"] == "email-gained"]
    assert said["message_vi"].startswith(f"Lương Văn Năm của {enterprise['name']} chưa có email: dòng này được hiểu")
    assert not any(w["rule"] == "similar-name" for w in gains["warnings"])
    # another phone than the record's: another person of the same name, registered as before and warned so
    assert apart["action"] == "create"
    assert [w["rule"] for w in apart["warnings"] if w["rule"] in ("similar-name", "email-gained")] == ["similar-name"]

    done = await client.post(url, files=csv_file(sheet))
    assert done.status_code == 201, done.text
    assert done.json()["rows"][0]["staff_id"] == nam["id"]
    people = await staff_of(client, enterprise)
    assert sorted((p["full_name"], p["email"] or "", p["phone"]) for p in people) == sorted(
        [("Lương Văn Năm", email, phone), ("Lê Thị Sáu", "", phone_sau), ("Lê Thị Sáu", sau, other)]
    )


async def test_a_row_below_a_blank_row_with_an_e_mail_and_phone_is_a_person_without_a_name(client, seed) -> None:
    """QA round 7: a row after a blank row that filled only an e-mail and a phone number was skipped as "after the
    table" (the signature rule) without a word: it is a person's row whose name is missing, said as its error."""
    enterprise = await seed.enterprise()
    url = f"/imports/staff?enterprise_id={enterprise['id']}&dry_run=true"
    email = f"hien.{uuid.uuid4().hex[:8]}@vnpt-la.vn"
    sheet = (
        "Họ và tên,Email,Số điện thoại,Chuyên môn\n"
        f"Quách Thị Mơ,mo.{uuid.uuid4().hex[:8]}@vnpt-la.vn,,Kỹ thuật\n"
        ",,,\n"
        f",{email},0912 345 741,\n"
        ",,,\n"
        "GIÁM ĐỐC,,,\n"  # a signature under it is still no data
    )
    report = (await client.post(url, files=csv_file(sheet))).json()
    assert [(r["row"], [(e["field"], e["rule"]) for e in r["errors"]]) for r in report["rows"]] == [
        (2, []),
        (4, [("full_name", "required"), ("qualifications", "qualification-required")]),  # both to fill in
    ]
    assert report["rows"][1]["errors"][0]["message_vi"] == (
        f"Dòng này có {email}, 0912 345 741 nhưng thiếu họ và tên: đây là dòng của một người — hãy ghi họ tên người "
        "đó vào cột “Họ và tên”, hoặc xoá dòng nếu không cần nhập."
    )
    assert [(n["rule"], n["rows"]) for n in report["notes"]] == [("after-table", [6])]
