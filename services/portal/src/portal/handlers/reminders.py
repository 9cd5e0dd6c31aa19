"""A person's reminder preferences at notifier: how long before a shift to be reminded, by which
channels, quiet hours, and the language of the messages. The form is read here (and checked
first, so that mistakes are answered in the catalogue's words next to their field); notifier
checks again and its refusals are put next to the field they name."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..clients.services import Caller, ServiceError, ServiceUnavailable
from ..domain.field_words import sentence

PRESET_OFFSETS = (15, 30, 60, 120, 240, 720, 1440, 2880, 10080)  # minutes before the start
MAX_OFFSET = 20160
MAX_OFFSETS = 10
CHANNELS = ("email", "webhook")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Preferences:
    """What the form shows (and, read back from a form, what it holds)."""

    language: str  # "" = roster's language for the person
    channels: tuple[str, ...]
    offsets: tuple[int, ...]
    use_default: bool
    quiet_start: str
    quiet_end: str
    webhook_url: str
    has_webhook_secret: bool = False
    extra_offset: str = ""  # "another time" as typed, shown again when it is refused
    language_in_effect: str = "vi"
    known_person: bool = True
    full_name: str | None = None
    email: str | None = None
    default_offsets: tuple[int, ...] = ()  # notifier's default (its settings), named beside "use the default"

    def offset_choices(self) -> list[int]:
        return sorted(set(PRESET_OFFSETS) | set(self.offsets))


def from_api(body: Mapping[str, Any]) -> Preferences:
    quiet = body.get("quiet_hours") or {}
    return Preferences(
        language=body.get("language_set") or "",
        channels=tuple(body.get("channels") or ()),
        offsets=tuple(body.get("reminder_offsets_minutes") or ()),
        use_default=bool(body.get("uses_default_offsets")),
        quiet_start=quiet.get("start", ""),
        quiet_end=quiet.get("end", ""),
        webhook_url=body.get("webhook_url") or "",
        has_webhook_secret=bool(body.get("has_webhook_secret")),
        language_in_effect=body.get("language") or "vi",
        known_person=bool(body.get("known_person")),
        full_name=body.get("full_name"),
        email=body.get("email"),
        default_offsets=tuple(
            body.get("default_offsets_minutes")
            or (body.get("reminder_offsets_minutes") if body.get("uses_default_offsets") else None)
            or ()
        ),
    )


def offset_words(minutes: int, t: Callable[..., str]) -> str:
    """ "1 ngày", "2 giờ", "15 phút", "1 giờ 30 phút" before the start: in days, hours and minutes, as the
    form's hint explains a number of minutes, never "90 phút"."""
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [
        t(f"reminders.offset.{unit}", n=n) for unit, n in (("days", days), ("hours", hours), ("minutes", mins)) if n
    ]
    return " ".join(parts) or t("reminders.offset.minutes", n=0)


def offsets_words(minutes: tuple[int, ...], t: Callable[..., str]) -> str:
    """Several reminder times, the earliest first: "1 ngày và 1 giờ", "2 ngày, 1 ngày và 30 phút"."""
    said = [offset_words(m, t) for m in sorted(set(minutes), reverse=True)]
    if len(said) < 2:
        return "".join(said)
    return f"{', '.join(said[:-1])} {t('reminders.and')} {said[-1]}"


@dataclass(frozen=True)
class ReadForm:
    prefs: Preferences
    body: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    kept_times: bool = False  # the default's box and times both sent: the times kept, the default's box not


