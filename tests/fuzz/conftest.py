"""The three services as real processes (`python -m <service> serve`, as deployed) on the
session's Kafka and PostgreSQL, with a little data seeded through roster's API, and
Schemathesis schemas of their OpenAPI documents that call them as an administrator.

Real processes rather than in-process apps: Schemathesis calls synchronously and would run
an in-process app's lifespan in an event loop thread of its own, beside the test session's
loop; a process of its own keeps the two apart and fuzzes the real HTTP server too."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from schemathesis.specs.openapi.schemas import OpenApiSchema

from devstack.services import ServiceProcess, service_env
from support import ADMIN, auth, free_port

SERVICES = ("roster", "notifier", "audit")
SEED = 20270206  # giao thừa Đinh Mùi: every run generates the same requests
MAX_EXAMPLES = 15  # per operation, in the fuzzing phase (the coverage phase adds its boundary cases)
SEEDED_SHARE = 0.5  # how often an id parameter takes a seeded (existing) value rather than a generated one


@dataclass
class Service:
    """One running service: its address, its log, and where the log stood before a request."""

    process: ServiceProcess
    session: requests.Session = field(default_factory=lambda: _local_session())
    """One keep-alive connection for the fuzzer's requests: a new `requests` session for each
    (schemathesis' default) made a TLS context and a connection every time, about a fifth of a
    request's time on the client's side."""

    @property
    def url(self) -> str:
        return self.process.url

    @property
    def log_file(self) -> Path:
        return self.process.log_file

    def log_size(self) -> int:
        return self.log_file.stat().st_size if self.log_file.exists() else 0

    def log_since(self, offset: int, limit: int = 12_000) -> str:
        """What the service logged after `offset` (the traceback of a 500, say), from its start."""
        with self.log_file.open("rb") as log:
            log.seek(offset)
            return log.read(limit).decode(errors="replace")


def _local_session() -> requests.Session:
    """A session that does not consult the environment: with `trust_env` (the default) `requests` reads
    the proxy variables, walking all of `os.environ`, and looks for a `.netrc` at every request, about a
    tenth of the fuzzer's time in one profile (2026-12-05). The services are on 127.0.0.1: no proxy, no
    netrc."""
    session = requests.Session()
    session.trust_env = False
    return session


@pytest.fixture(scope="package")
def services(postgres_server, kafka_server, tmp_path_factory) -> Iterator[dict[str, Service]]:
    """roster, notifier and audit, each with a database of its own, on one topic namespace
    (so that notifier and audit read what roster publishes), ready to answer."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    logs = tmp_path_factory.mktemp("fuzz-logs")
    databases: list[str] = []
    running: dict[str, Service] = {}
    try:
        for name in SERVICES:
            database = f"t_fuzz_{name}_{uuid.uuid4().hex[:6]}"
            postgres_server.ensure_database(database)
            databases.append(database)
            env = service_env(
                name,
                database_url=postgres_server.url(database),
                kafka=kafka_server.bootstrap_servers,
                topic_prefix=prefix,
                json_logs=False,
            )
            env[f"{name.upper()}_CONSUMER_GROUP"] = f"{prefix}-{name}"
            if name == "notifier":
                env["NOTIFIER_SMTP_PORT"] = str(free_port())  # nobody listens: no mail leaves the machine
            running[name] = Service(ServiceProcess(name=name, port=free_port(), env=env, log_file=logs / f"{name}.log"))
        for service in running.values():
            service.process.start()
        for service in running.values():
            service.process.wait_ready()
        yield running
    finally:
        for service in running.values():
            service.session.close()
            service.process.stop()
        for database in databases:
            postgres_server.drop_database(database)


def _created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, f"{response.request.method} {response.request.url}: {response.text}"
    return response.json()


@pytest.fixture(scope="package")
def seeded(services) -> dict[str, list[str]]:
    """A small, consistent roster (a campaign, an enterprise with a site and two people, a
    requirement, a published shift and a swap request), known to notifier and audit too.
    Its ids are offered to the fuzzer for the parameters of the same name, so that item
    routes answer 200 (and their bodies are checked) as well as 404."""
    with httpx.Client(base_url=services["roster"].url, headers=auth(ADMIN), timeout=30) as roster:
        campaign = _created(roster.post("/campaigns", json={"lunar_year": 2027}))
        enterprise = _created(roster.post("/enterprises", json={"name": "VNPT Long An", "sector": "telecom"}))
        site = _created(
            roster.post(
                "/sites", json={"enterprise_id": enterprise["id"], "name": "Trạm Tân Hưng", "kind": "base_station"}
            )
        )
        people = [
            _created(
                roster.post(
                    "/staff",
                    json={
                        "enterprise_id": enterprise["id"],
                        "full_name": full_name,
                        "email": f"{login}@vnpt-longan.vn",
                        "qualifications": ["leader", "operator", "technician", "guard"],
                    },
                )
            )
            for full_name, login in (("Nguyễn Thị Ánh Tuyết", "tuyet"), ("Trần Văn Bình", "binh"))
        ]
        requirement = _created(
            roster.post(
                "/requirements",
                json={
                    "campaign_id": campaign["id"],
                    "enterprise_id": enterprise["id"],
                    "duty_type": "operations",
                    "window": {"kind": "daily", "start_local": "08:00", "end_local": "20:00"},
                    "minimum": 1,
                },
            )
        )
        shift = _created(
            roster.post(
                "/shifts",
                json={
                    "campaign_id": campaign["id"],
                    "enterprise_id": enterprise["id"],
                    "site_id": site["id"],
                    "duty_type": "operations",
                    "starts_at": "2027-02-05T22:00:00+07:00",
                    "ends_at": "2027-02-06T06:00:00+07:00",
                    "assignees": [{"staff_id": people[0]["id"]}],
                    "notes": "Đêm giao thừa",
                },
            )
        )
        published = roster.post(f"/shifts/{shift['id']}/publish", headers={"If-Match": f'"{shift["version"]}"'})
        assert published.status_code == 200, published.text
        swap = _created(
            roster.post(
                f"/shifts/{shift['id']}/swaps",
                json={"from_staff_id": people[0]["id"], "to_staff_id": people[1]["id"], "reason": "Về quê ăn Tết"},
            )
        )
        incident = _created(
            roster.post(
                "/incidents",
                json={
                    "enterprise_id": enterprise["id"],
                    "detected_at": "2026-01-01T23:40:00+07:00",  # in the past of the services' real clocks
                    "site_id": site["id"],
                    "services": ["internet"],
                    "severity": "minor",
                    "description": "Đứt cáp quang",
                },
            )
        )
    _wait_for(services["notifier"].url, f"/shifts/{shift['id']}", "notifier to know the seeded shift")
    _wait_for(
        services["audit"].url,
        f"/enterprises/{enterprise['id']}/history",
        "audit to log the seeded roster",
        until=lambda body: any(item["event_type"].endswith(".shift.published.v1") for item in body["items"]),
    )
    _wait_for(services["audit"].url, f"/incidents/{incident['id']}", "audit to know the seeded incident")
    return {
        "campaign_id": [campaign["id"]],
        "enterprise_id": [enterprise["id"]],
        "site_id": [site["id"]],
        "staff_id": [p["id"] for p in people],
        "requirement_id": [requirement["id"]],
        "shift_id": [shift["id"]],
        "swap_id": [swap["id"]],
        "incident_id": [incident["id"]],
    }


def _wait_for(base_url: str, path: str, what: str, *, until=lambda body: True, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    with httpx.Client(headers=auth(ADMIN), timeout=10) as client:  # one client: each costs a TLS context
        while time.monotonic() < deadline:
            response = client.get(base_url + path)
            if response.status_code == 200 and until(response.json()):
                return
            last = f"{response.status_code} {response.text[:300]}"
            time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}: {last}")


def openapi_document(service: Service) -> dict[str, Any]:
    response = httpx.get(f"{service.url}/openapi.json", headers=auth(ADMIN), timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


# Parameters (path, query or body) that name seeded things, and the seeded ids they may take.
ID_PARAMETERS = {
    "campaign_id": "campaign_id",
    "enterprise_id": "enterprise_id",
    "site_id": "site_id",
    "staff_id": "staff_id",
    "from_staff_id": "staff_id",
    "to_staff_id": "staff_id",
    "requirement_id": "requirement_id",
    "shift_id": "shift_id",
    "swap_id": "swap_id",
    "incident_id": "incident_id",
}


def fuzz_config(service: Service, seeded: dict[str, list[str]]) -> schemathesis.Config:
    """Bounded and reproducible: a fixed seed, derandomized generation, no example database;
    every request as an administrator; ids (and If-Match) half of the time from the seeded data.
    The coverage phase (boundary and invalid values of every parameter) is not bounded by
    `max-examples`: it sends most of the requests."""
    parameters = {
        f"{where}.{name}": {"dictionary": dictionary, "probability": SEEDED_SHARE}
        for name, dictionary in ID_PARAMETERS.items()
        for where in ("path", "query", "body")
    }
    parameters["body.assignees[*].staff_id"] = {"dictionary": "staff_id", "probability": SEEDED_SHARE}
    # Changes need If-Match: a well-formed one now and then gets past the precondition to the change itself.
    parameters["header.If-Match"] = {"dictionary": "etags", "probability": SEEDED_SHARE}
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            # Timing, not the API: on a busy 2-core machine generating a case can be slow.
            "suppress-health-check": ["too_slow"],
            "base-url": service.url,
            "headers": auth(ADMIN),
            "dictionaries": {
                **{name: {"values": ids} for name, ids in seeded.items()},
                "etags": {"values": ['"1"', '"2"', '"3"', "*"]},
            },
            "parameters": parameters,
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
            "phases": {"stateful": {"enabled": False}},
            "request-timeout": 30,
        }
    )


