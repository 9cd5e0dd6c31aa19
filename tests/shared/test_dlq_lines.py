"""`dlq list`'s lines as an operator reads them: the first line's days in English ("5 Feb 2027", never
"05/02" that an English reader takes for the 2nd of May), the same times in Vietnamese (dd/mm/yyyy) below."""

from __future__ import annotations

from datetime import timedelta

from events_factory import GIAO_THUA, shift_planned
from lichtruc.dlq import DeadLetter, _line
from lichtruc.events import encode

DEAD_LETTERED = GIAO_THUA + timedelta(hours=10)  # 08:00 on 6 Feb 2027 (Mùng 1 Tết), Vietnam time


def letter(value: bytes) -> DeadLetter:
    headers = {"dlq-consumer": "notifier", "dlq-error-type": "ValueError", "dlq-error": "simulated fault"}
    return DeadLetter("roster.events.dlq", 0, 7, int(DEAD_LETTERED.timestamp() * 1000), headers, b"k", value)


def test_a_dead_letter_says_its_days_in_english_first_and_in_vietnamese_below() -> None:
    event = shift_planned().model_copy(update={"time": GIAO_THUA})  # 22:00 on 5 Feb 2027, 29 tháng Chạp (Tết eve)
    english, vietnamese, error, _ = _line(letter(encode(event))).splitlines()
    assert english.startswith("08:00 6 Feb 2027  notifier  ") and english.endswith("[ValueError]  0:7"), english
    assert f"{event.type} @ 22:00 5 Feb 2027 (29th day of the 12th lunar month" in english, english
    assert "/02/" not in english, english
    assert vietnamese == "    lúc: 08:00 06/02/2027; sự kiện lúc: 22:00 05/02/2027 (29 tháng Chạp Bính Ngọ)", vietnamese
    assert error == "    error / lỗi: ValueError: simulated fault"


def test_a_record_that_is_no_event_has_only_its_own_time_in_vietnamese() -> None:
    english, vietnamese, *_ = _line(letter(b"not json")).splitlines()
    assert english.startswith("08:00 6 Feb 2027  notifier  not a CloudEvent (8 bytes"), english
    assert vietnamese == "    lúc: 08:00 06/02/2027", vietnamese
