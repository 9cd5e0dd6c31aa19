from lichtruc.db import run_alembic_env
from notifier.db.tables import metadata

run_alembic_env(metadata)