@pytest.fixture(scope="package")
def documents(services) -> dict[str, dict[str, Any]]:
    """Each service's OpenAPI document, as it serves it (to an administrator)."""
    return {name: openapi_document(service) for name, service in services.items()}


def fuzz_schema(name: str, services, documents, seeded) -> OpenApiSchema:
    return schemathesis.openapi.from_dict(documents[name], config=fuzz_config(services[name], seeded))


@pytest.fixture(scope="package")
def roster_api(services, documents, seeded) -> OpenApiSchema:
    return fuzz_schema("roster", services, documents, seeded)


@pytest.fixture(scope="package")
def notifier_api(services, documents, seeded) -> OpenApiSchema:
    return fuzz_schema("notifier", services, documents, seeded)


@pytest.fixture(scope="package")
def audit_api(services, documents, seeded) -> OpenApiSchema:
    return fuzz_schema("audit", services, documents, seeded)


@pytest.fixture(autouse=True)
def _schemathesis_node_id(request: pytest.FixtureRequest) -> None:
    """Schemathesis 4.32's `from_fixture` tests read and rename `Node._nodeid`, which pytest 9.2
    replaced by `Node._id` (AttributeError otherwise). The renaming only decorates the node's
    name (each operation is reported as a subtest with its label anyway), so a copy suffices."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
