"""Indexes for the completion report at partnership scale: people by name, last completion per module

Revision ID: 0008_report_scale
Revises: 0007_security
Create Date: 2026-11-29 02:44:10.218887

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_report_scale'
down_revision = '0007_security'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('completions', schema=None) as batch_op:
        batch_op.create_index('ix_completions_user_module_submitted', ['user_id', 'module_id', 'submitted_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('ix_users_name_id', ['name', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_name_id')

    with op.batch_alter_table('completions', schema=None) as batch_op:
        batch_op.drop_index('ix_completions_user_module_submitted')
