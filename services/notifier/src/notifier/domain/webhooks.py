"""Which personal webhook addresses notifier may call. Pure: no network, no DNS.

Anyone who can set their own preferences can give a webhook URL, and notifier's
delivery worker POSTs to it from inside the operator's network. Without a limit that is
server-side request forgery: a "webhook" at 127.0.0.1, 10.x, the database port or the
cloud metadata address (169.254.169.254) would be called by the server. So a personal
webhook is called only when its host is one the operator listed in
``NOTIFIER_WEBHOOK_ALLOWED_HOSTS``, over https, on the default port unless the entry names
another, and without credentials in the URL. The rule is checked when the address is
saved and again right before each send (a host taken off the list is not called again).

The operator's own ``NOTIFIER_WEBHOOK_URL`` is not checked here: the operator set it.

Allowed entries: ``hooks.example.vn`` (that host exactly, port 443),
``hooks.example.vn:8443`` (that host on that port only), ``.example.vn`` (any subdomain of
example.vn, such as a.example.vn or a.b.example.vn, but not example.vn itself; list both
when both are meant). IPv6 literals are written in brackets: ``[fd00::10]:8443``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["AllowedHost", "Refusal", "parse_allowed_host", "webhook_url_refusal"]

SETTING = "NOTIFIER_WEBHOOK_ALLOWED_HOSTS"


@dataclass(frozen=True)
class AllowedHost:
    """One entry of the allowed hosts: a host (or, with ``subdomains``, a domain whose
    subdomains are allowed) and the one port allowed, None meaning the scheme's default."""

    host: str
    subdomains: bool = False
    port: int | None = None

    def covers(self, host: str) -> bool:
        if self.subdomains:
            return host.endswith("." + self.host) and len(host) > len(self.host) + 1
        return host == self.host

    def __str__(self) -> str:
        name = ("." if self.subdomains else "") + (f"[{self.host}]" if ":" in self.host else self.host)
        return f"{name}:{self.port}" if self.port is not None else name


def parse_allowed_host(entry: str) -> AllowedHost:
    """One entry as an operator writes it (see the module's docstring); ValueError says what is wrong."""
    text = entry.strip().lower()
    if not text:
        raise ValueError("an empty entry")
    if "://" in text or any(c in text for c in "/@?#*\\ \t"):
        raise ValueError(
            f"{entry!r}: write a host name alone, like hooks.example.vn, hooks.example.vn:8443 or "
            ".example.vn for its subdomains (no scheme, path, user or wildcard)"
        )
    subdomains = text.startswith(".")
    try:
        parts = urlsplit("//" + text.removeprefix("."))
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise ValueError(f"{entry!r}: {exc}") from None
    if not host or host.startswith(".") or host.endswith(".") or ".." in host:
        raise ValueError(f"{entry!r} is not a host name like hooks.example.vn")
    if port == 0:
        raise ValueError(f"{entry!r}: port 0 is no port a webhook listens on")
    if subdomains and "." not in host:
        raise ValueError(f"{entry!r} would allow every host of a top-level domain: name the domain, like .example.vn")
    return AllowedHost(host=host, subdomains=subdomains, port=port)


@dataclass(frozen=True)
class Refusal:
    """Why a personal webhook URL may not be called: a rule name and what to do, in English and Vietnamese, as
    said to the person who gave the address (who cannot read the server's settings: the delivery log, read by
    the operator, names ``SETTING`` beside it)."""

    rule: str
    detail: str
    detail_vi: str


def webhook_url_refusal(url: str, allowed_hosts: Iterable[str], *, allow_http: bool = False) -> Refusal | None:
    """None when notifier may call ``url`` as a person's webhook, else why not.

    ``allow_http`` (development and tests only) also accepts http:// for an allowed host."""
    allowed = [parse_allowed_host(entry) for entry in allowed_hosts]
    if not allowed:
        return Refusal(
            "personal-webhooks-disabled",
            "Webhook address: this server calls no personal webhooks (the administrator has allowed no webhook host). "
            "Use e-mail or the operators' webhook, or ask the administrator to allow your webhook's host.",
            "Địa chỉ webhook: máy chủ này không gọi webhook riêng (quản trị viên chưa cho phép máy chủ webhook nào). "
            "Hãy dùng email hoặc webhook chung, hoặc đề nghị quản trị viên cho phép máy chủ webhook của bạn.",
        )
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port, parts = None, None, None
    if parts is None or not host or parts.scheme not in ("https", "http"):
        return Refusal(
            "invalid-url",
            f"Webhook address: “{url}” is not a whole https:// address.",
            "Địa chỉ webhook không phải một địa chỉ https:// đầy đủ.",
        )
    if parts.scheme != "https" and not allow_http:
        return Refusal(
            "https-required",
            "Webhook address: it must start with https:// (the requests carry people's names and shifts). "
            "Give the https:// address of your webhook.",
            "Địa chỉ webhook phải bắt đầu bằng https:// (yêu cầu chứa tên và ca trực). "
            "Hãy nhập địa chỉ https:// của webhook.",
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return Refusal(
            "no-userinfo",
            "Webhook address: it must not contain a user name or password (the part before @). Remove it: "
            "requests are signed with your webhook secret instead.",
            "Địa chỉ webhook không được chứa tên đăng nhập hoặc mật khẩu (phần trước dấu @). Hãy bỏ phần "
            "đó: các yêu cầu đã được ký bằng khoá bí mật webhook.",
        )
    matching = [a for a in allowed if a.covers(host)]
    if not matching:
        return Refusal(
            "host-not-allowed",
            f"Webhook address: notifier may not call the host {host}. Ask the administrator to allow it, "
            "or use another channel.",
            f"Địa chỉ webhook: dịch vụ thông báo không được phép gọi máy chủ {host}. Hãy đề nghị quản trị viên cho "
            "phép máy chủ này, hoặc dùng kênh khác.",
        )
    default_port = 443 if parts.scheme == "https" else 80
    effective = port if port is not None else default_port
    if not any(effective == (a.port if a.port is not None else default_port) for a in matching):
        return Refusal(
            "port-not-allowed",
            f"Webhook address: port {effective} of {host} is not allowed. Use the default https port (leave "
            f"the port out), or ask the administrator to allow {host}:{effective}.",
            f"Địa chỉ webhook: cổng {effective} của máy chủ {host} không được phép. Hãy dùng cổng mặc định của "
            "https (bỏ phần cổng), hoặc đề nghị quản trị viên cho phép cổng này.",
        )
    return None
