"""`python -m audit serve|migrate|rebuild [--check]|dlq list|dlq replay`."""

import sys

from lichtruc.cli import run_cli

from .app import MIGRATIONS
from .settings import AuditSettings

if len(sys.argv) > 1 and sys.argv[1] == "rebuild":
    from .rebuild import main

    sys.exit(main(sys.argv[2:]))
if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
    print(
        "python -m audit rebuild [--check]: derive every projection again from the event log (see rebuild -h)\n"
        "python -m audit dlq list|replay: dead-lettered roster events, applied again once fixed (see dlq -h)\n"
    )

run_cli(
    name="audit",
    settings_factory=AuditSettings,
    app_factory="audit.app:create_app",
    migrations=MIGRATIONS,
    dlq=True,
    default_port=8103,
)
