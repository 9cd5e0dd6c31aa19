"""docker-compose.yml cannot be run here (no Docker engine); this checks that it agrees
with the code: every setting it passes exists, the required ones are there, databases,
ports, Kafka address and partition counts line up."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from audit.settings import AuditSettings
from devstack.paths import REPO_ROOT
from notifier.settings import NotifierSettings
from roster.settings import RosterSettings

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SETTINGS = {"roster": RosterSettings, "notifier": NotifierSettings, "audit": AuditSettings}
REQUIRED_IN_DEPLOYMENT = {"database_url", "kafka_bootstrap_servers"}


def service(name: str) -> dict:
    return COMPOSE["services"][name]


@pytest.mark.parametrize("name", SETTINGS)
def test_every_variable_is_a_real_setting_and_the_required_ones_are_set(name: str) -> None:
    env = service(name)["environment"]
    prefix = f"{name.upper()}_"
    fields = set(SETTINGS[name].model_fields)
    names = {key.removeprefix(prefix).lower() for key in env}
    assert all(key.startswith(prefix) for key in env)
    assert names <= fields, f"unknown settings: {names - fields}"
    assert REQUIRED_IN_DEPLOYMENT <= names
    # The values must also pass the settings' own validation.
    SETTINGS[name](**{k.removeprefix(prefix).lower(): v for k, v in env.items()})


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
def test_ports_healthcheck_and_dependencies_agree(name: str) -> None:
    spec = service(name)
    command = spec["command"]
    assert command[:3] == ["python", "-m", name] and command[3] == "serve"
    port = command[command.index("--port") + 1]
    assert spec["ports"] == [f"{port}:{port}"]
    assert f"127.0.0.1:{port}/readyz" in " ".join(spec["healthcheck"]["test"])
    assert spec["depends_on"] == {"postgres": {"condition": "service_healthy"},
                                  "kafka": {"condition": "service_healthy"}}
    assert spec["build"] == "."


def test_images_match_the_versions_we_test_against() -> None:
    from devstack.kafka import KAFKA_VERSION

    assert service("kafka")["image"] == f"apache/kafka:{KAFKA_VERSION}"
    assert re.fullmatch(r"postgres:\d+", service("postgres")["image"])
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    makefile = (REPO_ROOT / "Makefile").read_text()
    uv_version = re.search(r"UV_VERSION := (\S+)", makefile).group(1)
    assert f"uv=={uv_version}" in dockerfile
    assert Path(REPO_ROOT / "deploy/compose/postgres-init.sql").exists()


def test_notifier_mail_goes_to_a_service_of_the_compose_file() -> None:
    env = service("notifier")["environment"]
    assert env["NOTIFIER_SMTP_HOST"] in COMPOSE["services"]
    assert env["NOTIFIER_PUBLIC_BASE_URL"].endswith(":8102")
