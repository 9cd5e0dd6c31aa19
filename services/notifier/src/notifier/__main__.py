"""`python -m notifier serve|migrate|dlq list|dlq replay`."""

from lichtruc.cli import run_cli

from .app import MIGRATIONS
from .settings import NotifierSettings

run_cli(
    name="notifier",
    settings_factory=NotifierSettings,
    app_factory="notifier.app:create_app",
    migrations=MIGRATIONS,
    dlq=True,
    default_port=8102,
)
