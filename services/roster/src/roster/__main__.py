"""`python -m roster serve|migrate|create-admin|keygen`."""

import sys

from lichtruc.cli import run_cli

if len(sys.argv) > 1 and sys.argv[1] in ("create-admin", "keygen"):
    from .cli import main

    sys.exit(main(sys.argv[1:]))
if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
    print("python -m roster create-admin --login LOGIN [--name NAME] [--password-stdin] [--if-missing]: "
          "the first administrator\npython -m roster keygen [--out DIR]: a key pair for access tokens\n")

from .app import MIGRATIONS  # noqa: E402 - keygen must work before any setting (key) exists
from .settings import RosterSettings  # noqa: E402

run_cli(name="roster", settings_factory=RosterSettings, app_factory="roster.app:create_app",
        migrations=MIGRATIONS, default_port=8101)
