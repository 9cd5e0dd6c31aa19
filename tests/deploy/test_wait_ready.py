"""`ServiceProcess.wait_ready` on a busy machine (QZ24: `devstack run` gave up on roster after 90 s at a load of 16,
without a word meanwhile): while the service answers but is not ready, the wait says so every so often with what it
last answered, and a wait that runs out says which log to read and what to try."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from devstack.services import ServiceProcess


class _Readyz(BaseHTTPRequestHandler):
    ready_at = 0.0

    def do_GET(self) -> None:
        ready = time.monotonic() >= type(self).ready_at
        body = b"ok" if ready else b"database not reachable yet"
        self.send_response(200 if ready else 503)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def readyz():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Readyz)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _service(server: ThreadingHTTPServer, tmp_path: Path) -> ServiceProcess:
    return ServiceProcess(name="roster", port=server.server_address[1], env={}, log_file=tmp_path / "roster.log")


def test_a_slow_service_is_waited_for_and_the_wait_says_what_it_last_answered(readyz, tmp_path) -> None:
    _Readyz.ready_at = time.monotonic() + 0.6
    said: list[str] = []
    _service(readyz, tmp_path).wait_ready(10, say=said.append, every=0.2)
    assert said, "nothing was said while the service was not ready"
    assert all(w.startswith("roster not ready yet after ") for w in said)
    assert "database not reachable yet" in said[0] and "waiting up to 10s" in said[0]


def test_a_wait_that_runs_out_names_the_log_and_what_to_try(readyz, tmp_path) -> None:
    _Readyz.ready_at = time.monotonic() + 3600
    with pytest.raises(TimeoutError) as refused:
        _service(readyz, tmp_path).wait_ready(1)
    words = str(refused.value)
    assert "roster not ready after 1s (database not reachable yet)" in words
    assert str(tmp_path / "roster.log") in words and "start again when it is quieter" in words
