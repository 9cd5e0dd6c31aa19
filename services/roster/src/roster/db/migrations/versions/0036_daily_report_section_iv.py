"""a submitted daily report keeps its section IV as it was sent: `daily_reports.section_iv`

Revision ID: 0036
Revises: 0035

A submitted report kept its facts (sections I–III, the gaps and the plan's stretches) but section IV — the gaps
with who never came, the presence shortfalls, who was not there — was derived from them again at every read, by
the rule of the day: when the rule changed (QZ26 #2, absence counted on top of gaps), reports already sent to the
province read, printed and counted differently. Section IV is now stored with each report at its submission, in the
words of its DailyReportSubmitted event (`gaps`, `absences`, `shortfalls`), and read back as stored.

Existing reports are frozen here, once, as they were sent: from their event in the outbox (roster keeps the rows it
sent; a report's event is the one whose subject is `daily-reports/<id>`), its `gaps`, `absences` and `shortfalls` —
an event from before one of them was carried has none of it, as the report then had none. A report with no event
there (an outbox emptied by hand) is derived once, now, from its stored facts as of its submission, by today's rule
(`domain.reports.section_iv`), and kept so from then on. Not undone by the downgrade beyond dropping the column.
"""

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("daily_reports", sa.Column("section_iv", postgresql.JSONB, nullable=True))
    op.execute(
        """
        UPDATE daily_reports d SET section_iv = jsonb_build_object(
            'gaps', COALESCE(sent.data->'gaps', '[]'::jsonb),
            'absences', COALESCE(sent.data->'absences', '[]'::jsonb),
            'shortfalls', COALESCE(sent.data->'shortfalls', '[]'::jsonb)
        )
        FROM (
            SELECT DISTINCT ON (subject) substring(subject FROM 15)::uuid AS report_id, data
            FROM (
                SELECT payload::jsonb->>'subject' AS subject, payload::jsonb->'data' AS data, id
                FROM outbox
                WHERE event_type = 'lichtruc.roster.daily_report.submitted.v1'
            ) e
            WHERE subject LIKE 'daily-reports/%'
            ORDER BY subject, id
        ) sent
        WHERE d.id = sent.report_id
        """
    )
    conn = op.get_bind()
    unsent = conn.execute(sa.text("SELECT * FROM daily_reports WHERE section_iv IS NULL")).mappings().all()
    if unsent:
        # imported only when needed: today's rule, for the reports whose event is gone
        from roster.db.reports import facts_of, section_json
        from roster.domain.reports import section_iv

        conn.execute(
            sa.text("UPDATE daily_reports SET section_iv = CAST(:s AS jsonb) WHERE id = :id"),
            [
                {
                    "id": row["id"],
                    "s": json.dumps(section_json(section_iv(facts_of(dict(row)), until=row["submitted_at"]))),
                }
                for row in unsent
            ],
        )
    op.alter_column("daily_reports", "section_iv", nullable=False)


def downgrade() -> None:
    op.drop_column("daily_reports", "section_iv")
