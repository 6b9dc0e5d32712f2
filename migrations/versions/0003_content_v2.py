"""attempts remember the role the learner chose at the start

Revision ID: 0003_content_v2
Revises: 0001
Create Date: 2026-11-29 00:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0003_content_v2"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_column("role")
