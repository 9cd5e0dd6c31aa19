"""The no-database baseline of bench_roster_post_shifts.py: a FastAPI app with one `POST /shifts`
that does everything roster's does before and after the database — the same access check (the
app-wide `authorize` dependency verifying the same Ed25519 token against a rule named
`plan_shift`), the same request schema (`ShiftIn`) — and answers 201 with a JSON body, without
touching a database. Served by `lichtruc.serving.serve`, so with the same uvicorn, event loop,
HTTP parser and worker count as roster.

    python bench/nodb_app.py --port P --workers W   (BENCH_AUTH_PUBLIC_KEY: the token's public key)

FastAPI's per-request telemetry check is off, as `lichtruc.service.create_service_app` has it in every
service (left at FastAPI's default it cost about 10 µs a request, bench_layers.py). By default that is
all it has. BENCH_LAYERS (bench_layers.py) adds layers that `create_service_app` gives every service
app, as it adds them: a comma-separated subset of `inflight,body,query,problems`, or `all` (`none` or
unset: none of them), or `telemetry` alone, FastAPI's telemetry left on:

- `query`: the app-wide dependency `check_query_string` (lichtruc.queries), after
  `authorize`;
- `problems`: `install_problem_handlers` (lichtruc.problems), the exception handlers;
- `body`: the `BodySizeLimit` middleware (lichtruc.web) with roster's limits (`max_body_bytes`'s
  default, 1 MiB, and its per-address limit: spreadsheet uploads under /imports/ get their own);
- `inflight`: the `InFlightLimit` middleware (lichtruc.web), added last, so the outermost; its limit
  BENCH_IN_FLIGHT_LIMIT, else the services' default (`database_pool_size`'s, 10).
"""

import argparse
import os
import uuid
from typing import Any

PUBLIC_KEY = "BENCH_AUTH_PUBLIC_KEY"
LAYERS = "BENCH_LAYERS"
IN_FLIGHT_LIMIT = "BENCH_IN_FLIGHT_LIMIT"
LAYER_NAMES = ("inflight", "body", "query", "problems")
TELEMETRY = "telemetry"

# No `from __future__ import annotations`: FastAPI reads the endpoint's annotations, and ShiftIn
# is imported inside create_app. The imports are inside the functions: uvicorn's spawned workers import this module first (as
# the parent's main module) and must answer their supervisor's health check within seconds.


def chosen_layers() -> frozenset[str]:
    """The layers BENCH_LAYERS names (see the module's docstring); an unknown name stops the app."""
    value = os.environ.get(LAYERS, "").strip()
    if value == "all":
        return frozenset(LAYER_NAMES)
    if value == TELEMETRY:
        return frozenset({TELEMETRY})
    names = {name.strip() for name in value.split(",")} - {"", "none"}
    unknown = names - set(LAYER_NAMES)
    if unknown:
        raise ValueError(
            f"{LAYERS}: unknown layer(s) {', '.join(sorted(unknown))} (known: {', '.join(LAYER_NAMES)}, all, "
            f"{TELEMETRY})"
        )
    return frozenset(names)


def create_app() -> Any:
    from fastapi import Depends, FastAPI, Response
    from fastapi.telemetry import TelemetryConfig

    from lichtruc.auth import allow, make_authorize
    from roster.api.schemas import ShiftIn

    layers = chosen_layers()
    key = os.environ[PUBLIC_KEY]
    authorize = make_authorize({"plan_shift": allow("admin", "manager")}, lambda: key)
    dependencies = [Depends(authorize)]
    if "query" in layers:
        from lichtruc.queries import check_query_string

        dependencies.append(Depends(check_query_string))
    off: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}
    app = FastAPI(
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        dependencies=dependencies,
        telemetry=None if TELEMETRY in layers else off,  # None: FastAPI's default, on
    )
    # In lichtruc.service's order: the problem handlers, then the body limit, then the in-flight limit.
    if "problems" in layers:
        from lichtruc.problems import install_problem_handlers

        install_problem_handlers(app)
    if "body" in layers:
        from lichtruc.web import BodySizeLimit
        from roster.app import IMPORT_PATH, MULTIPART_OVERHEAD
        from roster.settings import RosterSettings

        max_body = RosterSettings.model_fields["max_body_bytes"].default
        upload = RosterSettings.model_fields["import_max_bytes"].default + MULTIPART_OVERHEAD
        app.add_middleware(
            BodySizeLimit,
            max_bytes=max_body,
            limit_for=lambda path: upload if path.startswith(IMPORT_PATH) else max_body,
        )
    if "inflight" in layers:
        from lichtruc.settings import ServiceSettings
        from lichtruc.web import InFlightLimit

        limit = os.environ.get(IN_FLIGHT_LIMIT) or ServiceSettings.model_fields["database_pool_size"].default
        app.add_middleware(InFlightLimit, limit=int(limit))

    @app.post("/shifts", status_code=201)
    async def plan_shift(body: ShiftIn) -> Response:
        shift_id = uuid.uuid4()
        return Response(
            body.model_dump_json(),
            status_code=201,
            media_type="application/json",
            headers={"ETag": '"1"', "Location": f"/shifts/{shift_id}"},
        )

    return app


def main() -> None:
    from lichtruc.serving import ServingSettings, serve

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--loop", default="uvloop")
    parser.add_argument("--http", default="httptools")
    args = parser.parse_args()
    chosen_layers()  # a misspelt layer stops here, not in a worker
    settings = ServingSettings(workers=args.workers, loop=args.loop, http=args.http, log_level="WARNING")
    serve(name="nodb", app_factory="nodb_app:create_app", settings=settings, host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
