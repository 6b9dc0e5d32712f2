"""The completion report at partnership scale: each person's last completion of each module, kept beside the completions, and
people counted class by class (agency, team, active) in index order

Revision ID: 0010_report_speed
Revises: 0009_review_scale
Create Date: 2026-11-29 05:17:55.144779

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_report_speed'
down_revision = '0009_review_scale'
branch_labels = None
depends_on = None

# The day (in UTC) of each person's latest completion of each module, from the completions already recorded.
LAST_DAY = {
    'sqlite': 'date(max(submitted_at))',
    'postgresql': "(max(submitted_at) AT TIME ZONE 'UTC')::date",
}


def upgrade():
    op.create_table(
        'last_completions',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('completed_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_last_completions_module_id_modules')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_last_completions_user_id_users')),
        sa.PrimaryKeyConstraint(
            'user_id', 'module_id', name=op.f('pk_last_completions'), postgresql_include=['completed_on']
        ),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO last_completions (user_id, module_id, completed_on) "
        f"SELECT user_id, module_id, {LAST_DAY[op.get_bind().dialect.name]} FROM completions "
        "GROUP BY user_id, module_id"
    )
    op.create_index('ix_users_class', 'users', ['agency_id', 'team_id', 'active'], unique=False)


def downgrade():
    op.drop_index('ix_users_class', table_name='users')
    op.drop_table('last_completions')
