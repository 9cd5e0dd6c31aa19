"""What a service process imports to start: the libraries only some requests need are imported by those
requests (openpyxl for spreadsheets, fpdf for PDFs), and Alembic only for a database behind its head.
Every worker process and every test that starts a service pays for what its start imports: openpyxl
(with numpy) about half a second of CPU, fpdf about one, Alembic a third (2026-12-02)."""

from __future__ import annotations

import subprocess
import sys

import pytest

LATE = ("openpyxl", "fpdf", "alembic")


@pytest.mark.parametrize("service", ["roster", "notifier", "audit", "portal"])
def test_a_service_app_imports_without_the_libraries_of_its_rare_requests(service) -> None:
    probe = f"import sys, {service}.app; print(' '.join(m for m in {LATE!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []
