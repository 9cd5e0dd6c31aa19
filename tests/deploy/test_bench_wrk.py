"""bench/wrk.py reads wrk's latency report: the 304's target (issue 14) is judged on what it returns."""

from __future__ import annotations

import pytest

from support import bench_script

# wrk 4.1's report (Debian's), one connection against a local server.
REPORT = """Running 1s test @ http://127.0.0.1:18777/
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.36ms    6.10ms  33.74ms   87.10%
    Req/Sec   375.30    205.84   663.00     60.00%
  Latency Distribution
     50%  936.00us
     75%    5.33ms
     90%   12.47ms
     99%    1.20s
  380 requests in 1.03s, 1.34MB read
Requests/sec:    370.66
Transfer/sec:      1.31MB
"""


def test_the_percentiles_come_back_in_seconds_whatever_unit_wrk_printed() -> None:
    got = bench_script("wrk").parse_latency(REPORT)
    assert got == pytest.approx({"50%": 0.000936, "75%": 0.00533, "90%": 0.01247, "99%": 1.2, "requests": 380})


@pytest.mark.parametrize(
    "failure",
    ["  Non-2xx or 3xx responses: 12\n", "  Socket errors: connect 0, read 3, write 0, timeout 0\n"],
)
def test_a_run_with_failed_answers_is_refused(failure: str) -> None:
    with pytest.raises(RuntimeError, match="failures"):
        bench_script("wrk").parse_latency(REPORT + failure)


def test_a_report_without_the_distribution_is_refused() -> None:
    without = "\n".join(line for line in REPORT.splitlines() if "%" not in line or "Stdev" in line)
    with pytest.raises(RuntimeError, match="no latency distribution"):
        bench_script("wrk").parse_latency(without)
