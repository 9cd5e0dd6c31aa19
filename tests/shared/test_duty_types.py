"""One name per duty type (lichtruc.duty_types): the full name wherever there is room, one agreed short name for a
one-line title, and the short name recognisably the full one's (QA 2026-12-06: the portal's "Network operation and
incident response duty" was the feed's "Incident-response duty" and the mails' "Trực ứng cứu thông tin")."""

from __future__ import annotations

import unicodedata

from lichtruc.duty_types import DUTY_TYPES, duty_type_name, duty_type_title
from notifier.domain.texts import duty_type_title as notifier_title


def test_each_duty_type_has_one_short_name_per_language_made_of_its_full_name_s_words() -> None:
    assert duty_type_title("incident_response", "vi") == "Trực vận hành và ứng cứu thông tin"
    assert duty_type_title("incident_response", "en") == "Operation and incident response duty"
    assert duty_type_name("incident_response", "en") == "Network operation and incident response duty"
    for duty in DUTY_TYPES:
        for lang in ("vi", "en"):
            short, full = duty_type_title(duty.key, lang), duty_type_name(duty.key, lang)
            assert short == unicodedata.normalize("NFC", short) and len(short) <= 40, short
            # every word of the short name is one of the full name's: the two read as the same duty
            assert set(short.lower().split()) <= set(full.lower().split()), (short, full)
            assert notifier_title(duty.key, lang) == short  # the feed's and the mails' titles take it from here
    assert duty_type_title("night_watch", "en") == "night_watch"  # an unknown code as it is
