from lichtruc.cli import run_cli

from .app import MIGRATIONS
from .settings import AuditSettings

run_cli(name="audit", settings_factory=AuditSettings, app_factory="audit.app:create_app",
        migrations=MIGRATIONS, default_port=8103)
