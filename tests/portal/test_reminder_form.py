"""The reminders form read back, in both languages, without a browser (QA round 3): a time the form refuses is
kept as typed, one half of the quiet hours left empty is asked for as such, and a reminder time shows in days,
hours and minutes ("Trước 1 giờ 30 phút", never "Trước 90 phút")."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from portal.app import load_catalogue
from portal.handlers.reminders import Preferences, as_typed, from_api, offset_words, offsets_words, read_form, typed_of

CATALOGUE = load_catalogue()


def words(lang: str) -> Callable[..., str]:
    return lambda key, **params: CATALOGUE.text(key, lang, **params)


FORM = {"offsets": ["120"], "channels": ["email"], "quiet_start": "22:00", "quiet_end": "", "extra_offset": "99999"}


@pytest.mark.parametrize(
    ("lang", "extra", "end"),
    [
        (
            "vi",
            "Hãy nhập số phút từ 1 đến 20160.",
            "Giờ yên lặng cần cả hai giờ: hãy nhập giờ kết thúc, ví dụ 06:00, hoặc xóa giờ bắt đầu nếu không cần.",
        ),
        (
            "en",
            "Enter a number of minutes from 1 to 20160.",
            "Quiet hours need both times: enter the end, for example 06:00, or clear the start if you want none.",
        ),
    ],
)
def test_a_refused_time_is_kept_and_the_missing_half_of_the_quiet_hours_is_asked_for(
    lang: str, extra: str, end: str
) -> None:
    read = read_form(FORM, t=words(lang), has_webhook_secret=False)
    assert read.errors == {"extra_offset": extra, "quiet_end": end}
    assert read.prefs.extra_offset == "99999"  # shown again in the box, not wiped
    assert (read.prefs.quiet_start, read.prefs.quiet_end, read.prefs.offsets) == ("22:00", "", (120,))


def test_the_start_left_empty_is_asked_for_and_a_badly_written_time_still_says_the_format() -> None:
    read = read_form(
        {**FORM, "quiet_start": "", "quiet_end": "06:00", "extra_offset": ""}, t=words("vi"), has_webhook_secret=False
    )
    assert read.errors == {
        "quiet_start": "Giờ yên lặng cần cả hai giờ: hãy nhập giờ bắt đầu, ví dụ 22:00, hoặc xóa giờ kết thúc nếu không cần."
    }
    read = read_form({**FORM, "quiet_end": "6h", "extra_offset": ""}, t=words("vi"), has_webhook_secret=False)
    assert read.errors == {"quiet_end": "Hãy nhập giờ dạng HH:MM, ví dụ 22:00."}


def test_an_accepted_time_is_a_choice_not_left_in_the_box() -> None:
    read = read_form({**FORM, "extra_offset": "90", "quiet_end": "06:00"}, t=words("vi"), has_webhook_secret=False)
    assert read.errors == {}
    assert (read.prefs.offsets, read.prefs.extra_offset) == ((120, 90), "")
    assert read.body["reminder_offsets_minutes"] == [120, 90]


def test_a_time_ticked_is_ones_own_whatever_the_default_box_says() -> None:
    """QA: the default's box left ticked beside "Trước 2 giờ" saved the default, the 2 hours dropped unsaid."""
    both = {"use_default": "1", "offsets": ["120"], "channels": ["email"]}
    read = read_form(both, t=words("vi"), has_webhook_secret=False)
    assert read.errors == {} and read.body["reminder_offsets_minutes"] == [120]
    assert (read.prefs.use_default, read.kept_times) == (False, True)
    alone = read_form({**both, "offsets": []}, t=words("vi"), has_webhook_secret=False)
    assert alone.body["reminder_offsets_minutes"] is None and (alone.prefs.use_default, alone.kept_times) == (
        True,
        False,
    )
    typed = read_form({**both, "offsets": [], "extra_offset": "45"}, t=words("vi"), has_webhook_secret=False)
    assert typed.body["reminder_offsets_minutes"] == [45] and typed.kept_times


@pytest.mark.parametrize(
    ("minutes", "vi", "en"),
    [
        (15, "Trước 15 phút", "15 minutes before"),
        (60, "Trước 1 giờ", "1 hour before"),
        (90, "Trước 1 giờ 30 phút", "1 hour 30 minutes before"),
        (1440, "Trước 1 ngày", "1 day before"),
        (1530, "Trước 1 ngày 1 giờ 30 phút", "1 day 1 hour 30 minutes before"),
        (2880 + 120, "Trước 2 ngày 2 giờ", "2 days 2 hours before"),
        (20160, "Trước 14 ngày", "14 days before"),
    ],
)
def test_a_reminder_time_reads_in_days_hours_and_minutes(minutes: int, vi: str, en: str) -> None:
    for lang, expected in (("vi", vi), ("en", en)):
        t = words(lang)
        assert t("reminders.before", what=offset_words(minutes, t)) == expected


def test_a_refused_form_is_kept_as_typed_for_the_page_it_redirects_to_never_the_webhook_secret() -> None:
    """A refused form is kept (as JSON, sealed in a cookie) for the page its refusal redirects to: every field as
    typed, put back over the person's preferences as notifier has them — but not the webhook's secret, which the
    form never shows again."""
    typed = {
        **FORM,
        "channels": ["email", "webhook"],
        "webhook_url": "https://hooks.example/sang",
        "webhook_secret": "ngắn",
    }
    read = read_form(typed, t=words("vi"), has_webhook_secret=False)
    kept = json.loads(json.dumps(typed_of(read.prefs)))
    assert "ngắn" not in json.dumps(kept, ensure_ascii=False)
    current = Preferences("en", ("email",), (60,), True, "", "", "", email="sangcv@vnpt-longan.vn")
    again = as_typed(current, kept)
    assert (again.channels, again.offsets, again.use_default) == (("email", "webhook"), (120,), False)
    assert (again.quiet_start, again.quiet_end, again.extra_offset) == ("22:00", "", "99999")
    assert (again.language, again.webhook_url) == ("", "https://hooks.example/sang")
    assert again.email == "sangcv@vnpt-longan.vn" and not again.has_webhook_secret  # the person's, from notifier


def test_the_default_is_named_from_notifiers_settings_whatever_the_person_chose() -> None:
    """QA: "Dùng mặc định của hệ thống" said nothing of what the default is: it is named from notifier's own answer
    (its `default_offsets_minutes`, its settings), also while the person has times of their own."""
    body = {"reminder_offsets_minutes": [30], "uses_default_offsets": False, "default_offsets_minutes": [60, 1440]}
    prefs = from_api(body)
    assert prefs.default_offsets == (60, 1440) and prefs.offsets == (30,)
    assert offsets_words(prefs.default_offsets, words("vi")) == "1 ngày và 1 giờ"
    assert offsets_words((30, 2880, 1440), words("en")) == "2 days, 1 day and 30 minutes"
    assert offsets_words((15,), words("vi")) == "15 phút"
    # a notifier that does not say it: its offsets while the person uses them, else nothing named
    assert from_api({"reminder_offsets_minutes": [1440], "uses_default_offsets": True}).default_offsets == (1440,)
    assert from_api({"reminder_offsets_minutes": [30], "uses_default_offsets": False}).default_offsets == ()
