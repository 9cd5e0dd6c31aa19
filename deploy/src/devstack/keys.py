"""The development key pairs and administrator of `make run`: made once per machine under the
cache folder (never committed), so that the services run exactly as in production, with
tokens signed by roster and verified by notifier and audit, and audit's log heads signed
with a log key of its own (kept across restarts, so that old heads still verify)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from lichtruc.auth import generate_keypair

ADMIN_LOGIN = "admin@lichtruc.local"


@dataclass(frozen=True)
class DevCredentials:
    private_key: str
    public_key: str
    admin_password: str
    log_signing_key: str | None = None

    def service_env(self, name: str) -> dict[str, str]:
        """Roster signs tokens; the other services only verify them. Audit signs its log."""
        if name == "roster":
            return {"ROSTER_AUTH_PRIVATE_KEY": self.private_key}
        env = {f"{name.upper()}_AUTH_PUBLIC_KEY": self.public_key}
        if name == "audit" and self.log_signing_key:
            env["AUDIT_LOG_SIGNING_KEY"] = self.log_signing_key
        return env


def _write_secret(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)


def dev_credentials(folder: Path) -> DevCredentials:
    """The key pair and the administrator's password kept in `folder`, made on first use."""
    private, public, password = folder / "private.pem", folder / "public.pem", folder / "admin-password"
    if not (private.exists() and public.exists()):
        private_pem, public_pem = generate_keypair()
        _write_secret(private, private_pem)
        public.write_text(public_pem)
    if not password.exists():
        _write_secret(password, secrets.token_urlsafe(12))
    log_key = folder / "audit-log-private.pem"
    if not log_key.exists():
        _write_secret(log_key, generate_keypair()[0])
    return DevCredentials(private.read_text(), public.read_text(), password.read_text().strip(), log_key.read_text())
