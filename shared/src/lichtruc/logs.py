"""One logging setup for all services: JSON lines on stderr, with the service name."""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter


class _ServiceFilter(logging.Filter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        record.__dict__.pop("color_message", None)  # uvicorn's ANSI copy of the message
        return True


def configure_logging(service: str, *, level: str = "INFO", json: bool = True) -> None:
    """Route every logger (ours, uvicorn's, FastStream's) to one stderr handler."""
    handler = logging.StreamHandler(sys.stderr)
    if json:
        handler.setFormatter(
            JsonFormatter(
                "{asctime}{levelname}{name}{service}{message}",
                style="{",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                json_ensure_ascii=False,
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(service)s] %(name)s: %(message)s"))
    handler.addFilter(_ServiceFilter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "faststream", "aiokafka"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    logging.getLogger("aiokafka").setLevel("WARNING")
