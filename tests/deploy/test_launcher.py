"""The project's own launcher: real Kafka and PostgreSQL, no second download, clear
failures, nothing left running after `down`."""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid
from pathlib import Path

import psutil
import pytest

from devstack.kafka import QUICK_START, KafkaLaunchError, KafkaServer, fetch_jars, jars_dir
from devstack.postgres import PostgresLaunchError, PostgresServer
from devstack.stack import Stack


def listening_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def test_second_start_downloads_nothing(kafka_server, monkeypatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # no mvn, no java: only the cache can answer
    assert fetch_jars() == jars_dir()
    assert any(p.name.startswith("kafka_2.13-") for p in jars_dir().iterdir())


def test_session_postgres_is_a_real_server(postgres_server) -> None:
    version = postgres_server.psql("SHOW server_version")
    assert int(version.split(".")[0]) >= 17
    assert postgres_server.psql("SHOW server_encoding").strip() == "UTF8"


def test_taken_kafka_port_is_reported_with_what_to_do(tmp_path, kafka_server) -> None:
    with listening_socket() as sock:
        port = sock.getsockname()[1]
        server = KafkaServer(data_dir=tmp_path / "k", port=port, controller_port=port + 1)
        with pytest.raises(KafkaLaunchError, match=f"port {port} .* already taken.*LICHTRUC_KAFKA_PORT"):
            server.start()
        assert not server.is_running()


def test_taken_postgres_port_is_reported_with_what_to_do(tmp_path) -> None:
    with listening_socket() as sock:
        port = sock.getsockname()[1]
        with pytest.raises(PostgresLaunchError, match=f"port {port} .*LICHTRUC_PG_PORT"):
            PostgresServer(data_dir=tmp_path / "pg", port=port).start()


def test_postgres_up_and_down_leave_no_process(tmp_path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = PostgresServer(data_dir=tmp_path / "pg", port=port)
    server.start()
    assert server.is_running()
    server.ensure_database("roster")
    assert server.psql("SELECT 'Nguyễn Thị Ánh Tuyết'", database="roster").strip() == "Nguyễn Thị Ánh Tuyết"
    server.stop()
    assert not server.is_running()
    leftovers = [p for p in psutil.process_iter(["cmdline"]) if str(server.pgdata) in " ".join(p.info["cmdline"] or [])]
    assert leftovers == []


def test_ensure_database_creates_once_and_copies_a_template(postgres_server) -> None:
    """One psql script checks and creates: a second call changes nothing (a table made meanwhile stays), and a
    copy of a template holds the template's tables; names that need quoting work as any other."""
    template, copy = f"mẫu {uuid.uuid4().hex[:6]}", f"bản sao {uuid.uuid4().hex[:6]}"
    try:
        postgres_server.ensure_database(template)
        postgres_server.psql("CREATE TABLE ca_truc (ten text)", database=template)
        postgres_server.ensure_database(template)
        postgres_server.ensure_database(copy, template=template)
        postgres_server.ensure_database(copy, template=template)
        for name in (template, copy):
            assert postgres_server.psql("SELECT to_regclass('ca_truc') IS NOT NULL", database=name).strip() == "t"
    finally:
        postgres_server.drop_database(copy)
        postgres_server.drop_database(template)


def test_status_command_reports_the_test_stack(postgres_server, kafka_server) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "devstack", "--profile", "test", "status"], capture_output=True, text=True, check=True
    )
    assert f"postgres  running  127.0.0.1:{postgres_server.port}" in result.stdout
    assert f"kafka     running  {kafka_server.bootstrap_servers}" in result.stdout


def test_portal_session_key_is_made_once_and_kept_private(tmp_path) -> None:
    import stat

    from devstack.run import portal_session_key
    from portal.settings import PortalSettings

    key = portal_session_key(tmp_path / "auth")
    assert portal_session_key(tmp_path / "auth") == key  # kept: a restarted `make run` keeps people signed in
    assert stat.S_IMODE((tmp_path / "auth" / "portal-session-key").stat().st_mode) == 0o600
    assert PortalSettings(session_key=key).cookie_key()