def read_form(form: Mapping[str, Any], *, t: Callable[..., str], has_webhook_secret: bool) -> ReadForm:
    """The PUT body from the submitted form, or the mistakes next to their fields."""
    errors: dict[str, str] = {}
    language = str(form.get("language") or "")
    if language not in ("", "vi", "en"):
        errors["language"] = t("reminders.error.language")
        language = ""
    channels = tuple(c for c in CHANNELS if c in form.get("channels", ()))
    offsets: list[int] = []
    for raw in form.get("offsets", ()):
        try:
            offsets.append(int(raw))
        except ValueError:
            errors["offsets"] = t("reminders.error.offsets")
    extra = str(form.get("extra_offset") or "").strip()
    kept_extra = ""
    if extra:
        try:
            value = int(extra)
        except ValueError:
            value = 0
        if not 1 <= value <= MAX_OFFSET:
            errors["extra_offset"] = t("reminders.error.extra_offset", max=MAX_OFFSET)
            kept_extra = extra
        else:
            offsets.append(value)
    offsets = sorted(set(offsets), reverse=True)
    # A time ticked is the person's own choice, whatever the default's box says (QA: "Trước 2 giờ" ticked under the
    # default's box left ticked was dropped without a word); both sent is said in the saved notice (`kept_times`).
    kept_times = bool(form.get("use_default")) and bool(offsets)
    use_default = bool(form.get("use_default")) and not offsets
    if not use_default and not offsets:
        errors.setdefault("offsets", t("reminders.error.no_offsets"))
    if len(offsets) > MAX_OFFSETS:
        errors["offsets"] = t("reminders.error.too_many", max=MAX_OFFSETS)
    start, end = str(form.get("quiet_start") or "").strip(), str(form.get("quiet_end") or "").strip()
    quiet = None
    if start or end:
        # One of the two left empty: ask for it as the other half of the quiet hours, not for a time's format.
        if not _HHMM.match(start):
            errors["quiet_start"] = t("reminders.error.time" if start else "reminders.error.quiet_start_missing")
        if not _HHMM.match(end):
            errors["quiet_end"] = t("reminders.error.time" if end else "reminders.error.quiet_end_missing")
        if start == end and "quiet_start" not in errors:
            errors["quiet_end"] = t("reminders.error.same_times")
        quiet = {"start": start, "end": end}
    webhook_url = str(form.get("webhook_url") or "").strip()
    secret = str(form.get("webhook_secret") or "")
    if "webhook" in channels and not webhook_url:
        errors["webhook_url"] = t("reminders.error.webhook_url")
    if webhook_url and not secret and not has_webhook_secret:
        errors["webhook_secret"] = t("reminders.error.webhook_secret")
    if secret and len(secret) < 16:
        errors["webhook_secret"] = t("reminders.error.webhook_secret")
    if not channels:
        errors["channels"] = t("reminders.error.channels")
    body: dict[str, Any] = {
        "language": language or None,
        "channels": list(channels),
        "reminder_offsets_minutes": None if use_default else offsets,
        "quiet_hours": quiet,
        "webhook_url": webhook_url or None,
    }
    if secret:
        body["webhook_secret"] = secret
    prefs = Preferences(
        language=language,
        channels=channels,
        offsets=tuple(offsets),
        use_default=use_default,
        quiet_start=start,
        quiet_end=end,
        webhook_url=webhook_url,
        has_webhook_secret=has_webhook_secret,
        extra_offset=kept_extra,
    )
    return ReadForm(prefs=prefs, body=body, errors=errors, kept_times=kept_times)


TYPED = ("language", "channels", "offsets", "use_default", "quiet_start", "quiet_end", "webhook_url", "extra_offset")
"""The fields of the form a refused one keeps as typed: never the webhook's secret (the form never shows it again)."""


def typed_of(prefs: Preferences) -> dict[str, Any]:
    """The form `read_form` read, as typed (`TYPED`), to keep for the page a refusal redirects to."""
    return {name: getattr(prefs, name) for name in TYPED}


def as_typed(current: Preferences, typed: Mapping[str, Any]) -> Preferences:
    """The person's preferences as roster has them (`current`) with a refused form's fields as typed (`typed_of`)."""
    fields: dict[str, Any] = {
        name: tuple(v) if isinstance(v, list) else v for name, v in typed.items() if name in TYPED
    }
    return replace(current, **fields)


FIELDS = (
    ("quiet_hours.end", "quiet_end"),
    ("quiet_hours", "quiet_start"),
    ("reminder_offsets_minutes", "offsets"),
    ("webhook_url", "webhook_url"),
    ("webhook_secret", "webhook_secret"),
    ("channels", "channels"),
    ("language", "language"),
)


