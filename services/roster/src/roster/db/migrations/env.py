from lichtruc.db import run_alembic_env
from roster.db.tables import metadata

run_alembic_env(metadata)
