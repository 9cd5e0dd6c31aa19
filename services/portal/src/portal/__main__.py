"""`python -m portal serve [--host H] [--port P]`."""

from __future__ import annotations

import argparse

from lichtruc.logs import configure_logging

from .settings import PortalSettings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m portal")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the web pages")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8100)
    args = parser.parse_args(argv)
    settings = PortalSettings()
    configure_logging("portal", level=settings.log_level, json=settings.log_json)
    import uvicorn

    proxies = settings.forwarded_allow_ips
    uvicorn.run(
        "portal.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        log_config=None,
        proxy_headers=proxies is not None,
        forwarded_allow_ips=proxies,
        timeout_graceful_shutdown=10,
    )


main()
