from lichtruc.cli import run_cli

from .app import MIGRATIONS
from .settings import RosterSettings

run_cli(name="roster", settings_factory=RosterSettings, app_factory="roster.app:create_app",
        migrations=MIGRATIONS, default_port=8101)
