"""Domain errors: what a command broke, in words a manager can act on (English and Vietnamese).

The API maps each kind to one HTTP status (RuleViolation 422, Conflict 409, NotFound 404,
StaleVersion 412, NotSignedIn 401, TooManyAttempts 429); the domain itself knows nothing of HTTP.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lichtruc import vntime
from lichtruc.words import name


@dataclass(frozen=True)
class FieldError:
    """One broken rule: the input `field` (dotted path, e.g. "assignees.1"), the `rule`'s slug,
    the message in both languages and what it refers to (e.g. the conflicting shift id)."""

    field: str
    rule: str
    message: str
    message_vi: str
    context: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The `errors[]` entry of a problem document or of an import report."""
        return {
            "field": self.field,
            "rule": self.rule,
            "message": self.message,
            "message_vi": self.message_vi,
            **self.context,
        }


class DomainError(Exception):
    """Base of every error a command can end with."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("a domain error needs at least one FieldError")
        super().__init__(self.errors[0].message)

    @property
    def first(self) -> FieldError:
        return self.errors[0]


class RuleViolation(DomainError):
    """The input breaks a rule (422): wrong times, unknown or unqualified people, …"""

    def __init__(
        self,
        field_or_errors: str | Iterable[FieldError],
        rule: str | None = None,
        message: str | None = None,
        message_vi: str | None = None,
        **context: Any,
    ) -> None:
        if isinstance(field_or_errors, str):
            assert rule and message and message_vi
            super().__init__([FieldError(field_or_errors, rule, message, message_vi, context)])
        else:
            super().__init__(field_or_errors)

    # Kept for the first path's callers: the primary error's parts.
    @property
    def field(self) -> str:
        return self.first.field

    @property
    def rule(self) -> str:
        return self.first.rule

    @property
    def message(self) -> str:
        return self.first.message

    @property
    def message_vi(self) -> str:
        return self.first.message_vi


class Conflict(DomainError):
    """The command is valid but clashes with the current state (409): a double booking, a shift
    already cancelled, a campaign that already exists. `context` names what it clashes with."""

    def __init__(
        self, field: str, rule: str, message: str, message_vi: str, *, more: Iterable[FieldError] = (), **context: Any
    ) -> None:
        super().__init__([FieldError(field, rule, message, message_vi, context), *more])
        self.context = context


class ConcurrentChange(Conflict):
    """A concurrent transaction on the same rows won (the database reported a deadlock or a
    serialization failure) and nothing was changed. It is transient: the command is run again
    (`api.commands.run`), and this 409 reaches the client only when every attempt lost."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            "request",
            "concurrent-change",
            f"A concurrent change to the same data won ({reason}); nothing was changed: reload and retry.",
            "Một thay đổi đồng thời trên cùng dữ liệu đã được ghi trước; chưa có gì thay đổi: hãy tải lại và thử lại.",
        )


class NotFound(DomainError):
    """The addressed resource does not exist (404)."""

    def __init__(self, what: str, what_vi: str, ident: object, hint: str) -> None:
        super().__init__(
            [
                FieldError(
                    "id",
                    "exists",
                    f"No {what} has id {ident}: {hint}",
                    f"Không tìm thấy {what_vi} này: có thể đã bị xóa hoặc đường dẫn không đúng.",
                    {"id": str(ident)},
                )
            ]
        )
        self.what = what


# How each kind of item is named when it is not there. The handlers answer with this, and the
# access policy gives someone else's item exactly the same answer, so a 404 never tells whether
# an item exists: keep one wording per kind, here.
MISSING = {
    "campaign": ("campaign", "đợt trực", "list campaigns with GET /campaigns."),
    "enterprise": ("enterprise", "doanh nghiệp", "list them with GET /enterprises."),
    "site": ("site", "địa điểm", "list them with GET /sites."),
    "staff": ("staff member", "cán bộ", "list them with GET /staff."),
    "requirement": ("requirement", "yêu cầu trực", "list them with GET /requirements."),
    "shift": ("shift", "ca trực", "list shifts with GET /shifts to find the right id."),
    "swap": ("swap request", "yêu cầu đổi ca", "list them with GET /swaps."),
    "account": ("account", "tài khoản", "list them with GET /accounts."),
    "readiness_item": (
        "readiness checklist item",
        "mục kiểm tra sẵn sàng",
        "list a campaign's items with GET /campaigns/{campaign_id}/readiness-items.",
    ),
    "inspection": ("inspection", "cuộc kiểm tra", "list them with GET /inspections."),
    "daily_report": ("daily report", "báo cáo ngày", "list them with GET /daily-reports."),
    "incident": ("incident", "sự cố", "list them with GET /incidents."),
}


