"""docker-compose.yml cannot be run here (no Docker engine); this checks that it agrees
with the code: every setting it passes exists, the required ones are there, databases,
ports, Kafka address and partition counts line up."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from pydantic_settings import BaseSettings

from audit.settings import AuditSettings
from devstack.paths import REPO_ROOT
from lichtruc.auth import generate_keypair
from notifier.settings import NotifierSettings
from roster.settings import RosterSettings
from support import AUTH_ENV, present

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SETTINGS: dict[str, type[BaseSettings]] = {
    "roster": RosterSettings,
    "notifier": NotifierSettings,
    "audit": AuditSettings,
}
REQUIRED_IN_DEPLOYMENT = {"database_url", "kafka_bootstrap_servers"}


def service(name: str) -> dict:
    return COMPOSE["services"][name]


@pytest.fixture
def secrets_mounted(tmp_path, monkeypatch) -> dict[str, str]:
    """The compose file's secrets as the containers see them: /run/secrets/<name> → a fresh key.
    (The test session's own keys are taken out of the environment: the file alone must do.)"""
    for variable in AUTH_ENV:
        monkeypatch.delenv(variable, raising=False)
    private, public = generate_keypair()
    mounted = {}
    log_key, _ = generate_keypair()
    keys = {"auth_private_key": private, "auth_public_key": public, "audit_log_signing_key": log_key}
    for name, text in keys.items():
        (tmp_path / name).write_text(text)
        mounted[f"/run/secrets/{name}"] = str(tmp_path / name)
    return mounted


@pytest.mark.parametrize("name", SETTINGS)
def test_every_variable_is_a_real_setting_and_the_required_ones_are_set(name: str, secrets_mounted) -> None:
    env = {k: secrets_mounted.get(v, v) if isinstance(v, str) else v for k, v in service(name)["environment"].items()}
    prefix = f"{name.upper()}_"
    fields = set(SETTINGS[name].model_fields)
    names = {key.removeprefix(prefix).lower() for key in env}
    assert all(key.startswith(prefix) for key in env)
    assert names <= fields, f"unknown settings: {names - fields}"
    assert names >= REQUIRED_IN_DEPLOYMENT
    # The values must also pass the settings' own validation.
    SETTINGS[name](**{k.removeprefix(prefix).lower(): v for k, v in env.items()})


@pytest.mark.parametrize("name", SETTINGS)
def test_only_roster_gets_the_signing_key_and_every_service_a_key_from_a_secret(name: str) -> None:
    declared = COMPOSE["secrets"]
    given = set(service(name)["secrets"])
    expected = {"roster": {"auth_private_key"}, "audit": {"auth_public_key", "audit_log_signing_key"}}
    assert given == expected.get(name, {"auth_public_key"})
    for secret in given:
        assert declared[secret]["file"].startswith("./secrets/")
        assert f"/run/secrets/{secret}" in service(name)["environment"].values()
    # The key files are made on the user's machine and never committed or baked into the image.
    assert "/secrets/" in (REPO_ROOT / ".gitignore").read_text().split()
    assert "secrets" in (REPO_ROOT / ".dockerignore").read_text().split()


@pytest.mark.parametrize("name", SETTINGS)
def test_database_exists_and_kafka_address_matches_the_broker(name: str) -> None:
    env = service(name)["environment"]
    prefix = name.upper()
    url = urlparse(env[f"{prefix}_DATABASE_URL"])
    init_sql = (REPO_ROOT / "deploy/compose/postgres-init.sql").read_text()
    assert url.hostname == "postgres" and url.port == 5432
    assert url.path == f"/{name}" and f"CREATE DATABASE {name};" in init_sql
    assert url.username == service("postgres")["environment"]["POSTGRES_USER"]
    assert url.password == service("postgres")["environment"]["POSTGRES_PASSWORD"]
    advertised = service("kafka")["environment"]["KAFKA_ADVERTISED_LISTENERS"]
    assert f"PLAINTEXT://{env[f'{prefix}_KAFKA_BOOTSTRAP_SERVERS']}" in advertised.split(",")
    assert int(env[f"{prefix}_TOPIC_PARTITIONS"]) == int(service("kafka")["environment"]["KAFKA_NUM_PARTITIONS"])


@pytest.mark.parametrize("name", SETTINGS)
def test_the_message_size_is_set_as_devstack_sets_it_and_the_producers_stay_under_it(name: str) -> None:
    from devstack.kafka import MESSAGE_MAX_BYTES

    broker_limit = int(service("kafka")["environment"]["KAFKA_MESSAGE_MAX_BYTES"])
    assert broker_limit == MESSAGE_MAX_BYTES
    env = service(name)["environment"]
    field = SETTINGS[name].model_fields["kafka_max_request_bytes"]
    producer_limit = int(env.get(f"{name.upper()}_KAFKA_MAX_REQUEST_BYTES", field.default))
    assert producer_limit <= broker_limit


@pytest.mark.parametrize("name", SETTINGS)
def test_ports_healthcheck_and_dependencies_agree(name: str) -> None:
    spec = service(name)
    command = spec["command"]
    assert command[:3] == ["python", "-m", name] and command[3] == "serve"
    port = command[command.index("--port") + 1]
    assert spec["ports"] == [f"{port}:{port}"]
    assert f"127.0.0.1:{port}/readyz" in " ".join(spec["healthcheck"]["test"])
    assert spec["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "kafka": {"condition": "service_healthy"},
    }
    assert spec["build"] == "."


def test_images_match_the_versions_we_test_against() -> None:
    from devstack.kafka import KAFKA_VERSION

    assert service("kafka")["image"] == f"apache/kafka:{KAFKA_VERSION}"
    assert re.fullmatch(r"postgres:\d+", service("postgres")["image"])
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    makefile = (REPO_ROOT / "Makefile").read_text()
    uv_version = present(re.search(r"UV_VERSION := (\S+)", makefile)).group(1)
    assert f"uv=={uv_version}" in dockerfile
    assert Path(REPO_ROOT / "deploy/compose/postgres-init.sql").exists()


def test_notifier_mail_goes_to_a_service_of_the_compose_file() -> None:
    env = service("notifier")["environment"]
    assert env["NOTIFIER_SMTP_HOST"] in COMPOSE["services"]
    assert env["NOTIFIER_PUBLIC_BASE_URL"].endswith(":8102")


# --- the portal: no database, no Kafka; the three services by their compose names -------------------


def test_portal_settings_are_real_and_its_secret_comes_from_a_file(tmp_path, monkeypatch) -> None:
    import secrets as random_secrets

    from portal.settings import PortalSettings

    for variable in [v for v in __import__("os").environ if v.startswith("PORTAL_")]:
        monkeypatch.delenv(variable)
    env = service("portal")["environment"]
    fields = set(PortalSettings.model_fields)
    assert all(key.startswith("PORTAL_") for key in env)
    assert {key.removeprefix("PORTAL_").lower() for key in env} <= fields
    # The cookie secret is a Docker secret, never a value in the file (and never the README's example).
    assert "PORTAL_SESSION_KEY" not in env
    assert env["PORTAL_SESSION_KEY_FILE"] == "/run/secrets/portal_session_key"
    assert service("portal")["secrets"] == ["portal_session_key"]
    assert COMPOSE["secrets"]["portal_session_key"]["file"].startswith("./secrets/")
    key_file = tmp_path / "portal_session_key"
    key_file.write_text(random_secrets.token_urlsafe(48) + "\n")
    values: dict[str, Any] = {
        k.removeprefix("PORTAL_").lower(): (str(key_file) if k == "PORTAL_SESSION_KEY_FILE" else v)
        for k, v in env.items()
    }
    settings = PortalSettings(**values)
    assert settings.session_secret() == key_file.read_text().strip()
    key_file.write_text("too short")
    with pytest.raises(ValueError, match="32"):
        PortalSettings(**values)


def test_portal_calls_each_service_at_its_compose_name_and_port() -> None:
    env = service("portal")["environment"]
    for name in SETTINGS:
        url = urlparse(env[f"PORTAL_{name.upper()}_URL"])
        command = service(name)["command"]
        assert url.hostname == name and str(url.port) == command[command.index("--port") + 1]
    # Calendar links go to the address people's phones reach notifier at, as notifier itself says.
    assert env["PORTAL_PUBLIC_NOTIFIER_URL"] == service("notifier")["environment"]["NOTIFIER_PUBLIC_BASE_URL"]
    # Links people keep go to the portal's address as notifier's mails give it.
    assert env["PORTAL_PUBLIC_URL"] == service("notifier")["environment"]["NOTIFIER_PORTAL_URL"]


def test_portal_ports_healthcheck_and_dependencies_agree() -> None:
    spec = service("portal")
    command = spec["command"]
    assert command[:4] == ["python", "-m", "portal", "serve"]
    port = command[command.index("--port") + 1]
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert spec["ports"] == [f"{port}:{port}"]
    assert f"127.0.0.1:{port}/healthz" in " ".join(spec["healthcheck"]["test"])
    assert spec["depends_on"] == {name: {"condition": "service_healthy"} for name in SETTINGS}
    assert spec["build"] == "."
    assert "postgres" not in spec["depends_on"] and "kafka" not in spec["depends_on"]


def test_roster_believes_forwarded_addresses_from_the_portal_only() -> None:
    from ipaddress import ip_address, ip_network

    portal_address = service("portal")["networks"]["default"]["ipv4_address"]
    subnet = COMPOSE["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert ip_address(portal_address) in ip_network(subnet)
    assert service("roster")["environment"]["ROSTER_FORWARDED_ALLOW_IPS"] == portal_address


def test_the_image_holds_the_portal_and_its_pages() -> None:
    """The one image serves the portal too: the workspace installs it, and its templates, words and
    static files ship inside the package (not excluded by .dockerignore)."""
    import tomllib

    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    workspace = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    assert "services/portal" in workspace["tool"]["uv"]["workspace"]["members"]
    assert "lichtruc-portal" in workspace["project"]["dependencies"]
    assert "COPY services services" in dockerfile and "--all-packages" in dockerfile
    package = REPO_ROOT / "services/portal/src/portal"
    assert (package / "templates/base.html").exists() and (package / "messages/vi/common.toml").exists()
    assert any((package / "static").glob("htmx-*.min.js"))
    ignored = (REPO_ROOT / ".dockerignore").read_text().split()
    assert not any(
        pattern.strip("/*") in {"services", "templates", "static", "messages", "portal"} for pattern in ignored
    )


def test_roster_workers_leave_publishing_to_the_relay_container() -> None:
    roster, relay = service("roster"), service("roster-relay")
    assert int(roster["environment"]["ROSTER_WORKERS"]) > 1 and roster["environment"]["ROSTER_RELAY"] == "off"
    # The relay reads the same settings (database, Kafka, topics, key) and serves its health on its own port.
    assert relay["environment"] == roster["environment"]
    assert relay["secrets"] == roster["secrets"]
    command = relay["command"]
    assert command[:4] == ["python", "-m", "roster", "relay"]
    port = command[command.index("--port") + 1]
    assert f"127.0.0.1:{port}/readyz" in " ".join(relay["healthcheck"]["test"])
    assert int(port) == RosterSettings.model_fields["relay_port"].default
