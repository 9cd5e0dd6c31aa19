"""The audit log key: required outside development mode, a throwaway one in it, read from a
file (a Docker secret) when given so, a malformed one refused at start-up; `make run` keeps
one per machine."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from audit.settings import AuditSettings
from devstack.keys import dev_credentials
from lichtruc.auth import generate_keypair
from support import TEST_LOG_PUBLIC_KEY, TEST_PUBLIC_KEY


def test_the_log_key_is_required_outside_dev_mode(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("AUDIT_LOG_SIGNING_KEY", raising=False)
    with pytest.raises(ValidationError, match="AUDIT_LOG_SIGNING_KEY"):
        AuditSettings(auth_public_key=TEST_PUBLIC_KEY)
    dev = AuditSettings(dev_mode=True)
    assert dev.log_key().public_pem.startswith("-----BEGIN PUBLIC KEY-----")
    private, public = generate_keypair()
    (tmp_path / "log.pem").write_text(private)
    from_file = AuditSettings(auth_public_key=TEST_PUBLIC_KEY, log_signing_key_file=tmp_path / "log.pem")
    assert from_file.log_key().public_pem == public
    with pytest.raises(ValidationError, match="not an unencrypted PEM private key"):
        AuditSettings(auth_public_key=TEST_PUBLIC_KEY, log_signing_key="-----BEGIN PRIVATE KEY----- nope")


def test_the_session_key_signs_and_make_run_keeps_a_log_key(tmp_path) -> None:
    key = AuditSettings().log_key()
    assert key.public_pem == TEST_LOG_PUBLIC_KEY
    assert key.verifies(b"head", key.sign(b"head")) and not key.verifies(b"other", key.sign(b"head"))
    first = dev_credentials(tmp_path)
    env = first.service_env("audit")
    assert AuditSettings(auth_public_key=env["AUDIT_AUTH_PUBLIC_KEY"], log_signing_key=env["AUDIT_LOG_SIGNING_KEY"])
    assert dev_credentials(tmp_path).log_signing_key == first.log_signing_key  # kept across restarts
    assert "AUDIT_LOG_SIGNING_KEY" not in first.service_env("notifier") | first.service_env("roster")
