"""The no-database baseline of bench_roster_post_shifts.py: a FastAPI app with one `POST /shifts`
that does everything roster's does before and after the database — the same access check (the
app-wide `authorize` dependency verifying the same Ed25519 token against a rule named
`plan_shift`), the same request schema (`ShiftIn`) — and answers 201 with a JSON body, without
touching a database. Served by `lichtruc.serving.serve`, so with the same uvicorn, event loop,
HTTP parser and worker count as roster.

    python bench/nodb_app.py --port P --workers W   (BENCH_AUTH_PUBLIC_KEY: the token's public key)
"""

import argparse
import os
import uuid
from typing import Any

PUBLIC_KEY = "BENCH_AUTH_PUBLIC_KEY"

# No `from __future__ import annotations`: FastAPI reads the endpoint's annotations, and ShiftIn
# is imported inside create_app. The imports are inside the functions: uvicorn's spawned workers import this module first (as
# the parent's main module) and must answer their supervisor's health check within seconds.


def create_app() -> Any:
    from fastapi import Depends, FastAPI, Response

    from lichtruc.auth import allow, make_authorize
    from roster.api.schemas import ShiftIn

    key = os.environ[PUBLIC_KEY]
    authorize = make_authorize({"plan_shift": allow("admin", "manager")}, lambda: key)
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, dependencies=[Depends(authorize)])

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
    settings = ServingSettings(workers=args.workers, loop=args.loop, http=args.http, log_level="WARNING")
    serve(name="nodb", app_factory="nodb_app:create_app", settings=settings, host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
