"""Debian's `wrk`, the compiled HTTP load generator the benchmarks use where the client must not eat the
cores it measures (issue 14): found on the PATH, installed with apt-get when missing and we may.

    wrk = find_wrk()                       # None if it cannot be had (a script may fall back)
    wrk = require_wrk()                    # or stop with a message saying how to get it
    p = await latency(wrk, url, headers={"If-None-Match": etag}, seconds=3)   # p["50%"], p["99%"], ...
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys

_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}
_PERCENTILE = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)


def find_wrk() -> str | None:
    """wrk on the PATH, installed from Debian if it is missing and we may (root with apt-get)."""
    if shutil.which("wrk") is None and shutil.which("apt-get") is not None and os.geteuid() == 0:
        print("bench: installing Debian's wrk…", file=sys.stderr, flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True, check=False)
    return shutil.which("wrk")


def require_wrk() -> str:
    """`find_wrk()`, or stop: the benchmark cannot be run without it."""
    wrk = find_wrk()
    if wrk is None:
        raise SystemExit("bench: this benchmark needs wrk (apt-get install wrk)")
    return wrk


async def latency(wrk: str, url: str, *, headers: dict[str, str], seconds: float = 3.0) -> dict[str, float]:
    """One connection asking `url` again as soon as each answer arrives, for `seconds`, from a process of
    its own (not awaited in a thread: the server under test may be served by this process's own event
    loop). Returns the answers' latency percentiles in seconds ("50%", "75%", "90%", "99%") and the count
    ("requests"). Every answer must be a 2xx or 3xx."""
    command = [wrk, "-t1", "-c1", f"-d{seconds:g}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    process = await asyncio.create_subprocess_exec(
        *command, url, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"wrk on {url} failed (status {process.returncode}):\n{out.decode()}{err.decode()}")
    return parse_latency(out.decode())


def parse_latency(text: str) -> dict[str, float]:
    """`latency`'s reading of wrk's `--latency` report: the percentiles in seconds and the count. A report
    of failed answers (wrk counts statuses of 400 and above as "Non-2xx or 3xx") or of socket errors, or
    one without the distribution, raises."""
    if "Non-2xx" in text or "Socket errors" in text:
        raise RuntimeError(f"wrk saw failures:\n{text}")
    found = {p + "%": float(v) * _UNITS[unit] for p, v, unit in _PERCENTILE.findall(text)}
    count = re.search(r"(\d+) requests in", text)
    if len(found) != 4 or count is None:
        raise RuntimeError(f"no latency distribution in wrk's output:\n{text}")
    return found | {"requests": float(count.group(1))}