def test_portal_env_names_the_three_services_and_the_key(monkeypatch) -> None:
    from devstack.services import portal_env
    from portal.settings import PortalSettings

    env = portal_env(
        roster_url="http://127.0.0.1:8101",
        notifier_url="http://127.0.0.1:8102",
        audit_url="http://127.0.0.1:8103",
        session_key="k" * 40,
    )
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = PortalSettings()
    assert (settings.roster_url, settings.notifier_url, settings.audit_url) == (
        "http://127.0.0.1:8101",
        "http://127.0.0.1:8102",
        "http://127.0.0.1:8103",
    )
    assert settings.session_secret() == "k" * 40
    assert not any(key.endswith(("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")) for key in env)  # no database, no Kafka


def test_make_run_serves_with_one_worker_per_core_unless_told_and_relays_apart(monkeypatch, tmp_path) -> None:
    import os

    from devstack.run import relay_process, workers
    from devstack.services import ServiceProcess, service_env

    monkeypatch.delenv("NOTIFIER_WORKERS", raising=False)
    monkeypatch.setenv("ROSTER_WORKERS", "3")
    assert workers("notifier") == (os.cpu_count() or 1) and workers("roster") == 3
    # The tests' processes stay light: one worker unless asked.
    assert service_env("audit", database_url="postgresql://x/audit", kafka="k:9092")["AUDIT_WORKERS"] == "1"
    env = service_env("roster", database_url="postgresql://x/roster", kafka="k:9092", workers=3)
    roster = ServiceProcess(name="roster", port=8101, env=env, log_file=tmp_path / "roster.log")
    monkeypatch.delenv("LICHTRUC_ROSTER_RELAY_PORT", raising=False)
    relay = relay_process(roster)
    assert (relay.module, relay.command, relay.name) == ("roster", "relay", "roster-relay")
    assert relay.env == roster.env and relay.log_file == tmp_path / "roster-relay.log"
    # its port chosen like the services' (QA 2026-12-06: two stacks on one machine clashed on 8104), named when taken
    assert relay.port == 8104
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setenv("LICHTRUC_ROSTER_RELAY_PORT", str(taken.getsockname()[1]))
        moved = relay_process(roster)
        assert moved.port == taken.getsockname()[1]
        with pytest.raises(RuntimeError, match="set LICHTRUC_ROSTER_RELAY_PORT to another port"):
            moved.start()


def test_the_test_profiles_broker_runs_the_quick_compiler_only_and_writes_no_idle_metadata(kafka_server) -> None:
    running = Path(f"/proc/{kafka_server.pid()}/cmdline").read_bytes().split(b"\0")
    assert b"-XX:TieredStopAtLevel=1" in running
    assert "metadata.max.idle.interval.ms=0" in kafka_server.properties_file.read_text().splitlines()
    assert Stack.for_profile("test").kafka.jvm_options == QUICK_START
    dev = Stack.for_profile("dev").kafka
    assert dev.jvm_options == ()
    assert not any(option.startswith("-XX:TieredStopAtLevel") for option in dev._java("kafka.Kafka"))


def test_without_the_demo_the_departments_alerts_go_to_no_made_up_address(monkeypatch) -> None:
    """QA (2027-02-07): `--no-demo` still sent the Department's alerts to the demo inspector's address, an account
    that system does not have; now nobody until NOTIFIER_DEPARTMENT_EMAILS is set, and notifier starts so."""
    from devstack.demo import INSPECTOR_LOGIN
    from devstack.run import department_emails
    from notifier.settings import NotifierSettings

    monkeypatch.delenv("NOTIFIER_DEPARTMENT_EMAILS", raising=False)
    assert department_emails(demo=True) == INSPECTOR_LOGIN
    assert department_emails(demo=False) == ""
    monkeypatch.setenv("NOTIFIER_DEPARTMENT_EMAILS", department_emails(demo=False))
    assert NotifierSettings().department_emails == ()
    monkeypatch.setenv("NOTIFIER_DEPARTMENT_EMAILS", "thanhtra@sotttt.dongthap.gov.vn")
    assert department_emails(demo=False) == "thanhtra@sotttt.dongthap.gov.vn"
