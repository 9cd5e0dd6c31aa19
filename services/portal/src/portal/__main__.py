"""`python -m portal serve [--host H] [--port P]`."""

from __future__ import annotations

import argparse

from lichtruc.logs import configure_logging
from lichtruc.serving import serve

from .settings import PortalSettings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m portal")
    sub = parser.add_subparsers(dest="command", required=True)
    serve_cmd = sub.add_parser("serve", help="serve the web pages")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8100)
    args = parser.parse_args(argv)
    settings = PortalSettings()
    configure_logging("portal", level=settings.log_level, json=settings.log_json)
    serve(
        name="portal",
        app_factory="portal.app:create_app",
        settings=settings,
        host=args.host,
        port=args.port,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


main()