def service_errors(exc: ServiceError, lang: str) -> dict[str, str]:
    """Notifier's refusal next to the form field each of its errors names ("" for the form as a whole), each in its
    own words of the reader's language: a refusal may name several fields (its schema's and the webhook's host)."""
    out: dict[str, str] = {}
    for error in exc.problem.get("errors") or ():
        where = str(error.get("field") or "")
        name = next((f for key, f in FIELDS if key in where), "")
        said = error.get("message_vi") if lang == "vi" else error.get("message")
        said = _unnamed(str(said)) if said and name == "webhook_url" else said
        out.setdefault(name, sentence(str(said)) if said else exc.detail(lang))
    return out or {"": exc.detail(lang)}


NOTIFIERS_NAMES = ("Địa chỉ webhook: ", "Địa chỉ webhook ", "Webhook address: ", "The webhook address ")
"""notifier's own names for the webhook's address, which its words begin with ("Địa chỉ webhook: dịch vụ thông báo
không được phép gọi máy chủ …", "Địa chỉ webhook phải bắt đầu bằng https://"): the form's box has a label of its
own ("Địa chỉ nhận của hệ thống doanh nghiệp"), which the summary puts before the words (`labelled`)."""


def _unnamed(said: str) -> str:
    """notifier's words of the webhook's address without its name for the box (F2: the summary read "Địa chỉ webhook:
    …" under a box labelled otherwise)."""
    return next((said.removeprefix(name) for name in NOTIFIERS_NAMES if said.startswith(name)), said)


def past_limit(exc: ServiceError) -> tuple[str, ...]:
    """The form's fields whose words from notifier name no box, which the form's summary labels: those refused as past
    their limit, said in the portal's words ("Thừa 2 ký tự (tối đa 200) — …", `text_limits.over_said`), and the
    webhook's address, its words without notifier's name for it (`service_errors`)."""
    first: dict[str, bool] = {}  # each field's first error, the one `service_errors` says
    for error in exc.problem.get("errors") or ():
        where = str(error.get("field") or "")
        name = next((f for key, f in FIELDS if key in where), "")
        first.setdefault(name, "over" in error or name == "webhook_url")
    return tuple(name for name, over in first.items() if name and over)


ORDER = ("offsets", "extra_offset", "channels", "webhook_url", "webhook_secret", "quiet_start", "quiet_end", "language")
"""The form's fields from top to bottom: the order its summary lists their mistakes in."""


def together(own: Mapping[str, str], notifier: Mapping[str, str]) -> dict[str, str]:
    """The portal's mistakes and notifier's, one a field (the portal's words where both speak of it), in the form's
    order."""
    both = {**notifier, **own}
    return {name: both[name] for name in sorted(both, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER))}


NOTIFIERS_OWN = ("webhook_url", "webhook_secret")
"""The fields whose rules the portal does not hold all of: the hosts notifier may call, a secret's longest."""


@dataclass(frozen=True)
class NotifierSaid:
    """notifier's refusals of the webhook's fields (`notifier_refusals`): field → its words, and those of them that
    say a text past its limit (`past_limit`)."""

    errors: dict[str, str] = field(default_factory=dict)
    over: tuple[str, ...] = ()


async def notifier_refusals(caller: Caller, *, staff_id: str, body: dict[str, Any], lang: str) -> NotifierSaid:
    """What notifier says of the webhook's fields of a form the portal refuses, nothing saved (its dry run): whether
    notifier may call the webhook's host is said in the same answer as the portal's own mistakes, not at the next
    send (QA). The other fields are the portal's to say (in its words, once); nothing when notifier cannot say."""
    try:
        await caller.put("notifier", f"/people/{staff_id}/preferences", body, params={"dry_run": "true"})
    except ServiceError as exc:
        if exc.status in (409, 422):
            errors = {name: said for name, said in service_errors(exc, lang).items() if name in NOTIFIERS_OWN}
            return NotifierSaid(errors, tuple(name for name in past_limit(exc) if name in errors))
    except ServiceUnavailable:
        pass  # the portal's own mistakes are said all the same
    return NotifierSaid()


async def preferences(caller: Caller, *, staff_id: str) -> Preferences:
    return from_api(await caller.get("notifier", f"/people/{staff_id}/preferences"))


async def save(caller: Caller, *, staff_id: str, body: dict[str, Any]) -> Preferences:
    return from_api(await caller.put("notifier", f"/people/{staff_id}/preferences", body))
