"""Local infrastructure for lichtruc: real Kafka and PostgreSQL without Docker.

`python -m devstack up|down|status|fetch|run` — used by `make run`, by the test
fixtures and by the benchmarks.
"""
