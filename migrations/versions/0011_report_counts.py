"""The completion report's summary remembered while nothing it counts changes: a count of changes moved on by triggers

Revision ID: 0011_report_counts
Revises: 0010_report_speed
Create Date: 2026-11-29 08:01:52.871693

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_report_counts'
down_revision = '0010_report_speed'
branch_labels = None
depends_on = None

# As in quizapp/models/report_changes.py when this was written: the tables the summary counts from and the
# columns of theirs it reads.
WATCHED = {
    'users': ('agency_id', 'team_id', 'active', 'profession'),
    'user_roles': ('user_id', 'role'),
    'last_completions': ('user_id', 'module_id', 'completed_on'),
    'attempts': ('user_id', 'module_id', 'state'),
}
SQLITE_MOVE_ON = (
    'INSERT INTO report_changes (id, number) SELECT 1, abs(random() / 4) '
    'WHERE NOT EXISTS (SELECT 1 FROM report_changes WHERE id = 1); '
    'UPDATE report_changes SET number = number + 1 WHERE id = 1;'
)
POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION note_report_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction is enough, and a bulk load does not write the one row thousands of times.
    IF current_setting('quizapp.report_changed', true) IS DISTINCT FROM 'yes' THEN
        INSERT INTO report_changes (id, number) VALUES (1, floor(random() * 4e18)::bigint)
        ON CONFLICT (id) DO UPDATE SET number = report_changes.number + 1;
        PERFORM set_config('quizapp.report_changed', 'yes', true);
    END IF;
    RETURN NULL;
END $$
"""
EVENTS = ('insert', 'delete', 'update')


def upgrade():
    op.create_table('report_changes',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_changes'))
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(POSTGRESQL_FUNCTION)
        for table, columns in WATCHED.items():
            # Deferred to the commit, so the one row is locked only while a transaction commits.
            op.execute(
                f"CREATE CONSTRAINT TRIGGER report_change_{table} AFTER INSERT OR DELETE OR UPDATE OF "
                f"{', '.join(columns)} ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                "EXECUTE FUNCTION note_report_change()"
            )
            op.execute(
                f"CREATE OR REPLACE TRIGGER report_change_{table}_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION note_report_change()"
            )
    else:
        for table, columns in WATCHED.items():
            for event in EVENTS:
                columns_of = f" OF {', '.join(columns)}" if event == 'update' else ''
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS report_change_{table}_{event} AFTER {event.upper()}{columns_of} "
                    f"ON {table} BEGIN {SQLITE_MOVE_ON} END"
                )


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for table in WATCHED:
            op.execute(f'DROP TRIGGER report_change_{table} ON {table}')
            op.execute(f'DROP TRIGGER report_change_{table}_truncate ON {table}')
        op.execute('DROP FUNCTION note_report_change()')
    else:
        for table in WATCHED:
            for event in EVENTS:
                op.execute(f'DROP TRIGGER report_change_{table}_{event}')
    op.drop_table('report_changes')
