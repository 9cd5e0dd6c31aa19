"""One name per duty type (lichtruc.duty_types), the same everywhere: QA 2026-12-06 found the portal's "Network
operation and incident response duty" as the feed's "Incident-response duty" and the mails' "Trực ứng cứu thông tin";
QZ29 #2 the mails' subjects' short name "Trực vận hành và ứng cứu thông tin" beside the portal's full one."""

from __future__ import annotations

import unicodedata

from lichtruc.duty_types import DUTY_TYPES, duty_type_name
from notifier.domain.texts import duty_type_name as notifier_name


def test_each_duty_type_has_one_name_per_language_in_nfc_and_notifier_says_the_same() -> None:
    assert duty_type_name("incident_response", "vi") == "Trực vận hành khai thác mạng lưới và ứng cứu thông tin"
    assert duty_type_name("incident_response", "en") == "Network operation and incident response duty"
    for duty in DUTY_TYPES:
        for lang in ("vi", "en"):
            name = duty_type_name(duty.key, lang)
            assert name == unicodedata.normalize("NFC", name)
            assert notifier_name(duty.key, lang) == name  # the feed's and the mails' names take it from here
    assert duty_type_name("night_watch", "en") == "night_watch"  # an unknown code as it is
