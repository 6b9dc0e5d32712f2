"""The trainers' review queue at partnership scale: a reviewed flag on attempts and indexes for the queue's tabs and filters, and for completions by month

Revision ID: 0009_review_scale
Revises: 0008_report_scale
Create Date: 2026-11-29 02:40:26.583120

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_review_scale'
down_revision = '0008_report_scale'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE, not batch copies of the tables: SQLite refuses to copy attempts while answers, reviews and
    # completions point at them, and adds a NOT NULL column with a default in place.
    op.add_column('attempts', sa.Column('reviewed', sa.Boolean(), server_default=sa.false(), nullable=False))
    # Submissions already marked reviewed leave the "Waiting for review" tab, as they did before.
    op.execute(
        "UPDATE attempts SET reviewed = true WHERE EXISTS "
        "(SELECT 1 FROM reviews WHERE reviews.attempt_id = attempts.id AND reviews.state = 'reviewed')"
    )
    op.create_index(
        'ix_attempts_queue',
        'attempts',
        ['state', 'reviewed', 'submitted_at', 'user_id', 'module_id', 'version_id'],
        unique=False,
    )
    op.create_index('ix_completions_module_submitted', 'completions', ['module_id', 'submitted_at'], unique=False)
    op.create_index('ix_completions_version_submitted', 'completions', ['version_id', 'submitted_at'], unique=False)
    op.create_index('ix_users_profession', 'users', ['profession'], unique=False)


def downgrade():
    # In place too: SQLite 3.35 and later drop a plain column themselves.
    op.drop_index('ix_users_profession', table_name='users')
    op.drop_index('ix_completions_version_submitted', table_name='completions')
    op.drop_index('ix_completions_module_submitted', table_name='completions')
    op.drop_index('ix_attempts_queue', table_name='attempts')
    op.drop_column('attempts', 'reviewed')
