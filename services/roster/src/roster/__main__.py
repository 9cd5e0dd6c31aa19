"""`python -m roster serve|migrate|relay|create-admin|keygen|link-people|publish-accounts`."""

import sys

from lichtruc.cli import run_cli

if len(sys.argv) > 1 and sys.argv[1] in ("create-admin", "keygen", "link-people", "publish-accounts"):
    from .cli import main

    sys.exit(main(sys.argv[1:]))
if len(sys.argv) > 1 and sys.argv[1] == "relay":
    from .relay_cli import main as relay_main

    sys.exit(relay_main(sys.argv[2:]))
if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
    print(
        "python -m roster relay [--host H] [--port P]: only the outbox relay (with ROSTER_RELAY=off)\n"
        "python -m roster create-admin --login LOGIN [--name NAME] [--password-stdin] [--if-missing]: "
        "the first administrator\npython -m roster keygen [--out DIR]: a key pair for access tokens\n"
        "python -m roster link-people: link the staff records of one person registered before linking\n"
        "python -m roster publish-accounts: record every account as it stands, for audit's log\n"
    )

from .app import MIGRATIONS
from .settings import RosterSettings

run_cli(
    name="roster",
    settings_factory=RosterSettings,
    app_factory="roster.app:create_app",
    migrations=MIGRATIONS,
    default_port=8101,
)
