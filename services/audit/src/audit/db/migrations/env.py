from audit.db.tables import metadata
from lichtruc.db import run_alembic_env

run_alembic_env(metadata)
