"""The fault-injection suite (`make chaos`): not part of `make test`.

Its tests are collected only when LICHTRUC_CHAOS=1 (what `make chaos` sets) or when this
folder is named on the command line (`pytest tests/chaos`); a plain `pytest` over tests/
skips the folder without importing it. Each scenario records its figures in
`chaos_kit.FIGURES`; they are printed as a Markdown table at the end of the run and saved
next to the test session's data (`<LICHTRUC_TEST_DATA_DIR or .cache/test>/chaos-figures.md`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
# A module name of its own, so that it cannot clash with other folders' test helpers.
sys.path.insert(0, str(HERE))

import chaos_kit  # noqa: E402 - after the path above


def _enabled(config: pytest.Config) -> bool:
    if os.environ.get("LICHTRUC_CHAOS") == "1":
        return True
    for arg in config.invocation_params.args:
        path = Path(str(arg).split("::")[0])
        try:
            if (Path.cwd() / path).resolve().is_relative_to(HERE.resolve()):
                return True
        except (OSError, ValueError):
            continue
    return False


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if collection_path.name.startswith("test_") and not _enabled(config):
        return True
    return None


def _table() -> str:
    rows = chaos_kit.figures_table()
    return "\n".join(rows)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not chaos_kit.FIGURES:
        return
    table = _table()
    terminalreporter.section("fault-injection figures")
    terminalreporter.write_line(table)
    from devstack.stack import Stack

    target = Stack.for_profile("test").postgres.data_dir.parent / "chaos-figures.md"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(table + "\n\n" + chaos_kit.figures_details() + "\n", encoding="utf-8")
        terminalreporter.write_line(f"(saved to {target})")
    except OSError as exc:
        terminalreporter.write_line(f"(could not save the figures: {exc})")
