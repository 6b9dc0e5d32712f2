"""The trainers' review queue at partnership scale: a reviewed flag on attempts and indexes for the queue's tabs and filters, and for completions by month

Revision ID: 0009_review_scale
Revises: 0007_security
Create Date: 2026-11-29 02:40:26.583120

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_review_scale'
down_revision = '0007_security'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed', sa.Boolean(), server_default=sa.false(), nullable=False))
    # Submissions already marked reviewed leave the "Waiting for review" tab, as they did before.
    op.execute(
        "UPDATE attempts SET reviewed = true WHERE EXISTS "
        "(SELECT 1 FROM reviews WHERE reviews.attempt_id = attempts.id AND reviews.state = 'reviewed')"
    )
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index(
            'ix_attempts_queue',
            ['state', 'reviewed', 'submitted_at', 'user_id', 'module_id', 'version_id'],
            unique=False,
        )

    with op.batch_alter_table('completions', schema=None) as batch_op:
        batch_op.create_index('ix_completions_module_submitted', ['module_id', 'submitted_at'], unique=False)
        batch_op.create_index('ix_completions_version_submitted', ['version_id', 'submitted_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_profession'), ['profession'], unique=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_profession'))

    with op.batch_alter_table('completions', schema=None) as batch_op:
        batch_op.drop_index('ix_completions_version_submitted')
        batch_op.drop_index('ix_completions_module_submitted')

    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_attempts_queue')
        batch_op.drop_column('reviewed')