def check_window(
    start: datetime | date | None, end: datetime | date | None, *, keys: tuple[str, str], days: bool = False
) -> None:
    """A list's filter window given back to front is refused (it would list nothing, which reads as "nothing
    happened"); either bound alone, or none, is fine. `days`: both bounds are days included (the same day twice
    is that day); else instants, the end excluded."""
    if start is None or end is None or end > start or (days and end == start):
        return

    def shown(value: datetime | date, lang: vntime.Lang = "vi") -> str:
        return vntime.clock(value, lang) if isinstance(value, datetime) else vntime.date_said(value, lang)

    first, last = f"“{name('field', keys[0])}” ({shown(start)})", f"“{name('field', keys[1])}” ({shown(end)})"
    if days:  # days included: the same day twice is one day, so the last must not be before the first
        en = f"“{keys[1]}” ({shown(end, 'en')}) must not be before “{keys[0]}” ({shown(start, 'en')})"
        vi = f"{last} không được trước {first}"
    else:  # instants, the end excluded: it must come after the start
        en = f"“{keys[1]}” ({shown(end, 'en')}) must be later than “{keys[0]}” ({shown(start, 'en')})"
        vi = f"Thời điểm kết thúc {last} phải sau thời điểm bắt đầu {first}"
    raise RuleViolation(
        keys[1],
        "end-after-start",
        f"{en}: give the bounds the other way round.",
        f"{vi}: hãy nhập hai mốc theo đúng thứ tự.",
    )


def missing(kind: str, ident: object) -> NotFound:
    what, what_vi, hint = MISSING[kind]
    return NotFound(what, what_vi, ident, hint)


@dataclass(frozen=True)
class Named:
    """How an error names the thing a command made (English and Vietnamese), and what to do about it."""

    what: str
    what_vi: str
    hint: str
    hint_vi: str


A_CHANGE = Named(
    "change",
    "thay đổi này",
    "Send less in one request (split it into several).",
    "Hãy gửi ít nội dung hơn trong một yêu cầu (chia thành nhiều lần).",
)


def size_label(size: int, lang: str = "en") -> str:
    """1.3 MB, 57 KB (Vietnamese: 1,3 MB)."""
    text = f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} KB"
    return text.replace(".", ",") if lang == "vi" else text


class TooLarge(DomainError):
    """What the command would publish is larger than Kafka accepts (413): nothing is written."""

    def __init__(self, named: Named, size: int, limit: int) -> None:
        vi = named.what_vi[:1].upper() + named.what_vi[1:]
        super().__init__(
            [
                FieldError(
                    "body",
                    "too-large",
                    f"The {named.what} is too large: {size_label(size)}; the limit is {size_label(limit)}. "
                    f"{named.hint}",
                    f"{vi} quá lớn: {size_label(size, 'vi')}; giới hạn {size_label(limit, 'vi')}. {named.hint_vi}",
                    {"size_bytes": size, "limit_bytes": limit},
                )
            ]
        )
        self.size = size
        self.limit = limit


class StaleVersion(DomainError):
    """The client edited from an old version (412); `current` is the version it should re-read."""

    def __init__(
        self,
        what: str,
        what_vi: str,
        ident: object,
        current: int,
        expected: Iterable[int],
        *,
        ident_vi: object | None = None,
    ) -> None:
        wanted = ", ".join(str(v) for v in sorted(expected))
        this_vi = f"{what_vi} {ident_vi}" if ident_vi is not None else f"{what_vi} này"
        super().__init__(
            [
                FieldError(
                    "If-Match",
                    "current-version",
                    f"The {what} {ident} is at version {current}, not {wanted}: someone changed it since you read it. "
                    f'Reload it (GET), re-apply your change and send If-Match: "{current}".',
                    f"{this_vi[:1].upper()}{this_vi[1:]} đã ở phiên bản {current} (không phải {wanted}): có người "
                    f"vừa sửa. Hãy tải lại, sửa lại rồi gửi kèm phiên bản “{current}”.",
                    {"current_version": current},
                )
            ]
        )
        self.current = current


