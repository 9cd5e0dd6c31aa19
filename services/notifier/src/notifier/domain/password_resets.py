"""The mail to the Department's administrators when someone asks for a new password at the portal's sign-in page
(roster's `PasswordResetRequested`, QZ29 #15): who asked — name, login, role, enterprise, the phone of their staff
record when notifier knows it —, when (Asia/Ho_Chi_Minh with the lunar day; a request asked again says since when it
is open), what to do (call the person back, make sure it is them, set a new password on the account's page and say
it on the phone, never by mail), and the link to that account's page, where the password is set.

The event carries no secret and this mail none either: the password is set by a person, on the portal. Each in its
reader's language, both written here. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from lichtruc import vntime
from lichtruc.events_accounts import PasswordResetRequested

from .messages import Message, labelled_lines, noted, single_line
from .texts import Lang, message_texts

ROLE_NAMES: dict[str, tuple[str, str]] = {
    "admin": ("Quản trị", "administrator"),
    "manager": ("Quản lý", "manager"),
    "staff": ("Nhân viên trực", "duty staff"),
    "inspector": ("Thanh tra", "inspector"),
}
"""Each role in words, as the portal names them (its `role.*` messages)."""

TEXTS: dict[Lang, dict[str, str]] = {
    "vi": {
        "subject": "Xin đặt lại mật khẩu: {name} ({login})",
        "intro": "{name} đã bấm “Quên mật khẩu?” trên trang đăng nhập Lịch trực Tết và xin Sở đặt lại mật khẩu.",
        "who": "Người xin",
        "login": "Tên đăng nhập",
        "role": "Vai trò",
        "enterprise": "Doanh nghiệp",
        "phone": "Số điện thoại",
        "at": "Lúc",
        "since": "Xin lần đầu lúc",
        "action": "Hãy gọi điện cho người này, hỏi để chắc đúng là họ, rồi đặt mật khẩu mới trên trang tài khoản và "
        "báo mật khẩu qua điện thoại (không gửi qua thư, tin nhắn). Khi đăng nhập, họ sẽ được nhắc đổi sang mật khẩu "
        "của riêng mình. Yêu cầu tự đóng khi mật khẩu mới được đặt, hoặc khi họ nhớ ra và đăng nhập lại được.",
        "meanwhile": "Trong lúc chờ, quản lý của doanh nghiệp ghi nhận có mặt cho người này được.",
        "link": "Đặt mật khẩu mới",
        "no_enterprise": "Sở (mọi doanh nghiệp)",
    },
    "en": {
        "subject": "New password asked for: {name} ({login})",
        "intro": "{name} pressed “Forgot your password?” on the Tết duty roster's sign-in page and asks the Department "
        "for a new password.",
        "who": "Asked by",
        "login": "Login",
        "role": "Role",
        "enterprise": "Enterprise",
        "phone": "Phone",
        "at": "At",
        "since": "First asked at",
        "action": "Please call them, make sure it is them, then set a new password on the account's page and tell it "
        "to them on the phone (never by mail or message). When they sign in they are asked to change it to one of "
        "their own. The request closes when a new password is set, or when they remember theirs and sign in.",
        "meanwhile": "Meanwhile, their enterprise's manager can record their arrival on duty.",
        "link": "Set a new password",
        "no_enterprise": "the Department (every enterprise)",
    },
}


def role_said(role: str, lang: Lang) -> str:
    vi, en = ROLE_NAMES.get(role, (role, role))
    return vi if lang == "vi" else en


def reset_requested_message(
    e: PasswordResetRequested,
    *,
    lang: Lang,
    enterprises: Sequence[str],
    phone: str | None = None,
    name: str | None = None,
    link: str | None = None,
) -> Message:
    """To an administrator (`name` when known): who asked for a new password (`enterprises`: the names of the
    account's enterprises notifier knows; `phone`: their staff record's), when, what to do; `link`: the account's
    page on the portal (`links.admin_account`)."""
    t, m = TEXTS[lang], message_texts(lang)
    note = m.local_time_note
    asked_again = e.open_since < e.requested_at
    details = [
        (t["who"], e.display_name),
        (t["login"], e.login),
        (t["role"], role_said(e.role, lang)),
        (t["enterprise"], ", ".join(enterprises) or (t["no_enterprise"] if e.role in ("admin", "inspector") else None)),
        (t["phone"], phone),
        (t["at"], noted(vntime.instant_label(e.requested_at, lang), note)),
        (t["since"], noted(vntime.instant_label(e.open_since, lang), note) if asked_again else None),
    ]
    greeting = [m.greeting.format(name=name), ""] if name else []
    body = [
        *greeting,
        t["intro"].format(name=e.display_name),
        "",
        *labelled_lines(details),
        "",
        t["action"],
        *([t["meanwhile"]] if e.role in ("staff", "manager") else []),  # someone with shifts to come to
        "",
    ]
    tail = [f"{t['link']}: {link}", ""] if link else []
    subject = t["subject"].format(name=e.display_name, login=e.login)
    return Message(single_line(subject), "\n".join([*body, *tail, "-- ", m.signature]) + "\n")
