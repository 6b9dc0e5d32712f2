"""Assignments can be withdrawn: they stay on record but no longer set a due date

Revision ID: 0005_reports
Revises: 0002
Create Date: 2026-11-28 23:39:08.183182

"""

import sqlalchemy as sa
from alembic import op

revision = "0005_reports"
down_revision = "0004_review"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_at")