class PreconditionRequired(DomainError):
    """A change to an existing resource came without If-Match (428); `current` is the version to send.
    `ident_vi` names the thing in Vietnamese words (a shift: its duty, day, hours and people); without it the
    Vietnamese says "this" (`ident` is then a name that reads the same in English)."""

    def __init__(self, what: str, what_vi: str, ident: object, current: int, *, ident_vi: object | None = None) -> None:
        this_vi = f"{what_vi} {ident_vi}" if ident_vi is not None else f"{what_vi} này"
        super().__init__(
            [
                FieldError(
                    "If-Match",
                    "required",
                    f"Changing the {what} {ident} needs If-Match with the version you read (its ETag): the current one is "
                    f'If-Match: "{current}". This keeps two people from overwriting each other\'s changes.',
                    f"Sửa {this_vi} cần gửi kèm phiên bản đã đọc (ETag); hiện tại là “{current}”.",
                    {"current_version": current},
                )
            ]
        )
        self.current = current


class NotSignedIn(DomainError):
    """Credentials or a refresh token that cannot be accepted (401). The message never says
    which part was wrong: an unknown login and a wrong password read the same."""

    def __init__(self, field: str, rule: str, message: str, message_vi: str) -> None:
        super().__init__([FieldError(field, rule, message, message_vi)])


class TooManyAttempts(DomainError):
    """Too many failed sign-ins from this address or for this account (429); `retry_after` in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            [
                FieldError(
                    "login",
                    "too-many-attempts",
                    f"Too many failed sign-ins: wait {retry_after} seconds before trying again. If you forgot your password, "
                    "ask an administrator to set a new one.",
                    f"Đăng nhập sai quá nhiều lần: hãy đợi {retry_after} giây rồi thử lại, hoặc nhờ quản trị viên đặt lại "
                    "mật khẩu.",
                    {"retry_after": retry_after},
                )
            ]
        )
        self.retry_after = retry_after


class TooManyResetRequests(TooManyAttempts):
    """A request for a new password refused by its limits (429): one per login per window (`per_login`, whether
    the login is an account's or not, so that the refusal tells nothing), a few per client address an hour."""

    def __init__(self, retry_after: int, *, per_login: bool) -> None:
        minutes = max(1, -(-retry_after // 60))
        if per_login:
            error = FieldError(
                "login",
                "reset-asked-recently",
                f"A new password was just asked for this login: wait {minutes} minutes before asking again if nobody "
                "has called you. Meanwhile, call your enterprise's manager: they can record your arrival on duty.",
                f"Yêu cầu đặt lại mật khẩu cho tên đăng nhập này vừa được gửi: hãy đợi {minutes} phút rồi gửi lại nếu "
                "chưa ai gọi cho anh/chị. Trong lúc chờ, hãy gọi quản lý của doanh nghiệp: quản lý ghi nhận có mặt "
                "cho anh/chị được.",
                {"retry_after": retry_after},
            )
        else:
            error = FieldError(
                "login",
                "reset-too-many",
                f"Too many requests for a new password from this address: wait {minutes} minutes before trying "
                "again, or call your enterprise's manager.",
                f"Đã có quá nhiều yêu cầu đặt lại mật khẩu từ địa chỉ này: hãy đợi {minutes} phút rồi thử lại, hoặc "
                "gọi quản lý của doanh nghiệp.",
                {"retry_after": retry_after},
            )
        DomainError.__init__(self, [error])
        self.retry_after = retry_after


@dataclass(frozen=True)
class Precondition:
    """What an If-Match header allows: a set of versions, any (`*`), or — header missing — nothing."""

    versions: frozenset[int] | None  # None: "*"
    present: bool = True

    def allows(self, current: int) -> bool:
        """Whether `check` would let the change through (a caller may then skip naming the thing)."""
        return self.present and (self.versions is None or current in self.versions)

    def allows_since(self, first: int | None, current: int) -> bool:
        """Whether a version read from `first` to `current` is let through: the versions after `first` were
        not a person's (a shift's recomputed rest warnings, `Shift.edited_version`); None: only `current`."""
        if first is None or not self.present or self.versions is None:
            return self.allows(current)
        return any(first <= v <= current for v in self.versions)

    def check(self, current: int, *, what: str, what_vi: str, ident: object, ident_vi: object | None = None) -> None:
        """Raise PreconditionRequired without If-Match, StaleVersion unless `current` is allowed (`ident_vi`:
        the thing named in Vietnamese, see PreconditionRequired)."""
        if not self.present:
            raise PreconditionRequired(what, what_vi, ident, current, ident_vi=ident_vi)
        if self.versions is not None and current not in self.versions:
            raise StaleVersion(what, what_vi, ident, current, self.versions, ident_vi=ident_vi)


ANY_VERSION = Precondition(None)
"""For callers that are the authority themselves (the import overwrites what it matched)."""
